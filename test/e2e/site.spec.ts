import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { requireRegistry } from '../../src/registry/load-fs.ts';
import { codePath } from '../../src/registry/queries.ts';
import { OUTPUT_SCHEMAS, schemaPath } from '../../src/generate/site.ts';

const registry = requireRegistry();
const first = registry.errors[0]!;

test('the landing page says what errdex offers and leads to every system', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/errdex/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  for (const system of registry.systems.filter((s) => registry.errors.some((e) => e.system === s.id))) {
    const count = registry.errors.filter((e) => e.system === system.id).length;
    await expect(page.getByText(system.name, { exact: true }).first()).toBeVisible();
    const link = page.locator(`a[href="/systems/${system.id}/"]`).first();
    await expect(link).toHaveText(`${count} 個錯誤代碼 →`);
  }
});

for (const locale of ['zh-TW', 'en'] as const) {
  test(`a generated code page renders in ${locale}`, async ({ page }) => {
    const response = await page.goto(codePath(first.code, locale));
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${first.code} ${first.title[locale]}`);
    await expect(page.getByRole('heading', { name: locale === 'en' ? 'Resolution' : '解決方法' })).toBeVisible();
    // Reachable from the sidebar of its system.
    const sidebar = page.locator('nav[aria-label]').filter({ has: page.locator(`a[href="${codePath(first.code, locale)}"]`) });
    await expect(sidebar.first()).toHaveCount(1);
  });
}

test('pages carry a Content-Security-Policy and nothing on them violates it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  for (const url of ['/', codePath(first.code, 'en'), '/systems/roas-bot/']) {
    await page.goto(url);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("default-src 'self'");
    // Open the site search, which loads Pagefind's script and WebAssembly.
    await page.getByRole('button', { name: /搜尋|Search/ }).first().click();
    const box = page.locator('.pagefind-ui__search-input');
    await expect(box).toBeVisible({ timeout: 15_000 });
    await box.fill('DB_1506');
    await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('Escape');
  }
  expect(violations).toEqual([]);
});

test('every code has a page in both locales, linked from its system’s sidebar and found by site search', async ({ page }) => {
  test.setTimeout(120_000);
  const missing: string[] = [];
  for (const locale of ['zh-TW', 'en'] as const) {
    for (const system of registry.systems) {
      const codes = registry.errors.filter((e) => e.system === system.id);
      if (codes.length === 0) continue;
      const html = readFileSync(join('dist', locale === 'en' ? 'en' : '', 'systems', system.id, 'index.html'), 'utf8');
      for (const e of codes) {
        const path = codePath(e.code, locale);
        if (!existsSync(join('dist', path, 'index.html'))) missing.push(`${path}: no page`);
        if (!html.includes(`href="${path}"`)) missing.push(`${path}: not in the sidebar of ${system.id}`);
      }
    }
  }
  for (const locale of ['zh-TW', 'en'] as const) {
    await page.goto(locale === 'en' ? '/en/' : '/');
    const notFound = await page.evaluate(async (codes) => {
      const entry = '/pagefind/pagefind.js';
      const pagefind = await import(/* @vite-ignore */ entry);
      await pagefind.init();
      const lost: string[] = [];
      for (const [code, path] of codes) {
        const search = await pagefind.search(code);
        const urls = await Promise.all(search.results.slice(0, 5).map(async (r: { data: () => Promise<{ url: string }> }) => (await r.data()).url));
        if (!urls.includes(path)) lost.push(code);
      }
      return lost;
    }, registry.errors.map((e) => [e.code, codePath(e.code, locale)] as const));
    missing.push(...notFound.map((c) => `${locale} search for ${c} does not find its page in the top 5`));
  }
  expect(missing).toEqual([]);
});

test('the JSON Schemas of the commands\' JSON are published beside /registry.schema.json and linked from the tool pages', async ({ page, request }) => {
  for (const name of OUTPUT_SCHEMAS) {
    const response = await request.get(schemaPath(name));
    expect(response.status(), name).toBe(200);
    const schema = await response.json();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(new URL(schema.$id).pathname).toBe(schemaPath(name));
  }
  for (const [tool, names] of [['search', ['lookup']], ['logs', ['logs', 'log-record']], ['db', ['db', 'db-table', 'salvage']]] as const) {
    for (const prefix of ['', '/en']) {
      await page.goto(`${prefix}/tools/${tool}/`);
      for (const name of names) await expect(page.locator(`main a[href="${schemaPath(name)}"]`)).toHaveCount(1);
    }
  }
});
