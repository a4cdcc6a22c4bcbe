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
 *   and other `name@host` words, dotted names of three parts or more (`www.example.com`,
 *   `org.example.Main`);
 * - quoted values (`"…"`, `'…'`, `` `…` ``, `“…”`, `「…」`, `『…』`), except a quoted key (followed
 *   by `:`) and a quoted HTTP request line, which keeps its method and the words of its path
 *   (`"GET /api/users/<*> HTTP/<*>"`), because which endpoint failed is what tells such records
 *   apart; a request written without quotes (`GET /orders/12`) keeps them too;
 * - composite values: maps (`{a: 1}`, `{k=v}`), lists of several items (`[a, b]`) and object
 *   descriptions (`<function f at 0x…>`), whatever their length;
 * - the value of `key=value` (up to the next space, `,`, `;`, `&` or closing bracket, or the whole
 *   quoted or bracketed value).
 *
 * Words stay: letters and other characters, CJK text included. A colon splits a word into parts
 * masked on their own (`port:8080` → `port:<*>`, `10:30:15` → `<*>`, `Thread.java:748` →
 * `Thread.java:<*>`); next to non-ASCII text a number is masked alone (`共3個` → `共<*>個`).
 * ANSI colour sequences are dropped, and so is the referrer nginx and Apache httpd append to an
 * error message (`, referrer: "…"`, `, referer: …`). A message longer than `SIGNATURE_INPUT` is
 * cut and gets a last `…` token.
 */

/** The mask of a variable part. */
export const VAR = '<*>';
/** Longest part of a message that is read (UTF-16 units); the rest is cut and marked `…`. */
export const SIGNATURE_INPUT = 512;
/** Longest quoted value masked as one; a quote that does not close within it is plain text. */
const QUOTE_SPAN = 320;
/** A word longer than this is not a word (a token, a digest, base64). */
const LONG_WORD = 40;

// Character classes of ASCII.
const OTHER = 0; // non-ASCII (never stored: the default for codes >= 128)
const SPACE = 1; // white space and control characters
const DELIM = 2; // ( ) [ ] { } < > , ; | — ends a word
const QUOTE = 3; // " ' `
const EQUALS = 4; // =
const WORD = 5; // letters, digits and the other punctuation: part of a word
const ESC = 6; // starts an ANSI sequence

const CLASS = new Uint8Array(128).fill(WORD);
for (let c = 0; c < 32; c++) CLASS[c] = SPACE;
CLASS[32] = SPACE;
CLASS[127] = SPACE;
CLASS[27] = ESC;
for (const ch of '()[]{}<>,;|') CLASS[ch.charCodeAt(0)] = DELIM;
for (const ch of '"\'`') CLASS[ch.charCodeAt(0)] = QUOTE;
CLASS[61] = EQUALS;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isDigit(c) || isAlpha(c);
const classOf = (c: number) => (c < 128 ? CLASS[c]! : isSpaceU(c) ? SPACE : OTHER);
/** Non-ASCII white space: no-break, the typographic spaces, ideographic space, BOM. */
const isSpaceU = (c: number) => c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff || c === 0x2028 || c === 0x2029;

// Closing quote of each opening quote outside ASCII.
const CLOSE_QUOTE = new Map<number, number>([
  [0x201c, 0x201d], // “ ”
  [0x300c, 0x300d], // 「 」
  [0x300e, 0x300f], // 『 』
]);

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'PROPFIND']);

/** Whether a trailing `, referrer: "…"` (nginx) or `, referer: …` (Apache httpd) starts at i. */
function refererAt(s: string, i: number): boolean {
  const tail = s.startsWith(', referrer: "', i) ? 13 : s.startsWith(', referer: ', i) ? 11 : 0;
  if (tail === 0) return false;
  // Nothing after the value but its closing quote (nginx) or nothing with a space (Apache).
  const rest = s.slice(i + tail, Math.min(s.length, i + tail + 2048));
  return tail === 13 ? rest.endsWith('"') && rest.indexOf('", ') < 0 : rest.indexOf(' ') < 0;
}

