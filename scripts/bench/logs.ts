/**
 * Log parser benchmark: the Node core on a generated mixed-format log (1 GB; 24 MB with --quick),
 * side by side in the same run with `grep -c ERROR` and lnav on the same file, with the peak memory
 * of the Node process; and the log parser page in Chromium on a 200 MB file (24 MB quick), when
 * the site is built and Chromium is there.
 *
 * Each Node measurement runs in a fresh child process (this file, run with `--child`), so peak
 * memory is the parse's own and no run warms the next one's JIT.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMixedLog } from '../../test/fixtures/logs/make-mixed.ts';
import type { Bench, BenchRow } from './types.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(SELF, '..', '..', '..');
/** Bump when make-mixed.ts changes what it writes. */
const GENERATOR_VERSION = 1;

interface ChildResult {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  records: number;
  lines: number;
  unparsed: number;
}

/** In a child: load the registry, then analyse `path` once and report time, memory and counts. */
async function child(path: string): Promise<void> {
  const { loadRegistry } = await import('../../src/registry/load.ts');
  const { readRegistryFiles, REGISTRY_DIR } = await import('../../src/registry/load-fs.ts');
  const { compileLogRegistry } = await import('../../src/diagnostics/logs/parser.ts');
  const { analyzeLogFile } = await import('../../src/diagnostics/logs/analyze-fs.ts');
  const files = readRegistryFiles();
  const pending = join(REGISTRY_DIR, 'log-formats.yaml.pending');
  if (!files.some((f) => f.path.endsWith('log-formats.yaml')) && existsSync(pending)) {
    files.push({ path: 'content/registry/log-formats.yaml', text: readFileSync(pending, 'utf8') });
  }
  const compiled = compileLogRegistry(loadRegistry(files).registry);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { summary } = await analyzeLogFile(path, { compiled });
  const used = process.cpuUsage(cpu);
  const result: ChildResult = {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    records: summary.records,
    lines: summary.lines,
    unparsed: summary.unparsedLines,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * In a child: the least any parser of the registry's formats must do, and nothing more. The file
 * is read in the same chunks and as the same byte strings as the Node core reads it; each line is
 * cut out, tried against the head patterns its first character routes to (the format that matched
 * the last line of the same shape first, as the parser does), and JSON lines go through
 * `JSON.parse`. No field is read, nothing is counted or classified. Its speed bounds the core's.
 */
async function floorChild(path: string): Promise<void> {
  const { loadRegistry } = await import('../../src/registry/load.ts');
  const { readRegistryFiles } = await import('../../src/registry/load-fs.ts');
  const { compileLogRegistry } = await import('../../src/diagnostics/logs/parser.ts');
  const { nodeByteStrings, READ_CHUNK } = await import('../../src/diagnostics/logs/analyze-fs.ts');
  const { createReadStream } = await import('node:fs');
  type Format = ReturnType<typeof compileLogRegistry>['formats']['formats'][number];
  const { route } = compileLogRegistry(loadRegistry(readRegistryFiles()).registry).formats;
  const predictions = new Map<number, Format>();
  let matched = 0;
  let lines = 0;
  const tryLine = (line: string): void => {
    lines++;
    const c = line.charCodeAt(0);
    const bucket = c < 128 ? c : 128;
    const candidates = route[bucket]!;
    const shape = ((bucket * 128 + (line.charCodeAt(10) & 127)) * 128 + (line.charCodeAt(19) & 127)) * 128 + (line.charCodeAt(23) & 127);
    const last = predictions.get(shape);
    const attempt = (f: Format): boolean => {
      if (f.kind === 'json') {
        try {
          return typeof JSON.parse(line) === 'object';
        } catch {
          return false;
        }
      }
      return f.head!.exec(line) !== null;
    };
    if (last !== undefined && attempt(last)) {
      matched++;
      return;
    }
    for (const f of candidates) {
      if (f !== last && attempt(f)) {
        if (!f.generic) predictions.set(shape, f);
        matched++;
        return;
      }
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    const text = carry + nodeByteStrings.decode(chunk as Uint8Array);
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      tryLine(text.slice(pos, nl));
      pos = nl + 1;
    }
    carry = text.slice(pos);
  }
  if (carry.length > 0) tryLine(carry);
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, lines, matched })}\n`);
}

function runFloor(path: string): { ms: number; cpuMs: number; lines: number; matched: number } {
  const r = spawnSync(process.execPath, [SELF, '--floor', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`floor child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; lines: number; matched: number };
}

