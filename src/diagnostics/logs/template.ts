/**
 * Message templates: a message with its variable parts masked, so that "user 12 joined" and
 * "user 98 joined" count as one template. Masked, in this order: URLs (`<url>`), quoted strings
 * (`<str>`, except a quoted HTTP request line, whose method and path stay), and then numbers, hex numbers and hashes, dates, times and dotted versions or
 * addresses (`<num>`). An id made of letters and digits keeps its letters: `user_12345` becomes
 * `user_<num>`, `Qwen3` becomes `Qwen<num>`.
 *
 * Works the same on real text and on byte strings (each char one byte of UTF-8): every pattern is
 * ASCII, and the bytes of non-ASCII characters never match them.
 */

/** Longest part of a message that is templated; the rest is cut (`...`). */
export const TEMPLATE_INPUT = 400;

const URL_RE = /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}]{1,2048}/gi;
// A quoted HTTP request line (access logs, Django's request log) keeps its method and path: which
// endpoint failed is what tells such records apart; its numbers are masked like any others.
const DOUBLE_QUOTED = /"(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) (\/)[^"\n]{0,256}|[^"\n]{0,256})"/g;
const quoted = (whole: string, request: string | undefined) => (request === undefined ? '<str>' : whole);
// An apostrophe inside a word ("can't") opens no string.
const SINGLE_QUOTED = /(?<![A-Za-z0-9])'[^'\n]{0,256}'/g;
// A hex word of 8 or more starting with a letter; a number with the hex digits after it and more
// numbers after `.`, `:` or `-` (0x1f, 5f3a9c2e, 10.0.0.5, 10:30:15, 2025-08-23, 12.5).
const NUMBER = /\b[a-fA-F][\da-fA-F]{7,63}\b|\d[\da-fA-FxX]{0,63}(?:[.:-]\d[\da-fA-F]{0,63}){0,16}/g;

/** Where to cut a long message: before TEMPLATE_INPUT, never inside a character (UTF-8 or UTF-16). */
export function cutPoint(s: string, max: number): number {
  let n = max;
  for (;;) {
    const c = s.charCodeAt(n);
    const before = s.charCodeAt(n - 1);
    if (n > max - 4 && ((c >= 0x80 && c < 0xc0) || (before >= 0xd800 && before < 0xdc00))) n--;
    else return n;
  }
}

export function template(message: string): string {
  let s = message.length > TEMPLATE_INPUT ? `${message.slice(0, cutPoint(message, TEMPLATE_INPUT))}...` : message;
  if (s.indexOf('://') >= 0) s = s.replace(URL_RE, '<url>');
  if (s.indexOf('"') >= 0) s = s.replace(DOUBLE_QUOTED, quoted);
  if (s.indexOf("'") >= 0) s = s.replace(SINGLE_QUOTED, '<str>');
  return s.replace(NUMBER, '<num>');
}

/**
 * A short stable id of a template: FNV-1a (32 bits) over its UTF-8 bytes, as 8 hex digits.
 * `bytes` says the string is already a byte string (each char one byte), as in the fast path.
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