/** Where to cut `s` at most `max` units in, never between the halves of a surrogate pair. */
function cutAt(s: string, max: number): number {
  const before = s.charCodeAt(max - 1);
  return before >= 0xd800 && before < 0xdc00 ? max - 1 : max;
}

/**
 * The state of one pass: the output is built from verbatim stretches of the input (copied lazily
 * from `copied` up to where a change is needed) and the replacements between them.
 */
class Scan {
  out = '';
  /** Input up to here is already in `out` (or dropped). */
  copied = 0;
  readonly s: string;
  constructor(s: string) {
    this.s = s;
  }

  /** Replace s[from, to) by `text`. */
  replace(from: number, to: number, text: string): void {
    if (from > this.copied) this.out += this.s.slice(this.copied, from);
    this.out += text;
    this.copied = to;
  }

  /** Flush the input up to `to` verbatim. */
  finish(to: number): string {
    if (to > this.copied) this.out += this.s.slice(this.copied, to);
    this.copied = to;
    return this.out;
  }
}

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

/** The end of the ANSI escape sequence at i. */
function ansiEnd(s: string, i: number, end: number): number {
  let j = i + 1;
  if (j < end && s.charCodeAt(j) === 91) {
    j++;
    while (j < end) {
      const c = s.charCodeAt(j++);
      if (c >= 0x40 && c <= 0x7e) break;
    }
  }
  return j;
}

/** The end of an unbroken run of non-space characters other than quotes and angle brackets (a URL or a path). */
function spanEnd(s: string, i: number, end: number, stopAtComma: boolean): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c >= 128) {
      if (isSpaceU(c)) break;
    } else {
      const k = CLASS[c]!;
      if (k === SPACE || k === QUOTE || k === ESC || c === 60 || c === 62) break;
      if (stopAtComma && (c === 44 || c === 59)) break;
    }
    j++;
  }
  // Punctuation that ends a sentence or closes a bracket is not part of it.
  while (j > i + 1) {
    const c = s.charCodeAt(j - 1);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 93 || c === 125) j--;
    else break;
  }
  return j;
}

/** A URL scheme at i (`http://`, `jdbc:postgresql://` is not one: one scheme name then `://`). */
function schemeEnd(s: string, i: number, end: number): number {
  if (!isAlpha(s.charCodeAt(i))) return -1;
  let j = i + 1;
  const max = Math.min(end, i + 20);
  while (j < max) {
    const c = s.charCodeAt(j);
    if (isAlnum(c) || c === 43 || c === 45 || c === 46) j++;
    else break;
  }
  return j + 2 < end && s.charCodeAt(j) === 58 && s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47 ? j + 3 : -1;
}

// Flags of the characters of a word, OR-ed together by `scanWord` (0: not part of a word).
const IN_WORD = 1;
const DIGIT = 2;
const LOWER_HEX = 4; // a-f
const LOWER = 8; // g-z
const UPPER_HEX = 16; // A-F
const UPPER = 32; // G-Z
const MARK = 64; // . / : @ — counted one by one
const JOINER = 128; // - _
const PUNCT = 256; // any other character of a word
const FLAGS = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  if (CLASS[c] !== WORD) continue;
  FLAGS[c] = IN_WORD | (c >= 48 && c <= 57 ? DIGIT : c >= 97 && c <= 102 ? LOWER_HEX : c >= 103 && c <= 122 ? LOWER : c >= 65 && c <= 70 ? UPPER_HEX : c >= 71 && c <= 90 ? UPPER : c === 46 || c === 47 || c === 58 || c === 64 ? MARK : c === 45 || c === 95 ? JOINER : PUNCT);
}

// What one pass over a word found (set by `scanWord`; the scan is synchronous, so one set serves).
let wFlags = 0;
let wColons = 0;
let wDots = 0;
let wSlashes = 0;
let wLastSlash = -1;
let wAt = false;
let wEmptySegment = false;
/** Set when the word starts with a URL scheme (`http://`). */
let wUrl = false;

