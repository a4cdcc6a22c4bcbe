/** The byte sources: the chunk cache with read-ahead, a file kept in memory, and the Node file source. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkedSource, createFilledImage, filledSource, type ByteSource } from '../../../src/diagnostics/db/source.ts';
import { fileSource } from '../../../src/diagnostics/db/node/source-fs.ts';

function sample(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A store over `bytes` that counts its calls. */
function store(bytes: Uint8Array) {
  const calls = { block: 0, vector: 0, bytes: 0 };
  const readBlock = (offset: number, into: Uint8Array) => {
    calls.block++;
    const part = bytes.subarray(offset, offset + into.length);
    into.set(part);
    calls.bytes += part.length;
    return part.length;
  };
  const readv = (offset: number, intos: Uint8Array[]) => {
    calls.vector++;
    let at = offset;
    for (const into of intos) {
      const part = bytes.subarray(at, at + into.length);
      into.set(part);
      at += part.length;
      calls.bytes += part.length;
      if (part.length < into.length) break;
    }
    return at - offset;
  };
  return { calls, readBlock, readv };
}

const same = (source: ByteSource, bytes: Uint8Array, offset: number, length: number) => {
  const start = Math.min(offset, bytes.length);
  expect(Array.from(source.read(offset, length))).toEqual(Array.from(bytes.subarray(start, Math.min(bytes.length, start + length))));
};

describe('chunkedSource', () => {
  it('reads what the store holds, for any reads, chunk and cache sizes, with or without read-ahead', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5200 }), fc.integer({ min: 0, max: 1500 })), { maxLength: 40 }),
        (size, chunkSize, maxChunks, readAhead, vector, reads) => {
          const bytes = sample(size);
          const s = store(bytes);
          const source = chunkedSource(size, s.readBlock, { chunkSize, maxChunks, readAhead, readv: vector ? s.readv : undefined });
          for (const [offset, length] of reads) same(source, bytes, offset, length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads ahead while reads run in order, forwards and backwards', () => {
    const page = 4096;
    const bytes = sample(page * 512);
    const scan = (order: number[], readAhead: number) => {
      const s = store(bytes);
      const source = chunkedSource(bytes.length, s.readBlock, { chunkSize: page, maxChunks: 256, readAhead, readv: s.readv });
      for (const p of order) same(source, bytes, p * page, page);
      return s.calls;
    };
    const forwards = Array.from({ length: 512 }, (_, i) => i);
    const backwards = [...forwards].reverse();
    expect(scan(forwards, 1)).toMatchObject({ block: 512, vector: 0 });
    const ahead = scan(forwards, 64);
    expect(ahead.block + ahead.vector).toBeLessThan(20);
    expect(ahead.bytes).toBe(bytes.length);
    const back = scan(backwards, 64);
    expect(back.block + back.vector).toBeLessThan(20);
    expect(back.bytes).toBe(bytes.length);
    // Scattered reads read what they ask for, no more.
    const scattered = scan([5, 300, 17, 411, 99, 250, 3, 480], 64);
    expect(scattered.bytes).toBe(8 * page);
  });

  it('keeps the most recently used chunks', () => {
    const bytes = sample(10 * 100);
    const s = store(bytes);
    const source = chunkedSource(bytes.length, s.readBlock, { chunkSize: 100, maxChunks: 3 });
    for (const c of [0, 1, 2, 0, 3, 0, 4]) source.read(c * 100, 10);
    // 0, 1, 2 read; 0 hit; 3 evicts 1; 0 hit; 4 evicts 2.
    expect(s.calls.block).toBe(5);
    source.read(0, 10);
    expect(s.calls.block).toBe(5);
    source.read(100, 10);
    expect(s.calls.block).toBe(6);
  });

  it('allocates its cache once, no larger than the source needs', () => {
    const bytes = sample(1000);
    const s = store(bytes);
    const source = chunkedSource(bytes.length, s.readBlock, { chunkSize: 4096, maxChunks: 1000 });
    const a = source.read(0, 10);
    const b = source.read(500, 10);
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(4096);
  });
});

describe('filledSource', () => {
  it('reads each block once, and shares what it read with another source over the same image', () => {
    const bytes = sample(10_000);
    const s = store(bytes);
    const image = createFilledImage(bytes.length, 1024, true);
    expect(image.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    const one = filledSource(bytes.length, s.readBlock, image);
    same(one, bytes, 0, 10_000);
    same(one, bytes, 3000, 2500);
    expect(s.calls.bytes).toBe(10_000);
    const t = store(bytes);
    const two = filledSource(bytes.length, t.readBlock, image);
    same(two, bytes, 0, 10_000);
    expect(t.calls.block).toBe(0);
  });

  it('reads what the store holds, for any reads', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 900 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5200 }), fc.integer({ min: 0, max: 1500 })), { maxLength: 30 }),
        (size, blockSize, reads) => {
          const bytes = sample(size);
          const source = filledSource(size, store(bytes).readBlock, createFilledImage(size, blockSize));
          for (const [offset, length] of reads) same(source, bytes, offset, length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('fileSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-source-'));
  const bytes = sample(3 * 1024 * 1024 + 123);
  const path = join(dir, 'file.bin');
  writeFileSync(path, bytes);

  it.each(['lazy', 'memory'] as const)('%s mode reads the file', (mode) => {
    const source = fileSource(path, { mode, cacheBytes: 64 * 1024 });
    expect(source.mode).toBe(mode);
    expect(source.image !== undefined).toBe(mode === 'memory');
    for (const [offset, length] of [[0, 100], [4090, 20], [1_000_000, 300_000], [bytes.length - 10, 50], [bytes.length + 5, 10]] as const) {
      same(source, bytes, offset, length);
    }
    for (let p = 700; p >= 0; p -= 7) same(source, bytes, p * 4096, 4096);
    source.close();
  });

  it('auto mode keeps files up to its limit (by default, its cache size) in memory', () => {
    const sources = [fileSource(path), fileSource(path, { cacheBytes: 1 << 20 }), fileSource(path, { cacheBytes: 1 << 20, memoryLimit: bytes.length })];
    expect(sources.map((s) => s.mode)).toEqual(['memory', 'lazy', 'memory']);
    for (const s of sources) s.close();
  });
});
