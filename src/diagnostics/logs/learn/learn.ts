/**
 * Learning the head-line shapes of a log from a sample of its lines.
 *
 * 1. Read the fields at the start of every line (`fields.ts`). A line is a candidate head when a
 *    timestamp or a level word is among its first fields; the others (tracebacks, `at …` frames,
 *    indented lines, free text) can only continue a record.
 * 2. Group the candidates by their first field. In a group, walk column by column while one kind of
 *    field (with one kind of separator after it) follows in most lines: that is the head. A field
 *    that some lines have and others skip becomes optional; numbers and words in one column become words.
 * 3. Trim the walk back to its last distinctive column (a time, a level, a number, a bracket, a
 *    component ending in `:`, a padded or punctuated column): a plain word followed by a space is
 *    where the message starts.
 * 4. Write the head as a regular expression with bounded quantifiers only, count the sample lines
 *    it reads, and keep it when enough lines are heads. Lines it reads leave the pool; the next
 *    group gives the next format.
 *
 * The work is linear in the sample: a bounded number of fields per line, of columns per walk and
 * of formats.
 */
import { letterLevelIndex, levelIndex } from '../levels.ts';
import { readFields, sepClass, type Field, type FieldKind } from './fields.ts';
import { mergeLayouts, type TimeLayout } from './time-layout.ts';
import { describeHead, type HeadColumn } from './describe.ts';

export interface LearnedFormat {
  /** Stable for the same layout: `learned-` and a hash of the head pattern. */
  id: string;
  /**
   * JavaScript regex source for a head line, anchored with `^`, with named groups among
   * timestamp, level, pid, thread, logger, host and message; `message` last, written
   * `(?<message>.*)`; bounded quantifiers only.
   */
  head: string;
  /**
   * When set, the line after a head belongs to the record and gives its level and message
   * (java.util.logging's two-line records); the head's own `message` group then holds the
   * source (`class method`). A regex source with `level` and `message` groups.
   */
  next?: string;
  /** The timestamp group's layout, when there is one. */
  timestamp?: TimeLayout;
  /** How the level is written: a word (any case, padded or bracketed), one letter (logcat V D I W E F A), or none. */
  level?: 'word' | 'letter';
  /** The layout in words, as a person reads it. */
  layout: { 'zh-TW': string; en: string };
  /** Lines of the sample it reads as heads, and the sample's non-blank lines. */
  matched: number;
  total: number;
}

export interface LearnOptions {
  /** Lines of the sample looked at (default 5,000). */
  maxLines?: number;
  /** Formats learned at most (default 8). */
  maxFormats?: number;
}

/** Share of a group's lines one column must hold to be part of the head. */
const DOMINANCE = 0.9;
/** Characters of a line kept for learning and for counting matches. */
const LINE_SPAN = 4096;
/** Fields among which a timestamp or a level makes a line a candidate head. */
const ANCHOR_FIELDS = 10;

interface Column {
  kind: FieldKind;
  open?: string;
  key?: string;
  /** Separator after the column, as a class (spaces collapsed). */
  sep: string;
  /** Fewest and most spaces seen in the separator, and whether a tab was. */
  minSpaces: number;
  maxSpaces: number;
  /** Spaces seen before and after the separator's punctuation: fewest and most. */
  before: [number, number];
  after: [number, number];
  tab: boolean;
  values: string[];
  layouts: TimeLayout[];
  fields: Field[];
  /** A column some lines have before this one and others not. */
  optional?: Column;
  /** A component that may hold spaces. */
  spaced?: boolean;
  /** Words that may hold spaces, up to this standalone mark (` - `). */
  spacedUntil?: string;
}

/** Keys are asked for many times per field during a walk: each field's are made once. */
const keyCache = new WeakMap<Field, [kind: string, sep: string]>();
function keysOf(f: Field, line: string): [kind: string, sep: string] {
  let k = keyCache.get(f);
  if (!k) keyCache.set(f, (k = [fieldKey(f), sepKey(f, line)]));
  return k;
}