/** One pass over the word at i: its end, and the flags above. */
function scanWord(s: string, i: number, end: number): number {
  let flags = 0;
  let j = i;
  for (; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c >= 128) break;
    const f = FLAGS[c]!;
    if (f === 0) break;
    flags |= f;
    if (f === (IN_WORD | MARK)) {
      // The first mark: count the rest of the word's marks in a second, rarer loop.
      wFlags = flags;
      return scanMarks(s, i, j, end);
    }
  }
  wFlags = flags;
  wColons = wDots = wSlashes = 0;
  wAt = wEmptySegment = wUrl = false;
  return j;
}

/** The rest of `scanWord` for a word with `.`, `/`, `:` or `@`, from its first such mark at j. */
function scanMarks(s: string, i: number, j: number, end: number): number {
  wColons = wDots = wSlashes = 0;
  wAt = wEmptySegment = wUrl = false;
  wLastSlash = -1;
  let scheme = j - i <= 20 && isAlpha(s.charCodeAt(i)) && (wFlags & (MARK | PUNCT | JOINER)) === MARK;
  let flags = wFlags;
  for (; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c >= 128) break;
    const f = FLAGS[c]!;
    if (f === 0) break;
    flags |= f;
    if (c === 58) {
      if (scheme && j > i && s.charCodeAt(j + 1) === 47 && s.charCodeAt(j + 2) === 47) {
        wUrl = true;
        wFlags = flags;
        return j;
      }
      wColons++;
      scheme = false;
    } else if (c === 46) {
      if (j === i || s.charCodeAt(j - 1) === 46) wEmptySegment = true;
      wDots++;
    } else if (c === 47) {
      wSlashes++;
      wLastSlash = j;
      scheme = false;
    } else if (c === 64) {
      if (j > i) wAt = true;
      scheme = false;
    } else if (f & (PUNCT | JOINER) && c !== 43 && c !== 45) {
      scheme = false;
    }
  }
  if (j > i && s.charCodeAt(j - 1) === 46) wEmptySegment = true;
  wFlags = flags;
  return j;
}

/** Whether the word just scanned, s[i, j) without a colon, is a variable (see `isVariable`). */
function scannedVariable(s: string, i: number, j: number): boolean {
  const f = wFlags;
  if (f & DIGIT || j - i > LONG_WORD) return true;
  if ((f & MARK) === 0) {
    // Letters only (and - _): a hex word of 8 or more in one case is a variable.
    return j - i >= 8 && (f & (LOWER | UPPER | UPPER_HEX | PUNCT)) === 0 ? (f & LOWER_HEX) !== 0 && j - i - joiners(s, i, j) >= 8
      : j - i >= 8 && (f & (LOWER | UPPER | LOWER_HEX | PUNCT)) === 0 ? (f & UPPER_HEX) !== 0 && j - i - joiners(s, i, j) >= 8
      : false;
  }
  if (wAt) return true;
  if (wDots >= 2 && !wEmptySegment && (f & (UPPER | UPPER_HEX)) === 0) return true;
  if (wSlashes >= 2) return true;
  if (wSlashes === 1 && wLastSlash > i && wLastSlash < j - 1) {
    for (let k = wLastSlash + 1; k < j - 1; k++) if (s.charCodeAt(k) === 46) return true;
  }
  return false;
}

