/**
 * The site search dialog (Pagefind UI) in the page's language, and Simplified Chinese queries
 * folded to Traditional before Pagefind runs them.
 */
import { expect, test, type Page } from '@playwright/test';

async function search(page: Page, query: string) {
  const box = page.locator('#starlight__search input');
  // A click before Starlight's search element has started opens nothing: click until the box shows.
  await expect(async () => {
    await page.getByRole('button', { name: /^(搜尋|Search)$/ }).first().click();
    await expect(box).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await box.fill(query);
  const summary = page.locator('.pagefind-ui__message');
  await expect(summary).toContainText(/\d/, { timeout: 15_000 });
  return summary;
}

/** URLs of every result, after loading all of them. */
async function resultUrls(page: Page): Promise<string[]> {
  const more = page.locator('.pagefind-ui__button');
  while (await more.isVisible()) await more.click();
  // Each result is drawn as a placeholder until its page's fragment has loaded.
  await expect(page.locator('.pagefind-ui__results .pagefind-ui__loading')).toHaveCount(0, { timeout: 30_000 });
  return page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

test('the search dialog speaks Chinese on zh-TW pages and English on English pages', async ({ page }) => {
  await page.goto('/guides/roas-bot/');
  const zh = await search(page, '資料庫');
  await expect(zh).toHaveText(/^「資料庫」共有 \d+ 筆結果$/);
  await expect(page.locator('#starlight__search')).not.toContainText('results for');
  await expect(page.locator('.pagefind-ui__search-clear')).toHaveText('清除');

  await page.goto('/en/guides/roas-bot/');
  const en = await search(page, 'database');
  await expect(en).toHaveText(/^\d+ results for database$/);
});

test('a Simplified query finds the pages written in Traditional characters', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const traditional = await search(page, '資料庫');
  const expected = await resultUrls(page);
  const count = (await traditional.textContent())!.match(/(\d+)/)![1];
  await page.keyboard.press('Escape');

  await page.goto('/');
  const simplified = await search(page, '数据库');
  await expect(simplified).toHaveText(`「数据库」共有 ${count} 筆結果`);
  const found = await resultUrls(page);
  expect(found).toContain('/guides/roas-bot/database/');
  expect(found).toContain('/guides/qwen3-memory/database/');
  expect(found.sort()).toEqual(expected.sort());
});
