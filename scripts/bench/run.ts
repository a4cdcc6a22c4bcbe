/**
 * `npm run bench`: runs every benchmark and prints one table: each figure, its target, and its
 * ratio to the reference tool measured in the same run. `--quick` runs small sizes (CI checks that
 * the benchmarks run, not their timings); `--only search,logs` picks suites; `--json FILE` also
 * writes the rows as JSON.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../src/registry/load-fs.ts';
import type { Bench, BenchRow } from './types.ts';

const SUITES = ['cli', 'search', 'logs', 'templates', 'db', 'salvage', 'site'] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
  },
});

const chosen = values.only ? values.only.split(',') : [...SUITES];
const workDir = join(ROOT, 'bench-out');
mkdirSync(workDir, { recursive: true });

const rows: BenchRow[] = [];
const failures: string[] = [];
for (const suite of chosen) {
  const file = join(ROOT, 'scripts', 'bench', `${suite}.ts`);
  if (!existsSync(file)) {
    failures.push(`${suite}: no benchmark at scripts/bench/${suite}.ts`);
    continue;
  }
  const started = performance.now();
  process.stderr.write(`bench ${suite}${values.quick ? ' (quick)' : ''}…\n`);
  try {
    const bench = (await import(file)).default as Bench;
    rows.push(...(await bench({ quick: values.quick ?? false, workDir })));
    process.stderr.write(`bench ${suite}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    failures.push(`${suite}: ${(error as Error).stack ?? error}`);
  }
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const table = [
  ['suite', 'figure', 'value', 'target', 'met', 'reference', 'ratio'],
  ...rows.map((r) => [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
    r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}` : '',
    r.ratio === undefined ? '' : `${fmt(r.ratio)}×`,
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => [...row[c]!].length)));
const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
process.stdout.write(`${line(table[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
for (const row of table.slice(1)) process.stdout.write(`${line(row)}\n`);
for (const r of rows.filter((x) => x.note)) process.stdout.write(`  note (${r.suite}, ${r.name}): ${r.note}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ quick: values.quick, rows, failures }, null, 2)}\n`);
if (failures.length > 0) {
  process.stderr.write(`\n${failures.length} benchmark(s) failed to run:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exitCode = 1;
}
