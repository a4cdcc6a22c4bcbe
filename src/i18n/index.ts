/**
 * Every user-facing string of the islands, as flat dotted keys per locale (Starlight's style:
 * one JSON file per locale, `en.json` the reference whose keys every other locale has; a test
 * holds them equal). `translator(locale)` looks a key up and fills its `{name}` placeholders.
 */
import en from './en.json' with { type: 'json' };
import zhTW from './zh-TW.json' with { type: 'json' };
import { fill } from './fill.ts';

export type Locale = 'zh-TW' | 'en';
export type UiKey = keyof typeof en;
export type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

const tables: Record<Locale, Record<UiKey, string>> = { en, 'zh-TW': zhTW };

export function translator(locale: Locale): Translate {
  const table = tables[locale];
  return (key, values = {}) => fill(table[key] ?? en[key], values);
}
