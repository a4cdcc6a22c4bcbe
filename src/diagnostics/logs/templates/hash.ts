/**
 * Small non-cryptographic hashes for the miner's keys, and a compact table keyed by two of them.
 */

/** FNV-1a over UTF-16 units. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A second lane independent of `hash32`: a multiply-rotate hash (murmur3's mixing constants). */
export function hash32b(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mix a value into a running 32-bit hash. */
export function mix(h: number, v: number): number {
  h ^= v;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A set of strings remembered by two 32-bit hashes (64 bits: a collision among a million entries
 * has a chance of about 3 in 100 million), each with a number: open addressing in typed arrays,
 * about 12 bytes an entry at most, growing by doubling.
 */
export class HashTable {
  private keysA = new Int32Array(1024);
  private keysB = new Int32Array(1024);
  private values = new Int32Array(1024).fill(-1);
  private mask = 1023;
  size = 0;

  get(a: number, b: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const v = this.values[i]!;
      if (v < 0) return -1;
      if (this.keysA[i] === (a | 0) && this.keysB[i] === (b | 0)) return v;
      i = (i + 1) & this.mask;
    }
  }

  /** Set a key (not already present) to a value >= 0. */
  set(a: number, b: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    while (this.values[i]! >= 0) i = (i + 1) & this.mask;
    this.keysA[i] = a;
    this.keysB[i] = b;
    this.values[i] = value;
    this.size++;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const capacity = (this.mask + 1) * 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.size = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! >= 0) this.set(keysA[i]!, keysB[i]!, values[i]!);
  }
}