const fieldKey = (f: Field) => {
  const deco = `${f.open ?? ''}${f.key ?? ''}`;
  if (f.kind === 'time') return `T${deco}${f.rest ? '+' : ''}${f.layout!.key}`;
  if (f.kind === 'level') return `L${deco}${f.module ?? ''}`;
  if (f.kind === 'int') return `N${deco}`;
  if (f.kind === 'bracket') return `B${deco}`;
  return f.kind;
};
/** A separator's key: its punctuation (spaces around it vary: `|` and `| `), or one space. */
const sepKey = (f: Field, line: string) => (f.end + f.sep.length >= line.length ? '$' : punctOf(f.sep) || (f.sep ? ' ' : ''));
const punctOf = (sep: string) => sep.replace(/[ \t]/g, '');

function spacesIn(sep: string): number {
  let n = 0;
  for (const c of sep) if (c === ' ' || c === '\t') n++;
  return n;
}

/** Columns that read words can also take numbers, and the other way round, when one column holds both. */
const WORDISH = new Set<FieldKind>(['word', 'int', 'pidtid', 'letter']);

interface Walk {
  columns: Column[];
}

/**
 * Walk the group's lines column by column. `pos[l]` is the next field of line l; lines that stop
 * agreeing leave the walk.
 */
function walk(group: number[], fields: Field[][], lines: string[]): Walk {
  const columns: Column[] = [];
  let idx = group.slice();
  const pos = new Map<number, number>(idx.map((l) => [l, 0]));
  for (let depth = 0; depth < 16 && idx.length > 0; depth++) {
    const at = (l: number) => fields[l]![pos.get(l)!];
    // Full keys (kind and separator), and kinds alone for lines that end after the field.
    const counts = new Map<string, number[]>();
    const ending = new Map<string, number[]>();
    for (const l of idx) {
      const f = at(l);
      if (!f) continue;
      const [k, sk] = keysOf(f, lines[l]!);
      if (sk === '$') push(ending, k, l);
      else push(counts, `${k}\u0001${sk}`, l);
    }
    let best = '';
    let bestLines: number[] = [];
    for (const [k, ls] of counts) {
      const n = ls.length + (ending.get(k.split('\u0001')[0]!)?.length ?? 0);
      if (n > bestLines.length + (ending.get(best.split('\u0001')[0]!)?.length ?? 0)) {
        best = k;
        bestLines = ls;
      }
    }
    const need = Math.ceil(DOMINANCE * idx.length);
    if (best === 'word\u0001 ') {
      const step = delimitedColumn(idx, need, pos, fields, lines, columns.at(-1));
      if (step) {
        columns.push(...step.columns);
        for (const [l, p] of step.next) pos.set(l, p);
        idx = [...step.next.keys()];
        continue;
      }
    }
    if (!best) {
      // Every line ends after this field: the last column, with no separator after it.
      let ended: number[] = [];
      for (const ls of ending.values()) if (ls.length > ended.length) ended = ls;
      if (ended.length >= need) columns.push(column(ended, (l) => at(l)!, lines));
      break;
    }
    const kind = best.split('\u0001')[0]!;
    const ended = ending.get(kind) ?? [];
    // Numbers and words in one column are words (a flag of `1` and `-`, a label of `-` and `APPREAD`).
    const sep = best.split('\u0001')[1];
    const mixed: number[] = [];
    if (best && WORDISH.has(kindOf(kind))) {
      for (const [k, ls] of counts) {
        const [kk, ss] = k.split('\u0001');
        // A level word among words is a word (a module named `log`); never the other way round.
        if (ss === sep && (WORDISH.has(kindOf(kk!)) || kk === 'L')) mixed.push(...ls);
      }
    }
    if (best && bestLines.length + ended.length >= need && mixed.length <= bestLines.length) {
      const c = column(bestLines.concat(ended), (l) => at(l)!, lines);
      if (c.kind === 'tag') {
        // Lines whose component has a space (`syslogd 1.4.1: restart.`) read as words up to a tag.
        const inTag = new Set(bestLines);
        c.spaced = idx.some((l) => !inTag.has(l) && [1, 2, 3].some((d) => fields[l]![pos.get(l)! + d]?.kind === 'tag' && [...Array(d).keys()].every((k) => fields[l]![pos.get(l)! + k]!.kind !== 'time')));
      }
      columns.push(c);
      for (const l of bestLines) pos.set(l, pos.get(l)! + 1);
      idx = bestLines;
      continue;
    }
    {
      if (mixed.length >= need) {
        const c = column(mixed, (l) => at(l)!, lines);
        c.kind = 'word';
        columns.push(c);
        for (const l of mixed) pos.set(l, pos.get(l)! + 1);
        idx = mixed;
        continue;
      }
    }
    // A column some lines skip: lines with key A here, and lines with key B here and A after it.
    // A level is taken when half the lines have one here: lines of the same start without it
    // (PostgreSQL's `DETAIL:` and `STATEMENT:` lines) continue the record above.
    const step = optionalColumn(counts, idx, need, pos, fields, lines) ?? levelColumn(counts, idx, pos, fields, lines);
    if (!step) break;
    columns.push(step.column);
    for (const l of step.one) pos.set(l, pos.get(l)! + 1);
    for (const l of step.two) pos.set(l, pos.get(l)! + 2);
    idx = step.one.concat(step.two);
  }
  return { columns };
}

