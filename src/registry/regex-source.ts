/**
 * The one reader of regular-expression source. Every place that asks what a registry pattern
 * must contain, can start with, or names (the log parser's routing and byte matchers, code
 * inference's prefilter, the search core's trigram filter) asks here, so the answers agree.
 *
 * Patterns are parsed by regexpp (the parser ESLint uses) into an AST. The questions answered
 * from it over-approximate: whatever is not understood counts as "any character" or "no required
 * text", which is always safe for a prefilter.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';

export type RegexAst = AST.Pattern;

/** Set over ASCII (0-127) plus one slot, `NON_ASCII` (128), for every non-ASCII character. */
export type CharSet = Uint8Array;
export const NON_ASCII = 128;

const parser = new RegExpParser({ ecmaVersion: 2025 });
const cache = new Map<string, RegexAst | Error>();

/** The AST of a pattern, or an Error for an invalid one. Cached: registry patterns are few. */
export function parseRegex(source: string, flags = ''): RegexAst | Error {
  const key = `${flags}/${source}`;
  let ast = cache.get(key);
  if (ast === undefined) {
    try {
      ast = parser.parsePattern(source, 0, source.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
    } catch (error) {
      ast = error instanceof Error ? error : new Error(String(error));
    }
    if (cache.size > 4096) cache.clear();
    cache.set(key, ast);
  }
  return ast;
}

function ast(source: string, flags: string): RegexAst | undefined {
  const parsed = parseRegex(source, flags);
  return parsed instanceof Error ? undefined : parsed;
}

// ---- character sets ----

const emptySet = (): CharSet => new Uint8Array(129);
const anySet = (): CharSet => new Uint8Array(129).fill(1);

function addRange(set: CharSet, from: number, to: number): void {
  for (let c = Math.max(0, from); c <= Math.min(to, 127); c++) set[c] = 1;
  if (to >= 128) set[NON_ASCII] = 1;
}

function union(into: CharSet, from: CharSet): void {
  for (let i = 0; i < 129; i++) if (from[i]) into[i] = 1;
}

function complement(set: CharSet): CharSet {
  const out = emptySet();
  for (let i = 0; i < 128; i++) out[i] = set[i] ? 0 : 1;
  out[NON_ASCII] = 1; // a negated ASCII class matches non-ASCII characters (some of them, at least)
  return out;
}

function escapeSet(kind: 'digit' | 'space' | 'word', negate: boolean): CharSet {
  const set = emptySet();
  if (kind === 'digit') addRange(set, 48, 57);
  else if (kind === 'word') {
    addRange(set, 48, 57);
    addRange(set, 65, 90);
    addRange(set, 97, 122);
    set[95] = 1;
  } else {
    addRange(set, 9, 13);
    set[32] = 1;
    set[NON_ASCII] = 1; // U+00A0, U+3000 and the other Unicode spaces
  }
  return negate ? complement(set) : set;
}

function foldCase(set: CharSet): void {
  for (let c = 65; c <= 90; c++) if (set[c] || set[c + 32]) set[c] = set[c + 32] = 1;
}

/**
 * The characters one element of a class or one single-character element can match, as a set;
 * undefined for an element that is not a single character (a group, a quantifier).
 */
export function charSetOf(node: AST.Node, ignoreCase = false): CharSet | undefined {
  let set: CharSet | undefined;
  switch (node.type) {
    case 'Character':
      set = emptySet();
      addRange(set, node.value, node.value);
      break;
    case 'CharacterClassRange':
      set = emptySet();
      addRange(set, node.min.value, node.max.value);
      break;
    case 'CharacterSet':
      if (node.kind === 'any') {
        set = anySet();
        set[10] = set[13] = 0;
      } else if (node.kind === 'property') set = anySet();
      else set = escapeSet(node.kind, node.negate);
      break;
    case 'CharacterClass': {
      const inner = emptySet();
      for (const e of node.elements) union(inner, charSetOf(e, ignoreCase) ?? anySet());
      set = node.negate ? complement(inner) : inner;
      break;
    }
    default:
      return undefined;
  }
  if (ignoreCase) foldCase(set);
  return set;
}

// ---- what a match can start with ----

export interface First {
  set: CharSet;
  nullable: boolean;
}

function firstOfAlternatives(alternatives: readonly AST.Alternative[], ic: boolean): First {
  const set = emptySet();
  let nullable = false;
  for (const alt of alternatives) {
    const f = firstOfSequence(alt.elements, ic);
    union(set, f.set);
    nullable ||= f.nullable;
  }
  return { set, nullable };
}

function firstOfSequence(elements: readonly AST.Element[], ic: boolean): First {
  const set = emptySet();
  for (const e of elements) {
    const f = firstOfElement(e, ic);
    union(set, f.set);
    if (!f.nullable) return { set, nullable: false };
  }
  return { set, nullable: true };
}

/** What one element of a pattern can start with, and whether it can match nothing. */
export function firstOf(e: AST.Element, ic = false): First {
  return firstOfElement(e, ic);
}

function firstOfElement(e: AST.Element, ic: boolean): First {
  switch (e.type) {
    case 'Assertion':
      return { set: emptySet(), nullable: true };
    case 'Quantifier': {
      const f = firstOfElement(e.element, ic);
      return { set: f.set, nullable: f.nullable || e.min === 0 };
    }
    case 'Group':
      // A group with its own flags (`(?i:…)`) is read as anything.
      return e.modifiers ? { set: anySet(), nullable: true } : firstOfAlternatives(e.alternatives, ic);
    case 'CapturingGroup':
      return firstOfAlternatives(e.alternatives, ic);
    case 'Backreference':
      return { set: anySet(), nullable: true };
    default:
      return { set: charSetOf(e, ic) ?? anySet(), nullable: false };
  }
}

/** Which characters can start a match (any character, for a pattern that can match empty text or cannot be read). */
export function firstChars(source: string, flags = ''): CharSet {
  const pattern = ast(source, flags);
  if (!pattern) return anySet();
  const f = firstOfAlternatives(pattern.alternatives, flags.includes('i'));
  return f.nullable ? anySet() : f.set;
}

// ---- what every match contains ----

/** The character a node stands for, when it is exactly one plain character (under `i`, letters still count). */
function plainChar(e: AST.Node): string | undefined {
  if (e.type === 'Character') return String.fromCharCode(e.value);
  if (e.type === 'CharacterClass' && !e.negate && e.elements.length === 1 && e.elements[0]!.type === 'Character') {
    return String.fromCharCode(e.elements[0]!.value);
  }
  return undefined;
}

function runsOfSequence(elements: readonly AST.Element[], runs: string[]): void {
  let run = '';
  const end = () => {
    if (run) runs.push(run);
    run = '';
  };
  for (const e of elements) {
    const c = plainChar(e);
    if (c !== undefined) {
      run += c;
      continue;
    }
    if (e.type === 'Quantifier') {
      const q = plainChar(e.element);
      if (q !== undefined && e.min > 0) {
        run += q.repeat(Math.min(e.min, 64));
        if (e.max !== e.min) end();
        continue;
      }
      end();
      if (e.min > 0 && (e.element.type === 'Group' || e.element.type === 'CapturingGroup') && e.element.alternatives.length === 1) {
        runsOfSequence(e.element.alternatives[0]!.elements, runs);
      }
      continue;
    }
    if (e.type === 'Assertion' && (e.kind === 'start' || e.kind === 'end' || e.kind === 'word')) continue;
    end();
    if ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.length === 1) {
      runsOfSequence(e.alternatives[0]!.elements, runs);
    }
  }
  end();
}

