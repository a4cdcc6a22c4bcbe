/**
 * The search index for a Node process (`errdex lookup`): the search data saved beside the
 * compiled registry (`generated/search-index.json`, what `/search-index.json` holds, keyed like
 * the compiled registry), else built from the registry and saved for the next process. The Node
 * twin of `index.ts`.
 */
import { join } from 'node:path';
import type { Registry } from '../../registry/load.ts';
import { compiledFile, GENERATED_DIR, prepareRegistry, readCompiled, requireRegistry, writeAtomic } from '../../registry/snapshot-fs.ts';
import { REGISTRY_DIR, ROOT } from '../../registry/files-fs.ts';
import { searchData } from './emit.ts';
import { buildSearchIndex, loadSearchIndex, type SearchIndex } from './index.ts';
import { readPublishedRegistry } from './source.ts';

export const SEARCH_SNAPSHOT_PATH = join(GENERATED_DIR, 'search-index.json');

/** The compiled search data of the registry loaded from `dir`, as a file to write; none but for the project registry. */
export function searchSnapshotFiles(registry: Registry, index: SearchIndex, dir = REGISTRY_DIR): { path: string; content: string }[] {
  return compiledFile(SEARCH_SNAPSHOT_PATH, searchData(registry, index), dir);
}

/** The saved search index of the registry in `dir`, when it is fresh. */
function savedSearchIndex(dir: string): SearchIndex | undefined {
  const saved = readCompiled(SEARCH_SNAPSHOT_PATH, dir);
  if (!saved) return undefined;
  const { source, index } = readPublishedRegistry(saved);
  const loaded = source ? loadSearchIndex(source, index) : undefined;
  return typeof loaded === 'object' ? loaded : undefined;
}

/** The search index of `registry` (the registry loaded from `dir`): the saved one, else built and saved. */
export function requireSearchIndex(registry: Registry, dir = REGISTRY_DIR): SearchIndex {
  const saved = savedSearchIndex(dir);
  if (saved) return saved;
  const index = buildSearchIndex(registry);
  for (const file of searchSnapshotFiles(registry, index, dir)) writeAtomic(join(ROOT, file.path), file.content);
  return index;
}

/**
 * The search index of the registry in `dir`, reading no more than the saved search data when it
 * is fresh; else the registry is loaded (and its YAML loader, if need be) and the index built.
 * Throws `RegistryError` for a registry problem.
 */
export async function prepareSearchIndex(dir = REGISTRY_DIR): Promise<SearchIndex> {
  const saved = savedSearchIndex(dir);
  if (saved) return saved;
  await prepareRegistry(dir);
  return requireSearchIndex(requireRegistry(dir), dir);
}
