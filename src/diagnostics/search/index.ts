/**
 * The error-code search: an index over the registry and the answer to one query.
 *
 * A query is answered in five tiers, best first:
 *   1. `code`    — the whole query is a code, in any spelling (DB_1506, db-1506, DB1506, 1506);
 *   2. `mention` — codes written in pasted text (`ERROR [DB_1506] ...`);
 *   3. `title`   — the query is an entry's title (`向量維度不符`), in either language;
 *   4. `rule`    — entries whose match rules recognise the text (a message, a log line, a traceback);
 *   5. `text`    — full-text matches over titles, summaries, symptoms, causes, examples and
 *                  exception names in both languages (BM25, prefix and typo tolerance).
 * An entry appears once, in its best tier. Within a tier, entries of the systems the text points
 * to (its log format, the codes and packages it names: `context.ts`) come first; an entry's
 * siblings (the same message in other systems) follow it, and when the best answer has siblings
 * the result says the message is ambiguous. Pure: no DOM, no Node APIs.
 *
 * The full-text index is built once, when the site and the CLI's data are generated, and loaded
 * as it was saved (`loadSearchIndex`, see `text-index.ts`); `buildSearchIndex` builds it from the
 * entries' texts where no saved index is at hand.
 */
import { compileRule, ruleApplies, type CompiledRule } from '../../registry/match.ts';
import { codePath, normalizeCode } from '../../registry/queries.ts';
import type { Locale, MatchRule, Severity } from '../../registry/schema.ts';
import { findSiblings, packageFinder, systemPackages, titleKey, usableTitleKey } from './context.ts';
import { simplifiedToTraditional, type ScriptFolder } from './fold.ts';
import { compileFormats, detectFormat, type CompiledFormat } from './formats.ts';
import { pack, unpack } from './packed.ts';
import { planTerms } from './plan.ts';
import { AnchorTable, caseFold, chooseAnchors, requiredRuns, trigramFilter, type Requirement } from './rule-filter.ts';
import type { SearchEntry, SearchSource } from './source.ts';
import { capText, hasHan, looksBinary, PASTE_THRESHOLD, tokenize } from './text.ts';
import { TextIndex, type TextDoc, type TextIndexData, type TextScores } from './text-index.ts';

export type { SearchEntry, SearchSource } from './source.ts';

export type MatchKind = 'code' | 'mention' | 'rule' | 'title' | 'text';

/** One entry found, with what the island and the CLI show of it. */
export interface SearchHit {
  code: string;
  system: string;
  systemName: string;
  title: string;
  /** The entry's one-line summary, so a person can choose without opening it. */
  summary: string;
  severity: Severity;
  retryable: boolean;
  retired: boolean;
  /** Path of the entry's page in the requested locale, from the site's root (no base). */
  path: string;
  /** Why the entry was found. */
  match: MatchKind;
  /** The text a rule or a mention matched, when it did. */
  evidence?: string;
  /**
   * Higher is better, consistent with the order: 4 for an exact code; 3.x for a code mentioned
   * in the text; 2.9x for a title; 2.x (below 2.9) for a match rule; 1.x (below 1.9) for full
   * text, x growing with relevance.
   */
  score: number;
}

export interface SearchResult {
  /** `empty`: nothing to search for; `none`: nothing matched; `found`: at least one hit. */
  state: 'empty' | 'none' | 'found';
  hits: SearchHit[];
  /** Entries matched in all, of which `hits` holds the first `limit`. */
  total: number;
  /** The log format recognised in the text, if any. */
  format?: string;
  /** The systems the text points to (its log format, the codes and packages it names), if any. */
  context?: string[];
  /**
   * The best answer is one message documented by several systems, and nothing in the text says
   * which wrote it: their codes, best first, all among `hits`, right after one another.
   */
  ambiguous?: { codes: string[]; systems: string[] };
}

export type SearchProblem =
  | { kind: 'binary' }
  | { kind: 'truncated'; omitted: number }
  | { kind: 'unknown-system'; system: string };

export interface SearchOptions {
  locale?: Locale;
  /** Only entries of this system. */
  system?: string;
  /** Most hits returned (default 10). */
  limit?: number;
}

export interface IndexOptions {
  /**
   * Script folding applied to the indexed text and to every query, so Simplified and
   * Traditional spellings meet (default: opencc-js Simplified -> Traditional); false: none.
   */
  fold?: ScriptFolder | false;
}

/**
 * The match rules, one pattern (a literal or a regex, and its case) run once per query however
 * many entries share it. Typed arrays throughout: loading makes no object per rule.
 */