/**
 * Runs of plain characters that every match contains, in order. Conservative: a top-level
 * alternation gives none; classes, escapes like `\d`, lookarounds and optional parts end a run.
 */
export function requiredRuns(source: string, flags = ''): string[] {
  const pattern = ast(source, flags);
  if (!pattern || pattern.alternatives.length !== 1) return [];
  const runs: string[] = [];
  runsOfSequence(pattern.alternatives[0]!.elements, runs);
  return runs;
}

/** The longest run every match contains (at least two characters), or undefined. */
export function requiredLiteral(source: string, flags = ''): string | undefined {
  let best = '';
  for (const run of requiredRuns(source, flags)) if (run.length > best.length) best = run;
  return best.length >= 2 ? best : undefined;
}

/** Names of the capturing groups and their numbers (1-based, in order of their opening parenthesis). */
export function namedGroups(source: string, flags = ''): Map<string, number> {
  const groups = new Map<string, number>();
  const pattern = ast(source, flags);
  if (!pattern) return groups;
  let count = 0;
  const visit = (node: AST.Node): void => {
    if (node.type === 'CapturingGroup') {
      count++;
      if (node.name) groups.set(node.name, count);
    }
    if ('alternatives' in node) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
    if (node.type === 'Quantifier') visit(node.element);
  };
  visit(pattern);
  return groups;
}

/** The pattern with its named groups made plain ones (`(?<name>x)` to `(x)`), for tools that do not read names. */
export function withoutGroupNames(source: string, flags = ''): string {
  const pattern = ast(source, flags);
  if (!pattern) return source;
  const starts: number[] = [];
  const visit = (node: AST.Node): void => {
    if (node.type === 'CapturingGroup' && node.name) starts.push(node.start);
    if ('alternatives' in node) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
    if (node.type === 'Quantifier') visit(node.element);
  };
  visit(pattern);
  let out = source;
  for (const start of starts.sort((a, b) => b - a)) {
    const close = out.indexOf('>', start);
    out = `${out.slice(0, start + 1)}${out.slice(close + 1)}`;
  }
  return out;
}
