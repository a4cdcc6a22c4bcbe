/**
 * The registry as `errdex db` needs it, read without the rest: every database profile; for each
 * code a finding can carry (the checker's own codes and the profiles' data-check codes) its
 * system, related codes and title; for every other code only its system, which is all the
 * checker asks of a related code.
 *
 * The whole registry, parsed into YAML documents and checked against the zod schema, takes
 * several times the memory of the check itself, so files are parsed only where needed: a file
 * that declares `dbProfiles` in full, and of a system file its `system` block and the entries
 * of the codes above, each cut out at its `- code:` line. What is read gets the checks and
 * defaults of `src/registry/schema.ts` that the checker relies on (`errdex check` validates the
 * whole registry). A file whose layout this reading does not recognise is parsed whole.
 */
import { parse } from 'yaml';
import type { CheckRegistry } from '../diagnostics/db/check.ts';
import { CODES } from '../diagnostics/db/findings.ts';
import { profileCodes } from '../diagnostics/db/profile.ts';
import { CODE_PATTERN } from '../registry/codes.ts';
import { readRegistryFiles, REGISTRY_DIR } from '../registry/files-fs.ts';
import type { DbProfile, Localized } from '../registry/schema.ts';

export interface DbRegistryEntry {
  code: string;
  system: string;
  /** Related codes, read for the codes a finding can carry (empty for the others). */
  related: string[];
  /** The title, read for the codes a finding can carry. */
  title?: Localized;
}

export interface DbRegistry extends CheckRegistry {
  errors: DbRegistryEntry[];
}

export interface DbRegistryProblem {
  file: string;
  message: string;
}

class Invalid extends Error {}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A checked object with exactly the keys of `shape` (the schema's strict objects). */
function fields(value: unknown, where: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (!isObject(value)) throw new Invalid(`${where}: expected a mapping`);
  for (const key of required) if (value[key] === undefined) throw new Invalid(`${where}.${key}: required field is missing`);
  const known = new Set([...required, ...optional]);
  const unknown = Object.keys(value).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Invalid(`${where}: unknown field(s): ${unknown.join(', ')}`);
  return value;
}

/** The schema's `text`: a non-empty string, trimmed. */
function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Invalid(`${where}: expected a non-empty string`);
  return value.trim();
}

function optionalText(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : text(value, where);
}

function id(value: unknown, where: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new Invalid(`${where}: must be kebab-case (a-z, 0-9, -)`);
  return value;
}

function code(value: unknown, where: string): string {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) throw new Invalid(`${where}: must look like PREFIX_1234`);
  return value;
}

function localized(value: unknown, where: string): Localized {
  const o = fields(value, where, ['zh-TW', 'en']);
  return { 'zh-TW': text(o['zh-TW'], `${where}.zh-TW`), en: text(o.en, `${where}.en`) };
}

function list<T>(value: unknown, where: string, item: (v: unknown, w: string) => T, min = 0): T[] {
  if (value === undefined) {
    if (min > 0) throw new Invalid(`${where}: required field is missing`);
    return [];
  }
  if (!Array.isArray(value)) throw new Invalid(`${where}: expected a list`);
  if (value.length < min) throw new Invalid(`${where}: expected at least ${min} item(s)`);
  return value.map((v, i) => item(v, `${where}[${i}]`));
}

function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new Invalid(`${where}: expected true or false`);
  return value;
}

