/**
 * A short stable id of a template text: FNV-1a (32 bits) over its UTF-8 bytes, as 8 hex digits.
 * `bytes` says the string is already a byte string (each char one byte of UTF-8).
 */
export function templateId(text: string, bytes = false): string {
  let h = 0x811c9dc5;
  const step = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (bytes || c < 0x80) step(c & 0xff);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 63));
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
          i++;
          step(0xf0 | (c >> 18));
          step(0x80 | ((c >> 12) & 63));
          step(0x80 | ((c >> 6) & 63));
          step(0x80 | (c & 63));
          continue;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // lone surrogate: what a UTF-8 encoder writes
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 63));
      step(0x80 | (c & 63));
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
