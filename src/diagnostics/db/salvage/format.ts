/**
 * The pieces of SQLite's file format that salvage reads byte by byte
 * (https://www.sqlite.org/fileformat2.html): varints, b-tree page headers, how much of a cell's
 * payload stays on its page, and records. Everything here is strict: a value that a healthy
 * file could not hold is an error, never a guess.
 */

export const PAGE_TYPE = { indexInterior: 0x02, tableInterior: 0x05, indexLeaf: 0x0a, tableLeaf: 0x0d } as const;

export const isBtreeType = (t: number): boolean => t === 0x02 || t === 0x05 || t === 0x0a || t === 0x0d;
export const isInterior = (t: number): boolean => t === 0x02 || t === 0x05;
export const isTableType = (t: number): boolean => t === 0x05 || t === 0x0d;

export const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
export const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** A 64-bit integer: a number while it is exact, else a bigint. */
export type Int64 = number | bigint;

const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;

function normalize(big: bigint): Int64 {
  const signed = big >= TWO_63 ? big - TWO_64 : big;
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
}

/** Result of reading a varint: its value and length, or length 0 when it runs past `end`. */
export interface Varint {
  value: Int64;
  length: number;
}

/**
 * Read a varint at `at` that must end before `end`. Values of up to 7 bytes (49 bits) are read
 * as numbers; longer ones as 64-bit two's complement, as SQLite stores negative rowids.
 */
export function readVarint(b: Uint8Array, at: number, end: number, out: Varint): boolean {
  let v = 0;
  for (let i = 0; i < 7; i++) {
    if (at + i >= end) return false;
    const byte = b[at + i]!;
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      out.value = v;
      out.length = i + 1;
      return true;
    }
  }
  let big = BigInt(v);
  if (at + 7 >= end) return false;
  const b7 = b[at + 7]!;
  big = (big << 7n) | BigInt(b7 & 0x7f);
  if ((b7 & 0x80) === 0) {
    out.value = normalize(big);
    out.length = 8;
    return true;
  }
  if (at + 8 >= end) return false;
  big = (big << 8n) | BigInt(b[at + 8]!);
  out.value = normalize(big);
  out.length = 9;
  return true;
}

/** Geometry that every page shares. */
export interface Geometry {
  pageSize: number;
  /** Bytes of each page that b-trees use: page size less the reserved bytes. */
  usable: number;
}

/** The most payload a cell keeps on its own page before spilling to overflow pages. */
export function localPayload(payload: number, usable: number, table: boolean): number {
  const maxLocal = table ? usable - 35 : Math.floor(((usable - 12) * 64) / 255) - 23;
  if (payload <= maxLocal) return payload;
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((payload - minLocal) % (usable - 4));
  return k <= maxLocal ? k : minLocal;
}

export interface PageHeader {
  /** Offset of the b-tree header within the page (100 on page 1). */
  base: number;
  type: number;
  firstFreeblock: number;
  cellCount: number;
  contentStart: number;
  fragmented: number;
  /** Right-most child of an interior page, else 0. */
  rightChild: number;
  /** Offset of the first cell pointer. */
  pointers: number;
}

export function pageHeader(page: Uint8Array, pgno: number): PageHeader {
  const base = pgno === 1 ? 100 : 0;
  const type = page[base]!;
  const interior = isInterior(type);
  const raw = u16(page, base + 5);
  return {
    base,
    type,
    firstFreeblock: u16(page, base + 1),
    cellCount: u16(page, base + 3),
    contentStart: raw === 0 ? 65536 : raw,
    fragmented: page[base + 7]!,
    rightChild: interior ? u32(page, base + 8) : 0,
    pointers: base + (interior ? 12 : 8),
  };
}

/** Serial type -> bytes of its value; -1 for the reserved types 10 and 11. */
export function serialSize(t: number): number {
  if (t >= 12) return Math.floor((t - 12) / 2);
  return SIZES[t]!;
}
const SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, -1, -1];

/** Storage classes of record values, as SQLite's `typeof()` names them. */
export const KIND = { null: 0, integer: 1, real: 2, text: 3, blob: 4 } as const;
export type Kind = (typeof KIND)[keyof typeof KIND];

