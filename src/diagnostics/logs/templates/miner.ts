/**
 * Online template mining over distinct signatures (`signature.ts`), in the family of Drain (He et
 * al., ICWS 2017): signatures are grouped by their number of tokens, and a signature joins the
 * cluster whose template it fits best. It differs from Drain where Drain splits or merges wrongly:
 *
 * - No prefix tree. Candidates are found through an index of (position, token) over every
 *   template of the same length, so a variable in a leading position does not split a template.
 * - Words are not variables until shown to be. A signature joins a cluster only if no word of it
 *   differs from a word of the template. A template position becomes a variable when
 *   `variety` clusters (3 by default) are equal but for a different word there, with at least
 *   `anchors` constant words beside it; those clusters merge into one (so `Invalid user alice`,
 *   `… bob`, `… carol` become `Invalid user <*>`, while `Connection opened` and `Connection closed`
 *   stay apart).
 * - A variable position of a template takes any word only if the template keeps `anchors`
 *   constant words; a masked part of a signature (`<*>`) where the template has a word makes that
 *   position a variable only if the words equal in both are `similarity` of those compared.
 * - Clusters whose templates become equal merge.
 *
 * Merging never changes the cluster a signature was given: the merged cluster becomes an alias
 * of the one it joined, and `template()` of either gives the same text. The outcome depends only
 * on the sequence of distinct signatures given to `add`; a repeated signature gets the cluster it
 * got the first time (the miner remembers a 64-bit hash of each).
 *
 * Bounded: at most `maxClusters` clusters and `maxSignatures` remembered signatures, and at most
 * `maxTokens` tokens compared per signature. A signature that would need a new cluster past the
 * first bound, or that comes after the second, goes to the overflow cluster (`overflowCluster`,
 * `isOverflow`), whose template is `OVERFLOW_TEMPLATE`; `overflowed` counts them.
 */
import { HashTable, hash32, hash32b, mix } from './hash.ts';
import { VAR } from './chars.ts';
import { isKeyword, pathFits, pinned, sameWords, variableLike, variableToken, weight, WORD_SEGMENT } from './tokens.ts';

export interface MinerOptions {
  /** Most clusters created (merged ones included); default 10,000. */
  maxClusters?: number;
  /** Most tokens of a signature compared: later ones are folded into one last `…`; default 64. */
  maxTokens?: number;
  /** Most distinct signatures remembered; default 1,048,576 (a table of 25 MB at most). */
  maxSignatures?: number;
  /** Different words at one position, the rest equal, that make the position a variable; default 3. */
  variety?: number;
  /** Different words in one segment of a request path, the rest equal, that make it a variable; default 5. */
  pathVariety?: number;
  /** Constant words a template must keep beside a variable that takes words; default 2. */
  anchors?: number;
  /** Share of equal words needed to turn a word of a template into a variable; default 0.5. */
  similarity?: number;
}

/** Template text of the overflow cluster. */
export const OVERFLOW_TEMPLATE = '<overflow>';
/** Posting lists longer than this propose no candidates (see `match`). */
const COMMON = 256;
/** Token standing for the tokens cut from a long signature. */
const CUT = '…';

/** Signatures of one token count. */
interface Group {
  /** Per position: token → the cluster(s) with that constant token there (stale ones skipped on read). */
  readonly postings: Map<string, number | number[]>[];
  /** Template text → its cluster. */
  readonly exact: Map<string, number>;
}

export class TemplateMiner {
  readonly maxClusters: number;
  readonly maxTokens: number;
  readonly maxSignatures: number;
  readonly variety: number;
  readonly pathVariety: number;
  readonly anchors: number;
  readonly similarity: number;

  /** Per cluster: its template tokens, its parent (itself when it is its own), the weight of its constants. */
  private readonly tokens: string[][] = [];
  /** Per cluster: its template tokens joined (the key of `Group.exact`). */
  private readonly texts: string[] = [];
  private readonly parent: number[] = [];
  private readonly constants: number[] = [];
  /** Per cluster: positions made variables from the words seen there (they take keywords too). */
  private readonly learned: (Set<number> | undefined)[] = [];
  private readonly groups = new Map<number, Group>();
  /** Skeleton key (a position blanked, 30 bits) → a cluster, or clusters; see `register`. */
  private readonly skeletons = new Map<number, number | number[]>();
  /** Signatures seen (by a 64-bit hash) → their cluster. */
  private readonly seen = new HashTable();
  /** Clusters whose skeletons need (re)registering. */
  private readonly pending: number[] = [];
  private live = 0;
  private overflow = -1;
  /** Scratch for candidate search. */
  private mark = new Int32Array(64);
  /** Scratch for skeleton hashes: per token, and prefix and suffix hashes in two lanes. */
  private readonly scratch: Uint32Array[];
  private stamp = 0;
  /** Signatures sent to the overflow cluster. */
  overflowed = 0;
  /** Token comparisons made so far: the miner's work, for tests that bound it. */
  work = 0;

