import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

/**
 * Pagefind UI strings Starlight does not list itself; its search passes every `pagefind.*` key
 * on, so the search dialog speaks the page's language (content/i18n/*.json).
 */
const pagefindStrings = Object.fromEntries([
  'total_zero_results', 'total_one_result', 'total_many_results', 'results_label', 'keyboard_navigate',
  'keyboard_select', 'keyboard_clear', 'keyboard_close', 'keyboard_search', 'error_search',
  'filter_selected_one', 'filter_selected_many', 'input_hint', 'loading',
].map((key) => [`pagefind.${key}`, z.string().optional()]));

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: z.object(pagefindStrings) }) }),
};
