/**
 * The signature of a message: its text with the variable parts masked as `<*>` and its white space
 * made single spaces, in one pass over its characters. Two messages written by the same line of
 * code usually get the same signature; the template miner (`miner.ts`) then merges the signatures
 * that still differ in a variable word.
 *
 * What is masked (each as one `<*>`):
 * - any word containing a digit: numbers, ids, hex, versions, times and dates, IPv4 and IPv6
 *   addresses with their ports, durations and sizes (`12ms`, `3.5MB`), block ids
 *   (`blk_-1608999687919862906`), `user_12345`;
 * - hex words of 8 or more letters (`deadbeef`), and words of more than 40 characters;
 * - URLs (`scheme://…`), paths (`/a/b`, `~/a`, `./a`, `C:\a`, `a/b/c`, `a/b.txt`), e-mail addresses
 *   and other `name@host` words, dotted names of three parts or more in small letters
 *   (`www.example.com`; `org.example.Main` and `android.intent.action.SCREEN_ON` stay);
 * - quoted values (`"…"`, `'…'`, `` `…` ``, `“…”`, `「…」`, `『…』`), except a quoted key (followed
 *   by `:`) and a quoted HTTP request line, which keeps its method and the words of its path
 *   (`"GET /api/users/<*> HTTP/<*>"`), because which endpoint failed is what tells such records
 *   apart; a request written without quotes (`GET /orders/12`) keeps them too;
 * - composite values: maps (`{a: 1}`, `{k=v}`), lists of several items (`[a, b]`) and object
 *   descriptions (`<function f at 0x…>`), whatever their length;
 * - the value of `key=value` (up to the next space, `,`, `;`, `&` or closing bracket, or the whole
 *   quoted or bracketed value);
 * - dates written with words (`Fri Jun 17 07:07:00 2005`, `June 17, 2005`), and the unit of a
 *   number written apart from it (`12 KB`, `5 sec`, `3 minutes`).
 *
 * Words stay: letters and other characters, CJK text included. A colon splits a word into parts
 * masked on their own (`port:8080` → `port:<*>`, `10:30:15` → `<*>`, `Thread.java:748` →
 * `Thread.java:<*>`); next to non-ASCII text a number is masked alone (`共3個` → `共<*>個`).
 * ANSI colour sequences are dropped, and so is the referrer nginx and Apache httpd append to an
 * error message (`, referrer: "…"`, `, referer: …`). A message longer than `SIGNATURE_INPUT` is
 * cut and gets a last `…` token.
 */

import {
  ansiEnd, CLASS, classOf, DIGIT, EQUALS, ESC, IN_WORD, isAlnum, isAlpha, isDigit, isSpaceU, LOWER, LOWER_HEX, MARK, OTHER, QUOTE, Scan, SPACE, spanEnd,
  UPPER, UPPER_HEX, VAR, WORD,
} from './chars.ts';
import { code3, DAY_CODES, dateEnd, MONTH_CODES, unitEnd } from './dates.ts';
import { HTTP_METHODS, requestPath } from './requests.ts';
import { CLOSE_QUOTE, composite, equals, quote, quoteTo } from './values.ts';
import { maskWord, scannedVariable, scanWord, wColons, wFlags, wUrl } from './words.ts';

export { VAR } from './chars.ts';
/** Longest part of a message that is read (UTF-16 units); the rest is cut and marked `…`. */
export const SIGNATURE_INPUT = 512;

/** Whether a trailing `, referrer: "…"` (nginx) or `, referer: …` (Apache httpd) starts at i. */
function refererAt(s: string, i: number): boolean {
  const tail = s.startsWith(', referrer: "', i) ? 13 : s.startsWith(', referer: ', i) ? 11 : 0;
  if (tail === 0) return false;
  // Nothing after the value but its closing quote (nginx) or nothing with a space (Apache).
  const rest = s.slice(i + tail, Math.min(s.length, i + tail + 2048));
  return tail === 13 ? rest.endsWith('"') && rest.indexOf('", ') < 0 : rest.indexOf(' ') < 0;
}

