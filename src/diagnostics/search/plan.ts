/**
 * The terms a query sends to the full-text index. A word being typed (the last one) is
 * completed to the index's most frequent words starting with it; a word the index does not
 * know is corrected to its closest known word (a known word is not a typo); Han text is folded
 * to Traditional characters, as the index was. Then, rarest first, terms are taken while the
 * entries they occur in stay within `TERM_BUDGET`: rare terms decide the ranking, and a registry
 * of any size costs a bounded amount per query. In a registry of a few hundred entries the
 * budget is never reached.
 */
import { isHanTerm, isNumberTerm, queryTerms } from './text.ts';
import type { TextIndex, WeightedTerm } from './text-index.ts';

/** Weights of a corrected and of a completed word against a word as typed (MiniSearch's own weights). */
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
/** Completions tried for the word being typed. */
const MAX_COMPLETIONS = 8;
/** Entries the terms of one query may occur in, together; the rarest term always goes. */
const TERM_BUDGET = 1500;
/**
 * Weight of the terms of a pasted traceback outside its exception line: the frames name files
 * and functions, the last exception line says what went wrong.
 */
const FRAME_WEIGHT = 0.4;
/** An exception line: `discord.errors.HTTPException: 429 …`, `Caused by: java.io.IOException: …`, `TypeError: …`. */
const EXCEPTION_LINE = /^\s*(?:Caused by: )?[A-Za-z_][\w.:]{0,200}(?:Error|Exception|Warning|Exit|Interrupt|Timeout|Failure|Fault)\b[^\n]*$/gm;

/**
 * What the last exception line of a traceback says: its class name and message, without the
 * module path (`discord.errors.` names a package, which `context.ts` reads as a sign of the
 * system). Undefined when the text has no `Traceback`/`File`/`at` frame and exception line.
 */
function exceptionLine(text: string): string | undefined {
  if (!/^\s*(?:Traceback \(most recent call last\)|File "|at )/m.test(text)) return undefined;
  let last: string | undefined;
  for (const m of text.matchAll(EXCEPTION_LINE)) last = m[0];
  if (last === undefined) return undefined;
  const line = last.trim().replace(/^Caused by: /, '');
  const colon = line.search(/:(?!:)/);
  const name = colon < 0 ? line : line.slice(0, colon);
  return `${name.split(/\.|::/).pop()} ${colon < 0 ? '' : line.slice(colon + 1)}`;
}

export interface PlannedTerm extends WeightedTerm {
  df: number;
}

/** The closest word of the index to an unknown word (1 edit, 2 from 8 letters on), its first letter kept. */
function correction(text: TextIndex, term: string): { word: string; distance: number; df: number } | undefined {
  let best: { word: string; distance: number; df: number } | undefined;
  for (const c of text.similar(term, term.length >= 8 ? 2 : 1)) {
    if (!best || c.distance < best.distance || (c.distance === best.distance && c.df > best.df)) best = c;
  }
  return best;
}

/** Plan the full-text terms of `query` (already folded as the index was); `pasted`: a log, not typing. */
export function planTerms(text: TextIndex, query: string, pasted: boolean): PlannedTerm[] {
  const exception = pasted ? exceptionLine(query) : undefined;
  // The exception line is read as typed text: its numbers (an HTTP status) count.
  const stressed = exception === undefined ? undefined : new Set(queryTerms(exception, false));
  const words = [...new Set([...queryTerms(query, pasted), ...(stressed ?? [])])];
  const base = (w: string) => (stressed && !stressed.has(w) ? FRAME_WEIGHT : 1);
  const typing = !pasted && !/\s$/.test(query);
  const last = typing && words.length > 0 ? words[words.length - 1] : undefined;
  const planned = new Map<string, PlannedTerm>();
  const add = (term: string, of: string, weight: number, df: number) => {
    const known = planned.get(term);
    if (df > 0 && (!known || known.weight < weight)) planned.set(term, { term, of, weight, df });
  };
  for (const w of words) {
    const df = text.df(w);
    add(w, w, base(w), df);
    const han = isHanTerm(w);
    if (w === last || (han && w.length === 1)) {
      if (han ? w.length === 1 : w.length >= (isNumberTerm(w) ? 3 : 2)) {
        for (const c of text.complete(w, MAX_COMPLETIONS)) add(c.word, w, PREFIX_WEIGHT * c.word.length / (c.word.length + 0.3 * (c.word.length - w.length)), c.df);
      }
    }
    // Only a word the index does not know is corrected: a known word is not a typo.
    if (!pasted && df === 0 && w.length >= 4 && !han && !isNumberTerm(w)) {
      const fix = correction(text, w);
      if (fix) add(fix.word, w, FUZZY_WEIGHT * fix.word.length / (fix.word.length + fix.distance), fix.df);
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
