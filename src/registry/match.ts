/**
 * Compiled match rules: the one place where the registry's literal and regex rules become
 * functions, shared by the checker, the search core and the log parser.
 */
import type { MatchRule } from './schema.ts';

/** Longest text a rule is run against; longer input is cut, so no rule ever sees megabytes. */
export const MAX_MATCH_INPUT = 64 * 1024;

export interface CompiledRule {
  rule: MatchRule;
  /** Index of the rule in its entry's `match` list. */
  index: number;
  test(text: string): boolean;
  /** The matched substring, for highlighting and evidence. */
  exec(text: string): string | undefined;
}

export function compileRule(rule: MatchRule, index = 0): CompiledRule {
  if (rule.regex !== undefined) {
    const re = new RegExp(rule.regex, rule.caseSensitive ? '' : 'i');
    return {
      rule,
      index,
      test: (text) => re.test(text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text),
      exec: (text) => re.exec(text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text)?.[0],
    };
  }
  const needle = rule.caseSensitive ? rule.literal! : rule.literal!.toLowerCase();
  const find = (text: string) => {
    const hay = text.length > MAX_MATCH_INPUT ? text.slice(0, MAX_MATCH_INPUT) : text;
    return (rule.caseSensitive ? hay : hay.toLowerCase()).indexOf(needle);
  };
  return {
    rule,
    index,
    test: (text) => find(text) >= 0,
    exec: (text) => {
      const at = find(text);
      return at >= 0 ? text.slice(at, at + needle.length) : undefined;
    },
  };
}

/** Does a rule apply to text of log format `format` (undefined: format unknown, e.g. a pasted query)? */
export function ruleApplies(rule: MatchRule, format: string | undefined): boolean {
  return !rule.formats || format === undefined || rule.formats.includes(format);
}

/** The first rule of `rules` that matches `text`, or undefined. */
export function firstMatch(rules: readonly CompiledRule[], text: string, format?: string): CompiledRule | undefined {
  for (const rule of rules) if (ruleApplies(rule.rule, format) && rule.test(text)) return rule;
  return undefined;
}
