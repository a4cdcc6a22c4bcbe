/**
 * The registry for a Node process: the compiled snapshot (`snapshot.ts`) when it is fresh, else
 * the YAML files, loaded and validated, and the snapshot rewritten for the next process.
 *
 * This module imports neither the YAML parser nor the schema. `load-fs.ts` registers the YAML
 * loader here when it is imported (the site build, the tests, `errdex check`); a process that
 * never imports it (the bundled CLI) calls `prepareRegistry()` first, which loads it only when
 * the snapshot is missing or stale. A stale snapshot is rebuilt or refused, never used.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import * as zlib from 'node:zlib';
import { readRegistryFiles, REGISTRY_DIR, ROOT } from './files-fs.ts';
import type { Registry } from './load.ts';
import { RegistryError } from './problem.ts';
import { makeSnapshot, readSnapshot, type SnapshotKeys, type SnapshotRead } from './snapshot.ts';

/** The key of the snapshot code, fixed when the CLI is bundled (`scripts/build-cli.ts`); computed from the sources otherwise. */
declare const __ERRDEX_CODE_KEY__: string | undefined;

/** The folder of compiled data, beside the sources (and inside the installed package). */
export const GENERATED_DIR = join(ROOT, 'generated');
export const SNAPSHOT_PATH = join(GENERATED_DIR, 'registry-snapshot.json');
/** The project's own registry: the only one whose snapshot is kept on disk. */
const OWN_REGISTRY = join(ROOT, 'content', 'registry');
/** Folders whose code decides what a snapshot holds: the loader and schema, and the search index. */
export const SNAPSHOT_CODE_DIRS = ['src/registry', 'src/diagnostics/search'];

const crc32 = (zlib as { crc32?: (data: string | Uint8Array) => number }).crc32;

/**
 * A key of named contents: each one's CRC-32 and length (zlib's, in Node 20.15 and later: a
 * fraction of a millisecond, where starting OpenSSL for SHA-256 costs a short command a tenth of
 * its time), else their SHA-256. A key detects a change; it guards nothing from an adversary.
 */
export function contentKey(parts: readonly (readonly [string, string | Uint8Array])[]): string {
  if (crc32) return `crc32:${parts.map(([name, data]) => `${name}=${crc32(data).toString(16)}.${data.length}`).join(',')}`;
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = createHash('sha256');
  for (const [name, data] of parts) hash.update(`${name}\0`).update(data).update('\0');
  return `sha256:${hash.digest('hex')}`;
}

/** Key of the `.ts` files of `SNAPSHOT_CODE_DIRS` under `root`, in name order. */
export function computeCodeKey(root = ROOT): string {
  const parts: [string, Uint8Array][] = [];
  for (const dir of SNAPSHOT_CODE_DIRS) {
    const names = existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((n) => n.endsWith('.ts')).sort() : [];
    for (const name of names) parts.push([`${dir}/${name}`, readFileSync(join(root, dir, name))]);
  }
  return contentKey(parts);
}

let codeKeyValue: string | undefined;

/** The code key of this process: fixed in the bundle, else computed from the sources once. */
export function codeKey(): string {
  codeKeyValue ??= typeof __ERRDEX_CODE_KEY__ === 'string' ? __ERRDEX_CODE_KEY__ : computeCodeKey();
  return codeKeyValue;
}

/** Key of the registry files of `dir` (names and contents); undefined when the folder does not exist. */
export function registryKey(dir = REGISTRY_DIR): string | undefined {
  if (!existsSync(dir)) return undefined;
  return contentKey(readRegistryFiles(dir, dir).map((file) => [file.path, file.text] as const));
}

const keysOf = new Map<string, SnapshotKeys>();

/** The keys a file made now from the registry in `dir` carries (computed once per process). */
export function snapshotKeys(dir = REGISTRY_DIR): SnapshotKeys {
  let keys = keysOf.get(dir);
  if (!keys) {
    const key = registryKey(dir);
    keys = key === undefined ? { codeKey: codeKey() } : { registryKey: key, codeKey: codeKey() };
    keysOf.set(dir, keys);
  }
  return keys;
}

/**
 * Write `content` to `path` whole or not at all: into a temporary file beside it, then renamed
 * over it, so a reader never sees half a file. A folder that cannot be written (an installed
 * package owned by another user) is not an error: the file is a cache.
 */
export function writeAtomic(path: string, content: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, path);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The snapshot of the registry in `dir`, read and compared with the files and code at hand. */
export function readRegistrySnapshot(dir = REGISTRY_DIR): SnapshotRead {
  if (dir !== OWN_REGISTRY) return { state: 'invalid', reason: 'only the project registry has a snapshot' };
  if (!existsSync(SNAPSHOT_PATH)) return { state: 'invalid', reason: 'not generated yet' };
  return readSnapshot(readJson(SNAPSHOT_PATH), snapshotKeys(dir));
}