interface RuleTable {
  /** Where each pattern's rules start in `entry`/`rule` (one more than there are patterns). */
  start: Int32Array;
  /** Per rule: its entry, and its position in the entry's `match`. */
  entry: Int32Array;
  rule: Int32Array;
  /** Which patterns a text can match. */
  anchors: AnchorTable;
  /** Each pattern, compiled when first needed; null: it does not compile (`errdex check` reports it). */
  compiled: (CompiledRule | null | undefined)[];
  /** Per pattern, checked when first needed: 1 when its rules are all that pattern, -1 when not (a saved index never written so). */
  uniform: Int8Array;
}

/** Entries by code and by number, in an open-addressing hash of entry positions (no object per entry). */
interface CodeTable {
  mask: number;
  byCode: Int32Array;
  byNumber: Int32Array;
}

export interface SearchIndex {
  source: SearchSource;
  systemNames: Map<string, string>;
  /** The systems of the entries, each once (those of `source.systems` first), and the position of each. */
  systems: string[];
  systemAt: Map<string, number>;
  /** Per entry, the position of its system in `systems`. */
  systemOf: Int32Array;
  codes: CodeTable;
  rules: RuleTable;
  formats: CompiledFormat[];
  /** The full-text index: BM25 scores, and the terms for prefix and typo lookups. */
  text: TextIndex;
  /** Script folding of Han text, the same for the index and the queries. */
  fold: (text: string) => string;
  /** Title keys (`titleKey`) with their entries, sorted by key. */
  titles: TitleKeys;
  /** The saved groups of siblings, and per entry the position of its group (-1: none). */
  siblingGroups: number[][];
  siblingGroupOf: Int32Array;
  /** The systems of the packages a text names. */
  packages: (text: string) => Set<string>;
  /** What `saveSearchIndex` keeps. */
  saved: SavedSearchIndex;
  /** Scratch space of a query, one slot per entry: the query that placed the entry, and that found it in context. */
  scratch: { round: number; placed: Uint32Array; first: Uint32Array; rest?: Int32Array };
}

/** The work of building an index that loading it does not repeat; saved in `/search-index.json` as `index`. */
export interface SavedSearchIndex {
  formatVersion: typeof SAVED_INDEX_FORMAT_VERSION;
  text: TextIndexData;
  /**
   * The match rules grouped by pattern, the patterns ordered by their trigram anchor (`rule-filter.ts`;
   * '' for none, first): the anchor of each pattern, and packed (`packed.ts`) for each the count
   * of its rules and their (entry, position in the entry's `match`) pairs.
   */
  rules: { anchors: string[]; refs: string };
  /** Siblings of each entry (`context.ts`), as [entry, ...siblings] for the entries that have any, by entry. */
  siblings: number[][];
  /** Packages that name one system. */
  packages: Record<string, string>;
  /** Title keys (`titleKey`) with their entries, sorted by key, looked up by binary search. */
  titles: TitleKeys;
}

/** `[key, entry, entry…]`, sorted by key. */
export type TitleKeys = [string, ...number[]][];

export const SAVED_INDEX_FORMAT_VERSION = 2;

/**
 * What the full-text index holds of an entry, both languages together, in three fields rather
 * than one per registry field: each field multiplies the work of every query term, and three
 * weights are enough — what names the error (code, title, exception names, HTTP statuses), what
 * it looks like (symptoms, example messages), what it is about (summary, causes).
 */
const FIELD_BOOST = { names: 3, signs: 1.5, about: 1 };
/** Codes written in text: a prefix, `_` or `-`, and a number, not inside a longer word. */
const CODE_IN_TEXT = /(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,7})[_-](\d{3,5})(?![0-9])/g;
const MAX_MENTIONS = 16;
const MAX_EVIDENCE = 200;
/**
 * Full-text score boost of entries of the systems the text points to. Strong enough that a
 * traceback through discord.py ranks roas-bot's entry over a better-worded match of another
 * system, not so strong that a single shared word does.
 */
const CONTEXT_BOOST = 3;
/** A full-text match of a system the text points to comes before the others when it scores at least this share of the best. */
const CONTEXT_FLOOR = 0.2;

const both = (t: { 'zh-TW': string; en: string }) => `${t['zh-TW']}\n${t.en}`;
const codeNumber = (code: string) => code.slice(code.lastIndexOf('_') + 1);