  constructor(options: MinerOptions = {}) {
    this.maxClusters = Math.max(1, options.maxClusters ?? 10_000);
    this.maxTokens = Math.max(2, options.maxTokens ?? 64);
    this.maxSignatures = Math.max(1, options.maxSignatures ?? 1 << 20);
    this.variety = Math.max(2, options.variety ?? 3);
    this.pathVariety = Math.max(2, options.pathVariety ?? 5);
    this.anchors = Math.max(1, options.anchors ?? 2);
    this.similarity = options.similarity ?? 0.5;
    this.scratch = Array.from({ length: 5 }, () => new Uint32Array(this.maxTokens + 1));
  }

  /** Clusters now (merged clusters count once; the overflow cluster counts when used). */
  get size(): number {
    return this.live + (this.overflow >= 0 ? 1 : 0);
  }

  /** The overflow cluster, or -1 while no signature went there. */
  get overflowCluster(): number {
    return this.overflow;
  }

  isOverflow(cluster: number): boolean {
    return cluster >= 0 && cluster === this.overflow;
  }

  /** The cluster a cluster was merged into (itself if none). */
  canonical(cluster: number): number {
    let c = cluster;
    while (this.parent[c] !== c) c = this.parent[c]!;
    // Path compression.
    let d = cluster;
    while (this.parent[d] !== c) {
      const next = this.parent[d]!;
      this.parent[d] = c;
      d = next;
    }
    return c;
  }

  /** The cluster's template now: tokens joined by spaces, `<*>` for the variable ones. */
  template(cluster: number): string {
    if (cluster === this.overflow) return OVERFLOW_TEMPLATE;
    if (!(cluster >= 0 && cluster < this.tokens.length)) throw new RangeError(`no cluster ${cluster}`);
    const text = this.texts[this.canonical(cluster)]!;
    return text.includes(WORD_SEGMENT) ? text.replaceAll(WORD_SEGMENT, VAR) : text;
  }

  /** The cluster of a signature, creating or generalising one. */
  add(signature: string): number {
    const ka = hash32(signature);
    const kb = hash32b(signature);
    const known = this.seen.get(ka, kb);
    if (known >= 0) return known;
    if (this.seen.size >= this.maxSignatures) return this.toOverflow(false, ka, kb);
    let tokens = signature === '' ? [] : signature.split(' ');
    let text = signature;
    if (tokens.length > this.maxTokens) {
      tokens = tokens.slice(0, this.maxTokens - 1);
      tokens.push(CUT);
      text = tokens.join(' ');
    }
    const group = this.group(tokens.length);
    let cluster = group.exact.get(text);
    if (cluster === undefined) {
      cluster = this.match(group, tokens);
      if (cluster < 0) {
        if (this.tokens.length >= this.maxClusters) return this.toOverflow(true, ka, kb);
        cluster = this.create(group, tokens, text);
      }
      this.settle();
    }
    cluster = this.canonical(cluster);
    this.seen.set(ka, kb, cluster);
    return cluster;
  }

  private toOverflow(remember: boolean, ka: number, kb: number): number {
    if (this.overflow < 0) {
      this.overflow = this.tokens.length;
      this.tokens.push([OVERFLOW_TEMPLATE]);
      this.texts.push(OVERFLOW_TEMPLATE);
      this.parent.push(this.overflow);
      this.constants.push(0);
    }
    this.overflowed++;
    if (remember) this.seen.set(ka, kb, this.overflow);
    return this.overflow;
  }

  private group(n: number): Group {
    let g = this.groups.get(n);
    if (g === undefined) {
      g = { postings: [], exact: new Map() };
      this.groups.set(n, g);
    }
    return g;
  }

