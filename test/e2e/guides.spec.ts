/** Every hand-written guide renders in both locales, with highlighted code and working code links. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

function guides(dir = 'content/docs/guides', base = 'guides'): { slug: string; source: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return guides(path, `${base}/${entry.name}`);
    if (!/\.mdx?$/.test(entry.name)) return [];
    const name = entry.name.replace(/\.mdx?$/, '');
    return [{ slug: name === 'index' ? `${base}/` : `${base}/${name}/`, source: readFileSync(path, 'utf8') }];
  });
}

const pages = guides();

test('there are guides for every system', () => {
  const systems = new Set(pages.map((p) => p.slug.split('/')[1]));
  expect([...systems].sort()).toEqual(['aivonx-proxy', 'botrs', 'civitai-client', 'qwen3-memory', 'roas-bot']);
});

for (const { slug, source } of pages) {
  for (const locale of ['zh-TW', 'en'] as const) {
    const url = locale === 'en' ? `/en/${slug}` : `/${slug}`;
    test(`${url} renders with highlighted code and working code links`, async ({ page }) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      if (/^```/m.test(source)) {
        // Expressive Code turns fences into highlighted blocks with coloured tokens.
        const block = page.locator('.expressive-code pre').first();
        await expect(block).toBeVisible();
        expect(await block.locator('span[style*="--0"]').count()).toBeGreaterThan(0);
      }
      const hrefs = await page.locator('a.errdex-code').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      for (const href of new Set(hrefs)) {
        expect(href.startsWith(locale === 'en' ? '/en/codes/' : '/codes/'), href).toBe(true);
        expect(existsSync(join('dist', href, 'index.html')), `${href} exists`).toBe(true);
      }
    });
  }
}
