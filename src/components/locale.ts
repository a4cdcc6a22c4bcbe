/** The registry locale of the page being rendered (Starlight's root locale is zh-TW). */
import type { Locale } from '../registry/schema.ts';

export function pageLocale(lang: string | undefined): Locale {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'zh-TW';
}
