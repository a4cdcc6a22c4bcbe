// How the worker of `parallel.ts` (query-worker.js) reads the image the main thread checks, in
// plain JavaScript like the worker itself. It mirrors the TypeScript core, and
// test/diagnostics/db/parallel.test.ts compares the two byte for byte: `chunkedSource` and
// `filledSource` of source.ts (the file read piece by piece, or kept whole in memory shared
// with the main thread), `buildImage` of image.ts (committed WAL pages laid over the file,
// header bytes 18-19 read as 1) and the lazy view of engine.ts that sql.js reads it through.
import { closeSync, openSync, readSync, readvSync } from 'node:fs';

/**
 * @typedef {{
 *   dbPath: string,
 *   walPath?: string,
 *   image: { size: number, fileSize: number, pageSize: number, walPages?: Map<number, number> },
 *   chunkSize: number,
 *   cacheBytes: number,
 *   readAheadBytes: number,
 *   shared?: { bytes: Uint8Array, filled: Int32Array, blockSize: number },
 * }} ImageJob
 */

/**
 * A file read in chunks kept in least-recently-used order, several at once while reads run in
 * order: `chunkedSource` of source.ts, with the file's descriptor as its store.
 * @param {ImageJob} job
 * @param {number} fd
 * @param {number} size
 */
function chunkedFile(job, fd, size) {
  const chunkSize = job.chunkSize;
  const chunkCount = Math.ceil(size / chunkSize);
  const slots = Math.max(1, Math.min(Math.max(2, Math.floor(job.cacheBytes / chunkSize)), chunkCount));
  const readAhead = Math.max(1, Math.min(slots, Math.floor(job.readAheadBytes / chunkSize)));
  const slab = new Uint8Array(slots * chunkSize);
  /** @type {Map<number, number>} */
  const slotOf = new Map();
  const chunkIn = new Float64Array(slots).fill(-1);
  const lengthIn = new Int32Array(slots);
  const newer = new Int32Array(slots).fill(-1);
  const older = new Int32Array(slots).fill(-1);
  let head = -1;
  let tail = -1;
  let used = 0;
  let lastRead = -2;
  let run = 0;
  let direction = 1;

  /** @param {number} slot */
  const unlink = (slot) => {
    const n = newer[slot];
    const o = older[slot];
    if (n >= 0) older[n] = o;
    else head = o;
    if (o >= 0) newer[o] = n;
    else tail = n;
  };
  /** @param {number} slot */
  const pushHead = (slot) => {
    newer[slot] = -1;
    older[slot] = head;
    if (head >= 0) newer[head] = slot;
    head = slot;
    if (tail < 0) tail = slot;
  };
  const claim = () => {
    if (used < slots) return used++;
    const slot = tail;
    unlink(slot);
    slotOf.delete(chunkIn[slot]);
    chunkIn[slot] = -1;
    return slot;
  };
  /** @param {number} first @param {number} count */
  const fill = (first, count) => {
    const taken = [];
    const intos = [];
    for (let i = 0; i < count; i++) {
      const slot = claim();
      taken.push(slot);
      const start = (first + i) * chunkSize;
      intos.push(slab.subarray(slot * chunkSize, slot * chunkSize + Math.max(0, Math.min(chunkSize, size - start))));
    }
    const want = intos.reduce((sum, into) => sum + into.length, 0);
    let got = 0;
    while (got < want) {
      let skip = got;
      const rest = [];
      for (const into of intos) {
        if (skip >= into.length) skip -= into.length;
        else {
          rest.push(skip > 0 ? into.subarray(skip) : into);
          skip = 0;
        }
      }
      const n = readvSync(fd, rest, first * chunkSize + got);
      if (n <= 0) break;
      got += n;
    }
    let before = 0;
    for (let i = 0; i < count; i++) {
      const slot = taken[i];
      chunkIn[slot] = first + i;
      lengthIn[slot] = Math.max(0, Math.min(intos[i].length, got - before));
      before += intos[i].length;
      slotOf.set(first + i, slot);
      pushHead(slot);
    }
  };
  /** @param {number} index */
  const load = (index) => {
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
    return /** @type {number} */ (slotOf.get(index));
  };

  return {
    /**
     * Bytes [start, end) of the file, as a view of the chunk buffer when they lie in one chunk
     * (valid until the next read), else copied; shorter at the end of the file.
     * @param {number} start @param {number} end
     * @returns {Uint8Array}
     */
    read(start, end) {
      if (end <= start) return new Uint8Array(0);
      const first = Math.floor(start / chunkSize);
      const last = Math.floor((end - 1) / chunkSize);
      if (first === last) {
        const slot = load(first);
        const base = slot * chunkSize - first * chunkSize;
        return slab.subarray(base + start, base + Math.min(end, first * chunkSize + lengthIn[slot]));
      }
      const out = new Uint8Array(end - start);
      let filled = 0;
      for (let i = first; i <= last && filled < out.length; i++) {
        const slot = load(i);
        const from = Math.max(start, i * chunkSize) - i * chunkSize;
        const to = Math.min(end - i * chunkSize, lengthIn[slot]);
        if (to <= from) break;
        out.set(slab.subarray(slot * chunkSize + from, slot * chunkSize + to), filled);
        filled += to - from;
        if (to < chunkSize) break;
      }
      return filled === out.length ? out : out.subarray(0, filled);
    },
  };
}