  /**
   * The best cluster of the group for these tokens, generalised to take them; -1 if none fits.
   * Best: most equal constant words, then fewest positions made or used as variables, then oldest.
   */
  private match(group: Group, t: string[]): number {
    const n = t.length;
    if (this.mark.length < this.tokens.length) {
      const grown = new Int32Array(Math.max(this.tokens.length, this.mark.length * 2));
      grown.set(this.mark);
      this.mark = grown;
    }
    // Candidates: clusters that share a constant token at the same position. A token shared by
    // more than COMMON clusters there (a stop word) proposes none, unless no other token does; at
    // most 4 × COMMON are compared: the work per signature stays bounded however many clusters
    // there are.
    const stamp = ++this.stamp;
    const candidates: number[] = [];
    let common: number[] | undefined;
    for (let i = 0; i < n; i++) {
      const tok = t[i]!;
      if (tok === VAR) continue;
      const list = group.postings[i]?.get(tok);
      if (list === undefined) continue;
      if (typeof list === 'number') {
        if (this.mark[list] !== stamp && this.parent[list] === list) {
          this.mark[list] = stamp;
          candidates.push(list);
        }
        continue;
      }
      if (list.length > COMMON) {
        if (common === undefined || list.length < common.length) common = list;
        continue;
      }
      for (const c of list) {
        if (this.mark[c] === stamp || this.parent[c] !== c) continue;
        this.mark[c] = stamp;
        candidates.push(c);
      }
      if (candidates.length >= 4 * COMMON) break;
    }
    if (candidates.length === 0 && common !== undefined) {
      // The newest clusters of the stop word's list.
      for (let k = common.length - 1; k >= 0 && candidates.length < COMMON; k--) {
        const c = common[k]!;
        if (this.mark[c] === stamp || this.parent[c] !== c) continue;
        this.mark[c] = stamp;
        candidates.push(c);
      }
    }
    let best = -1;
    let bestEqual = -1;
    let bestLoose = 0;
    for (const c of candidates) {
      const tpl = this.tokens[c]!;
      let equal = 0;
      let soft = 0;
      let wordInVariable = 0;
      let fits = true;
      for (let i = 0; i < n; i++) {
        const a = tpl[i]!;
        const b = t[i]!;
        if (a === b) {
          if (a !== VAR) equal++;
        } else if (a === VAR) {
          if (isKeyword(b) && this.learned[c]?.has(i) !== true) {
            // A keyword (`HTTPS`) is not the value of a masked part (`SOCKS5`); it may be a
            // value of a position that took words (a user name in capitals).
            fits = false;
            break;
          }
          if (!variableLike(b)) wordInVariable++;
        } else if (pinned(t, i)) {
          if (!pathFits(a, b)) {
            fits = false;
            break;
          }
          wordInVariable++;
        } else if ((variableLike(a) || variableLike(b)) && sameWords(a, b) && !isKeyword(a) && !isKeyword(b)) {
          soft++;
        } else {
          fits = false;
          break;
        }
      }
      this.work += n;
      if (!fits || equal === 0) continue;
      if (wordInVariable > 0 && this.constants[c]! < this.anchors) continue;
      if (soft > 0 && (equal < this.anchors || equal < this.similarity * (equal + soft))) continue;
      const loose = soft + wordInVariable;
      if (equal > bestEqual || (equal === bestEqual && (loose < bestLoose || (loose === bestLoose && c < best)))) {
        best = c;
        bestEqual = equal;
        bestLoose = loose;
      }
    }
    if (best < 0) return -1;
    const tpl = this.tokens[best]!;
    let changed: string[] | undefined;
    for (let i = 0; i < n; i++) {
      // A variable that took a word takes words: keywords too, from now on.
      if (tpl[i] === VAR && t[i] !== VAR && !variableLike(t[i]!)) (this.learned[best] ??= new Set()).add(i);
      if (tpl[i] !== t[i] && tpl[i] !== VAR && !pinned(t, i)) {
        const v = variableToken([tpl[i]!, t[i]!]);
        if (v === tpl[i]) continue;
        changed ??= tpl.slice();
        changed[i] = v;
      }
    }
    if (changed !== undefined) this.setTemplate(best, changed);
    return best;
  }

