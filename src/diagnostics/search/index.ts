/**
 * The error-code search: an index over the registry and the answer to one query.
 *
 * A query is answered in four tiers, best first:
 *   1. `code`    — the whole query is a code, in any spelling (DB_1506, db-1506, DB1506, 1506);
 *   2. `mention` — codes written in pasted text (`ERROR [DB_1506] ...`);
 *   3. `rule`    — entries whose match rules recognise the text (a message, a log line, a traceback);
 *   4. `text`    — full-text matches over titles, summaries, symptoms, causes, examples and
 *                  exception names in both languages (BM25, prefix and typo tolerance).
 * An entry appears once, in its best tier. Pure: no DOM, no Node APIs.
 *
 * The full-text index is built once, when the site and the CLI's data are generated, and loaded
 * as it was saved (`loadSearchIndex`, see `text-index.ts`); `buildSearchIndex` builds it from the
 * entries' texts where no saved index is at hand.
 */
import type { ErrorWithSystem } from '../../registry/load.ts';
import { compileRule, ruleApplies, type CompiledRule } from '../../registry/match.ts';
import { codePath, normalizeCode } from '../../registry/queries.ts';
import type { Locale, Severity } from '../../registry/schema.ts';
import { simplifiedToTraditional, type ScriptFolder } from './fold.ts';
import { compileFormats, detectFormat, type CompiledFormat, type FormatGuess } from './formats.ts';
import { buildTrigramFilter, caseFold, requiredRuns, type TrigramFilter } from './rule-filter.ts';
import type { SearchSource } from './source.ts';
import { capText, hasHan, isHanTerm, isNumberTerm, looksBinary, PASTE_THRESHOLD, queryTerms, tokenize } from './text.ts';
import { TextIndex, type TextDoc, type TextIndexData, type WeightedTerm } from './text-index.ts';

export type { SearchSource } from './source.ts';

export type MatchKind = 'code' | 'mention' | 'rule' | 'text';

/** One entry found, with what the island and the CLI show of it. */
export interface SearchHit {
  code: string;
  system: string;
  systemName: string;
  title: string;
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
   * in the text; 2.x for a match rule; 1.x for full text (x grows with relevance, below 1).
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
  rule: CompiledRule;
}

export interface SearchIndex {
  source: SearchSource;
  systemNames: Map<string, string>;
  byCode: Map<string, number>;
  byNumber: Map<string, number>;
  rules: TrigramFilter<RuleRef>;
  formats: CompiledFormat[];
  /** The full-text index: BM25 scores, and the terms for prefix and typo lookups. */
  text: TextIndex;
  /** Script folding of Han text, the same for the index and the queries. */
  fold: (text: string) => string;
}

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
/** Full-text score boost of entries of the system whose log format was recognised. */
const FORMAT_SYSTEM_BOOST = 1.5;
/** Weights of a corrected and of a completed word against a word as typed (MiniSearch's own weights). */
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
/** Completions tried for the word being typed. */
const MAX_COMPLETIONS = 8;
/** Entries the terms of one query may occur in, together (see `planTerms`); the rarest term always goes. */
const TERM_BUDGET = 1500;

const both = (t: { 'zh-TW': string; en: string }) => `${t['zh-TW']}\n${t.en}`;
const codeNumber = (code: string) => /_(\d+)$/.exec(code)?.[1] ?? '';

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

/** Build the index from the entries' texts; queries then take a few milliseconds even over 10,000 entries. */
export function buildSearchIndex(source: SearchSource, options: IndexOptions = {}): SearchIndex {
  const fold = hanFolder(options.fold);
  return assemble(source, TextIndex.build(source.errors.map((e) => toDoc(e, fold)), tokenize), fold);
}

/**
 * The index with its full-text part loaded as `buildSearchIndex(source).text.toData()` saved it;
 * `source` needs no symptoms, causes or examples (only the full-text index reads them). A saved
 * index that cannot be used (another format, or not made from these entries) gives the reason.
 */
export function loadSearchIndex(source: SearchSource, data: TextIndexData | unknown, options: IndexOptions = {}): SearchIndex | string {
  const text = TextIndex.load(data);
  if (typeof text === 'string') return text;
  if (text.documentCount !== source.errors.length) return 'a text index of other entries';
  return assemble(source, text, hanFolder(options.fold));
}

