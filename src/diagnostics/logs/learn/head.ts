/**
 * A head's columns written as a regular expression: named groups, the separators seen, bounded
 * quantifiers only (so it passes the registry's ReDoS check and matches in linear time), and its
 * description in words.
 */
import type { HeadColumn } from './describe.ts';
import { distinctive, punctOf, type Column } from './columns.ts';
import { mergeLayouts, type TimeLayout } from './time-layout.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

type CaseStyle = 'upper' | 'lower' | 'title';
function caseOf(word: string): CaseStyle | undefined {
  if (word === word.toUpperCase()) return 'upper';
  if (word === word.toLowerCase()) return 'lower';
  if (word[0] === word[0]!.toUpperCase() && word.slice(1) === word.slice(1).toLowerCase()) return 'title';
  return undefined;
}

/**
 * The letters of a level word in the case styles the column shows (`[A-Z]{3,13}` for `INFO`,
 * `[A-Z][a-z]{2,12}` for `Info`). The word must also be in the level vocabulary: as for the
 * registry's formats, a line whose level word is not (PostgreSQL's `DETAIL:`, `STATEMENT:`) is
 * not a head (`levelOf`). A class rather than an alternation of every word keeps the pattern
 * small and its ReDoS analysis short.
 */
export function levelPattern(values: readonly string[]): string {
  const styles = new Set<CaseStyle | 'mixed'>();
  for (const v of values) styles.add(caseOf(v.replace(/\d+$/, '')) ?? 'mixed');
  const digit = values.some((v) => /\d$/.test(v)) ? '[1-5]?' : '';
  if (styles.size === 1 && styles.has('upper')) return `[A-Z]{3,13}${digit}`;
  if (styles.size === 1 && styles.has('lower')) return `[a-z]{3,13}${digit}`;
  if (styles.size === 1 && styles.has('title')) return `[A-Z][a-z]{2,12}${digit}`;
  return `[A-Za-z]{3,13}${digit}`;
}

/** The separator after a column: its punctuation, with the spaces seen around it. */
function sepRegex(c: Column, last: boolean): string {
  const ws = (min: number) => `${c.tab ? '[ \\t]' : ' '}{${min > 0 ? 1 : 0},64}`;
  const punct = punctOf(c.sep);
  const lead = punct && c.before[1] > 0 ? ws(c.before[0]) : '';
  if (c.after[1] === 0) return lead + escape(punct);
  // The message may be empty: the line can end where the last separator would be. (Written
  // `(?=$)` rather than `$`: the ReDoS check scores `$` before `.*` as unbounded.)
  const trail = last && c.after[0] > 0 ? `(?:${ws(1)}|(?=$))` : ws(c.after[0]);
  return lead + escape(punct) + trail;
}

interface Names {
  used: Set<string>;
}

function take(names: Names, name: string): string | undefined {
  if (names.used.has(name)) return undefined;
  names.used.add(name);
  return name;
}

const group = (name: string | undefined, body: string) => (name ? `(?<${name}>${body})` : body.includes('|') ? `(?:${body})` : body);

/** Which name a column of words gets: `host` before a syslog tag, `logger` when padded or punctuated. */
function wordName(columns: Column[], i: number): string | undefined {
  const c = columns[i];
  if (!c) return undefined;
  if (c.spacedUntil) return 'logger';
  // A word before a standalone mark (`com.example.App - message`, `c.e.App : message`).
  const next = columns[i + 1];
  if (next?.kind === 'word' && next.values.every((v) => v === next.values[0]) && /^[^A-Za-z0-9]{1,8}$/.test(next.values[0]!)) return 'logger';
  if (next?.kind === 'tag' && columns.slice(0, i).some((x) => x.kind === 'time')) return 'host';
  if (distinctive(c) && !columns.slice(i + 1).some((x) => x.kind === 'word' && distinctive(x))) return 'logger';
  return undefined;
}

export interface Built {
  head: string;
  timestamp?: TimeLayout;
  level?: 'word' | 'letter';
  described: HeadColumn[];
}