function joiners(s: string, i: number, j: number): number {
  let n = 0;
  for (let k = i; k < j; k++) if (s.charCodeAt(k) === 45 || s.charCodeAt(k) === 95) n++;
  return n;
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

const UNITS = new Set([
  'B', 'KB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB', 'kB', 'bytes', 'byte',
  'ns', 'us', 'µs', 'ms', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins', 'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days',
]);

/** First letters of the units. */
const UNIT_START = new Set([...UNITS].map((u) => u.charCodeAt(0)));

/** The end of a unit word at i (see UNITS), or -1. */
function unitEnd(s: string, i: number, end: number): number {
  if (!UNIT_START.has(s.charCodeAt(i))) return -1;
  let j = i;
  while (j < end && j - i <= 8) {
    const c = s.charCodeAt(j);
    if (isAlpha(c) || c === 0xb5) j++;
    else break;
  }
  if (j === i || (j < end && s.charCodeAt(j) < 128 && CLASS[s.charCodeAt(j)] === WORD && s.charCodeAt(j) !== 46)) return -1;
  return UNITS.has(s.slice(i, j)) ? j : -1;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The first three letters of a word, in lower case, as one number. */
const code3 = (s: string, i: number) => ((s.charCodeAt(i) | 32) << 16) | ((s.charCodeAt(i + 1) | 32) << 8) | (s.charCodeAt(i + 2) | 32);
const MONTH_CODES = new Set(MONTHS.map((m) => code3(m, 0)));
const DAY_CODES = new Set(DAYS.map((d) => code3(d, 0)));

/** Whether s[i, j) names a month (`weekday` false) or a day of the week, short or whole. */
function isName(s: string, i: number, j: number, weekday: boolean): boolean {
  if (j - i < 3 || !(weekday ? DAY_CODES : MONTH_CODES).has(code3(s, i))) return false;
  if (j - i === 3) return true;
  return (weekday ? DAY_NAMES : MONTH_NAMES).includes(s.slice(i, j).toLowerCase());
}

/**
 * The end of a date written with words starting at the capitalised word s[i, j): an optional day
 * of the week, a month, a day of the month, then optionally `,`, a time and a year. -1 when
 * there is no month followed by a day.
 */
function dateEnd(s: string, i: number, j: number, end: number): number {
  let k = j;
  if (isName(s, i, j, true)) {
    // `Fri Jun 17`: the month follows.
    if (s.charCodeAt(k) === 44) k++;
    if (s.charCodeAt(k) !== 32) return -1;
    const m = k + 1;
    let e = m;
    while (e < end && isAlpha(s.charCodeAt(e))) e++;
    if (e - m < 3 || !isName(s, m, e, false)) return -1;
    k = e;
  } else if (!isName(s, i, j, false)) {
    return -1;
  }
  // the day: one or two spaces, one or two digits, not followed by another digit or a letter
  let d = k;
  while (d < end && d - k < 2 && s.charCodeAt(d) === 32) d++;
  if (d === k) return -1;
  let e = d;
  while (e < end && e - d < 2 && isDigit(s.charCodeAt(e))) e++;
  if (e === d || (e < end && isAlnum(s.charCodeAt(e)))) return -1;
  k = e;
  if (s.charCodeAt(k) === 44) k++;
  // a time, then a year
  const t = timeEnd(s, k, end);
  if (t > 0) k = t;
  if (s.charCodeAt(k) === 32 && isDigit(s.charCodeAt(k + 1)) && isDigit(s.charCodeAt(k + 4)) && !isAlnum(s.charCodeAt(k + 5)) && isDigit(s.charCodeAt(k + 2)) && isDigit(s.charCodeAt(k + 3))) k += 5;
  if (t < 0) {
    const t2 = timeEnd(s, k, end);
    if (t2 > 0) k = t2;
  }
  return k;
}

/** The end of ` hh:mm[:ss[.fff]]` at i, or -1. */
function timeEnd(s: string, i: number, end: number): number {
  if (s.charCodeAt(i) !== 32) return -1;
  let k = i + 1;
  let parts = 0;
  for (;;) {
    const a = k;
    while (k < end && k - a < 2 && isDigit(s.charCodeAt(k))) k++;
    if (k === a) return -1;
    parts++;
    if (s.charCodeAt(k) === 58 && parts < 3) k++;
    else break;
  }
  if (parts < 2) return -1;
  if (s.charCodeAt(k) === 46 || s.charCodeAt(k) === 44) {
    const a = ++k;
    while (k < end && isDigit(s.charCodeAt(k))) k++;
    if (k === a) return -1;
  }
  return k < end && isAlnum(s.charCodeAt(k)) ? -1 : k;
}

/**
 * Mask the word s[i, j) (only WORD characters) as a whole, or its parts between colons. Parts
 * masked next to each other (`10:30:15`, `10.0.0.5:80`, `fe80::1`) become one mask.
 */
function maskWord(scan: Scan, i: number, j: number): void {
  const s = scan.s;
  if (wColons >= 2 && isIpv6(s, i, j)) {
    if (isVariable(s, i, j)) scan.replace(i, j, VAR);
    return;
  }
  // Parts between colons.
  let start = i;
  let lastMaskEnd = -1; // input index just after the last masked part
  for (let k = i; k <= j; k++) {
    if (k < j && s.charCodeAt(k) !== 58) continue;
    if (k > start && isVariable(s, start, k)) {
      if (lastMaskEnd >= 0 && onlyColons(s, lastMaskEnd, start)) {
        scan.replace(lastMaskEnd, k, ''); // join with the mask before
      } else {
        scan.replace(start, k, VAR);
      }
      lastMaskEnd = k;
    } else if (k > start) {
      lastMaskEnd = -1;
    }
    start = k + 1;
  }
}

function onlyColons(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (s.charCodeAt(k) !== 58) return false;
  return true;
}

/** Hex groups and colons (with a dotted IPv4 tail): an IPv6 address. */
function isIpv6(s: string, i: number, j: number): boolean {
  let group = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c === 58) group = 0;
    else if (isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46) {
      if (++group > 15) return false;
    } else if (c === 37 && k > i) return true; // zone index: fe80::1%eth0
    else return false;
  }
  return true;
}

