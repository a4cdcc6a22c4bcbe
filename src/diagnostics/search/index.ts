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
import type { ErrorWithSystem } from '../../registry/load.ts';
import { compileRule, ruleApplies, type CompiledRule } from '../../registry/match.ts';
import { codePath, normalizeCode } from '../../registry/queries.ts';
import type { Locale, MatchRule, Severity } from '../../registry/schema.ts';
import { findSiblings, packageFinder, systemPackages, titleKey, usableTitleKey } from './context.ts';
import { simplifiedToTraditional, type ScriptFolder } from './fold.ts';
import { compileFormats, detectFormat, type CompiledFormat } from './formats.ts';
import { planTerms } from './plan.ts';
import { caseFold, chooseAnchors, requiredRuns, trigramFilter, type Requirement, type TrigramFilter } from './rule-filter.ts';
import type { SearchSource } from './source.ts';
import { capText, hasHan, looksBinary, PASTE_THRESHOLD, tokenize } from './text.ts';
import { TextIndex, type TextDoc, type TextIndexData } from './text-index.ts';

export type { SearchSource } from './source.ts';

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

interface RuleRef {
  entry: number;
  rule: MatchRule;
  index: number;
  /** Compiled when first needed; null: the pattern does not compile (`errdex check` reports it). */
  compiled?: CompiledRule | null;
}

export interface SearchIndex {
  source: SearchSource;
  systemNames: Map<string, string>;
  byCode: Map<string, number>;
  byNumber: Map<number, number>;
  rules: TrigramFilter<RuleRef>;
  formats: CompiledFormat[];
  /** The full-text index: BM25 scores, and the terms for prefix and typo lookups. */
  text: TextIndex;
  /** Script folding of Han text, the same for the index and the queries. */
  fold: (text: string) => string;
  /** Title keys (`titleKey`) with their entries, sorted by key. */
  titles: TitleKeys;
  /** Per entry, the entries of other systems that document the same message. */
  siblings: number[][];
  /** The systems of the packages a text names. */
  packages: (text: string) => Set<string>;
  /** What `saveSearchIndex` keeps. */
  saved: Omit<SavedSearchIndex, 'formatVersion' | 'text'>;
}

/** The work of building an index that loading it does not repeat; saved in `/search-index.json` as `index`. */
export interface SavedSearchIndex {
  formatVersion: typeof SAVED_INDEX_FORMAT_VERSION;
  text: TextIndexData;
  /** Trigram anchor of every match rule, in entry and rule order ('' for none). */
  anchors: string[];
  /** Siblings of each entry (`context.ts`), as [entry, ...siblings] for the entries that have any. */
  siblings: number[][];
  /** Packages that name one system. */
  packages: Record<string, string>;
  /** Title keys (`titleKey`) with their entries, sorted by key, looked up by binary search. */
  titles: TitleKeys;
}

/** `[key, entry, entry…]`, sorted by key. */
export type TitleKeys = [string, ...number[]][];

export const SAVED_INDEX_FORMAT_VERSION = 1;

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

function toDoc(e: ErrorWithSystem, fold: (text: string) => string): TextDoc {
  return {
    names: fold([e.code, both(e.title), ...e.exceptions, ...e.http.map(String)].join('\n')),
    signs: fold([...e.symptoms.map(both), ...e.examples].join('\n')),
    about: fold([both(e.summary), ...e.causes.map(both)].join('\n')),
  };
}

/** Folding only where there is Han text to fold; the converter is made when first needed. */
function hanFolder(option: IndexOptions['fold']): (text: string) => string {
  if (option === false) return (text) => text;
  let convert = option;
  return (text) => (hasHan(text) ? (convert ??= simplifiedToTraditional())(text) : text);
}

function ruleRefs(source: SearchSource): RuleRef[] {
  const refs: RuleRef[] = [];
  source.errors.forEach((e, entry) => e.match.forEach((rule, index) => refs.push({ entry, rule, index })));
  return refs;
}

/** Where a rule's anchor must occur: literal text, or the plain runs a regex requires. */
function requirement({ rule }: RuleRef): Requirement {
  if (rule.literal !== undefined) {
    return rule.caseSensitive ? { form: 'raw', strings: [rule.literal] } : { form: 'lower', strings: [rule.literal.toLowerCase()] };
  }
  const runs = requiredRuns(rule.regex ?? '');
  return rule.caseSensitive ? { form: 'raw', strings: runs } : { form: 'fold', strings: runs.map(caseFold) };
}

/** The rule's match in `text`, compiling it when first needed. */
function runRule(ref: RuleRef, text: string): string | undefined {
  if (ref.compiled === undefined) {
    try {
      ref.compiled = compileRule(ref.rule, ref.index);
    } catch {
      ref.compiled = null; // an invalid pattern is `errdex check`'s to report; the search goes on without it
    }
  }
  return ref.compiled ? ref.compiled.exec(text) : undefined;
}

