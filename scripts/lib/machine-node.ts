/** The machine's own Node, beside the project's Node 24 that `npm run` puts first on the PATH. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The first `node` on the PATH outside any node_modules folder (Node 20 on Debian 12, which the
 * npm package targets); `ERRDEX_TEST_NODE` names another. This process's Node when there is none.
 */
export function machineNode(): { path: string; version: string } {
  const candidates = process.env.ERRDEX_TEST_NODE
    ? [process.env.ERRDEX_TEST_NODE]
    : (process.env.PATH ?? '').split(delimiter).filter((dir) => dir && !dir.includes('node_modules')).map((dir) => join(dir, 'node'));
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (run.status === 0) return { path, version: run.stdout.trim() };
  }
  return { path: process.execPath, version: process.version };
}