function toDoc(e: SearchEntry, fold: (text: string) => string): TextDoc {
  return {
    names: fold([e.code, both(e.title), ...(e.exceptions ?? []), ...(e.http ?? []).map(String)].join('\n')),
    signs: fold([...(e.symptoms ?? []).map(both), ...(e.examples ?? [])].join('\n')),
    about: fold([both(e.summary), ...(e.causes ?? []).map(both)].join('\n')),
  };
}

/** Folding only where there is Han text to fold; the converter is made when first needed. */
function hanFolder(option: IndexOptions['fold']): (text: string) => string {
  if (option === false) return (text) => text;
  let convert = option;
  return (text) => (hasHan(text) ? (convert ??= simplifiedToTraditional())(text) : text);
}

interface RuleRef {
  entry: number;
  rule: MatchRule;
  index: number;
  compiled?: CompiledRule | null;
}

function ruleRefs(source: SearchSource): RuleRef[] {
  const refs: RuleRef[] = [];
  source.errors.forEach((e, entry) => (e.match ?? []).forEach((rule, index) => refs.push({ entry, rule, index })));
  return refs;
}

/** Where a rule's anchor must occur: literal text, or the plain runs a regex requires. */
function requirement(rule: MatchRule): Requirement {
  if (rule.literal !== undefined) {
    return rule.caseSensitive ? { form: 'raw', strings: [rule.literal] } : { form: 'lower', strings: [rule.literal.toLowerCase()] };
  }
  const runs = requiredRuns(rule.regex ?? '');
  return rule.caseSensitive ? { form: 'raw', strings: runs } : { form: 'fold', strings: runs.map(caseFold) };
}

/** Rules with the same pattern match the same texts. */
function samePattern(a: MatchRule, b: MatchRule): boolean {
  return a === b || (!a.caseSensitive === !b.caseSensitive && a.literal === b.literal && a.regex === b.regex);
}

/** A rule compiled, or null when it does not compile (an invalid pattern is `errdex check`'s to report; the search goes on without it). */
function compiledOrNull(rule: MatchRule, index: number): CompiledRule | null {
  try {
    return compileRule(rule, index);
  } catch {
    return null;
  }
}

/** The rule's match in `text`, compiling it when first needed. */
function runRule(ref: RuleRef, text: string): string | undefined {
  if (ref.compiled === undefined) ref.compiled = compiledOrNull(ref.rule, ref.index);
  return ref.compiled ? ref.compiled.exec(text) : undefined;
}

/** The saved form of the rules: grouped by pattern, each pattern anchored (`SavedSearchIndex.rules`). */
function saveRules(refs: readonly RuleRef[]): SavedSearchIndex['rules'] {
  const byPattern = new Map<string, RuleRef[]>();
  for (const ref of refs) {
    const { rule } = ref;
    const key = `${rule.caseSensitive ? 1 : 0}${rule.literal !== undefined ? `l${rule.literal}` : `r${rule.regex}`}`;
    const list = byPattern.get(key);
    if (list) list.push(ref);
    else byPattern.set(key, [ref]);
  }
  const patterns = [...byPattern.values()];
  const anchors = chooseAnchors(patterns, (p) => requirement(p[0]!.rule));
  const order = patterns.map((_, i) => i).sort((a, b) => (anchors[a]! < anchors[b]! ? -1 : anchors[a]! > anchors[b]! ? 1 : a - b));
  return {
    anchors: order.map((i) => anchors[i]!),
    refs: pack(order.flatMap((i) => [patterns[i]!.length, ...patterns[i]!.flatMap((r) => [r.entry, r.index])])),
  };
}

/** The rule table of the saved rules, or why it cannot be used. */
function loadRules(source: SearchSource, saved: unknown): RuleTable | string {
  if (typeof saved !== 'object' || saved === null) return 'an incomplete saved index';
  const { anchors, refs } = saved as Partial<SavedSearchIndex['rules']>;
  if (!Array.isArray(anchors) || typeof refs !== 'string') return 'an incomplete saved index';
  const numbers = unpack(refs);
  if (!numbers) return 'a damaged saved index';
  const patterns = anchors.length;
  let total = 0;
  for (const e of source.errors) total += e.match?.length ?? 0;
  if (numbers.length !== patterns + 2 * total) return 'a saved index of other rules';
  const start = new Int32Array(patterns + 1);
  const entry = new Int32Array(total);
  const rule = new Int32Array(total);
  const errors = source.errors;
  let at = 0;
  let k = 0;
  for (let p = 0; p < patterns; p++) {
    start[p] = k;
    const count = numbers[at++]!;
    if (count < 1 || k + count > total) return 'a saved index of other rules';
    for (let end = k + count; k < end; k++) {
      const e = numbers[at++]!;
      const r = numbers[at++]!;
      if (e >= errors.length || r >= (errors[e]!.match?.length ?? 0)) return 'a saved index of other rules';
      entry[k] = e;
      rule[k] = r;
    }
  }
  start[patterns] = k;
  if (k !== total) return 'a saved index of other rules';
  const table = AnchorTable.build(anchors);
  if (!table) return 'a damaged saved index';
  return { start, entry, rule, anchors: table, compiled: new Array(patterns), uniform: new Int8Array(patterns) };
}

