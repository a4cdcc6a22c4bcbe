/**
 * Log parser benchmark: the whole command `errdex logs FILE --json` on a generated mixed-format
 * log (512 MB; 24 MB with --quick), with one and with two worker threads, side by side in the same
 * run with lnav (the tool operators would otherwise use) and `grep -c ERROR` on the same file, with
 * the records each finds and the command's peak memory; and the log parser page in Chromium on a
 * 200 MB file (24 MB quick), when the site is built and Chromium is there: its MB/s with its pool
 * of piece readers and with one, the main thread's longest long task and the browser's memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMixedLog } from '../../test/fixtures/logs/make-mixed.ts';
import { descendantsPssMb } from '../lib/process-memory.ts';
import { withPreviewBrowser } from './preview.ts';
import type { Bench, BenchRow } from './types.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'errdex.mjs');
/** Bump when make-mixed.ts changes what it writes. */
const GENERATOR_VERSION = 1;

interface CommandResult {
  ms: number;
  cpuMs?: number;
  peakMb?: number;
  stdout: string;
}

/** Wall and CPU time and peak memory of a command, by GNU time when present (else the shell's `times`). */
function timed(command: string, args: string[], env: Record<string, string> = {}): CommandResult {
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = performance.now();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', 'errdex-bench %e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } })
    : spawnSync('sh', ['-c', `"$0" "$@"; s=$?; times >&2; exit $s`, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /errdex-bench ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (m) return { ms, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, peakMb: Number(m[4]) / 1024, stdout: r.stdout };
  const t = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/.exec(r.stderr.trim().split('\n').pop() ?? '');
  return { ms, cpuMs: t ? (Number(t[1]) * 60 + Number(t[2]) + Number(t[3]) * 60 + Number(t[4])) * 1000 : undefined, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / 2 ** 20 / (ms / 1000);
const fixed = (x: number, d = 1) => Number(x.toFixed(d));

function ensureLog(workDir: string, megabytes: number): string {
  const path = join(workDir, `logs-mixed-${megabytes}mb-v${GENERATOR_VERSION}.log`);
  if (!existsSync(path)) writeMixedLog(path, megabytes, 1);
  return path;
}

function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** `errdex logs FILE --json` as a user runs it, with `workers` reader threads. */
function errdex(path: string, workers: number): CommandResult & { records: number; unparsed: number } {
  const r = timed(process.execPath, [BIN, 'logs', path, '--json', '--workers', String(workers)]);
  const json = JSON.parse(r.stdout) as { records: number; files: { unparsedLines: number }[] };
  return { ...r, records: json.records, unparsed: json.files[0]!.unparsedLines };
}

async function nodeRows(quick: boolean, workDir: string): Promise<BenchRow[]> {
  const megabytes = quick ? 24 : 512;
  const repeats = quick ? 1 : 3;
  const path = ensureLog(workDir, megabytes);
  const size = statSync(path).size;
  const label = `${megabytes} MB`;
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'ignore'] }); // warm the page cache for every contender
  const one: ReturnType<typeof errdex>[] = [];
  const two: ReturnType<typeof errdex>[] = [];
  const grep: CommandResult[] = [];
  const lnav: (CommandResult & { count: number })[] = [];
  const lnavPath = which('lnav');
  for (let i = 0; i < repeats; i++) {
    grep.push(timed('grep', ['-c', 'ERROR', path]));
    if (lnavPath) {
      const r = timed(lnavPath, ['-n', '-c', ';SELECT count(*) FROM all_logs', path]);
      lnav.push({ ...r, count: Number(/(\d+)\s*$/.exec(r.stdout)?.[1] ?? NaN) });
    }
    one.push(errdex(path, 1));
    two.push(errdex(path, 2));
  }
  const load = loadavg()[0]!.toFixed(1);
  const speed1 = mbps(size, median(one.map((o) => o.ms)));
  const speed2 = mbps(size, median(two.map((o) => o.ms)));
  const lnavSpeed = lnav.length > 0 ? mbps(size, median(lnav.map((l) => l.ms))) : undefined;
  const reference = lnavSpeed !== undefined ? { name: 'lnav -n -c "SELECT count(*) FROM all_logs"', value: fixed(lnavSpeed) } : undefined;
  const records = two[0]!.records;
  const rows: BenchRow[] = [];
  const scaling = speed2 / speed1;
  rows.push({
    suite: 'logs',
    name: `errdex logs --json, ${label} mixed log, 2 worker threads (whole command)`,
    value: fixed(speed2),
    unit: 'MB/s',
    target: '>= 1.0x lnav, every record',
    ok: lnavSpeed !== undefined ? speed2 >= lnavSpeed && two[0]!.unparsed === 0 : undefined,
    reference,
    ratio: reference ? fixed(speed2 / reference.value, 2) : undefined,
    note: `median of ${repeats}; ${records.toLocaleString('en-US')} records, ${two[0]!.unparsed} unparsed lines; load average ${load} on ${availableParallelism()} cores; ratio = ours / lnav`,
  });
  rows.push({
    suite: 'logs',
    name: `errdex logs --json, ${label} mixed log, 1 worker thread (whole command)`,
    value: fixed(speed1),
    unit: 'MB/s',
    reference,
    ratio: reference ? fixed(speed1 / reference.value, 2) : undefined,
    note: `scaling from 1 to 2 threads: ${scaling.toFixed(2)}x; with the same per-thread share, 4 cores would read about ${fixed(speed1 * Math.pow(scaling, 2), 0)} MB/s and 8 cores about ${fixed(speed1 * Math.pow(scaling, 3), 0)} MB/s (the reading and merging thread sets the limit past that)`,
  });
  const cpu = two.every((o) => o.cpuMs) && lnav.every((l) => l.cpuMs)
    ? { ours: mbps(size, median(two.map((o) => o.cpuMs!))), lnav: mbps(size, median(lnav.map((l) => l.cpuMs!))) }
    : undefined;
  if (cpu) {
    rows.push({
      suite: 'logs',
      name: `errdex logs --json, ${label}, per CPU second (user + sys, all threads)`,
      value: fixed(cpu.ours),
      unit: 'MB/s',
      reference: { name: 'lnav (CPU time)', value: fixed(cpu.lnav) },
      ratio: fixed(cpu.ours / cpu.lnav, 2),
      note: 'less sensitive than wall time to other load on the machine',
    });
  }
  if (lnav.length > 0) {
    const count = lnav[0]!.count;
    rows.push({
      suite: 'logs',
      name: `records found, ${label} mixed log`,
      value: records,
      unit: 'records',
      reference: { name: 'lnav all_logs rows', value: count },
      ratio: fixed(records / count, 2),
      note: `lnav counts the lines it attributes to one of its formats; ours counts multi-line records (the generator wrote ${records.toLocaleString('en-US')} records)`,
    });
  }
  const grepSpeed = mbps(size, median(grep.map((g) => g.ms)));
  rows.push({
    suite: 'logs',
    name: 'grep -c ERROR, same file',
    value: fixed(grepSpeed),
    unit: 'MB/s',
    reference: { name: 'errdex logs, 2 threads', value: fixed(speed2) },
    ratio: fixed(grepSpeed / speed2, 2),
    note: 'a plain substring count, for scale: ratio = grep / ours',
  });
  const peaks = [...one, ...two].map((o) => o.peakMb).filter((x): x is number => x !== undefined);
  if (peaks.length > 0) {
    const peak = Math.max(...peaks);
    rows.push({
      suite: 'logs',
      name: `peak memory of errdex logs, ${label}`,
      value: Math.round(peak),
      unit: 'MB',
      target: '< 300 MB',
      ok: peak < 300,
      note: 'peak RSS of the whole command (Node, the registry, the reader threads, the parse)',
    });
  }
  return rows;
}

