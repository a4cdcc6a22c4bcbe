/**
 * What the diagnostic cores report to people and to scripts, in the parts they share: text in
 * both languages, a severity, a finding and a problem. The log parser (`logs/types.ts`) and the
 * database checker (`db/report.ts`) extend these schemas; the CLI's JSON Schemas
 * (`/schemas/*.schema.json`, made by `src/generate/schemas.ts`) are generated from them.
 *
 * Other people's scripts read these shapes: fields are only added, never renamed or removed.
 * Cores and islands import the types only (`import type`), so their bundles do not carry zod;
 * the schemas document the output and validate it in tests.
 */
import { z } from 'zod';
import { CODE_PATTERN } from '../registry/codes.ts';

/** A code of the error registry: `DB_1506`. */
export const RegistryCode = z.string().regex(CODE_PATTERN)
  .describe('A code of the error registry (PREFIX_NUMBER, e.g. DB_1506); its page is /codes/<code in lower case>/ on the site.');

/** A text in both languages of the site. */
export const Localized = z.strictObject({
  'zh-TW': z.string().min(1).describe('Traditional Chinese.'),
  en: z.string().min(1).describe('English.'),
}).meta({ id: 'Localized', description: 'A text in both languages of the site.' });
export type Localized = z.infer<typeof Localized>;

/** How much a finding or a problem matters. */
export const Severity = z.enum(['info', 'warning', 'error'])
  .meta({ id: 'Severity', description: 'How much it matters: `info`, `warning` or `error`.' });
export type Severity = z.infer<typeof Severity>;

/**
 * Something a checker found in the input, explained by a page of the registry: the contract the
 * log parser and the database checker share. Each extends it and gives `evidence` its shape.
 */
export const Finding = z.strictObject({
  code: RegistryCode.describe('The registry code whose page explains the finding.'),
  severity: Severity,
  message: Localized.describe('What was found, in both languages.'),
  evidence: z.unknown().describe('Facts from the input that show it; each checker gives them its own shape.'),
});
export type Finding = z.infer<typeof Finding>;

/**
 * Something that kept a checker from reading all of its input, or that a reader should know
 * about how it was read (not a fault of the system the input comes from: that is a finding).
 */
export const Problem = z.strictObject({
  kind: z.string().min(1).describe('What kind of problem it is; stable, for scripts.'),
  severity: Severity,
  message: Localized.describe('The problem, in both languages.'),
  file: z.string().optional().describe('The file it is about, when several were read as one.'),
});
export type Problem = z.infer<typeof Problem>;
