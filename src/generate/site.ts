/** The origin of the published site, for the URLs in generated files and in the CLI's output. */
export function siteOrigin(): string {
  return process.env.ERRDEX_SITE ?? 'https://errdex.dev';
}

/** The CLI's JSON outputs whose JSON Schemas the site publishes (`src/generate/schemas.ts`). */
export const OUTPUT_SCHEMAS = ['lookup', 'logs', 'log-record', 'db', 'db-table', 'salvage'] as const;
export type OutputSchemaName = (typeof OUTPUT_SCHEMAS)[number];

/** Where the JSON Schema of an output is published: `/schemas/NAME.schema.json`. */
export function schemaPath(name: OutputSchemaName): string {
  return `/schemas/${name}.schema.json`;
}

export function schemaUrl(name: OutputSchemaName, site = siteOrigin()): string {
  return new URL(schemaPath(name), site).href;
}
