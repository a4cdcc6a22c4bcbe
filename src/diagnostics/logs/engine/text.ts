/**
 * Strings from bytes: the only conversions the engine makes, and only for the fields it keeps.
 * The web versions work everywhere; Node gives faster ones (see ../node/text.ts).
 */
export interface TextOps {
  /** UTF-8 text of `b[s, e)`, invalid bytes as U+FFFD (as `TextDecoder` decodes them). */
  utf8(b: Uint8Array, s: number, e: number): string;
  /** One character per byte: exact for ASCII, a byte string otherwise (a key to count, not to show). */
  latin1(b: Uint8Array, s: number, e: number): string;
  /** Invalid UTF-8 sequences in `b` (each decoded as one U+FFFD). */
  invalidSequences(b: Uint8Array): number;
  /** `latin1` is cheap enough to parse JSON lines as byte strings (decoding only what is kept). */
  byteStrings?: boolean;
}

import { decodeAt } from './byte-regex.ts';

const decoder = new TextDecoder();

export const webText: TextOps = {
  utf8(b, s, e) {
    // Short ASCII runs are common (levels, loggers): build them without the decoder's call cost.
    if (e - s <= 24) {
      let ascii = true;
      for (let i = s; i < e; i++) if (b[i]! >= 128) ascii = false;
      if (ascii) return latin1(b, s, e);
    }
    return decoder.decode(b.subarray(s, e));
  },
  latin1,
  invalidSequences: countInvalid,
};

const fatal = new TextDecoder('utf-8', { fatal: true });

/** Invalid UTF-8 sequences, counted as the decoder replaces them (one maximal subpart each). */
export function countInvalid(b: Uint8Array): number {
  try {
    fatal.decode(b);
    return 0;
  } catch {
    // count below
  }
  let n = 0;
  for (let p = 0; p < b.length;) {
    if (b[p]! < 0x80) {
      p++;
      continue;
    }
    const d = decodeAt(b, p, b.length);
    if (d >>> 3 === 0xfffd && !(b[p] === 0xef && b[p + 1] === 0xbf && b[p + 2] === 0xbd)) n++;
    p += d & 7;
  }
  return n;
}

function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 64) {
    let out = '';
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  let out = '';
  for (let i = s; i < e; i += 8192) out += String.fromCharCode.apply(null, b.subarray(i, Math.min(e, i + 8192)) as unknown as number[]);
  return out;
}

/** The UTF-8 bytes of a byte string made by `latin1`, decoded. */
const HIGH = /[\u0080-\u00ff]/;

export function byteStringToText(s: string): string {
  if (!HIGH.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return decoder.decode(bytes);
}
