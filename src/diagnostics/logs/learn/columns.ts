/**
 * The walk that finds a head's columns: the lines of a group are read field by field while one kind
 * of field (with one kind of separator after it) holds most of them; then the walk is trimmed back
 * to its last distinctive column.
 */
import type { Field, FieldKind } from './fields.ts';
import { sepClass } from './fields.ts';
import type { TimeLayout } from './time-layout.ts';

/** Share of a group's lines one column must hold to be part of the head. */
export const DOMINANCE = 0.9;

export interface Column {
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
  /** Words that may hold spaces, up to this standalone mark (` - `). */
  spacedUntil?: string;
  /** Some heads lack this column (and its separator). */
  skippable?: boolean;
}

/** Keys are asked for many times per field during a walk: each field's are made once. */
const keyCache = new WeakMap<Field, [kind: string, sep: string]>();
export function keysOf(f: Field, line: string): [kind: string, sep: string] {
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
export const punctOf = (sep: string) => sep.replace(/[ \t]/g, '');

function spacesIn(sep: string): number {
  let n = 0;
  for (const c of sep) if (c === ' ' || c === '\t') n++;
  return n;
}

/** Fields a line may have where others have an optional column before them. */
const SKIPPING = new Set<FieldKind>(['level', 'time', 'letter', 'bracket', 'int', 'tag']);

/** Columns that read words can also take numbers, and the other way round, when one column holds both. */
const WORDISH = new Set<FieldKind>(['word', 'int', 'pidtid', 'letter']);

interface Walk {
  columns: Column[];
}

/**
 * Walk the group's lines column by column. `pos[l]` is the next field of line l; lines that stop
 * agreeing leave the walk.
 */
export function walk(group: number[], fields: Field[][], lines: string[]): Walk {
  const columns: Column[] = [];
  let idx = group.slice();
  const pos = new Map<number, number>(idx.map((l) => [l, 0]));
  // Each column must hold most of the group, not most of the lines the walk still follows:
  // otherwise a walk narrows step by step and follows a single line into its message. A level
  // column taken by half the lines (`levelColumn`) resets it: the others are not heads.
  let base = idx.length;
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
    const need = Math.ceil(DOMINANCE * base);
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
    if (WORDISH.has(kindOf(kind))) {
      for (const [k, ls] of counts) {
        const [kk, ss] = k.split('\u0001');
        // A level word among words is a word (a module named `log`); never the other way round.
        if (ss === sep && (WORDISH.has(kindOf(kk!)) || kk === 'L')) mixed.push(...ls);
      }
    }
    if (bestLines.length + ended.length >= need && mixed.length <= bestLines.length) {
      const c = column(bestLines.concat(ended), (l) => at(l)!, lines);
      // Lines that skip this column and go on with what follows it in the others (PostgreSQL's
      // postmaster lines have no `user@db`): the column is optional, and they stay in the walk.
      const inBest = new Set(bestLines);
      const following = new Set(bestLines.map((l) => keyOf(fields[l]![pos.get(l)! + 1], lines[l]!)));
      const skippers = idx.filter((l) => !inBest.has(l) && at(l) !== undefined && SKIPPING.has(kindOf(keysOf(at(l)!, lines[l]!)[0])) && following.has(keyOf(at(l), lines[l]!)));
      if (skippers.length > 0 && c.kind !== 'time' && c.kind !== 'level') c.skippable = true;
      columns.push(c);
      for (const l of bestLines) pos.set(l, pos.get(l)! + 1);
      idx = c.skippable ? bestLines.concat(skippers) : bestLines;
      continue;
    }
    if (mixed.length >= need) {
      const c = column(mixed, (l) => at(l)!, lines);
      c.kind = 'word';
      columns.push(c);
      for (const l of mixed) pos.set(l, pos.get(l)! + 1);
      idx = mixed;
      continue;
    }
    // A column some lines skip: lines with key A here, and lines with key B here and A after it.
    // A level is taken when half the lines have one here: lines of the same start without it
    // (PostgreSQL's `DETAIL:` and `STATEMENT:` lines) continue the record above.
    let step = optionalColumn(counts, idx, need, pos, fields, lines);
    if (!step) {
      step = levelColumn(counts, idx, pos, fields, lines);
      if (step) base = step.one.length + step.two.length;
    }
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
    if (ls.length < need) continue;
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

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
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
export function demoteLoneLevels(columns: Column[]): Column[] {
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
export function distinctive(c: Column): boolean {
  if (c.kind !== 'word' || c.spacedUntil) return true;
  const constant = c.values.every((v) => v === c.values[0]);
  if (constant && /^[^A-Za-z0-9]+$/.test(c.values[0]!)) return true;
  if (/[^ ]/.test(c.sep)) return true; // `|`, `,`, `;`, `:` after it
  return c.minSpaces >= 2;
}

/** The head: the walk up to its last distinctive column, and no further than a component ending in `:`. */
export function trim(all: Column[]): Column[] {
  // A quoted string (an access log's `"GET / HTTP/1.1"`) is the message's.
  const quoted = all.findIndex((c) => c.kind === 'word' && c.values.every((v) => v.startsWith('"')));
  const columns = quoted >= 0 ? all.slice(0, quoted) : all;
  const tag = columns.findIndex((c) => c.kind === 'tag');
  // A level or a time right after the component (`name[pid]: LEVEL message`, `Log started: TIME`)
  // is still part of the head.
  let last = tag < 0 ? columns.length - 1 : tag;
  while (tag >= 0 && last + 1 < columns.length && ['level', 'letter', 'time'].includes(columns[last + 1]!.kind)) last++;
  while (last >= 0 && !distinctive(columns[last]!)) last--;
  return columns.slice(0, last + 1);
}

export function strong(columns: Column[]): boolean {
  return columns.some((c) => c.kind === 'time' || c.kind === 'level' || (c.optional?.kind === 'level'));
}

// ---------------------------------------------------------------------------------------------
// Writing the head as a regular expression.
