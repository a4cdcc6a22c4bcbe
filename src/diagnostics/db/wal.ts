/**
 * The write-ahead log, read the way SQLite recovers it when no valid `-shm` index is trusted
 * (https://www.sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header, then frames
 * of a 24-byte header and one page. A frame counts only while its salts match the header and
 * its cumulative checksum is right; only frames up to the last valid commit frame are applied.
 */
import type { ByteSource } from './source.ts';

export const WAL_HEADER_SIZE = 32;
export const WAL_FRAME_HEADER_SIZE = 24;
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
const WAL_VERSION = 3007000;

export type WalProblem = 'too-short' | 'magic' | 'version' | 'page-size' | 'header-checksum' | 'page-size-differs';

export interface WalReading {
  /** Whether SQLite would use the log at all. */
  usable: boolean;
  problem?: WalProblem;
  size: number;
  pageSize: number;
  checkpointSequence: number;
  salt1: number;
  salt2: number;
  /** Frames the file has room for. */
  frames: number;
  /** Frames with matching salts and checksums, before the first bad one. */
  validFrames: number;
  /** Frames up to and including the last valid commit frame: what SQLite applies. */
  committedFrames: number;
  /** Committed transactions found. */
  commits: number;
  /** Database size in pages after the last commit (0 when nothing was committed). */
  dbPages: number;
  /** Distinct pages the committed frames change. */
  pagesChanged: number;
  /** Why reading stopped before the end of the file, if it did. */
  stop?: 'salt' | 'checksum' | 'page-number' | 'partial-frame';
  /** Page number -> offset in the WAL of that page's latest committed image. */
  pages: Map<number, number>;
}

/** SQLite's WAL checksum over `data` (length a multiple of 8), continuing from `s`. */
export function walChecksum(data: Uint8Array, bigEndian: boolean, s: [number, number]): [number, number] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let s0 = s[0];
  let s1 = s[1];
  const le = !bigEndian;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    s0 = (s0 + view.getUint32(i, le) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, le) + s0) >>> 0;
  }
  return [s0, s1];
}

function empty(size: number, problem?: WalProblem): WalReading {
  return {
    usable: false, problem, size, pageSize: 0, checkpointSequence: 0, salt1: 0, salt2: 0,
    frames: 0, validFrames: 0, committedFrames: 0, commits: 0, dbPages: 0, pagesChanged: 0, pages: new Map(),
  };
}

/**
 * Read a WAL. `dbPageSize` is the page size of the database it belongs to, when known; a log
 * with another page size cannot belong to it.
 */
