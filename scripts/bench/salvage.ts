/**
 * Salvage benchmark: `errdex salvage` on a generated 200 MB database (8 MB with --quick), whole
 * and with one page in 200 zeroed, beside SQLite's own `.recover | sqlite3 NEW.db` on the same
 * files in the same run. The `.recover` shell is built from Debian's source on first use
 * (test/fixtures/db/recover-reference.ts); without it the figures stand alone.
 *
 * Each salvage runs in a fresh child process (this file, run with `--child`), so peak memory is
 * its own; the child loads sql.js first, then times the command itself: reading, salvaging,
 * writing the new file.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recoverShell, shellVersion } from '../../test/fixtures/db/recover-reference.ts';
import { generate } from './db.ts';
import type { Bench, BenchRow } from './types.ts';

const SELF = fileURLToPath(import.meta.url);

interface ChildResult {
  ms: number;
  /** User + system CPU time of the salvage. */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
  rows: number;
}

async function child(path: string, out: string): Promise<void> {
  const { loadSqlJs } = await import('../../src/diagnostics/db/node/sqljs-node.ts');
  const { runSalvage } = await import('../../src/cli/salvage.ts');
  const { sql } = await loadSqlJs();
  rmSync(out, { force: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const run = runSalvage({ file: path, out, json: true, locale: 'en' }, { sql, env: {} });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const result: ChildResult = { ms, cpuMs: (used.user + used.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, exitCode: run.exitCode, rows: run.report?.rows.recovered ?? 0 };
  rmSync(out, { force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(path: string, out: string): ChildResult {
  const r = spawnSync(process.execPath, [SELF, '--child', path, out], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`salvage child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** `times` in a shell prints the CPU time of the shell's children: both sqlite3 processes. */
function parseTimes(out: string): number | undefined {
  const lines = out.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  return m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : undefined;
}

/** `.recover` into a new database, as its documentation shows: the SQL piped into a second shell. */
function runRecover(shell: string, path: string, out: string): { ms: number; cpuMs?: number } {
  rmSync(out, { force: true });
  const started = performance.now();
  const r = spawnSync('sh', ['-c', '"$0" "$1" .recover | "$0" "$2"; times', shell, path, out], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const ms = performance.now() - started;
  if (r.status !== 0 || !existsSync(out)) throw new Error(`.recover failed: ${r.stderr}`);
  rmSync(out, { force: true });
  return { ms, cpuMs: parseTimes(r.stdout) };
}

/** A copy of `path` with one page in `every` zeroed (page 1 kept). */
function damaged(path: string, to: string, every: number): void {
  copyFileSync(path, to);
  const ps = 4096;
  const pages = Math.floor(statSync(to).size / ps);
  const fd = openSync(to, 'r+');
  const zeros = new Uint8Array(ps);
  for (let p = every; p <= pages; p += every) writeSync(fd, zeros, 0, ps, (p - 1) * ps);
  closeSync(fd);
}

const bench: Bench = async ({ quick, workDir }) => {
  const mb = quick ? 8 : 200;
  const base = join(workDir, `salvage-bench-${mb}mb.db`);
  if (!existsSync(base)) generate(base, mb);
  const broken = join(workDir, `salvage-bench-${mb}mb-damaged.db`);
  if (!existsSync(broken)) damaged(base, broken, 200);
  const shell = recoverShell(true);
  const out = join(workDir, 'salvage-bench-out.db');
  const rows: BenchRow[] = [];
  for (const [path, what] of [[base, 'whole'], [broken, 'one page in 200 zeroed']] as const) {
    const label = `${(statSync(path).size / 2 ** 20).toFixed(0)} MB, ${what}`;
    const ours = runChild(path, out);
    const ref = 'path' in shell ? runRecover(shell.path, path, out) : undefined;
    const refName = 'path' in shell ? `.recover | sqlite3 (SQLite ${shellVersion(shell.path)})` : '';
    rows.push({
      suite: 'salvage',
      name: `errdex salvage, ${label}`,
      value: Math.round(ours.ms),
      unit: 'ms',
      ...(ref ? { reference: { name: refName, value: Math.round(ref.ms) }, ratio: Number((ours.ms / ref.ms).toFixed(2)) } : {}),
      note: `${ours.rows} rows recovered, exit ${ours.exitCode}; peak memory ${Math.round(ours.peakRssMb)} MB; load average ${loadavg()[0]!.toFixed(1)}; salvage's time is the command in its process after sql.js is loaded; .recover's includes both shells' start${ref ? '' : `; no .recover reference: ${(shell as { error: string }).error}`}`,
    });
    rows.push({
      suite: 'salvage',
      name: `errdex salvage CPU time, ${label}`,
      value: Math.round(ours.cpuMs),
      unit: 'ms',
      ...(ref?.cpuMs !== undefined && ref.cpuMs >= 10 ? { reference: { name: `${refName} (user + sys)`, value: Math.round(ref.cpuMs) }, ratio: Number((ours.cpuMs / ref.cpuMs).toFixed(2)) } : {}),
      note: 'CPU time is less sensitive than wall time to other load on the machine',
    });
  }
  return rows;
};

export default bench;

if (process.argv[2] === '--child' && process.argv[3] && process.argv[4]) await child(process.argv[3], process.argv[4]);
