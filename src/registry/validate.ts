/**
 * Cross-entry checks of the registry, run after the schema: the rules `errdex check` enforces.
 * Each rule adds problems to the list; nothing stops at the first one.
 */
import { isSafe } from 'redos-detector';
import { entryOf, lineOf, type LoadResult, type ParsedSource, type Problem } from './load.ts';
import { compileRule, ruleApplies, type CompiledRule } from './match.ts';
import { CODE_PATTERN } from './schema.ts';

/** Backtracking score above which a regex counts as unsafe (redos-detector's scale; 1 = none). */
export const MAX_REGEX_SCORE = 20;

export function codeNumber(code: string): number {
  return Number(CODE_PATTERN.exec(code)?.[2] ?? NaN);
}

export function codePrefix(code: string): string {
  return CODE_PATTERN.exec(code)?.[1] ?? '';
}

function compileProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
}

const regexVerdicts = new Map<string, string | undefined>();

/**
 * Why a regex is not acceptable in the registry, or undefined when it is. The analysis is bounded
 * by steps, not time, so the verdict is the same on every machine.
 */
export function regexProblem(pattern: string, flags = ''): string | undefined {
  const key = `${flags}/${pattern}`;
  if (!regexVerdicts.has(key)) regexVerdicts.set(key, analyseRegex(pattern, flags));
  return regexVerdicts.get(key);
}

function analyseRegex(pattern: string, flags: string): string | undefined {
  let re: RegExp;
  try {
    new RegExp(pattern, flags);
    // redos-detector cannot parse named groups; naming a group does not change how it backtracks.
    re = new RegExp(pattern.replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, '('), flags);
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  const result = isSafe(re, { maxScore: MAX_REGEX_SCORE, maxSteps: 20000, timeout: Infinity });
  if (result.safe) return undefined;
  if (result.error === 'hitMaxSteps') {
    return 'regular expression is too complex to prove safe from catastrophic backtracking; simplify it';
  }
  const score = result.score.infinite ? 'unbounded' : String(result.score.value);
  return `regular expression risks catastrophic backtracking (backtrack score ${score}, limit ${MAX_REGEX_SCORE})`;
}

export interface ValidateOptions {
  /**
   * Prove every regex safe from catastrophic backtracking (the slow part of validation). `errdex
   * check` always does; processes that only read a registry the check has passed may skip it.
   */
  regexSafety?: boolean;
}

