/**
 * The site build: pages built and seconds per page, and the size of what a reader downloads.
 * Reads the existing `dist/` when `--quick` (CI builds the site anyway); otherwise builds it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/registry/load-fs.ts';
import type { Bench, BenchRow } from './types.ts';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const bench: Bench = async ({ quick }) => {
  const rows: BenchRow[] = [];
  const dist = join(ROOT, 'dist');
  if (!quick) {
    const started = performance.now();
    const run = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    if (run.status !== 0) throw new Error(`build failed:\n${run.stderr}`);
    const seconds = (performance.now() - started) / 1000;
    const pages = walk(dist).filter((f) => f.endsWith('.html')).length;
    rows.push({ suite: 'site', name: 'build (generate + astro + pagefind)', value: seconds, unit: 's' });
    rows.push({ suite: 'site', name: 'build time per page', value: (seconds * 1000) / pages, unit: 'ms' });
  }
  if (!existsSync(dist)) {
    rows.push({ suite: 'site', name: 'dist/ not built', value: 0, unit: '', note: 'run npm run build first' });
    return rows;
  }
  const files = walk(dist);
  const html = files.filter((f) => f.endsWith('.html'));
  rows.push({ suite: 'site', name: 'HTML pages', value: html.length, unit: 'pages' });
  const js = files.filter((f) => f.endsWith('.js') && f.includes('_astro'));
  rows.push({ suite: 'site', name: 'client JavaScript, all chunks', value: js.reduce((n, f) => n + statSync(f).size, 0) / 1024, unit: 'KiB' });
  return rows;
};

export default bench;