function columnRegex(c: Column, columns: Column[], i: number, names: Names, built: Built): string {
  const values = c.values;
  const constant = values.every((v) => v === values[0]);
  let body: string;
  const d: HeadColumn = { kind: c.kind, sep: c.sep };
  if (c.open) d.open = c.open;
  switch (c.kind) {
    case 'time': {
      const layout = mergeLayouts(c.layouts)!;
      const name = built.timestamp ? undefined : take(names, 'timestamp');
      if (name) built.timestamp = layout;
      d.pattern = layout.pattern;
      body = group(name, layout.regex);
      // Ruby's Logger: `[time #pid]`.
      if (c.fields.some((f) => f.rest)) body += ` [^${c.open === '(' ? ')' : '\\]'}]{0,255}`;
      break;
    }
    case 'level': {
      const name = take(names, 'level');
      if (name) built.level = 'word';
      // Apache's `[core:error]`, Monolog's `app.ERROR:`: the module or channel is the component.
      const module = c.fields.find((f) => f.module)?.module;
      if (module) d.module = module;
      const mod = module ? group(take(names, 'logger'), module === ':' ? '[^\\]:\\s]{1,64}' : '[\\w-]{1,64}') : '';
      body = (module ? `(?:${mod}${escape(module)})?` : '') + group(name, levelPattern(values));
      if (c.fields.some((f) => f.padded)) body = ` {0,8}${body} {0,8}`;
      break;
    }
    case 'letter': {
      const name = take(names, 'level');
      if (name) built.level = 'letter';
      body = group(name, '[VDIWEFA]');
      break;
    }
    case 'int': {
      // Numbers are process and thread ids only after a time or a level.
      const named = columns.slice(0, Math.max(i, 0)).some((x) => x.kind === 'time' || x.kind === 'level' || x.kind === 'letter');
      const name = named ? take(names, 'pid') ?? take(names, 'thread') : undefined;
      d.name = name;
      body = group(name, '-?\\d{1,20}');
      break;
    }
    case 'pidtid':
      body = `${group(take(names, 'pid'), '\\d{1,20}')}#${group(take(names, 'thread'), '\\d{1,20}')}`;
      break;
    case 'bracket': {
      const name = take(names, 'thread');
      d.name = name;
      const close = c.open === '[' ? ']' : c.open === '(' ? ')' : c.open === '<' ? '>' : '}';
      const o = escape(c.open!);
      const x = escape(close);
      const nested = c.fields.some((f) => f.nested);
      if (nested) {
        body = group(name, `(?:[^${o}${x}]|${o}[^${o}${x}]{0,64}${x}){0,255}`);
      } else if (c.fields.some((f) => f.padded)) {
        // Padding inside the brackets (`[           main]`) is not part of the value.
        body = ` {0,64}${group(name, `[^${x} ][^${x}]{0,254}`)}`;
      } else {
        body = group(name, `[^${x}]{0,255}`);
      }
      break;
    }
    case 'tag': {
      const name = take(names, 'logger');
      d.pid = c.fields.some((f) => f.tagPid);
      // The component ends at the first `:` followed by a space; a `:` inside it is followed by
      // something else (`main.go:32: …`), and it may hold spaces (`syslogd 1.4.1: restart.`),
      // which a sample need not show.
      body = group(name, '[^\\s:\\[\\]](?:[^:\\[\\]]|:[^\\s:\\[\\]]){0,254}');
      // macOS writes `name[pid] (…):`; the ` (…)` only ever follows a `[pid]`.
      const addr = c.fields.some((f) => f.tagAddr) ? '(?: \\([^()]{0,255}\\))?' : '';
      if (d.pid || addr) body += `(?:\\[${group(take(names, 'pid'), '\\d{1,20}')}\\]${addr})?`;
      break;
    }
    default: {
      // Only punctuation is written as it is: a host or a user constant in the sample need not be in the file.
      if (constant && /^[^A-Za-z0-9]{1,8}$/.test(values[0]!)) {
        d.literal = values[0]!;
        body = escape(values[0]!);
      } else {
        const name = wordName(columns, i);
        const stop = c.sep.replace(/ /g, '')[0];
        d.name = name;
        const m = c.spacedUntil ? escape(c.spacedUntil[0]!) : '';
        // Words up to ` - `: a space goes on only if what follows is not the mark and a space.
        const chars = c.spacedUntil ? `[^\\s](?:[^\\s]| [^\\s${m}]| ${m}[^\\s]){0,254}` : `[^\\s${stop ? escape(stop) : ''}]{1,255}`;
        body = group(name ? take(names, name) : undefined, chars);
      }
    }
  }
  if (c.key) body = escape(c.key) + body + (c.key.endsWith('"') ? '"' : '');
  if (c.open) body = `${escape(c.open)}${body}${escape(c.open === '[' ? ']' : c.open === '(' ? ')' : c.open === '<' ? '>' : '}')}`;
  built.described.push(d);
  return body;
}

export function build(columns: Column[]): Built {
  const names: Names = { used: new Set() };
  const built: Built = { head: '^', described: [] };
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const last = i === columns.length - 1;
    if (c.optional) {
      const o = c.optional;
      const dBefore = built.described.length;
      const body = columnRegex(o, [o], -1, names, built);
      built.described[dBefore]!.optional = true;
      built.head += `(?:${body}${sepRegex(o, false)})?`;
    }
    const body = columnRegex(c, columns, i, names, built) + sepRegex(c, last);
    if (c.skippable && !last) {
      built.described.at(-1)!.optional = true;
      built.head += `(?:${body})?`;
    } else {
      built.head += body;
    }
  }
  built.head += '(?<message>.*)';
  return built;
}

// ---------------------------------------------------------------------------------------------
