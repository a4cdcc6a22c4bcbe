/**
 * Builds the `errdex` command into `generated/cli/`: one entry file, `errdex.mjs`, that runs on
 * plain Node >= 20 (no type stripping), and the chunks it loads when a command needs them (each
 * sub-command, the YAML loader, sql.js, …). `bin/errdex.mjs` runs it; `npm pack` ships it with
 * the compiled registry (`generated/registry-snapshot.json`, made or refreshed here too).
 *
 * - Commands are the modules `src/cli/commands-fs.ts` finds; their descriptions and options are
 *   written into the entry, so `errdex --help` and the option checks load no command module.
 * - A module that starts a worker the standard way, `new URL('./worker.ts', import.meta.url)`,
 *   gets that worker built as an entry of its own, and the URL pointed at it.
 * - A file a module finds with `require.resolve('pkg/file.wasm')` is copied beside the bundle and
 *   found there.
 * - `inputs.json` lists the source files with their sizes and times, so that `bin/errdex.mjs`
 *   in a clone can tell a bundle older than its sources.
 *
 * Run by `npm install` (the `prepare` script), `npm run build` and `npm run build:cli`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { findCommands } from '../src/cli/commands-fs.ts';
import type { CommandInfo, CommandModule } from '../src/cli/run.ts';
import { requireSearchIndex } from '../src/diagnostics/search/index-fs.ts';
import { requireRegistry, ROOT } from '../src/registry/load-fs.ts';
import { computeCodeKey, GENERATED_DIR } from '../src/registry/snapshot-fs.ts';

const OUT = join(GENERATED_DIR, 'cli');
const CLI_DIR = join(ROOT, 'src', 'cli');
const require = createRequire(import.meta.url);

/** What every command module says of itself, read by loading it here once. */
async function manifest(names: string[]): Promise<Record<string, CommandInfo>> {
  const out: Record<string, CommandInfo> = {};
  for (const name of names) {
    const module = (await import(pathToFileURL(join(CLI_DIR, `${name}.ts`)).href)) as CommandModule;
    const meta = module.default.meta as { description?: string } | undefined;
    const args = module.default.args;
    if (typeof args === 'function' || args instanceof Promise) throw new Error(`src/cli/${name}.ts: the options must be a plain object`);
    out[name] = { description: meta?.description ?? '', args: args ?? {}, rules: module.rules ?? {} };
  }
  return out;
}

/** The entry: the runner with every command, each loaded when it runs. */
function entrySource(names: string[], info: Record<string, CommandInfo>, version: string): string {
  const lines = names.map((name) => `  ${JSON.stringify(name)}: { info: info[${JSON.stringify(name)}], load: () => import(${JSON.stringify(join(CLI_DIR, `${name}.ts`))}) },`);
  return [
    `import { runProcess } from ${JSON.stringify(join(CLI_DIR, 'run.ts'))};`,
    `const info = ${JSON.stringify(info)};`,
    'const commands = {',
    ...lines,
    '};',
    `await runProcess(commands, ${JSON.stringify(version)});`,
  ].join('\n');
}

