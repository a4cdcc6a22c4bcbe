/**
 * Byte sources: the checker reads a database and its WAL through this small synchronous
 * interface, so the same core runs over a file descriptor in Node, a `File` read with
 * `FileReaderSync` in a worker, or bytes already in memory. A source reads only what is asked
 * of it: a chunk cache of bounded size, or a buffer of the file's size filled block by block.
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

/**
 * Reads consecutive bytes from `offset` into each array of `intos` in turn, returning the count
 * read (Node: one `readv` system call for all of them).
 */
export type VectorReader = (offset: number, intos: Uint8Array[]) => number;

export interface ChunkedSourceOptions {
  /** Bytes per cached chunk (default 256 KiB). */
  chunkSize?: number;
  /** Chunks kept in memory (default 64, so 16 MiB with the default chunk size). */
  maxChunks?: number;
  /**
   * Most chunks read at once while reads run through the source in order, forwards or
   * backwards (default 1: no read-ahead). A run doubles the read each time, up to this.
   */
  readAhead?: number;
  /** Reads several chunks in one call; without it a read-ahead reads them one by one. */
  readv?: VectorReader;
}

/**
 * A source that reads a large backing store in chunks and keeps the most recently used ones, so
 * a page-by-page reader (SQLite) does not pay one system call or one blob read per page; while
 * it reads in order (a table scan, forwards, or a b-tree walked from its right end, backwards)
 * several chunks are read at once.
 *
 * The chunks live in one buffer allocated on the first read (no larger than the source needs),
 * in least-recently-used order: reading allocates nothing, whatever the size of the source.
 */
export function chunkedSource(size: number, readBlock: BlockReader, options: ChunkedSourceOptions = {}): ByteSource {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 256 * 1024));
  const chunkCount = Math.ceil(size / chunkSize);
  const slots = Math.max(1, Math.min(Math.max(2, Math.floor(options.maxChunks ?? 64)), chunkCount));
  const readAhead = Math.max(1, Math.min(slots, Math.floor(options.readAhead ?? 1)));
  let slab: Uint8Array | undefined;
  /** Chunk index -> slot holding it. */
  const slotOf = new Map<number, number>();
  /** Slot -> chunk index it holds, and the bytes valid in it. */
  const chunkIn = new Float64Array(slots).fill(-1);
  const lengthIn = new Int32Array(slots);
  /** Slots in use, in a list from the most (`head`) to the least (`tail`) recently used. */
  const newer = new Int32Array(slots).fill(-1);
  const older = new Int32Array(slots).fill(-1);
  let head = -1;
  let tail = -1;
  let used = 0;
  /** The last chunk read from the store, and how many reads in a row ran in one direction. */
  let lastRead = -2;
  let run = 0;
  let direction = 1;

  const unlink = (slot: number) => {
    const n = newer[slot]!;
    const o = older[slot]!;
    if (n >= 0) older[n] = o;
    else head = o;
    if (o >= 0) newer[o] = n;
    else tail = n;
  };
  const pushHead = (slot: number) => {
    newer[slot] = -1;
    older[slot] = head;
    if (head >= 0) newer[head] = slot;
    head = slot;
    if (tail < 0) tail = slot;
  };
  /** A slot for a new chunk: a free one, else the least recently used one. */
  const claim = (): number => {
    if (used < slots) return used++;
    const slot = tail;
    unlink(slot);
    slotOf.delete(chunkIn[slot]!);
    chunkIn[slot] = -1;
    return slot;
  };

  /** Reads chunks `first`..`first + count - 1` (none of them cached) into fresh slots. */
  const fill = (first: number, count: number) => {
    slab ??= new Uint8Array(slots * chunkSize);
    const taken: number[] = [];
    const intos: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const slot = claim();
      taken.push(slot);
      const start = (first + i) * chunkSize;
      intos.push(slab.subarray(slot * chunkSize, slot * chunkSize + Math.max(0, Math.min(chunkSize, size - start))));
    }
    const want = intos.reduce((sum, into) => sum + into.length, 0);
    let got = 0;
    if (count > 1 && options.readv) {
      while (got < want) {
        let skip = got;
        const rest: Uint8Array[] = [];
        for (const into of intos) {
          if (skip >= into.length) skip -= into.length;
          else {
            rest.push(skip > 0 ? into.subarray(skip) : into);
            skip = 0;
          }
        }
        const n = options.readv(first * chunkSize + got, rest);
        if (n <= 0) break;
        got += n;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const into = intos[i]!;
        let part = 0;
        while (part < into.length) {
          const n = readBlock((first + i) * chunkSize + part, into.subarray(part));
          if (n <= 0) break;
          part += n;
        }
        got += part;
        if (part < into.length) break;
      }
    }
    let before = 0;
    for (let i = 0; i < count; i++) {
      const slot = taken[i]!;
      chunkIn[slot] = first + i;
      lengthIn[slot] = Math.max(0, Math.min(intos[i]!.length, got - before));
      before += intos[i]!.length;
      slotOf.set(first + i, slot);
      pushHead(slot);
    }
  };

  /** The slot holding chunk `index`, reading it (and the chunks after it in a run) on a miss. */
  const load = (index: number): number => {
    const hit = slotOf.get(index);
    if (hit !== undefined) {
      if (hit !== head) {
        unlink(hit);
        pushHead(hit);
      }
      return hit;
    }
    const step = index - lastRead;
    if (step !== 0 && Math.abs(step) <= 2) {
      run++;
      direction = step > 0 ? 1 : -1;
    } else run = 0;
    let count = 1;
    const want = Math.min(readAhead, 2 ** Math.min(run, 30));
    while (count < want) {
      const next = index + direction * count;
      if (next < 0 || next >= chunkCount || slotOf.has(next)) break;
      count++;
    }
    const first = direction > 0 ? index : index - count + 1;
    fill(first, count);
    lastRead = direction > 0 ? first + count - 1 : first;
    return slotOf.get(index)!;
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
        const slot = load(first);
        const base = slot * chunkSize - first * chunkSize;
        return slab!.subarray(base + start, base + Math.min(end, first * chunkSize + lengthIn[slot]!));
      }
      const out = new Uint8Array(end - start);
      let filled = 0;
      for (let i = first; i <= last && filled < out.length; i++) {
        const slot = load(i);
        const from = Math.max(start, i * chunkSize) - i * chunkSize;
        const to = Math.min(end - i * chunkSize, lengthIn[slot]!);
        if (to <= from) break;
        out.set(slab!.subarray(slot * chunkSize + from, slot * chunkSize + to), filled);
        filled += to - from;
        if (to < chunkSize) break;
      }
      return filled === out.length ? out : out.subarray(0, filled);
    },
  };
}

