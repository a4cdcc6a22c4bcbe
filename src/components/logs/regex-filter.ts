/**
 * A person's regular expression, checked before it runs. redos-detector (bounded by steps, not
 * time, so the verdict is the same on every machine) decides the engine: a pattern it proves safe
 * runs as a JavaScript RegExp; any other (flagged, or too complex to prove safe within its steps)
 * runs on RE2JS, whose automaton matches in time linear in the text, so no pattern can backtrack
 * without bound. A pattern neither accepts (a back-reference RE2 does not have, say) is refused
 * with the reason. Searches run in the log worker, never on the page's thread.
 */
import { isSafe } from 'redos-detector';
import { RE2JS } from 're2js';

/** Longest pattern accepted. */
export const MAX_PATTERN = 300;
/** Backtracking score above which a pattern is flagged (redos-detector's scale; the registry's limit). */
export const MAX_SCORE = 20;
/** Steps the safety analysis may take; past them the pattern is not proved safe. */
export const MAX_STEPS = 2_000;

export interface TextMatcher {
  test(text: string): boolean;
  /** `native`: proved safe, a RegExp; `linear`: flagged or unproved, RE2's linear-time automaton. */
  engine: 'native' | 'linear';
}

export type RegexCheck =
  | { ok: true; matcher: TextMatcher }
  | { ok: false; reason: 'empty' | 'too-long' | 'invalid' | 'unsupported'; detail?: string };

const verdicts = new Map<string, RegexCheck>();

/** Check a search pattern (matched case-insensitively, anywhere in the text). Verdicts are remembered. */
export function checkRegex(pattern: string): RegexCheck {
  let v = verdicts.get(pattern);
  if (!v) {
    v = analyse(pattern);
    if (verdicts.size >= 100) verdicts.clear();
    verdicts.set(pattern, v);
  }
  return v;
}

/** Is `pattern` proved free of catastrophic backtracking (as a search anywhere in a text)? */
export function provedSafe(pattern: string): boolean {
  try {
    // redos-detector does not read named groups; a name does not change how a group backtracks.
    const probe = new RegExp(pattern.replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, '('), 'i');
    return isSafe(probe, { maxScore: MAX_SCORE, maxSteps: MAX_STEPS, timeout: Infinity }).safe;
  } catch {
    return false;
  }
}

function analyse(pattern: string): RegexCheck {
  if (pattern.length === 0) return { ok: false, reason: 'empty' };
  if (pattern.length > MAX_PATTERN) return { ok: false, reason: 'too-long' };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    return { ok: false, reason: 'invalid', detail: (error as Error).message };
  }
  if (provedSafe(pattern)) {
    return { ok: true, matcher: { engine: 'native', test: (text) => { regex.lastIndex = 0; return regex.test(text); } } };
  }
  try {
    const re2 = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return { ok: true, matcher: { engine: 'linear', test: (text) => re2.test(text) } };
  } catch (error) {
    return { ok: false, reason: 'unsupported', detail: (error as Error).message };
  }
}
