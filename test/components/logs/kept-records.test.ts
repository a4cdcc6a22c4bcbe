/** Kept records packed for the tab and unpacked after Back: the same records, compressed, bounded. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packRecords, unpackRecords } from '../../../src/components/logs/kept-records.ts';
import { analyzeLog, DEFAULT_KEEP } from '../../../src/diagnostics/logs/analyze.ts';
import { ensureLogFixtures } from '../../fixtures/logs/make-fixtures.ts';
import { testCompiled } from '../../diagnostics/logs/helpers.ts';

const records = async (name: string) => (await analyzeLog(readFileSync(join(ensureLogFixtures(), name)), { compiled: testCompiled(), keep: DEFAULT_KEEP })).records;

describe('packRecords and unpackRecords', () => {
  it('give back the records of a real log, without their internal signature', async () => {
    const kept = await records('python-logging.log');
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.some((r) => r.continuation.length > 0)).toBe(true);
    const blob = await packRecords(kept, 1 << 20);
    expect(blob).toBeDefined();
    const back = await unpackRecords(blob!);
    expect(back).toEqual(kept.map(({ signature: _, ...r }) => r));
    expect(back.every((r) => !('signature' in r))).toBe(true);
  });

  it('compress: many records of one template take a small part of their text', async () => {
    const one = (await records('python-logging.log'))[0]!;
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ...one, line: i + 1, message: `${one.message} ${i}` }));
    const text = many.reduce((n, r) => n + JSON.stringify(r).length, 0);
    const blob = (await packRecords(many, text))!;
    expect(blob.size).toBeLessThan(text / 10);
    expect(await unpackRecords(blob)).toHaveLength(20_000);
  });

  it('give up past the bound they are given, and keep nothing then', async () => {
    const one = (await records('python-logging.log'))[0]!;
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...one, line: i + 1, message: `${one.message} ${Math.random().toString(36)}` }));
    expect(await packRecords(many, 4096)).toBeUndefined();
    expect(await packRecords([], 4096)).toBeDefined();
    expect(await unpackRecords((await packRecords([], 4096))!)).toEqual([]);
  });

  it('refuse a Blob that is not theirs', async () => {
    await expect(unpackRecords(new Blob(['not gzip']))).rejects.toThrow();
  });
});
