/**
 * The registry's log formats, compiled for the parser: head patterns with their named groups
 * turned into numbered ones (cheaper to match), continuation patterns joined into one, and a
 * routing table from a line's first character to the formats whose head can start with it.
 */
import type { LogFormat } from '../../registry/schema.ts';
import { firstChars, NON_ASCII } from './first-chars.ts';

export const HEAD_FIELDS = ['timestamp', 'level', 'code', 'logger', 'message'] as const;
export type HeadField = (typeof HEAD_FIELDS)[number];

export interface JsonFields {
  timestamp: string[];
  level: string[];
  logger: string[];
  message: string[];
  exception: string[];
  code: string[];
}

export interface CompiledFormat {
  /** Position in the compiled list. */
  index: number;
  id: string;
  systems: string[];
  /** A format with no systems: tried after all the others, its codes scoped by the file. */
  generic: boolean;
  kind: 'text' | 'json';
  /** The head pattern (text formats), with numbered groups. */
  head?: RegExp;
  /** Group number of each field in `head`; 0 when the pattern has no such group. */
  groups: Record<HeadField, number>;
  /** Lines that continue a record of this format, or undefined when none do. */
  continuation?: RegExp;
  fields?: JsonFields;
}

export interface FormatProblem {
  format: string;
  message: string;
}

export interface CompiledFormats {
  formats: CompiledFormat[];
  /** For a first character (0-127, 128 for any non-ASCII), the formats to try, best first. */
  route: CompiledFormat[][];
  problems: FormatProblem[];
}

/**
 * Replace named groups by plain ones and say which number each name got. Lookbehinds, lookaheads
 * and non-capturing groups are left alone; escapes and character classes are skipped.
 */
export function numberGroups(source: string): { source: string; groups: Map<string, number> } {
  const groups = new Map<string, number>();
  let out = '';
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (c === '(') {
      if (source[i + 1] !== '?') {
        count++;
      } else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
        const end = source.indexOf('>', i);
        count++;
        groups.set(source.slice(i + 3, end), count);
        out += '(';
        i = end;
        continue;
      }
    }
    out += c;
  }
  return { source: out, groups };
}

const NO_GROUPS: Record<HeadField, number> = { timestamp: 0, level: 0, code: 0, logger: 0, message: 0 };

export function compileFormats(logFormats: readonly LogFormat[]): CompiledFormats {
  const problems: FormatProblem[] = [];
  const compiled: CompiledFormat[] = [];
  // Formats of known systems first, generic ones last; file order within each.
  const ordered = [...logFormats.filter((f) => f.systems.length > 0), ...logFormats.filter((f) => f.systems.length === 0)];
  const firsts: Uint8Array[] = [];
  for (const format of ordered) {
    const base: CompiledFormat = {
      index: compiled.length,
      id: format.id,
      systems: format.systems,
      generic: format.systems.length === 0,
      kind: format.kind,
      groups: { ...NO_GROUPS },
    };
    if (format.kind === 'json') {
      const f = format.fields;
      base.fields = {
        timestamp: f?.timestamp ?? [], level: f?.level ?? [], logger: f?.logger ?? [],
        message: f?.message ?? [], exception: f?.exception ?? [], code: f?.code ?? [],
      };
      const first = new Uint8Array(129);
      first[123] = 1; // {
      firsts.push(first);
      compiled.push(base);
      continue;
    }
    if (!format.head) {
      problems.push({ format: format.id, message: 'a text format needs a head pattern' });
      continue;
    }
    if (format.head.includes('\\k<')) {
      problems.push({ format: format.id, message: 'named backreferences (\\k<name>) are not supported in a head pattern' });
      continue;
    }
    try {
      const { source, groups } = numberGroups(format.head);
      base.head = new RegExp(source);
      for (const field of HEAD_FIELDS) base.groups[field] = groups.get(field) ?? 0;
      if (format.continuation.length > 0) {
        base.continuation = new RegExp(format.continuation.map((p) => `(?:${p})`).join('|'));
      }
    } catch (error) {
      problems.push({ format: format.id, message: `invalid pattern: ${(error as Error).message}` });
      continue;
    }
    firsts.push(firstChars(numberGroups(format.head).source));
    compiled.push(base);
  }
  const route: CompiledFormat[][] = [];
  for (let c = 0; c <= NON_ASCII; c++) route.push(compiled.filter((f, i) => firsts[i]![c] === 1));
  return { formats: compiled, route, problems };
}

/** Value of the first key of `keys` present in `object` (a dotted key is also read as a path). */
export function pickField(object: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const direct = object[key];
    if (direct !== undefined && direct !== null) return direct;
    if (key.includes('.')) {
      let value: unknown = object;
      for (const part of key.split('.')) {
        value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      }
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}
