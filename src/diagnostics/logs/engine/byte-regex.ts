/**
 * Regular expressions matched on UTF-8 bytes, compiled from the same pattern source the registry
 * writes (and the learned formats produce), so that a head line is recognised without making a
 * string of it. The pattern is read by the one regex reader (src/registry/regex-source.ts) and
 * turned into a tree of small closures in continuation-passing style: each node matches at a
 * byte position and calls the rest of the pattern; failure returns to the last choice point, as a
 * backtracking regex engine does.
 *
 * The answers are those of `new RegExp(source, flags).exec(text)` on the decoded line (invalid
 * UTF-8 decoded to U+FFFD as `TextDecoder` does), positions given as byte offsets: a property
 * test holds the two together. What the compiler does not read (lookarounds, backreferences,
 * unbounded repetition of groups, the `u`, `v`, `m` flags, case-insensitive non-ASCII) is
 * reported as unsupported, and the caller uses the RegExp on decoded text instead. A line with a
 * character outside the Basic Multilingual Plane (two UTF-16 units to a RegExp) asks for the same
 * fallback when the match reaches it.
 */
import type { AST } from '@eslint-community/regexpp';
import { charSetOf, firstOf, namedGroups, NON_ASCII, parseRegex, type CharSet } from '../../../registry/regex-source.ts';

/** `exec` result: the line needs the RegExp fallback (a character outside the BMP was met). */
export const FALLBACK = -2;

export interface ByteRegex {
  /** Match at `start` in `buf[start, end)`: the end of the match, -1 for none, or FALLBACK. */
  exec(buf: Uint8Array, start: number, end: number): number;
  /** After a match: [start, end) byte offsets of each capturing group by number (index 2n, 2n+1); -1 when unset. */
  readonly caps: Int32Array;
  /** Named groups and their numbers. */
  readonly groups: Map<string, number>;
}

export interface Unsupported {
  unsupported: string;
}

type M = (p: number) => boolean;

/** What the rest of the pattern after a node can start with, and whether it is the accept itself. */
interface Follow {
  set: CharSet;
  /** The rest can match without consuming a character (then its first set says too little). */
  nullable: boolean;
  /** The rest is the end of the pattern (possibly after closing groups): it always succeeds. */
  accept: boolean;
}

const ACCEPT: Follow = { set: new Uint8Array(129), nullable: true, accept: true };

function followOf(elements: readonly AST.Element[], from: number, after: Follow, ic: boolean): Follow {
  const set = new Uint8Array(129);
  for (let i = from; i < elements.length; i++) {
    const f = firstOf(elements[i]!, ic);
    for (let c = 0; c < 129; c++) if (f.set[c]) set[c] = 1;
    if (!f.nullable) return { set, nullable: false, accept: false };
  }
  for (let c = 0; c < 129; c++) if (after.set[c]) set[c] = 1;
  const onlyGroupsLeft = elements.slice(from).length === 0;
  return { set, nullable: after.nullable, accept: after.accept && onlyGroupsLeft };
}

class Ctx {
  b: Uint8Array = new Uint8Array(0);
  s = 0;
  e = 0;
  end = -1;
  astral = false;
  caps: Int32Array;
  stack = new Int32Array(1024);
  sp = 0;
  constructor(groups: number) {
    this.caps = new Int32Array(2 * (groups + 1)).fill(-1);
  }
}

class Fail extends Error {}

/**
 * The code point of the UTF-8 sequence at `p` (as the WHATWG decoder reads it, invalid bytes as
 * U+FFFD one maximal subpart at a time) and its byte length, packed as `cp * 8 + length`.
 */
