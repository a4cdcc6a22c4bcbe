/** Queries over a loaded registry, shared by the site, the islands, the CLI and the tests. */
import type { ErrorWithSystem, Registry } from './load.ts';
import { CODE_PATTERN, type Locale } from './codes.ts';
import type { Localized } from './schema.ts';

/** The URL path of a page, with the locale's prefix (zh-TW is the root locale). */
export function localePath(path: string, locale: Locale): string {
  const clean = path.replace(/^\/+/, '');
  return locale === 'en' ? `/en/${clean}` : `/${clean}`;
}

/** Slug of a code's page: `DB_1506` -> `db_1506`. */
export function codeSlug(code: string): string {
  return code.toLowerCase();
}

/** Path of a code's reference page, e.g. `/codes/db_1506/` or `/en/codes/db_1506/`. */
export function codePath(code: string, locale: Locale = 'zh-TW'): string {
  return localePath(`codes/${codeSlug(code)}/`, locale);
}

/** Path of a system's index page. */
export function systemPath(system: string, locale: Locale = 'zh-TW'): string {
  return localePath(`systems/${system}/`, locale);
}

export function t(text: Localized, locale: Locale): string {
  return text[locale];
}

/**
 * Normalise the ways people write a code: `db_1506`, `DB-1506`, `DB1506`, `db 1506` -> `DB_1506`.
 * Returns undefined for text that does not look like a code.
 */
export function normalizeCode(input: string): string | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]{0,7}?)[\s_-]?(\d{3,5})\s*$/.exec(input);
  if (!m) return undefined;
  const code = `${m[1]!.toUpperCase()}_${m[2]}`;
  return CODE_PATTERN.test(code) ? code : undefined;
}

export interface RegistryIndex {
  byCode: Map<string, ErrorWithSystem>;
  byNumber: Map<number, ErrorWithSystem>;
}

const indexes = new WeakMap<Registry, RegistryIndex>();

export function indexRegistry(registry: Registry): RegistryIndex {
  let index = indexes.get(registry);
  if (!index) {
    index = { byCode: new Map(), byNumber: new Map() };
    for (const e of registry.errors) {
      index.byCode.set(e.code, e);
      index.byNumber.set(Number(CODE_PATTERN.exec(e.code)![2]), e);
    }
    indexes.set(registry, index);
  }
  return index;
}

/** The entry a code names, in any common spelling, or by its bare number (numbers are unique). */
export function findEntry(registry: Registry, input: string): ErrorWithSystem | undefined {
  const index = indexRegistry(registry);
  const code = normalizeCode(input);
  if (code) return index.byCode.get(code);
  const bare = /^\s*(\d{3,5})\s*$/.exec(input);
  return bare ? index.byNumber.get(Number(bare[1])) : undefined;
}

export function entriesOfSystem(registry: Registry, system: string): ErrorWithSystem[] {
  return registry.errors.filter((e) => e.system === system);
}

export function systemOf(registry: Registry, id: string) {
  return registry.systems.find((s) => s.id === id);
}

export function categoryOf(registry: Registry, entry: ErrorWithSystem) {
  return registry.categories.find((c) => c.system === entry.system && c.id === entry.category);
}

/** The system a page is about, from its id (`guides/roas-bot/database`, `en/codes/db_1506`, `systems/botrs`). */
export function systemOfPage(registry: Registry, id: string) {
  const [kind, name] = id.replace(/^en\//, '').split('/');
  if (!name) return undefined;
  if (kind === 'guides' || kind === 'systems') return systemOf(registry, name);
  if (kind === 'codes') {
    const entry = indexRegistry(registry).byCode.get(name.toUpperCase());
    return entry ? systemOf(registry, entry.system) : undefined;
  }
  return undefined;
}
