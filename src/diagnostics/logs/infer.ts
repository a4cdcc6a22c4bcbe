/**
 * Error codes inferred from a record's text with the registry's match rules (src/registry/match.ts),
 * scoped to the systems of the record's format. The answer is exactly that of running every rule
 * with `compileRule`; for speed, each scope first runs one regular expression made of a literal
 * that every rule needs (the literal itself, or the longest run of literal characters a regex
 * cannot match without), and only the rules whose literal was found are considered. That first pass
 * can also read byte strings (UTF-8 bytes as latin1 characters), so most records are never decoded.
 */
import type { ErrorWithSystem } from '../../registry/load.ts';
import { compileRule, ruleApplies, type CompiledRule } from '../../registry/match.ts';
import { requiredLiteral } from '../../registry/regex-source.ts';

/** Longest text the rules are run against (message plus continuation lines). */
export const INFER_INPUT = 16 * 1024;
const NONE: readonly string[] = [];

interface ScopedRule {
  code: string;
  /** The rule as the registry compiles it (regex rules are run with it). */
  rule: CompiledRule;
  /** For a literal rule: the needle as `compileRule` compares it (lower-cased unless case-sensitive). */
  needle?: string;
  /** A case-insensitive literal rule whose literal is all ASCII: found means matched. */
  asciiLiteral: boolean;
  caseSensitive: boolean;
  /** Position of the entry in the registry, to report codes in registry order. */
  order: number;
}

interface Prefilter {
  re: RegExp;
  /** Rules by lower-cased literal (as text or as bytes); each literal also brings those it contains. */
  byLiteral: Map<string, ScopedRule[]>;
}

