/**
 * With the back/forward cache on (Playwright turns it off by default): Back from a code page
 * returns to the log page as it was left, not a copy restored from storage.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';

const logs = ensureLogFixtures();

test.use({
  launchOptions: {
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
  executablePath: process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
});

test('en: Back returns to the live log analysis itself', async ({ page }) => {
  await page.goto('/en/tools/logs/');
  const tool = page.locator('errdex-log-parser');
  await page.getByLabel('choose log files').setInputFiles(join(logs, 'roas-bot.log'));
  await expect(tool).toHaveAttribute('data-state', 'done');
  await expect(tool).toHaveAttribute('data-keep-state', 'kept');
  await page.evaluate(() => window.addEventListener('pageshow', (e) => (document.documentElement.dataset.fromCache = String(e.persisted))));
  await page.getByRole('link', { name: 'DB_1506', exact: true }).click();
  await expect(page).toHaveURL(/\/en\/codes\/db_1506\/$/);
  // Restored from the cache, the page fires no load event.
  await page.goBack({ waitUntil: 'commit' });
  await expect(page.locator('html')).toHaveAttribute('data-from-cache', 'true');
  // The page as it was left: results, the reading line, the file still at hand to read again.
  await expect(tool).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('status').first()).toContainText('8 records');
  await expect(page.getByRole('button', { name: 'Read again' })).toBeVisible();
});
