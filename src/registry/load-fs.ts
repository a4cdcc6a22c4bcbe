/** Reads the registry files from disk; the Node twin of `load.ts`. */
import { loadRegistry, RegistryError, type LoadResult, type Registry } from './load.ts';
import { readRegistryFiles, REGISTRY_DIR, ROOT } from './files-fs.ts';
import { validateRegistry, type ValidateOptions } from './validate.ts';

export { readRegistryFiles, REGISTRY_DIR, ROOT };

/** Load, validate and cross-check the registry in `dir`. */
export function loadRegistryDir(dir = REGISTRY_DIR, root = ROOT, options: ValidateOptions = {}): LoadResult {
  const result = loadRegistry(readRegistryFiles(dir, root));
  result.problems.push(...validateRegistry(result, options));
  return result;
}

let cached: Registry | undefined;

/**
 * The registry for a process that cannot go on without it: throws `RegistryError` listing every
 * problem. Regex safety is proven by `errdex check` (run first by `npm test` and CI), not here,
 * so that the build and the CLI start fast; a regex that does not compile still fails.
 */
export function requireRegistry(dir = REGISTRY_DIR): Registry {
  if (cached && dir === REGISTRY_DIR) return cached;
  const { registry, problems } = loadRegistryDir(dir, ROOT, { regexSafety: false });
  if (problems.length > 0) throw new RegistryError(problems);
  if (dir === REGISTRY_DIR) cached = registry;
  return registry;
}