function runChild(path: string): ChildResult {
  const r = spawnSync(process.execPath, [SELF, '--child', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`parse child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** Wall and CPU time of a shell command (`times` prints the CPU time of the shell's children). */
function timed(command: string, args: string[]): { ms: number; cpuMs?: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync('sh', ['-c', `"$0" "$@" > /tmp/errdex-bench-out.$$; s=$?; cat /tmp/errdex-bench-out.$$; rm -f /tmp/errdex-bench-out.$$; times; exit $s`, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - started;
  const lines = r.stdout.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : undefined;
  return { ms, cpuMs, stdout: lines.slice(0, -2).join('\n') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / 2 ** 20 / (ms / 1000);

function ensureLog(workDir: string, megabytes: number): string {
  const path = join(workDir, `logs-mixed-${megabytes}mb-v${GENERATOR_VERSION}.log`);
  if (!existsSync(path)) writeMixedLog(path, megabytes, 1);
  return path;
}

function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function nodeRows(quick: boolean, workDir: string): Promise<BenchRow[]> {
  const megabytes = quick ? 24 : 1024;
  const repeats = quick ? 1 : 3;
  const path = ensureLog(workDir, megabytes);
  const size = statSync(path).size;
  const label = quick ? `${megabytes} MB` : '1 GB';
  spawnSync('cat', [path], { stdio: ['ignore', 'ignore', 'ignore'] }); // warm the page cache for every contender
  const ours: ChildResult[] = [];
  const floor: { ms: number; cpuMs: number }[] = [];
  const grep: { ms: number; cpuMs?: number }[] = [];
  const lnav: { ms: number; cpuMs?: number; count: number }[] = [];
  const lnavPath = which('lnav');
  for (let i = 0; i < repeats; i++) {
    grep.push(timed('grep', ['-c', 'ERROR', path]));
    if (lnavPath) {
      const r = timed(lnavPath, ['-n', '-c', ';SELECT count(*) FROM all_logs', path]);
      lnav.push({ ms: r.ms, cpuMs: r.cpuMs, count: Number(/(\d+)\s*$/.exec(r.stdout)?.[1] ?? NaN) });
    }
    ours.push(runChild(path));
    floor.push(runFloor(path));
  }
  const ms = median(ours.map((o) => o.ms));
  const cpu = median(ours.map((o) => o.cpuMs));
  const speed = mbps(size, ms);
  const cpuSpeed = mbps(size, cpu);
  const load = loadavg()[0]!.toFixed(1);
  const rows: BenchRow[] = [];
  const grepMs = median(grep.map((g) => g.ms));
  const reference = lnav.length > 0
    ? { name: 'lnav -n -c "SELECT count(*) FROM all_logs"', value: Number(mbps(size, median(lnav.map((l) => l.ms))).toFixed(1)) }
    : undefined;
  rows.push({
    suite: 'logs',
    name: `Node core, ${label} mixed log, wall`,
    value: Number(speed.toFixed(1)),
    unit: 'MB/s',
    target: '>= 200 MB/s',
    ok: speed >= 200,
    reference,
    ratio: reference ? Number((speed / reference.value).toFixed(2)) : undefined,
    note: `median of ${repeats}; ${ours[0]!.records.toLocaleString('en-US')} records in ${ours[0]!.lines.toLocaleString('en-US')} lines, ${ours[0]!.unparsed} unparsed; load average ${load} on ${availableParallelism()} cores; ratio = ours / lnav`,
  });
  rows.push({
    suite: 'logs',
    name: `Node core, ${label} mixed log, CPU time (user + sys)`,
    value: Number(cpuSpeed.toFixed(1)),
    unit: 'MB/s',
    target: '>= 200 MB/s',
    ok: cpuSpeed >= 200,
    reference: lnav.length > 0 && lnav.every((l) => l.cpuMs) ? { name: 'lnav (CPU time)', value: Number(mbps(size, median(lnav.map((l) => l.cpuMs!))).toFixed(1)) } : undefined,
    note: 'MB per CPU second: less sensitive than wall time to other load on the machine',
  });
  const rowRef = rows[1]!.reference;
  if (rowRef) rows[1]!.ratio = Number((cpuSpeed / rowRef.value).toFixed(2));
  const grepSpeed = mbps(size, grepMs);
  rows.push({
    suite: 'logs',
    name: `grep -c ERROR, same file`,
    value: Number(grepSpeed.toFixed(1)),
    unit: 'MB/s',
    reference: { name: 'errdex Node core', value: Number(speed.toFixed(1)) },
    ratio: Number((grepSpeed / speed).toFixed(2)),
    note: 'a plain substring count, for scale: ratio = grep / ours',
  });
  const floorSpeed = mbps(size, median(floor.map((f) => f.ms)));
  rows.push({
    suite: 'logs',
    name: `lower bound: cut lines, match head patterns, JSON.parse JSON lines, ${label}`,
    value: Number(floorSpeed.toFixed(1)),
    unit: 'MB/s',
    target: '>= 200 MB/s',
    ok: floorSpeed >= 200,
    reference: { name: 'errdex Node core', value: Number(speed.toFixed(1)) },
    ratio: Number((floorSpeed / speed).toFixed(2)),
    note: `median of ${repeats}; only the steps every parser of these formats takes (no field read, nothing counted), so the core cannot beat it on this machine; CPU ${mbps(size, median(floor.map((f) => f.cpuMs))).toFixed(1)} MB/s; ratio = bound / core`,
  });
  if (lnav.length > 0) {
    const count = lnav[0]!.count;
    rows.push({
      suite: 'logs',
      name: `records recognised, ${label} mixed log`,
      value: ours[0]!.records,
      unit: 'records',
      reference: { name: 'lnav all_logs rows', value: count },
      ratio: Number((ours[0]!.records / count).toFixed(2)),
      note: 'lnav counts the lines it can attribute to one of its formats; ours counts multi-line records',
    });
  }
  const peak = Math.max(...ours.map((o) => o.peakRssMb));
  rows.push({
    suite: 'logs',
    name: `peak memory of the Node process, ${label}`,
    value: Math.round(peak),
    unit: 'MB',
    target: '< 300 MB',
    ok: peak < 300,
    note: 'peak RSS of the whole process (Node, the registry and the parse)',
  });
  return rows;
}

/** The log parser page in Chromium: drop the file, read the speed the page reports. */
async function browserRows(quick: boolean, workDir: string): Promise<BenchRow[]> {
  const megabytes = quick ? 24 : 200;
  const label = `${megabytes} MB`;
  const skip = (why: string): BenchRow[] => [{ suite: 'logs', name: `log parser page in Chromium, ${label}`, value: NaN, unit: 'MB/s', target: '>= 80 MB/s', note: `not measured: ${why}` }];
  const page = join(ROOT, 'dist', 'en', 'tools', 'logs', 'index.html');
  if (!existsSync(page)) return skip('the site is not built (npm run build)');
  const executable = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  let playwright: typeof import('@playwright/test');
  try {
    playwright = await import('@playwright/test');
  } catch {
    return skip('@playwright/test is not installed');
  }
  const path = ensureLog(workDir, megabytes);
  const size = statSync(path).size;
  const port = 4400 + Math.floor(Math.random() * 500);
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/en/tools/logs/`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 120) return skip('astro preview did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const browser = await playwright.chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const speeds: number[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        const tab = await browser.newPage();
        await tab.goto(`${base}/en/tools/logs/`);
        await tab.locator('errdex-log-parser[data-ready]').waitFor({ timeout: 60_000 });
        await tab.getByLabel(/choose a log file/i).setInputFiles(path);
        const done = tab.locator('errdex-log-parser[data-state="done"]');
        await done.waitFor({ timeout: 600_000 });
        const records = Number(await done.getAttribute('data-records'));
        if (!(records > 0)) return skip('the page recognised no records (are the log formats in the registry?)');
        speeds.push(Number(await done.getAttribute('data-mbps')));
        await tab.close();
      }
      const speed = median(speeds);
      const bound = await browserFloor(browser, `${base}/en/tools/logs/`, path);
      const floorRow: BenchRow = {
        suite: 'logs',
        name: `lower bound in Chromium: read, decode, cut lines, match head patterns, JSON.parse JSON lines, ${label}`,
        value: Number(mbps(size, bound.ms).toFixed(1)),
        unit: 'MB/s',
        target: '>= 80 MB/s',
        ok: mbps(size, bound.ms) >= 80,
        reference: { name: 'log parser page', value: Number(speed.toFixed(1)) },
        ratio: Number((mbps(size, bound.ms) / speed).toFixed(2)),
        note: `one thread of the same page, the same file; only the steps every parser of these formats takes, nothing counted (${bound.matched.toLocaleString('en-US')} lines recognised); ratio = bound / page`,
      };
      return [floorRow, {
        suite: 'logs',
        name: `log parser page in Chromium, ${label} mixed log`,
        value: Number(speed.toFixed(1)),
        unit: 'MB/s',
        target: '>= 80 MB/s',
        ok: speed >= 80,
        note: `median of ${speeds.length}; from the drop to the results, as the page measures it (Web Worker, ${(size / 2 ** 20).toFixed(0)} MB)`,
      }];
    } finally {
      await browser.close();
    }
  } finally {
    stop();
  }
}