interface PageRun {
  mbps: number;
  records: number;
  readers: number;
  /** Longest main-thread long task while the file was read (ms), and how many there were. */
  longest: number;
  longTasks: number;
  /** Browser memory over the idle page at its peak (MB). */
  memory?: number;
}

/**
 * The log parser page in Chromium: drop the file on a warmed-up page, read the speed the page
 * reports, the main thread's long tasks (a PerformanceObserver for `longtask`) and the browser's
 * memory; with the default pool of piece readers (one per core, at least two) and with one.
 */
export async function browserRows(quick: boolean, workDir: string): Promise<BenchRow[]> {
  const megabytes = quick ? 24 : 200;
  const label = `${megabytes} MB`;
  const skip = (why: string): BenchRow[] => [{ suite: 'logs', name: `log parser page in Chromium, ${label}`, value: NaN, unit: 'MB/s', target: '>= 60 MB/s', note: `not measured: ${why}` }];
  const page = join(ROOT, 'dist', 'en', 'tools', 'logs', 'index.html');
  if (!existsSync(page)) return skip('the site is not built (npm run build)');
  const path = ensureLog(workDir, megabytes);
  const size = statSync(path).size;
  const result = await withPreviewBrowser('/en/tools/logs/', async (base, browser) => {
    const run = async (query: string): Promise<PageRun | string> => {
      const tab = await browser.newPage();
      try {
        await tab.addInitScript(() => {
          const w = window as unknown as { errdexLongTasks: number[] };
          w.errdexLongTasks = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.errdexLongTasks.push(e.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        await tab.goto(`${base}/en/tools/logs/${query}`);
        await tab.locator('errdex-log-parser[data-ready]').waitFor({ timeout: 60_000 });
        await tab.locator('[data-drop]').hover();
        await tab.locator('errdex-log-parser[data-warm="ready"]').waitFor({ timeout: 60_000 });
        await tab.evaluate(() => {
          (window as unknown as { errdexLongTasks: number[] }).errdexLongTasks.length = 0;
        });
        const idle = descendantsPssMb();
        let peak = idle;
        let sampling = true;
        const sampler = (async () => {
          while (sampling && idle !== undefined) {
            peak = Math.max(peak!, descendantsPssMb() ?? 0);
            await new Promise((r) => setTimeout(r, 200));
          }
        })();
        await tab.getByLabel(/choose log files/i).setInputFiles(path);
        const done = tab.locator('errdex-log-parser[data-state="done"]');
        await done.waitFor({ timeout: 900_000 });
        sampling = false;
        await sampler;
        const records = Number(await done.getAttribute('data-records'));
        if (!(records > 0)) return 'the page recognised no records (are the log formats in the registry?)';
        const tasks = await tab.evaluate(() => (window as unknown as { errdexLongTasks: number[] }).errdexLongTasks);
        return {
          mbps: Number(await done.getAttribute('data-mbps')),
          records,
          readers: Number(await done.getAttribute('data-readers')),
          longest: tasks.length > 0 ? Math.max(...tasks) : 0,
          longTasks: tasks.length,
          memory: idle !== undefined && peak !== undefined ? peak - idle : undefined,
        };
      } finally {
        await tab.close();
      }
    };
    const repeats = quick ? 1 : 3;
    const pooled: PageRun[] = [];
    const single: PageRun[] = [];
    for (let i = 0; i < repeats; i++) {
      const a = await run('');
      if (typeof a === 'string') return skip(a);
      pooled.push(a);
      const b = await run('?readers=1');
      if (typeof b === 'string') return skip(b);
      single.push(b);
    }
    const speed = median(pooled.map((r) => r.mbps));
    const speed1 = median(single.map((r) => r.mbps));
    const longest = Math.max(...pooled.map((r) => r.longest), ...single.map((r) => r.longest));
    const memories = [...pooled, ...single].map((r) => r.memory).filter((m): m is number => m !== undefined);
    const readers = pooled[0]!.readers;
    const rows: BenchRow[] = [{
      suite: 'logs',
      name: `log parser page in Chromium, ${label} mixed log, ${readers} piece readers`,
      value: fixed(speed),
      unit: 'MB/s',
      target: '>= 60 MB/s',
      ok: speed >= 60,
      note: `median of ${repeats}; from the drop to the results, as the page measures it (the log worker and ${readers} Web Workers reading pieces, ${(size / 2 ** 20).toFixed(0)} MB, ${pooled[0]!.records.toLocaleString('en-US')} records); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    }, {
      suite: 'logs',
      name: `log parser page in Chromium, ${label} mixed log, 1 piece reader (the log worker alone)`,
      value: fixed(speed1),
      unit: 'MB/s',
      reference: { name: `${readers} piece readers`, value: fixed(speed) },
      ratio: fixed(speed / speed1, 2),
      note: `ratio = ${readers} readers / 1; the same summary either way (test/e2e/logs-viewer.spec.ts proves it on a real file)`,
    }, {
      suite: 'logs',
      name: `longest main-thread long task while the page reads ${label}`,
      value: fixed(longest, 0),
      unit: 'ms',
      target: '<= 50 ms',
      ok: longest <= 50,
      note: `PerformanceObserver for longtask, every run: ${[...pooled, ...single].map((r) => `${r.longTasks} over 50 ms (longest ${r.longest.toFixed(0)})`).join('; ')}; the main thread only draws, so what remains is the page's own work around the drop and the results`,
    }];
    if (memories.length > 0) {
      const memory = Math.max(...memories);
      rows.push({
        suite: 'logs',
        name: `browser memory over the idle page while reading ${label}`,
        value: Math.round(memory),
        unit: 'MB',
        target: '< 1024 MB',
        ok: memory < 1024,
        note: 'peak PSS of every browser process (page, log worker, piece readers), sampled every 200 ms, less the warmed-up idle page',
      });
    }
    return rows;
  });
  return 'skipped' in result ? skip(result.skipped) : result;
}

interface Expected {
  program: string;
  mixed?: boolean;
  lines: number;
  records: [line: number, level: string | null, time: string | null][];
}

/**
 * Logs no format of the registry describes: the wild corpus (real programs' logs made here, each
 * with its expected records) and, when `LOGHUB_DIR` names a folder of them, the Loghub 2k data
 * sets (2,000 records each). Records found by errdex, beside the lines lnav attributes to one of
 * its formats in the same run.
 */
async function wildRows(): Promise<BenchRow[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { analyzeLog, compileLogRegistry } = await import('../../src/diagnostics/logs/analyze.ts');
  const { nodeText } = await import('../../src/diagnostics/logs/analyze-fs.ts');
  const { requireRegistry } = await import('../../src/registry/snapshot-fs.ts');
  const compiled = compileLogRegistry(requireRegistry());
  const lnavPath = which('lnav');
  const lnavLines = (path: string) => (lnavPath ? Number(/(\d+)\s*$/.exec(spawnSync(lnavPath, ['-n', '-c', ';SELECT count(*) FROM all_logs', path], { encoding: 'utf8' }).stdout)?.[1] ?? 0) : NaN);
  const rows: BenchRow[] = [];
  const sets: { name: string; files: { path: string; records: number; lines: number; program: string }[] }[] = [];
  const dir = join(ROOT, 'test', 'fixtures', 'logs', 'wild');
  sets.push({
    name: 'wild corpus (test/fixtures/logs/wild)',
    files: readdirSync(dir).filter((f) => f.endsWith('.expected.json')).map((f) => {
      const e = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected;
      return { path: join(dir, f.replace(/\.expected\.json$/, '.log')), records: e.records.length, lines: e.lines, program: e.program };
    }),
  });
  const loghub = process.env.LOGHUB_DIR;
  if (loghub && existsSync(loghub)) {
    sets.push({
      name: `Loghub 2k data sets (${loghub})`,
      files: readdirSync(loghub).filter((d) => existsSync(join(loghub, d, `${d}_2k.log`))).map((d) => ({ path: join(loghub, d, `${d}_2k.log`), records: 2000, lines: 2000, program: d })),
    });
  }
  for (const set of sets) {
    let found = 0;
    let expected = 0;
    let lines = 0;
    let lnav = 0;
    const missed: string[] = [];
    for (const f of set.files) {
      const { summary } = await analyzeLog(readFileSync(f.path), { compiled, text: nodeText });
      found += summary.records;
      expected += f.records;
      lines += f.lines;
      if (summary.records !== f.records) missed.push(`${f.program}: ${summary.records} of ${f.records}`);
      lnav += lnavLines(f.path);
    }
    rows.push({
      suite: 'logs',
      name: `records found, ${set.name}, ${set.files.length} logs`,
      value: found,
      unit: 'records',
      target: `= ${expected.toLocaleString('en-US')} (every record)`,
      ok: found === expected && missed.length === 0,
      reference: lnavPath ? { name: 'lnav: lines it attributes to one of its formats', value: lnav } : undefined,
      ratio: lnavPath ? fixed(found / Math.max(lnav, 1), 2) : undefined,
      note: `${lines.toLocaleString('en-US')} lines; ${missed.length === 0 ? 'every file read whole' : `differs: ${missed.join('; ')}`}; lnav counts lines (a record of several lines counts once per line it attributes)`,
    });
  }
  return rows;
}

const bench: Bench = async ({ quick, workDir }) => [...(await nodeRows(quick, workDir)), ...(await wildRows()), ...(await browserRows(quick, workDir))];

export default bench;

