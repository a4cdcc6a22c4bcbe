/**
 * The 100-byte SQLite database header, read and validated before SQLite opens the file
 * (https://www.sqlite.org/fileformat.html#the_database_header), and a guess at what a file
 * that is not a database is.
 */
import { magicKind, type MagicKind } from '../file-magic.ts';

export const SQLITE_MAGIC = 'SQLite format 3\u0000';
export const HEADER_SIZE = 100;

export type TextEncoding = 'UTF-8' | 'UTF-16le' | 'UTF-16be';

export interface DbHeader {
  /** Page size in bytes (the stored value 1 means 65536). */
  pageSize: number;
  /** 1 = legacy rollback journal, 2 = WAL. */
  writeVersion: number;
  readVersion: number;
  /** `wal` when both versions are 2. */
  journalMode: 'wal' | 'rollback' | 'unknown';
  reservedBytes: number;
  maxPayloadFraction: number;
  minPayloadFraction: number;
  leafPayloadFraction: number;
  changeCounter: number;
  /** The page count stored in the header (offset 28). */
  headerPageCount: number;
  /** Whether SQLite trusts `headerPageCount` (non-zero and written by SQLite >= 3.7.0). */
  headerPageCountValid: boolean;
  /** Pages the file holds: file size / page size, rounded up as SQLite does. */
  filePageCount: number;
  /** The page count SQLite will use. */
  pageCount: number;
  firstFreelistTrunk: number;
  freelistPages: number;
  schemaCookie: number;
  schemaFormat: number;
  defaultCacheSize: number;
  /** Largest root page in auto-vacuum or incremental-vacuum databases, else 0. */
  largestRootPage: number;
  autoVacuum: 'none' | 'full' | 'incremental';
  textEncoding: TextEncoding | null;
  textEncodingValue: number;
  userVersion: number;
  applicationId: number;
  versionValidFor: number;
  /** SQLITE_VERSION_NUMBER of the library that last wrote the file, e.g. 3045001. */
  sqliteVersionNumber: number;
  /** The same as text, e.g. `3.45.1`, or null when the field is 0. */
  sqliteVersion: string | null;
  /** File size in bytes. */
  fileSize: number;
}

/** A header field whose value SQLite does not accept or that does not fit the file. */
export interface HeaderIssue {
  field: keyof DbHeader | 'magic' | 'reserved' | 'fileSize';
  /** The value found, as text. */
  found: string;
  /** What was expected, as text. */
  expected: string;
  /** `fatal`: SQLite refuses the file; `damage`: the file is damaged or cut; `note`: unusual but accepted. */
  level: 'fatal' | 'damage' | 'note';
}

/** What a file is, judged from its first bytes: a database, or what it is instead (`../file-magic.ts` names most). */
export type FileKind =
  | 'sqlite'
  /** Starts like a database but is shorter than the 100-byte header. */
  | 'short-header'
  | 'empty'
  | 'sql-dump'
  | 'text'
  | Exclude<MagicKind, 'sqlite'>
  | 'wal'
  | 'encrypted'
  | 'binary';

