/**
 * Text handling of the search: the limits that keep every query fast, the test for binary
 * input, and the tokenizer shared by the index and the queries.
 *
 * Chinese is written without spaces, so a run of Han characters is indexed as overlapping
 * character bigrams (資料庫鎖定 -> 資料 料庫 庫鎖 鎖定), the approach of Lucene's CJK bigram
 * filter: it needs no dictionary, and a query is cut exactly as the document was, whatever
 * words it contains. Latin text is split into words, with identifiers also split at their
 * camel-case humps (`OperationalError` -> operationalerror, operational, error).
 */

/** Longest query taken as it is. Longer text (a pasted log) keeps its head and its tail. */
export const MAX_QUERY_CHARS = 64 * 1024;
/** A query longer than this, or with a line break, is treated as pasted text. */
export const PASTE_THRESHOLD = 200;
/** Most distinct terms sent to the full-text index for one query. */
export const MAX_QUERY_TERMS = 48;

const HAN = /\p{Script=Han}/u;
const HAN_RUN_OR_WORD = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;
const CAMEL_HUMPS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

export interface CappedText {
  text: string;
  /** Characters left out of the middle of the text, 0 when it was taken whole. */
  omitted: number;
}

/**
 * Cut text to `MAX_QUERY_CHARS`, keeping its head and its tail: the first lines of a pasted log
 * name its format, the last lines of a traceback name the exception.
 */
export function capText(text: string, max = MAX_QUERY_CHARS): CappedText {
  if (text.length <= max) return { text, omitted: 0 };
  const half = Math.floor(max / 2);
  return { text: `${text.slice(0, half)}\n${text.slice(text.length - half)}`, omitted: text.length - 2 * half };
}

/**
 * Does the text look like binary data rather than something a person or a log wrote?
 * Judged on a sample: NUL bytes, or more than 10% control characters and U+FFFD
 * (what a UTF-8 decoder makes of bytes that are not text).
 */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 4096) + text.slice(-4096) : text;
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127 || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.1;
}

/** Overlapping pairs of a Han run; a single character stands for itself. */
function bigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/**
 * Terms of a text, in order, repeats included: lower-case words, the camel-case parts of
 * identifiers, and Han bigrams. Full-width forms are folded first (ＤＢ＿１５０６ -> db_1506).
 * Single letters and digits carry no meaning for search and are left out.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC');
  for (const m of normalized.matchAll(HAN_RUN_OR_WORD)) {
    if (m[1]) {
      bigrams(m[1], out);
      continue;
    }
    const word = m[2]!;
    const lower = word.toLowerCase();
    if (lower.length < 2) continue;
    out.push(lower);
    if (/[a-z][A-Z]|[A-Z]{2}[a-z]|[a-zA-Z]\d|\d[a-zA-Z]/.test(word)) {
      for (const part of word.match(CAMEL_HUMPS) ?? []) {
        const p = part.toLowerCase();
        if (p !== lower && p.length >= (/\d/.test(p) ? 3 : 2)) out.push(p);
      }
    }
  }
  return out;
}

/** Is a term made of Han characters (a bigram or a single character)? */
export function isHanTerm(term: string): boolean {
  return HAN.test(term);
}

/** Is a term only digits? */
export function isNumberTerm(term: string): boolean {
  return /^\d+$/.test(term);
}

/**
 * Terms of a query for the full-text index: distinct, and at most `MAX_QUERY_TERMS` of them.
 * From a long paste, the last terms are kept (a traceback ends with the exception and its
 * message) and bare numbers are dropped (timestamps, ids and line numbers say nothing).
 */
export function queryTerms(text: string, pasted: boolean): string[] {
  const all = tokenize(text);
  const seen = new Set<string>();
  const terms: string[] = [];
  const ordered = pasted ? all.reverse() : all;
  for (const term of ordered) {
    if (seen.has(term)) continue;
    if (pasted && (isNumberTerm(term) || /^[0-9a-f]{8,}$/.test(term))) continue;
    seen.add(term);
    terms.push(term);
    if (terms.length >= MAX_QUERY_TERMS) break;
  }
  return pasted ? terms.reverse() : terms;
}