/** Build the index from the entries' texts; queries then take a few milliseconds even over 10,000 entries. */
export function buildSearchIndex(source: SearchSource, options: IndexOptions = {}): SearchIndex {
  const fold = hanFolder(options.fold);
  const text = TextIndex.build(source.errors.map((e) => toDoc(e, fold)), tokenize);
  const refs = ruleRefs(source);
  const filter = trigramFilter(refs, chooseAnchors(refs, (ref) => requirement(ref.rule)));
  const lists = source.errors.map((e) => ({ system: e.system, examples: e.examples ?? [], exceptions: e.exceptions ?? [], match: e.match ?? [] }));
  const siblings = findSiblings(lists, function* (example) {
    for (const ref of filter.candidates(example)) if (ruleApplies(ref.rule, undefined) && runRule(ref, example) !== undefined) yield ref.entry;
  });
  const byKey = new Map<string, number[]>();
  source.errors.forEach((e, i) => {
    for (const key of new Set([titleKey(e.title['zh-TW'], fold), titleKey(e.title.en, fold)])) {
      if (!usableTitleKey(key)) continue;
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
  });
  const saved: SavedSearchIndex = {
    formatVersion: SAVED_INDEX_FORMAT_VERSION,
    text: text.toData(),
    rules: saveRules(refs),
    siblings: siblings.flatMap((list, entry) => (list.length > 0 ? [[entry, ...list]] : [])),
    packages: systemPackages(lists),
    titles: [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, entries]) => [key, ...entries]),
  };
  // The built index is the saved one loaded: both answer alike by construction.
  const index = assemble(source, text, fold, saved);
  if (typeof index === 'string') throw new Error(`the index just built does not load: ${index}`);
  return index;
}

/** What to save of an index (in `/search-index.json` and beside the CLI's compiled registry), so loading it repeats no work. */
export function saveSearchIndex(index: SearchIndex): SavedSearchIndex {
  return index.saved;
}

/**
 * The index as `saveSearchIndex` kept it, over `source`, which needs no symptoms, causes or
 * examples (only building the index reads them). A saved index that cannot be used (another
 * format, or not made from these entries) gives the reason instead. Loading decodes nothing
 * large and makes no object per entry or rule: the saved tables are read where a query needs them.
 */
export function loadSearchIndex(source: SearchSource, saved: unknown, options: IndexOptions = {}): SearchIndex | string {
  if (typeof saved !== 'object' || saved === null) return 'no saved index';
  const s = saved as Partial<SavedSearchIndex>;
  if (s.formatVersion !== SAVED_INDEX_FORMAT_VERSION) return 'a saved index of another format';
  const text = TextIndex.load(s.text);
  if (typeof text === 'string') return text;
  if (text.documentCount !== source.errors.length) return 'a saved index of other entries';
  if (!Array.isArray(s.siblings) || typeof s.packages !== 'object' || s.packages === null || !Array.isArray(s.titles)) {
    return 'an incomplete saved index';
  }
  return assemble(source, text, hanFolder(options.fold), s as SavedSearchIndex);
}

