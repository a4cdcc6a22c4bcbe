// @ts-check
import { existsSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { requireRegistry } from './src/registry/load-fs.ts';
import { buildSidebar } from './src/generate/sidebar.ts';
import contentSecurityPolicy from './src/integrations/csp.ts';
import pagefindFold from './src/integrations/pagefind-fold.ts';

// The registry drives the sidebar; a malformed registry stops here with every problem listed.
const registry = requireRegistry();
const exists = (/** @type {string} */ slug) => existsSync(new URL(`./content/docs/${slug}.mdx`, import.meta.url))
  || existsSync(new URL(`./content/docs/${slug}.md`, import.meta.url))
  || existsSync(new URL(`./content/docs/${slug}`, import.meta.url));

export default defineConfig({
  site: process.env.ERRDEX_SITE ?? 'https://errdex.dev',
  srcDir: '.',
  integrations: [
    starlight({
      title: { 'zh-TW': 'errdex 錯誤索引', en: 'errdex error index' },
      description: '五個系統的錯誤代碼、疑難排解指南與瀏覽器內診斷工具。',
      defaultLocale: 'root',
      locales: {
        root: { label: '繁體中文', lang: 'zh-TW' },
        en: { label: 'English', lang: 'en' },
      },
      customCss: ['./src/styles/errdex.css'],
      sidebar: buildSidebar(registry, exists),
      pagefind: true,
      // Dates from git: the guides' own history; generated pages carry their registry file's date.
      lastUpdated: true,
      components: { PageTitle: './src/components/starlight/PageTitle.astro' },
      plugins: [starlightLinksValidator({ errorOnRelativeLinks: false, errorOnLocalLinks: true })],
    }),
    pagefindFold(),
    contentSecurityPolicy(),
  ],
});
