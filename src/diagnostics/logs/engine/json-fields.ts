/**
 * The few fields a JSON log line is read for, found on its bytes without building the object.
 *
 * The scanner checks the whole line against the JSON grammar (so it accepts exactly the lines
 * `JSON.parse` accepts, whose top level is an object), notes where the values of the keys it was
 * asked about start and end, and keeps the last one of a repeated key, as `JSON.parse` does. A
 * value is turned into a JavaScript value only when asked: a string without escapes is decoded
 * from its bytes, anything else through `JSON.parse` of that value alone. A key with an escape in
 * it sends the line to `JSON.parse` (the slow path, which gives the same answers). A property test
 * holds `pick` equal to reading the `JSON.parse` result.
 */

/** Value kinds, as stored in a scan's table. */
export const STRING = 1;
export const NUMBER = 2;
export const OTHER = 3; // object, array, true, false, null

const MAX_DEPTH = 256;

/** The keys of interest, compiled to compare against raw key bytes. */
export class KeySet {
  readonly keys: string[];
  /** For a key byte length: the indices of keys of that length (and their bytes). */
  private readonly byLength: { index: number; bytes: Uint8Array }[][] = [];
  /** Dotted paths (`http.response.status_code`): the key of their first step must be scanned too. */
  readonly paths: { index: number; steps: string[] }[] = [];

  constructor(keys: readonly string[]) {
    this.keys = [...new Set(keys)];
    const encoder = new TextEncoder();
    const add = (key: string, index: number) => {
      const bytes = encoder.encode(key);
      (this.byLength[bytes.length] ??= []).push({ index, bytes });
    };
    this.keys.forEach((k, i) => add(k, i));
    this.keys.forEach((k, i) => {
      if (k.includes('.')) this.paths.push({ index: i, steps: k.split('.') });
    });
    for (const p of this.paths) {
      const first = p.steps[0]!;
      if (!this.keys.includes(first)) {
        this.keys.push(first);
        add(first, this.keys.length - 1);
      }
    }
  }

  /** The index of the key in `b[s, e)` (raw, no escapes), or -1. */
  find(b: Uint8Array, s: number, e: number): number {
    const list = this.byLength[e - s];
    if (list === undefined) return -1;
    outer: for (let k = 0; k < list.length; k++) {
      const { index, bytes } = list[k]!;
      for (let i = 0; i < bytes.length; i++) if (b[s + i] !== bytes[i]) continue outer;
      return index;
    }
    return -1;
  }
}

/** The result of a scan: per key, the kind and byte range of its value (kind 0: absent). */
export class JsonScan {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** The string value has an escape in it. */
  escaped: Uint8Array;
  b: Uint8Array = new Uint8Array(0);

  constructor(keys: number) {
    this.kind = new Uint8Array(keys);
    this.start = new Int32Array(keys);
    this.end = new Int32Array(keys);
    this.escaped = new Uint8Array(keys);
  }
}

export type ScanOutcome = 'ok' | 'invalid' | 'slow';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Position after the string whose opening quote is at `q`, or -1; `escaped` notes a backslash in it. */
let escaped = false;
function skipString(b: Uint8Array, q: number, e: number): number {
  escaped = false;
  q++;
  for (;;) {
    // The closing quote, then no control character and no backslash before it: the common case.
    let close = b.indexOf(34, q);
    if (close < 0 || close >= e) return -1;
    let i = q;
    while (i < close) {
      const c = b[i]!;
      if (c < 32) return -1;
      if (c === 92) break;
      i++;
    }
    if (i === close) return close + 1;
    // An escape at i: check it, then go on after it.
    escaped = true;
    const d = b[i + 1];
    if (d === 117) {
      if (i + 5 >= e || !isHex(b[i + 2]!) || !isHex(b[i + 3]!) || !isHex(b[i + 4]!) || !isHex(b[i + 5]!)) return -1;
      q = i + 6;
    } else if (d === 34 || d === 92 || d === 47 || d === 98 || d === 102 || d === 110 || d === 114 || d === 116) {
      q = i + 2;
    } else return -1;
    close = q;
  }
}

function skipNumber(b: Uint8Array, q: number, e: number): number {
  if (b[q] === 45) q++;
  if (q >= e) return -1;
  if (b[q] === 48) q++;
  else if (b[q]! >= 49 && b[q]! <= 57) while (q < e && isDigit(b[q]!)) q++;
  else return -1;
  if (q < e && b[q] === 46) {
    q++;
    if (q >= e || !isDigit(b[q]!)) return -1;
    while (q < e && isDigit(b[q]!)) q++;
  }
  if (q < e && (b[q] === 101 || b[q] === 69)) {
    q++;
    if (q < e && (b[q] === 43 || b[q] === 45)) q++;
    if (q >= e || !isDigit(b[q]!)) return -1;
    while (q < e && isDigit(b[q]!)) q++;
  }
  return q;
}

const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
const NULL = [110, 117, 108, 108];

function skipLiteral(b: Uint8Array, q: number, e: number, word: readonly number[]): number {
  if (q + word.length > e) return -1;
  for (let i = 0; i < word.length; i++) if (b[q + i] !== word[i]) return -1;
  return q + word.length;
}

function skipWs(b: Uint8Array, q: number, e: number): number {
  while (q < e) {
    const c = b[q]!;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return q;
    q++;
  }
  return q;
}

