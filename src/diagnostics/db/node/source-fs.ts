/** Node twin of `source.ts`: a file on disk as a `ByteSource`. */
import { closeSync, constants, fstatSync, openSync, readSync, readvSync, type Stats } from 'node:fs';
import { chunkedSource, createFilledImage, filledSource, type ByteSource, type FilledImage } from '../source.ts';

export interface FileSource extends ByteSource {
  close(): void;
  /**
   * How the file is read: `memory`, into a buffer of the file's size (each block when first
   * used), or `lazy`, piece by piece into a small cache.
   */
  readonly mode: 'memory' | 'lazy';
  /** In `memory` mode, the buffer (shared: another thread may read the file through it too). */
  readonly image?: FilledImage;
}

export interface FileSourceOptions {
  /**
   * `memory` keeps the whole file in memory, reading each block when it is first used; `lazy`
   * reads pieces on demand and keeps at most `cacheBytes` of them, so memory stays flat whatever
   * the file's size; `auto` (default) keeps files up to `memoryLimit` in memory and reads larger
   * ones lazily.
   */
  mode?: 'auto' | 'memory' | 'lazy';
  /** Largest file kept in memory in `auto` mode (default: `cacheBytes`). */
  memoryLimit?: number;
  /** Bytes per cached piece in `lazy` mode (default 4 KiB). */
  chunkSize?: number;
  /** Bytes of the file `lazy` mode keeps in memory (default 4 MiB). */
  cacheBytes?: number;
  /** Most bytes `lazy` mode reads at once while SQLite reads in order (default 256 KiB). */
  readAheadBytes?: number;
  /** In `memory` mode, the buffer another thread keeps this file in, to read it through. */
  image?: FilledImage;
}

export const DEFAULT_CHUNK_SIZE = 4 * 1024;
export const DEFAULT_CACHE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_READ_AHEAD_BYTES = 256 * 1024;
/** Bytes read at once into a file kept in memory. */
export const MEMORY_BLOCK_SIZE = 256 * 1024;

/** What a path is when it is not a regular file: `errdex db` checks files only. */
export type NotAFile = 'directory' | 'fifo' | 'character device' | 'block device' | 'socket';

export function notAFile(stat: Stats): NotAFile | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'fifo';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  return 'socket';
}

/** The error `fileSource` throws for a path that is not a regular file (`code` ENOTREG). */
export class NotAFileError extends Error {
  readonly code = 'ENOTREG';
  readonly path: string;
  readonly what: NotAFile;
  constructor(path: string, what: NotAFile) {
    super(`${path} is a ${what}, not a regular file`);
    this.path = path;
    this.what = what;
  }
}

/**
 * Open `path` for reading; throws Node's error (ENOENT, EACCES) or `NotAFileError` for the
 * caller to report. The file is opened without blocking, so a FIFO with no writer cannot hang
 * the open; anything but a regular file is refused before a byte is read.
 */
export function fileSource(path: string, options: FileSourceOptions = {}): FileSource {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    const what = notAFile(stat);
    if (what) throw new NotAFileError(path, what);
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    const limit = options.memoryLimit ?? cacheBytes;
    const mode = options.mode === 'memory' || (options.mode !== 'lazy' && stat.size <= limit) ? 'memory' : 'lazy';
    let open = true;
    const close = () => {
      if (open) closeSync(fd);
      open = false;
    };
    const read = (offset: number, into: Uint8Array) => readSync(fd, into, 0, into.length, offset);
    if (mode === 'memory') {
      const image = options.image ?? createFilledImage(stat.size, MEMORY_BLOCK_SIZE, true);
      const source = filledSource(stat.size, read, image);
      return { size: source.size, read: source.read, mode, image, close };
    }
    const source = chunkedSource(stat.size, read, {
      chunkSize,
      maxChunks: Math.max(2, Math.floor(cacheBytes / chunkSize)),
      readAhead: Math.max(1, Math.floor((options.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES) / chunkSize)),
      readv: (offset, intos) => readvSync(fd, intos, offset),
    });
    return { size: source.size, read: source.read, mode, close };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    throw error;
  }
}
