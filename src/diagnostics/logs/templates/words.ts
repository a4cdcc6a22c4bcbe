/**
 * Words of a message: one pass over a word sets its flags, and the flags say whether it is a
 * variable; a word with colons is judged part by part.
 */
import { DIGIT, FLAGS, IN_WORD, isAlpha, isDigit, JOINER, LONG_WORD, LOWER, LOWER_HEX, MARK, PUNCT, type Scan, UPPER, UPPER_HEX, VAR } from './chars.ts';

// What one pass over a word found (set by `scanWord`; the scan is synchronous, so one set serves).
export let wFlags = 0;
export let wColons = 0;
export let wDots = 0;
export let wSlashes = 0;
export let wLastSlash = -1;
export let wAt = false;
export let wEmptySegment = false;
/** Set when the word starts with a URL scheme (`http://`). */
export let wUrl = false;

/** One pass over the word at i: its end, and the flags above. */
export function scanWord(s: string, i: number, end: number): number {
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
export function scannedVariable(s: string, i: number, j: number): boolean {
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


/**
 * Mask the word s[i, j) (only WORD characters) as a whole, or its parts between colons. Parts
 * masked next to each other (`10:30:15`, `10.0.0.5:80`, `fe80::1`) become one mask.
 */
export function maskWord(scan: Scan, i: number, j: number): void {
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
export function isVariable(s: string, i: number, j: number): boolean {
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