/** The hash of a code or an entry number, for `CodeTable`. */
function hashOf(key: string | number): number {
  let h = 0x811c9dc5;
  if (typeof key === 'number') h = Math.imul(h ^ key, 0x01000193);
  else for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Entries by code and by number; on a repeated key the later entry wins, as it would in a `Map`. */
function codeTable(errors: readonly SearchEntry[]): CodeTable {
  let capacity = 16;
  while (capacity < 2 * errors.length) capacity *= 2;
  const mask = capacity - 1;
  const byCode = new Int32Array(capacity).fill(-1);
  const byNumber = new Int32Array(capacity).fill(-1);
  for (let i = 0; i < errors.length; i++) {
    const code = errors[i]!.code;
    let at = hashOf(code) & mask;
    while (byCode[at] !== -1 && errors[byCode[at]!]!.code !== code) at = (at + 1) & mask;
    byCode[at] = i;
    const number = Number(codeNumber(code));
    at = hashOf(number) & mask;
    while (byNumber[at] !== -1 && Number(codeNumber(errors[byNumber[at]!]!.code)) !== number) at = (at + 1) & mask;
    byNumber[at] = i;
  }
  return { mask, byCode, byNumber };
}

function entryByCode(index: SearchIndex, code: string): number | undefined {
  const { mask, byCode } = index.codes;
  for (let at = hashOf(code) & mask; byCode[at] !== -1; at = (at + 1) & mask) {
    if (index.source.errors[byCode[at]!]!.code === code) return byCode[at];
  }
  return undefined;
}

function entryByNumber(index: SearchIndex, number: number): number | undefined {
  const { mask, byNumber } = index.codes;
  for (let at = hashOf(number) & mask; byNumber[at] !== -1; at = (at + 1) & mask) {
    if (Number(codeNumber(index.source.errors[byNumber[at]!]!.code)) === number) return byNumber[at];
  }
  return undefined;
}

function assemble(source: SearchSource, text: TextIndex, fold: (text: string) => string, saved: SavedSearchIndex): SearchIndex | string {
  const n = source.errors.length;
  const rules = loadRules(source, saved.rules);
  if (typeof rules === 'string') return rules;
  const siblingGroupOf = new Int32Array(n).fill(-1);
  let previous = -1;
  for (let g = 0; g < saved.siblings.length; g++) {
    const group = saved.siblings[g];
    if (!Array.isArray(group)) return 'a damaged saved index';
    const entry = group[0];
    if (typeof entry !== 'number' || !(entry > previous && entry < n)) return 'a damaged saved index';
    siblingGroupOf[entry] = g;
    previous = entry;
  }
  const systems: string[] = [];
  const systemAt = new Map<string, number>();
  const systemNumber = (id: string) => {
    let at = systemAt.get(id);
    if (at === undefined) systemAt.set(id, (at = systems.push(id) - 1));
    return at;
  };
  for (const s of source.systems) systemNumber(s.id);
  const systemOf = new Int32Array(n);
  for (let i = 0; i < n; i++) systemOf[i] = systemNumber(source.errors[i]!.system);
  return {
    source,
    systemNames: new Map(source.systems.map((s) => [s.id, s.name])),
    systems,
    systemAt,
    systemOf,
    codes: codeTable(source.errors),
    rules,
    formats: compileFormats(source.logFormats ?? []),
    text,
    fold,
    titles: saved.titles,
    siblingGroups: saved.siblings,
    siblingGroupOf,
    packages: packageFinder(saved.packages),
    saved,
    scratch: { round: 0, placed: new Uint32Array(n), first: new Uint32Array(n) },
  };
}

/** The entries of other systems that document the same message as `entry`. */
function siblingsOf(index: SearchIndex, entry: number): number[] {
  const g = index.siblingGroupOf[entry]!;
  if (g < 0) return [];
  const out: number[] = [];
  const group = index.siblingGroups[g]!;
  for (let i = 1; i < group.length; i++) {
    const s = group[i];
    if (typeof s === 'number' && s >= 0 && s < index.siblingGroupOf.length) out.push(s);
  }
  return out;
}

/** The entries whose title has `key` (of the `count` entries). */
function titledEntries(titles: TitleKeys, key: string, count: number): number[] {
  let lo = 0;
  let hi = titles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (titles[mid]![0] < key) lo = mid + 1;
    else hi = mid;
  }
  const found = titles[lo];
  return found && found[0] === key ? (found.slice(1) as number[]).filter((e) => typeof e === 'number' && e >= 0 && e < count) : [];
}

/** The entry a whole query names as a code, in any spelling, or by its number alone. */
function exactCode(index: SearchIndex, query: string): number | undefined {
  const code = normalizeCode(query);
  if (code) return entryByCode(index, code);
  const bare = /^\s*#?(\d{3,5})\s*$/.exec(query);
  return bare ? entryByNumber(index, Number(bare[1])) : undefined;
}

function mentions(index: SearchIndex, text: string): { entry: number; evidence: string }[] {
  const out: { entry: number; evidence: string }[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(CODE_IN_TEXT)) {
    const entry = entryByCode(index, `${m[1]!.toUpperCase()}_${m[2]}`);
    if (entry === undefined || seen.has(entry)) continue;
    seen.add(entry);
    out.push({ entry, evidence: m[0] });
    if (out.length >= MAX_MENTIONS) break;
  }
  return out;
}

interface RuleHit {
  entry: number;
  evidence: string;
  rules: number;
}

