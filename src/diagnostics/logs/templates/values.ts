/** Values in a message: quoted values, `key=value` values, maps, lists and object descriptions. */
import { CLASS, classOf, isAlnum, isAlpha, isSpaceU, QUOTE, QUOTE_SPAN, type Scan, SPACE, VAR, WORD } from './chars.ts';
import { requestLine } from './requests.ts';

// Closing quote of each opening quote outside ASCII.
export const CLOSE_QUOTE = new Map<number, number>([
  [0x201c, 0x201d], // “ ”
  [0x300c, 0x300d], // 「 」
  [0x300e, 0x300f], // 『 』
]);


/**
 * A composite value: a map (`{a: 1}`, `{k=v}`), a list of several items (`[a, b]`) or an object's
 * description (`<Task pending name=…>`, `<function f at 0x…>`), whole and balanced within
 * QUOTE_SPAN: one mask, whatever its length. A message that is one JSON object keeps its keys.
 */
export function composite(scan: Scan, i: number, end: number, open: number): number {
  const s = scan.s;
  const close = open === 123 ? 125 : open === 91 ? 93 : 62;
  if (open === 60 && !isAlpha(s.charCodeAt(i + 1))) return i + 1;
  const max = Math.min(end, i + QUOTE_SPAN);
  let depth = 0;
  let inside = false; // what the content needs: `:` or `=` in a map, `,` in a list, a space in a description
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === open) depth++;
    else if (c === close) {
      if (--depth === 0) {
        if (!inside) return i + 1;
        scan.replace(i, j + 1, VAR);
        return j + 1;
      }
    } else if (c === 10) return i + 1;
    else if (depth === 1 && !inside) {
      inside = open === 123 ? c === 58 || c === 61 : open === 91 ? c === 44 : c === 32;
    }
  }
  return i + 1;
}

/** `=`: after a key, its value is masked (the whole of a quoted or bracketed value). */
export function equals(scan: Scan, i: number, end: number): number {
  const s = scan.s;
  const before = i > 0 ? s.charCodeAt(i - 1) : 32;
  const next = i + 1 < end ? s.charCodeAt(i + 1) : 32;
  const keyBefore = before < 128 ? CLASS[before] === WORD || before === 93 || before === 41 || before === 34 : false;
  if (!keyBefore || i + 1 >= end) return i + 1;
  const kn = classOf(next);
  if (kn === SPACE || next === 61 || next === 62 || next === 44 || next === 59 || next === 41 || next === 93 || next === 125) return i + 1;
  if (s.startsWith(VAR, i + 1)) return i + 1 + VAR.length; // already masked
  let j: number;
  if (kn === QUOTE || CLOSE_QUOTE.has(next)) {
    const close = kn === QUOTE ? next : CLOSE_QUOTE.get(next)!;
    const q = closingQuote(s, i + 2, end, close);
    j = q < 0 ? valueEnd(s, i + 1, end) : q + 1;
  } else if (next === 91 || next === 123 || next === 40) {
    j = bracketEnd(s, i + 1, end);
  } else {
    j = valueEnd(s, i + 1, end);
  }
  scan.replace(i + 1, j, VAR);
  return j;
}

/** The end of an unquoted value: white space, `,`, `;`, `&`, or a closing bracket. */
function valueEnd(s: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c < 128) {
      const k = CLASS[c]!;
      if (k === SPACE || c === 44 || c === 59 || c === 38 || c === 41 || c === 93 || c === 125 || c === 62) break;
    } else if (isSpaceU(c)) break;
    j++;
  }
  return j;
}

/** The end of a bracketed value opened at i (nested brackets counted; bounded; unclosed: the value's end). */
function bracketEnd(s: string, i: number, end: number): number {
  let depth = 0;
  const max = Math.min(end, i + QUOTE_SPAN);
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === 91 || c === 123 || c === 40) depth++;
    else if (c === 93 || c === 125 || c === 41) {
      if (--depth === 0) return j + 1;
    } else if (c === 10) break;
  }
  return valueEnd(s, i, end);
}

/** Index of the quote `close` ending a quoted value that starts at i (contents), or -1. */
function closingQuote(s: string, i: number, end: number, close: number): number {
  const max = Math.min(end, i + QUOTE_SPAN);
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === close) return j;
    if (c === 92) j++; // backslash escape
    else if (c === 10) return -1;
  }
  return -1;
}

/** An ASCII quote at i. */
export function quote(scan: Scan, i: number, end: number, q: number): number {
  const s = scan.s;
  if (q === 39 || q === 96) {
    // An apostrophe inside or after a word (can't, users') opens nothing.
    const before = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (isAlnum(before) || before === 95) return i + 1;
  }
  return quoteTo(scan, i, end, q);
}

/** A quoted value opened at i and closed by `close`: masked, but for JSON keys and request lines. */
export function quoteTo(scan: Scan, i: number, end: number, close: number): number {
  const s = scan.s;
  const q = closingQuote(s, i + 1, end, close);
  if (q < 0) return i + 1;
  if (close === 39) {
    // A closing apostrophe is followed by no letter (it's → not a quote).
    const after = q + 1 < end ? s.charCodeAt(q + 1) : 32;
    if (isAlnum(after)) return i + 1;
  }
  const after = q + 1 < end ? s.charCodeAt(q + 1) : 32;
  if ((close === 34 || close === 39) && after === 58 && q > i + 1 && opensEntry(s, i)) return q + 1; // a JSON or Python dict key stays
  if (close === 34 && requestLine(scan, i + 1, q)) return q + 1;
  scan.replace(i + 1, q, VAR);
  return q + 1;
}

/** Whether the quote at i starts an entry of a map: after `{` or `,` (and spaces). */
function opensEntry(s: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && s.charCodeAt(k) === 32) k--;
  return k >= 0 && (s.charCodeAt(k) === 123 || s.charCodeAt(k) === 44);
}

