/**
 * The published JSON Schemas of the CLI's outputs: written by `npm run generate`, valid JSON
 * Schema 2020-12, closed wherever the output is (so a field a command prints that the schema
 * does not describe fails validation), and built from zod modules that the cores and islands
 * import as types only.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDb } from '../../src/cli/db.ts';
import { runLogs } from '../../src/cli/logs.ts';
import { runLookup } from '../../src/cli/lookup.ts';
import { runSalvage } from '../../src/cli/salvage.ts';
import { outputSchemaJson } from '../../src/generate/schemas.ts';
import { OUTPUT_SCHEMAS, schemaUrl, type OutputSchemaName } from '../../src/generate/site.ts';
import { buildOutputs, writeOutputs } from '../../src/generate/write-fs.ts';
import { requireRegistry } from '../../src/registry/load-fs.ts';
import { fixturesOnce, loadSql, registry as dbRegistry } from '../diagnostics/db/helpers.ts';
import { testRegistry } from '../diagnostics/logs/helpers.ts';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';
import { publishedJson, publishedSchema, schemaProblems } from '../published-json.ts';
import { registryDir, systemFile } from '../registry/fixtures.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe('generated on disk', () => {
  it('npm run generate writes every schema under public/schemas/, as published, and removes stale ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'errdex-schemas-'));
    mkdirSync(join(root, 'public/schemas'), { recursive: true });
    writeFileSync(join(root, 'public/schemas/old.schema.json'), '{}');
    writeOutputs(buildOutputs({ root, registryDir: registryDir({ 'demo.yaml': systemFile() }), site: 'https://x.example' }), root);
    expect(readdirSync(join(root, 'public/schemas')).sort()).toEqual(OUTPUT_SCHEMAS.map((n) => `${n}.schema.json`).sort());
    for (const name of OUTPUT_SCHEMAS) {
      const written = JSON.parse(readFileSync(join(root, `public/schemas/${name}.schema.json`), 'utf8'));
      expect(written).toEqual(outputSchemaJson(name, 'https://x.example'));
      expect(written.$id).toBe(`https://x.example/schemas/${name}.schema.json`);
      expect(written.$id).toBe(schemaUrl(name, 'https://x.example'));
    }
  });
});

/** Every subschema of a JSON Schema, with its JSON pointer. */
function* subschemas(node: unknown, at = '#'): Generator<[string, Record<string, unknown>]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* subschemas(v, `${at}/${i}`);
    return;
  }
  const schema = node as Record<string, unknown>;
  yield [at, schema];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs') {
      for (const [name, sub] of Object.entries(value as Record<string, unknown>)) yield* subschemas(sub, `${at}/${key}/${name}`);
    } else if (['items', 'additionalProperties', 'propertyNames', 'anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(key)) {
      yield* subschemas(value, `${at}/${key}`);
    }
  }
}

describe.each(OUTPUT_SCHEMAS.map((n) => [n]))('/schemas/%s.schema.json', (name) => {
  const schema = publishedSchema(name);

  it('is a valid JSON Schema (2020-12) with its address, a title and a description', () => {
    const ajv = new Ajv2020();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `https://errdex.example/schemas/${name}.schema.json` });
    expect(String(schema.title)).toMatch(/^errdex /);
    expect(String(schema.description).length).toBeGreaterThan(20);
  });

  it('closes every object: a field not described is a field that fails validation', () => {
    for (const [at, sub] of subschemas(schema)) {
      if (sub.type !== 'object' && !('properties' in sub)) continue;
      // Either closed, or a map whose values are themselves described.
      const extra = sub.additionalProperties;
      expect(extra === false || (typeof extra === 'object' && extra !== null), `${name} ${at}`).toBe(true);
    }
  });
});

/** A real output of each command, as it prints it. */
const samples = {} as Record<OutputSchemaName, string>;

beforeAll(async () => {
  const site = 'https://errdex.example';
  const lookupRegistry = requireRegistry();
  samples.lookup = runLookup({ query: 'database is locked', json: true }, { registry: () => lookupRegistry, stdin: () => '', site, env: {} }).stdout;
  const logs = ensureLogFixtures();
  const logsRun = async (args: { json?: boolean; records?: boolean }) => {
    let out = '';
    await runLogs({ files: [join(logs, 'roas-bot.log'), join(logs, 'mixed.log.gz')], ...args }, {
      registry: testRegistry, out: (t) => (out += t), err: () => undefined, stdin: async function* () {}, tty: false, env: {}, site,
    });
    return out;
  };
  samples.logs = await logsRun({ json: true });
  samples['log-record'] = (await logsRun({ records: true })).split('\n').find((l) => l.includes('"continuation":["'))!;
  const f = fixturesOnce();
  const io = { sql: await loadSql(), registry: dbRegistry() };
  samples.db = runDb({ file: f.wal.pending.db, wal: f.wal.pending.wal, json: true }, io).stdout;
  samples['db-table'] = runDb({ file: f.browse, table: 'kinds', json: true }, io).stdout;
  const out = join(mkdtempSync(join(tmpdir(), 'errdex-schemas-')), 'new.db');
  samples.salvage = runSalvage({ file: f.roas.healthy, out, json: true }, { sql: io.sql, env: {} }).stdout;
}, 300_000);