/**
 * Entries whose rules match the text. Each pattern the prefilter lets through runs once, however
 * many entries share it (one message documented for several systems, or a registry's repeated
 * patterns), and its rules are visited only when it matched.
 */
function ruleHits(index: SearchIndex, text: string, format: string | undefined, allowed: (entry: number) => boolean, hits = new Map<number, RuleHit>()): Map<number, RuleHit> {
  const table = index.rules;
  const { start, entry: entryOf, rule: ruleOf, compiled, uniform } = table;
  const errors = index.source.errors;
  const ruleAt = (k: number) => errors[entryOf[k]!]!.match![ruleOf[k]!]!;
  const add = (entry: number, found: string) => {
    const hit = hits.get(entry);
    if (!hit) hits.set(entry, { entry, evidence: found, rules: 1 });
    else {
      hit.rules++;
      if (found.length > hit.evidence.length) hit.evidence = found;
    }
  };
  table.anchors.scan(text, (p) => {
    const from = start[p]!;
    const to = start[p + 1]!;
    const first = ruleAt(from);
    if (uniform[p] === 0) {
      uniform[p] = 1;
      for (let k = from + 1; k < to; k++) if (!samePattern(ruleAt(k), first)) uniform[p] = -1;
    }
    if (uniform[p] === -1) {
      for (let k = from; k < to; k++) {
        const rule = ruleAt(k);
        if (!allowed(entryOf[k]!) || !ruleApplies(rule, format)) continue;
        const found = compiledOrNull(rule, ruleOf[k]!)?.exec(text);
        if (found !== undefined) add(entryOf[k]!, found);
      }
      return;
    }
    if (compiled[p] === undefined) compiled[p] = compiledOrNull(first, ruleOf[from]!);
    const found = compiled[p] ? compiled[p].exec(text) : undefined;
    if (found === undefined) return;
    for (let k = from; k < to; k++) {
      const entry = entryOf[k]!;
      if (allowed(entry) && ruleApplies(ruleAt(k), format)) add(entry, found);
    }
  });
  return hits;
}

function clip(evidence: string): string {
  const one = evidence.replace(/\s+/g, ' ').trim();
  return one.length > MAX_EVIDENCE ? `${one.slice(0, MAX_EVIDENCE - 1)}…` : one;
}

interface Placed {
  entry: number;
  match: MatchKind;
  evidence?: string;
  /** Relevance within the tier (BM25 for text), for the score. */
  weight: number;
  /** The entry whose sibling this is, placed right after it. */
  siblingOf?: number;
}

/**
 * Answer one query. Never throws on any input: empty, binary or megabytes of pasted text all
 * come back quickly, with a `problems` entry saying what was done with them.
 */
