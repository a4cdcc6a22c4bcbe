/**
 * What the bytes of a log are: gzip, another container (refused with a name), binary, or text in
 * an encoding. Detected from a sample of the first bytes, never asked:
 * 1. a byte-order mark (UTF-8, UTF-16LE/BE);
 * 2. UTF-16 without a mark, from the zero bytes of its ASCII characters;
 * 3. valid UTF-8 (ASCII included);
 * 4. NUL and control bytes: binary; but a run of zero bytes is a zero-filled block, which a crash or
 *    a power loss leaves in a file being written, and says nothing about the text around it;
 * 5. otherwise chardet's guess, with Big5 and GB18030 (GBK) told apart by how many of the decoded
 *    characters are among the most common Chinese ones in each script (chardet needs more text
 *    than a few log lines to choose between them).
 */
import chardet from 'chardet';
import { magicKind } from '../file-magic.ts';
import { COMMON_HAN } from './common-han.ts';
import { decodeAt } from './engine/byte-regex.ts';
import type { Container } from './types.ts';

export const SAMPLE_BYTES = 64 * 1024;

/** The kinds of file `containerOf` recognises (listed in `types.ts`, part of the summary). */
export type { Container };

export interface Sniff {
  kind: 'text' | 'binary' | 'empty';
  /** WHATWG encoding label for TextDecoder: `utf-8`, `utf-16le`, `big5`, `gb18030`, … */
  encoding: string;
  /** The sample starts with a byte-order mark (of `encoding`). */
  bom: boolean;
  /** A known non-text file type, when recognised. */
  container?: Container;
  /** How sure the guess is (0-100); 100 for a mark or valid UTF-8. */
  confidence: number;
}

/** The kind of non-text file a sample starts with, if any (`file-magic.ts`, shared with the database checker). */
export function containerOf(bytes: Uint8Array): Container | undefined {
  return magicKind(bytes);
}

/** True when `bytes` is valid UTF-8, allowing a character cut at the very end of the sample. */
export function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  let end = bytes.length;
  if (!complete) {
    // Drop a possibly cut last character: up to 3 bytes after the last lead byte.
    let back = 0;
    while (back < 4 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
    if (end - back - 1 >= 0 && bytes[end - back - 1]! >= 0xc0) end = end - back - 1;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Valid multi-byte UTF-8 sequences and invalid ones (as the decoder would replace them) in a sample. */
export function utf8Sequences(bytes: Uint8Array, complete: boolean): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  const end = complete ? bytes.length : Math.max(0, bytes.length - 4);
  for (let i = 0; i < end;) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const d = decodeAt(bytes, i, bytes.length);
    if (d >>> 3 === 0xfffd && !(c === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd)) invalid++;
    else valid++;
    i += d & 7;
  }
  return { valid, invalid };
}

function utf16Guess(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** Zero bytes in a row from which they are read as a zero-filled block, not as binary data. */
export const ZERO_RUN = 16;

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let nul = 0;
  let control = 0;
  let zeroBlocks = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      let end = i + 1;
      while (end < n && bytes[end] === 0) end++;
      // A long run is a zero-filled block; a short one counts once, however long: binary data has
      // zero bytes scattered all over, text hit by one write of zeros has a run or two.
      if (end - i >= ZERO_RUN) zeroBlocks += end - i;
      else nul++;
      i = end - 1;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  const rest = n - zeroBlocks;
  if (rest === 0) return false;
  return nul > rest * 0.001 || nul > 8 || control > rest * 0.05;
}

/** Share (0-1) of the Han characters of `text` that are among the common ones. */
export function commonHanShare(text: string): { han: number; share: number } {
  let han = 0;
  let common = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x20000 && c <= 0x2ffff)) {
      han++;
      if (COMMON_HAN.has(ch)) common++;
    } else if (c === 0xfffd) {
      han++; // a replacement counts against the candidate
    }
  }
  return { han, share: han === 0 ? 0 : common / han };
}

const CHARDET_TO_WHATWG: Record<string, string> = {
  'UTF-8': 'utf-8', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be', Big5: 'big5', GB18030: 'gb18030',
  'Shift_JIS': 'shift_jis', 'EUC-JP': 'euc-jp', 'EUC-KR': 'euc-kr', 'ISO-2022-JP': 'iso-2022-jp',
  'ISO-8859-1': 'windows-1252', 'windows-1252': 'windows-1252', 'ISO-8859-2': 'iso-8859-2', 'ISO-8859-5': 'iso-8859-5',
  'ISO-8859-6': 'iso-8859-6', 'ISO-8859-7': 'iso-8859-7', 'ISO-8859-8': 'iso-8859-8', 'ISO-8859-9': 'windows-1254',
  'windows-1250': 'windows-1250', 'windows-1251': 'windows-1251', 'windows-1253': 'windows-1253', 'windows-1254': 'windows-1254',
  'windows-1255': 'windows-1255', 'windows-1256': 'windows-1256', 'KOI8-R': 'koi8-r',
};

function decodes(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Classify a sample of the first bytes. `complete` says the sample is the whole input (so a cut
 * character at its end is an error, not an artefact of sampling).
 */
export function sniff(sample: Uint8Array, complete: boolean): Sniff {
  if (sample.length === 0) return { kind: 'empty', encoding: 'utf-8', bom: false, confidence: 100 };
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { kind: 'text', encoding: 'utf-8', bom: true, confidence: 100 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le', bom: true, confidence: 100 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { kind: 'text', encoding: 'utf-16be', bom: true, confidence: 100 };
  const container = containerOf(sample);
  if (container) return { kind: 'binary', encoding: 'utf-8', bom: false, container, confidence: 100 };
  const utf16 = utf16Guess(sample);
  if (utf16) return { kind: 'text', encoding: utf16, bom: false, confidence: 90 };
  if (looksBinary(sample)) return { kind: 'binary', encoding: 'utf-8', bom: false, confidence: 90 };
  if (isUtf8(sample, complete)) return { kind: 'text', encoding: 'utf-8', bom: false, confidence: 100 };
  // Valid UTF-8 but for a few bad sequences (a cut write, a stray byte): still UTF-8, the bad bytes
  // read as U+FFFD and counted. Another encoding makes few valid multi-byte UTF-8 sequences.
  const { valid, invalid } = utf8Sequences(sample, complete);
  if (valid >= 8 && invalid <= Math.max(2, valid / 100)) return { kind: 'text', encoding: 'utf-8', bom: false, confidence: 95 };

  const guesses = chardet.analyse(sample);
  const top = guesses[0];
  const topLabel = top ? CHARDET_TO_WHATWG[top.name] : undefined;
  if (top && top.confidence >= 60 && (topLabel === 'big5' || topLabel === 'gb18030')) {
    return { kind: 'text', encoding: topLabel, bom: false, confidence: top.confidence };
  }
  // Chinese text too short for chardet: compare the two decodings.
  let best: { label: string; share: number } | undefined;
  for (const label of ['big5', 'gb18030']) {
    const text = decodes(sample, label);
    if (text === undefined) continue;
    const { han, share } = commonHanShare(text);
    if (han >= 2 && (!best || share > best.share)) best = { label, share };
  }
  if (best && best.share >= 0.3) return { kind: 'text', encoding: best.label, bom: false, confidence: Math.round(best.share * 100) };
  if (top && topLabel) return { kind: 'text', encoding: topLabel, bom: false, confidence: top.confidence };
  return { kind: 'text', encoding: 'windows-1252', bom: false, confidence: 10 };
}
