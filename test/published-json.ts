/**
 * Every JSON output of `errdex` in the tests goes through here: parsed, then validated against
 * the JSON Schema the site publishes for it (`/schemas/NAME.schema.json`, made by
 * `src/generate/schemas.ts`), with Ajv for JSON Schema 2020-12. The schemas close every object,
 * so a field a command prints that the schema does not describe fails the test that printed it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DbReport, DbTableJson } from '../src/diagnostics/db/report.ts';
import type { SalvageReport } from '../src/diagnostics/db/salvage/report.ts';
import type { LogRecordLine, LogsJson } from '../src/diagnostics/logs/types.ts';
import type { LookupJson } from '../src/diagnostics/search/results-json.ts';
import { outputSchemaJson } from '../src/generate/schemas.ts';
import type { OutputSchemaName } from '../src/generate/site.ts';

/** What each published schema describes. */
export interface Published {
  lookup: LookupJson;
  logs: LogsJson;
  'log-record': LogRecordLine;
  db: DbReport;
  'db-table': DbTableJson;
  salvage: SalvageReport;
}

const ajv = new Ajv2020({ allErrors: true });
const validators = new Map<OutputSchemaName, ValidateFunction>();

/** The published JSON Schema of an output (as `npm run generate` writes it, for the test site). */
export function publishedSchema(name: OutputSchemaName): Record<string, unknown> {
  return outputSchemaJson(name, 'https://errdex.example');
}

function validator(name: OutputSchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile(publishedSchema(name));
    validators.set(name, v);
  }
  return v;
}

/** Where `value` departs from the published schema of `name`, one line each; empty when it conforms. */
export function schemaProblems(name: OutputSchemaName, value: unknown): string[] {
  const v = validator(name);
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? `: ${JSON.stringify(e.params.additionalProperty)}` : ''}`);
}

/** Throws, naming every problem, unless `value` conforms to the published schema of `name`. */
export function assertPublished<N extends OutputSchemaName>(name: N, value: unknown): asserts value is Published[N] {
  const problems = schemaProblems(name, value);
  if (problems.length > 0) throw new Error(`output does not match /schemas/${name}.schema.json:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

/** A command's JSON output (`--json`), parsed and validated against its published schema. */
export function publishedJson<N extends OutputSchemaName>(name: N, text: string): Published[N] {
  const value: unknown = JSON.parse(text);
  assertPublished(name, value);
  return value;
}

/** `errdex logs --records`: one object a line, each validated. */
export function publishedLines(text: string): LogRecordLine[] {
  return text.split('\n').filter((line) => line !== '').map((line) => publishedJson('log-record', line));
}