export function searchIndex(index: SearchIndex, query: string, options: SearchOptions = {}): { result: SearchResult; problems: SearchProblem[] } {
  const locale = options.locale ?? 'zh-TW';
  const limit = Math.max(1, options.limit ?? 10);
  const problems: SearchProblem[] = [];
  const empty = (state: SearchResult['state']) => ({ result: { state, hits: [], total: 0 }, problems });

  if (options.system !== undefined && !index.systemNames.has(options.system)) {
    problems.push({ kind: 'unknown-system', system: options.system });
    return empty('none');
  }
  const capped = capText(query);
  const text = capped.text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return empty('empty');
  if (looksBinary(text)) {
    problems.push({ kind: 'binary' });
    return empty('empty');
  }
  if (capped.omitted > 0) problems.push({ kind: 'truncated', omitted: capped.omitted });
  const errors = index.source.errors;
  const { systemOf } = index;
  const only = options.system === undefined ? -1 : index.systemAt.get(options.system)!;
  const allowed = only < 0 ? () => true : (i: number) => systemOf[i] === only;
  const pasted = text.length > PASTE_THRESHOLD || text.trim().includes('\n');
  const format = detectFormat(index.formats, text);
  // Codes are compared after NFKC, which turns full-width ＤＢ＿１５０６ into DB_1506; rules see the text as typed.
  const plain = text.normalize('NFKC');
  const mentioned = mentions(index, plain);

  // The systems the text points to: its log format, the codes and the packages it names.
  const context = new Set<string>([...(format?.systems ?? []), ...mentioned.map((m) => errors[m.entry]!.system), ...index.packages(text)]);
  const contextOf = Uint8Array.from(index.systems, (id) => (context.has(id) ? 1 : 0));
  const inContext = (entry: number) => contextOf[systemOf[entry]!] === 1;

  const folded = index.fold(text);
  // By system: the systems the text points to count more; entries of another system than the one asked for are not scored at all.
  const boost = context.size > 0 || only >= 0
    ? { group: systemOf, boost: Float64Array.from(index.systems, (_, i) => (only >= 0 && i !== only ? 0 : contextOf[i] === 1 ? CONTEXT_BOOST : 1)) }
    : undefined;
  const scores: TextScores = index.text.scores(planTerms(index.text, folded, pasted), FIELD_BOOST, boost);
  const scoreOf = (entry: number) => scores.of(entry);
  // Rules see the text as typed and, when it has Simplified characters, folded too: roas-bot
  // prints 資料庫鎖定, and 数据库锁定 typed from memory should still hit the rule.
  const rules = ruleHits(index, text, format?.format, allowed);
  if (folded !== text) {
    const first = new Set(rules.keys());
    const more = ruleHits(index, folded, format?.format, (e) => allowed(e) && !first.has(e));
    for (const [entry, hit] of more) rules.set(entry, hit);
  }
  const key = text.length <= PASTE_THRESHOLD ? titleKey(text, index.fold) : '';
  const titled = usableTitleKey(key) ? titledEntries(index.titles, key, errors.length).filter(allowed) : [];

  // One slot per entry, stamped with this query's round: placed, and (below) found in context.
  const scratch = index.scratch;
  const round = ++scratch.round;
  const isPlaced = (entry: number) => scratch.placed[entry] === round;

  // Siblings follow an entry found by its message (not a code) when they were matched at all.
  const matched = (entry: number) => rules.has(entry) || scores.has(entry) || titled.includes(entry);
  const ranked: Placed[] = [];
  const place = (p: Placed) => {
    if (isPlaced(p.entry) || !allowed(p.entry)) return;
    scratch.placed[p.entry] = round;
    ranked.push(p);
    if (p.match === 'code' || p.match === 'mention') return;
    // A message a rule recognised is ambiguous only if the sibling's rules recognise it too.
    // Where the text points to systems, only siblings of those systems are pulled up.
    const siblings = siblingsOf(index, p.entry).filter((s) => !isPlaced(s) && allowed(s)
      && (context.size === 0 || inContext(s)) && (p.match === 'rule' ? rules.has(s) : matched(s)));
    for (const s of siblings.sort((a, b) => Number(inContext(b)) - Number(inContext(a)) || scoreOf(b) - scoreOf(a) || a - b)) {
      scratch.placed[s] = round;
      ranked.push({ entry: s, match: p.match, evidence: rules.get(s)?.evidence, weight: p.weight, siblingOf: p.entry });
    }
  };

  const exact = exactCode(index, plain);
  if (exact !== undefined) place({ entry: exact, match: 'code', weight: 0 });
  for (const m of mentioned) place({ entry: m.entry, match: 'mention', evidence: m.evidence, weight: 0 });
  const byContext = (a: number, b: number) => Number(inContext(b)) - Number(inContext(a));
  for (const entry of titled.sort((a, b) => byContext(a, b) || scoreOf(b) - scoreOf(a) || a - b)) place({ entry, match: 'title', weight: 0 });
  const byRule = [...rules.values()].sort((a, b) =>
    byContext(a.entry, b.entry)
    || b.evidence.length - a.evidence.length
    || b.rules - a.rules
    || scoreOf(b.entry) - scoreOf(a.entry)
    || a.entry - b.entry);
  for (const h of byRule) place({ entry: h.entry, match: 'rule', evidence: h.evidence, weight: 0 });
  // Only the best of the full-text matches are ranked; the others are counted. Entries of the
  // systems the text points to come first, unless they match far worse than the best.
  // Positions in `scores` of the entries not placed yet.
  const beforeText = ranked.length;
  let restCount = 0;
  const restAll = (scratch.rest ??= new Int32Array(errors.length));
  let best = 0;
  for (let k = 0; k < scores.docs.length; k++) {
    const entry = scores.docs[k]!;
    if (isPlaced(entry) || !allowed(entry)) continue;
    restAll[restCount++] = k;
    const v = scores.values[k]!;
    if (v > best) best = v;
  }
  const rest = restAll.subarray(0, restCount);
  const wanted = Math.max(0, limit - ranked.length);
  if (context.size > 0) {
    for (const k of rest) if (inContext(scores.docs[k]!) && scores.values[k]! >= CONTEXT_FLOOR * best) scratch.first[scores.docs[k]!] = round;
    for (const k of topK(rest, scores, wanted, (e) => scratch.first[e] === round)) place({ entry: scores.docs[k]!, match: 'text', weight: scores.values[k]! });
  }
  const later = topK(rest, scores, Math.max(0, limit - ranked.length), (e) => scratch.first[e] !== round);
  for (const k of later) place({ entry: scores.docs[k]!, match: 'text', weight: scores.values[k]! });
  // Everything this tier placed (the matches and their siblings) was among the rest.
  const more = rest.length - (ranked.length - beforeText);

  const top = ranked.slice(0, Math.max(limit, firstGroupLength(ranked)));
  const hits = scored(top).map(({ entry, match, evidence, score }): SearchHit => {
    const e = errors[entry]!;
    return {
      code: e.code,
      system: e.system,
      systemName: index.systemNames.get(e.system) ?? e.system,
      title: e.title[locale],
      summary: e.summary[locale],
      severity: e.severity,
      retryable: e.retryable,
      retired: e.status === 'retired',
      path: codePath(e.code, locale),
      match,
      ...(evidence === undefined ? {} : { evidence: clip(evidence) }),
      score: Math.round(score * 10_000) / 10_000,
    };
  });
  const ambiguous = ambiguity(index, ranked, context);
  return {
    result: {
      state: hits.length > 0 ? 'found' : 'none',
      hits,
      total: ranked.length + more,
      ...(format ? { format: format.format } : {}),
      ...(context.size > 0 ? { context: [...context].sort() } : {}),
      ...(ambiguous ? { ambiguous } : {}),
    },
    problems,
  };
}

