/**
 * `errdex` from the TypeScript sources (Node >= 22.18 strips the types): `npm run errdex`, and
 * `bin/errdex.mjs` in a clone whose bundle is missing or older than the sources. The bundle
 * (`scripts/build-cli.ts`) runs the same runner with the same commands.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../registry/files-fs.ts';
import { findCommands } from './commands-fs.ts';
import { runProcess, type CommandModule, type CommandSource } from './run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const commands: Record<string, CommandSource> = Object.fromEntries(findCommands(here).map((name) => [
  name,
  { load: () => import(pathToFileURL(join(here, `${name}.ts`)).href) as Promise<CommandModule> },
]));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

await runProcess(commands, version);