export const kindOfSerial = (t: number): Kind =>
  t === 0 ? KIND.null : t <= 6 || t === 8 || t === 9 ? KIND.integer : t === 7 ? KIND.real : t % 2 === 0 ? KIND.blob : KIND.text;

export type TextEncoding = 'UTF-8' | 'UTF-16le' | 'UTF-16be';

/**
 * A decoded value: null, an integer (number or bigint), a real, text, or bytes. Text that is not
 * valid in the database's encoding is kept as its bytes, with kind `text`.
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

export interface Row {
  values: SqlValue[];
  kinds: Kind[];
  /** Text values kept as bytes because they are not valid in the encoding. */
  rawText?: boolean;
}

/** The header of a record: the serial types of its fields, or why it cannot be one. */
export interface RecordHeader {
  types: number[];
  /** Offset of the first value. */
  body: number;
}

/** Most fields a record may have (SQLite's hard limit on columns). */
export const MAX_FIELDS = 32767;

/**
 * Parse a record header. The header must end exactly where its size says, every serial type
 * must be valid, and the values must fill the rest of the payload exactly.
 */
export function recordHeader(rec: Uint8Array, types: number[] = []): RecordHeader | string {
  const v: Varint = { value: 0, length: 0 };
  if (!readVarint(rec, 0, rec.length, v)) return 'record header size runs past the payload';
  const size = v.value;
  if (typeof size !== 'number' || size < v.length || size > rec.length) return 'record header size does not fit the payload';
  types.length = 0;
  let at = v.length;
  let body = 0;
  while (at < size) {
    if (!readVarint(rec, at, size, v)) return 'a serial type runs past the record header';
    const t = v.value;
    if (typeof t !== 'number' || t < 0 || t === 10 || t === 11) return `serial type ${String(t)} is not valid`;
    body += serialSize(t);
    types.push(t);
    if (types.length > MAX_FIELDS) return 'record has more fields than SQLite allows';
    at += v.length;
  }
  if (size + body !== rec.length) return size + body > rec.length ? 'record values run past the payload' : 'record values end before the payload does';
  return { types, body: size };
}

const decoders = new Map<string, TextDecoder>();
function decoder(encoding: TextEncoding): TextDecoder {
  let d = decoders.get(encoding);
  if (!d) {
    d = new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : encoding === 'UTF-16le' ? 'utf-16le' : 'utf-16be', { fatal: true, ignoreBOM: true });
    decoders.set(encoding, d);
  }
  return d;
}

function readInt(rec: Uint8Array, at: number, n: number): Int64 {
  if (n <= 6) {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + rec[at + i]!;
    return rec[at]! & 0x80 ? v - 2 ** (8 * n) : v;
  }
  let big = 0n;
  for (let i = 0; i < 8; i++) big = (big << 8n) | BigInt(rec[at + i]!);
  return normalize(big);
}

/**
 * Decode the values of a record whose header `recordHeader` accepted, into `out` (its arrays are
 * reused). Blobs are views of `rec`.
 */
export function recordValues(rec: Uint8Array, header: RecordHeader, encoding: TextEncoding, out: Row): Row {
  const { types } = header;
  const values = out.values;
  const kinds = out.kinds;
  values.length = types.length;
  kinds.length = types.length;
  out.rawText = false;
  let at = header.body;
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    const size = serialSize(t);
    kinds[i] = kindOfSerial(t);
    if (t === 0) values[i] = null;
    else if (t <= 6) values[i] = readInt(rec, at, size);
    else if (t === 7) values[i] = new DataView(rec.buffer, rec.byteOffset + at, 8).getFloat64(0, false);
    else if (t === 8) values[i] = 0;
    else if (t === 9) values[i] = 1;
    else if (t % 2 === 0) values[i] = rec.subarray(at, at + size);
    else {
      const bytes = rec.subarray(at, at + size);
      try {
        values[i] = decoder(encoding).decode(bytes);
      } catch {
        values[i] = bytes;
        out.rawText = true;
      }
    }
    at += size;
  }
  return out;
}