/**
 * In a tab of the log parser page, on one thread: read the file in the page's slices, decode it,
 * cut lines and try the registry's head patterns (the pattern that matched the last line of the
 * same shape first) or JSON.parse on each. The formats come from the page's own data.
 */
async function browserFloor(browser: import('@playwright/test').Browser, url: string, path: string): Promise<{ ms: number; matched: number }> {
  const tab = await browser.newPage();
  try {
    await tab.goto(url);
    await tab.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-floor-input';
      document.body.append(input);
    });
    await tab.locator('#bench-floor-input').setInputFiles(path);
    return await tab.evaluate(async () => {
      const input = document.getElementById('bench-floor-input') as HTMLInputElement;
      const file = input.files![0]!;
      const data = JSON.parse(document.querySelector<HTMLElement>('errdex-log-parser')!.dataset.page!) as { registry: { logFormats: { kind: string; head?: string }[] } };
      const heads = data.registry.logFormats.filter((f) => f.kind === 'text' && f.head).map((f) => new RegExp(f.head!));
      const json = data.registry.logFormats.some((f) => f.kind === 'json');
      const predictions = new Map<number, number>();
      let matched = 0;
      const tryLine = (line: string) => {
        const c = line.charCodeAt(0);
        if (c === 123 && json) {
          try {
            if (typeof JSON.parse(line) === 'object') matched++;
          } catch {
            // not JSON
          }
          return;
        }
        const shape = (((c & 255) * 128 + (line.charCodeAt(10) & 127)) * 128 + (line.charCodeAt(19) & 127)) * 128 + (line.charCodeAt(23) & 127);
        const last = predictions.get(shape);
        if (last !== undefined && heads[last]!.exec(line) !== null) {
          matched++;
          return;
        }
        for (let i = 0; i < heads.length; i++) {
          if (i !== last && heads[i]!.exec(line) !== null) {
            predictions.set(shape, i);
            matched++;
            return;
          }
        }
      };
      const started = performance.now();
      const decoder = new TextDecoder('utf-8');
      const piece = 4 * 1024 * 1024;
      let carry = '';
      for (let at = 0; at < file.size; at += piece) {
        const text = carry + decoder.decode(new Uint8Array(await file.slice(at, at + piece).arrayBuffer()), { stream: true });
        let pos = 0;
        for (;;) {
          const nl = text.indexOf('\n', pos);
          if (nl < 0) break;
          tryLine(text.slice(pos, nl));
          pos = nl + 1;
        }
        carry = text.slice(pos);
      }
      carry += decoder.decode();
      if (carry.length > 0) tryLine(carry);
      return { ms: performance.now() - started, matched };
    });
  } finally {
    await tab.close();
  }
}

const bench: Bench = async ({ quick, workDir }) => [...(await nodeRows(quick, workDir)), ...(await browserRows(quick, workDir))];

export default bench;

if (process.argv[2] === '--child' && process.argv[3]) await child(process.argv[3]);
if (process.argv[2] === '--floor' && process.argv[3]) await floorChild(process.argv[3]);
