/**
 * The search's answer as scripts read it: the shape `errdex lookup --json` prints. Other people's
 * scripts depend on it; fields are only added, never renamed or removed. Its JSON Schema is
 * published on the site (`/schemas/lookup.schema.json`). The CLI imports the type only, so
 * `lookup` does not load zod.
 */
import { z } from 'zod';
import { RegistryCode } from '../report-schema.ts';

export const LookupResult = z.strictObject({
  code: RegistryCode.describe("The entry's code."),
  system: z.string().describe('Id of the system the entry belongs to (`roas-bot`).'),
  title: z.string().describe("The entry's title in the chosen language."),
  summary: z.string().describe("The entry's one-line summary in the chosen language."),
  url: z.string().describe("The entry's page on the site, in the chosen language."),
  score: z.number().describe('Higher is better, consistent with the order: 4 for an exact code; 3.x for a code mentioned in the text; 2.9x for a title; 2.x (below 2.9) for a match rule; 1.x (below 1.9) for full text, x growing with relevance.'),
});
export type LookupResult = z.infer<typeof LookupResult>;

export const LookupJson = z.strictObject({
  results: z.array(LookupResult).describe('The entries found, best first (empty when nothing matches).'),
  ambiguous: z.strictObject({
    codes: z.array(RegistryCode).describe('The entries that document the message, one per system.'),
    systems: z.array(z.string()).describe('Their systems.'),
  }).optional().describe('Present when the best answer is one message documented by several systems: choose the system that wrote it.'),
});
export type LookupJson = z.infer<typeof LookupJson>;
