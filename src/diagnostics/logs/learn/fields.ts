/**
 * The fields at the start of a line, as a head line of a log is made of them: timestamps,
 * levels (words, or one letter), numbers (process and thread ids, `pid#tid`), bracketed fields,
 * components ending in `:` (with an optional `[pid]`), and other words; each with the separator
 * that follows it. Only the start of a line is read (a bounded number of fields and characters).
 */
import { levelIndex } from '../levels.ts';
import { recognizeTimestamp, scanTimestamp, type TimeLayout } from './time-layout.ts';

export type FieldKind = 'time' | 'level' | 'letter' | 'int' | 'pidtid' | 'bracket' | 'tag' | 'word';

export interface Field {
  kind: FieldKind;
  start: number;
  end: number;
  /** The value: inside its brackets, after its `key=`. */
  value: string;
  /** The opening bracket around the value (`[`, `(`, `<`, `{`), if any. */
  open?: string;
  /** A `key=` before the value (logfmt: `time=`, `level=`). */
  key?: string;
  layout?: TimeLayout;
  /** A tag: written with a `[pid]`, with ` (…)` after it. */
  tagPid?: boolean;
  tagAddr?: boolean;
  /** A level written with a module before it: `:` for Apache's `[core:error]`, `.` for Monolog's `app.ERROR:`. */
  module?: ':' | '.';
  /** A bracketed time with more after it (Ruby's `[2024-01-05T10:00:00.123456 #1234]`). */
  rest?: boolean;
  /** Nested brackets inside a bracketed field. */
  nested?: boolean;
  /** Spaces inside the brackets around the value (`[INFO ]`, Spring Boot's `[           main]`). */
  padded?: boolean;
  /** The text between this field and the next (spaces and `|`, `,`, `;`, `:`). */
  sep: string;
}

/** Fields read at the start of a line. */
export const MAX_FIELDS = 12;
/** Characters of a line in which fields are looked for. */
export const FIELD_SPAN = 600;
const MAX_BRACKET = 256;
const MAX_SEP = 64;

const CLOSE: Record<string, string> = { '[': ']', '(': ')', '<': '>', '{': '}' };
const LETTERS = 'VDIWEFA';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9;

/** A level word: letters (and PostgreSQL's `DEBUG1`-`DEBUG5`) that the vocabulary knows. */
function levelWordAt(s: string, i: number): number {
  let n = 0;
  while (n < 14 && isAlpha(s.charCodeAt(i + n))) n++;
  if (n < 2 || n > 13) return 0;
  if (isDigit(s.charCodeAt(i + n)) && !isDigit(s.charCodeAt(i + n + 1))) n++;
  return levelIndex(s.slice(i, i + n)) >= 0 ? n : 0;
}

/** Where the bracket opened at i closes (nesting counted), or -1. */
function closeOf(s: string, i: number): [number, boolean] {
  const open = s[i]!;
  const close = CLOSE[open]!;
  let depth = 0;
  let nested = false;
  const limit = Math.min(s.length, i + MAX_BRACKET);
  for (let j = i; j < limit; j++) {
    const c = s[j];
    if (c === open) {
      depth++;
      if (depth > 1) nested = true;
    } else if (c === close) {
      depth--;
      if (depth === 0) return [j, nested];
    }
  }
  return [-1, false];
}

/** After a value: the next character ends a field (space, a separator, a closing bracket, the end). */
function ends(s: string, i: number): boolean {
  if (i >= s.length) return true;
  const c = s[i];
  return c === ' ' || c === '\t' || c === '|' || c === ',' || c === ';' || c === ':' || c === ']' || c === ')' || c === '>';
}

function readSep(s: string, i: number): number {
  let j = i;
  while (j < s.length && j - i < MAX_SEP) {
    const c = s.charCodeAt(j);
    if (isSpace(c) || c === 124 || c === 59) j++; // space, tab, | ;
    else if (c === 44 && (j + 1 >= s.length || isSpace(s.charCodeAt(j + 1)))) j++; // `, `
    else if (c === 58 && j === i) j++; // `:` right after a field
    else break;
  }
  return j;
}

