/**
 * Logs of real programs generated here (test/fixtures/logs/wild): a format learned from the
 * opening lines of each reads the whole file, and finds every record with its level and time.
 * The expected records of each file were noted by the program that wrote it, or read with that
 * program's documented layout (see the folder's README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../../../src/diagnostics/logs/levels.ts';
import { learnFormats, levelOf, matchHead, parseTime, type LearnedFormat } from '../../../../src/diagnostics/logs/learn/index.ts';
import { regexProblem } from '../../../../src/registry/validate.ts';

const DIR = join(import.meta.dirname, '../../../fixtures/logs/wild');
/** Opening lines the format is learned from. */
const SAMPLE = 200;

interface Expected {
  program: string;
  /** Records of several programs in one file. */
  mixed?: boolean;
  lines: number;
  records: [line: number, level: string | null, time: string | null, template?: string][];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace(/\.expected\.json$/, ''))
  .sort();

function linesOf(name: string): string[] {
  const text = readFileSync(join(DIR, `${name}.log`), 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

interface Record {
  line: number;
  level: string | null;
  time: number;
  format: LearnedFormat;
}

/** Reads every line with the learned heads: a head starts a record; any other line continues it. */
export function referenceParse(lines: readonly string[], formats: readonly LearnedFormat[], year: number): Record[] {
  const compiled = formats.map((format) => ({ format, head: new RegExp(format.head), next: format.next ? new RegExp(format.next) : undefined }));
  const records: Record[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (const c of compiled) {
      const m = matchHead(c.head, c.format, lines[i]!);
      if (!m) continue;
      const g = { ...m };
      if (c.next) {
        const n = matchHead(c.next, c.format, lines[i + 1] ?? '');
        if (n) {
          Object.assign(g, n);
          i++;
        }
      }
      const level = g.level === undefined ? -1 : levelOf(c.format, g.level);
      records.push({
        line: c.next ? i : i + 1,
        level: level >= 0 ? LEVELS[level]! : null,
        time: g.timestamp !== undefined && c.format.timestamp ? parseTime(c.format.timestamp, g.timestamp, year) : NaN,
        format: c.format,
      });
      break;
    }
  }
  return records;
}

describe('learned formats read real logs', () => {
  it('has logs of at least twelve programs', () => {
    const all = files.map((f) => JSON.parse(readFileSync(join(DIR, `${f}.expected.json`), 'utf8')) as Expected);
    const programs = new Set(all.filter((e) => !e.mixed).map((e) => e.program.split(/[,(]/)[0]!.trim()));
    expect(programs.size).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
    const lines = linesOf(name);
    expect(lines.length).toBe(expected.lines);
    const formats = learnFormats(lines.slice(0, SAMPLE));
    if (lines[0]!.startsWith('{')) {
      // JSON lines are read by the registry's JSON format, not learned.
      expect(formats).toEqual([]);
      expect(lines.filter((l) => l.startsWith('{')).length).toBe(expected.records.length);
      return;
    }
    expect(formats.length).toBeGreaterThan(0);
    for (const f of formats) expect(regexProblem(f.head), f.head).toBeUndefined();
    const firstTime = expected.records.find((r) => r[2])?.[2];
    const year = firstTime ? Number(firstTime.slice(0, 4)) : 2024;
    const records = referenceParse(lines, formats, year);
    expect(records.map((r) => r.line)).toEqual(expected.records.map((r) => r[0]));
    expect(records.map((r) => r.level)).toEqual(expected.records.map((r) => r[1]));
    const times = records.map((r, i) => {
      const want = expected.records[i]![2];
      if (want === null) return null;
      const layout = r.format.timestamp;
      if (!layout) return 'no timestamp';
      const ms = r.time;
      if (!Number.isFinite(ms)) return 'not read';
      // A time of day alone is compared as one.
      const iso = new Date(ms).toISOString();
      return layout.hasDate ? iso : iso.slice(11);
    });
    expect(times).toEqual(expected.records.map((r, i) => (r[2] === null ? null : records[i]?.format.timestamp?.hasDate === false ? new Date(r[2]).toISOString().slice(11) : new Date(r[2]).toISOString())));
  });
});
