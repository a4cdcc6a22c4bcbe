/**
 * Writes generated output. Everything is produced in memory first and nothing is written when
 * the registry has a problem; files are staged in a temporary folder and moved into place, and
 * stale generated files are removed.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadRegistryDir, REGISTRY_DIR, ROOT } from '../registry/load-fs.ts';
import { registrySnapshotFiles } from '../registry/snapshot-fs.ts';
import { RegistryError } from '../registry/load.ts';
import { generateData } from './data.ts';
import { generatePages, type GeneratedFile } from './pages.ts';
import { emitSearchIndex } from '../diagnostics/search/emit.ts';
import { buildSearchIndex } from '../diagnostics/search/index.ts';
import { searchSnapshotFiles } from '../diagnostics/search/index-fs.ts';
import { siteOrigin } from './site.ts';

export { siteOrigin };

/** Folders owned entirely by the generator (relative to the root); every file in them is generated. */
export const GENERATED_DIRS = ['content/docs/codes', 'content/docs/en/codes', 'content/docs/systems', 'content/docs/en/systems'];
/** Single generated files outside those folders. */
export const GENERATED_FILES = ['public/registry.json', 'public/registry.schema.json', 'public/search-index.json', 'generated/registry-snapshot.json', 'generated/search-index.json'];

export interface GenerateOptions {
  root?: string;
  registryDir?: string;
  site?: string;
}

export function buildOutputs(options: GenerateOptions = {}): GeneratedFile[] {
  const root = options.root ?? ROOT;
  const site = options.site ?? siteOrigin();
  const registryDir = options.registryDir ?? REGISTRY_DIR;
  const { registry, problems } = loadRegistryDir(registryDir);
  if (problems.length > 0) throw new RegistryError(problems);
  const withSearch = existsSync(join(root, 'src/components/search/ErrorSearch.astro'));
  const search = buildSearchIndex(registry);
  return [
    ...generatePages(registry, { site, withSearch }), ...generateData(registry, site), ...emitSearchIndex(registry, search),
    // The compiled registry and search index the CLI reads (`src/registry/snapshot.ts`).
    ...registrySnapshotFiles(registry, registryDir), ...searchSnapshotFiles(registry, search, registryDir),
  ];
}

export function writeOutputs(files: GeneratedFile[], root = ROOT): void {
  const stage = join(root, '.astro', 'errdex-generate');
  rmSync(stage, { recursive: true, force: true });
  for (const file of files) {
    const target = join(stage, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  for (const dir of GENERATED_DIRS) {
    rmSync(join(root, dir), { recursive: true, force: true });
    if (existsSync(join(stage, dir))) {
      mkdirSync(dirname(join(root, dir)), { recursive: true });
      renameSync(join(stage, dir), join(root, dir));
    }
  }
  for (const file of files) {
    if (GENERATED_DIRS.some((d) => file.path.startsWith(`${d}/`))) continue;
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    renameSync(join(stage, file.path), join(root, file.path));
  }
  rmSync(stage, { recursive: true, force: true });
}

export function listGenerated(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(join(root, dir))) return;
    for (const name of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${name.name}`;
      if (name.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  GENERATED_DIRS.forEach(walk);
  return out;
}
