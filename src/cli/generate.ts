/** `errdex generate`: the code pages, system indexes and published data, from the registry. */
import { defineCommand } from 'citty';
import { RegistryError } from '../registry/load.ts';
import { buildOutputs, writeOutputs } from '../generate/write-fs.ts';

export default defineCommand({
  meta: { name: 'generate', description: 'Generate the code pages, system index pages, /registry.json and its JSON Schema from the registry.' },
  args: {
    quiet: { type: 'boolean', description: 'Print nothing on success', default: false },
  },
  run({ args }) {
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
