/**
 * What a pasted text says about the system that wrote it, and which entries of different systems
 * document the same message. Both come from the registry itself:
 *
 * - **Packages.** The exception names, example messages and literal rules of a system's entries
 *   name the libraries it runs on: `discord.errors.LoginFailure` (roas-bot runs on discord.py),
 *   `requests.exceptions.HTTPError` (the Civitai client), `torch.cuda.OutOfMemoryError` (the
 *   Qwen3 migration), `botrs::client`. A package named by one system only is a sign of it: a
 *   traceback through `site-packages/discord/http.py` or raising `discord.errors.HTTPException`
 *   comes from roas-bot. (`sqlite3`, named by several systems, is a sign of none.)
 * - **Codes.** A registry code written in the text names its system.
 * - **Log formats** (`formats.ts`): a line of a system's own format names it.
 * - **Siblings.** Two entries of different systems are the same message when a rule of one
 *   recognises an example of the other (`database is locked` is roas-bot's DB_1506 and the
 *   Qwen3 migration's QWM_2200). `errdex check` allows exactly this across systems and nothing
 *   else; the search shows such entries together and says that the message is ambiguous.
 *
 * Pure: no DOM, no Node APIs.
 */
import type { ErrorWithSystem } from '../../registry/load.ts';

/** Most siblings kept per entry. */
export const MAX_SIBLINGS = 8;

/** A module, package or crate named in text: `discord.errors.X`, `requests.X`, `botrs::client`. */
const QUALIFIED = /(?<![\w.-])([a-z_][a-z0-9_]{1,40})(?:\.[a-z_][a-z0-9_]*)*\.[A-Z]\w*|(?<![\w:-])([a-z_][a-z0-9_]{1,40})::[a-z_]\w*/g;

/**
 * Standard libraries, which any system may name (Python's, Rust's): never a sign of one system,
 * even when the registry happens to name them for one.
 */
const STANDARD = new Set([
  'abc', 'asyncio', 'base64', 'builtins', 'codecs', 'collections', 'concurrent', 'contextlib', 'csv', 'ctypes', 'datetime',
  'decimal', 'email', 'enum', 'errno', 'functools', 'gzip', 'hashlib', 'http', 'importlib', 'inspect', 'io', 'itertools',
  'json', 'locale', 'logging', 'math', 'multiprocessing', 'os', 'pathlib', 'pickle', 'platform', 'queue', 'random', 're',
  'select', 'shutil', 'signal', 'socket', 'sqlite3', 'ssl', 'string', 'struct', 'subprocess', 'sys', 'tempfile',
  'threading', 'time', 'traceback', 'typing', 'unittest', 'urllib', 'uuid', 'xml', 'zipfile', 'zlib',
  'std', 'core', 'alloc',
]);

/** The packages an entry's texts name. */
function packagesOf(e: Pick<ErrorWithSystem, 'exceptions' | 'examples' | 'match'>): Set<string> {
  const out = new Set<string>();
  const texts = [...e.exceptions, ...e.examples, ...e.match.flatMap((r) => (r.literal === undefined ? [] : [r.literal]))];
  for (const text of texts) {
    for (const m of text.matchAll(QUALIFIED)) {
      const name = (m[1] ?? m[2])!;
      if (!STANDARD.has(name)) out.add(name);
    }
  }
  return out;
}

/** Packages named by the entries of exactly one system, with that system. */
export function systemPackages(errors: readonly Pick<ErrorWithSystem, 'system' | 'exceptions' | 'examples' | 'match'>[]): Record<string, string> {
  const systems = new Map<string, Set<string>>();
  for (const e of errors) {
    for (const p of packagesOf(e)) {
      let set = systems.get(p);
      if (!set) systems.set(p, (set = new Set()));
      set.add(e.system);
    }
  }
  const named = [...systems].filter(([, set]) => set.size === 1).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(named.map(([p, set]) => [p, [...set][0]!]));
}

/** A name as code writes a package before `.X`, `::` or `/`, not inside a longer name. */
const PACKAGE_LIKE = /(?<![\w.-])[a-z_][a-z0-9_]*(?=\.[A-Za-z_]|::|\/)/g;

/**
 * Finds the packages of `systemPackages` in text, as code names them (`pkg.X`, `pkg::x`,
 * `…/pkg/…`): every name in that position is looked up, so the cost does not grow with the
 * number of packages, and nothing is built beforehand.
 */
export function packageFinder(packages: Record<string, string>): (text: string) => Set<string> {
  return (text) => {
    const systems = new Set<string>();
    for (const m of text.matchAll(PACKAGE_LIKE)) {
      const system = Object.hasOwn(packages, m[0]) ? packages[m[0]] : undefined;
      if (typeof system === 'string') systems.add(system);
    }
    return systems;
  };
}

/** The key a title and a query are compared by: folded, lower-case, without spaces and punctuation. */
export function titleKey(text: string, fold: (text: string) => string): string {
  return fold(text.normalize('NFKC')).toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Whether a key is long enough to name one entry by its title (two Han characters, or four others). */
export function usableTitleKey(key: string): boolean {
  return key.length >= 4 || (key.length >= 2 && /\p{Script=Han}/u.test(key));
}

/**
 * Siblings of every entry: entries of other systems one of whose rules recognises one of its
 * examples, or the other way round; at most `MAX_SIBLINGS` each, in registry order.
 */
export function findSiblings(
  errors: readonly Pick<ErrorWithSystem, 'system' | 'examples'>[],
  matching: (text: string) => Iterable<number>,
): number[][] {
  const sets = errors.map(() => new Set<number>());
  errors.forEach((e, a) => {
    for (const example of e.examples) {
      for (const b of matching(example)) {
        if (errors[b]!.system === e.system) continue;
        sets[a]!.add(b);
        sets[b]!.add(a);
      }
    }
  });
  return sets.map((set) => [...set].sort((x, y) => x - y).slice(0, MAX_SIBLINGS));
}