/**
 * The file kept whole in memory that the main thread reads too (`filledSource` of source.ts):
 * a block is read from the file the first time either thread needs it.
 * @param {NonNullable<ImageJob['shared']>} shared
 * @param {number} fd
 * @param {number} size
 */
function filledFile(shared, fd, size) {
  const { bytes, filled, blockSize } = shared;
  /** @param {number} b */
  const fillBlock = (b) => {
    if (Atomics.load(filled, b) === 1) return;
    const from = b * blockSize;
    const into = bytes.subarray(from, Math.min(size, from + blockSize));
    let got = 0;
    while (got < into.length) {
      const n = readSync(fd, into, got, into.length - got, from + got);
      if (n <= 0) break;
      got += n;
    }
    Atomics.store(filled, b, 1);
  };
  return {
    /** @param {number} start @param {number} end @returns {Uint8Array} */
    read(start, end) {
      if (end <= start) return new Uint8Array(0);
      for (let b = Math.floor(start / blockSize), last = Math.floor((end - 1) / blockSize); b <= last; b++) fillBlock(b);
      return bytes.subarray(start, end);
    },
  };
}

/**
 * The image as `image.ts` builds it, as the object sql.js's MEMFS reads (`engine.ts`).
 * @param {ImageJob} job
 */
export function openImageView(job) {
  const { size, fileSize, pageSize, walPages } = job.image;
  const dbFd = openSync(job.dbPath, 'r');
  const walFd = walPages && job.walPath !== undefined ? openSync(job.walPath, 'r') : undefined;
  const file = job.shared ? filledFile(job.shared, dbFd, fileSize) : chunkedFile(job, dbFd, fileSize);
  /** Bytes [start, end) of the image within one page (or anywhere without a WAL), maybe short. */
  const readPlain = (start, end) => {
    if (walPages && walFd !== undefined && pageSize > 0) {
      const pgno = Math.floor(start / pageSize) + 1;
      const walAt = walPages.get(pgno);
      if (walAt !== undefined) {
        const out = new Uint8Array(end - start);
        const within = start - (pgno - 1) * pageSize;
        let got = 0;
        while (got < out.length) {
          const n = readSync(walFd, out, got, out.length - got, walAt + within + got);
          if (n <= 0) break;
          got += n;
        }
        return out.subarray(0, got);
      }
    }
    if (start >= fileSize) return new Uint8Array(end - start);
    return file.read(start, Math.min(end, fileSize));
  };
  /** Bytes [start, end) of the image, zero-filled where nothing could be read. */
  const read = (start, end) => {
    let out;
    if (!walPages || pageSize === 0 || Math.floor(start / pageSize) === Math.floor((end - 1) / pageSize)) {
      out = readPlain(start, end);
      if (out.length !== end - start) {
        const padded = new Uint8Array(end - start);
        padded.set(out);
        out = padded;
      }
    } else {
      out = new Uint8Array(end - start);
      for (let at = start; at < end; ) {
        const pageEnd = Math.min(end, (Math.floor(at / pageSize) + 1) * pageSize);
        out.set(readPlain(at, pageEnd), at - start);
        at = pageEnd;
      }
    }
    if (start < 20 && end > 18) {
      // Patch a copy: `out` may be a view of the chunk buffer.
      out = out.slice();
      for (const at of [18, 19]) if (at >= start && at < end && out[at - start] === 2) out[at - start] = 1;
    }
    return out;
  };
  const view = {
    length: size,
    /** @param {number} start @param {number} [end] */
    subarray(start, end) {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end ?? size, size));
      return read(from, to);
    },
    /** @param {number} start @param {number} [end] */
    slice(start, end) {
      if (start === 0 && (end === undefined || end >= size)) return view;
      return view.subarray(start, end).slice();
    },
  };
  const close = () => {
    closeSync(dbFd);
    if (walFd !== undefined) closeSync(walFd);
  };
  return { view, close };
}
