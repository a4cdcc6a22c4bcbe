/**
 * The characters of a message as the signature scanner sees them: classes of ASCII characters,
 * flags of the characters inside a word, and the scan's output, built from verbatim stretches of
 * the input and the replacements between them.
 */

/** The mask of a variable part. */
export const VAR = '<*>';
/** Longest quoted or bracketed value masked as one; one that does not close within it is plain text. */
export const QUOTE_SPAN = 320;
/** A word longer than this is not a word (a token, a digest, base64). */
export const LONG_WORD = 40;

// Character classes of ASCII.
export const OTHER = 0; // non-ASCII (never stored: the default for codes >= 128)
export const SPACE = 1; // white space and control characters
export const DELIM = 2; // ( ) [ ] { } < > , ; | — ends a word
export const QUOTE = 3; // " ' `
export const EQUALS = 4; // =
export const WORD = 5; // letters, digits and the other punctuation: part of a word
export const ESC = 6; // starts an ANSI sequence

export const CLASS = new Uint8Array(128).fill(WORD);
for (let c = 0; c < 32; c++) CLASS[c] = SPACE;
CLASS[32] = SPACE;
CLASS[127] = SPACE;
CLASS[27] = ESC;
for (const ch of '()[]{}<>,;|') CLASS[ch.charCodeAt(0)] = DELIM;
for (const ch of '"\'`') CLASS[ch.charCodeAt(0)] = QUOTE;
CLASS[61] = EQUALS;


export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isAlnum = (c: number) => isDigit(c) || isAlpha(c);
export const classOf = (c: number) => (c < 128 ? CLASS[c]! : isSpaceU(c) ? SPACE : OTHER);
/** CJK punctuation (、。「」『』) and full-width punctuation (，：；！？（）): the end of a path or URL. */
export const isCjkPunctuation = (c: number) => (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65);
/** Non-ASCII white space: no-break, the typographic spaces, ideographic space, BOM. */
export const isSpaceU = (c: number) => c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff || c === 0x2028 || c === 0x2029;

// Flags of the characters of a word, OR-ed together by `scanWord` (0: not part of a word).
export const IN_WORD = 1;
export const DIGIT = 2;
export const LOWER_HEX = 4; // a-f
export const LOWER = 8; // g-z
export const UPPER_HEX = 16; // A-F
export const UPPER = 32; // G-Z
export const MARK = 64; // . / : @ — counted one by one
export const JOINER = 128; // - _
export const PUNCT = 256; // any other character of a word
export const FLAGS = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  if (CLASS[c] !== WORD) continue;
  FLAGS[c] = IN_WORD | (c >= 48 && c <= 57 ? DIGIT : c >= 97 && c <= 102 ? LOWER_HEX : c >= 103 && c <= 122 ? LOWER : c >= 65 && c <= 70 ? UPPER_HEX : c >= 71 && c <= 90 ? UPPER : c === 46 || c === 47 || c === 58 || c === 64 ? MARK : c === 45 || c === 95 ? JOINER : PUNCT);
}


/**
 * The state of one pass: the output is built from verbatim stretches of the input (copied lazily
 * from `copied` up to where a change is needed) and the replacements between them.
 */
export class Scan {
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

/** The end of the ANSI escape sequence at i. */
export function ansiEnd(s: string, i: number, end: number): number {
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
export function spanEnd(s: string, i: number, end: number, stopAtComma: boolean): number {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c >= 128) {
      if (isSpaceU(c) || isCjkPunctuation(c)) break;
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
export function schemeEnd(s: string, i: number, end: number): number {
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

