/**
 * A trigram prefilter for match rules, so that a query runs only the rules that can possibly
 * match it (the idea of Google Code Search's trigram index, on a small scale).
 *
 * Every rule gets an anchor: three consecutive characters (lower-cased) that any text it
 * matches must contain. For a literal rule that is a piece of the literal; for a regex, a piece
 * of a run of plain characters the pattern requires (`requiredRuns`, from the one regex reader). A rule with no anchor
 * is always run. The prefilter only decides which rules to run; the compiled rule decides
 * whether it matches.
 */

export { requiredRuns } from '../../registry/regex-source.ts';

/**
 * How a rule compares text, and so in which form of the text its anchor must occur:
 * `raw` (case-sensitive), `lower` (a literal rule: both sides lower-cased, as `match.ts` does),
 * `fold` (an `i` regex, which compares upper-cased characters).
 */
export type TextForm = 'raw' | 'lower' | 'fold';

/** The `fold` form: under it, an `i` regex's match contains the folded run (final sigma included). */
export function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase().replaceAll('ς', 'σ');
}

export function textForm(text: string, form: TextForm): string {
  return form === 'raw' ? text : form === 'lower' ? text.toLowerCase() : caseFold(text);
}

export interface Requirement {
  form: TextForm;
  /** Strings, in that form, that any text the item matches contains. */
  strings: string[];
}

export interface TrigramFilter<T> {
  /** Items whose anchor occurs in the text, plus those without an anchor. */
  candidates(text: string): T[];
}

function trigrams(s: string): string[] {
  const chars = Array.from(s);
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return out;
}

const FORMS: readonly TextForm[] = ['raw', 'lower', 'fold'];

/**
 * The anchor of each item: the trigram of its requirement that is rarest among all items,
 * tagged with its text form (`l` + trigram), or '' for an item without one. Saved with the
 * search index, so loading it does not repeat this work.
 */
export function chooseAnchors<T>(items: readonly T[], required: (item: T) => Requirement): string[] {
  const grams = items.map((item) => {
    const { form, strings } = required(item);
    return [...new Set(strings.flatMap(trigrams))].map((g) => `${form[0]}${g}`);
  });
  const frequency = new Map<string, number>();
  for (const list of grams) for (const g of list) frequency.set(g, (frequency.get(g) ?? 0) + 1);
  return grams.map((list) => {
    let anchor: string | undefined;
    for (const g of list) if (anchor === undefined || frequency.get(g)! < frequency.get(anchor)!) anchor = g;
    return anchor ?? '';
  });
}

/** The prefilter over items with their anchors (`chooseAnchors`). */
export function trigramFilter<T>(items: readonly T[], anchors: readonly string[]): TrigramFilter<T> {
  // Items sharing an anchor side by side, in item order: the table's ranges.
  const order = Int32Array.from(items.keys()).sort((a, b) => (anchors[a]! < anchors[b]! ? -1 : anchors[a]! > anchors[b]! ? 1 : a - b));
  const table = AnchorTable.build(Array.from(order, (i) => anchors[i] ?? ''))!;
  return { candidates: (text) => table.candidates(text).map((at) => items[order[at]!]!) };
}

const FORM_OF: Record<string, number> = { r: 0, l: 1, f: 2 };
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/**
 * The anchors of a list of items, ready to scan text with: which items a text can match. The
 * anchors are given in the list's order, equal anchors side by side ('' for an item without one,
 * which every text gets). Made of a few typed arrays (an open-addressing hash of each distinct
 * anchor, its form and three characters packed in two 32-bit keys, to its range of the list),
 * so building it for thousands of rules allocates almost nothing, and a scan allocates no
 * string per position.
 */
export class AnchorTable {
  readonly #mask: number;
  readonly #high: Int32Array;
  readonly #low: Int32Array;
  /** Range of the list each slot's anchor covers: [start, end); start -1 for an empty slot. */
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  /** The scan each slot was last reported in. */
  readonly #stamp: Uint32Array;
  #round = 0;
  /** Anchors with a character beyond the Basic Multilingual Plane, by their text. */
  readonly #wide = new Map<string, [number, number]>();
  /** The items without an anchor: [0, always). */
  readonly #always: number;
  readonly #used = [false, false, false];

  private constructor(capacity: number, always: number) {
    this.#mask = capacity - 1;
    this.#high = new Int32Array(capacity);
    this.#low = new Int32Array(capacity);
    this.#start = new Int32Array(capacity).fill(-1);
    this.#end = new Int32Array(capacity);
    this.#stamp = new Uint32Array(capacity);
    this.#always = always;
  }

