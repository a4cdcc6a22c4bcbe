/**
 * The Bash parser for `errdex check`: tree-sitter's runtime and its Bash grammar, both
 * WebAssembly, loaded once per process from their npm packages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
let ready: Promise<Parser> | undefined;

/** A parser set to the Bash grammar (one per process; parsing is synchronous once it exists). */
export function shellParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtime = require.resolve('web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const bash = await Language.load(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));
    const parser = new Parser();
    parser.setLanguage(bash);
    return parser;
  })();
  return ready;
}
