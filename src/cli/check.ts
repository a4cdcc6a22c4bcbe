/** `errdex check`: the maintainers' consistency check of the registry and the guides. */
import { defineCommand } from 'citty';
import { formatProblem } from '../registry/load.ts';
import { REGISTRY_DIR, ROOT } from '../registry/load-fs.ts';
import { runCheck } from '../registry/check-fs.ts';

export default defineCommand({
  meta: { name: 'check', description: 'Validate the error registry and the guides; list every problem and exit 1 if there are any.' },
  args: {
    registry: { type: 'string', description: 'Folder of registry YAML files', default: REGISTRY_DIR },
    docs: { type: 'string', description: 'Folder of the documentation pages to scan for code references', default: `${ROOT}/content/docs` },
    json: { type: 'boolean', description: 'Print the problems as JSON', default: false },
  },
  async run({ args }) {
    const { problems, stats } = await runCheck({ registryDir: args.registry, docsDir: args.docs });
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
