#!/usr/bin/env node
// The `errdex` command. It runs the bundle in generated/cli/ (plain JavaScript for Node >= 20),
// which `npm install` builds in a clone (the `prepare` script) and the npm package ships. In a
// clone whose sources changed after the bundle was built, it runs the TypeScript sources instead
// (Node >= 22.18 strips their types; `npx errdex` brings the project's Node 24), so what runs is
// always what the sources say.
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node >= 22.1 keeps the compiled code of the bundle between runs (in the system's temporary
// folder, or NODE_COMPILE_CACHE); a command run from cron or CI starts faster from the second run.
module.enableCompileCache?.();

const bundle = new URL('../generated/cli/errdex.mjs', import.meta.url);
const sources = new URL('../src/cli/main.ts', import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

/** Why the bundle does not match the sources beside it, or undefined (none there: the installed package). */
function stale() {
  if (!existsSync(bundle)) return 'it has not been built';
  if (!existsSync(sources)) return undefined;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(new URL('../generated/cli/inputs.json', import.meta.url), 'utf8')).inputs;
  } catch {
    return 'its list of sources is missing';
  }
  for (const [path, size, mtime] of inputs) {
    let s;
    try {
      s = statSync(root + path);
    } catch {
      return `${path} is gone`;
    }
    if (s.size !== size || s.mtimeMs !== mtime) return `${path} changed`;
  }
  return undefined;
}

const why = stale();
const [major, minor] = process.versions.node.split('.').map(Number);
const stripsTypes = major > 22 || (major === 22 && minor >= 18);
if (why && existsSync(sources) && stripsTypes) {
  await import(sources.href);
} else if (why && !existsSync(bundle)) {
  process.stderr.write(`errdex: the command is not built (run \`npm run build:cli\`), and its TypeScript sources need Node >= 22.18 (this is ${process.version}).\n`);
  process.exitCode = 2;
} else {
  if (why) process.stderr.write(`errdex: the bundled command is older than its sources (${why}); run \`npm run build:cli\`.\n`);
  await import(bundle.href);
}
