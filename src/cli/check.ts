/** `errdex check`: the maintainers' consistency check of the registry and the guides. */
import { existsSync } from 'node:fs';
import { defineCommand } from 'citty';
import type { CommandRules } from './run.ts';
import { formatProblem } from '../registry/load.ts';
import { REGISTRY_DIR, ROOT } from '../registry/load-fs.ts';
import { runCheck } from '../registry/check-fs.ts';

/** Reads the YAML files itself, with every check. */
export const rules: CommandRules = { registry: false, maintainer: true };

export default defineCommand({
  meta: { name: 'check', description: 'Validate the error registry and the guides; list every problem and exit 1 if there are any.' },
  args: {
    registry: { type: 'string', description: 'Folder of registry YAML files (default: content/registry)' },
    docs: { type: 'string', description: 'Folder of the documentation pages to scan for code references (default: content/docs)' },
    json: { type: 'boolean', description: 'Print the problems as JSON', default: false },
  },
  async run({ args }) {
    const registryDir = args.registry ?? REGISTRY_DIR;
    if (!existsSync(registryDir)) {
      process.stderr.write(`errdex check: there is no registry folder at ${registryDir} (the maintainers' commands run in a clone of errdex, or with --registry)\n`);
      process.exitCode = 2;
      return;
    }
    const { problems, stats } = await runCheck({ registryDir, docsDir: args.docs ?? `${ROOT}/content/docs` });
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems, stats }, null, 2)}\n`);
    } else if (problems.length === 0) {
      process.stdout.write(`errdex check: ok — ${stats.systems} systems, ${stats.errors} codes, ${stats.logFormats} log formats, ${stats.dbProfiles} database profiles, ${stats.pages} pages scanned\n`);
    } else {
      for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
      process.stderr.write(`errdex check: ${problems.length} problem(s)\n`);
    }
    if (problems.length > 0) process.exitCode = 1;
  },
});