export interface Scope {
  key: string;
  rules: ScopedRule[];
  text?: Prefilter;
  bytes?: Prefilter;
  /** Rules without a usable literal: always run. */
  always: ScopedRule[];
  /** The same, plus rules whose literal a byte search could miss. */
  alwaysForBytes: ScopedRule[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A literal whose non-ASCII characters have case: a byte search for its lower case could miss its upper case. */
function hasNonAsciiCase(s: string): boolean {
  for (const ch of s) if (ch.charCodeAt(0) > 127 && ch.toLowerCase() !== ch.toUpperCase()) return true;
  return false;
}

function buildPrefilter(entries: [string, ScopedRule][]): Prefilter | undefined {
  const byLiteral = new Map<string, ScopedRule[]>();
  for (const [literal, rule] of entries) byLiteral.set(literal, [...(byLiteral.get(literal) ?? []), rule]);
  const literals = [...byLiteral.keys()];
  if (literals.length === 0) return undefined;
  const expanded = new Map<string, ScopedRule[]>();
  for (const k of literals) {
    const set = new Set<ScopedRule>();
    for (const other of literals) if (k.includes(other)) for (const r of byLiteral.get(other)!) set.add(r);
    expanded.set(k, [...set]);
  }
  const re = new RegExp(literals.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return { re, byLiteral: expanded };
}

/** Text as a byte string: its UTF-8 bytes, one latin1 character each. */
export function utf8ByteString(text: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

export class CodeInference {
  private readonly errors: readonly ErrorWithSystem[];
  private readonly scopes = new Map<string, Scope>();
  private readonly toBytes = utf8ByteString;

  constructor(errors: readonly ErrorWithSystem[]) {
    this.errors = errors;
  }

  /** The rules of `systems` (all systems when empty) that apply to `format`. */
  scope(systems: readonly string[], format: string | undefined): Scope {
    const key = `${format ?? ''}\u0000${systems.join(',')}`;
    let scope = this.scopes.get(key);
    if (scope) return scope;
    const rules: ScopedRule[] = [];
    this.errors.forEach((entry, order) => {
      if (entry.status === 'retired') return;
      if (systems.length > 0 && !systems.includes(entry.system)) return;
      entry.match.forEach((rule, index) => {
        if (!ruleApplies(rule, format)) return;
        try {
          const compiled = compileRule(rule, index);
          const needle = rule.literal === undefined ? undefined : rule.caseSensitive ? rule.literal : rule.literal.toLowerCase();
          const asciiLiteral = rule.literal !== undefined && !rule.caseSensitive && isAscii(rule.literal);
          rules.push({ code: entry.code, rule: compiled, needle, caseSensitive: rule.caseSensitive, asciiLiteral, order });
        } catch {
          // an invalid regex is reported by `errdex check`; here it simply matches nothing
        }
      });
    });
    const always: ScopedRule[] = [];
    const alwaysForBytes: ScopedRule[] = [];
    const textLiterals: [string, ScopedRule][] = [];
    const byteLiterals: [string, ScopedRule][] = [];
    for (const r of rules) {
      const literal = r.rule.rule.literal ?? requiredLiteral(r.rule.rule.regex!, r.caseSensitive ? '' : 'i');
      if (!literal) {
        always.push(r);
        continue;
      }
      textLiterals.push([literal.toLowerCase(), r]);
      // A byte search for a lower-case literal whose non-ASCII characters have case could miss it.
      if (hasNonAsciiCase(literal)) alwaysForBytes.push(r);
      else byteLiterals.push([this.toBytes(literal.toLowerCase()).toLowerCase(), r]);
    }
    scope = {
      key,
      rules,
      text: buildPrefilter(textLiterals),
      bytes: buildPrefilter(byteLiterals),
      always,
      alwaysForBytes: [...always, ...alwaysForBytes],
    };
    this.scopes.set(key, scope);
    return scope;
  }

  /** Codes whose rules match `text`, in registry order. */
  infer(text: string, scope: Scope): readonly string[] {
    if (scope.rules.length === 0) return NONE;
    const input = text.length > INFER_INPUT ? text.slice(0, INFER_INPUT) : text;
    return this.run(input, scope.text, scope.always, scope, identity);
  }

  /**
   * The same for a byte string: the literals are looked for in the bytes, and the text (given by
   * `toText`) is decoded only when a rule needs it (a regex, or a literal with non-ASCII text).
   */
  inferBytes(bytes: string, scope: Scope, toText: (bytes: string) => string): readonly string[] {
    if (scope.rules.length === 0) return NONE;
    const input = bytes.length > INFER_INPUT ? bytes.slice(0, INFER_INPUT) : bytes;
    return this.run(input, scope.bytes, scope.alwaysForBytes, scope, toText);
  }

  /**
   * Find the literals; a case-insensitive literal rule whose literal was found as ASCII text matches
   * (ASCII lower-casing is exact, which is how `compileRule` compares); every other candidate rule
   * is run on the text.
   */
  private run(input: string, prefilter: Prefilter | undefined, always: ScopedRule[], scope: Scope, toText: (s: string) => string): readonly string[] {
    let m: RegExpExecArray | null = null;
    if (prefilter) {
      prefilter.re.lastIndex = 0;
      m = prefilter.re.exec(input);
    }
    if (m === null && always.length === 0) return NONE;
    const found = new Map<string, number>();
    let check: Set<ScopedRule> | undefined = always.length > 0 ? new Set(always) : undefined;
    for (; m !== null; m = prefilter!.re.exec(input)) {
      const hit = prefilter!.byLiteral.get(m[0].toLowerCase());
      if (!hit) {
        // Case folding gave a spelling not in the table: run every rule.
        check = new Set(scope.rules);
        break;
      }
      const ascii = isAscii(m[0]);
      for (const r of hit) {
        if (found.has(r.code)) continue;
        if (ascii && r.asciiLiteral) found.set(r.code, r.order);
        else (check ??= new Set()).add(r);
      }
      prefilter!.re.lastIndex = m.index + 1; // overlapping literals: look again one character further
    }
    if (check !== undefined) {
      let text: string | undefined;
      let lowered: string | undefined;
      for (const r of check) {
        if (found.has(r.code)) continue;
        text ??= toText(input);
        let ok: boolean;
        if (r.needle === undefined) ok = r.rule.test(text);
        else if (r.caseSensitive) ok = text.includes(r.needle);
        else ok = (lowered ??= text.toLowerCase()).includes(r.needle);
        if (ok) found.set(r.code, r.order);
      }
    }
    if (found.size === 0) return NONE;
    if (found.size === 1) return [found.keys().next().value!];
    return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([code]) => code);
  }
}

const identity = (s: string) => s;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
