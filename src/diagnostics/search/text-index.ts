/**
 * The full-text index of the search, built once (`npm run generate`) and loaded as it was saved.
 *
 * Scoring is MiniSearch's BM25+ (k 1.2, b 0.7, d 0.5; per-field document frequency and length,
 * field and term boosts, a document boost), computed the way MiniSearch computes it — a test
 * holds the two to the same scores. What differs is the form in memory. A MiniSearch index
 * loaded from JSON rebuilds a radix tree of Maps: at 10,000 entries (147,000 terms, 2.1 million
 * postings) that takes over a second. This index stays as it was saved: a sorted list of terms
 * and the postings packed in one string, read where a query needs them, so loading costs the
 * parse of the file and little else, and the same sorted list answers the prefix and typo
 * lookups the query planner makes.
 *
 * Postings are packed one number per UTF-16 code unit (`BASE` + n, from U+0100, so JSON needs no
 * escapes and no control character appears; larger numbers take an escape and two units). The
 * offsets of the terms' postings and the field lengths, read by position, take two units each
 * (15 bits in each), so loading decodes nothing.
 */

/** The fields, in the order their lengths and postings are stored. */
export const TEXT_FIELDS = ['names', 'signs', 'about'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type TextDoc = Record<TextField, string>;

export const TEXT_INDEX_FORMAT_VERSION = 2;

/** The saved index. */
export interface TextIndexData {
  formatVersion: typeof TEXT_INDEX_FORMAT_VERSION;
  fields: readonly string[];
  documentCount: number;
  /** Mean number of distinct terms per field, as MiniSearch keeps it. */
  averageFieldLength: number[];
  /** Distinct terms of each field of each document, two units each: doc 0's fields, doc 1's, … */
  fieldLength: string;
  /** Every term, sorted by UTF-16 code units. */
  terms: string[];
  /** Where each term's postings start in `postings` (in UTF-16 code units), and where the last ends: two units each. */
  offsets: string;
  /** Per term: its document frequency, then per field the count of documents and (document gap, term frequency) pairs. */
  postings: string;
}

const BASE = 0x100;
/** Largest number packed in one unit (BASE + n stays below the surrogates). */
const MAX_DIRECT = 0xd7ff - BASE;
const ESCAPE = 0xe000;
const LOW_BITS = 15;

function pack(values: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= MAX_DIRECT) units.push(BASE + v);
    else units.push(ESCAPE, BASE + Math.floor(v / 2 ** LOW_BITS), BASE + (v % 2 ** LOW_BITS));
  }
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

/** Reads packed numbers from `at`. */
class Reader {
  readonly s: string;
  at: number;
  constructor(s: string, at = 0) {
    this.s = s;
    this.at = at;
  }

  next(): number {
    const c = this.s.charCodeAt(this.at++);
    if (c !== ESCAPE) return c - BASE;
    const high = this.s.charCodeAt(this.at++) - BASE;
    return high * 2 ** LOW_BITS + this.s.charCodeAt(this.at++) - BASE;
  }
}

/** Numbers below 2^30, two code units each, for reading by position. */
function packFixed(values: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i < values.length; i++) units.push(BASE + Math.floor(values[i]! / 2 ** LOW_BITS), BASE + (values[i]! % 2 ** LOW_BITS));
  let out = '';
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

