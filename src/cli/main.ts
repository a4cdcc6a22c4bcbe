/** The `errdex` command: argument parsing and dispatch; each sub-command lives in its own file. */
import { defineCommand, runMain } from 'citty';

const main = defineCommand({
  meta: {
    name: 'errdex',
    version: '0.1.0',
    description: 'The error index: look up error codes, read logs and check SQLite databases against one error registry.',
  },
  subCommands: {
    lookup: () => import('./lookup.ts').then((m) => m.default),
    logs: () => import('./logs.ts').then((m) => m.default),
    db: () => import('./db.ts').then((m) => m.default),
    salvage: () => import('./salvage.ts').then((m) => m.default),
    check: () => import('./check.ts').then((m) => m.default),
    generate: () => import('./generate.ts').then((m) => m.default),
  },
});

await runMain(main);
