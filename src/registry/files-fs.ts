/**
 * Where the registry is on disk and its files as text: what every Node loader of the registry
 * needs, without the schema and the checks (`load-fs.ts` adds those; `errdex db` reads only part).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from './load.ts';

/**
 * The repository root: the nearest folder above this module holding `content/registry` (this
 * module may run from a bundled copy inside `dist/` during the build), or the compiled registry
 * (the installed `errdex` package, which has no YAML), else the working directory.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const registry = existsSync(join(dir, 'content', 'registry')) || existsSync(join(dir, 'generated', 'registry-snapshot.json'));
    if (registry && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const ROOT = process.env.ERRDEX_ROOT ? resolve(process.env.ERRDEX_ROOT) : findRoot();
/** The registry folder; `ERRDEX_REGISTRY` points elsewhere (tests, a fork's own registry). */
export const REGISTRY_DIR = process.env.ERRDEX_REGISTRY ? resolve(process.env.ERRDEX_REGISTRY) : join(ROOT, 'content', 'registry');

/** The YAML files of the registry folder `dir`, in name order, with paths relative to `root`. */
export function readRegistryFiles(dir = REGISTRY_DIR, root = ROOT): SourceFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path: relative(root, path) || path, text: readFileSync(path, 'utf8') };
    });
}