/**
 * The `k` positions of `items` (positions in `scores`) whose entries `accept` takes with the
 * highest scores, best first (ties: registry order).
 */
function topK(items: Int32Array, scores: TextScores, k: number, accept: (entry: number) => boolean): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  const { docs, values } = scores;
  const before = (a: number, b: number) => values[a]! > values[b]! || (values[a] === values[b] && docs[a]! < docs[b]!);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!accept(docs[item]!)) continue;
    if (best.length === k) {
      if (!before(item, best[k - 1]!)) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && before(item, best[at - 1]!)) at--;
    best.splice(at, 0, item);
  }
  return best;
}

/** How many entries the first hit and the siblings placed with it make. */
function firstGroupLength(ranked: readonly Placed[]): number {
  if (ranked.length === 0) return 0;
  let n = 1;
  while (n < ranked.length && ranked[n]!.siblingOf === ranked[0]!.entry) n++;
  return n;
}

/**
 * The best answer is one message documented by several systems: its siblings came right after
 * it, and the text does not point to exactly one of their systems. (A code typed or mentioned
 * names its entry; it is not ambiguous.)
 */
function ambiguity(index: SearchIndex, ranked: readonly Placed[], context: ReadonlySet<string>): SearchResult['ambiguous'] {
  const n = firstGroupLength(ranked);
  if (n < 2 || ranked[0]!.match === 'code' || ranked[0]!.match === 'mention') return undefined;
  const group = ranked.slice(0, n).map((p) => index.source.errors[p.entry]!);
  const systems = [...new Set(group.map((e) => e.system))];
  if (systems.filter((s) => context.has(s)).length === 1) return undefined;
  return { codes: group.map((e) => e.code), systems };
}

/**
 * Scores consistent with the order: 4 for a code; 3.x for mentions, 2.9x for titles and 2.x
 * (below 2.9) for rules, x by position; 1 + 0.9 × BM25/(BM25 + 10), below 1.9, for full text;
 * never above the hit before it (a sibling follows its entry in its tier).
 */
function scored(ranked: readonly Placed[]): (Placed & { score: number })[] {
  const count = (kind: MatchKind) => ranked.filter((p) => p.match === kind).length;
  const totals = { mention: count('mention'), rule: count('rule'), title: count('title') };
  const seen = { mention: 0, rule: 0, title: 0 };
  let previous = Infinity;
  return ranked.map((p) => {
    let score: number;
    if (p.match === 'code') score = 4;
    else if (p.match === 'text') score = 1 + (0.9 * p.weight) / (p.weight + 10);
    else {
      const i = ++seen[p.match];
      const fraction = 1 - i / (totals[p.match] + 1);
      score = p.match === 'mention' ? 3 + fraction : p.match === 'title' ? 2.9 + 0.1 * fraction : 2 + 0.9 * fraction;
    }
    score = Math.min(score, previous);
    previous = score;
    return { ...p, score };
  });
}

/** Build and query in one call, for one-off use; keep the index for repeated queries. */
export function search(source: SearchSource, query: string, options?: SearchOptions & IndexOptions) {
  return searchIndex(buildSearchIndex(source, options), query, options);
}
