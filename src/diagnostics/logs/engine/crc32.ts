/** CRC-32 (IEEE 802.3, as gzip writes it), four bytes at a time. */
const T = new Int32Array(256 * 4);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 4; t++) T[t * 256 + n] = (T[(t - 1) * 256 + n]! >>> 8) ^ T[T[(t - 1) * 256 + n]! & 255]!;
}

/** The CRC of `b` continued from `crc` (0 to start). */
export function crc32(b: Uint8Array, crc = 0): number {
  let c = ~crc;
  let i = 0;
  const n = b.length;
  for (; i + 4 <= n; i += 4) {
    c ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    c = T[768 + (c & 255)]! ^ T[512 + ((c >>> 8) & 255)]! ^ T[256 + ((c >>> 16) & 255)]! ^ T[c >>> 24]!;
  }
  for (; i < n; i++) c = T[(c ^ b[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
