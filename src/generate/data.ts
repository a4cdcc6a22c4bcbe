/**
 * The registry as published data: `/registry.json` (the whole registry, with the permanent URL of
 * every code, like Stripe's `doc_url`) and `/registry.schema.json` (its JSON Schema, derived from
 * the zod schema). The islands load the same file.
 */
import { z } from 'zod';
import type { Registry } from '../registry/load.ts';
import { codePath } from '../registry/queries.ts';
import { Category, DbProfile, ErrorEntry, Id, LogFormat, System } from '../registry/schema.ts';
import type { GeneratedFile } from './pages.ts';

export const REGISTRY_FORMAT_VERSION = 1;

export const PublishedRegistry = z.object({
  /** Version of this file's format; bumped only on incompatible changes. */
  formatVersion: z.literal(REGISTRY_FORMAT_VERSION),
  /** Origin of the site that published it. */
  site: z.string(),
  systems: z.array(System),
  categories: z.array(Category.extend({ system: Id })),
  errors: z.array(ErrorEntry.extend({
    system: Id,
    /** Permanent documentation URL of the code in each locale. */
    url: z.strictObject({ 'zh-TW': z.string(), en: z.string() }),
  })),
  logFormats: z.array(LogFormat),
  dbProfiles: z.array(DbProfile),
});
export type PublishedRegistry = z.infer<typeof PublishedRegistry>;

export function publishRegistry(registry: Registry, site: string): PublishedRegistry {
  return {
    formatVersion: REGISTRY_FORMAT_VERSION,
    site,
    systems: registry.systems,
    categories: registry.categories,
    errors: registry.errors.map((e) => ({
      ...e,
      url: { 'zh-TW': new URL(codePath(e.code, 'zh-TW'), site).href, en: new URL(codePath(e.code, 'en'), site).href },
    })),
    logFormats: registry.logFormats,
    dbProfiles: registry.dbProfiles,
  };
}

export function registrySchemaJson(site: string): object {
  return {
    ...z.toJSONSchema(PublishedRegistry, { io: 'output', unrepresentable: 'any' }),
    $id: new URL('/registry.schema.json', site).href,
    title: 'errdex error registry',
  };
}

export function generateData(registry: Registry, site: string): GeneratedFile[] {
  return [
    { path: 'public/registry.json', content: `${JSON.stringify(publishRegistry(registry, site))}\n` },
    { path: 'public/registry.schema.json', content: `${JSON.stringify(registrySchemaJson(site), null, 2)}\n` },
  ];
}
