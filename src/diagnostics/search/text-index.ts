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
 * Postings are packed one number per UTF-16 code unit (`packed.ts`). The offsets of the terms'
 * postings and the field lengths, read by position, take two units each, so loading decodes
 * nothing. The most frequent completions of the prefixes shared by many terms are saved too, so
 * completing a word being typed reads a few terms, not thousands.
 */
import { fixedAt, MAX_DIRECT, pack, packFixed, Reader } from './packed.ts';

/** The fields, in the order their lengths and postings are stored. */
export const TEXT_FIELDS = ['names', 'signs', 'about'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type TextDoc = Record<TextField, string>;

export const TEXT_INDEX_FORMAT_VERSION = 3;

/** Completions saved for a prefix shared by many terms: the most frequent ones. */
export const SAVED_COMPLETIONS = 8;
/** A prefix shared by more terms than this has its completions saved; a rarer one is completed by reading its terms. */
const CROWDED = 64;

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
  /** The prefixes shared by more than `CROWDED` terms, sorted. */
  crowded: string[];
  /** For each of them, the positions in `terms` of its `SAVED_COMPLETIONS` most frequent completions (itself excepted), most frequent first. */
  completions: number[];
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Number of bits set in a 32-bit integer. */
function bits(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A boost of each document's score (0 leaves the document out): a function of the document, or
 * the boost of its group (`boost[group[doc]]`), which scoring reads without a call per posting.
 */
export type DocBoost = ((doc: number) => number) | { group: Int32Array; boost: Float64Array };

/** One query term: the term, its weight (a completion or a correction weighs less), the query word it stands for. */
export interface WeightedTerm {
  term: string;
  weight: number;
  of: string;
}

/** The scores of one query's documents, read like a `Map` from document to score. */
export class TextScores implements Iterable<[number, number]> {
  /** The documents scored, in the order they were first met. */
  readonly docs: Int32Array;
  /** Their scores, position by position. */
  readonly values: Float64Array;
  /** Open-addressing hash of the documents: position + 1 (0: empty). */
  readonly #slots: Int32Array;
  readonly #shift: number;

  constructor(docs: Int32Array, values: Float64Array) {
    this.docs = docs;
    this.values = values;
    let bits = 4;
    while (1 << bits < 2 * docs.length) bits++;
    this.#slots = new Int32Array(1 << bits);
    this.#shift = 32 - bits;
    const mask = (1 << bits) - 1;
    for (let k = 0; k < docs.length; k++) {
      let at = Math.imul(docs[k]!, 0x9e3779b1) >>> this.#shift;
      while (this.#slots[at] !== 0) at = (at + 1) & mask;
      this.#slots[at] = k + 1;
    }
  }

  get size(): number {
    return this.docs.length;
  }

  /** Position of `doc` in `docs`, or -1. */
  at(doc: number): number {
    const mask = this.#slots.length - 1;
    for (let at = Math.imul(doc, 0x9e3779b1) >>> this.#shift; this.#slots[at] !== 0; at = (at + 1) & mask) {
      if (this.docs[this.#slots[at]! - 1] === doc) return this.#slots[at]! - 1;
    }
    return -1;
  }

  has(doc: number): boolean {
    return this.at(doc) >= 0;
  }

  get(doc: number): number | undefined {
    const at = this.at(doc);
    return at < 0 ? undefined : this.values[at];
  }

  /** The score of a document, 0 when it was not scored. */
  of(doc: number): number {
    const at = this.at(doc);
    return at < 0 ? 0 : this.values[at]!;
  }

  *keys(): IterableIterator<number> {
    yield* this.docs;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let i = 0; i < this.docs.length; i++) yield [this.docs[i]!, this.values[i]!];
  }
}

const byFrequency = (a: { df: number }, b: { df: number }) => b.df - a.df;

export class TextIndex {
  readonly documentCount: number;
  readonly #terms: string[];
  readonly #offsets: string;
  readonly #postings: string;
  readonly #fieldLength: string;
  readonly #average: number[];
  readonly #crowded: string[];
  readonly #completions: number[];

  private constructor(data: TextIndexData) {
    this.documentCount = data.documentCount;
    this.#terms = data.terms;
    this.#postings = data.postings;
    this.#offsets = data.offsets;
    this.#fieldLength = data.fieldLength;
    this.#average = data.averageFieldLength;
    this.#crowded = data.crowded;
    this.#completions = data.completions;
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
    const dfs: number[] = [];
    const units = (from: number) => {
      let n = 0;
      for (let i = from; i < values.length; i++) n += values[i]! <= MAX_DIRECT ? 1 : 3;
      return n;
    };
    for (const term of terms) {
      const start = values.length;
      const fields = postings.get(term)!;
      const df = new Set(fields.flatMap((m) => [...m.keys()])).size;
      dfs.push(df);
      values.push(df);
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
    const { crowded, completions } = crowdedPrefixes(terms, dfs);
    return new TextIndex({
      formatVersion: TEXT_INDEX_FORMAT_VERSION,
      fields: TEXT_FIELDS,
      documentCount: docs.length,
      averageFieldLength: average,
      fieldLength: packFixed(fieldLength),
      terms,
      offsets: packFixed(offsets),
      postings: pack(values),
      crowded,
      completions,
    });
  }

  /** A saved index, or a reason it cannot be used (another format, another field list, damaged). */
  static load(data: unknown): TextIndex | string {
    if (typeof data !== 'object' || data === null) return 'no text index';
    const d = data as Partial<TextIndexData>;
    if (d.formatVersion !== TEXT_INDEX_FORMAT_VERSION) return 'a text index of another format';
    if (!Array.isArray(d.fields) || d.fields.join() !== TEXT_FIELDS.join()) return 'a text index of other fields';
    if (typeof d.documentCount !== 'number' || !Array.isArray(d.terms) || !Array.isArray(d.averageFieldLength)
      || typeof d.fieldLength !== 'string' || typeof d.offsets !== 'string' || typeof d.postings !== 'string'
      || !Array.isArray(d.crowded) || !Array.isArray(d.completions)) return 'an incomplete text index';
    if (d.offsets.length !== 2 * (d.terms.length + 1) || d.fieldLength.length !== 2 * d.documentCount * TEXT_FIELDS.length
      || d.completions.length !== SAVED_COMPLETIONS * d.crowded.length) return 'a damaged text index';
    for (const at of d.completions) if (typeof at !== 'number' || !(at >= 0 && at < d.terms.length)) return 'a damaged text index';
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
      crowded: this.#crowded,
      completions: this.#completions,
    };
  }

  /** Position of the first term not below `term`, in `terms[lo, hi)`. */
  #lowerBound(term: string, lo = 0, hi = this.#terms.length): number {
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
   * The `max` most frequent terms starting with `prefix`, itself excepted, most frequent first
   * (ties in term order). A prefix shared by many terms is answered from the saved completions,
   * so this reads at most `CROWDED` terms.
   */
  complete(prefix: string, max: number): { word: string; df: number }[] {
    const lo = this.#lowerBound(prefix);
    const hi = this.#lowerBound(`${prefix}\uffff`, lo);
    if (hi - lo > CROWDED && max <= SAVED_COMPLETIONS) {
      let a = 0;
      let b = this.#crowded.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (this.#crowded[mid]! < prefix) a = mid + 1;
        else b = mid;
      }
      if (this.#crowded[a] === prefix) {
        const out: { word: string; df: number }[] = [];
        for (let k = 0; k < max; k++) {
          const at = this.#completions[a * SAVED_COMPLETIONS + k]!;
          out.push({ word: this.#terms[at]!, df: this.#dfAt(at) });
        }
        return out;
      }
    }
    const found: { word: string; df: number }[] = [];
    for (let i = lo; i < hi; i++) if (this.#terms[i] !== prefix) found.push({ word: this.#terms[i]!, df: this.#dfAt(i) });
    return found.sort(byFrequency).slice(0, max);
  }

  /**
   * The terms within `maxDistance` edits of `term` that start with its first character, with
   * their distance and frequency. The sorted terms are walked as a trie: rows of the edit
   * distance table are shared along a common prefix, a prefix already too far is skipped, and
   * each row is computed only within `maxDistance` of its diagonal (the cells beyond are further
   * than that anyway).
   */
  similar(term: string, maxDistance: number): { word: string; distance: number; df: number }[] {
    const out: { word: string; distance: number; df: number }[] = [];
    const first = term[0];
    if (first === undefined) return out;
    const end = this.#lowerBound(String.fromCharCode(first.charCodeAt(0) + 1));
    const n = term.length;
    // rows[d] is the table row after the candidate's first d characters; `depthKnown` of them are valid.
    const rows: Int32Array[] = [Int32Array.from({ length: n + 2 }, (_, j) => j)];
    let depthKnown = 1;
    let previous = '';
    for (let i = this.#lowerBound(first); i < end;) {
      const word = this.#terms[i]!;
      let common = 0;
      const limit = Math.min(previous.length, word.length, depthKnown - 1);
      while (common < limit && previous.charCodeAt(common) === word.charCodeAt(common)) common++;
      let depth = common;
      let pruned = -1;
      for (; depth < word.length; depth++) {
        const above = rows[depth]!;
        const row = rows[depth + 1] ?? (rows[depth + 1] = new Int32Array(n + 2));
        const length = depth + 1;
        row[0] = length;
        let best = length;
        const c = word.charCodeAt(depth);
        // The band of this row; cells just outside it read as too far.
        const lo = Math.max(1, length - maxDistance);
        const hi = Math.min(n, length + maxDistance);
        if (lo > 1) row[lo - 1] = maxDistance + 1;
        row[hi + 1] = maxDistance + 1;
        for (let j = lo; j <= hi; j++) {
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
        depthKnown = pruned;
        i = this.#lowerBound(`${prefix}\uffff`, i);
        previous = prefix;
        continue;
      }
      depthKnown = word.length + 1;
      const distance = Math.abs(word.length - n) <= maxDistance ? rows[word.length]![n]! : maxDistance + 1;
      if (distance <= maxDistance) out.push({ word, distance, df: this.#dfAt(i) });
      i++;
    }
    return out;
  }

  // Scratch space of `scores`, one slot per document, reused by every query.
  #total: Float64Array | undefined;
  /** Per document, the query words it matched, as a 64-bit set (a query has at most 48 words). */
  #words: Uint32Array | undefined;
  #seen: Uint8Array | undefined;
  #touched: Int32Array | undefined;
  /** Per document and field, BM25's length normalisation `k (1 - b + b · length / average)`; computed when first needed. */
  #norm: Float64Array | undefined;

  #norms(): Float64Array {
    if (this.#norm) return this.#norm;
    const count = TEXT_FIELDS.length;
    const norm = new Float64Array(this.documentCount * count);
    for (let doc = 0; doc < this.documentCount; doc++) {
      for (let f = 0; f < count; f++) {
        const length = fixedAt(this.#fieldLength, doc * count + f);
        norm[doc * count + f] = BM25.k * (1 - BM25.b + (BM25.b * length) / this.#average[f]!);
      }
    }
    return (this.#norm = norm);
  }

  /**
   * BM25+ scores of the documents the terms occur in, as MiniSearch's `search` with
   * `combineWith: 'OR'` sums them (per term, then over terms), except that a document's score is
   * multiplied by the number of query words it matched (a completion or a correction counts as
   * the word it stands for), where MiniSearch counts each term. A document whose `docBoost` is 0
   * is left out.
   */
  scores(terms: readonly WeightedTerm[], fieldBoost: Record<TextField, number>, docBoost?: DocBoost): TextScores {
    const n = this.documentCount;
    const total = (this.#total ??= new Float64Array(n));
    const words = (this.#words ??= new Uint32Array(2 * n));
    const seen = (this.#seen ??= new Uint8Array(n));
    const touched = (this.#touched ??= new Int32Array(n));
    let count = 0;
    const norm = this.#norms();
    const boostOf = typeof docBoost === 'function' ? docBoost : undefined;
    const group = typeof docBoost === 'object' ? docBoost.group : undefined;
    const groupBoost = typeof docBoost === 'object' ? docBoost.boost : undefined;
    const wordIds = new Map<string, number>();
    const postings = this.#postings;
    const fields = TEXT_FIELDS.length;
    for (const { term, weight, of } of terms) {
      const i = this.#find(term);
      if (i < 0) continue;
      let word = wordIds.get(of);
      if (word === undefined) wordIds.set(of, (word = wordIds.size));
      if (word >= 64) continue;
      const half = word >>> 5;
      const bit = 1 << (word & 31);
      const r = new Reader(postings, fixedAt(this.#offsets, i));
      r.next(); // document frequency
      for (let f = 0; f < fields; f++) {
        const matching = r.next();
        const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
        const scale = weight * fieldBoost[TEXT_FIELDS[f]!];
        let doc = 0;
        for (let p = 0; p < matching; p++) {
          doc += r.next();
          const tf = r.next();
          const db = groupBoost ? groupBoost[group![doc]!]! : boostOf ? boostOf(doc) : 1;
          if (!db) continue;
          if (!seen[doc]) {
            seen[doc] = 1;
            touched[count++] = doc;
          }
          total[doc] += scale * db * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm[doc * fields + f]!));
          words[2 * doc + half]! |= bit;
        }
      }
    }
    const docs = touched.slice(0, count);
    const values = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const doc = docs[k]!;
      docs[k] = doc;
      values[k] = total[doc]! * (bits(words[2 * doc]!) + bits(words[2 * doc + 1]!));
      total[doc] = 0;
      words[2 * doc] = 0;
      words[2 * doc + 1] = 0;
      seen[doc] = 0;
    }
    return new TextScores(docs, values);
  }
}

/**
 * The prefixes shared by more than `CROWDED` of the sorted `terms`, with the positions of their
 * most frequent completions, as `complete` would choose them by reading every term.
 */
function crowdedPrefixes(terms: readonly string[], dfs: readonly number[]): { crowded: string[]; completions: number[] } {
  const crowded: string[] = [];
  const completions: number[] = [];
  const upTo = (bound: string, lo: number, hi: number) => {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid]! < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const found: { at: number; df: number }[] = [];
  const record: [string, number[]][] = [];
  const visit = (prefix: string, lo: number, hi: number) => {
    if (prefix !== '') {
      if (hi - lo <= CROWDED) return;
      found.length = 0;
      for (let i = lo; i < hi; i++) if (terms[i] !== prefix) found.push({ at: i, df: dfs[i]! });
      record.push([prefix, found.sort(byFrequency).slice(0, SAVED_COMPLETIONS).map((c) => c.at)]);
    }
    let i = terms[lo] === prefix ? lo + 1 : lo;
    while (i < hi) {
      const child = terms[i]!.slice(0, prefix.length + 1);
      const j = upTo(`${child}\uffff`, i, hi);
      visit(child, i, j);
      i = j;
    }
  };
  visit('', 0, terms.length);
  record.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [prefix, top] of record) {
    crowded.push(prefix);
    completions.push(...top);
  }
  return { crowded, completions };
}
