/** Constants of the registry that the browser needs without the zod schema. */

/** The site's locales: Traditional Chinese is the root locale, English lives under `/en/`. */
export const LOCALES = ['zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** `PREFIX_NUMBER`, e.g. `DB_1506`. The number is unique across the whole registry. */
export const CODE_PATTERN = /^([A-Z][A-Z0-9]{1,7})_(\d{3,5})$/;
