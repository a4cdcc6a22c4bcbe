/** The `errdex` command in its own process, with its exit code, output and peak memory. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MEASURE = fileURLToPath(new URL('./measure-cli.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the whole process, MiB. */
  peakMiB: number;
}

export function errdex(args: string[], options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [MEASURE, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 180_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, LANG: 'C', ...options.env },
  });
  const m = /\nERRDEX_MAXRSS_KB=(\d+)\n$/.exec(r.stderr);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: m ? r.stderr.slice(0, m.index) : r.stderr,
    peakMiB: m ? Number(m[1]) / 1024 : NaN,
  };
}