export function readWal(source: ByteSource, dbPageSize?: number): WalReading {
  const size = source.size;
  if (size < WAL_HEADER_SIZE) return empty(size, 'too-short');
  const head = source.read(0, WAL_HEADER_SIZE).slice();
  const dv = new DataView(head.buffer);
  const magic = dv.getUint32(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return empty(size, 'magic');
  const bigEndian = (magic & 1) === 1;
  const result = empty(size);
  result.pageSize = dv.getUint32(8);
  result.checkpointSequence = dv.getUint32(12);
  result.salt1 = dv.getUint32(16);
  result.salt2 = dv.getUint32(20);
  if (dv.getUint32(4) !== WAL_VERSION) return { ...result, problem: 'version' };
  const ps = result.pageSize;
  if (ps < 512 || ps > 65536 || (ps & (ps - 1)) !== 0) return { ...result, problem: 'page-size' };
  const [c0, c1] = walChecksum(head.subarray(0, 24), bigEndian, [0, 0]);
  if (c0 !== dv.getUint32(24) || c1 !== dv.getUint32(28)) return { ...result, problem: 'header-checksum' };
  if (dbPageSize !== undefined && dbPageSize !== ps) return { ...result, problem: 'page-size-differs' };

  result.usable = true;
  const frameSize = WAL_FRAME_HEADER_SIZE + ps;
  result.frames = Math.floor((size - WAL_HEADER_SIZE) / frameSize);
  let sum: [number, number] = [c0, c1];
  const pending = new Map<number, number>();
  const frame = new Uint8Array(frameSize);
  for (let n = 0; n < result.frames; n++) {
    const offset = WAL_HEADER_SIZE + n * frameSize;
    const bytes = source.read(offset, frameSize);
    if (bytes.length < frameSize) {
      result.stop = 'partial-frame';
      break;
    }
    frame.set(bytes);
    const fv = new DataView(frame.buffer);
    const pgno = fv.getUint32(0);
    const commitSize = fv.getUint32(4);
    if (fv.getUint32(8) !== result.salt1 || fv.getUint32(12) !== result.salt2) {
      result.stop = 'salt';
      break;
    }
    if (pgno === 0) {
      result.stop = 'page-number';
      break;
    }
    sum = walChecksum(frame.subarray(0, 8), bigEndian, sum);
    sum = walChecksum(frame.subarray(WAL_FRAME_HEADER_SIZE), bigEndian, sum);
    if (sum[0] !== fv.getUint32(16) || sum[1] !== fv.getUint32(20)) {
      result.stop = 'checksum';
      break;
    }
    result.validFrames = n + 1;
    pending.set(pgno, offset + WAL_FRAME_HEADER_SIZE);
    if (commitSize > 0) {
      for (const [page, at] of pending) result.pages.set(page, at);
      pending.clear();
      result.commits++;
      result.committedFrames = n + 1;
      result.dbPages = commitSize;
    }
  }
  if (result.stop === undefined && (size - WAL_HEADER_SIZE) % frameSize !== 0 && result.validFrames === result.frames) {
    result.stop = 'partial-frame';
  }
  // Pages past the final database size are dropped by the commit that shrank it.
  for (const page of [...result.pages.keys()]) if (page > result.dbPages) result.pages.delete(page);
  result.pagesChanged = result.pages.size;
  return result;
}

/** A reason to think a WAL was not written for the database beside it. */
export interface WalMismatch {
  field: 'magic' | 'pageSize' | 'textEncoding' | 'applicationId' | 'schemaCookie' | 'changeCounter';
  /** In the database file's header. */
  file: string;
  /** In the newest committed image of page 1 in the WAL. */
  wal: string;
}

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/**
 * Whether the WAL belongs to this database, judged from page 1. Within the WAL's chain of valid
 * frames (matching salts, unbroken checksums), the newest committed image of page 1 holds the
 * database header as the WAL's last transaction left it. SQLite copies WAL pages into the file and
 * never the other way, so the file's header can only equal or trail it: the same signature, page
 * size, text encoding and application id, and a schema cookie and change counter no higher than
 * the WAL's. A file ahead of its WAL, or with other fixed fields, was not the database this WAL
 * was written for (a backup restored beside a stale WAL, or a WAL copied from elsewhere);
 * SQLite would still lay the WAL over it. Without an image of page 1 in the WAL nothing can be
 * told, and the result is empty.
 */
export function walMismatches(source: ByteSource, reading: WalReading, fileHeader: Uint8Array): WalMismatch[] {
  const at = reading.pages.get(1);
  if (at === undefined || fileHeader.length < 100) return [];
  const page = source.read(at, 100).slice();
  if (page.length < 100) return [];
  const out: WalMismatch[] = [];
  const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b.subarray(0, 15));
  if (text(page) !== text(fileHeader)) {
    out.push({ field: 'magic', file: JSON.stringify(text(fileHeader)), wal: JSON.stringify(text(page)) });
    return out;
  }
  const u16 = (b: Uint8Array) => (b[16]! << 8) | b[17]!;
  if (u16(page) !== u16(fileHeader)) out.push({ field: 'pageSize', file: String(u16(fileHeader)), wal: String(u16(page)) });
  for (const [field, offset] of [['textEncoding', 56], ['applicationId', 68]] as const) {
    const f = u32(fileHeader, offset);
    const w = u32(page, offset);
    if (f !== w && f !== 0 && w !== 0) out.push({ field, file: String(f), wal: String(w) });
  }
  for (const [field, offset] of [['schemaCookie', 40], ['changeCounter', 24]] as const) {
    const f = u32(fileHeader, offset);
    const w = u32(page, offset);
    if (f > w) out.push({ field, file: String(f), wal: String(w) });
  }
  return out;
}