export function decodeAt(b: Uint8Array, p: number, e: number): number {
  const c = b[p]!;
  if (c < 0x80) return c * 8 + 1;
  let need: number;
  let cp: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    cp = c & 0x0f;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    cp = c & 0x07;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else {
    return 0xfffd * 8 + 1;
  }
  let i = 1;
  for (; i <= need; i++) {
    if (p + i >= e) return 0xfffd * 8 + i;
    const d = b[p + i]!;
    if (d < lo || d > hi) return 0xfffd * 8 + i;
    lo = 0x80;
    hi = 0xbf;
    cp = (cp << 6) | (d & 0x3f);
  }
  return cp * 8 + i;
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

const isWordByte = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** A single-character test: ASCII by table, other code points by the RegExp of the element itself. */
interface CharTest {
  ascii: Uint8Array;
  /** Whether any non-ASCII character can match. */
  nonAscii: boolean;
  test(cp: number): boolean;
}

function charTest(node: AST.Node, ignoreCase: boolean): CharTest {
  const set = charSetOf(node, ignoreCase);
  if (!set) throw new Fail(`cannot read ${node.raw}`);
  const ascii = set.subarray(0, 128);
  const nonAscii = set[NON_ASCII] === 1;
  if (!nonAscii) return { ascii, nonAscii, test: (cp) => cp < 128 && ascii[cp] === 1 };
  const re = new RegExp(`^(?:${node.raw})$`, ignoreCase ? 'i' : '');
  const memo = new Map<number, boolean>();
  return {
    ascii,
    nonAscii,
    test: (cp) => {
      if (cp < 128) return ascii[cp] === 1;
      let v = memo.get(cp);
      if (v === undefined) {
        v = re.test(String.fromCharCode(cp));
        if (memo.size < 65536) memo.set(cp, v);
      }
      return v;
    },
  };
}

class Compiler {
  readonly ctx: Ctx;
  private readonly ic: boolean;
  private readonly dotAll: boolean;

  constructor(groups: number, flags: string) {
    this.ctx = new Ctx(groups);
    this.ic = flags.includes('i');
    this.dotAll = flags.includes('s');
  }

  alternatives(alts: readonly AST.Alternative[], next: M, follow: Follow): M {
    const ms = alts.map((a) => this.sequence(a.elements, next, follow));
    if (ms.length === 1) return ms[0]!;
    if (ms.length === 2) {
      const [a, b] = ms as [M, M];
      return (p) => a(p) || b(p);
    }
    return (p) => {
      for (let i = 0; i < ms.length; i++) if (ms[i]!(p)) return true;
      return false;
    };
  }

  sequence(elements: readonly AST.Element[], next: M, follow: Follow): M {
    let m = next;
    for (let i = elements.length - 1; i >= 0; i--) {
      // A run of elements of one ASCII byte each (or a fixed count of them) is checked in one loop.
      let j = i;
      let width = 0;
      while (j >= 0) {
        const w = this.fixedWidth(elements[j]!);
        if (w === 0) break;
        width += w;
        j--;
      }
      if (width >= 2) {
        m = this.fixedRun(elements.slice(j + 1, i + 1), m);
        i = j + 1;
        continue;
      }
      m = this.element(elements[i]!, m, followOf(elements, i + 1, follow, this.ic));
    }
    return m;
  }

  /** Bytes an element always takes when it is one ASCII-only character or a fixed count of them; else 0. */
  fixedWidth(e: AST.Element): number {
    const one = (x: AST.Node) => {
      if (x.type !== 'Character' && x.type !== 'CharacterClass' && x.type !== 'CharacterSet') return false;
      if (x.type === 'CharacterSet' && (x.kind === 'property' || (x.kind === 'any' && this.dotAll))) return false;
      const set = charSetOf(x, this.ic);
      return set !== undefined && set[NON_ASCII] === 0;
    };
    if (e.type === 'Quantifier') return e.min === e.max && e.min <= 64 && one(e.element) ? e.min : 0;
    return one(e) ? 1 : 0;
  }

  fixedRun(elements: readonly AST.Element[], next: M): M {
    const ctx = this.ctx;
    const tables: Uint8Array[] = [];
    for (const e of elements) {
      const x = e.type === 'Quantifier' ? e.element : e;
      const t = new Uint8Array(256);
      t.set(charSetOf(x, this.ic)!.subarray(0, 128));
      const n = e.type === 'Quantifier' ? e.min : 1;
      for (let i = 0; i < n; i++) tables.push(t);
    }
    const width = tables.length;
    const flat = new Uint8Array(width * 256);
    tables.forEach((t, i) => flat.set(t, i * 256));
    return (p) => {
      if (p + width > ctx.e) return false;
      const b = ctx.b;
      for (let i = 0; i < width; i++) if (flat[(i << 8) | b[p + i]!] === 0) return false;
      return next(p + width);
    };
  }

  element(e: AST.Element, next: M, follow: Follow): M {
    const ctx = this.ctx;
    switch (e.type) {
      case 'Character':
        return this.character(e.value, next);
      case 'CharacterClass':
      case 'CharacterSet':
        return this.single(e, next);
      case 'Assertion':
        if (e.kind === 'start') return (p) => p === ctx.s && next(p);
        if (e.kind === 'end') return (p) => p === ctx.e && next(p);
        if (e.kind === 'word') {
          const negate = e.negate;
          return (p) => {
            const before = p > ctx.s && isWordByte(ctx.b[p - 1]!);
            const after = p < ctx.e && isWordByte(ctx.b[p]!);
            return (before !== after) !== negate && next(p);
          };
        }
        if (e.kind === 'lookahead') return this.lookahead(e, next);
        throw new Fail(`lookbehind ${e.raw}`);
      case 'Group':
        if (e.modifiers) throw new Fail('modifiers');
        return this.alternatives(e.alternatives, next, follow);
      case 'CapturingGroup':
        return this.capture(e, next, follow);
      case 'Quantifier':
        return this.quantifier(e, next, follow);
      default:
        throw new Fail(`${e.type} ${e.raw}`);
    }
  }

  /**
   * `(?=…)` and `(?!…)`: the inner pattern tried where we are, consuming nothing; as in JavaScript,
   * what it matched is not gone back into. Groups inside are not read (unsupported).
   */
  lookahead(e: AST.LookaheadAssertion, next: M): M {
    if (e.alternatives.some(hasCapture)) throw new Fail('capture in a lookahead');
    const ctx = this.ctx;
    const inner = this.alternatives(e.alternatives, () => true, ACCEPT);
    const negate = e.negate;
    return (p) => {
      const sp = ctx.sp;
      const found = inner(p);
      ctx.sp = sp;
      return found !== negate && next(p);
    };
  }

  character(value: number, next: M): M {
    const ctx = this.ctx;
    if (value >= 0xd800 && value < 0xe000) throw new Fail('surrogate in pattern');
    if (value < 128) {
      const lower = value | 32;
      if (this.ic && lower >= 97 && lower <= 122) {
        const upper = lower - 32;
        return (p) => p < ctx.e && (ctx.b[p] === lower || ctx.b[p] === upper) && next(p + 1);
      }
      return (p) => p < ctx.e && ctx.b[p] === value && next(p + 1);
    }
    if (this.ic && String.fromCharCode(value).toLowerCase() !== String.fromCharCode(value).toUpperCase()) throw new Fail('case-insensitive non-ASCII');
    const bytes = utf8(value);
    const n = bytes.length;
    return (p) => {
      if (p + n > ctx.e) return false;
      for (let i = 0; i < n; i++) if (ctx.b[p + i] !== bytes[i]) return false;
      return next(p + n);
    };
  }

  /**
   * One character of a class: its byte length at `p`, or 0 when it does not match (or `p` is at
   * the end). A character outside the BMP marks the line for the fallback.
   */
  step(t: CharTest): (p: number) => number {
    const ctx = this.ctx;
    const ascii = t.ascii;
    if (!t.nonAscii) return (p) => (p < ctx.e && ascii[ctx.b[p]!] === 1 ? 1 : 0);
    return (p) => {
      if (p >= ctx.e) return 0;
      const c = ctx.b[p]!;
      if (c < 128) return ascii[c] === 1 ? 1 : 0;
      const d = decodeAt(ctx.b, p, ctx.e);
      const cp = d >>> 3;
      if (cp > 0xffff) {
        ctx.astral = true;
        return 0;
      }
      return t.test(cp) ? d & 7 : 0;
    };
  }

  single(e: AST.Node, next: M): M {
    const step = this.step(this.test(e));
    return (p) => {
      const n = step(p);
      return n > 0 && next(p + n);
    };
  }

  test(e: AST.Node): CharTest {
    if (e.type === 'CharacterSet' && e.kind === 'any' && this.dotAll) {
      const all = new Uint8Array(128).fill(1);
      return { ascii: all, nonAscii: true, test: () => true };
    }
    if (e.type === 'CharacterSet' && e.kind === 'property') throw new Fail('property escape');
    if (e.type === 'CharacterClass' && e.elements.some((x) => x.type === 'CharacterSet' && x.kind === 'property')) throw new Fail('property escape');
    return charTest(e, this.ic);
  }

  capture(e: AST.CapturingGroup, next: M, follow: Follow): M {
    const ctx = this.ctx;
    const n = groupNumber(e);
    const open = 2 * n;
    const close = open + 1;
    const inner = this.alternatives(e.alternatives, (q) => {
      const old = ctx.caps[close]!;
      ctx.caps[close] = q;
      if (next(q)) return true;
      ctx.caps[close] = old;
      return false;
    }, follow);
    return (p) => {
      const oldOpen = ctx.caps[open]!;
      ctx.caps[open] = p;
      if (inner(p)) return true;
      ctx.caps[open] = oldOpen;
      return false;
    };
  }

  quantifier(q: AST.Quantifier, next: M, follow: Follow): M {
    const e = q.element;
    if (e.type === 'Character' || e.type === 'CharacterClass' || e.type === 'CharacterSet') {
      if (e.type === 'CharacterSet' && e.kind === 'any' && !this.dotAll && q.greedy && q.max === Infinity && follow.accept) return this.restOfLine(q.min, next);
      const t = e.type === 'Character' ? this.characterTest(e) : this.test(e);
      // Backtracking into a run can only help when what follows may start with a character of the
      // run (or may match nothing): otherwise the longest run is the only one worth trying.
      let possessive = q.greedy && !follow.nullable;
      if (possessive) {
        const set = charSetOf(e, this.ic)!;
        for (let c = 0; c < 129 && possessive; c++) if (set[c] && follow.set[c]) possessive = false;
      }
      return this.repeatSingle(t, q.min, q.max, q.greedy, next, possessive);
    }
    if (q.max === Infinity) throw new Fail(`unbounded repetition of a group ${q.raw}`);
    if (q.max > 1 && hasCapture(e)) throw new Fail('repeated capture');
    // Inside one copy, what follows is the next copy or the rest of the pattern.
    let inner = follow;
    if (q.max > 1) {
      const set = new Uint8Array(follow.set);
      const f = firstOf(e, this.ic);
      for (let c = 0; c < 129; c++) if (f.set[c]) set[c] = 1;
      inner = { set, nullable: follow.nullable || f.nullable, accept: false };
    }
    if (q.max <= 4) {
      // A few copies: unrolled.
      let m = next;
      for (let i = q.max; i > q.min; i--) {
        const rest = m;
        const once = this.element(e, rest, inner);
        m = q.greedy ? (p) => once(p) || rest(p) : (p) => rest(p) || once(p);
      }
      for (let i = 0; i < q.min; i++) m = this.element(e, m, inner);
      return m;
    }
    return this.repeatGroup(e, q.min, q.max, q.greedy, next, inner);
  }

  /**
   * A group repeated a bounded number of times, with backtracking: each iteration's count and
   * start are kept on the context's stack while the group is tried; an iteration that matches
   * nothing once the minimum is met fails, as in JavaScript.
   */
  repeatGroup(e: AST.QuantifiableElement, min: number, max: number, greedy: boolean, next: M, follow: Follow): M {
    const ctx = this.ctx;
    let loop: (p: number, n: number) => boolean = () => false;
    const push = (n: number, p: number) => {
      if (ctx.sp + 2 > ctx.stack.length) grow(ctx);
      ctx.stack[ctx.sp++] = n;
      ctx.stack[ctx.sp++] = p;
    };
    const cont: M = (q) => {
      const n = ctx.stack[ctx.sp - 2]!;
      const start = ctx.stack[ctx.sp - 1]!;
      if (q === start && n >= min) return false;
      ctx.sp -= 2;
      if (loop(q, n + 1)) return true;
      push(n, start);
      return false;
    };
    const once = this.element(e, cont, follow);
    loop = (p, n) => {
      if (greedy) {
        if (n < max) {
          push(n, p);
          const ok = once(p);
          ctx.sp -= 2;
          if (ok) return true;
        }
        return n >= min && next(p);
      }
      if (n >= min && next(p)) return true;
      if (n >= max) return false;
      push(n, p);
      const ok = once(p);
      ctx.sp -= 2;
      return ok;
    };
    return (p) => loop(p, 0);
  }

  /**
   * A trailing `.*` (the message): it takes the rest of the line. A RegExp would stop at a carriage
   * return or U+2028 inside the line; the parser reads the message to the end of the line either way.
   */
  restOfLine(min: number, next: M): M {
    const ctx = this.ctx;
    return (p) => {
      if (min > 0) {
        let q = p;
        for (let n = 0; n < min; n++) {
          if (q >= ctx.e) return false;
          q += decodeAt(ctx.b, q, ctx.e) & 7;
        }
      }
      return next(ctx.e);
    };
  }

  characterTest(e: AST.Character): CharTest {
    if (e.value >= 0xd800 && e.value < 0xe000) throw new Fail('surrogate in pattern');
    if (this.ic && e.value >= 128 && String.fromCharCode(e.value).toLowerCase() !== String.fromCharCode(e.value).toUpperCase()) throw new Fail('case-insensitive non-ASCII');
    return charTest(e, this.ic);
  }

  repeatSingle(t: CharTest, min: number, max: number, greedy: boolean, next: M, possessive: boolean): M {
    const ctx = this.ctx;
    const step = this.step(t);
    if (possessive && !t.nonAscii) {
      const table = new Uint8Array(256);
      table.set(t.ascii);
      return (p) => {
        const b = ctx.b;
        const limit = Math.min(ctx.e, p + max);
        let q = p;
        while (q < limit && table[b[q]!] === 1) q++;
        return q - p >= min && next(q);
      };
    }
    if (possessive) {
      return (p) => {
        let q = p;
        let n = 0;
        while (n < max) {
          const w = step(q);
          if (w === 0) break;
          q += w;
          n++;
        }
        return n >= min && next(q);
      };
    }
    if (!t.nonAscii) {
      // Every character is one byte: positions need no stack.
      if (greedy) {
        return (p) => {
          let n = 0;
          while (n < max && step(p + n) === 1) n++;
          for (; n >= min; n--) if (next(p + n)) return true;
          return false;
        };
      }
      return (p) => {
        let n = 0;
        for (; n < min; n++) if (step(p + n) === 0) return false;
        for (;;) {
          if (next(p + n)) return true;
          if (n >= max || step(p + n) === 0) return false;
          n++;
        }
      };
    }
    if (greedy) {
      return (p) => {
        const base = ctx.sp;
        let q = p;
        let n = 0;
        while (n < max) {
          const w = step(q);
          if (w === 0) break;
          if (ctx.sp >= ctx.stack.length) grow(ctx);
          ctx.stack[ctx.sp++] = q;
          q += w;
          n++;
        }
        for (;;) {
          if (n >= min && next(q)) {
            ctx.sp = base;
            return true;
          }
          if (n <= min) break;
          n--;
          q = ctx.stack[--ctx.sp]!;
        }
        ctx.sp = base;
        return false;
      };
    }
    return (p) => {
      let q = p;
      let n = 0;
      for (; n < min; n++) {
        const w = step(q);
        if (w === 0) return false;
        q += w;
      }
      for (;;) {
        if (next(q)) return true;
        if (n >= max) return false;
        const w = step(q);
        if (w === 0) return false;
        q += w;
        n++;
      }
    };
  }
}

function grow(ctx: Ctx): void {
  const bigger = new Int32Array(ctx.stack.length * 2);
  bigger.set(ctx.stack);
  ctx.stack = bigger;
}

function hasCapture(node: AST.Node): boolean {
  if (node.type === 'CapturingGroup') return true;
  if ('alternatives' in node) return node.alternatives.some(hasCapture);
  if (node.type === 'Alternative') return node.elements.some(hasCapture);
  if (node.type === 'Quantifier') return hasCapture(node.element);
  return false;
}

/** The 1-based number of a capturing group, counted by opening parenthesis. */
function groupNumber(g: AST.CapturingGroup): number {
  let root: AST.Node = g;
  while (root.parent) root = root.parent as AST.Node;
  let count = 0;
  let found = 0;
  const visit = (node: AST.Node): void => {
    if (found) return;
    if (node.type === 'CapturingGroup') {
      count++;
      if (node === g) {
        found = count;
        return;
      }
    }
    if ('alternatives' in node) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
    if (node.type === 'Quantifier') visit(node.element);
  };
  visit(root);
  return found;
}

function countGroups(node: AST.Node): number {
  let n = node.type === 'CapturingGroup' ? 1 : 0;
  if ('alternatives' in node) for (const a of node.alternatives) n += countGroups(a);
  if (node.type === 'Alternative') for (const e of node.elements) n += countGroups(e);
  if (node.type === 'Quantifier') n += countGroups(node.element);
  return n;
}

/**
 * A necessary condition checked before the matcher runs: the bytes every match has at fixed
 * offsets from its start (the timestamp digits and separators of most heads), as one table of
 * 256 entries per offset. It stops at the first element of variable width or that can match a
 * non-ASCII character; it only rejects, never accepts.
 */
function fixedPrefix(pattern: AST.Pattern, ic: boolean): Uint8Array {
  const tables: Uint8Array[] = [];
  const table = (node: AST.Node): Uint8Array | undefined => {
    const set = charSetOf(node, ic);
    if (!set || set[NON_ASCII]) return undefined;
    const t = new Uint8Array(256);
    t.set(set.subarray(0, 128));
    return t;
  };
  // Returns false where the fixed part ends.
  const walk = (elements: readonly AST.Element[]): boolean => {
    for (const e of elements) {
      if (e.type === 'Assertion' && e.kind === 'start') continue;
      if (e.type === 'Group' || e.type === 'CapturingGroup') {
        if (e.alternatives.length !== 1 || !walk(e.alternatives[0]!.elements)) return false;
        continue;
      }
      if (e.type === 'Quantifier') {
        const t = e.min === e.max && e.min <= 64 ? table(e.element) : undefined;
        if (!t) return false;
        for (let i = 0; i < e.min; i++) tables.push(t);
        continue;
      }
      const t = e.type === 'Character' || e.type === 'CharacterClass' || e.type === 'CharacterSet' ? table(e) : undefined;
      if (!t) return false;
      tables.push(t);
      if (tables.length >= 48) return false;
    }
    return true;
  };
  if (pattern.alternatives.length === 1) walk(pattern.alternatives[0]!.elements);
  const out = new Uint8Array(tables.length * 256);
  tables.forEach((t, i) => out.set(t, i * 256));
  return out;
}

/** Compile a pattern for bytes, or say why it cannot be (the caller then uses a RegExp). */
export function compileByteRegex(source: string, flags = ''): ByteRegex | Unsupported {
  for (const f of flags) if (!'gisyd'.includes(f)) return { unsupported: `flag ${f}` };
  const pattern = parseRegex(source, flags);
  if (pattern instanceof Error) return { unsupported: pattern.message };
  const groups = countGroups(pattern);
  const compiler = new Compiler(groups, flags);
  const ctx = compiler.ctx;
  let root: M;
  try {
    root = compiler.alternatives(pattern.alternatives, (p) => {
      ctx.end = p;
      return true;
    }, ACCEPT);
  } catch (error) {
    if (error instanceof Fail) return { unsupported: error.message };
    throw error;
  }
  const anchored = pattern.alternatives.every((a) => a.elements[0]?.type === 'Assertion' && a.elements[0].kind === 'start');
  const prefix = anchored ? fixedPrefix(pattern, flags.includes('i')) : new Uint8Array(0);
  const fixed = prefix.length >> 8;
  return {
    caps: ctx.caps,
    groups: namedGroups(source, flags),
    exec(buf, start, end) {
      if (fixed > 0) {
        if (end - start < fixed) return -1;
        for (let i = 0; i < fixed; i++) if (prefix[(i << 8) | buf[start + i]!] === 0) return -1;
      }
      ctx.b = buf;
      ctx.s = start;
      ctx.e = end;
      ctx.sp = 0;
      ctx.astral = false;
      ctx.caps.fill(-1);
      // A character outside the BMP met on any path: the RegExp might have matched it as two
      // UTF-16 units somewhere, so its answer is taken instead.
      if (anchored) {
        const found = root(start);
        return ctx.astral ? FALLBACK : found ? ctx.end : -1;
      }
      for (let p = start; p <= end; p += p < end ? decodeAt(buf, p, end) & 7 : 1) {
        const found = root(p);
        if (ctx.astral) return FALLBACK;
        if (found) return ctx.end;
        ctx.caps.fill(-1);
      }
      return -1;
    },
  };
}
