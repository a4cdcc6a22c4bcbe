/**
 * The sub-commands of `errdex`: every module of `src/cli/` whose default export is a command
 * (`export default defineCommand(`), named after its file. A new file is a new command, in the
 * TypeScript sources (`main.ts`) and in the bundle (`scripts/build-cli.ts`) alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMAND = /^export default defineCommand\(/m;

/** The command names in `dir`, sorted. */
export function findCommands(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^[a-z][a-z0-9-]*\.ts$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .filter((name) => COMMAND.test(readFileSync(join(dir, name), 'utf8')))
    .map((name) => name.slice(0, -3))
    .sort();
}
