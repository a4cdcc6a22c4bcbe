/**
 * Code pages lead to the guides that explain them and to the tool that detects them; every
 * system's page says which version it describes and when it last changed; the landing page
 * leads to each system's guides.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { requireRegistry } from '../../src/registry/load-fs.ts';
import { codePath } from '../../src/registry/queries.ts';

const registry = requireRegistry();

function html(path: string): string {
  return readFileSync(join('dist', path.split('#')[0]!.split('?')[0]!, 'index.html'), 'utf8');
}

test('every guide link on every code page lands on a heading that exists', () => {
  const broken: string[] = [];
  let links = 0;
  for (const locale of ['zh-TW', 'en'] as const) {
    for (const e of registry.errors) {
      const page = html(codePath(e.code, locale));
      const section = /<h2[^>]*>(?:在指南中|In the guides)<\/h2>([\s\S]*?)(?=<h2|<\/main>|<div class="sl-container)/.exec(page.replace(/<div class="sl-heading-wrapper[^"]*">/g, ''))?.[1] ?? '';
      for (const [, href] of section.matchAll(/href="(\/[^"]+)"/g)) {
        links++;
        const [path, hash] = decodeURIComponent(href!).split('#');
        const target = html(path!);
        if (hash && !target.includes(`id="${hash}"`)) broken.push(`${codePath(e.code, locale)} -> ${href}`);
      }
    }
  }
  expect(links).toBeGreaterThan(200);
  expect(broken).toEqual([]);
});

test('a code page leads to the guide section about it and to the tool that finds it', async ({ page }) => {
  await page.goto('/codes/qwm_2400/');
  await page.locator('main').getByRole('link', { name: '向量維度與遷移進度 › 向量維度不符' }).click();
  await expect(page).toHaveURL(/\/guides\/qwen3-memory\/vector-migration\/#/);
  await expect(page.getByRole('heading', { name: '向量維度不符', level: 2 })).toBeInViewport();

  await page.goto('/en/codes/qwm_2202/');
  await expect(page.locator('main').getByRole('link', { name: 'Database checker', exact: true })).toHaveAttribute('href', '/en/tools/db/?profile=qwen3-memory');
  await page.goto('/en/codes/sqlt_9100/');
  await expect(page.locator('main').getByRole('link', { name: 'Database checker', exact: true })).toHaveAttribute('href', '/en/tools/db/');
});

test('a destructive step shows its warning above its command', async ({ page }) => {
  await page.goto('/en/codes/qwm_2403/');
  const step = page.locator('main ol > li').filter({ hasText: 'Last resort' });
  const warning = step.locator('aside').filter({ hasText: 'Deletes or overwrites data' });
  await expect(warning).toContainText('A reset empties the bot');
  const [asideBox, codeBox] = [await warning.boundingBox(), await step.locator('pre').boundingBox()];
  expect(asideBox!.y).toBeLessThan(codeBox!.y);
});

test('pages say which version of their system they describe, and when they last changed', async ({ page }) => {
  await page.goto('/guides/roas-bot/database/');
  await expect(page.locator('.errdex-describes')).toHaveText('本頁說明 roas-bot v2.4.1，內容依據 2025-08-23 的疑難排解指南。');
  await expect(page.locator('footer time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}/);
  await page.goto('/en/codes/avx_3201/');
  await expect(page.locator('.errdex-describes')).toHaveText("Describes Aivonx Proxy as of the project's troubleshooting document.");
  await expect(page.locator('footer time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}/);
  await page.goto('/tools/logs/');
  await expect(page.locator('.errdex-describes')).toHaveCount(0);
});

test('the landing page renders the systems\' summaries and leads to their guides', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.allTextContents()).not.toContainEqual(expect.stringContaining('`'));
  await expect(cards.locator('code').first()).toBeVisible();
  for (const system of ['roas-bot', 'qwen3-memory', 'aivonx-proxy', 'civitai-client', 'botrs']) {
    await expect(page.locator(`.card a[href="/guides/${system}/"]`)).toHaveText('疑難排解指南 →');
  }
  await page.goto('/en/');
  await expect(page.locator('.card a[href="/en/guides/botrs/"]')).toHaveText('Troubleshooting guides →');
});