/**
 * Words up to a standalone punctuation mark (`chrome.exe - …`, `Dropbox.exe *64 - …` in
 * Proxifier's log): when most lines have the same mark one to four words on, the words before
 * it are one column that may hold spaces, and the mark is the next column.
 */
function delimitedColumn(idx: number[], need: number, pos: Map<number, number>, fields: Field[][], lines: string[], previous: Column | undefined): { columns: Column[]; next: Map<number, number> } | undefined {
  // Only right after a time, a level or a bracketed field: further on, a ` - ` is the message's.
  if (!previous || !['time', 'level', 'bracket'].includes(previous.kind)) return undefined;
  const marks = new Map<string, number[]>();
  const offsetOf = new Map<number, number>();
  const isMark = (f: Field | undefined) => f !== undefined && f.kind === 'word' && MARKS.has(f.value) && punctOf(f.sep) === '';
  for (const l of idx) {
    const p = pos.get(l)!;
    if (isMark(fields[l]![p])) continue;
    for (let d = 1; d <= 4; d++) {
      const f = fields[l]![p + d];
      const prev = fields[l]![p + d - 1]!;
      if (!f || prev.kind !== 'word' && prev.kind !== 'int' || punctOf(prev.sep) !== '') break;
      if (isMark(f)) {
        push(marks, f.value, l);
        offsetOf.set(l, d);
        break;
      }
    }
  }
  for (const [mark, ls] of marks) {
    if (ls.length < need || ls.every((l) => offsetOf.get(l) === 1)) continue;
    const words = column(ls, (l) => {
      const p = pos.get(l)!;
      const first = fields[l]![p]!;
      const last = fields[l]![p + offsetOf.get(l)! - 1]!;
      return { ...first, kind: 'word', end: last.end, value: lines[l]!.slice(first.start, last.end), sep: last.sep };
    }, lines);
    words.spacedUntil = mark;
    const punct = column(ls, (l) => fields[l]![pos.get(l)! + offsetOf.get(l)!]!, lines);
    return { columns: [words, punct], next: new Map(ls.map((l) => [l, pos.get(l)! + offsetOf.get(l)! + 1])) };
  }
  return undefined;
}

/** Standalone marks that end a column of words (`Program - message`). */
const MARKS = new Set(['-', '|', '>', '::', '--']);

interface Step {
  column: Column;
  /** Lines that take one field for the column, and lines that take two (the optional one and it). */
  one: number[];
  two: number[];
}

const keyOf = (f: Field | undefined, line: string) => (f ? keysOf(f, line).join('\u0001') : '');

/** Key A in `one` lines, key B then A in `two` lines, together most lines: B is optional before A. */
function optionalColumn(counts: Map<string, number[]>, idx: number[], need: number, pos: Map<number, number>, fields: Field[][], lines: string[]): Step | undefined {
  let found: Step | undefined;
  for (const [a, aLines] of counts) {
    for (const [b, bLines] of counts) {
      if (a === b) continue;
      const bKind = kindOf(b.split('\u0001')[0]!);
      if (bKind === 'time' || bKind === 'level') continue;
      const two = bLines.filter((l) => keyOf(fields[l]![pos.get(l)! + 1], lines[l]!) === a);
      if (two.length === 0 || aLines.length + two.length < need) continue;
      if (found && found.one.length + found.two.length >= aLines.length + two.length) continue;
      found = optionalStep(aLines, two, pos, fields, lines);
    }
  }
  return found;
}