function assemble(source: SearchSource, text: TextIndex, fold: (text: string) => string): SearchIndex {
  const byCode = new Map<string, number>();
  const byNumber = new Map<string, number>();
  const rules: RuleRef[] = [];
  source.errors.forEach((e, i) => {
    byCode.set(e.code, i);
    byNumber.set(String(Number(codeNumber(e.code))), i);
    e.match.forEach((rule, r) => {
      let compiled: CompiledRule;
      try {
        compiled = compileRule(rule, r);
      } catch {
        return; // an invalid pattern is `errdex check`'s to report; the search goes on without it
      }
      rules.push({ entry: i, rule: compiled });
    });
  });
  return {
    source,
    systemNames: new Map(source.systems.map((s) => [s.id, s.name])),
    byCode,
    byNumber,
    rules: buildTrigramFilter(rules, ({ rule: { rule } }) => {
      if (rule.literal !== undefined) {
        return rule.caseSensitive ? { form: 'raw', strings: [rule.literal] } : { form: 'lower', strings: [rule.literal.toLowerCase()] };
      }
      const runs = requiredRuns(rule.regex ?? '');
      return rule.caseSensitive ? { form: 'raw', strings: runs } : { form: 'fold', strings: runs.map(caseFold) };
    }),
    formats: compileFormats(source.logFormats ?? []),
    text,
    fold,
  };
}

