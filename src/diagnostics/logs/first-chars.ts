/**
 * Which characters can start a match of a head pattern. The parser routes each line by its first
 * character to the few formats whose head can start with it, so most lines meet one regular
 * expression, not all of them. The analysis reads the pattern's source and over-approximates:
 * whatever it does not understand counts as "any character", which is always safe.
 *
 * Sets are bitmaps over ASCII (0-127) plus one slot (128) for every non-ASCII character.
 */
export const NON_ASCII = 128;
export type CharSet = Uint8Array;

function emptySet(): CharSet {
  return new Uint8Array(129);
}
function anySet(): CharSet {
  return new Uint8Array(129).fill(1);
}
function add(set: CharSet, from: number, to = from): void {
  for (let c = Math.max(0, from); c <= Math.min(to, 127); c++) set[c] = 1;
  if (to >= 128) set[NON_ASCII] = 1;
}
function union(a: CharSet, b: CharSet): void {
  for (let i = 0; i < 129; i++) if (b[i]) a[i] = 1;
}

const DIGITS = (s: CharSet) => add(s, 48, 57);
const WORD = (s: CharSet) => { DIGITS(s); add(s, 65, 90); add(s, 97, 122); add(s, 95); };
const SPACE = (s: CharSet) => { add(s, 9, 13); add(s, 32); s[NON_ASCII] = 1; };

interface Piece {
  set: CharSet;
  /** Can match the empty string. */
  nullable: boolean;
}

class Scanner {
  src: string;
  pos = 0;
  constructor(src: string) {
    this.src = src;
  }
  peek(): string {
    return this.src[this.pos] ?? '';
  }

  alternation(): Piece {
    const set = emptySet();
    let nullable = false;
    for (;;) {
      const seq = this.sequence();
      union(set, seq.set);
      nullable ||= seq.nullable;
      if (this.peek() !== '|') break;
      this.pos++;
    }
    return { set, nullable };
  }

  sequence(): Piece {
    const set = emptySet();
    let open = true; // every atom so far can match empty
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      const optional = this.quantifier();
      if (open) union(set, atom.set);
      if (!atom.nullable && !optional) open = false;
    }
    return { set, nullable: open };
  }

  /** Reads a quantifier if there is one; true when it allows zero repetitions. */
  quantifier(): boolean {
    const c = this.peek();
    let zero = false;
    if (c === '?' || c === '*') {
      zero = true;
      this.pos++;
    } else if (c === '+') {
      this.pos++;
    } else if (c === '{') {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(this.src.slice(this.pos));
      if (!m) return false;
      zero = Number(m[1]) === 0;
      this.pos += m[0].length;
    } else {
      return false;
    }
    if (this.peek() === '?') this.pos++;
    return zero;
  }

  atom(): Piece {
    const c = this.src[this.pos++]!;
    if (c === '^' || c === '$') return { set: emptySet(), nullable: true };
    if (c === '.') return { set: anySet(), nullable: false };
    if (c === '(') {
      let lookaround = false;
      if (this.src.startsWith('?:', this.pos)) this.pos += 2;
      else if (/^\?<?[=!]/.test(this.src.slice(this.pos, this.pos + 3))) {
        lookaround = true;
        this.pos += this.src[this.pos + 1] === '<' ? 3 : 2;
      } else if (this.src.startsWith('?<', this.pos)) {
        const end = this.src.indexOf('>', this.pos);
        this.pos = end < 0 ? this.src.length : end + 1;
      } else if (this.peek() === '?') {
        return { set: anySet(), nullable: true }; // modifiers and the like: give up safely
      }
      const inner = this.alternation();
      if (this.peek() === ')') this.pos++;
      return lookaround ? { set: emptySet(), nullable: true } : inner;
    }
    if (c === '[') return { set: this.charClass(), nullable: false };
    if (c === '\\') return this.escape();
    const set = emptySet();
    add(set, c.charCodeAt(0));
    return { set, nullable: false };
  }

  escape(): Piece {
    const c = this.src[this.pos++] ?? '';
    const set = emptySet();
    switch (c) {
      case 'b': case 'B': return { set, nullable: true };
      case 'd': DIGITS(set); break;
      case 'w': WORD(set); break;
      case 's': SPACE(set); break;
      case 't': add(set, 9); break;
      case 'n': add(set, 10); break;
      case 'r': add(set, 13); break;
      case 'f': add(set, 12); break;
      case 'v': add(set, 11); break;
      case 'x': {
        const h = parseInt(this.src.slice(this.pos, this.pos + 2), 16);
        this.pos += 2;
        if (Number.isNaN(h)) return { set: anySet(), nullable: false };
        add(set, h);
        break;
      }
      case 'u': {
        const h = parseInt(this.src.slice(this.pos, this.pos + 4), 16);
        this.pos += 4;
        if (Number.isNaN(h)) return { set: anySet(), nullable: false };
        add(set, h);
        break;
      }
      default:
        if (/[A-Za-z0-9]/.test(c)) return { set: anySet(), nullable: false }; // \D \W \S \p{} backreferences
        add(set, c.charCodeAt(0));
    }
    return { set, nullable: false };
  }

  charClass(): CharSet {
    const set = emptySet();
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let first = true;
    while (this.pos < this.src.length && (this.peek() !== ']' || first)) {
      first = false;
      let lo: number;
      const c = this.src[this.pos++]!;
      if (c === '\\') {
        const e = this.src[this.pos++] ?? '';
        if (e === 'd') { DIGITS(set); continue; }
        if (e === 'w') { WORD(set); continue; }
        if (e === 's') { SPACE(set); continue; }
        if (/[A-Za-z]/.test(e) && !'tnrfvxu'.includes(e)) return anySet();
        if (e === 'x' || e === 'u') {
          const n = e === 'x' ? 2 : 4;
          lo = parseInt(this.src.slice(this.pos, this.pos + n), 16);
          this.pos += n;
          if (Number.isNaN(lo)) return anySet();
        } else {
          lo = ({ t: 9, n: 10, r: 13, f: 12, v: 11 } as Record<string, number>)[e] ?? e.charCodeAt(0);
        }
      } else {
        lo = c.charCodeAt(0);
      }
      if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.src[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = this.src[this.pos++]!;
        if (hi === '\\') return anySet(); // escaped range end: rare, give up safely
        add(set, lo, hi.charCodeAt(0));
      } else {
        add(set, lo);
      }
    }
    this.pos++; // ]
    if (negated) return anySet();
    return set;
  }
}

/** The first-character set of a regular expression source (no flags). */
export function firstChars(source: string): CharSet {
  try {
    const piece = new Scanner(source).alternation();
    return piece.nullable ? anySet() : piece.set;
  } catch {
    return anySet();
  }
}