  private create(group: Group, t: string[], text: string): number {
    const c = this.tokens.length;
    this.tokens.push(t);
    this.texts.push(text);
    this.parent.push(c);
    let constants = 0;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i]!;
      if (tok === VAR) continue;
      constants += weight(tok);
      const postings = (group.postings[i] ??= new Map());
      const list = postings.get(tok);
      if (list === undefined) postings.set(tok, c);
      else if (typeof list === 'number') postings.set(tok, [list, c]);
      else list.push(c);
    }
    this.constants.push(constants);
    this.live++;
    group.exact.set(text, c);
    this.pending.push(c);
    return c;
  }

  /** Give cluster c a more general template, merging it into an equal one. */
  private setTemplate(c: number, t: string[]): void {
    const group = this.group(t.length);
    const old = this.texts[c]!;
    if (group.exact.get(old) === c) group.exact.delete(old);
    this.tokens[c] = t;
    let constants = 0;
    for (const tok of t) if (tok !== VAR) constants += weight(tok);
    this.constants[c] = constants;
    const text = t.join(' ');
    this.texts[c] = text;
    const other = group.exact.get(text);
    if (other !== undefined && other !== c && this.parent[other] === other) {
      const keep = Math.min(other, c);
      const drop = keep === c ? other : c;
      this.parent[drop] = keep;
      const learned = this.learned[drop];
      if (learned !== undefined) for (const p of learned) (this.learned[keep] ??= new Set()).add(p);
      this.live--;
      group.exact.set(text, keep);
      this.pending.push(keep);
      return;
    }
    group.exact.set(text, c);
    this.pending.push(c);
  }

  /** Register pending clusters' skeletons, merging where a position shows enough variety. */
  private settle(): void {
    while (this.pending.length > 0) {
      const c = this.pending.pop()!;
      if (this.parent[c] === c) this.register(c);
    }
  }

  /**
   * A cluster's skeletons: for each position, its template with that position blanked. Clusters
   * that share a skeleton differ at most at that position. When `variety` of them have different
   * words there (and `anchors` constant words elsewhere), or one of them already has a variable
   * there, the word clusters merge into one with a variable at that position.
   */
  private register(c: number): void {
    const t = this.tokens[c]!;
    const n = t.length;
    const [h, p1, p2, s1, s2] = this.scratch as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    for (let i = 0; i < n; i++) h[i] = hash32(t[i]!);
    // p[i]: the tokens before i; s[i]: the tokens from i on (two lanes each).
    p1[0] = 0x12345678;
    p2[0] = 0x9abcdef0;
    for (let i = 0; i < n; i++) {
      p1[i + 1] = mix(p1[i]!, h[i]!);
      p2[i + 1] = mix(p2[i]! ^ 0x5bd1e995, h[i]! + i);
    }
    s1[n] = 0x0fedcba9;
    s2[n] = 0x87654321;
    for (let i = n - 1; i >= 0; i--) {
      s1[i] = mix(s1[i + 1]!, h[i]!);
      s2[i] = mix(s2[i + 1]! ^ 0x27d4eb2f, h[i]! + i);
    }
    for (let i = 0; i < n; i++) {
      const tok = t[i]!;
      const isVar = tok === VAR;
      if (pinned(t, i)) {
        if (this.registerPath(c, i, p1[i]!, s1[i + 1]!, p2[i]!, s2[i + 1]!)) return;
        continue;
      }
      // A mask inside a word, or a word in capitals (a keyword: `Received PINGREQ`, `Received
      // DISCONNECT`), is never made a variable by variety.
      if (!isVar && (variableLike(tok) || isKeyword(tok))) continue;
      // Constants beside this position.
      const beside = this.constants[c]! - (isVar ? 0 : weight(tok));
      if (beside < this.anchors) continue;
      const key = mix(mix(mix(p1[i]!, s1[i + 1]!), n * 4099 + i), mix(p2[i]!, s2[i + 1]!)) & 0x3fffffff;
      const members = this.bucket(key, c, (m) => this.sameBut(this.tokens[m]!, t, i));
      if (members === undefined) continue;
      let variable = isVar ? c : -1;
      let words = 0;
      for (const m of members) {
        if (this.tokens[m]![i] !== VAR) words++;
        else if (variable < 0 || m < variable) variable = m;
      }
      if (variable >= 0 ? words > 0 : words >= this.variety) {
        this.mergeAt(members, i, variable >= 0 ? VAR : variableToken(members.map((m) => this.tokens[m]![i]!)));
        return; // c may be merged; the survivor is pending again
      }
    }
  }

  /**
   * Add c to the skeleton bucket `key`; the bucket's live members that `same` accepts, c last
   * (stale ones are dropped), or undefined when c is alone in it.
   */
  private bucket(key: number, c: number, same: (m: number) => boolean): number[] | undefined {
    const held = this.skeletons.get(key);
    if (held === undefined || held === c) {
      this.skeletons.set(key, c);
      return undefined;
    }
    // Keys are 30 bits: a live member that differs elsewhere shares the key by chance and stays.
    const live: number[] = [];
    const members: number[] = [];
    const consider = (m: number) => {
      if (m === c || this.parent[m] !== m || live.includes(m)) return;
      live.push(m);
      if (same(m)) members.push(m);
    };
    if (typeof held === 'number') consider(held);
    else for (const m of held) consider(m);
    live.push(c);
    this.skeletons.set(key, live.length === 1 ? c : live);
    if (members.length === 0) return undefined;
    members.push(c);
    return members;
  }

  /**
   * The skeletons of a request path (position i, never a variable itself): the template with
   * one segment of the path blanked. Paths that differ in one segment only, with `pathVariety`
   * different words there, merge into one with `<*>` as that segment (`/api/users/<*>`); the
   * first segment, a segment followed by a variable and a file name stay (`/health`,
   * `/items/<*>`, `/docs/faq.html`).
   * Returns whether c was merged.
   */
  private registerPath(c: number, i: number, p1: number, s1: number, p2: number, s2: number): boolean {
    const t = this.tokens[c]!;
    const n = t.length;
    const segments = t[i]!.split('/');
    for (let k = 0; k < segments.length; k++) {
      const seg = segments[k]!;
      // Not the first segment (`/health`, `/login`, `/api` name endpoints), not one followed by a
      // variable (`/items/<*>`: a collection's name).
      // Not a file name either (`/docs/faq.html` and `/docs/team.html` are two pages).
      if (seg === '' || seg === VAR || k <= 1 || segments[k + 1] === VAR || segments[k + 1] === WORD_SEGMENT || seg.includes('.')) continue;
      const blanked = segments.slice();
      blanked[k] = '\u0000';
      const ph = hash32(blanked.join('/'));
      const key = mix(mix(mix(mix(p1, s1), ph), n * 4099 + i + 0x10000 * (k + 1)), mix(mix(p2, s2), ph ^ 0x3c6ef372)) & 0x3fffffff;
      const members = this.bucket(key, c, (m) => {
        if (!this.sameBut(this.tokens[m]!, t, i)) return false;
        const other = this.tokens[m]![i]!.split('/');
        return other.length === segments.length && other.every((x, j) => j === k || x === segments[j]);
      });
      if (members === undefined) continue;
      let variable = seg === WORD_SEGMENT ? c : -1;
      for (const m of members) if (m !== c && this.tokens[m]![i]!.split('/')[k] === WORD_SEGMENT && (variable < 0 || m < variable)) variable = m;
      const words = members.filter((m) => this.tokens[m]![i]!.split('/')[k] !== WORD_SEGMENT);
      if (variable >= 0 ? words.length > 0 : words.length >= this.pathVariety) {
        blanked[k] = WORD_SEGMENT;
        this.mergeAt(members, i, blanked.join('/'));
        return true;
      }
    }
    return false;
  }

  private sameBut(a: string[], b: string[], i: number): boolean {
    if (a.length !== b.length) return false;
    this.work += a.length;
    for (let k = 0; k < a.length; k++) if (k !== i && a[k] !== b[k]) return false;
    return true;
  }

  /** Merge clusters that differ only at position i into the oldest, with `token` there. */
  private mergeAt(members: number[], i: number, token: string): void {
    let keep = members[0]!;
    for (const m of members) if (m < keep) keep = m;
    (this.learned[keep] ??= new Set()).add(i);
    const group = this.group(this.tokens[keep]!.length);
    for (const m of members) {
      if (m === keep) continue;
      const text = this.tokens[m]!.join(' ');
      if (group.exact.get(text) === m) group.exact.delete(text);
      this.parent[m] = keep;
      this.live--;
    }
    const t = this.tokens[keep]!;
    if (t[i] === token) {
      this.pending.push(keep);
      return;
    }
    const next = t.slice();
    next[i] = token;
    this.setTemplate(keep, next);
  }
}