/** The entry a whole query names as a code, in any spelling, or by its number alone. */
function exactCode(index: SearchIndex, query: string): number | undefined {
  const code = normalizeCode(query);
  if (code) return index.byCode.get(code);
  const bare = /^\s*#?(\d{3,5})\s*$/.exec(query);
  return bare ? index.byNumber.get(String(Number(bare[1]))) : undefined;
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

function ruleHits(index: SearchIndex, text: string, format: FormatGuess | undefined, allowed: (entry: number) => boolean): RuleHit[] {
  const hits = new Map<number, RuleHit>();
  for (const ref of index.rules.candidates(text)) {
    if (!allowed(ref.entry) || !ruleApplies(ref.rule.rule, format?.format)) continue;
    const evidence = ref.rule.exec(text);
    if (evidence === undefined) continue;
    const hit = hits.get(ref.entry);
    if (!hit) hits.set(ref.entry, { entry: ref.entry, evidence, rules: 1 });
    else {
      hit.rules++;
      if (evidence.length > hit.evidence.length) hit.evidence = evidence;
    }
  }
  return [...hits.values()];
}

/** The closest word of the index to an unknown word (1 edit, 2 from 8 letters on), its first letter kept. */
function correction(index: SearchIndex, term: string): { word: string; distance: number } | undefined {
  let best: { word: string; distance: number; df: number } | undefined;
  for (const c of index.text.similar(term, term.length >= 8 ? 2 : 1)) {
    if (!best || c.distance < best.distance || (c.distance === best.distance && c.df > best.df)) best = c;
  }
  return best;
}

/** The most frequent words starting with a word being typed. */
function completions(index: SearchIndex, term: string): { word: string; df: number }[] {
  const found: { word: string; df: number }[] = [];
  for (const [word, df] of index.text.withPrefix(term)) if (word !== term) found.push({ word, df });
  return found.sort((a, b) => b.df - a.df).slice(0, MAX_COMPLETIONS);
}

interface PlannedTerm extends WeightedTerm {
  df: number;
}

/**
 * The terms a query sends to the full-text index. A word being typed (the last one) is
 * completed to the index's most frequent words starting with it; a word the index does not
 * know is corrected to its closest known word (a known word is not a typo); Han text is
 * folded to Traditional characters, as the index was. Then, rarest first, terms are taken
 * while the entries they occur in stay within `TERM_BUDGET`: rare terms decide the ranking,
 * and a registry of any size costs a bounded amount per query. In a registry of a few hundred
 * entries the budget is never reached.
 */
function planTerms(index: SearchIndex, text: string, pasted: boolean): PlannedTerm[] {
  const words = queryTerms(index.fold(text), pasted);
  const typing = !pasted && !/\s$/.test(text);
  const last = new Set<string>();
  if (typing && words.length > 0) last.add(words[words.length - 1]!);
  const df = (t: string) => index.text.df(t);
  const planned = new Map<string, PlannedTerm>();
  const add = (term: string, of: string, weight: number) => {
    const n = df(term);
    const known = planned.get(term);
    if (n > 0 && (!known || known.weight < weight)) planned.set(term, { term, of, weight, df: n });
  };
  for (const w of words) {
    add(w, w, 1);
    const han = isHanTerm(w);
    if (last.has(w) || (han && w.length === 1)) {
      if (han ? w.length === 1 : w.length >= (isNumberTerm(w) ? 3 : 2)) {
        for (const c of completions(index, w)) add(c.word, w, PREFIX_WEIGHT * c.word.length / (c.word.length + 0.3 * (c.word.length - w.length)));
      }
    }
    if (!pasted && df(w) === 0 && w.length >= 4 && !han && !isNumberTerm(w)) {
      const fix = correction(index, w);
      if (fix) add(fix.word, w, FUZZY_WEIGHT * fix.word.length / (fix.word.length + fix.distance));
    }
  }
  const chosen: PlannedTerm[] = [];
  let spent = 0;
  for (const t of [...planned.values()].sort((a, b) => a.df - b.df)) {
    if (chosen.length > 0 && spent + t.df > TERM_BUDGET) break;
    chosen.push(t);
    spent += t.df;
  }
  return chosen;
}

function textScores(
  index: SearchIndex, text: string, pasted: boolean,
  format: FormatGuess | undefined, allowed: (entry: number) => boolean,
): Map<number, number> {
  const planned = planTerms(index, text, pasted);
  const preferred = format && format.systems.length > 0 ? new Set(format.systems) : undefined;
  const boost = preferred
    ? (id: number) => (preferred.has(index.source.errors[id]!.system) ? FORMAT_SYSTEM_BOOST : 1)
    : undefined;
  const scores = index.text.scores(planned, FIELD_BOOST, boost);
  for (const id of scores.keys()) if (!allowed(id)) scores.delete(id);
  return scores;
}

function clip(evidence: string): string {
  const one = evidence.replace(/\s+/g, ' ').trim();
  return one.length > MAX_EVIDENCE ? `${one.slice(0, MAX_EVIDENCE - 1)}…` : one;
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

  const placed = new Set<number>();
  const ranked: { entry: number; match: MatchKind; evidence?: string; score: number }[] = [];
  const place = (entry: number, match: MatchKind, score: number, evidence?: string) => {
    if (placed.has(entry) || !allowed(entry)) return;
    placed.add(entry);
    ranked.push({ entry, match, score, evidence });
  };

  // Codes are compared after NFKC, which turns full-width ＤＢ＿１５０６ into DB_1506; rules see the text as typed.
  const plain = text.normalize('NFKC');
  const exact = exactCode(index, plain);
  if (exact !== undefined) place(exact, 'code', 4);

  const mentioned = mentions(index, plain).filter((m) => allowed(m.entry));
  mentioned.forEach((m, i) => place(m.entry, 'mention', 3 + (1 - (i + 1) / (mentioned.length + 1)), m.evidence));

  const scores = textScores(index, text, pasted, format, allowed);
  const preferred = new Set(format?.systems ?? []);
  // Rules see the text as typed and, when it has Simplified characters, folded too: roas-bot
  // prints 資料庫鎖定, and 数据库锁定 typed from memory should still hit the rule.
  const folded = index.fold(text);
  const hits = ruleHits(index, text, format, allowed);
  if (folded !== text) {
    const seen = new Set(hits.map((h) => h.entry));
    for (const h of ruleHits(index, folded, format, allowed)) if (!seen.has(h.entry)) hits.push(h);
  }
  const byRule = hits
    .filter((h) => !placed.has(h.entry))
    .sort((a, b) =>
      Number(preferred.has(errors[b.entry]!.system)) - Number(preferred.has(errors[a.entry]!.system))
      || b.evidence.length - a.evidence.length
      || b.rules - a.rules
      || (scores.get(b.entry) ?? 0) - (scores.get(a.entry) ?? 0)
      || a.entry - b.entry);
  byRule.forEach((h, i) => place(h.entry, 'rule', 2 + (1 - (i + 1) / (byRule.length + 1)), h.evidence));

  for (const [entry, s] of [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0])) place(entry, 'text', 1 + Math.min(0.9999, s / (s + 10)));

  const top = ranked.slice(0, limit).map(({ entry, match, evidence, score }): SearchHit => {
    const e = errors[entry]!;
    return {
      code: e.code,
      system: e.system,
      systemName: index.systemNames.get(e.system) ?? e.system,
      title: e.title[locale],
      severity: e.severity,
      retryable: e.retryable,
      retired: e.status === 'retired',
      path: codePath(e.code, locale),
      match,
      ...(evidence === undefined ? {} : { evidence: clip(evidence) }),
      score: Math.round(score * 10_000) / 10_000,
    };
  });
  return {
    result: { state: top.length > 0 ? 'found' : 'none', hits: top, total: ranked.length, ...(format ? { format: format.format } : {}) },
    problems,
  };
}

/** Build and query in one call, for one-off use (the CLI); keep the index for repeated queries. */
export function search(source: SearchSource, query: string, options?: SearchOptions & IndexOptions) {
  return searchIndex(buildSearchIndex(source, options), query, options);
}
