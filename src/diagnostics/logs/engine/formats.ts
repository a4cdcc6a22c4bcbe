/**
 * Log formats as the engine runs them: the registry's formats and the formats learned from a file,
 * from one description (a head pattern with named groups, continuation patterns, or JSON fields)
 * compiled one way. Head and continuation patterns become byte matchers (./byte-regex.ts) where
 * the compiler reads them, RegExps on decoded text where it does not; lines are routed by their
 * first byte to the formats whose head can start with it (the one regex reader says which).
 */
import type { LogFormat } from '../../../registry/schema.ts';
import type { TimeLayout } from '../learn/index.ts';
import { firstChars, NON_ASCII } from '../../../registry/regex-source.ts';
import { compileByteRegex, type ByteRegex } from './byte-regex.ts';

export const HEAD_FIELDS = ['timestamp', 'level', 'code', 'logger', 'message', 'pid', 'thread', 'host'] as const;
export type HeadField = (typeof HEAD_FIELDS)[number];

export const JSON_FIELDS = ['timestamp', 'level', 'logger', 'message', 'exception', 'code'] as const;
export type JsonField = (typeof JSON_FIELDS)[number];

/** A pattern as the engine runs it: on bytes where compiled, else by RegExp on the decoded line. */
export interface Pattern {
  source: string;
  bytes?: ByteRegex;
  re: RegExp;
  /** Group number of each head field; 0 when absent. */
  slots: Record<HeadField, number>;
  /** The same by position in HEAD_FIELDS, as the groups' numbers in the match (RegExp path: i + 1). */
  groupOf: Int32Array;
}

/** What a learned format says about itself (see ../learn). */
export interface LearnedInfo {
  layout: { 'zh-TW': string; en: string };
  /** The timestamp layout, e.g. `yy/MM/dd HH:mm:ss`. */
  timeLayout?: string;
  hasYear?: boolean;
  /** Plain text: no head was found, every line is a record. */
  plain?: boolean;
}

export interface EngineFormat {
  index: number;
  id: string;
  systems: readonly string[];
  /** No systems: tried after the formats of known systems; its codes are scoped by the file. */
  generic: boolean;
  kind: 'text' | 'json';
  head?: Pattern;
  /** Lines that continue a record: all (`any`), none, or those a pattern accepts. */
  continuation: 'any' | 'none' | Pattern;
  /** Levels written as one letter (logcat's V D I W E F A). */
  letterLevels: boolean;
  /** The line after a head gives the record's level and message (java.util.logging's two-line records). */
  next?: Pattern;
  /** A learned format's timestamp layout (registry formats' timestamps are read by `RegistryClock`). */
  timeLayout?: TimeLayout;
  /** JSON: per field, the keys to look for, first found wins (a dotted key is also read as a path). */
  fieldKeys?: Record<JsonField, string[]>;
  learned?: LearnedInfo;
}

export interface FormatProblem {
  format: string;
  message: string;
}

export interface EngineFormats {
  formats: EngineFormat[];
  /** For a first byte (0-127, 128 for any non-ASCII), the formats to try, best first. */
  route: EngineFormat[][];
  problems: FormatProblem[];
}

/** A format the engine can run: the registry's `LogFormat`, or a learned one in the same shape. */
export type FormatSource = Pick<LogFormat, 'id' | 'systems' | 'kind' | 'head' | 'continuation' | 'fields'> & {
  learned?: LearnedInfo;
  letterLevels?: boolean;
  next?: string;
  timeLayout?: TimeLayout;
};

const NO_SLOTS: Record<HeadField, number> = { timestamp: 0, level: 0, code: 0, logger: 0, message: 0, pid: 0, thread: 0, host: 0 };

export function compilePattern(source: string): Pattern {
  const re = new RegExp(source);
  const compiled = compileByteRegex(source);
  const bytes = 'unsupported' in compiled ? undefined : compiled;
  const slots = { ...NO_SLOTS };
  if (bytes) for (const f of HEAD_FIELDS) slots[f] = bytes.groups.get(f) ?? 0;
  else {
    // The RegExp path reads groups by name.
    for (const f of HEAD_FIELDS) slots[f] = new RegExp(`\\(\\?<${f}>`).test(source) ? 1 : 0;
  }
  const groupOf = new Int32Array(HEAD_FIELDS.length);
  HEAD_FIELDS.forEach((f, i) => {
    groupOf[i] = bytes ? slots[f] : slots[f] ? i + 1 : 0;
  });
  return { source, bytes, re, slots, groupOf };
}

/** A continuation list as one pattern; `.` alone means every line. */
function continuationOf(patterns: readonly string[]): EngineFormat['continuation'] {
  if (patterns.length === 0) return 'none';
  if (patterns.some((p) => p === '.' || p === '^.')) return 'any';
  return compilePattern(patterns.map((p) => `(?:${p})`).join('|'));
}

export function compileFormats(sources: readonly FormatSource[]): EngineFormats {
  const problems: FormatProblem[] = [];
  const formats: EngineFormat[] = [];
  const firsts: Uint8Array[] = [];
  // Formats of known systems first, then generic and learned ones; their own order within each.
  const ordered = [...sources.filter((f) => f.systems.length > 0), ...sources.filter((f) => f.systems.length === 0)];
  for (const source of ordered) {
    const base = {
      index: formats.length,
      id: source.id,
      systems: source.systems,
      generic: source.systems.length === 0,
      learned: source.learned,
      letterLevels: source.letterLevels === true,
    };
    if (source.kind === 'json') {
      const fieldKeys = Object.fromEntries(JSON_FIELDS.map((f) => [f, source.fields?.[f] ?? []])) as Record<JsonField, string[]>;
      const first = new Uint8Array(129);
      first[123] = 1; // {
      firsts.push(first);
      formats.push({ ...base, kind: 'json', continuation: 'none', fieldKeys });
      continue;
    }
    if (!source.head) {
      problems.push({ format: source.id, message: 'a text format needs a head pattern' });
      continue;
    }
    try {
      const head = compilePattern(source.head);
      const continuation = continuationOf(source.continuation);
      const next = source.next ? compilePattern(source.next) : undefined;
      firsts.push(firstChars(source.head));
      formats.push({ ...base, kind: 'text', head, continuation, next, timeLayout: source.timeLayout });
    } catch (error) {
      problems.push({ format: source.id, message: `invalid pattern: ${(error as Error).message}` });
    }
  }
  const route: EngineFormat[][] = [];
  for (let c = 0; c <= NON_ASCII; c++) route.push(formats.filter((_, i) => firsts[i]![c] === 1));
  return { formats, route, problems };
}
