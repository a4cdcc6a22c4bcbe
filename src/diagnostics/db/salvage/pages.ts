/**
 * Reading a damaged database page by page: the page size from the header when it can be
 * trusted, else from the shapes of the b-tree pages in the file (as SQLite's recover extension
 * does); the committed frames of a WAL laid over the file; pages past the end of a cut file
 * reported missing rather than invented.
 */
import { readWal, type WalReading } from '../wal.ts';
import type { ByteSource } from '../source.ts';
import { isBtreeType, isInterior, localPayload, readVarint, recordHeader, recordValues, u16, u32, type RecordHeader, type TextEncoding, type Varint } from './format.ts';

const MAGIC = 'SQLite format 3\u0000';
const SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

/** Header fields salvage uses, when the header can be believed. */
export interface HeaderFacts {
  /** The magic string and page size are right. */
  intact: boolean;
  pageSize: number;
  reserved: number;
  /** 1 rollback journal, 2 WAL (bytes 18 and 19). */
  writeVersion: number;
  readVersion: number;
  pageCount: number;
  pageCountValid: boolean;
  firstFreelistTrunk: number;
  freelistPages: number;
  largestRootPage: number;
  incrementalVacuum: boolean;
  encoding: TextEncoding | null;
  userVersion: number;
  applicationId: number;
}

export function headerFacts(head: Uint8Array): HeaderFacts {
  let magic = head.length >= 100;
  for (let i = 0; magic && i < 16; i++) if (head[i] !== MAGIC.charCodeAt(i)) magic = false;
  const at = (n: number) => (head.length >= n + 4 ? u32(head, n) : 0);
  const raw = head.length >= 18 ? u16(head, 16) : 0;
  const pageSize = raw === 1 ? 65536 : raw;
  const sizeOk = SIZES.includes(pageSize);
  const enc = at(56);
  return {
    intact: magic && sizeOk,
    pageSize,
    reserved: head[20] ?? 0,
    writeVersion: head[18] ?? 0,
    readVersion: head[19] ?? 0,
    pageCount: at(28),
    pageCountValid: at(28) > 0 && at(24) === at(92),
    firstFreelistTrunk: at(32),
    freelistPages: at(36),
    largestRootPage: at(52),
    incrementalVacuum: at(64) !== 0,
    encoding: enc === 1 ? 'UTF-8' : enc === 2 ? 'UTF-16le' : enc === 3 ? 'UTF-16be' : null,
    userVersion: at(60) | 0,
    applicationId: at(68) | 0,
  };
}

/**
 * Whether `page` (one page of `usable` bytes; its b-tree header at `base`) is a well-formed
 * b-tree page: cells inside the content area and not overlapping, a sound freeblock list, and
 * every byte of the content area accounted for. `scratch` must hold `usable` bytes.
 */
export function wellFormed(page: Uint8Array, base: number, usable: number, scratch: Uint8Array): boolean {
  if (page.length < usable || usable < 480) return false;
  const type = page[base]!;
  if (!isBtreeType(type)) return false;
  const cells = u16(page, base + 3);
  const rawContent = u16(page, base + 5);
  const content = rawContent === 0 ? 65536 : rawContent;
  const frag = page[base + 7]!;
  const interior = isInterior(type);
  const pointers = base + (interior ? 12 : 8);
  if (content > usable || pointers + 2 * cells > content) return false;
  const used = scratch.subarray(0, usable);
  used.fill(0, content, usable);
  let free = u16(page, base + 1);
  let steps = 0;
  let accounted = 0;
  if (free !== 0 && free < content) return false;
  while (free !== 0) {
    if (++steps > usable / 4 || free > usable - 4) return false;
    const next = u16(page, free);
    const size = u16(page, free + 2);
    if (size < 4 || free + size > usable || (next !== 0 && next < free + size)) return false;
    used.fill(1, free, free + size);
    accounted += size;
    free = next;
  }
  const v: Varint = { value: 0, length: 0 };
  const table = type === 0x0d || type === 0x05;
  for (let i = 0; i < cells; i++) {
    const off = u16(page, pointers + 2 * i);
    if (off < content || off >= usable) return false;
    let at = off + (interior ? 4 : 0);
    let extent = 0;
    if (type === 0x05) {
      if (!readVarint(page, at, usable, v)) return false;
      extent = at + v.length - off;
    } else {
      if (!readVarint(page, at, usable, v) || typeof v.value !== 'number' || v.value < 0) return false;
      const payload = v.value;
      at += v.length;
      if (type === 0x0d) {
        if (!readVarint(page, at, usable, v)) return false;
        at += v.length;
      }
      const local = localPayload(payload, usable, table);
      extent = at - off + local + (local < payload ? 4 : 0);
    }
    if (off + extent > usable) return false;
    for (let b = off; b < off + extent; b++) {
      if (used[b]) return false;
      used[b] = 1;
    }
    accounted += extent;
  }
  return usable - content - accounted === frag;
}

export interface Layout {
  pageSize: number;
  reserved: number;
  source: 'header' | 'detected';
  /** Well-formed pages seen at that size in the part of the file sampled. */
  evidence: number;
}

