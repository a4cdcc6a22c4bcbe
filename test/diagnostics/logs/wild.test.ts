/**
 * Logs of real programs (test/fixtures/logs/wild, made by the scripts there) read by the whole
 * log parser as a user drops them: every record found, with its level and its time. A record of a
 * program that writes no level gets one from its words (`levelSource: 'message'`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/diagnostics/logs/analyze.ts';
import type { LogRecord } from '../../../src/diagnostics/logs/types.ts';
import { testCompiled } from './helpers.ts';

const DIR = join(import.meta.dirname, '../../fixtures/logs/wild');

interface Expected {
  program: string;
  mixed?: boolean;
  lines: number;
  records: [line: number, level: string | null, time: string | null, template?: string][];
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace(/\.expected\.json$/, '')).sort();

async function read(name: string): Promise<{ expected: Expected; records: LogRecord[]; verdict: string; formats: Record<string, number> }> {
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
  const last = [...expected.records].reverse().find((r) => r[2])?.[2];
  const records: LogRecord[] = [];
  const { summary } = await analyzeLog(readFileSync(join(DIR, `${name}.log`)), {
    compiled: testCompiled(),
    onRecord: (r) => records.push(r),
    // The year of times written without one comes from the file's date: the day its last record was written.
    modified: last ? Date.parse(last) : undefined,
  });
  return { expected, records, verdict: summary.verdict, formats: summary.formats };
}

describe('logs from the wild, read whole', () => {
  it.each(files)('%s: every record, its level and its time', async (name) => {
    const { expected, records, verdict } = await read(name);
    expect(verdict).toBe('ok');
    expect(records.map((r) => r.line)).toEqual(expected.records.map((r) => r[0]));
    expect(records.map((r) => (r.levelSource === 'message' ? null : r.level))).toEqual(expected.records.map((r) => r[1]));
    const instant = (iso: string | null | undefined) => (iso === null ? null : iso === undefined ? 'no time' : new Date(iso).toISOString());
    expect(records.map((r, i) => (expected.records[i]![2] === null ? null : instant(r.time)))).toEqual(expected.records.map((r) => instant(r[2])));
  });
});
