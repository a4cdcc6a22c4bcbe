/**
 * How fast `errdex` starts: `errdex --help` and `errdex lookup 'database is locked' --json`
 * through `bin/errdex.mjs`, against `node -e 0` (the same Node starting and doing nothing) in
 * the same run. Each round runs the three one after the other, so the load of the moment falls on
 * all three; a ratio is the median over the rounds of that round's ratio, and each time the
 * median of its runs (the best run is in the notes). The machine's own Node (20 on Debian 12),
 * which the npm package targets, is measured the same way when it is another Node than the
 * benchmark's.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../build-cli.ts';
import { ROOT } from '../../src/registry/load-fs.ts';
import { machineNode } from '../lib/machine-node.ts';
import type { Bench, BenchRow } from './types.ts';

const BIN = join(ROOT, 'bin', 'errdex.mjs');
const QUERY = 'database is locked';

function timeRun(node: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(node, args, { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (r.stderr) throw new Error(`${node} ${args.join(' ')} wrote to standard error (a stale bundle?): ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

function measure(node: string, rounds: number) {
  const runs = { idle: [] as number[], help: [] as number[], lookup: [] as number[] };
  for (let i = 0; i <= rounds; i++) {
    const idle = timeRun(node, ['-e', '0']);
    const help = timeRun(node, [BIN, '--help']);
    const lookup = timeRun(node, [BIN, 'lookup', QUERY, '--json']);
    if (i === 0) continue; // warm the file cache and the compile cache
    runs.idle.push(idle);
    runs.help.push(help);
    runs.lookup.push(lookup);
  }
  return {
    idle: median(runs.idle), help: median(runs.help), lookup: median(runs.lookup),
    helpRatio: median(runs.help.map((h, i) => h / runs.idle[i]!)),
    lookupRatio: median(runs.lookup.map((l, i) => l / runs.idle[i]!)),
    best: { idle: Math.min(...runs.idle), help: Math.min(...runs.help), lookup: Math.min(...runs.lookup) },
  };
}

const bench: Bench = async ({ quick }) => {
  // What runs is the bundle of the sources at hand (bin/errdex.mjs would fall back to the sources otherwise).
  await buildCli();
  const rounds = quick ? 9 : 21;
  const rows: BenchRow[] = [];
  const load = `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} when the run began`;
  const nodes = [{ path: process.execPath, version: process.version, main: true }];
  const own = machineNode();
  if (own.version !== process.version) nodes.push({ ...own, main: false });
  for (const node of nodes) {
    const m = measure(node.path, rounds);
    const on = `Node ${node.version}`;
    const note = `median of ${rounds} rounds, ratio per round (best runs: node -e 0 ${round(m.best.idle)} ms, --help ${round(m.best.help)} ms, lookup ${round(m.best.lookup)} ms); ${load}`;
    const help = m.helpRatio;
    const lookup = m.lookupRatio;
    rows.push(
      { suite: 'cli', name: `node -e 0 (${on})`, value: round(m.idle), unit: 'ms', note },
      {
        suite: 'cli', name: `errdex --help through its bin (${on})`, value: round(m.help), unit: 'ms',
        ...(node.main ? { target: '<= 2× node -e 0', ok: help <= 2 } : {}),
        reference: { name: 'node -e 0', value: round(m.idle) }, ratio: help, note,
      },
      {
        suite: 'cli', name: `errdex lookup '${QUERY}' --json through its bin (${on})`, value: round(m.lookup), unit: 'ms',
        ...(node.main ? { target: '<= 3× node -e 0', ok: lookup <= 3 } : {}),
        reference: { name: 'node -e 0', value: round(m.idle) }, ratio: lookup, note,
      },
    );
  }
  return rows;
};

export default bench;