/** A member key and its colon, from the quote at `q`: the position after the colon, or -1. */
function skipKey(b: Uint8Array, q: number, e: number): number {
  if (b[q] !== 34) return -1;
  q = skipString(b, q, e);
  if (q < 0) return -1;
  q = skipWs(b, q, e);
  return b[q] === 58 ? q + 1 : -1;
}

const stack = new Uint8Array(MAX_DEPTH + 1);

/**
 * Any value at `q` (after whitespace): the position after it, -1 when invalid, -2 when nested
 * too deep (read by JSON.parse then). Iterative over a stack of open containers.
 */
function skipValue(b: Uint8Array, q: number, e: number): number {
  let depth = 0;
  for (;;) {
    q = skipWs(b, q, e);
    if (q >= e) return -1;
    const c = b[q]!;
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) return -2;
      stack[depth++] = c;
      q = skipWs(b, q + 1, e);
      if (q < e && b[q] === (c === 123 ? 125 : 93)) {
        depth--;
        q++;
      } else {
        if (c === 123) {
          q = skipKey(b, q, e);
          if (q < 0) return -1;
        }
        continue;
      }
    } else if (c === 34) q = skipString(b, q, e);
    else if (c === 45 || isDigit(c)) q = skipNumber(b, q, e);
    else if (c === 116) q = skipLiteral(b, q, e, TRUE);
    else if (c === 102) q = skipLiteral(b, q, e, FALSE);
    else if (c === 110) q = skipLiteral(b, q, e, NULL);
    else return -1;
    if (q < 0) return -1;
    // After a value: a comma and the next member or element, or the close of containers.
    for (;;) {
      if (depth === 0) return q;
      q = skipWs(b, q, e);
      if (q >= e) return -1;
      const top = stack[depth - 1]!;
      if (b[q] === 44) {
        q++;
        if (top === 123) {
          q = skipKey(b, skipWs(b, q, e), e);
          if (q < 0) return -1;
        }
        break;
      }
      if (b[q] === (top === 123 ? 125 : 93)) {
        depth--;
        q++;
        continue;
      }
      return -1;
    }
  }
}

/**
 * Scan the JSON text in `b[s, e)`: `ok` (a valid object; `out` holds the keys found), `invalid`
 * (JSON.parse would throw, or the top level is not an object), or `slow` (valid-looking but a key
 * of the object has an escape, or nesting is very deep: read it with JSON.parse).
 */
export function scanJson(b: Uint8Array, s: number, e: number, keys: KeySet, out: JsonScan): ScanOutcome {
  out.kind.fill(0);
  out.b = b;
  let slow = false;
  let p = skipWs(b, s, e);
  if (p >= e || b[p] !== 123) return 'invalid';
  p = skipWs(b, p + 1, e);
  if (p < e && b[p] === 125) {
    p++;
  } else {
    for (;;) {
      p = skipWs(b, p, e);
      if (b[p] !== 34) return 'invalid';
      const keyStart = p + 1;
      p = skipString(b, p, e);
      if (p < 0) return 'invalid';
      const keyEscaped = escaped;
      const keyEnd = p - 1;
      p = skipWs(b, p, e);
      if (b[p] !== 58) return 'invalid';
      p = skipWs(b, p + 1, e);
      const valueStart = p;
      const c = b[p];
      p = skipValue(b, p, e);
      if (p === -2) return 'slow';
      if (p < 0) return 'invalid';
      if (keyEscaped) slow = true;
      else {
        const k = keys.find(b, keyStart, keyEnd);
        if (k >= 0) {
          out.kind[k] = c === 34 ? STRING : c === 45 || isDigit(c!) ? NUMBER : OTHER;
          out.start[k] = valueStart;
          out.end[k] = p;
          out.escaped[k] = c === 34 && escaped ? 1 : 0;
        }
      }
      p = skipWs(b, p, e);
      if (b[p] === 44) {
        p++;
        continue;
      }
      if (b[p] === 125) {
        p++;
        break;
      }
      return 'invalid';
    }
  }
  p = skipWs(b, p, e);
  if (p !== e) return 'invalid';
  return slow ? 'slow' : 'ok';
}

const utf8 = new TextDecoder();

/**
 * The JavaScript value of key `k` after a scan (undefined when absent), as `JSON.parse` gives it:
 * `null` values count as absent, as `pickField` treats them.
 */
export function valueOf(scan: JsonScan, k: number, text?: { utf8(b: Uint8Array, s: number, e: number): string }): unknown {
  const kind = scan.kind[k];
  if (!kind) return undefined;
  const b = scan.b;
  const s = scan.start[k]!;
  const e = scan.end[k]!;
  if (kind === STRING && !scan.escaped[k]) return text ? text.utf8(b, s + 1, e - 1) : utf8.decode(b.subarray(s + 1, e - 1));
  if (kind === NUMBER && e - s < 16) {
    // A short plain number: what JSON.parse gives, without it.
    const v = Number(text ? text.utf8(b, s, e) : utf8.decode(b.subarray(s, e)));
    if (Number.isFinite(v)) return v;
  }
  const value: unknown = JSON.parse(text ? text.utf8(b, s, e) : utf8.decode(b.subarray(s, e)));
  return value === null ? undefined : value;
}