function classifyBracket(s: string, i: number, close: number, nested: boolean): Field {
  const open = s[i]!;
  const inner = s.slice(i + 1, close);
  const value = inner.trim();
  const base = { start: i, end: close + 1, value, open, sep: '' };
  const layout = recognizeTimestamp(value);
  if (layout) return { ...base, kind: 'time', layout };
  const lead = scanTimestamp(value, 0);
  if (lead && value[lead.end] === ' ') return { ...base, kind: 'time', layout: lead.layout, value: value.slice(0, lead.end), rest: true };
  if (levelWordAt(value, 0) === value.length && value.length > 0) return inner === value ? { ...base, kind: 'level' } : { ...base, kind: 'level', padded: true };
  // `[core:error]`: a module and a level.
  const colon = value.indexOf(':');
  if (colon > 0 && colon < 64 && !/\s/.test(value.slice(0, colon)) && levelWordAt(value, colon + 1) === value.length - colon - 1 && value.length > colon + 1) {
    return { ...base, kind: 'level', module: ':', value: value.slice(colon + 1) };
  }
  if (/^\d{1,20}$/.test(value)) return { ...base, kind: 'int' };
  const field: Field = { ...base, kind: 'bracket' };
  if (nested) field.nested = true;
  if (inner !== value) field.padded = true;
  return field;
}