/**
 * The page size and reserved bytes: the header's when its pages look right, else the size at
 * which most of the first megabytes parse as well-formed b-tree pages.
 */
export function detectLayout(source: ByteSource, header: HeaderFacts): Layout | null {
  const reserves = [...new Set([header.reserved, 0])];
  let sampleSize = Math.min(source.size, 1 << 20);
  for (;;) {
    const sample = source.read(0, sampleSize).slice();
    const scratch = new Uint8Array(65536);
    let best: Layout | null = null;
    const scores = new Map<string, number>();
    for (const reserved of reserves) {
      for (const size of SIZES) {
        if (size - reserved < 480) continue;
        let score = 0;
        for (let at = 0; at + size <= sample.length; at += size) {
          if (wellFormed(sample.subarray(at, at + size), at === 0 ? 100 : 0, size - reserved, scratch)) score++;
        }
        scores.set(`${size}/${reserved}`, score);
        if (score > 0 && (!best || score > best.evidence)) best = { pageSize: size, reserved, source: 'detected', evidence: score };
      }
    }
    const own = header.intact ? scores.get(`${header.pageSize}/${header.reserved}`) ?? 0 : 0;
    if (header.intact && (own > 0 || !best)) return { pageSize: header.pageSize, reserved: header.reserved, source: 'header', evidence: own };
    if (best && (best.evidence >= 3 || sampleSize >= source.size || sampleSize >= 16 << 20)) return best;
    if (sampleSize >= source.size || sampleSize >= 16 << 20) return header.intact ? { pageSize: header.pageSize, reserved: header.reserved, source: 'header', evidence: 0 } : best;
    sampleSize = Math.min(source.size, sampleSize * 4);
  }
}

/**
 * The text encoding when the header does not say: the one in which records on the first table
 * leaves read as sqlite_schema rows ("table", "index", … in their first field).
 */
export function sniffEncoding(source: ByteSource, pageSize: number, usable: number): TextEncoding {
  const counts = new Map<TextEncoding, number>([['UTF-8', 0], ['UTF-16le', 0], ['UTF-16be', 0]]);
  const pages = Math.min(64, Math.floor(source.size / pageSize));
  for (let p = 1; p <= pages; p++) {
    const page = source.read((p - 1) * pageSize, pageSize).slice();
    schemaShapedRecords(page, p === 1 ? 100 : 0, usable, (rec, header) => {
      for (const enc of counts.keys()) {
        const row = recordValues(rec, header, enc, { values: [], kinds: [] });
        if (typeof row.values[0] === 'string' && SCHEMA_TYPES.has(row.values[0])) counts.set(enc, counts.get(enc)! + 1);
      }
    });
  }
  let best: TextEncoding = 'UTF-8';
  for (const [enc, n] of counts) if (n > counts.get(best)!) best = enc;
  return best;
}

const SCHEMA_TYPES = new Set(['table', 'index', 'view', 'trigger']);

/**
 * Each record of five fields (the shape of a sqlite_schema row) held whole on the table leaf at
 * `base` of `page`; other pages, cells that overflow and cells that do not decode are passed over.
 */
function schemaShapedRecords(page: Uint8Array, base: number, usable: number, each: (rec: Uint8Array, header: RecordHeader) => void): void {
  if (page[base] !== 0x0d) return;
  const count = u16(page, base + 3);
  const v: Varint = { value: 0, length: 0 };
  for (let i = 0; i < count && base + 8 + 2 * i + 2 <= usable; i++) {
    let at = u16(page, base + 8 + 2 * i);
    if (!readVarint(page, at, usable, v) || typeof v.value !== 'number') continue;
    const size = v.value;
    at += v.length;
    if (!readVarint(page, at, usable, v)) continue;
    at += v.length;
    if (localPayload(size, usable, true) !== size || at + size > usable) continue;
    const rec = page.subarray(at, at + size);
    const header = recordHeader(rec);
    if (typeof header === 'string' || header.types.length !== 5) continue;
    each(rec, header);
  }
}

/**
 * Names in sqlite_schema when page 1 is its only page (a leaf), else null: enough to tell a
 * WAL written for another database, whose schema shares no name with this one.
 */
export function schemaNamesOnPage1(page: Uint8Array, usable: number, encoding: TextEncoding): Set<string> | null {
  if (page.length < usable || page[100] !== 0x0d) return null;
  const names = new Set<string>();
  schemaShapedRecords(page, 100, usable, (rec, header) => {
    const row = recordValues(rec, header, encoding, { values: [], kinds: [] });
    if (typeof row.values[1] === 'string') names.add(row.values[1].toLowerCase());
  });
  return names;
}

/** Why a WAL was not laid over the database. */
export type WalRefusal = 'unusable' | 'page-size-differs' | 'not-wal-mode' | 'page-1-differs' | 'schema-differs' | 'nothing-committed';

export interface WalUse {
  reading: WalReading;
  applied: boolean;
  refusal?: WalRefusal;
}