/**
 * The end of a parenthesised annotation at i whose words are all values (numbers, units, host
 * names) or that is empty, or -1.
 */
function annotationEnd(s: string, i: number, end: number): number {
  const close = s.indexOf(')', i + 1);
  if (close < 0 || close >= end || close - i > 80) return -1;
  let k = i + 1;
  while (k < close) {
    const c = s.charCodeAt(k);
    if (c === 32 || c === 44) {
      k++;
      continue;
    }
    if (c >= 128 || CLASS[c] !== WORD) return -1;
    const unit = unitEnd(s, k, close);
    if (unit > 0) {
      k = unit;
      continue;
    }
    const j = scanWord(s, k, close);
    if (j === k || !(wFlags & DIGIT || scannedVariable(s, k, j))) return -1;
    k = j;
  }
  return close + 1;
}

/** Where to cut `s` at most `max` units in, never between the halves of a surrogate pair. */
function cutAt(s: string, max: number): number {
  const before = s.charCodeAt(max - 1);
  return before >= 0xd800 && before < 0xdc00 ? max - 1 : max;
}

/** The signature of a message (see above): pure, deterministic, at most SIGNATURE_INPUT characters read. */
export function signature(message: string): string {
  const truncated = message.length > SIGNATURE_INPUT;
  let cut = truncated ? cutAt(message, SIGNATURE_INPUT) : message.length;
  let referrer = false;
  const s = message;
  const scan = new Scan(s);
  let i = 0;
  // Skip leading white space.
  while (i < cut && classOf(s.charCodeAt(i)) === SPACE) i++;
  scan.copied = i;
  while (i < cut) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : isSpaceU(c) ? SPACE : OTHER;
    if (c >= 97 && c <= 122) {
      // The common case, a word of small letters: nothing to mask unless another kind of
      // character follows it in the same word (or it could be hex).
      let j = i + 1;
      let x = 0;
      while (j < cut && (x = s.charCodeAt(j)) >= 97 && x <= 122) j++;
      if ((j < cut && x < 128 && CLASS[x] === WORD) || j - i >= 8) i = word(scan, i, cut);
      else i = j;
    } else if (c >= 65 && c <= 90) {
      // A word in letters starting with a capital: the same, unless it may start a date or an
      // HTTP request (`GET /`).
      let j = i + 1;
      let x = 0;
      while (j < cut && (((x = s.charCodeAt(j)) >= 97 && x <= 122) || (x >= 65 && x <= 90))) j++;
      if ((j < cut && x < 128 && CLASS[x] === WORD) || j - i >= 8 || (x === 32 && s.charCodeAt(j + 1) === 47) || (j - i >= 3 && (MONTH_CODES.has(code3(s, i)) || DAY_CODES.has(code3(s, i))))) i = word(scan, i, cut);
      else i = j;
    } else if (k === WORD) {
      i = word(scan, i, cut);
    } else if (k === SPACE) {
      let j = i + 1;
      while (j < cut && classOf(s.charCodeAt(j)) === SPACE) j++;
      if (j >= cut) {
        // Trailing white space: dropped.
        scan.replace(i, j, '');
      } else if (j !== i + 1 || c !== 32) {
        scan.replace(i, j, ' ');
      }
      i = j;
    } else if (k === QUOTE) {
      i = quote(scan, i, cut, c);
    } else if (k === EQUALS) {
      i = equals(scan, i, cut);
    } else if (k === ESC) {
      i = ansi(scan, i, cut);
    } else if (k === OTHER) {
      const close = CLOSE_QUOTE.get(c);
      i = close === undefined ? i + 1 : quoteTo(scan, i, cut, close);
    } else if (c === 40 && s.charCodeAt(i - 1) === 32 && scan.copied === i - 1 && scan.out.endsWith(VAR) && annotationEnd(s, i, cut) > 0) {
      // A value's annotation, made of values only (`1190 bytes (1.16 KB)`, `10.0.0.1 (host-1.example.net)`,
      // `10.0.0.1 ()`): part of the value.
      const j = annotationEnd(s, i, cut);
      scan.replace(i - 1, j, '');
      i = j;
    } else if ((c === 123 && i > 0) || c === 91 || c === 60) {
      i = composite(scan, i, cut, c);
    } else if (c === 44 && isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1)) && scan.copied === i && scan.out.endsWith(VAR)) {
      // A number with a comma in it (12:30:15,123 or 1,234,567) is one variable.
      let j = i + 1;
      while (j < cut && isDigit(s.charCodeAt(j))) j++;
      const after = j < cut ? s.charCodeAt(j) : 32;
      if (after < 128 && CLASS[after] === WORD) {
        i++;
      } else {
        scan.replace(i, j, '');
        i = j;
      }
    } else if (c === 44 && s.charCodeAt(i + 2) === 114 && refererAt(s, i)) {
      // The referrer nginx and Apache httpd append to an error message, when the request had
      // one, is context, not part of the message.
      cut = i;
      referrer = true;
    } else {
      i++; // a delimiter stays as it is
    }
  }
  let out = scan.finish(cut);
  if (truncated && !referrer) out = out.length > 0 ? `${out} …` : '…';
  return out;
}