/** A profile as the schema's `DbProfile` gives it (defaults filled in, texts trimmed). */
export function readProfile(value: unknown, where: string): DbProfile {
  const p = fields(value, where, ['id', 'system', 'name', 'path', 'description', 'detect'], ['tables', 'indexes', 'checks', 'migrations', 'vectors']);
  const profile: DbProfile = {
    id: id(p.id, `${where}.id`),
    system: id(p.system, `${where}.system`),
    name: localized(p.name, `${where}.name`),
    path: text(p.path, `${where}.path`),
    description: localized(p.description, `${where}.description`),
    detect: list(p.detect, `${where}.detect`, text, 1),
    tables: list(p.tables, `${where}.tables`, (v, w) => {
      const t = fields(v, w, ['name'], ['required', 'columns']);
      return {
        name: text(t.name, `${w}.name`),
        required: optionalBoolean(t.required, `${w}.required`) ?? true,
        columns: list(t.columns, `${w}.columns`, (c, cw) => {
          const col = fields(c, cw, ['name'], ['type', 'notNull']);
          const type = optionalText(col.type, `${cw}.type`);
          const notNull = optionalBoolean(col.notNull, `${cw}.notNull`);
          return { name: text(col.name, `${cw}.name`), ...(type !== undefined ? { type } : {}), ...(notNull !== undefined ? { notNull } : {}) };
        }),
      };
    }),
    indexes: list(p.indexes, `${where}.indexes`, (v, w) => {
      const ix = fields(v, w, ['table', 'columns'], ['name', 'reason']);
      const name = optionalText(ix.name, `${w}.name`);
      return {
        table: text(ix.table, `${w}.table`),
        columns: list(ix.columns, `${w}.columns`, text, 1),
        ...(name !== undefined ? { name } : {}),
        ...(ix.reason !== undefined ? { reason: localized(ix.reason, `${w}.reason`) } : {}),
      };
    }),
    checks: list(p.checks, `${where}.checks`, (v, w) => {
      const c = fields(v, w, ['id', 'code', 'severity', 'title', 'sql']);
      if (c.severity !== 'info' && c.severity !== 'warning' && c.severity !== 'error') throw new Invalid(`${w}.severity: expected info, warning or error`);
      return { id: id(c.id, `${w}.id`), code: code(c.code, `${w}.code`), severity: c.severity, title: localized(c.title, `${w}.title`), sql: text(c.sql, `${w}.sql`) };
    }),
  };
  if (p.migrations !== undefined) {
    const w = `${where}.migrations`;
    const m = fields(p.migrations, w, [], ['table', 'versionColumns', 'sequential', 'userVersion']);
    const table = optionalText(m.table, `${w}.table`);
    profile.migrations = {
      ...(table !== undefined ? { table } : {}),
      versionColumns: m.versionColumns === undefined ? ['version'] : list(m.versionColumns, `${w}.versionColumns`, text, 1),
      sequential: optionalBoolean(m.sequential, `${w}.sequential`) ?? false,
      userVersion: optionalBoolean(m.userVersion, `${w}.userVersion`) ?? false,
    };
  }
  if (p.vectors !== undefined) {
    const w = `${where}.vectors`;
    const v = fields(p.vectors, w, ['table', 'columns', 'dimensionColumn', 'lengthCode', 'mixedCode', 'dimensionCode'], ['modelColumn', 'bytesPerValue', 'models']);
    const modelColumn = optionalText(v.modelColumn, `${w}.modelColumn`);
    profile.vectors = {
      table: text(v.table, `${w}.table`),
      columns: list(v.columns, `${w}.columns`, text, 1),
      dimensionColumn: text(v.dimensionColumn, `${w}.dimensionColumn`),
      ...(modelColumn !== undefined ? { modelColumn } : {}),
      bytesPerValue: v.bytesPerValue === undefined ? 4 : positiveInt(v.bytesPerValue, `${w}.bytesPerValue`),
      lengthCode: code(v.lengthCode, `${w}.lengthCode`),
      mixedCode: code(v.mixedCode, `${w}.mixedCode`),
      dimensionCode: code(v.dimensionCode, `${w}.dimensionCode`),
      models: list(v.models, `${w}.models`, (item, mw) => {
        const model = fields(item, mw, ['name', 'dimension'], ['note']);
        return {
          name: text(model.name, `${mw}.name`),
          dimension: positiveInt(model.dimension, `${mw}.dimension`),
          ...(model.note !== undefined ? { note: localized(model.note, `${mw}.note`) } : {}),
        };
      }),
    };
  }
  return profile;
}

function positiveInt(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Invalid(`${where}: expected a positive integer`);
  return value;
}

interface FileCodes {
  system: string;
  /** Each code's entry text, cut out of the file. */
  entries: Map<string, string>;
}

const ENTRY_START = /^( *)- code: *(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"]+)) *(?:#.*)?$/gm;

/**
 * The `system` id and the `errors` entries of a system file, cut out by their layout: the
 * `system:` block at the top level, each entry from its `- code:` line to the next one.
 * Undefined when the file does not look like that.
 */
function cutSystemFile(source: string): FileCodes | undefined {
  const lines = source.split('\n');
  const topLevel = (line: string) => line !== '' && !line.startsWith(' ') && !line.startsWith('#');
  const blockOf = (key: string): string[] | undefined => {
    const start = lines.findIndex((l) => l === `${key}:` || l.startsWith(`${key}: `) || l.startsWith(`${key}:#`));
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < lines.length && !topLevel(lines[end]!)) end++;
    return lines.slice(start, end);
  };
  const systemBlock = blockOf('system');
  if (!systemBlock) return undefined;
  const parsed = parse(systemBlock.join('\n')) as unknown;
  if (!isObject(parsed) || !isObject(parsed.system) || typeof parsed.system.id !== 'string') return undefined;
  const system = parsed.system.id;
  const block = blockOf('errors');
  if (!block || block[0] !== 'errors:') return undefined;
  const body = block.slice(1).join('\n');
  const starts = [...body.matchAll(ENTRY_START)];
  if (starts.length === 0) return undefined;
  const indent = starts[0]![1]!.length;
  const pad = ' '.repeat(indent);
  const startLine = new RegExp(ENTRY_START.source);
  // Nothing sits outside the entries, and every item of the list starts with its code.
  for (const line of body.slice(starts[0]!.index).split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!line.startsWith(pad)) return undefined;
    if ((line.startsWith(`${pad}- `) || line === `${pad}-`) && !startLine.test(line)) return undefined;
  }
  if (starts.some((m) => m[1]!.length !== indent)) return undefined;
  if (body.slice(0, starts[0]!.index).split('\n').some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) return undefined;
  const entries = new Map<string, string>();
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]!.index : body.length;
    const entry = body.slice(m.index, end).split('\n').map((l) => (l.startsWith(' '.repeat(indent)) ? l.slice(indent) : l)).join('\n');
    entries.set(m[2] ?? m[3] ?? m[4]!, entry);
  }
  return { system, entries };
}