function optionalStep(one: number[], two: number[], pos: Map<number, number>, fields: Field[][], lines: string[]): Step {
  const twoSet = new Set(two);
  const opt = column(two, (l) => fields[l]![pos.get(l)!]!, lines);
  const main = column(one.concat(two), (l) => fields[l]![pos.get(l)! + (twoSet.has(l) ? 1 : 0)]!, lines);
  main.optional = opt;
  return { column: main, one, two };
}

/** A level here (or after one optional field) in at least half the lines. */
function levelColumn(counts: Map<string, number[]>, idx: number[], pos: Map<number, number>, fields: Field[][], lines: string[]): Step | undefined {
  let best: Step | undefined;
  for (const [a, aLines] of counts) {
    if (a[0] !== 'L') continue;
    const two: number[] = [];
    for (const [b, bLines] of counts) {
      if (b === a || b[0] === 'L' || b[0] === 'T') continue;
      for (const l of bLines) if (keyOf(fields[l]![pos.get(l)! + 1], lines[l]!) === a) two.push(l);
    }
    if (aLines.length + two.length < idx.length / 2) continue;
    if (best && best.one.length + best.two.length >= aLines.length + two.length) continue;
    best = two.length > 0 ? optionalStep(aLines, two, pos, fields, lines) : { column: column(aLines, (l) => fields[l]![pos.get(l)!]!, lines), one: aLines, two };
  }
  return best;
}

function kindOf(key: string): FieldKind {
  switch (key[0]) {
    case 'T': return 'time';
    case 'L': return 'level';
    case 'N': return 'int';
    case 'B': return 'bracket';
    default: return key as FieldKind;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function column(ls: number[], field: (l: number) => Field, lines: string[]): Column {
  const fs = ls.map(field);
  const first = fs[0]!;
  let minSpaces = Infinity;
  let maxSpaces = 0;
  let tab = false;
  let sep: string | undefined;
  const before: [number, number] = [Infinity, 0];
  const after: [number, number] = [Infinity, 0];
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i]!;
    if (f.end + f.sep.length >= lines[ls[i]!]!.length) continue;
    const punct = punctOf(f.sep);
    sep ??= punct || sepClass(f.sep);
    minSpaces = Math.min(minSpaces, spacesIn(f.sep));
    maxSpaces = Math.max(maxSpaces, spacesIn(f.sep));
    if (f.sep.includes('\t')) tab = true;
    const lead = punct ? f.sep.length - f.sep.trimStart().length : 0;
    const trail = punct ? f.sep.length - f.sep.trimEnd().length : f.sep.length;
    before[0] = Math.min(before[0], lead);
    before[1] = Math.max(before[1], lead);
    after[0] = Math.min(after[0], trail);
    after[1] = Math.max(after[1], trail);
  }
  const c: Column = {
    kind: first.kind,
    sep: sep ?? '',
    minSpaces: minSpaces === Infinity ? 0 : minSpaces,
    maxSpaces,
    before: [before[0] === Infinity ? 0 : before[0], before[1]],
    after: [after[0] === Infinity ? 0 : after[0], after[1]],
    tab,
    values: fs.map((f) => f.value),
    layouts: fs.filter((f) => f.layout).map((f) => f.layout!),
    fields: fs,
  };
  if (first.open) c.open = first.open;
  if (first.key) c.key = first.key;
  return c;
}

/** Level words that are also everyday words: a column holding only one of them is not a level column. */
const EVERYDAY = new Set(['LOG', 'NOTE', 'FAIL', 'FAILURE', 'ALERT', 'SUCCESS', 'CONFIG', 'FINE', 'PANIC', 'INFORMATION']);

/**
 * `Log started:` (apt's term.log) is not a level: a level column of one everyday word is words.
 * A column of single letters is a level only with a field after it (logcat's `D Tag: …`): a
 * letter followed by the message (`I think…`, `A job…`) is the message's first word.
 */
function demoteLoneLevels(columns: Column[]): Column[] {
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (c.kind === 'letter') {
      const next = columns[i + 1];
      if (!next || next.kind === 'word') c.kind = 'word';
      continue;
    }
    if (c.kind !== 'level' || c.open || c.key) continue;
    const distinct = new Set(c.values.map((v) => v.toUpperCase()));
    if (distinct.size === 1 && EVERYDAY.has([...distinct][0]!)) c.kind = 'word';
  }
  return columns;
}