/** An ANSI escape sequence (ESC [ … final byte), dropped. */
function ansi(scan: Scan, i: number, end: number): number {
  const j = ansiEnd(scan.s, i, end);
  scan.replace(i, j, '');
  return j;
}

/** A word starting at i (a WORD character): mask it, or some of its colon-separated parts. */
function word(scan: Scan, i: number, end: number): number {
  const s = scan.s;
  const c = s.charCodeAt(i);
  // Absolute and home-relative paths; Windows drive paths and UNC paths.
  const c1 = i + 1 < end ? s.charCodeAt(i + 1) : 32;
  if (
    (c === 47 && (isAlnum(c1) || c1 === 95 || c1 === 46 || c1 === 126 || c1 === 45)) ||
    (c === 126 && c1 === 47) ||
    (c === 46 && (c1 === 47 || (c1 === 46 && s.charCodeAt(i + 2) === 47))) ||
    (c1 === 58 && s.charCodeAt(i + 2) === 92 && isAlpha(c)) ||
    (c === 92 && c1 === 92)
  ) {
    // A path before a colon ends there when a word follows (`/etc/x.conf: no such file`).
    const j = spanEnd(s, i, end, true);
    scan.replace(i, j, VAR);
    return j;
  }
  const j = scanWord(s, i, end);
  if (wUrl) {
    // URL: the whole run, `=` and `&` included.
    const k = spanEnd(s, i, end, false);
    scan.replace(i, k, VAR);
    return k;
  }
  // An HTTP request written without quotes (`GET /orders/12 -> 404`) keeps its method and path too.
  if (j - i <= 8 && (wFlags & ~(IN_WORD | UPPER | UPPER_HEX)) === 0 && s.charCodeAt(j) === 32 && s.charCodeAt(j + 1) === 47 && j + 2 < end && HTTP_METHODS.has(s.slice(i, j))) {
    const pathEnd = spanEnd(s, j + 1, end, true);
    scan.replace(j + 1, pathEnd, requestPath(s, j + 1, pathEnd));
    return pathEnd;
  }
  if ((wFlags & ~(IN_WORD | UPPER | UPPER_HEX | LOWER | LOWER_HEX)) === 0 && j - i >= 3 && j - i <= 9 && (c < 97)) {
    // A date written with words (`Fri Jun 17 07:07:00 2005`, `Jun 17`, `June 17, 2005`): one mask.
    const k = dateEnd(s, i, j, end);
    if (k > 0) {
      scan.replace(i, k, VAR);
      return k;
    }
  }
  if (wColons === 0) {
    if (scannedVariable(s, i, j)) {
      // A number's unit, written apart (`12 KB`, `5 sec`, `3 minutes`), is part of the variable.
      let k = j;
      if ((wFlags & ~(IN_WORD | DIGIT | MARK)) === 0 && s.charCodeAt(j) === 32) k = unitEnd(s, j + 1, end);
      scan.replace(i, k > j ? k : j, VAR);
      return k > j ? k : j;
    }
  } else {
    maskWord(scan, i, j);
  }
  return j;
}

