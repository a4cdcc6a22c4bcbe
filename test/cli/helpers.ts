/** Running `errdex` as a process: through its bin, on the machine's own Node or the project's. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { machineNode } from '../../scripts/lib/machine-node.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'errdex.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a script with a Node, in `cwd`, with a plain environment (C locale, the test site). */
export function run(node: string, script: string, args: readonly string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, LANG: 'C', LC_ALL: undefined, ERRDEX_LANG: undefined, ERRDEX_SITE: 'https://errdex.example', ...options.env };
  delete env.ERRDEX_ROOT;
  delete env.ERRDEX_REGISTRY;
  const r = spawnSync(node, [script, ...args], { encoding: 'utf8', input: options.input, cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command names `errdex --help` lists. */
export function commandsIn(help: string): string[] {
  const names: string[] = [];
  let inList = false;
  for (const line of help.split('\n')) {
    if (/^(commands|for maintainers[^:]*):$/.test(line)) inList = true;
    else if (inList && /^ {2}([a-z][a-z0-9-]*)\s/.test(line)) names.push(line.trim().split(/\s+/)[0]!);
    else if (line.trim() === '') continue;
    else inList = false;
  }
  return names;
}
