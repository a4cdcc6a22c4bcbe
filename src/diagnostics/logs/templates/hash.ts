/**
 * Small non-cryptographic hashes used as map keys by the miner. Two independent 32-bit lanes are
 * combined into one 53-bit number, so a JavaScript `Map` keyed by it needs no string.
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

/** Two 32-bit lanes as one safe integer (53 bits). */
export function join53(a: number, b: number): number {
  return (a & 0x1fffff) * 0x100000000 + (b >>> 0);
}

/** A 53-bit key of a string. */
export function key53(s: string): number {
  return join53(hash32(s), hash32b(s));
}
