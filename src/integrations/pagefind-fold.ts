/**
 * Gives Starlight's site search (Pagefind UI) a `processTerm` that folds Simplified Chinese to
 * Traditional (`src/components/site-search-fold.ts`). Starlight passes its `pagefind` options to
 * Pagefind UI from a generated module, which can hold only JSON; this adds the function to that
 * module as it is built, leaving Starlight's search component and its options untouched.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const CONFIG_MODULE = '\0virtual:starlight/pagefind-config';
const FOLD_MODULE = fileURLToPath(new URL('../components/site-search-fold.ts', import.meta.url));

export function withFoldedQueries(code: string): string {
  return `${code}\nimport { foldQuery as errdexFoldQuery } from ${JSON.stringify(FOLD_MODULE)};\npagefindUserConfig.processTerm = errdexFoldQuery;\n`;
}

export default function pagefindFold(): AstroIntegration {
  return {
    name: 'errdex:pagefind-fold',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [{
              name: 'errdex:pagefind-fold',
              transform(code: string, id: string) {
                return id === CONFIG_MODULE ? { code: withFoldedQueries(code), map: null } : undefined;
              },
            }],
          },
        });
      },
    },
  };
}