/** The number at position `i` of `packFixed`'s string. */
function fixedAt(s: string, i: number): number {
  return (s.charCodeAt(2 * i) - BASE) * 2 ** LOW_BITS + s.charCodeAt(2 * i + 1) - BASE;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Number of bits set in a 32-bit integer. */
function bits(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** One query term: the term, its weight (a completion or a correction weighs less), the query word it stands for. */
export interface WeightedTerm {
  term: string;
  weight: number;
  of: string;
}

export class TextIndex {
  readonly documentCount: number;
  readonly #terms: string[];
  readonly #offsets: string;
  readonly #postings: string;
  readonly #fieldLength: string;
  readonly #average: number[];

  private constructor(data: TextIndexData) {
    this.documentCount = data.documentCount;
    this.#terms = data.terms;
    this.#postings = data.postings;
    this.#offsets = data.offsets;
    this.#fieldLength = data.fieldLength;
    this.#average = data.averageFieldLength;
  }

  /** Index documents (their text already folded as queries will be), cut into terms by `tokenize`. */
  static build(docs: readonly TextDoc[], tokenize: (text: string) => string[]): TextIndex {
    const postings = new Map<string, Map<number, number>[]>();
    const fieldLength: number[] = [];
    const average = TEXT_FIELDS.map(() => 0);
    docs.forEach((doc, id) => {
      TEXT_FIELDS.forEach((field, f) => {
        const tokens = tokenize(doc[field]);
        const unique = new Set(tokens).size;
        fieldLength.push(unique);
        // MiniSearch's running mean, for the same floating-point value.
        average[f] = (average[f]! * id + unique) / (id + 1);
        for (const term of tokens) {
          let fields = postings.get(term);
          if (!fields) postings.set(term, (fields = TEXT_FIELDS.map(() => new Map<number, number>())));
          fields[f]!.set(id, (fields[f]!.get(id) ?? 0) + 1);
        }
      });
    });
    const terms = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const values: number[] = [];
    const offsets: number[] = [0];
    const units = (from: number) => {
      let n = 0;
      for (let i = from; i < values.length; i++) n += values[i]! <= MAX_DIRECT ? 1 : 3;
      return n;
    };
    for (const term of terms) {
      const start = values.length;
      const fields = postings.get(term)!;
      values.push(new Set(fields.flatMap((m) => [...m.keys()])).size);
      for (const docsOf of fields) {
        values.push(docsOf.size);
        let previous = 0;
        for (const [id, tf] of docsOf) {
          values.push(id - previous, tf);
          previous = id;
        }
      }
      offsets.push(offsets[offsets.length - 1]! + units(start));
    }
    return new TextIndex({
      formatVersion: TEXT_INDEX_FORMAT_VERSION,
      fields: TEXT_FIELDS,
      documentCount: docs.length,
      averageFieldLength: average,
      fieldLength: packFixed(fieldLength),
      terms,
      offsets: packFixed(offsets),
      postings: pack(values),
    });
  }

  /** A saved index, or a reason it cannot be used (another format, another field list, damaged). */
  static load(data: unknown): TextIndex | string {
    if (typeof data !== 'object' || data === null) return 'no text index';
    const d = data as Partial<TextIndexData>;
    if (d.formatVersion !== TEXT_INDEX_FORMAT_VERSION) return 'a text index of another format';
    if (!Array.isArray(d.fields) || d.fields.join() !== TEXT_FIELDS.join()) return 'a text index of other fields';
    if (typeof d.documentCount !== 'number' || !Array.isArray(d.terms) || !Array.isArray(d.averageFieldLength)
      || typeof d.fieldLength !== 'string' || typeof d.offsets !== 'string' || typeof d.postings !== 'string') return 'an incomplete text index';
    if (d.offsets.length !== 2 * (d.terms.length + 1) || d.fieldLength.length !== 2 * d.documentCount * TEXT_FIELDS.length) return 'a damaged text index';
    const index = new TextIndex(d as TextIndexData);
    if (fixedAt(d.offsets, d.terms.length) !== d.postings.length) return 'a damaged text index';
    return index;
  }

  toData(): TextIndexData {
    return {
      formatVersion: TEXT_INDEX_FORMAT_VERSION,
      fields: TEXT_FIELDS,
      documentCount: this.documentCount,
      averageFieldLength: this.#average,
      fieldLength: this.#fieldLength,
      terms: this.#terms,
      offsets: this.#offsets,
      postings: this.#postings,
    };
  }

  /** Position of the first term not below `term`. */
  #lowerBound(term: string): number {
    let lo = 0;
    let hi = this.#terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#terms[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #find(term: string): number {
    const at = this.#lowerBound(term);
    return this.#terms[at] === term ? at : -1;
  }

  #dfAt(i: number): number {
    return new Reader(this.#postings, fixedAt(this.#offsets, i)).next();
  }

  /** Number of documents a term occurs in (0: unknown). */
  df(term: string): number {
    const i = this.#find(term);
    return i < 0 ? 0 : this.#dfAt(i);
  }

  /** The terms starting with `prefix` (itself included), with their document frequencies. */
  *withPrefix(prefix: string): Generator<[string, number]> {
    for (let i = this.#lowerBound(prefix); i < this.#terms.length && this.#terms[i]!.startsWith(prefix); i++) yield [this.#terms[i]!, this.#dfAt(i)];
  }

  /**
   * The terms within `maxDistance` edits of `term` that start with its first character, with
   * their distance and frequency. The sorted terms are walked as a trie: rows of the edit
   * distance table are shared along a common prefix, and a prefix already too far is skipped.
   */
  similar(term: string, maxDistance: number): { word: string; distance: number; df: number }[] {
    const out: { word: string; distance: number; df: number }[] = [];
    const first = term[0];
    if (first === undefined) return out;
    const end = this.#lowerBound(String.fromCharCode(first.charCodeAt(0) + 1));
    const n = term.length;
    // rows[d] is the table row after the candidate's first d characters.
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)];
    let previous = '';
    for (let i = this.#lowerBound(first); i < end;) {
      const word = this.#terms[i]!;
      let common = 0;
      const limit = Math.min(previous.length, word.length, rows.length - 1);
      while (common < limit && previous.charCodeAt(common) === word.charCodeAt(common)) common++;
      let depth = common;
      let pruned = -1;
      for (; depth < word.length; depth++) {
        const above = rows[depth]!;
        const row = rows[depth + 1] ?? (rows[depth + 1] = new Int32Array(n + 1));
        row[0] = depth + 1;
        let best = row[0];
        const c = word.charCodeAt(depth);
        for (let j = 1; j <= n; j++) {
          const v = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (term.charCodeAt(j - 1) === c ? 0 : 1));
          row[j] = v;
          if (v < best) best = v;
        }
        if (best > maxDistance) {
          pruned = depth + 1;
          break;
        }
      }
      previous = word;
      if (pruned > 0) {
        // Every later term with these first characters is as far: jump past them.
        const prefix = word.slice(0, pruned);
        rows.length = pruned;
        i = this.#lowerBound(`${prefix}\uffff`);
        previous = prefix;
        continue;
      }
      rows.length = word.length + 1;
      const distance = rows[word.length]![n]!;
      if (distance <= maxDistance) out.push({ word, distance, df: this.#dfAt(i) });
      i++;
    }
    return out;
  }

  // Scratch space of `scores`, one slot per document, reused by every query.
  #total: Float64Array | undefined;
  #term: Float64Array | undefined;
  /** Per document, the query words it matched, as a 64-bit set (a query has at most 48 words). */
  #words: Uint32Array | undefined;
  #seen: Uint8Array | undefined;

  /**
   * BM25+ scores of the documents the terms occur in, as MiniSearch's `search` with
   * `combineWith: 'OR'` sums them (per term, then over terms), except that a document's score is
   * multiplied by the number of query words it matched (a completion or a correction counts as
   * the word it stands for), where MiniSearch counts each term.
   */
  scores(terms: readonly WeightedTerm[], fieldBoost: Record<TextField, number>, docBoost?: (doc: number) => number): Map<number, number> {
    const n = this.documentCount;
    const total = (this.#total ??= new Float64Array(n));
    const termScore = (this.#term ??= new Float64Array(n));
    const words = (this.#words ??= new Uint32Array(2 * n));
    const seen = (this.#seen ??= new Uint8Array(n));
    const touched: number[] = [];
    const termTouched: number[] = [];
    const wordIds = new Map<string, number>();
    const fieldLengths = this.#fieldLength;
    const count = TEXT_FIELDS.length;
    for (const { term, weight, of } of terms) {
      const i = this.#find(term);
      if (i < 0) continue;
      let word = wordIds.get(of);
      if (word === undefined) wordIds.set(of, (word = wordIds.size));
      if (word >= 64) continue;
      const half = word >>> 5;
      const bit = 1 << (word & 31);
      const r = new Reader(this.#postings, fixedAt(this.#offsets, i));
      r.next(); // document frequency
      for (let f = 0; f < count; f++) {
        const matching = r.next();
        const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
        const boost = fieldBoost[TEXT_FIELDS[f]!];
        const average = this.#average[f]!;
        let doc = 0;
        for (let p = 0; p < matching; p++) {
          doc += r.next();
          const tf = r.next();
          const db = docBoost ? docBoost(doc) : 1;
          if (!db) continue;
          const length = fixedAt(fieldLengths, doc * count + f);
          const raw = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
          if (termScore[doc] === 0) termTouched.push(doc);
          termScore[doc] += weight * boost * db * raw;
        }
      }
      for (const doc of termTouched) {
        if (!seen[doc]) {
          seen[doc] = 1;
          touched.push(doc);
        }
        total[doc] += termScore[doc]!;
        termScore[doc] = 0;
        words[2 * doc + half]! |= bit;
      }
      termTouched.length = 0;
    }
    const out = new Map<number, number>();
    for (const doc of touched) {
      out.set(doc, total[doc]! * (bits(words[2 * doc]!) + bits(words[2 * doc + 1]!)));
      total[doc] = 0;
      words[2 * doc] = 0;
      words[2 * doc + 1] = 0;
      seen[doc] = 0;
    }
    return out;
  }
}