export function validateRegistry(result: LoadResult, options: ValidateOptions = {}): Problem[] {
  const regexSafety = options.regexSafety ?? true;
  const problems: Problem[] = [];
  const { registry, sources } = result;
  const sourceOf = new Map<string, ParsedSource>();
  for (const s of sources) if (s.data?.system) sourceOf.set(s.data.system.id, s);
  /** Where a shared object (log format, profile) was defined: its file and index. */
  const locate = (section: 'logFormats' | 'dbProfiles', item: object): [ParsedSource | undefined, number] => {
    for (const s of sources) {
      const i = (s.data?.[section] as object[] | undefined)?.indexOf(item) ?? -1;
      if (i >= 0) return [s, i];
    }
    return [undefined, 0];
  };

  const at = (where: string | ParsedSource | undefined, path: (string | number)[], rule: string, message: string, entry?: string) => {
    const source = typeof where === 'string' ? sourceOf.get(where) : where;
    problems.push({
      file: source?.path ?? (typeof where === 'string' ? registry.files[where] : undefined) ?? '?',
      line: source ? lineOf(source, path) : undefined,
      entry: entry ?? (source ? entryOf(source, path) : undefined),
      field: path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, ''),
      rule,
      message,
    });
  };

  const formats = new Set(registry.logFormats.map((f) => f.id));
  const codes = new Map<string, string>();
  const numbers = new Map<number, string>();
  // Position of each registry entry in its file (registry.errors follows file order).
  const positions = new Map<object, number>();
  {
    const seen = new Map<string, number>();
    for (const e of registry.errors) {
      const n = seen.get(e.system) ?? 0;
      positions.set(e, n);
      seen.set(e.system, n + 1);
    }
  }
  const errorIndex = (e: object) => positions.get(e) ?? -1;

  // Categories: ranges of one prefix must not overlap.
  const byPrefix = new Map<string, { lo: number; hi: number; id: string; system: string }[]>();
  for (const c of registry.categories) {
    const list = byPrefix.get(c.prefix) ?? [];
    for (const other of list) {
      if (c.range[0] <= other.hi && other.lo <= c.range[1]) {
        const i = sourceOf.get(c.system)?.data?.categories.findIndex((x) => x.id === c.id) ?? 0;
        at(c.system, ['categories', i, 'range'], 'category-overlap',
          `range ${c.range.join('-')} of ${c.prefix} overlaps category "${other.id}" (${other.system}, ${other.lo}-${other.hi})`, c.id);
      }
    }
    list.push({ lo: c.range[0], hi: c.range[1], id: c.id, system: c.system });
    byPrefix.set(c.prefix, list);
  }

  for (const e of registry.errors) {
    const i = errorIndex(e);
    const base = ['errors', i] as (string | number)[];
    const previous = codes.get(e.code);
    if (previous) {
      at(e.system, [...base, 'code'], 'duplicate-code', `code ${e.code} is already defined by ${previous}`, e.code);
    } else {
      codes.set(e.code, registry.files[e.system] ?? e.system);
    }
    const n = codeNumber(e.code);
    const owner = numbers.get(n);
    if (owner && owner !== e.code) {
      at(e.system, [...base, 'code'], 'duplicate-number', `number ${n} is already used by ${owner}; numbers are unique across prefixes`, e.code);
    } else numbers.set(n, e.code);

    const category = registry.categories.find((c) => c.system === e.system && c.id === e.category);
    if (!category) {
      at(e.system, [...base, 'category'], 'unknown-category', `category "${e.category}" is not defined in this file`, e.code);
    } else {
      if (codePrefix(e.code) !== category.prefix) {
        at(e.system, [...base, 'code'], 'code-prefix', `prefix of ${e.code} does not match category "${category.id}" (${category.prefix})`, e.code);
      }
      if (n < category.range[0] || n > category.range[1]) {
        at(e.system, [...base, 'code'], 'code-range', `${e.code} is outside the range of category "${category.id}" (${category.range.join('-')})`, e.code);
      }
    }
    if (e.status === 'retired' && !e.retiredNote) {
      at(e.system, [...base, 'status'], 'retired-note', 'a retired code needs a `retiredNote` saying why and what replaced it', e.code);
    }
    if (e.retryable === false && e.retry && e.retry.strategy !== 'manual') {
      at(e.system, [...base, 'retry'], 'retry-policy', 'an entry that is not retryable cannot carry an automatic retry policy', e.code);
    }
    if (e.examples.length > 0 && e.match.length === 0) {
      at(e.system, [...base, 'match'], 'match-missing', 'entry has examples but no match rules', e.code);
    }
    e.match.forEach((rule, r) => {
      if (rule.regex !== undefined) {
        const problem = regexSafety ? regexProblem(rule.regex, rule.caseSensitive ? '' : 'i') : compileProblem(rule.regex);
        if (problem) at(e.system, [...base, 'match', r, 'regex'], 'unsafe-regex', problem, e.code);
      }
      for (const f of rule.formats ?? []) {
        if (!formats.has(f)) at(e.system, [...base, 'match', r, 'formats'], 'unknown-format', `log format "${f}" is not defined`, e.code);
      }
    });
  }

  // Related codes must exist.
  for (const e of registry.errors) {
    const i = errorIndex(e);
    e.related.forEach((code, r) => {
      if (code === e.code) at(e.system, ['errors', i, 'related', r], 'related-self', 'an entry cannot be related to itself', e.code);
      else if (!codes.has(code)) at(e.system, ['errors', i, 'related', r], 'unknown-code', `related code ${code} does not exist`, e.code);
    });
  }

  // Every example is matched by its own entry's rules and by no other entry of the same system.
  const compiled = new Map<string, CompiledRule[]>();
  for (const e of registry.errors) {
    // Rules that do not compile are reported above; the others are all used here, safe or not.
    const rules: CompiledRule[] = [];
    e.match.forEach((r, k) => {
      try {
        rules.push(compileRule(r, k));
      } catch {
        // invalid regex: already reported as unsafe-regex
      }
    });
    compiled.set(e.code, rules);
  }
  for (const e of registry.errors) {
    const i = errorIndex(e);
    const own = compiled.get(e.code) ?? [];
    e.examples.forEach((example, x) => {
      if (!own.some((r) => r.test(example))) {
        at(e.system, ['errors', i, 'examples', x], 'example-unmatched', `no match rule of ${e.code} matches its example "${clip(example)}"`, e.code);
      }
      for (const other of registry.errors) {
        if (other.code === e.code || other.system !== e.system) continue;
        const claim = (compiled.get(other.code) ?? []).find((r) => ruleApplies(r.rule, undefined) && r.test(example));
        if (claim) {
          at(e.system, ['errors', i, 'examples', x], 'example-claimed',
            `example "${clip(example)}" is also matched by ${other.code} (match[${claim.index}]); make one of the rules more specific`, e.code);
        }
      }
    });
  }

  // Log formats: patterns compile and are safe.
  for (const f of registry.logFormats) {
    const [src, i] = locate('logFormats', f);
    f.systems.forEach((id, k) => {
      if (!sourceOf.has(id)) at(src, ['logFormats', i, 'systems', k], 'unknown-system', `system "${id}" is not defined`, f.id);
    });
    const patterns: [string, (string | number)[]][] = [];
    if (f.head) patterns.push([f.head, ['logFormats', i, 'head']]);
    f.continuation.forEach((c, k) => patterns.push([c, ['logFormats', i, 'continuation', k]]));
    for (const [pattern, path] of patterns) {
      const problem = regexSafety ? regexProblem(pattern) : compileProblem(pattern);
      if (problem) at(src, path, 'unsafe-regex', problem, f.id);
    }
    if (f.kind === 'text' && !f.head) at(src, ['logFormats', i], 'format-head', 'a text log format needs a `head` pattern', f.id);
  }
  const seenFormats = new Set<string>();
  for (const f of registry.logFormats) {
    if (seenFormats.has(f.id)) {
      const [src, i] = locate('logFormats', f);
      at(src, ['logFormats', i, 'id'], 'duplicate-format', `log format "${f.id}" is defined twice`, f.id);
    }
    seenFormats.add(f.id);
  }

  // Database profiles: codes of data checks exist.
  const seenProfiles = new Set<string>();
  for (const p of registry.dbProfiles) {
    const [src, i] = locate('dbProfiles', p);
    if (!sourceOf.has(p.system)) at(src, ['dbProfiles', i, 'system'], 'unknown-system', `system "${p.system}" is not defined`, p.id);
    if (seenProfiles.has(p.id)) at(src, ['dbProfiles', i, 'id'], 'duplicate-profile', `database profile "${p.id}" is defined twice`, p.id);
    seenProfiles.add(p.id);
    p.checks.forEach((c, k) => {
      if (!codes.has(c.code)) at(src, ['dbProfiles', i, 'checks', k, 'code'], 'unknown-code', `code ${c.code} does not exist`, p.id);
    });
    if (p.vectors) {
      for (const field of ['lengthCode', 'mixedCode', 'dimensionCode'] as const) {
        const code = p.vectors[field];
        if (!codes.has(code)) at(src, ['dbProfiles', i, 'vectors', field], 'unknown-code', `code ${code} does not exist`, p.id);
      }
    }
  }
  for (const s of registry.systems) {
    s.databases.forEach((d, k) => {
      if (d.profile && !seenProfiles.has(d.profile)) {
        at(s.id, ['system', 'databases', k, 'profile'], 'unknown-profile', `database profile "${d.profile}" is not defined`, s.id);
      }
    });
    s.logs.forEach((l, k) => {
      if (l.format && !formats.has(l.format)) at(s.id, ['system', 'logs', k, 'format'], 'unknown-format', `log format "${l.format}" is not defined`, s.id);
    });
  }
  return problems;
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