/** Whether the word s[i, j) (WORD characters, no colon) is a variable. */
function isVariable(s: string, i: number, j: number): boolean {
  const n = j - i;
  if (n > LONG_WORD) return true;
  let dots = 0;
  let slashes = 0;
  let lastSlash = -1;
  let emptySegment = false;
  let hexLower = true;
  let hexUpper = true;
  let letters = 0;
  let upper = false;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
    if (c === 64 && k > i) return true; // user@host, Object@hash
    if (c === 46) {
      if (k === i || k === j - 1 || s.charCodeAt(k - 1) === 46) emptySegment = true;
      dots++;
    } else if (c === 47) {
      slashes++;
      lastSlash = k;
    }
    if (c >= 97 && c <= 122) {
      letters++;
      if (c > 102) hexLower = false;
      hexUpper = false;
    } else if (c >= 65 && c <= 90) {
      letters++;
      upper = true;
      if (c > 70) hexUpper = false;
      hexLower = false;
    } else if (c !== 45 && c !== 95) {
      hexLower = false;
      hexUpper = false;
    }
  }
  if (n >= 8 && letters >= 8 && (hexLower || hexUpper)) return true;
  if (dots >= 2 && !emptySegment && !upper) return true; // host names (a.b.c in lower case; Java names have capitals)
  if (slashes >= 2) return true; // a/b/c
  if (slashes === 1 && lastSlash > i && lastSlash < j - 1) {
    // a/b.txt is a file; and/or, text/html, MB/s are words
    for (let k = lastSlash + 1; k < j - 1; k++) if (s.charCodeAt(k) === 46) return true;
  }
  return false;
}

/**
 * A composite value: a map (`{a: 1}`, `{k=v}`), a list of several items (`[a, b]`) or an object's
 * description (`<Task pending name=…>`, `<function f at 0x…>`), whole and balanced within
 * QUOTE_SPAN: one mask, whatever its length. A message that is one JSON object keeps its keys.
 */
