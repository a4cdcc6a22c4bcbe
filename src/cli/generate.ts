/** `errdex generate`: the code pages, system indexes and published data, from the registry. */
import { existsSync } from 'node:fs';
import { defineCommand } from 'citty';
import { REGISTRY_DIR } from '../registry/files-fs.ts';
import type { CommandRules } from './run.ts';
import { RegistryError } from '../registry/load.ts';
import { buildOutputs, writeOutputs } from '../generate/write-fs.ts';

/** Reads the YAML files itself, with every check. */
export const rules: CommandRules = { registry: false, maintainer: true };

export default defineCommand({
  meta: { name: 'generate', description: 'Generate the code pages, system index pages, /registry.json and its JSON Schema, and the JSON Schemas of the commands\' JSON output (/schemas/), from the registry.' },
  args: {
    quiet: { type: 'boolean', description: 'Print nothing on success', default: false },
  },
  run({ args }) {
    if (!existsSync(REGISTRY_DIR)) {
      process.stderr.write(`errdex generate: there is no registry folder at ${REGISTRY_DIR} (the maintainers' commands run in a clone of errdex)\n`);
      process.exitCode = 2;
      return;
    }
    try {
      const files = buildOutputs();
      writeOutputs(files);
      if (!args.quiet) process.stdout.write(`errdex generate: ${files.length} files written\n`);
    } catch (error) {
      if (error instanceof RegistryError) {
        process.stderr.write(`errdex generate: nothing was written.\n${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  },
});