/** Build the index from the entries' texts; queries then take a few milliseconds even over 10,000 entries. */
export function buildSearchIndex(source: SearchSource, options: IndexOptions = {}): SearchIndex {
  const fold = hanFolder(options.fold);
  const text = TextIndex.build(source.errors.map((e) => toDoc(e, fold)), tokenize);
  const refs = ruleRefs(source);
  const anchors = chooseAnchors(refs, requirement);
  const filter = trigramFilter(refs, anchors);
  const siblings = findSiblings(source.errors, function* (example) {
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
  const titles: TitleKeys = [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, entries]) => [key, ...entries]);
  return assemble(source, text, fold, { anchors, siblings, packages: systemPackages(source.errors), titles }, refs);
}

/** What to save of an index (in `/search-index.json` and beside the CLI's compiled registry), so loading it repeats no work. */
export function saveSearchIndex(index: SearchIndex): SavedSearchIndex {
  return { formatVersion: SAVED_INDEX_FORMAT_VERSION, text: index.text.toData(), ...index.saved };
}

/**
 * The index as `saveSearchIndex` kept it, over `source`, which needs no symptoms, causes or
 * examples (only building the index reads them). A saved index that cannot be used (another
 * format, or not made from these entries) gives the reason instead.
 */
export function loadSearchIndex(source: SearchSource, saved: unknown, options: IndexOptions = {}): SearchIndex | string {
  if (typeof saved !== 'object' || saved === null) return 'no saved index';
  const s = saved as Partial<SavedSearchIndex>;
  if (s.formatVersion !== SAVED_INDEX_FORMAT_VERSION) return 'a saved index of another format';
  const text = TextIndex.load(s.text);
  if (typeof text === 'string') return text;
  if (text.documentCount !== source.errors.length) return 'a saved index of other entries';
  const refs = ruleRefs(source);
  if (!Array.isArray(s.anchors) || s.anchors.length !== refs.length) return 'a saved index of other rules';
  if (!Array.isArray(s.siblings) || typeof s.packages !== 'object' || s.packages === null || !Array.isArray(s.titles)) {
    return 'an incomplete saved index';
  }
  const siblings: number[][] = source.errors.map(() => []);
  for (const group of s.siblings) {
    const [entry, ...others] = group;
    if (typeof entry === 'number' && siblings[entry]) siblings[entry] = others.filter((o) => typeof o === 'number' && o >= 0 && o < siblings.length);
  }
  return assemble(source, text, hanFolder(options.fold), { anchors: s.anchors, siblings, packages: s.packages, titles: s.titles }, refs);
}

interface Derived {
  anchors: string[];
  siblings: number[][];
  packages: Record<string, string>;
  titles: TitleKeys;
}

function assemble(source: SearchSource, text: TextIndex, fold: (text: string) => string, derived: Derived, refs: RuleRef[]): SearchIndex {
  const { anchors, siblings, packages } = derived;
  // One loop per map: V8 keeps each loop simple (one loop filling all three took several times as long).
  const byCode = new Map<string, number>();
  source.errors.forEach((e, i) => byCode.set(e.code, i));
  const byNumber = new Map<number, number>();
  source.errors.forEach((e, i) => byNumber.set(Number(codeNumber(e.code)), i));
  return {
    source,
    systemNames: new Map(source.systems.map((s) => [s.id, s.name])),
    byCode,
    byNumber,
    rules: trigramFilter(refs, anchors),
    formats: compileFormats(source.logFormats ?? []),
    text,
    fold,
    titles: derived.titles,
    siblings,
    packages: packageFinder(packages),
    saved: { anchors, siblings: siblings.flatMap((list, entry) => (list.length > 0 ? [[entry, ...list]] : [])), packages, titles: derived.titles },
  };
}

/** The entries whose title has `key`. */
function titledEntries(titles: TitleKeys, key: string): number[] {
  let lo = 0;
  let hi = titles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (titles[mid]![0] < key) lo = mid + 1;
    else hi = mid;
  }
  const found = titles[lo];
  return found && found[0] === key ? (found.slice(1) as number[]).filter((e) => typeof e === 'number') : [];
}

/** The entry a whole query names as a code, in any spelling, or by its number alone. */
function exactCode(index: SearchIndex, query: string): number | undefined {
  const code = normalizeCode(query);
  if (code) return index.byCode.get(code);
  const bare = /^\s*#?(\d{3,5})\s*$/.exec(query);
  return bare ? index.byNumber.get(Number(bare[1])) : undefined;
}