function composite(scan: Scan, i: number, end: number, open: number): number {
  const s = scan.s;
  const close = open === 123 ? 125 : open === 91 ? 93 : 62;
  if (open === 60 && !isAlpha(s.charCodeAt(i + 1))) return i + 1;
  const max = Math.min(end, i + QUOTE_SPAN);
  let depth = 0;
  let inside = false; // what the content needs: `:` or `=` in a map, `,` in a list, a space in a description
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === open) depth++;
    else if (c === close) {
      if (--depth === 0) {
        if (!inside) return i + 1;
        scan.replace(i, j + 1, VAR);
        return j + 1;
      }
    } else if (c === 10) return i + 1;
    else if (depth === 1 && !inside) {
      inside = open === 123 ? c === 58 || c === 61 : open === 91 ? c === 44 : c === 32;
    }
  }
  return i + 1;
}

/** `=`: after a key, its value is masked (the whole of a quoted or bracketed value). */
function equals(scan: Scan, i: number, end: number): number {
  const s = scan.s;
  const before = i > 0 ? s.charCodeAt(i - 1) : 32;
  const next = i + 1 < end ? s.charCodeAt(i + 1) : 32;
  const keyBefore = before < 128 ? CLASS[before] === WORD || before === 93 || before === 41 || before === 34 : false;
  if (!keyBefore || i + 1 >= end) return i + 1;
  const kn = classOf(next);
  if (kn === SPACE || next === 61 || next === 62 || next === 44 || next === 59 || next === 41 || next === 93 || next === 125) return i + 1;
  if (s.startsWith(VAR, i + 1)) return i + 1 + VAR.length; // already masked
  let j: number;
  if (kn === QUOTE || CLOSE_QUOTE.has(next)) {
    const close = kn === QUOTE ? next : CLOSE_QUOTE.get(next)!;
    const q = closingQuote(s, i + 2, end, close);
    j = q < 0 ? valueEnd(s, i + 1, end) : q + 1;
  } else if (next === 91 || next === 123 || next === 40) {
    j = bracketEnd(s, i + 1, end);
  } else {
    j = valueEnd(s, i + 1, end);
  }
  scan.replace(i + 1, j, VAR);
  return j;
}

/** The end of an unquoted value: white space, `,`, `;`, `&`, or a closing bracket. */
function valueEnd(s: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c < 128) {
      const k = CLASS[c]!;
      if (k === SPACE || c === 44 || c === 59 || c === 38 || c === 41 || c === 93 || c === 125 || c === 62) break;
    } else if (isSpaceU(c)) break;
    j++;
  }
  return j;
}

/** The end of a bracketed value opened at i (nested brackets counted; bounded; unclosed: the value's end). */
function bracketEnd(s: string, i: number, end: number): number {
  let depth = 0;
  const max = Math.min(end, i + QUOTE_SPAN);
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === 91 || c === 123 || c === 40) depth++;
    else if (c === 93 || c === 125 || c === 41) {
      if (--depth === 0) return j + 1;
    } else if (c === 10) break;
  }
  return valueEnd(s, i, end);
}

/** Index of the quote `close` ending a quoted value that starts at i (contents), or -1. */
function closingQuote(s: string, i: number, end: number, close: number): number {
  const max = Math.min(end, i + QUOTE_SPAN);
  for (let j = i; j < max; j++) {
    const c = s.charCodeAt(j);
    if (c === close) return j;
    if (c === 92) j++; // backslash escape
    else if (c === 10) return -1;
  }
  return -1;
}

/** An ASCII quote at i. */
function quote(scan: Scan, i: number, end: number, q: number): number {
  const s = scan.s;
  if (q === 39 || q === 96) {
    // An apostrophe inside or after a word (can't, users') opens nothing.
    const before = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (isAlnum(before) || before === 95) return i + 1;
  }
  return quoteTo(scan, i, end, q);
}