/** Every object in a value, with a way to put a new field into it. */
function objectsIn(value: unknown, at = ''): [string, Record<string, unknown>][] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsIn(v, `${at}/${i}`));
  const object = value as Record<string, unknown>;
  return [[at || '/', object], ...Object.entries(object).flatMap(([k, v]) => objectsIn(v, `${at}/${k}`))];
}

describe.each(OUTPUT_SCHEMAS.map((n) => [n]))('a real output of %s', (name) => {
  it('matches the published schema', () => {
    expect(samples[name], 'a sample output').toBeTruthy();
    expect(schemaProblems(name, JSON.parse(samples[name]))).toEqual([]);
  });

  it('fails it when any object in it gains a field the schema does not describe', () => {
    const objects = objectsIn(JSON.parse(samples[name]));
    expect(objects.length).toBeGreaterThan(0);
    for (const [at] of objects) {
      const copy = JSON.parse(samples[name]);
      // An object as the new value: wrong for a closed object's unknown field, and for every map
      // (levels, codes, exceptions, formatInfo, …), whose values are counts or described objects.
      objectsIn(copy).find(([p]) => p === at)![1]['field the schema does not describe'] = {};
      expect(schemaProblems(name, copy), `${name} ${at}`).not.toEqual([]);
    }
  });

  it('fails it when a required field is missing', () => {
    const copy = JSON.parse(samples[name]) as Record<string, unknown>;
    const required = publishedSchema(name).required as string[];
    delete copy[required[0]!];
    expect(schemaProblems(name, copy).join('\n')).toContain(`must have required property '${required[0]}'`);
  });
});

describe('each command names the schema of its JSON in --help', () => {
  it.each([
    ['lookup', 'json', ['lookup']], ['logs', 'json', ['logs']], ['logs', 'records', ['log-record']],
    ['db', 'json', ['db', 'db-table']], ['salvage', 'json', ['salvage']],
  ] as const)('%s --%s', async (command, option, names) => {
    const module = (await import(`../../src/cli/${command}.ts`)) as { default: { args: Record<string, { description?: string }> } };
    for (const name of names) expect(module.default.args[option]!.description).toContain(schemaUrl(name));
  });
});

describe('the helper the tests use', () => {
  it('parses and returns what conforms, and throws naming every problem otherwise', () => {
    expect(publishedJson('lookup', '{"results":[]}')).toEqual({ results: [] });
    expect(() => publishedJson('lookup', '{"results":[],"extra":1}')).toThrow(/must NOT have additional properties: "extra"/);
    const wrong = () => publishedJson('lookup', '{"results":[{"code":"nope"}]}');
    expect(wrong).toThrow(/\/results\/0\/code must match pattern/);
    expect(wrong).toThrow(/\/results\/0 must have required property 'system'/);
  });
});

describe('the cores and islands import the schema modules as types only (their bundles carry no zod)', () => {
  const SCHEMA_MODULES = ['src/diagnostics/report-schema.ts', 'src/diagnostics/logs/types.ts', 'src/diagnostics/db/report.ts', 'src/diagnostics/db/salvage/report.ts', 'src/diagnostics/search/results-json.ts'];
  /** The zod modules themselves, and the generator that turns them into JSON Schemas. */
  const ALLOWED = new Set([...SCHEMA_MODULES, 'src/generate/schemas.ts']);

  function* sources(dir: string): Generator<string> {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) yield* sources(path);
      else if (/\.(ts|astro)$/.test(entry.name)) yield path;
    }
  }

  it('no value import of report-schema, logs/types, db/report, salvage/report or search/results-json outside them', () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const file of sources('src')) {
      if (ALLOWED.has(file)) continue;
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
        const target = relative(ROOT, resolve(dirname(join(ROOT, file)), m[3]!));
        if (!SCHEMA_MODULES.includes(target)) continue;
        checked++;
        if (!m[2]) offenders.push(`${file}: ${m[0].trim().split('\n')[0]}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
