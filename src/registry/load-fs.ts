/** Reads the registry files from disk; the Node twin of `load.ts`. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRegistry, RegistryError, type LoadResult, type Registry, type SourceFile } from './load.ts';
import { validateRegistry, type ValidateOptions } from './validate.ts';

/**
 * The repository root: the nearest folder above this module holding `content/registry` (this
 * module may run from a bundled copy inside `dist/` during the build), else the working directory.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'content', 'registry')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const ROOT = process.env.ERRDEX_ROOT ? resolve(process.env.ERRDEX_ROOT) : findRoot();
/** The registry folder; `ERRDEX_REGISTRY` points elsewhere (tests, a fork's own registry). */
export const REGISTRY_DIR = process.env.ERRDEX_REGISTRY ? resolve(process.env.ERRDEX_REGISTRY) : join(ROOT, 'content', 'registry');

export function readRegistryFiles(dir = REGISTRY_DIR, root = ROOT): SourceFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path: relative(root, path) || path, text: readFileSync(path, 'utf8') };
    });
}

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