function mentions(index: SearchIndex, text: string): { entry: number; evidence: string }[] {
  const out: { entry: number; evidence: string }[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(CODE_IN_TEXT)) {
    const entry = index.byCode.get(`${m[1]!.toUpperCase()}_${m[2]}`);
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
 * Entries whose rules match the text. Rules with the same pattern (one message documented for
 * several systems) are run once.
 */
function ruleHits(index: SearchIndex, text: string, format: string | undefined, allowed: (entry: number) => boolean, hits = new Map<number, RuleHit>()): Map<number, RuleHit> {
  const done = new Map<string, string | undefined>();
  for (const ref of index.rules.candidates(text)) {
    if (!allowed(ref.entry) || !ruleApplies(ref.rule, format)) continue;
    const key = `${ref.rule.caseSensitive ? 1 : 0}${ref.rule.literal !== undefined ? `l${ref.rule.literal}` : `r${ref.rule.regex}`}`;
    let evidence: string | undefined;
    if (done.has(key)) evidence = done.get(key);
    else done.set(key, (evidence = runRule(ref, text)));
    if (evidence === undefined) continue;
    const hit = hits.get(ref.entry);
    if (!hit) hits.set(ref.entry, { entry: ref.entry, evidence, rules: 1 });
    else {
      hit.rules++;
      if (evidence.length > hit.evidence.length) hit.evidence = evidence;
    }
  }
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
  const allowed = options.system === undefined ? () => true : (i: number) => errors[i]!.system === options.system;
  const pasted = text.length > PASTE_THRESHOLD || text.trim().includes('\n');
  const format = detectFormat(index.formats, text);
  // Codes are compared after NFKC, which turns full-width ＤＢ＿１５０６ into DB_1506; rules see the text as typed.
  const plain = text.normalize('NFKC');
  const mentioned = mentions(index, plain);

  // The systems the text points to: its log format, the codes and the packages it names.
  const context = new Set<string>([...(format?.systems ?? []), ...mentioned.map((m) => errors[m.entry]!.system), ...index.packages(text)]);
  const inContext = (entry: number) => context.has(errors[entry]!.system);

  const folded = index.fold(text);
  const scores = index.text.scores(
    planTerms(index.text, folded, pasted),
    FIELD_BOOST,
    context.size > 0 ? (id) => (inContext(id) ? CONTEXT_BOOST : 1) : undefined,
  );
  const scoreOf = (entry: number) => scores.get(entry) ?? 0;
  // Rules see the text as typed and, when it has Simplified characters, folded too: roas-bot
  // prints 資料庫鎖定, and 数据库锁定 typed from memory should still hit the rule.
  const rules = ruleHits(index, text, format?.format, allowed);
  if (folded !== text) {
    const first = new Set(rules.keys());
    const more = ruleHits(index, folded, format?.format, (e) => allowed(e) && !first.has(e));
    for (const [entry, hit] of more) rules.set(entry, hit);
  }
  const key = text.length <= PASTE_THRESHOLD ? titleKey(text, index.fold) : '';
  const titled = usableTitleKey(key) ? titledEntries(index.titles, key).filter(allowed) : [];

  // Siblings follow an entry found by its message (not a code) when they were matched at all.
  const matched = (entry: number) => rules.has(entry) || scores.has(entry) || titled.includes(entry);
  const placed = new Set<number>();
  const ranked: Placed[] = [];
  const place = (p: Placed) => {
    if (placed.has(p.entry) || !allowed(p.entry)) return;
    placed.add(p.entry);
    ranked.push(p);
    if (p.match === 'code' || p.match === 'mention') return;
    // A message a rule recognised is ambiguous only if the sibling's rules recognise it too.
    // Where the text points to systems, only siblings of those systems are pulled up.
    const siblings = index.siblings[p.entry]!.filter((s) => !placed.has(s) && allowed(s)
      && (context.size === 0 || inContext(s)) && (p.match === 'rule' ? rules.has(s) : matched(s)));
    for (const s of siblings.sort((a, b) => Number(inContext(b)) - Number(inContext(a)) || scoreOf(b) - scoreOf(a) || a - b)) {
      placed.add(s);
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
  let more = 0;
  const rest: [number, number][] = [];
  for (const [entry, s] of scores) if (!placed.has(entry) && allowed(entry)) rest.push([entry, s]);
  const wanted = Math.max(0, limit - ranked.length);
  const best = rest.reduce((m, [, s]) => Math.max(m, s), 0);
  const first = context.size > 0 ? rest.filter(([entry, s]) => inContext(entry) && s >= CONTEXT_FLOOR * best) : [];
  const firstSet = new Set(first.map(([entry]) => entry));
  for (const [entry, s] of topK(first, wanted)) place({ entry, match: 'text', weight: s });
  for (const [entry, s] of topK(rest.filter(([entry]) => !firstSet.has(entry)), Math.max(0, limit - ranked.length))) place({ entry, match: 'text', weight: s });
  for (const [entry] of rest) if (!placed.has(entry)) more++;

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

/** The `k` entries with the highest scores, best first (ties: registry order). */
function topK(items: [number, number][], k: number): [number, number][] {
  const better = (a: [number, number], b: [number, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
  const best: [number, number][] = [];
  for (const item of items) {
    if (best.length === k && !better(item, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && better(item, best[at - 1]!)) at--;
    best.splice(at, 0, item);
    if (best.length > k) best.pop();
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