/** A word, and whether it is a tag (`name:`, `name[pid]:`, `name[pid] (…):`). */
function readWord(s: string, i: number, splitColon: boolean): Field {
  let j = i;
  const limit = Math.min(s.length, i + MAX_BRACKET);
  while (j < limit) {
    const c = s.charCodeAt(j);
    if (isSpace(c) || c === 124) break;
    if (c === 44 && (j + 1 >= s.length || isSpace(s.charCodeAt(j + 1)))) break;
    if (c === 58 && j > i && (splitColon || j + 1 >= s.length || isSpace(s.charCodeAt(j + 1)))) break;
    if (c === 91 && j > i && /^\[\d{1,10}\](?::|\s\()/.test(s.slice(j, j + 14))) break;
    if (c === 61 && s.charCodeAt(j + 1) === 34) {
      // key="quoted value"
      const q = s.indexOf('"', j + 2);
      j = q < 0 || q > limit ? limit : q + 1;
      continue;
    }
    j++;
  }
  const word: Field = { kind: 'word', start: i, end: j, value: s.slice(i, j), sep: '' };
  let k = j;
  let tagPid = false;
  let tagAddr = false;
  if (s[k] === '[') {
    const m = /^\[\d{1,10}\]/.exec(s.slice(k, k + 13));
    if (m) {
      tagPid = true;
      k += m[0].length;
    }
  }
  if (s[k] === ' ' && s[k + 1] === '(' && tagPid) {
    const [close] = closeOf(s, k + 1);
    if (close > 0 && s[close + 1] === ':') {
      tagAddr = true;
      k = close + 1;
    }
  }
  if (s[k] === ':' && j > i) {
    // Monolog's `channel.LEVEL:`: a level with its channel before it.
    const dot = word.value.lastIndexOf('.');
    if (!tagPid && !tagAddr && dot > 0 && dot < 64 && levelWordAt(word.value, dot + 1) === word.value.length - dot - 1) {
      return { ...word, kind: 'level', module: '.', value: word.value.slice(dot + 1) };
    }
    const tag: Field = { ...word, kind: 'tag', end: k };
    if (tagPid) tag.tagPid = true;
    if (tagAddr) tag.tagAddr = true;
    return tag;
  }
  return word;
}

/** The field that starts at i. `prevSep` is the separator before it. */
function readField(s: string, i: number, prevSep: string): Field {
  const c = s.charCodeAt(i);
  const ch = s[i]!;
  if (CLOSE[ch]) {
    const [close, nested] = closeOf(s, i);
    // A bracket glued to more text (`[unknown]@[unknown]`) is part of a word.
    const after = s[close + 1];
    const glued = after !== undefined && !ends(s, close + 1) && !CLOSE[after];
    if (close > i && !glued) return classifyBracket(s, i, close, nested);
  }
  if (isDigit(c) || isAlpha(c)) {
    const t = scanTimestamp(s, i);
    if (t && ends(s, t.end)) return { kind: 'time', start: i, end: t.end, value: s.slice(i, t.end), layout: t.layout, sep: '' };
  }
  if (c === 45 && isDigit(s.charCodeAt(i + 1))) {
    // A negative number.
    let j = i + 1;
    while (j < s.length && isDigit(s.charCodeAt(j))) j++;
    if (j - i <= 21 && ends(s, j)) return { kind: 'int', start: i, end: j, value: s.slice(i, j), sep: '' };
  }
  if (isDigit(c)) {
    let j = i;
    while (j < s.length && isDigit(s.charCodeAt(j))) j++;
    if (j - i <= 20 && ends(s, j)) return { kind: 'int', start: i, end: j, value: s.slice(i, j), sep: '' };
    if (s[j] === '#') {
      let k = j + 1;
      while (k < s.length && isDigit(s.charCodeAt(k))) k++;
      if (k > j + 1 && k - i <= 41 && ends(s, k)) return { kind: 'pidtid', start: i, end: k, value: s.slice(i, k), sep: '' };
    }
  }
  if (isAlpha(c)) {
    const n = levelWordAt(s, i);
    if (n > 0 && ends(s, i + n)) return { kind: 'level', start: i, end: i + n, value: s.slice(i, i + n), sep: '' };
    if (LETTERS.includes(ch) && (s[i + 1] === ' ' || s[i + 1] === '/')) return { kind: 'letter', start: i, end: i + 1, value: ch, sep: '' };
    // glog and klog glue the level letter to the date: `I0105 10:00:00.123456`.
    if ('IWEF'.includes(ch) && isDigit(s.charCodeAt(i + 1)) && scanTimestamp(s, i + 1)?.layout.pattern.startsWith('MMdd ')) {
      return { kind: 'letter', start: i, end: i + 1, value: ch, sep: '' };
    }
    // logfmt: `time=…`, `level=…`.
    const eq = /^[A-Za-z_@][\w.@]{0,30}=/.exec(s.slice(i, i + 33));
    if (eq) {
      const at = i + eq[0].length;
      const quoted = s[at] === '"';
      const v = quoted ? at + 1 : at;
      const t = scanTimestamp(s, v);
      if (t && (quoted ? s[t.end] === '"' : ends(s, t.end))) {
        return { kind: 'time', start: i, end: t.end + (quoted ? 1 : 0), value: s.slice(v, t.end), layout: t.layout, key: eq[0] + (quoted ? '"' : ''), sep: '' };
      }
      const n2 = levelWordAt(s, at);
      if (n2 > 0 && ends(s, at + n2)) return { kind: 'level', start: i, end: at + n2, value: s.slice(at, at + n2), key: eq[0], sep: '' };
    }
  }
  return readWord(s, i, prevSep === ':');
}

/**
 * The fields at the start of `line`. A line that starts with a space or a tab has none: it
 * continues the record above, whatever follows.
 */
export function readFields(line: string): Field[] {
  const fields: Field[] = [];
  if (line.length === 0 || isSpace(line.charCodeAt(0))) return fields;
  const span = Math.min(line.length, FIELD_SPAN);
  let i = 0;
  let prevSep = '';
  while (i < span && fields.length < MAX_FIELDS) {
    const f = readField(line, i, prevSep);
    if (f.end <= i) break;
    const next = readSep(line, f.end);
    f.sep = line.slice(f.end, next);
    fields.push(f);
    prevSep = f.sep;
    if (next === f.end && next < line.length && (f.kind === 'word' || f.kind === 'tag' || f.kind === 'pidtid')) {
      // A word that ran into something no field starts with: the rest is free text.
      break;
    }
    i = next;
  }
  return fields;
}

/** The separator as a class: each run of spaces and tabs as one space. */
export function sepClass(sep: string): string {
  return sep.replace(/[ \t]+/g, ' ');
}
