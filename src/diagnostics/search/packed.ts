/**
 * Numbers packed in strings, the form the saved search index keeps its large tables in: JSON
 * parses one string far faster than an array of numbers, and loading reads the string where a
 * query needs it instead of decoding it.
 *
 * `pack`: one number per UTF-16 code unit (`BASE` + n, from U+0100, so JSON needs no escapes and
 * no control character appears); larger numbers take an escape and two units. `packFixed`:
 * numbers below 2^30, two units each (15 bits in each), read by position.
 */

export const BASE = 0x100;
/** Largest number packed in one unit (BASE + n stays below the surrogates). */
export const MAX_DIRECT = 0xd7ff - BASE;
const ESCAPE = 0xe000;
const LOW_BITS = 15;

function fromUnits(units: number[]): string {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

export function pack(values: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= MAX_DIRECT) units.push(BASE + v);
    else units.push(ESCAPE, BASE + Math.floor(v / 2 ** LOW_BITS), BASE + (v % 2 ** LOW_BITS));
  }
  return fromUnits(units);
}

/** Code units `pack` takes for `v`. */
export function packedUnits(v: number): number {
  return v <= MAX_DIRECT ? 1 : 3;
}

/** Reads packed numbers from `at`. */
export class Reader {
  readonly s: string;
  at: number;
  constructor(s: string, at = 0) {
    this.s = s;
    this.at = at;
  }

  next(): number {
    const c = this.s.charCodeAt(this.at++);
    if (c !== ESCAPE) return c - BASE;
    const high = this.s.charCodeAt(this.at++) - BASE;
    return high * 2 ** LOW_BITS + this.s.charCodeAt(this.at++) - BASE;
  }
}

/** Numbers below 2^30, two code units each, for reading by position. */
export function packFixed(values: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i < values.length; i++) units.push(BASE + Math.floor(values[i]! / 2 ** LOW_BITS), BASE + (values[i]! % 2 ** LOW_BITS));
  return fromUnits(units);
}

/** The number at position `i` of `packFixed`'s string. */
export function fixedAt(s: string, i: number): number {
  return (s.charCodeAt(2 * i) - BASE) * 2 ** LOW_BITS + s.charCodeAt(2 * i + 1) - BASE;
}

/** Every number of `pack`'s string, into a typed array; undefined when the string is not packed numbers. */
export function unpack(s: string): Int32Array | undefined {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === ESCAPE) i += 2;
    else if (c < BASE || c > BASE + MAX_DIRECT) return undefined;
    count++;
  }
  const out = new Int32Array(count);
  const r = new Reader(s);
  for (let i = 0; i < count; i++) out[i] = r.next();
  return r.at === s.length ? out : undefined;
}