/** The system and entries of a file parsed whole (its layout was not recognised). */
function parseSystemFile(source: string): { system?: string; errors: unknown[] } {
  const doc = parse(source) as unknown;
  if (!isObject(doc)) return { errors: [] };
  const system = isObject(doc.system) && typeof doc.system.id === 'string' ? doc.system.id : undefined;
  return { system, errors: Array.isArray(doc.errors) ? doc.errors : [] };
}

/**
 * The entries of a system file: the wanted ones parsed from their cut-out text (one document for
 * all of them), the others from their `- code:` line alone. Undefined when it cannot be cut.
 */
function fromCut(source: string, wanted: ReadonlySet<string>): DbRegistryEntry[] | undefined {
  const cut = cutSystemFile(source);
  if (!cut) return undefined;
  const picked = [...cut.entries].filter(([c]) => wanted.has(c));
  const items = picked.length > 0 ? (parse(picked.map(([, entry]) => entry).join('\n')) as unknown) : [];
  if (!Array.isArray(items) || items.length !== picked.length) return undefined;
  const read = new Map<string, DbRegistryEntry>();
  for (let i = 0; i < picked.length; i++) {
    const [c] = picked[i]!;
    const item = items[i] as unknown;
    if (!isObject(item) || item.code !== c) return undefined;
    read.set(c, readEntry(item, `errors (${c})`, cut.system));
  }
  return [...cut.entries.keys()].map((c) => read.get(c) ?? { code: code(c, `errors (${c}).code`), system: cut.system, related: [] });
}

function fromWhole(source: string, wanted: ReadonlySet<string>): DbRegistryEntry[] {
  const whole = parseSystemFile(source);
  if (!whole.system) throw new Invalid('a file with errors must define its `system`');
  const system = whole.system;
  return whole.errors.map((e, i) => {
    const c = isObject(e) ? e.code : undefined;
    return typeof c === 'string' && wanted.has(c) ? readEntry(e, `errors[${i}]`, system) : { code: code(c, `errors[${i}].code`), system, related: [] };
  });
}

function readEntry(value: unknown, where: string, system: string): DbRegistryEntry {
  if (!isObject(value)) throw new Invalid(`${where}: expected a mapping`);
  return {
    code: code(value.code, `${where}.code`),
    system,
    related: list(value.related, `${where}.related`, code),
    title: localized(value.title, `${where}.title`),
  };
}

/** Read the registry in `dir` as `errdex db` needs it. */
export function loadDbRegistry(dir = REGISTRY_DIR): { registry: DbRegistry; problems: DbRegistryProblem[] } {
  const problems: DbRegistryProblem[] = [];
  const dbProfiles: DbProfile[] = [];
  const files = readRegistryFiles(dir);

  // The profiles come first: their data-check codes are among the codes read in full.
  for (const file of files) {
    if (!/^dbProfiles:/m.test(file.text)) continue;
    try {
      const doc = parse(file.text) as unknown;
      const raw = isObject(doc) ? doc.dbProfiles : undefined;
      dbProfiles.push(...list(raw, 'dbProfiles', readProfile));
    } catch (error) {
      problems.push({ file: file.path, message: error instanceof Error ? error.message : String(error) });
    }
  }

  const wanted = new Set<string>([...Object.values(CODES), ...dbProfiles.flatMap(profileCodes)]);
  const errors: DbRegistryEntry[] = [];
  for (const file of files) {
    if (!/^errors:/m.test(file.text)) continue;
    try {
      errors.push(...(fromCut(file.text, wanted) ?? fromWhole(file.text, wanted)));
    } catch (error) {
      problems.push({ file: file.path, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { registry: { dbProfiles, errors }, problems };
}