/** A quoted value opened at i and closed by `close`: masked, but for JSON keys and request lines. */
function quoteTo(scan: Scan, i: number, end: number, close: number): number {
  const s = scan.s;
  const q = closingQuote(s, i + 1, end, close);
  if (q < 0) return i + 1;
  if (close === 39) {
    // A closing apostrophe is followed by no letter (it's → not a quote).
    const after = q + 1 < end ? s.charCodeAt(q + 1) : 32;
    if (isAlnum(after)) return i + 1;
  }
  const after = q + 1 < end ? s.charCodeAt(q + 1) : 32;
  if ((close === 34 || close === 39) && after === 58 && q > i + 1 && opensEntry(s, i)) return q + 1; // a JSON or Python dict key stays
  if (close === 34 && requestLine(scan, i + 1, q)) return q + 1;
  scan.replace(i + 1, q, VAR);
  return q + 1;
}

/** Whether the quote at i starts an entry of a map: after `{` or `,` (and spaces). */
function opensEntry(s: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && s.charCodeAt(k) === 32) k--;
  return k >= 0 && (s.charCodeAt(k) === 123 || s.charCodeAt(k) === 44);
}

/**
 * A quoted HTTP request line s[i, j) (`GET /path?query HTTP/1.1`): keeps its method and the words
 * of its path; path segments that are variables, the query and the protocol version are masked.
 */
function requestLine(scan: Scan, from: number, to: number): boolean {
  const s = scan.s;
  // Colour sequences around the line (a development server's coloured status) are dropped.
  let i = from;
  while (s.charCodeAt(i) === 27) i = ansiEnd(s, i, to);
  let j = to;
  for (;;) {
    // A colour sequence ends the line: ESC [ digits and ; then m.
    if (j - 3 < i || s.charCodeAt(j - 1) !== 109) break;
    let e = j - 2;
    while (e > i && e > j - 12 && s.charCodeAt(e) !== 27) e--;
    if (s.charCodeAt(e) !== 27 || ansiEnd(s, e, to) !== j) break;
    j = e;
  }
  let k = i;
  while (k < j && s.charCodeAt(k) >= 65 && s.charCodeAt(k) <= 90) k++;
  if (k === i || k - i > 8 || s.charCodeAt(k) !== 32 || !HTTP_METHODS.has(s.slice(i, k))) return false;
  const pathStart = k + 1;
  let pathEnd = pathStart;
  while (pathEnd < j && s.charCodeAt(pathEnd) !== 32) pathEnd++;
  const rest = s.slice(pathEnd, j);
  if (rest !== '' && !/^ HTTP\/\d(?:\.\d)?$/.test(rest)) return false;
  if (s.charCodeAt(pathStart) !== 47 && schemeEnd(s, pathStart, pathEnd) < 0 && s.charCodeAt(pathStart) !== 42) return false;
  let out = `${s.slice(i, pathStart)}${requestPath(s, pathStart, pathEnd)}`;
  if (rest !== '') out += ' HTTP/<*>';
  scan.replace(from, to, out);
  return true;
}

/** A request path: absolute URLs lose their host, segments that are variables are masked, the query is masked. */
function requestPath(s: string, i: number, j: number): string {
  let start = i;
  let prefix = '';
  const scheme = schemeEnd(s, i, j);
  if (scheme > 0) {
    // proxy form: http://host:port/path
    let k = scheme;
    while (k < j && s.charCodeAt(k) !== 47) k++;
    prefix = `${s.slice(i, scheme)}${VAR}`;
    start = k;
  }
  let query = '';
  let stop = j;
  for (let k = start; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c === 63 || c === 35 || c === 59) {
      query = `${String.fromCharCode(c)}${VAR}`;
      stop = k;
      break;
    }
  }
  let out = prefix;
  let seg = start;
  for (let k = start; k <= stop; k++) {
    if (k < stop && s.charCodeAt(k) !== 47) continue;
    if (k > seg) {
      out += segmentVariable(s, seg, k) ? VAR : s.slice(seg, k);
    }
    if (k < stop) out += '/';
    seg = k + 1;
  }
  return out + query;
}

function segmentVariable(s: string, i: number, j: number): boolean {
  if (j - i > LONG_WORD) return true;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (isDigit(c) || c === 37 || c === 64 || c === 58 || c >= 128) return true;
  }
  return isVariable(s, i, j);
}