const WORKER_URL = /new URL\((['"])\.\/([\w./-]+)\.ts\1,\s*import\.meta\.url\)/g;
const ASSET = /require\.resolve\((['"])([^'"]+\.wasm)\1\)/g;

/** Output name of a worker: its path under src/ with the folders joined by `-`. */
const workerName = (file: string) => relative(join(ROOT, 'src'), file).replace(/\.ts$/, '').replaceAll('/', '-');

interface Found {
  workers: Set<string>;
  assets: Map<string, string>;
}

/** Points worker URLs and resolved assets at their places beside the bundle, and notes them. */
function placesPlugin(found: Found): Plugin {
  return {
    name: 'errdex-places',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        let contents = readFileSync(args.path, 'utf8');
        let changed = false;
        contents = contents.replace(WORKER_URL, (_, quote: string, path: string) => {
          const file = join(dirname(args.path), `${path}.ts`);
          found.workers.add(file);
          changed = true;
          return `new URL(${quote}./${workerName(file)}.mjs${quote}, import.meta.url)`;
        });
        contents = contents.replace(ASSET, (_, quote: string, request: string) => {
          const file = require.resolve(request, { paths: [dirname(args.path)] });
          found.assets.set(basename(file), file);
          changed = true;
          return `__errdexFile(new URL(${quote}./${basename(file)}${quote}, import.meta.url))`;
        });
        if (!changed) return undefined;
        if (contents.includes('__errdexFile')) contents = `import { fileURLToPath as __errdexFile } from 'node:url';\n${contents}`;
        return { contents, loader: 'ts' };
      });
    },
  };
}

const ENTRY = 'errdex:entry';

function entryPlugin(source: string): Plugin {
  return {
    name: 'errdex-entry',
    setup(b) {
      b.onResolve({ filter: /^errdex:entry$/ }, () => ({ path: ENTRY, namespace: 'errdex' }));
      b.onLoad({ filter: /.*/, namespace: 'errdex' }, () => ({ contents: source, resolveDir: CLI_DIR, loader: 'ts' }));
    },
  };
}

async function bundle(outdir: string, entry: string, workers: Set<string>, found: Found, codeKey: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [{ in: ENTRY, out: 'errdex' }, ...[...workers].map((file) => ({ in: file, out: workerName(file) }))],
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    define: { __ERRDEX_CODE_KEY__: JSON.stringify(codeKey) },
    // CommonJS libraries (sql.js) call `require('fs')` and read `__dirname`, which an ES module lacks.
    banner: {
      js: [
        "import { createRequire as __errdexRequire } from 'node:module';",
        "import { fileURLToPath as __errdexPath } from 'node:url';",
        'const require = __errdexRequire(import.meta.url);',
        'const __filename = __errdexPath(import.meta.url);',
        "const __dirname = __errdexPath(new URL('.', import.meta.url));",
      ].join(' '),
    },
    plugins: [entryPlugin(entry), placesPlugin(found)],
  });
  return result.metafile;
}

export async function buildCli(): Promise<{ files: number; bytes: number }> {
  // The compiled registry and search index ship beside the bundle; make sure they are there and fresh.
  requireSearchIndex(requireRegistry());
  const names = findCommands(CLI_DIR);
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const entry = entrySource(names, await manifest(names), version);
  const codeKey = computeCodeKey();

  const temp = `${OUT}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  const found: Found = { workers: new Set(), assets: new Map() };
  let workers = new Set<string>();
  let metafile: Metafile;
  // A worker found in the first pass becomes an entry of the second (and so on, for a worker's worker).
  for (;;) {
    metafile = await bundle(temp, entry, workers, found, codeKey);
    if ([...found.workers].every((w) => workers.has(w))) break;
    workers = new Set(found.workers);
    rmSync(temp, { recursive: true, force: true });
  }
  for (const [name, file] of found.assets) copyFileSync(file, join(temp, name));
  const inputs = Object.keys(metafile.inputs)
    .filter((path) => !path.includes('node_modules/') && !path.startsWith('<') && existsSync(join(ROOT, path)))
    .concat(['package.json', 'package-lock.json'].filter((p) => existsSync(join(ROOT, p))))
    .sort()
    .map((path) => {
      const s = statSync(join(ROOT, path));
      return [path, s.size, s.mtimeMs] as const;
    });
  writeFileSync(join(temp, 'inputs.json'), `${JSON.stringify({ $comment: 'Sources of this bundle (path, size, mtime), for bin/errdex.mjs to tell a stale bundle.', inputs })}\n`);

  // Swap the new folder in whole, so a running `errdex` never sees half of each.
  const old = `${OUT}.${process.pid}.old`;
  mkdirSync(dirname(OUT), { recursive: true });
  if (existsSync(OUT)) renameSync(OUT, old);
  renameSync(temp, OUT);
  rmSync(old, { recursive: true, force: true });
  const outputs = Object.entries(metafile.outputs);
  return { files: outputs.length + found.assets.size, bytes: outputs.reduce((sum, [, o]) => sum + o.bytes, 0) };
}

if (import.meta.main) {
  const started = performance.now();
  const { files, bytes } = await buildCli();
  process.stdout.write(`errdex: built ${relative(ROOT, OUT)}/ (${files} files, ${(bytes / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