  /** The table of `anchors` (equal ones side by side, '' first); undefined when they are not in that order or not anchors. */
  static build(anchors: readonly string[]): AnchorTable | undefined {
    let always = 0;
    while (always < anchors.length && anchors[always] === '') always++;
    let distinct = 0;
    for (let i = always; i < anchors.length; i++) if (anchors[i] !== anchors[i - 1]) distinct++;
    let capacity = 16;
    while (capacity < 2 * distinct) capacity *= 2;
    const table = new AnchorTable(capacity, always);
    for (let i = always; i < anchors.length;) {
      const anchor = anchors[i]!;
      let end = i + 1;
      while (end < anchors.length && anchors[end] === anchor) end++;
      if (!table.#insert(anchor, i, end)) return undefined;
      i = end;
    }
    return table;
  }

  #slot(high: number, low: number): number {
    let h = Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let at = h & this.#mask;
    while (this.#start[at] !== -1 && (this.#high[at] !== high || this.#low[at] !== low)) at = (at + 1) & this.#mask;
    return at;
  }

  #insert(anchor: string, start: number, end: number): boolean {
    if (typeof anchor !== 'string') return false;
    const form = FORM_OF[anchor[0] ?? ''];
    if (form === undefined) return false;
    this.#used[form] = true;
    if (anchor.length === 4 && !isSurrogate(anchor.charCodeAt(1)) && !isSurrogate(anchor.charCodeAt(2)) && !isSurrogate(anchor.charCodeAt(3))) {
      const high = (form << 16) | anchor.charCodeAt(1);
      const low = (anchor.charCodeAt(2) << 16) | anchor.charCodeAt(3);
      const at = this.#slot(high, low);
      if (this.#start[at] !== -1) return false; // the same anchor twice, apart
      this.#high[at] = high;
      this.#low[at] = low;
      this.#start[at] = start;
      this.#end[at] = end;
      return true;
    }
    if (Array.from(anchor).length !== 4 || this.#wide.has(anchor)) return false;
    this.#wide.set(anchor, [start, end]);
    return true;
  }

  /** Positions in the list of the items whose anchor occurs in `text` (each once), after those without one. */
  candidates(text: string): number[] {
    const out: number[] = [];
    this.scan(text, (at) => out.push(at));
    return out;
  }

  /** `candidates`, one by one, in the same order. */
  scan(text: string, visit: (at: number) => void): void {
    for (let i = 0; i < this.#always; i++) visit(i);
    const round = ++this.#round;
    const wideSeen = this.#wide.size > 0 ? new Set<string>() : undefined;
    // Scan each distinct form of the text once, looking up the anchors of every form equal to it.
    const scans: [string, number[]][] = [];
    FORMS.forEach((name, form) => {
      if (!this.#used[form]) return;
      const t = textForm(text, name);
      const same = scans.find(([u]) => u === t);
      if (same) same[1].push(form);
      else scans.push([t, [form]]);
    });
    for (const [t, forms] of scans) {
      // The last two characters (code points) and where the earlier one starts.
      let a = -1;
      let b = -1;
      let aAt = 0;
      let bAt = 0;
      for (let i = 0; i < t.length;) {
        const c = t.codePointAt(i)!;
        const width = c > 0xffff ? 2 : 1;
        if (a >= 0) {
          if (a <= 0xffff && b <= 0xffff && c <= 0xffff) {
            const low = (b << 16) | c;
            for (const form of forms) {
              const at = this.#slot((form << 16) | a, low);
              if (this.#start[at] === -1 || this.#stamp[at] === round) continue;
              this.#stamp[at] = round;
              for (let k = this.#start[at]!; k < this.#end[at]!; k++) visit(k);
            }
          } else if (wideSeen) {
            const gram = t.slice(aAt, i + width);
            for (const form of forms) {
              const key = FORMS[form]![0] + gram;
              const range = this.#wide.get(key);
              if (!range || wideSeen.has(key)) continue;
              wideSeen.add(key);
              for (let k = range[0]; k < range[1]; k++) visit(k);
            }
          }
        }
        a = b;
        aAt = bAt;
        b = c;
        bAt = i;
        i += width;
      }
    }
  }
}

/** Build the prefilter; each item is anchored on the trigram of its requirement that is rarest among all items. */
export function buildTrigramFilter<T>(items: readonly T[], required: (item: T) => Requirement): TrigramFilter<T> {
  return trigramFilter(items, chooseAnchors(items, required));
}
