import { describe, expect, it } from 'vitest';
import { CodeInference } from '../../../src/diagnostics/logs/infer.ts';
import { commonHanShare, containerOf, isUtf8, sniff } from '../../../src/diagnostics/logs/encoding.ts';
import { compileRule, ruleApplies } from '../../../src/registry/match.ts';
import { testRegistry } from './helpers.ts';

describe('code inference', () => {
  const registry = testRegistry();
  const inference = new CodeInference(registry.errors);

  it('finds exactly the codes a brute-force run of every rule finds, on every example of the registry', () => {
    const examples = registry.errors.flatMap((e) => e.examples.map((x) => ({ system: e.system, text: x })));
    expect(examples.length).toBeGreaterThan(50);
    const systems = [...new Set(registry.errors.map((e) => e.system))];
    for (const system of systems) {
      const scope = inference.scope([system], undefined);
      const entries = registry.errors.filter((e) => e.system === system && e.status !== 'retired');
      for (const { text } of examples) {
        const brute = entries.filter((e) => e.match.some((r) => ruleApplies(r, undefined) && compileRule(r).test(text))).map((e) => e.code);
        expect(inference.infer(text, scope), `${system}: ${text}`).toEqual(brute);
      }
    }
  });

  it('gives each example its own code within its system', () => {
    for (const e of registry.errors) {
      const scope = inference.scope([e.system], undefined);
      for (const x of e.examples) expect(inference.infer(x, scope), x).toContain(e.code);
    }
  });

  it('gives the right roas-bot code for "database is locked"', () => {
    expect(inference.infer('sqlite3.OperationalError: database is locked', inference.scope(['roas-bot'], 'roas-bot'))).toContain('DB_1506');
  });

  it('finds nothing in ordinary text, and returns the same answer twice (cached)', () => {
    const scope = inference.scope([], undefined);
    expect(inference.infer('user 12 joined the server', scope)).toEqual([]);
    const text = 'sqlite3.OperationalError: database is locked';
    expect(inference.infer(text, scope)).toEqual(inference.infer(text, scope));
  });
});

describe('encoding detection', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('recognises containers by their magic bytes', () => {
    expect(containerOf(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(containerOf(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(containerOf(enc('plain text'))).toBeUndefined();
  });

  it('accepts a UTF-8 character cut at the end of a sample, not at the end of a file', () => {
    const cut = enc('資料庫').subarray(0, 7);
    expect(isUtf8(cut, false)).toBe(true);
    expect(isUtf8(cut, true)).toBe(false);
  });

  it('calls ASCII and UTF-8 text utf-8, and NUL-laden bytes binary', () => {
    expect(sniff(enc('hello\n'), true)).toMatchObject({ kind: 'text', encoding: 'utf-8' });
    expect(sniff(enc('你好\n'), true)).toMatchObject({ kind: 'text', encoding: 'utf-8' });
    // Scattered zeros are binary; a file of nothing but zeros is a log a crash zeroed.
    expect(sniff(Uint8Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 0 : 65)), true).kind).toBe('binary');
    expect(sniff(new Uint8Array(100), true).kind).toBe('text');
    expect(sniff(new Uint8Array(0), true).kind).toBe('empty');
  });

  it('scores decoded Chinese by its common characters', () => {
    expect(commonHanShare('資料庫連線逾時錯誤').share).toBeGreaterThan(0.6);
    expect(commonHanShare('鐢宠鍖栭敊').share).toBeLessThan(0.3);
  });
});