export interface PageStoreInfo {
  pageSize: number;
  reserved: number;
  usable: number;
  layoutSource: 'header' | 'detected' | 'wal';
  encoding: TextEncoding;
  encodingSource: 'header' | 'detected';
  /** Pages the database has (after the WAL, when it was applied). */
  pageCount: number;
  /** Pages the file holds, a cut last page included. */
  filePages: number;
  /** The file ends part-way through a page. */
  partialLastPage: boolean;
  header: HeaderFacts;
  wal?: WalUse;
}

/** A page, read from the WAL when it holds a committed image of it, else from the file. */
export interface PageStore {
  info: PageStoreInfo;
  /** A copy of page `pgno` (zero-padded when the file is cut inside it), or null when the file has no such page. */
  page(pgno: number): Uint8Array | null;
  /** Whether the page comes whole from the file or the WAL. */
  whole(pgno: number): boolean;
}

export type OpenProblem = 'empty' | 'no-pages';

/** Open a damaged database (and its WAL) for page-by-page reading. */
export function openPages(db: ByteSource, wal?: ByteSource): PageStore | OpenProblem {
  if (db.size === 0 && !wal) return 'empty';
  const header = headerFacts(db.read(0, Math.min(db.size, 100)).slice());
  let layout = db.size > 0 ? detectLayout(db, header) : null;
  let walUse: WalUse | undefined;
  let layoutSource: PageStoreInfo['layoutSource'] = layout?.source ?? 'detected';
  if (wal) {
    let reading = readWal(wal, layout?.pageSize);
    if (!layout && reading.problem === undefined && reading.pageSize) {
      layout = { pageSize: reading.pageSize, reserved: 0, source: 'detected', evidence: 0 };
      layoutSource = 'wal';
    }
    if (!layout) reading = readWal(wal);
    walUse = { reading, applied: false };
    if (!reading.usable) walUse.refusal = reading.problem === 'page-size-differs' ? 'page-size-differs' : 'unusable';
    else if (reading.commits === 0) walUse.refusal = 'nothing-committed';
    else if (header.intact && header.writeVersion === 1 && header.readVersion === 1) walUse.refusal = 'not-wal-mode';
    else {
      const first = reading.pages.get(1);
      if (first !== undefined) {
        const walPage = wal.read(first, reading.pageSize).slice();
        const walHead = headerFacts(walPage);
        if (!walHead.intact || walHead.pageSize !== reading.pageSize) walUse.refusal = 'page-1-differs';
        else if (header.intact && header.encoding && walHead.encoding && header.encoding !== walHead.encoding) walUse.refusal = 'page-1-differs';
        else if (db.size >= reading.pageSize) {
          const usable = reading.pageSize - walHead.reserved;
          const encoding = walHead.encoding ?? 'UTF-8';
          const ours = schemaNamesOnPage1(db.read(0, reading.pageSize).slice(), usable, encoding);
          const theirs = schemaNamesOnPage1(walPage, usable, encoding);
          if (ours && theirs && ours.size > 0 && theirs.size > 0 && ![...theirs].some((n) => ours.has(n))) walUse.refusal = 'schema-differs';
        }
      }
    }
    if (walUse.refusal === undefined) walUse.applied = true;
  }
  if (!layout) return 'no-pages';
  const { pageSize, reserved } = layout;
  const walPages = walUse?.applied ? walUse.reading.pages : undefined;
  let facts = header;
  const walFirst = walPages?.get(1);
  if (wal && walFirst !== undefined) facts = headerFacts(wal.read(walFirst, 100).slice());
  const filePages = Math.ceil(db.size / pageSize);
  let pageCount = facts.intact && facts.pageCountValid && facts.pageSize === pageSize ? Math.min(facts.pageCount, filePages) : filePages;
  if (walUse?.applied && walUse.reading.dbPages > 0) {
    // The size after the last commit, but no page past both the file and the WAL's own pages
    // exists: a damaged size cannot make salvage walk billions of pages.
    let highest = filePages;
    for (const p of walUse.reading.pages.keys()) if (p > highest) highest = p;
    pageCount = Math.min(walUse.reading.dbPages, highest);
  }
  let encoding = facts.intact ? facts.encoding : null;
  const encodingSource = encoding ? 'header' : 'detected';
  encoding ??= sniffEncoding(db, pageSize, pageSize - reserved);
  const info: PageStoreInfo = {
    pageSize, reserved, usable: pageSize - reserved, layoutSource, encoding, encodingSource,
    pageCount, filePages, partialLastPage: db.size % pageSize !== 0, header: facts, wal: walUse,
  };
  return {
    info,
    page(pgno) {
      if (!Number.isInteger(pgno) || pgno < 1 || pgno > pageCount) return null;
      const inWal = walPages?.get(pgno);
      if (inWal !== undefined && wal) return wal.read(inWal, pageSize).slice();
      if (pgno > filePages) return null;
      const bytes = db.read((pgno - 1) * pageSize, pageSize);
      if (bytes.length === pageSize) return bytes.slice();
      const out = new Uint8Array(pageSize);
      out.set(bytes);
      return out;
    },
    whole(pgno) {
      if (walPages?.has(pgno)) return true;
      return pgno >= 1 && pgno <= pageCount && pgno * pageSize <= db.size;
    },
  };
}
