/**
 * The image the main thread checks, opened again by the worker of `parallel.ts`: the same file
 * (read piece by piece, or through the buffer the main thread keeps it in), with the same
 * committed WAL pages laid over it. Built from the same parts as the main thread's image.
 */
import { buildImage } from '../image.ts';
import type { ByteSource, FilledImage } from '../source.ts';
import { fileSource } from './source-fs.ts';

export interface QueryImageJob {
  dbPath: string;
  walPath?: string;
  image: { size: number; fileSize: number; pageSize: number; walPages?: ReadonlyMap<number, number> };
  /** How to read the file piece by piece (as `fileSource` in lazy mode). */
  chunkSize: number;
  cacheBytes: number;
  readAheadBytes: number;
  /** The buffer the main thread keeps the file in, when it does. */
  shared?: FilledImage;
}

export function openQueryImage(job: QueryImageJob): { image: ByteSource; close(): void } {
  const { size, fileSize, pageSize, walPages } = job.image;
  const db = job.shared
    ? fileSource(job.dbPath, { mode: 'memory', image: job.shared })
    : fileSource(job.dbPath, { mode: 'lazy', chunkSize: job.chunkSize, cacheBytes: job.cacheBytes, readAheadBytes: job.readAheadBytes });
  let wal: ReturnType<typeof fileSource> | undefined;
  try {
    wal = walPages && job.walPath !== undefined && pageSize > 0 ? fileSource(job.walPath, { mode: 'lazy' }) : undefined;
  } catch (error) {
    db.close();
    throw error;
  }
  if (db.size !== fileSize) {
    db.close();
    wal?.close();
    throw new Error('the database file changed since the check began');
  }
  const image = buildImage(db, { wal: wal && walPages ? { source: wal, pages: walPages, dbPages: size / pageSize } : undefined, pageSize });
  return {
    image,
    close() {
      db.close();
      wal?.close();
    },
  };
}