/** A source kept whole in memory, read into it block by block the first time each is used. */
export interface FilledImage {
  /** The source's bytes; a block's bytes are valid once its flag is set. */
  bytes: Uint8Array;
  /** One flag per block, 1 once the block is in `bytes` (set with `Atomics`). */
  filled: Int32Array;
  blockSize: number;
}

/**
 * An empty image of `size` bytes. `shared`: in a SharedArrayBuffer, so that another thread
 * reading the same source (see `parallel.ts`) fills and reads the same memory.
 */
export function createFilledImage(size: number, blockSize: number, shared = false): FilledImage {
  const blocks = Math.ceil(size / blockSize);
  const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
  return { bytes: new Uint8Array(new Buffer(size)), filled: new Int32Array(new Buffer(4 * Math.max(1, blocks))), blockSize };
}

/**
 * A source over a `FilledImage`: the first read of a block reads it from the backing store; every
 * later read, from this thread or another one sharing the image, is a view of memory. Two
 * threads may fill the same block at once; both write the same bytes.
 */
export function filledSource(size: number, readBlock: BlockReader, image: FilledImage): ByteSource {
  const { bytes, filled, blockSize } = image;
  return {
    size,
    read(offset, length) {
      const start = Math.min(Math.max(0, offset), size);
      const end = Math.min(size, start + Math.max(0, length));
      if (end <= start) return new Uint8Array(0);
      for (let b = Math.floor(start / blockSize), last = Math.floor((end - 1) / blockSize); b <= last; b++) {
        if (Atomics.load(filled, b) === 1) continue;
        const from = b * blockSize;
        const into = bytes.subarray(from, Math.min(size, from + blockSize));
        let got = 0;
        while (got < into.length) {
          const n = readBlock(from + got, into.subarray(got));
          if (n <= 0) break;
          got += n;
        }
        // A short read (the file shrank) leaves zeros; the block counts as read all the same.
        Atomics.store(filled, b, 1);
      }
      return bytes.subarray(start, end);
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
