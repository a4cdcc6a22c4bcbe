/**
 * Page budgets, read from the built site: the JavaScript a page loads before anyone interacts
 * with it (its module scripts and their static imports, gzip-compressed), and where the heavy
 * parts live. Dynamic imports and workers are loaded only when a tool is used, so they do not
 * count against a page.
 *
 * Budgets (KiB gzip), set from measurement with headroom:
 *   guide / code / system index page without tools ........ 20
 *   system index page (search island) ....................... 45
 *   a tool page ............................................. 60
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

const DIST = resolve('dist');
const STATIC_IMPORT = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+)["']|(?:^|[;\s}])export\s*[\w$*{}\s,]*from\s*["']([^"']+)["']/g;

function gz(text: string | Buffer): number {
  return gzipSync(text).length;
}

/** Files a module statically imports, transitively (not `import()` and not workers). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
    closure(spec.startsWith('/') ? join(DIST, spec) : resolve(dirname(file), spec), seen);
  }
  return seen;
}

export function pageScripts(html: string): { files: Set<string>; inline: number } {
  const files = new Set<string>();
  let inline = 0;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1]!)?.[1];
    if (src) closure(join(DIST, src), files);
    else if (!/application\/(?:json|ld\+json)/.test(m[1]!)) {
      inline += gz(m[2]!);
      for (const im of m[2]!.matchAll(STATIC_IMPORT)) {
        const spec = im[1] ?? im[2]!;
        if (spec.startsWith('/')) closure(join(DIST, spec), files);
      }
    }
  }
  return { files, inline };
}

function budgetOf(url: string): number {
  const html = readFileSync(join(DIST, url, 'index.html'), 'utf8');
  const { files, inline } = pageScripts(html);
  let total = inline;
  for (const f of files) total += gz(readFileSync(f));
  return total / 1024;
}

const CASES: [string, number][] = [
  ['/guides/roas-bot/database/', 20],
  ['/en/guides/botrs/retry-backoff/', 20],
  ['/codes/db_1506/', 20],
  ['/systems/roas-bot/', 45],
  ['/tools/search/', 60],
  ['/tools/logs/', 60],
  ['/tools/db/', 60],
];

for (const [url, budget] of CASES) {
  test(`${url} loads at most ${budget} KiB of JavaScript up front`, () => {
    expect(existsSync(join(DIST, url, 'index.html')), `${url} is built`).toBe(true);
    const kib = budgetOf(url);
    test.info().annotations.push({ type: 'js', description: `${kib.toFixed(1)} KiB gzip` });
    expect(kib).toBeLessThanOrEqual(budget);
  });
}

test('sql.js and its wasm are loaded only by the database checker, and only on demand', () => {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === 'index.html') pages.push(join(dir, e.name));
    }
  };
  walk(DIST);
  for (const page of pages) {
    const { files } = pageScripts(readFileSync(page, 'utf8'));
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code.includes('sql-wasm') || /initSqlJs/.test(code), `${page} loads sql.js up front via ${f}`).toBe(false);
    }
  }
});
