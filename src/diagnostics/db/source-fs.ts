/** Node twin of `source.ts`: a file on disk as a `ByteSource`. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { freemem } from 'node:os';
import { chunkedSource, memorySource, type ByteSource } from './source.ts';

export interface FileSource extends ByteSource {
  close(): void;
  /** How the file is read: all at once into memory, or page by page as SQLite asks. */
  readonly mode: 'memory' | 'lazy';
}

export interface FileSourceOptions {
  /**
   * `memory` reads the whole file up front (fastest: SQLite's page reads become memory copies);
   * `lazy` reads pieces on demand (memory stays flat, each piece costs a system call); `auto`
   * (default) reads files up to `memoryLimit` into memory and larger ones lazily.
   */
  mode?: 'auto' | 'memory' | 'lazy';
  /** Largest file read into memory in `auto` mode (default: 1 GiB, or half the free memory). */
  memoryLimit?: number;
}

/** Open `path` for reading; throws Node's error (ENOENT, EACCES, EISDIR) for the caller to report. */
export function fileSource(path: string, options: FileSourceOptions = {}): FileSource {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    }
    const limit = options.memoryLimit ?? Math.min(2 ** 30, freemem() / 2);
    const mode = options.mode === 'memory' || (options.mode !== 'lazy' && stat.size <= limit) ? 'memory' : 'lazy';
    if (mode === 'memory') {
      const bytes = new Uint8Array(stat.size);
      for (let at = 0; at < bytes.length; ) {
        const n = readSync(fd, bytes, at, Math.min(1 << 26, bytes.length - at), at);
        if (n <= 0) break;
        at += n;
      }
      closeSync(fd);
      return { ...memorySource(bytes), mode, close() {} };
    }
    const source = chunkedSource(stat.size, (offset, into) => readSync(fd, into, 0, into.length, offset), { chunkSize: 16384, maxChunks: 4096 });
    let open = true;
    return {
      size: source.size,
      read: source.read,
      mode,
      close() {
        if (open) closeSync(fd);
        open = false;
      },
    };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    throw error;
  }
}
