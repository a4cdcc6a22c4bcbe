/**
 * Shared by the log parser's tests: the registry as the parser sees it, compiled once, and small
 * ways to run the analyzer on text and files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry, RegistryError, type Registry } from '../../../src/registry/load.ts';
import { readRegistryFiles, REGISTRY_DIR } from '../../../src/registry/load-fs.ts';
import { analyzeLog, analyzeText, compileLogRegistry, type CompiledLogRegistry } from '../../../src/diagnostics/logs/analyze.ts';
import { analyzeLogFile, nodeText } from '../../../src/diagnostics/logs/analyze-fs.ts';
import type { LogAnalysis, LogRecord } from '../../../src/diagnostics/logs/types.ts';

let registry: Registry | undefined;
let compiled: CompiledLogRegistry | undefined;

/**
 * The registry, validated by its schema. The log formats live in content/registry/log-formats.yaml
 * (or, until the registry checker accepts named groups, in log-formats.yaml.pending beside it).
 * Files of other systems that fail their schema are left out rather than failing these tests.
 */
export function testRegistry(): Registry {
  if (registry) return registry;
  const files = readRegistryFiles();
  const pending = join(REGISTRY_DIR, 'log-formats.yaml.pending');
  if (!files.some((f) => f.path.endsWith('log-formats.yaml')) && existsSync(pending)) {
    files.push({ path: 'content/registry/log-formats.yaml', text: readFileSync(pending, 'utf8') });
  }
  const { registry: loaded, problems } = loadRegistry(files);
  const own = problems.filter((p) => p.file.endsWith('log-formats.yaml'));
  if (own.length > 0) throw new RegistryError(own);
  registry = loaded;
  return registry;
}

export function testCompiled(): CompiledLogRegistry {
  compiled ??= compileLogRegistry(testRegistry());
  return compiled;
}

/** Analyse text as pasted. */
export async function text(input: string): Promise<LogAnalysis & { records: LogRecord[] }> {
  const records: LogRecord[] = [];
  const result = await analyzeText(input, { compiled: testCompiled(), onRecord: (r) => records.push(r) });
  return { ...result, records };
}

/** Analyse bytes given in chunks of `chunk` bytes; `fast` uses Node's conversions of bytes to strings. */
export async function bytes(input: Uint8Array | string, options: { fast?: boolean; chunk?: number } = {}): Promise<LogAnalysis & { records: LogRecord[] }> {
  const data = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const records: LogRecord[] = [];
  const size = options.chunk ?? 1 << 16;
  async function* chunks() {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
  }
  const result = await analyzeLog(chunks(), {
    compiled: testCompiled(),
    onRecord: (r) => records.push(r),
    text: options.fast ? nodeText : undefined,
  });
  return { ...result, records };
}

/** Analyse a file as the CLI does. */
export async function file(path: string): Promise<LogAnalysis & { records: LogRecord[] }> {
  const records: LogRecord[] = [];
  const result = await analyzeLogFile(path, { compiled: testCompiled(), onRecord: (r) => records.push(r) });
  return { ...result, records };
}

/** Codes the registry has for a system, to keep tests true as entries are added. */
export function codesOf(system: string): Set<string> {
  return new Set(testRegistry().errors.filter((e) => e.system === system).map((e) => e.code));
}

/** The entry whose rules claim `message` within `system` (registry truth, for assertions). */
export function entryFor(system: string, code: string) {
  return testRegistry().errors.find((e) => e.system === system && e.code === code);
}