export interface HeaderReading {
  kind: FileKind;
  header?: DbHeader;
  issues: HeaderIssue[];
  /** Shannon entropy of the first bytes, in bits per byte (0..8), for files that are not SQLite. */
  entropy?: number;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const i32 = (b: Uint8Array, at: number) => u32(b, at) | 0;

export function versionText(n: number): string | null {
  if (!n) return null;
  return `${Math.floor(n / 1_000_000)}.${Math.floor(n / 1000) % 1000}.${n % 1000}`;
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Do the first bytes (up to 16) spell the start of the SQLite magic string? */
function isMagicPrefix(head: Uint8Array): boolean {
  const n = Math.min(16, head.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (head[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

export function entropy(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  const counts = new Uint32Array(256);
  for (const b of bytes) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Guess the kind of a file that does not start with the SQLite magic string. */
export function sniffKind(head: Uint8Array, fileSize: number): { kind: FileKind; entropy: number } {
  const e = entropy(head);
  if (fileSize === 0) return { kind: 'empty', entropy: 0 };
  if (fileSize < HEADER_SIZE && isMagicPrefix(head)) return { kind: 'short-header', entropy: e };
  // Archives, images, documents and programs are named by their magic number; compressed and
  // image data would otherwise look encrypted.
  const magic = magicKind(head);
  if (magic && magic !== 'sqlite') return { kind: magic, entropy: e };
  if (head.length >= 4 && (u32(head, 0) === 0x377f0682 || u32(head, 0) === 0x377f0683)) return { kind: 'wal', entropy: e };
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 0x20 && b !== 0x7f)) printable++;
  if (head.length > 0 && printable / head.length > 0.95) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 512)).trimStart().toUpperCase();
    const dump = /^(PRAGMA |BEGIN TRANSACTION|CREATE (TABLE|INDEX|VIEW|TRIGGER)|INSERT INTO|--)/.test(text);
    return { kind: dump ? 'sql-dump' : 'text', entropy: e };
  }
  // Encrypted pages (SQLCipher and the like) and random bytes look uniform: close to 8 bits
  // per byte. Compressed data is caught above by its magic number.
  if (head.length >= 256 && e > 7.5) return { kind: 'encrypted', entropy: e };
  return { kind: 'binary', entropy: e };
}

/**
 * Read the header from the first bytes of a file (at least 100 when the file has them).
 * Never throws: a file that is not SQLite gets a `kind` and no header.
 */
export function readHeader(head: Uint8Array, fileSize: number): HeaderReading {
  if (fileSize === 0) return { kind: 'empty', issues: [] };
  if (!startsWith(head, SQLITE_MAGIC)) {
    const { kind, entropy: e } = sniffKind(head, fileSize);
    return { kind, issues: kind === 'short-header' ? [{ field: 'fileSize', found: String(fileSize), expected: `>= ${HEADER_SIZE}`, level: 'damage' }] : [], entropy: e };
  }
  if (head.length < HEADER_SIZE || fileSize < HEADER_SIZE) {
    return { kind: 'short-header', issues: [{ field: 'fileSize', found: String(fileSize), expected: `>= ${HEADER_SIZE}`, level: 'damage' }] };
  }
  const rawPageSize = u16(head, 16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const writeVersion = head[18]!;
  const readVersion = head[19]!;
  const changeCounter = u32(head, 24);
  const headerPageCount = u32(head, 28);
  const versionValidFor = u32(head, 92);
  const headerPageCountValid = headerPageCount > 0 && changeCounter === versionValidFor;
  const pageSizeOk = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0;
  const filePageCount = pageSizeOk ? Math.ceil(fileSize / pageSize) : 0;
  const encodingValue = u32(head, 56);
  const encodings: Record<number, TextEncoding> = { 1: 'UTF-8', 2: 'UTF-16le', 3: 'UTF-16be' };
  const largestRootPage = u32(head, 52);
  const incremental = u32(head, 64);
  const header: DbHeader = {
    pageSize,
    writeVersion,
    readVersion,
    journalMode: writeVersion === 2 && readVersion === 2 ? 'wal' : writeVersion === 1 && readVersion === 1 ? 'rollback' : 'unknown',
    reservedBytes: head[20]!,
    maxPayloadFraction: head[21]!,
    minPayloadFraction: head[22]!,
    leafPayloadFraction: head[23]!,
    changeCounter,
    headerPageCount,
    headerPageCountValid,
    filePageCount,
    pageCount: headerPageCountValid ? headerPageCount : filePageCount,
    firstFreelistTrunk: u32(head, 32),
    freelistPages: u32(head, 36),
    schemaCookie: u32(head, 40),
    schemaFormat: u32(head, 44),
    defaultCacheSize: i32(head, 48),
    largestRootPage,
    autoVacuum: largestRootPage === 0 ? 'none' : incremental ? 'incremental' : 'full',
    textEncoding: encodings[encodingValue] ?? null,
    textEncodingValue: encodingValue,
    userVersion: i32(head, 60),
    applicationId: i32(head, 68),
    versionValidFor,
    sqliteVersionNumber: u32(head, 96),
    sqliteVersion: versionText(u32(head, 96)),
    fileSize,
  };
  return { kind: 'sqlite', header, issues: validateHeader(header, head) };
}

function validateHeader(h: DbHeader, head: Uint8Array): HeaderIssue[] {
  const issues: HeaderIssue[] = [];
  const add = (field: HeaderIssue['field'], found: unknown, expected: string, level: HeaderIssue['level']) =>
    issues.push({ field, found: String(found), expected, level });
  const pageSizeOk = h.pageSize >= 512 && h.pageSize <= 65536 && (h.pageSize & (h.pageSize - 1)) === 0;
  if (!pageSizeOk) add('pageSize', h.pageSize, 'a power of two from 512 to 65536', 'fatal');
  if (h.readVersion !== 1 && h.readVersion !== 2) add('readVersion', h.readVersion, '1 (rollback journal) or 2 (WAL)', 'fatal');
  if (h.writeVersion !== 1 && h.writeVersion !== 2) add('writeVersion', h.writeVersion, '1 (rollback journal) or 2 (WAL)', 'fatal');
  if (h.maxPayloadFraction !== 64) add('maxPayloadFraction', h.maxPayloadFraction, '64', 'fatal');
  if (h.minPayloadFraction !== 32) add('minPayloadFraction', h.minPayloadFraction, '32', 'fatal');
  if (h.leafPayloadFraction !== 32) add('leafPayloadFraction', h.leafPayloadFraction, '32', 'fatal');
  if (pageSizeOk && h.pageSize - h.reservedBytes < 480) add('reservedBytes', h.reservedBytes, `at most ${h.pageSize - 480}`, 'fatal');
  if (h.schemaFormat > 4) add('schemaFormat', h.schemaFormat, '1 to 4', 'fatal');
  if (h.textEncoding === null && !(h.textEncodingValue === 0 && h.pageCount <= 1)) {
    add('textEncoding', h.textEncodingValue, '1 (UTF-8), 2 (UTF-16le) or 3 (UTF-16be)', 'damage');
  }
  if (pageSizeOk) {
    if (h.headerPageCountValid && h.headerPageCount > h.filePageCount) {
      add('headerPageCount', h.headerPageCount, `at most ${h.filePageCount} (pages in a file of ${h.fileSize} bytes)`, 'damage');
    }
    if (h.headerPageCountValid && h.headerPageCount < h.filePageCount) {
      add('headerPageCount', h.headerPageCount, `${h.filePageCount} (the pages in the file); SQLite ignores the pages past the recorded count`, 'note');
    }
    if (h.fileSize % h.pageSize !== 0) add('fileSize', h.fileSize, `a multiple of the page size ${h.pageSize}`, 'damage');
    if (h.freelistPages >= h.pageCount && h.freelistPages > 0) add('freelistPages', h.freelistPages, `fewer than the ${h.pageCount} pages of the file`, 'damage');
    if (h.firstFreelistTrunk > h.pageCount) add('firstFreelistTrunk', h.firstFreelistTrunk, `a page number up to ${h.pageCount}`, 'damage');
    if (h.largestRootPage > h.pageCount) add('largestRootPage', h.largestRootPage, `a page number up to ${h.pageCount}`, 'damage');
  }
  for (let at = 72; at < 92; at++) {
    if (head[at] !== 0) {
      add('reserved', `byte ${at} = ${head[at]}`, 'bytes 72-91 all zero', 'note');
      break;
    }
  }
  if (h.reservedBytes > 0 && issues.every((i) => i.field !== 'reservedBytes')) {
    add('reservedBytes', h.reservedBytes, '0 (an extension such as encryption or checksums reserves space)', 'note');
  }
  if (h.headerPageCount > 0 && !h.headerPageCountValid) {
    add('versionValidFor', h.versionValidFor, `${h.changeCounter} (the change counter); the file was last written by SQLite before 3.7.0 or by another tool`, 'note');
  }
  return issues;
}