/** A column that marks a head, rather than a word that may be the message's first. */
function distinctive(c: Column): boolean {
  if (c.kind !== 'word' || c.spacedUntil) return true;
  const constant = c.values.every((v) => v === c.values[0]);
  if (constant && /^[^A-Za-z0-9]+$/.test(c.values[0]!)) return true;
  if (/[^ ]/.test(c.sep)) return true; // `|`, `,`, `;`, `:` after it
  return c.minSpaces >= 2;
}

/** The head: the walk up to its last distinctive column, and no further than a component ending in `:`. */
function trim(columns: Column[]): Column[] {
  const tag = columns.findIndex((c) => c.kind === 'tag');
  // A level or a time right after the component (`name[pid]: LEVEL message`, `Log started: TIME`)
  // is still part of the head.
  let last = tag < 0 ? columns.length - 1 : tag;
  while (tag >= 0 && last + 1 < columns.length && ['level', 'letter', 'time'].includes(columns[last + 1]!.kind)) last++;
  while (last >= 0 && !distinctive(columns[last]!)) last--;
  return columns.slice(0, last + 1);
}

function strong(columns: Column[]): boolean {
  return columns.some((c) => c.kind === 'time' || c.kind === 'level' || (c.optional?.kind === 'level'));
}

// ---------------------------------------------------------------------------------------------
// Writing the head as a regular expression.

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
function levelPattern(values: readonly string[]): string {
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
  const next = columns[i + 1];
  if (next?.kind === 'tag' && columns.slice(0, i).some((x) => x.kind === 'time')) return 'host';
  if (distinctive(c) && !columns.slice(i + 1).some((x) => x.kind === 'word' && distinctive(x))) return 'logger';
  return undefined;
}

interface Built {
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
      body = group(name, c.values.some((v) => v.startsWith('-')) ? '-?\\d{1,20}' : '\\d{1,20}');
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
      body = group(name, nested ? `(?:[^${o}${x}]|${o}[^${o}${x}]{0,64}${x}){0,255}` : `[^${x}]{0,255}`);
      break;
    }
    case 'tag': {
      const spaced = c.spaced === true;
      const name = take(names, 'logger');
      d.pid = c.fields.some((f) => f.tagPid);
      // The component ends at the first `:` followed by a space; a `:` inside it is followed by
      // something else (`main.go:32: …`). Each step has one way to go, so nothing backtracks.
      body = group(name, `(?:[^${spaced ? '' : '\\s'}:\\[\\]]|:[^\\s:\\[\\]]){1,255}`);
      if (d.pid) body += `(?:\\[${group(take(names, 'pid'), '\\d{1,20}')}\\])?`;
      if (c.fields.some((f) => f.tagAddr)) body += '(?: \\([^()]{0,255}\\))?';
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

function build(columns: Column[]): Built {
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
    built.head += columnRegex(c, columns, i, names, built) + sepRegex(c, last);
  }
  built.head += '(?<message>.*)';
  return built;
}

// ---------------------------------------------------------------------------------------------

/** The level of a learned head's `level` group (index in `LEVELS`): a vocabulary word, or a logcat letter; -1 otherwise. */
export function levelOf(format: Pick<LearnedFormat, 'level'>, text: string): number {
  return format.level === 'letter' ? letterLevelIndex(text) : levelIndex(text);
}

/**
 * The groups of `line` read as a head of `format` (`re` is `new RegExp(format.head)`), or
 * undefined when it is not one: no match, or a level word outside the vocabulary.
 */
