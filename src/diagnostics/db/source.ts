/**
 * Byte sources: the checker reads a database and its WAL through this small synchronous
 * interface, so the same core runs over a file descriptor in Node, a `File` read with
 * `FileReaderSync` in a worker, or bytes already in memory. Nothing here needs the whole file
 * in memory at once.
 */

export interface ByteSource {
  /** Size in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes from `offset`; fewer only at the end of the source. The returned
   * array may be a view the source reuses: callers copy what they keep.
   */
  read(offset: number, length: number): Uint8Array;
}

/** A source over bytes already in memory (no copy). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      const start = Math.min(Math.max(0, offset), bytes.length);
      return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
    },
  };
}

/** Reads `length` bytes at `offset` of some backing store into `into`, returning the count read. */
export type BlockReader = (offset: number, into: Uint8Array) => number;

export interface ChunkedSourceOptions {
  /** Bytes per cached chunk (default 256 KiB). */
  chunkSize?: number;
  /** Chunks kept in memory (default 64, so 16 MiB with the default chunk size). */
  maxChunks?: number;
}

/**
 * A source that reads a large backing store in chunks and keeps the most recently used ones,
 * so a page-by-page reader (SQLite) does not pay one system call or one blob read per page.
 */
export function chunkedSource(size: number, readBlock: BlockReader, options: ChunkedSourceOptions = {}): ByteSource {
  const chunkSize = options.chunkSize ?? 256 * 1024;
  const maxChunks = Math.max(2, options.maxChunks ?? 64);
  const chunks = new Map<number, Uint8Array>();
  const chunk = (index: number): Uint8Array => {
    let data = chunks.get(index);
    if (data) {
      // Refresh its place in the LRU order.
      chunks.delete(index);
      chunks.set(index, data);
      return data;
    }
    const start = index * chunkSize;
    const want = Math.min(chunkSize, size - start);
    data = new Uint8Array(Math.max(0, want));
    let got = 0;
    while (got < want) {
      const n = readBlock(start + got, data.subarray(got));
      if (n <= 0) break;
      got += n;
    }
    if (got < want) data = data.subarray(0, got);
    if (chunks.size >= maxChunks) chunks.delete(chunks.keys().next().value as number);
    chunks.set(index, data);
    return data;
  };
  return {
    size,
    read(offset, length) {
      const start = Math.min(Math.max(0, offset), size);
      const end = Math.min(size, start + Math.max(0, length));
      if (end <= start) return new Uint8Array(0);
      const first = Math.floor(start / chunkSize);
      const last = Math.floor((end - 1) / chunkSize);
      if (first === last) {
        const data = chunk(first);
        const base = first * chunkSize;
        return data.subarray(start - base, Math.min(data.length, end - base));
      }
      const out = new Uint8Array(end - start);
      let filled = 0;
      for (let i = first; i <= last && filled < out.length; i++) {
        const data = chunk(i);
        const base = i * chunkSize;
        const from = Math.max(start, base) - base;
        const to = Math.min(end, base + data.length) - base;
        if (to <= from) break;
        out.set(data.subarray(from, to), filled);
        filled += to - from;
      }
      return filled === out.length ? out : out.subarray(0, filled);
    },
  };
}

/** Copy the whole source into one array (for small sources, or when lazy reading is unavailable). */
export function readAll(source: ByteSource): Uint8Array {
  const out = new Uint8Array(source.size);
  const step = 1 << 20;
  for (let at = 0; at < source.size; at += step) {
    const part = source.read(at, Math.min(step, source.size - at));
    out.set(part, at);
    if (part.length === 0) break;
  }
  return out;
}
