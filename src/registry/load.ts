/**
 * The registry loader: YAML texts in, one typed registry and a list of problems out.
 * Pure (no `node:` imports) so the browser, the CLI and the build share it; reading the
 * files from disk lives in `load-fs.ts`.
 */
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { RegistryFile, type Category, type DbProfile, type ErrorEntry, type LogFormat, type System } from './schema.ts';
import type { Problem } from './problem.ts';

export { formatProblem, RegistryError, type Problem } from './problem.ts';

export interface SourceFile {
  path: string;
  text: string;
}

export interface ErrorWithSystem extends ErrorEntry {
  system: string;
}

export interface Registry {
  systems: System[];
  categories: (Category & { system: string })[];
  errors: ErrorWithSystem[];
  logFormats: LogFormat[];
  dbProfiles: DbProfile[];
  /** Which file each system came from, for messages. */
  files: Record<string, string>;
}

export interface LoadResult {
  registry: Registry;
  problems: Problem[];
  /** Per file: the parsed YAML document and line counter, for locating later problems. */
  sources: ParsedSource[];
}

export interface ParsedSource {
  path: string;
  doc: Document;
  lines: LineCounter;
  data?: z.infer<typeof RegistryFile>;
}

type PathKey = string | number;

export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out;
}

/** The line of the YAML node at `path`, or of its nearest existing ancestor. */
export function lineOf(source: ParsedSource, path: readonly PathKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return source.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Name the entry a field path points into: `errors[3]` -> that entry's code. */
export function entryOf(source: ParsedSource, path: readonly PathKey[]): string | undefined {
  const [section, index] = path;
  if (typeof section !== 'string' || typeof index !== 'number') return undefined;
  const item = source.doc.getIn([section, index]);
  if (!isMap(item)) return `${section}[${index}]`;
  const key = section === 'errors' ? 'code' : 'id';
  const value = item.get(key);
  return typeof value === 'string' ? value : `${section}[${index}]`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') {
    return issue.message.includes('received undefined') ? 'required field is missing' : issue.message;
  }
  return issue.message;
}

export function parseSource(file: SourceFile, problems: Problem[]): ParsedSource {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: ParsedSource = { path: file.path, doc, lines };
  for (const error of doc.errors) {
    problems.push({
      file: file.path,
      line: error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line,
      rule: 'yaml',
      message: `invalid YAML: ${error.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return source;
  const raw = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  const parsed = RegistryFile.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is PathKey => typeof k !== 'symbol');
      problems.push({
        file: file.path,
        line: lineOf(source, path),
        entry: entryOf(source, path),
        field: formatPath(path) || undefined,
        rule: 'schema',
        message: describeIssue(issue),
      });
    }
    return source;
  }
  source.data = parsed.data;
  return source;
}

/**
 * Parse and validate every registry file. Problems of every file are collected; the registry
 * holds what could be validated (files with schema problems are left out of it).
 */
export function loadRegistry(files: readonly SourceFile[]): LoadResult {
  const problems: Problem[] = [];
  const sources = files.map((file) => parseSource(file, problems));
  const registry: Registry = { systems: [], categories: [], errors: [], logFormats: [], dbProfiles: [], files: {} };
  for (const source of sources) {
    const data = source.data;
    if (!data) continue;
    registry.logFormats.push(...data.logFormats);
    registry.dbProfiles.push(...data.dbProfiles);
    if (!data.system) continue;
    const system = data.system.id;
    if (registry.files[system]) {
      problems.push({
        file: source.path,
        line: lineOf(source, ['system', 'id']),
        entry: system,
        field: 'system.id',
        rule: 'duplicate-system',
        message: `system "${system}" is already defined in ${registry.files[system]}`,
      });
      continue;
    }
    registry.files[system] = source.path;
    registry.systems.push(data.system);
    registry.categories.push(...data.categories.map((c) => ({ ...c, system })));
    registry.errors.push(...data.errors.map((e) => ({ ...e, system })));
  }
  return { registry, problems, sources };
}
