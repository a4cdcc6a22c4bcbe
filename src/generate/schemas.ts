/**
 * The JSON Schemas of what `errdex` prints for scripts, published beside `/registry.schema.json`
 * as `/schemas/NAME.schema.json`. Each is derived from the zod schema of the output (the same
 * schemas the cores' types are inferred from), so the published description cannot drift from
 * the code; the tests validate every JSON output of the commands against these files.
 */
import { z } from 'zod';
import { DbReport, DbTableJson } from '../diagnostics/db/report.ts';
import { SalvageReport } from '../diagnostics/db/salvage/report.ts';
import { LogRecordLine, LogsJson } from '../diagnostics/logs/types.ts';
import { LookupJson } from '../diagnostics/search/results-json.ts';
import type { GeneratedFile } from './pages.ts';
import { OUTPUT_SCHEMAS, schemaPath, schemaUrl, type OutputSchemaName } from './site.ts';

interface Output {
  schema: z.ZodType;
  title: string;
  description: string;
}

export const OUTPUTS: Record<OutputSchemaName, Output> = {
  lookup: {
    schema: LookupJson,
    title: 'errdex lookup --json',
    description: 'The entries of the error registry that answer a query (a code, a message, a symptom or a pasted log), best first.',
  },
  logs: {
    schema: LogsJson,
    title: 'errdex logs --json',
    description: 'A summary of one or more log files: totals over all files, and each file\'s full summary with the problems of its reading.',
  },
  'log-record': {
    schema: LogRecordLine,
    title: 'errdex logs --records (one object a line)',
    description: 'One record of a log file; `errdex logs --records` prints one such object on each line (JSON Lines).',
  },
  db: {
    schema: DbReport,
    title: 'errdex db --json',
    description: 'The database checker\'s report on a SQLite file: header, WAL, SQLite\'s integrity checks, the profile and its findings. The database page\'s JSON download has the same shape.',
  },
  'db-table': {
    schema: DbTableJson,
    title: 'errdex db --table --json',
    description: 'A page of the rows of one ordinary table of a SQLite file, every value as text.',
  },
  salvage: {
    schema: SalvageReport,
    title: 'errdex salvage --json',
    description: 'What salvage read from a damaged SQLite file and wrote into a new one: per table rows recovered and pages lost, the cells left out and why.',
  },
};

/** The JSON Schema of one output, as published. */
export function outputSchemaJson(name: OutputSchemaName, site: string): Record<string, unknown> {
  const { schema, title, description } = OUTPUTS[name];
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' }) as Record<string, unknown>;
  const { $schema, ...rest } = json;
  return { $schema, $id: schemaUrl(name, site), title, description, ...rest };
}

export function generateSchemas(site: string): GeneratedFile[] {
  return OUTPUT_SCHEMAS.map((name) => ({
    path: `public${schemaPath(name)}`,
    content: `${JSON.stringify(outputSchemaJson(name, site), null, 2)}\n`,
  }));
}
