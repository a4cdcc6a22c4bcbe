import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from '../../../../src/diagnostics/logs/templates/accuracy.ts';
import { templateId } from '../../../../src/diagnostics/logs/templates/template-id.ts';

describe('grouping accuracy', () => {
  it('counts a message right only when its group is exactly its ground-truth group (checked by hand)', () => {
    // Ground truth: E1 = {0, 1, 2}, E2 = {3, 4}, E3 = {5}, E4 = {6, 7}.
    // Found: g1 = {0, 1, 2}: exactly E1, 3 right. g2 = {3}: part of E2, wrong. g3 = {4, 5}: mixes
    // E2 and E3, wrong. g4 = {6, 7}: exactly E4, 2 right. GA = 5 / 8.
    const truth = ['E1', 'E1', 'E1', 'E2', 'E2', 'E3', 'E4', 'E4'];
    const found = ['g1', 'g1', 'g1', 'g2', 'g3', 'g3', 'g4', 'g4'];
    expect(groupingAccuracy(found, truth)).toEqual({ accuracy: 5 / 8, messages: 8, correct: 5, groups: 4, truthGroups: 4 });
  });

  it('leaves out messages without a ground truth, as the Loghub evaluator does', () => {
    const score = groupingAccuracy([1, 1, 2, 2], ['A', 'A', undefined, 'B']);
    // {0, 1} is A exactly; message 3 is alone in found group 2 (message 2 is left out) and is all of B
    expect(score.accuracy).toBe(1);
    expect(score.messages).toBe(3);
  });

  it('is 1 when the groups are the ground truth under other names, 0 for one group of everything', () => {
    expect(groupingAccuracy(['x', 'y', 'x'], [7, 8, 7]).accuracy).toBe(1);
    expect(groupingAccuracy(['x', 'x', 'x'], [7, 8, 7]).accuracy).toBe(0);
    expect(groupingAccuracy([], []).accuracy).toBe(0);
  });

  it('rejects lists of different lengths', () => {
    expect(() => groupingAccuracy([1], [])).toThrow(RangeError);
  });
});

describe('templateId', () => {
  it('is FNV-1a over UTF-8 as 8 hex digits', () => {
    expect(templateId('')).toBe('811c9dc5');
    expect(templateId('a')).toBe('e40c292c');
    expect(templateId('foobar')).toBe('bf9cf968');
    // UTF-8: é is c3 a9, so the id of "é" is FNV-1a over those two bytes
    expect(templateId('é')).toBe(templateId('\u00c3\u00a9', true));
    expect(templateId('資料庫 <*>')).toMatch(/^[0-9a-f]{8}$/);
  });
});
