/**
 * Reads the registry files from disk and validates them; the Node twin of `load.ts`. Importing
 * it also gives `requireRegistry` (`snapshot-fs.ts`) the YAML loader, for when the compiled
 * snapshot is missing or stale.
 */
import { loadRegistry, RegistryError, type LoadResult } from './load.ts';
import { readRegistryFiles, REGISTRY_DIR, ROOT } from './files-fs.ts';
import { requireRegistry, setRegistryBuilder } from './snapshot-fs.ts';
import { validateRegistry, type ValidateOptions } from './validate.ts';

export { readRegistryFiles, REGISTRY_DIR, requireRegistry, ROOT };

/** Load, validate and cross-check the registry in `dir`. */
export function loadRegistryDir(dir = REGISTRY_DIR, root = ROOT, options: ValidateOptions = {}): LoadResult {
  const result = loadRegistry(readRegistryFiles(dir, root));
  result.problems.push(...validateRegistry(result, options));
  return result;
}

setRegistryBuilder((dir) => {
  const { registry, problems } = loadRegistryDir(dir, ROOT, { regexSafety: false });
  if (problems.length > 0) throw new RegistryError(problems);
  return registry;
});
