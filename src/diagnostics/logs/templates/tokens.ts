/**
 * What the template miner asks of a token: whether it holds a mask, whether it is a request path
 * or a keyword, how much it anchors a template, what it becomes when it varies.
 */
import { VAR } from './chars.ts';

/** Whether a token is or contains a masked part. */
export const variableLike = (t: string) => t.includes(VAR);

/** An HTTP method (quoted or not) before a path: the path (the next token) is never a variable. */
const REQUEST_OPEN = /^"?(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|PROPFIND)$/;
export const pinned = (t: readonly string[], i: number) => i > 0 && t[i - 1]!.length <= 9 && t[i]!.length > 0 && t[i]!.charCodeAt(0) === 47 && REQUEST_OPEN.test(t[i - 1]!);

/**
 * Whether two tokens, one with a mask, have the same letters outside their masks (`()` and
 * `(<*>)`, `rhost=` and `rhost=<*>`): they may be one variable token; `(uid=<*>)` and
 * `LOGIN(uid=<*>)` may not.
 */
export function sameWords(a: string, b: string): boolean {
  if (a === VAR || b === VAR) return true;
  if (!hasLetter(a) || !hasLetter(b)) return true; // `<*>:` may be any word with its colon
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isLetter(a, i)) i += a.startsWith(VAR, i) ? VAR.length : 1;
    while (j < b.length && !isLetter(b, j)) j += b.startsWith(VAR, j) ? VAR.length : 1;
    if (i >= a.length || j >= b.length) return i >= a.length && j >= b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
    i++;
    j++;
  }
}

function hasLetter(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    if (t.startsWith(VAR, i)) i += VAR.length - 1;
    else if (isLetter(t, i)) return true;
  }
  return false;
}

/**
 * The token a position becomes when it varies: a mask, with the punctuation all the tokens start
 * and end with (`alice:` and `bob:` → `<*>:`, `(a)` and `(<*>)` → `(<*>)`).
 */
export function variableToken(tokens: readonly string[]): string {
  const first = tokens[0]!;
  let pre = 0;
  while (pre < first.length && !isWordChar(first, pre) && tokens.every((t) => t.length > pre && t.charCodeAt(pre) === first.charCodeAt(pre))) pre++;
  let post = 0;
  while (post < first.length - pre && !isWordChar(first, first.length - 1 - post) && tokens.every((t) => t.length - post - 1 >= pre && t.charCodeAt(t.length - 1 - post) === first.charCodeAt(first.length - 1 - post))) post++;
  return `${first.slice(0, pre)}${VAR}${first.slice(first.length - post)}`;
}

function isWordChar(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return isLetter(t, i) || (c >= 48 && c <= 57) || c === 60 || c === 62 || c === 42;
}

function isLetter(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;
}

/** A word in capitals (`PINGREQ`, `SIGTERM`, `TIME_WAIT`): two letters or more, no small letter, no mask. */
export function isKeyword(t: string): boolean {
  if (variableLike(t)) return false; // `LOCAL(<*>),` is a value's form, not a keyword
  let letters = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
    else if (c >= 128) return false;
  }
  return letters >= 2;
}

/**
 * How much a constant token anchors a template: a word (two letters or more, masks aside) counts
 * 1, a run of CJK text (which has no spaces between its words) one per three characters, and
 * punctuation or a mask with a letter beside it (`<*>)`, `-`) nothing.
 */
export function weight(t: string): number {
  let letters = 0;
  let cjk = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 60 && t.startsWith(VAR, i)) i += VAR.length - 1;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
    else if (c >= 0x2e80) cjk++;
  }
  if (cjk >= 6) return Math.ceil(cjk / 3);
  return letters + cjk >= 2 ? 1 : 0;
}

/**
 * A path segment learned to be a variable from the words seen there (`/users/<*>`), as opposed to
 * one masked by the signature (`/orders/<*>` from `/orders/12`), which takes no word
 * (`/orders/latest` is another endpoint). Shown as `<*>`; never in a signature (a control character).
 */
export const WORD_SEGMENT = '\u0002';

/** Whether request path `b` fits path template `a`: same segments, or a learned variable segment in `a`. */
export function pathFits(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k] && x[k] !== WORD_SEGMENT) return false;
  return true;
}

