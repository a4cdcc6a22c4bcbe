import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from '../../../../src/diagnostics/logs/templates/accuracy.ts';
import { groupMessages } from '../../../../src/diagnostics/logs/templates/group.ts';
import { readCorpus } from '../../../fixtures/logs/corpus/corpus.ts';

// The template corpus (test/fixtures/logs/corpus): real logs of many programs with the
// ground-truth template of each record. `npm run bench` reports the same figures.
describe('grouping accuracy on the template corpus', () => {
  const logs = readCorpus();

  it('holds logs of at least twelve programs, each labelled record by record', () => {
    expect(logs.length).toBeGreaterThanOrEqual(12);
    for (const log of logs) {
      expect(log.messages.length, log.name).toBeGreaterThan(100);
      expect(log.events.every((e) => typeof e === 'string' && e !== ''), log.name).toBe(true);
    }
  });

  it('is at least 0.90 on average, and at least 0.85 on each log', () => {
    const scores = logs.map((log) => ({ name: log.name, ga: groupingAccuracy(groupMessages(log.messages).templates, log.events).accuracy }));
    const mean = scores.reduce((a, s) => a + s.ga, 0) / scores.length;
    expect(mean).toBeGreaterThanOrEqual(0.9);
    for (const s of scores) expect(s.ga, s.name).toBeGreaterThanOrEqual(0.85);
  });
});
