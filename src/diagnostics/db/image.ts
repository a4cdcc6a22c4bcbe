/**
 * The database as SQLite would see it: the main file with the committed pages of its WAL laid
 * over it. The result is itself a `ByteSource`, read lazily; no page is copied until asked for.
 *
 * The journal-mode bytes of the header (18 and 19) read as 1 in the image: the WAL is already
 * applied, so SQLite must not look for a `-wal` or `-shm` file of its own.
 */
import type { ByteSource } from './source.ts';
import type { WalReading } from './wal.ts';

/** A WAL's committed pages: page number -> offset of its newest committed frame's data. */
export interface WalLayer {
  source: ByteSource;
  pages: ReadonlyMap<number, number>;
  /** Pages of the database after the last commit. */
  dbPages: number;
}

/** The layer of a WAL as `readWal` read it, when SQLite would apply it (usable, with a commit). */
export function walLayer(source: ByteSource, reading: WalReading): WalLayer | undefined {
  return reading.usable && reading.commits > 0 ? { source, pages: reading.pages, dbPages: reading.dbPages } : undefined;
}

export interface ImageOptions {
  /** The WAL's committed pages (see `walLayer`). */
  wal?: WalLayer;
  /** Page size of the main file (needed to apply a WAL). */
  pageSize?: number;
}

export function buildImage(db: ByteSource, options: ImageOptions = {}): ByteSource {
  const wal = options.wal;
  const ps = options.pageSize ?? 0;
  const applyWal = !!wal && ps > 0 && db.size > 0;
  const pages = applyWal ? wal!.pages : undefined;
  const size = applyWal ? wal!.dbPages * ps : db.size;

  /** Bytes [start, end) of the image, which lie within one page (or anywhere without a WAL). */
  const readPlain = (start: number, end: number): Uint8Array => {
    if (pages && ps > 0) {
      const pgno = Math.floor(start / ps) + 1;
      const walAt = pages.get(pgno);
      if (walAt !== undefined) {
        const within = start - (pgno - 1) * ps;
        return wal!.source.read(walAt + within, end - start);
      }
    }
    if (start >= db.size) return new Uint8Array(end - start);
    return db.read(start, end - start);
  };

  const read = (offset: number, length: number): Uint8Array => {
    const start = Math.max(0, Math.min(offset, size));
    const end = Math.min(size, start + Math.max(0, length));
    if (end <= start) return new Uint8Array(0);
    let out: Uint8Array;
    if (!pages || ps === 0 || Math.floor(start / ps) === Math.floor((end - 1) / ps)) {
      out = readPlain(start, end);
      if (out.length !== end - start) {
        const padded = new Uint8Array(end - start);
        padded.set(out);
        out = padded;
      }
    } else {
      out = new Uint8Array(end - start);
      for (let at = start; at < end; ) {
        const pageEnd = Math.min(end, (Math.floor(at / ps) + 1) * ps);
        out.set(readPlain(at, pageEnd), at - start);
        at = pageEnd;
      }
    }
    if (start < 20 && end > 18) {
      // Patch a copy: the source may hand out views of its own buffers.
      out = out.slice();
      for (const at of [18, 19]) if (at >= start && at < end && out[at - start] === 2) out[at - start] = 1;
    }
    return out;
  };

  return { size, read };
}
