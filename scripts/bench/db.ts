/**
 * Database checker benchmark: the whole check (header, WAL, quick_check, integrity_check,
 * foreign_key_check, profile) of generated 100 MB and 500 MB databases, against the native
 * `sqlite3` shell's `PRAGMA integrity_check` on the same file in the same run, and the peak
 * memory of a Node process doing the check.
 *
 * Each measurement runs in a fresh child process (this file, run with `--child`), so peak
 * memory is the check's own and no run warms the next one's JIT. The child loads what
 * `errdex db` loads, then times `runDb` (src/cli/db.ts), the command itself: opening the files,
 * the helper thread for large databases, the check and the JSON output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchRow } from './types.ts';

const SELF = fileURLToPath(import.meta.url);
const SQLITE3 = process.env.SQLITE3_PATH ?? '/usr/bin/sqlite3';

/** A database shaped like the two profiles': row tables with indexes, and vector blobs. */
export function generate(path: string, megabytes: number): void {
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  const db = new DatabaseSync(tmp, { enableForeignKeyConstraints: false });
  db.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;
    CREATE TABLE users (id INTEGER PRIMARY KEY, guild_id INTEGER NOT NULL, display_name TEXT, joined_at TEXT);
    CREATE TABLE user_achievements (user_id INTEGER NOT NULL, achievement_id INTEGER NOT NULL, earned_at TEXT);
    CREATE TABLE economy_accounts (user_id INTEGER NOT NULL, guild_id INTEGER NOT NULL, balance INTEGER NOT NULL);
    CREATE TABLE messages (message_id INTEGER PRIMARY KEY, channel_id INTEGER, content TEXT, created_at TEXT);
    CREATE TABLE embeddings (id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL, model_version TEXT NOT NULL, dimension INTEGER NOT NULL, vector BLOB);
    CREATE INDEX idx_users_guild_id ON users(guild_id);
    CREATE INDEX idx_achievements_user_id ON user_achievements(user_id);
    CREATE INDEX idx_economy_user_guild ON economy_accounts(user_id, guild_id);
    CREATE INDEX idx_embeddings_message_id ON embeddings(message_id);`);
  const target = megabytes * 1024 * 1024;
  const user = db.prepare('INSERT INTO users VALUES (?, ?, ?, ?)');
  const ach = db.prepare('INSERT INTO user_achievements VALUES (?, ?, ?)');
  const eco = db.prepare('INSERT INTO economy_accounts VALUES (?, ?, ?)');
  const msg = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?)');
  const emb = db.prepare("INSERT INTO embeddings (message_id, model_version, dimension, vector) VALUES (?, 'Qwen/Qwen3-Embedding-0.6B', 256, randomblob(1024))");
  const pages = db.prepare('PRAGMA page_count');
  let id = 0;
  for (;;) {
    db.exec('BEGIN');
    for (let k = 0; k < 1000; k++, id++) {
      user.run(id, 1000 + (id % 97), `user ${id}`, '2025-08-23 10:30:15');
      ach.run(id, id % 50, '2025-08-23');
      ach.run(id, (id * 7) % 50, '2025-08-23');
      eco.run(id, 1000 + (id % 97), id % 10_000);
      msg.run(id, id % 13, `message number ${id} about something or other`, '2025-07-06 01:00:00');
      emb.run(id);
    }
    db.exec('COMMIT');
    if (Number((pages.get() as { page_count: number }).page_count) * 4096 >= target) break;
  }
  db.close();
  renameSync(tmp, path);
}

interface ChildResult {
  checkMs: number;
  /** User + system CPU time of the check. */
  cpuMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  integrity: string;
  /** How the file was read: whole into memory first, or piece by piece. */
  reading: string;
  /** Whether a second thread ran the checks after integrity_check. */
  parallel: boolean;
}

/**
 * In a child: load what `errdex db` loads (sql.js and the compiled registry), then check `path`
 * once as `errdex db FILE --json` does and report time and memory.
 */
async function child(path: string): Promise<void> {
  const { loadSqlJs } = await import('../../src/diagnostics/db/node/sqljs-node.ts');
  const { prepareRegistry, requireRegistry } = await import('../../src/registry/snapshot-fs.ts');
  const { prestartWorker, runDb } = await import('../../src/cli/db.ts');
  const { sql, module } = await loadSqlJs();
  // As the command does: the second thread starts while the registry is read.
  const worker = prestartWorker(module, path);
  await prepareRegistry();
  const registry = requireRegistry();
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const run = runDb({ file: path, json: true }, { sql, registry, module, worker, env: {} });
  const checkMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const result: ChildResult = {
    checkMs,
    cpuMs: (used.user + used.system) / 1000,
    baselineRssMb: baseline / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    integrity: run.report?.integrity ?? 'none',
    reading: run.reading ?? 'none',
    parallel: run.parallel ?? false,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MEASURE = fileURLToPath(new URL('./measure-command.ts', import.meta.url));

interface CommandResult {
  ms: number;
  /** User + system CPU time of the whole process. */
  cpuMs: number;
  peakRssMb: number;
}

/**
 * `errdex db FILE --json` in its own process, started as an installed command starts (the
 * project's Node running bin/errdex.mjs): process start, module loading, registry, sql.js, the
 * check and the JSON written. The wrapper adds one module import and reports the process's CPU
 * time and peak memory when it exits.
 */
function runCommand(path: string): CommandResult {
  const started = performance.now();
  const r = spawnSync(process.execPath, [MEASURE, 'db', path, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, LANG: 'C' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`errdex db exited ${r.status}: ${r.stderr}`);
  if (JSON.parse(r.stdout).integrity !== 'ok') throw new Error(`errdex db did not say ok on ${path}`);
  const m = /ERRDEX_MEASURE=(\{.*\})\s*$/.exec(r.stderr);
  const measured = m ? (JSON.parse(m[1]!) as { cpuMs: number; maxRssKb: number }) : { cpuMs: NaN, maxRssKb: NaN };
  return { ms, cpuMs: measured.cpuMs, peakRssMb: measured.maxRssKb / 1024 };
}

function runChild(path: string): ChildResult {
  const r = spawnSync(process.execPath, [SELF, '--child', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`check child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** `times` in a shell prints the CPU time of the shell's children: the sqlite3 run. */
function parseTimes(out: string): number | undefined {
  const lines = out.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  return m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : undefined;
}

function runNative(path: string): { ms: number; cpuMs?: number; ok: boolean; name: string } {
  if (existsSync(SQLITE3)) {
    const started = performance.now();
    const r = spawnSync('sh', ['-c', `"$0" "$1" 'PRAGMA integrity_check;' > "$1.out"; times`, SQLITE3, path], { encoding: 'utf8' });
    const ms = performance.now() - started;
    const ok = readFileSync(`${path}.out`, 'utf8').trim() === 'ok';
    rmSync(`${path}.out`, { force: true });
    return { ms, cpuMs: parseTimes(r.stdout), ok, name: 'sqlite3 CLI integrity_check' };
  }
  const script = `const{DatabaseSync}=require('node:sqlite');const d=new DatabaseSync(process.argv[1],{readOnly:true});const t=performance.now();const c=process.cpuUsage();const r=d.prepare('PRAGMA integrity_check').all();const u=process.cpuUsage(c);process.stdout.write(JSON.stringify({ms:performance.now()-t,cpuMs:(u.user+u.system)/1000,ok:r[0].integrity_check==='ok'}))`;
  const r = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
  return { ...(JSON.parse(r.stdout) as { ms: number; cpuMs: number; ok: boolean }), name: 'node:sqlite integrity_check' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bench: Bench = async ({ quick, workDir }) => {
  const sizes = quick ? [4, 16] : [100, 200, 500];
  const repeats = quick ? 1 : 3;
  const rows: BenchRow[] = [];
  for (const mb of sizes) {
    const path = join(workDir, `db-bench-${mb}mb.db`);
    if (!existsSync(path)) generate(path, mb);
    const size = statSync(path).size;
    readFileSync(path).length; // warm the OS page cache for both contenders
    const ours: ChildResult[] = [];
    const commands: CommandResult[] = [];
    const native: number[] = [];
    const nativeCpu: number[] = [];
    let nativeName = '';
    for (let i = 0; i < repeats; i++) {
      const n = runNative(path);
      if (!n.ok) throw new Error(`${n.name} did not say ok on ${path}`);
      nativeName = n.name;
      native.push(n.ms);
      if (n.cpuMs !== undefined) nativeCpu.push(n.cpuMs);
      const o = runChild(path);
      if (o.integrity !== 'ok') throw new Error(`the checker said ${o.integrity} on ${path}`);
      ours.push(o);
      commands.push(runCommand(path));
    }
    const ms = median(ours.map((o) => o.checkMs));
    const ref = median(native);
    const ratio = ms / ref;
    const label = `${(size / 2 ** 20).toFixed(0)} MB`;
    const whole = median(commands.map((c) => c.ms));
    rows.push({
      suite: 'db',
      name: `whole command \`errdex db FILE --json\`, ${label}`,
      value: Math.round(whole),
      unit: 'ms',
      target: '<= 3x native',
      ok: whole / ref <= 3,
      reference: { name: `${nativeName} (its own process)`, value: Math.round(ref) },
      ratio: Number((whole / ref).toFixed(2)),
      note: `median of ${repeats}; the command in its own process as an installed errdex runs (Node start, modules, registry, sql.js, the check, the JSON), ${Math.round(median(commands.map((c) => c.cpuMs)))} ms of CPU and ${Math.round(Math.max(...commands.map((c) => c.peakRssMb)))} MB at most; the native figure is the sqlite3 shell started the same way; load average ${loadavg()[0]!.toFixed(1)}`,
    });
    rows.push({
      suite: 'db',
      name: `in-process check, ${label} (read, header, integrity_check, foreign_key_check, profile checks)`,
      value: Math.round(ms),
      unit: 'ms',
      target: '<= 2x native',
      ok: ratio <= 2,
      reference: { name: nativeName, value: Math.round(ref) },
      ratio: Number(ratio.toFixed(2)),
      note: `median of ${repeats}; file ${ours[0]!.reading === 'lazy' ? 'read page by page' : 'read into memory'}${ours[0]!.parallel ? ", SQLite's own checks on a second thread" : ''}; load average ${loadavg()[0]!.toFixed(1)}; the checker's time is \`errdex db FILE --json\` as run in its process (files opened, helper thread started, check, JSON written), after sql.js and the registry parts it uses are loaded; the native time includes its process start`,
    });
    if (nativeCpu.length > 0) {
      const cpu = median(ours.map((o) => o.cpuMs));
      const refCpu = median(nativeCpu);
      rows.push({
        suite: 'db',
        name: `in-process check CPU time, ${label}`,
        value: Math.round(cpu),
        unit: 'ms',
        target: '<= 2x native',
        // The shell reports CPU time in 10 ms steps; below that a ratio says nothing.
        ...(refCpu >= 10 ? { ok: cpu / refCpu <= 2, ratio: Number((cpu / refCpu).toFixed(2)) } : {}),
        reference: { name: `${nativeName} (user + sys)`, value: Math.round(refCpu) },
        note: refCpu >= 10
          ? 'CPU time is less sensitive than wall time to other load on the machine'
          : 'the native CPU time is below the 10 ms resolution of the measurement, so no ratio is given',
      });
    }
    const peak = Math.max(...ours.map((o) => o.peakRssMb));
    const base = median(ours.map((o) => o.baselineRssMb));
    const fileMb = size / 2 ** 20;
    rows.push({
      suite: 'db',
      name: `peak memory of the Node process, ${label}`,
      value: Math.round(peak),
      unit: 'MB',
      target: `<= 1.5x file (${Math.round(fileMb * 1.5)} MB)`,
      ok: peak <= fileMb * 1.5,
      ratio: Number((peak / fileMb).toFixed(2)),
      note: `peak RSS of the whole process (threads included); ${Math.round(base)} MB before the check (Node, sql.js, registry parts), so the check itself added ${Math.round(peak - base)} MB`,
    });
  }
  return rows;
};

export default bench;

if (process.argv[2] === '--child' && process.argv[3]) await child(process.argv[3]);
