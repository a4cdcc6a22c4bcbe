/**
 * Writes generated output. Everything is produced in memory first and nothing is written when
 * the registry has a problem; files are staged in a temporary folder and moved into place, and
 * stale generated files are removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadRegistryDir, REGISTRY_DIR, ROOT } from '../registry/load-fs.ts';
import { registrySnapshotFiles } from '../registry/snapshot-fs.ts';
import { RegistryError } from '../registry/load.ts';
import type { Registry } from '../registry/load.ts';
import { entriesOfSystem } from '../registry/queries.ts';
import { collectCitations, type Citation, type GuidePage, type TableCodes } from './citations.ts';
import { generateData } from './data.ts';
import { generateSchemas } from './schemas.ts';
import { generatePages, type GeneratedFile } from './pages.ts';
import { emitSearchIndex } from '../diagnostics/search/emit.ts';
import { buildSearchIndex } from '../diagnostics/search/index.ts';
import { searchSnapshotFiles } from '../diagnostics/search/index-fs.ts';
import { siteOrigin } from './site.ts';

export { siteOrigin };

/** Folders owned entirely by the generator (relative to the root); every file in them is generated. */
export const GENERATED_DIRS = ['content/docs/codes', 'content/docs/en/codes', 'content/docs/systems', 'content/docs/en/systems', 'public/schemas'];
/** Single generated files outside those folders. */
export const GENERATED_FILES = ['public/registry.json', 'public/registry.schema.json', 'public/search-index.json', 'generated/registry-snapshot.json', 'generated/search-index.json'];

export interface GenerateOptions {
  root?: string;
  registryDir?: string;
  site?: string;
}

/** The hand-written pages under `content/docs` (the generated folders left out). */
export function readGuidePages(root = ROOT): GuidePage[] {
  const docs = join(root, 'content', 'docs');
  const generated = GENERATED_DIRS.map((d) => join(root, d));
  const out: GuidePage[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir) || generated.includes(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.mdx?$/.test(entry.name)) out.push({ path: relative(docs, path).split('\\').join('/'), text: readFileSync(path, 'utf8') });
    }
  };
  walk(docs);
  return out;
}

/** The date (`YYYY-MM-DD`) of the last commit that touched a file, or undefined outside git. */
export function lastCommitDate(file: string, root = ROOT): string | undefined {
  const run = spawnSync('git', ['log', '-1', '--format=%cs', '--', file], { cwd: root, encoding: 'utf8' });
  const date = run.status === 0 ? run.stdout.trim() : '';
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

/**
 * Citations from the guides; a code no guide cites is led to the other hand-written pages that
 * explain it (the database checker's page explains the SQLite file codes).
 */
export function guideCitations(registry: Registry, pages: readonly GuidePage[]): Map<string, Citation[]> {
  const tableCodes: TableCodes = (component, attrs) => entriesOfSystem(registry, attrs.system ?? '')
    .filter((e) => component === 'CodeTable'
      ? !attrs.category || e.category === attrs.category
      : attrs.only === 'retryable' ? e.retryable : attrs.only === 'policy' ? !!e.retry : true)
    .map((e) => e.code);
  const isGuide = (p: GuidePage) => /^(en\/)?guides\//.test(p.path);
  const citations = collectCitations(pages.filter(isGuide), tableCodes);
  for (const [code, list] of collectCitations(pages.filter((p) => !isGuide(p) && !/^(en\/)?index\.mdx?$/.test(p.path)))) {
    if (!citations.has(code)) citations.set(code, list);
  }
  return citations;
}

export function buildOutputs(options: GenerateOptions = {}): GeneratedFile[] {
  const root = options.root ?? ROOT;
  const site = options.site ?? siteOrigin();
  const registryDir = options.registryDir ?? REGISTRY_DIR;
  const { registry, problems } = loadRegistryDir(registryDir);
  if (problems.length > 0) throw new RegistryError(problems);
  const withSearch = existsSync(join(root, 'src/components/search/ErrorSearch.astro'));
  const citations = guideCitations(registry, readGuidePages(root));
  const guides = new Set(registry.systems.map((s) => s.id).filter((id) => existsSync(join(root, 'content/docs/guides', id))));
  const updated: Record<string, string> = {};
  for (const system of registry.systems) {
    const date = lastCommitDate(registry.files[system.id]!, root);
    if (date) updated[system.id] = date;
  }
  const search = buildSearchIndex(registry);
  return [
    ...generatePages(registry, { site, withSearch, citations, guides, updated }), ...generateData(registry, site), ...generateSchemas(site), ...emitSearchIndex(registry, search),
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