export function matchHead(re: RegExp, format: Pick<LearnedFormat, 'level'>, line: string): Record<string, string | undefined> | undefined {
  const m = re.exec(line);
  if (!m) return undefined;
  const groups = m.groups ?? {};
  if (groups.level !== undefined && levelOf(format, groups.level) < 0) return undefined;
  return groups;
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function isCandidate(fs: Field[]): boolean {
  for (let i = 0; i < fs.length && i < ANCHOR_FIELDS; i++) {
    const k = fs[i]!.kind;
    if (k === 'time' || k === 'level') return true;
  }
  return false;
}

/**
 * The head-line shapes of a sample of a log's lines (its opening lines, or a stretch no known
 * format reads), most lines first. Random text, lines that share no shape, binary data or a
 * single line give an empty list.
 */
export function learnFormats(sample: readonly string[], options: LearnOptions = {}): LearnedFormat[] {
  const maxLines = options.maxLines ?? 5_000;
  const maxFormats = options.maxFormats ?? 8;
  const lines: string[] = [];
  for (const raw of sample) {
    if (lines.length >= maxLines) break;
    let line = raw.length > LINE_SPAN ? raw.slice(0, LINE_SPAN) : raw;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    lines.push(line);
  }
  const total = lines.length;
  if (total < 2) return [];
  const minSupport = Math.max(2, Math.ceil(total * 0.01));
  const fields = lines.map(readFields);
  const pool = new Set<number>();
  for (let l = 0; l < total; l++) if (isCandidate(fields[l]!)) pool.add(l);
  const taken = new Uint8Array(total); // lines read by a learned format (1) or as its second lines (2)
  const tried = new Set<string>();
  const formats: LearnedFormat[] = [];
  for (let round = 0; round < maxFormats * 4 && formats.length < maxFormats; round++) {
    // The largest group of candidates left, by their first field.
    const groups = new Map<string, number[]>();
    for (const l of pool) {
      const f = fields[l]![0]!;
      const key = keysOf(f, lines[l]!).join('\u0001');
      if (!tried.has(key)) push(groups, key, l);
    }
    let key = '';
    let members: number[] = [];
    for (const [k, ls] of groups) if (ls.length > members.length) [key, members] = [k, ls];
    if (members.length < minSupport) break;
    tried.add(key);
    const columns = trim(demoteLoneLevels(walk(members, fields, lines).columns));
    if (columns.length === 0 || !strong(columns)) continue;
    const built = build(columns);
    let re: RegExp;
    try {
      re = new RegExp(built.head);
    } catch {
      continue;
    }
    const levelKind = built.level;
    const heads: number[] = [];
    for (let l = 0; l < total; l++) if (taken[l] !== 2 && matchHead(re, { level: levelKind }, lines[l]!)) heads.push(l);
    if (heads.length < minSupport) continue;
    const format: LearnedFormat = {
      id: `learned-${hash(built.head)}`,
      head: built.head,
      layout: describeHead(built.described),
      matched: heads.length,
      total,
    };
    if (built.timestamp) format.timestamp = built.timestamp;
    if (built.level) format.level = built.level;
    // Level and message on the line after each head (java.util.logging's SimpleFormatter).
    let seconds: number[] = [];
    if (!built.level) {
      seconds = heads.map((l) => l + 1).filter((l) => l < total && fields[l]![0]?.kind === 'level' && fields[l]![0]!.sep.startsWith(':') && !re.test(lines[l]!));
      if (seconds.length >= DOMINANCE * heads.length) {
        const values = seconds.map((l) => fields[l]![0]!.value);
        format.next = `^(?<level>${levelPattern(values)}):(?: {1,64}|(?=$))(?<message>.*)`;
        format.level = 'word';
        format.layout = describeHead(built.described, true);
      } else {
        seconds = [];
      }
    }
    if (!built.timestamp && !acceptWeak(format, heads, fields)) continue;
    for (const l of heads) {
      taken[l] = 1;
      pool.delete(l);
    }
    for (const l of seconds) {
      taken[l] = 2;
      pool.delete(l);
    }
    if (!formats.some((f) => f.id === format.id)) formats.push(format);
  }
  return formats.sort((a, b) => b.matched - a.matched);
}

/**
 * A head without a timestamp (a level and words) is kept only when it is the shape of much of
 * the sample and shows several levels: a traceback's `Error: …` lines are not a log format.
 */
function acceptWeak(format: LearnedFormat, heads: number[], fields: Field[][]): boolean {
  const levels = new Set<string>();
  for (const l of heads) for (const f of fields[l]!) if (f.kind === 'level' || f.kind === 'letter') levels.add(f.value.toUpperCase());
  const share = format.matched / format.total;
  return (levels.size >= 2 && share >= 0.2) || share >= 0.5;
}