/**
 * Another file compiled from the project registry (the search index): its content when it
 * carries the keys of the files and code at hand, else undefined.
 */
export function readCompiled(path: string, dir = REGISTRY_DIR): Record<string, unknown> | undefined {
  if (dir !== OWN_REGISTRY || !existsSync(path)) return undefined;
  const json = readJson(path);
  const keys = snapshotKeys(dir);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const j = json as Record<string, unknown>;
  if (j.codeKey !== keys.codeKey || (keys.registryKey !== undefined && j.registryKey !== keys.registryKey)) return undefined;
  return j;
}

/** `body` with the keys of the registry in `dir`, as a file to write (relative to the root); none but for the project registry. */
export function compiledFile(path: string, body: object, dir = REGISTRY_DIR): { path: string; content: string }[] {
  if (dir !== OWN_REGISTRY) return [];
  return [{ path: relative(ROOT, path), content: `${JSON.stringify({ ...snapshotKeys(dir), ...body })}\n` }];
}

/** The snapshot file of the registry loaded from `dir`, relative to the root: none but for the project registry. */
export function registrySnapshotFiles(registry: Registry, dir = REGISTRY_DIR): { path: string; content: string }[] {
  if (dir !== OWN_REGISTRY) return [];
  return [{ path: relative(ROOT, SNAPSHOT_PATH), content: `${JSON.stringify(makeSnapshot(registry, snapshotKeys(dir)))}\n` }];
}

/** Write the snapshot of the project registry (other folders are loaded each time). */
export function writeRegistrySnapshot(registry: Registry, dir = REGISTRY_DIR): boolean {
  const [file] = registrySnapshotFiles(registry, dir);
  return file !== undefined && writeAtomic(join(ROOT, file.path), file.content);
}

/** Loads and validates the YAML registry in a folder; throws `RegistryError` on any problem. */
export type RegistryBuilder = (dir: string) => Registry;

let builder: RegistryBuilder | undefined;
const cache = new Map<string, Registry | RegistryError>();

/** Called by `load-fs.ts`: how to load the YAML files when there is no fresh snapshot. */
export function setRegistryBuilder(build: RegistryBuilder): void {
  builder = build;
}

/** Forget what this process has loaded (tests that change the files). */
export function forgetRegistries(): void {
  cache.clear();
  keysOf.clear();
}

/**
 * The registry for a process that cannot go on without it: the fresh snapshot, else the YAML
 * files loaded and validated (the snapshot is then rewritten). Throws `RegistryError` listing
 * every problem, or saying that the snapshot is stale where the YAML loader is not at hand.
 * Regex safety is proven by `errdex check` (run first by `npm test` and CI), not here.
 */
export function requireRegistry(dir = REGISTRY_DIR): Registry {
  const known = cache.get(dir);
  if (known instanceof RegistryError) throw known;
  if (known) return known;
  const snapshot = readRegistrySnapshot(dir);
  let registry: Registry;
  if (snapshot.state === 'fresh') registry = snapshot.registry;
  else if (!existsSync(dir)) {
    throw new RegistryError([{ file: relative(ROOT, dir) || dir, rule: 'missing', message: `there is no registry folder here and no compiled registry (${snapshot.reason})` }]);
  } else if (builder) {
    try {
      registry = builder(dir);
    } catch (error) {
      if (error instanceof RegistryError) cache.set(dir, error);
      throw error;
    }
    writeRegistrySnapshot(registry, dir);
  } else {
    throw new RegistryError([{
      file: relative(ROOT, SNAPSHOT_PATH),
      rule: 'snapshot',
      message: `the compiled registry cannot be used (${snapshot.reason}); run \`npm run generate\``,
    }]);
  }
  cache.set(dir, registry);
  return registry;
}

/**
 * Make `requireRegistry(dir)` answer from memory: read the snapshot, or, when it is missing or
 * stale, load the YAML loader and rebuild it. Never throws for a registry problem: the
 * `RegistryError` is kept and thrown by `requireRegistry`, where the command reports it.
 */
export async function prepareRegistry(dir = REGISTRY_DIR): Promise<void> {
  if (cache.has(dir)) return;
  if (!builder) {
    const snapshot = readRegistrySnapshot(dir);
    if (snapshot.state === 'fresh') {
      cache.set(dir, snapshot.registry);
      return;
    }
    if (existsSync(dir)) await import('./load-fs.ts');
  }
  try {
    requireRegistry(dir);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
  }
}
