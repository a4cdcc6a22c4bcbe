/**
 * The whole consistency check: registry rules, the safety of its steps, the zh-TW glossary, and
 * the code references in the guides.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isScalar } from 'yaml';
import { glossaryHits, parseGlossary, type GlossaryTerm } from './glossary.ts';
import { entryOf, lineOf, type LoadResult, type Problem } from './load.ts';
import { loadRegistryDir, REGISTRY_DIR, ROOT } from './load-fs.ts';
import { shellParser } from './shell-parser-fs.ts';
import { validateSteps } from './validate-steps.ts';

export interface CheckOptions {
  registryDir?: string;
  docsDir?: string;
  /** Folders under docsDir holding generated pages, which are not scanned. */
  generated?: string[];
  /** Prove every regex safe from catastrophic backtracking (the slow part; on unless a test turns it off). */
  regexSafety?: boolean;
}

export interface CheckResult {
  problems: Problem[];
  stats: { systems: number; errors: number; logFormats: number; dbProfiles: number; pages: number };
}

/** `<ErrorCode code="X" />` and `<ErrorCode code='X'/>` in MDX. */
const ERROR_CODE_TAG = /<ErrorCode\b[^>]*?\bcode=["']([^"']+)["']/g;

/** Registry fields quoting what a system itself prints, which keep its own spelling. */
const QUOTED_FIELDS = new Set(['examples', 'match', 'samples', 'exceptions', 'head', 'continuation', 'fields', 'sql', 'path', 'detect']);

function glossaryMessage(found: string, term: GlossaryTerm): string {
  return `zh-TW text writes "${found}"; the glossary (content/registry/README.md) spells ${term.concept} as "${term.use}"`;
}

/** Glossary problems in the registry's Traditional Chinese texts and in its commands. */
function registryGlossary(loaded: LoadResult, terms: readonly GlossaryTerm[]): Problem[] {
  const problems: Problem[] = [];
  for (const source of loaded.sources) {
    const visit = (value: unknown, path: (string | number)[]) => {
      if (typeof value === 'string') {
        const key = path.at(-1);
        const parent = path.at(-2);
        if (key !== 'zh-TW' && !(key === 'code' && parent === 'command')) return;
        const node = source.doc.getIn(path, true);
        const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') ? 1 : 0;
        const folded = isScalar(node) && node.type === 'BLOCK_FOLDED';
        for (const hit of glossaryHits(value, terms)) {
          const at = lineOf(source, path);
          problems.push({
            file: source.path,
            line: at === undefined ? undefined : at + block + (folded ? 0 : hit.line),
            entry: entryOf(source, path),
            field: path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, ''),
            rule: 'glossary',
            message: glossaryMessage(hit.found, hit.term),
          });
        }
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) if (!QUOTED_FIELDS.has(k)) visit(v, [...path, k]);
      }
    };
    if (source.data) visit(source.doc.toJS(), []);
  }
  return problems;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.mdx?$/.test(name)) out.push(path);
  }
  return out;
}

export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  const registryDir = options.registryDir ?? REGISTRY_DIR;
  const docsDir = options.docsDir ?? join(ROOT, 'content', 'docs');
  const loaded = loadRegistryDir(registryDir, ROOT, { regexSafety: options.regexSafety ?? true });
  const { registry, problems } = loaded;
  problems.push(...validateSteps(loaded, await shellParser()));
  const readme = join(registryDir, 'README.md');
  const glossary = existsSync(readme) ? parseGlossary(readFileSync(readme, 'utf8')) : [];
  problems.push(...registryGlossary(loaded, glossary));
  const codes = new Set(registry.errors.map((e) => e.code));
  const generated = (options.generated ?? ['codes', 'systems', 'en/codes', 'en/systems']).map((g) => join(docsDir, g));
  const pages = walk(docsDir).filter((p) => !generated.some((g) => p.startsWith(g + '/')));
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    if (!relative(docsDir, page).startsWith('en/')) {
      for (const hit of glossaryHits(text, glossary)) {
        problems.push({ file: relative(ROOT, page), line: hit.line + 1, rule: 'glossary', message: glossaryMessage(hit.found, hit.term) });
      }
    }
    for (const match of text.matchAll(ERROR_CODE_TAG)) {
      if (codes.has(match[1])) continue;
      const line = text.slice(0, match.index).split('\n').length;
      problems.push({ file: relative(ROOT, page), line, entry: match[1], rule: 'unknown-code', message: `page refers to unknown code ${match[1]}` });
    }
  }
  // Every hand-written page exists in both locales: zh-TW at the root, English under en/.
  const rel = pages.map((p) => relative(docsDir, p).replace(/\.mdx?$/, ''));
  const zh = new Set(rel.filter((r) => !r.startsWith('en/')));
  const en = new Set(rel.filter((r) => r.startsWith('en/')).map((r) => r.slice(3)));
  for (const page of zh) {
    if (!en.has(page)) problems.push({ file: relative(ROOT, join(docsDir, page)), rule: 'missing-translation', message: `page has no English version at en/${page}.mdx` });
  }
  for (const page of en) {
    if (!zh.has(page)) problems.push({ file: relative(ROOT, join(docsDir, 'en', page)), rule: 'missing-translation', message: `page has no Traditional Chinese version at ${page}.mdx` });
  }
  return {
    problems,
    stats: {
      systems: registry.systems.length,
      errors: registry.errors.length,
      logFormats: registry.logFormats.length,
      dbProfiles: registry.dbProfiles.length,
      pages: pages.length,
    },
  };
}
