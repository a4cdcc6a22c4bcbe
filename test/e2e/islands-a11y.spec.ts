/**
 * Each tool driven by keyboard alone, from the file picker (or the query box) to its results,
 * in both locales; then axe on the whole page in its result state: no serious or critical
 * violations.
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';

const logDir = ensureLogFixtures();
const databases = makeDatabases();

/** Skip to the content, then Tab until `target` has focus; fails if it is never reached. */
async function tabTo(page: Page, target: string) {
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target} is not reachable with Tab`);
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Open the file chooser from the keyboard and answer it. */
async function chooseWithKeyboard(page: Page, input: string, file: string) {
  await tabTo(page, input);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(file);
}

for (const prefix of ['', '/en']) {
  test(`${prefix || '/'} log parser: keyboard from picker to results, then axe`, async ({ page }) => {
    await page.goto(`${prefix}/tools/logs/`);
    await chooseWithKeyboard(page, 'errdex-log-parser input[type="file"]', join(logDir, 'roas-bot.log'));
    const tool = page.locator('errdex-log-parser');
    await expect(tool).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    // The results are reachable by keyboard: Tab lands on a code link.
    await tabTo(page, 'errdex-log-parser a[href*="/codes/"]');
    expect(await axe(page)).toEqual([]);
  });

  test(`${prefix || '/'} database checker: keyboard from picker to results, then axe`, async ({ page }) => {
    await page.goto(`${prefix}/tools/db/`);
    await chooseWithKeyboard(page, 'errdex-db-checker input[type="file"]', databases.roas.missingIndex);
    await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await tabTo(page, 'errdex-db-checker a[href*="/codes/"]');
    expect(await axe(page)).toEqual([]);
  });

  test(`${prefix || '/'} error search: keyboard from query to result, then axe`, async ({ page }) => {
    await page.goto(`${prefix}/tools/search/`);
    await tabTo(page, 'errdex-search textarea');
    await page.keyboard.type('database is locked');
    await expect(page.locator('errdex-search a[href*="/codes/"]').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('errdex-search') !== null)).toBe(true);
    expect(await axe(page)).toEqual([]);
  });
}
