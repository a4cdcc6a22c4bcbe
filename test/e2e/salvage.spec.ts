/**
 * "Recover data" on the database checker page, in Chromium: a real damaged database (made by
 * SQLite, then damaged) is dropped, the corrupt verdict offers recovery, and the downloaded file
 * is a healthy database holding the rows, as SQLite itself reads it.
 */
import { DatabaseSync } from 'node:sqlite';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { makeSalvageFixtures } from '../fixtures/db/make-salvage.ts';

const f = Object.fromEntries(makeSalvageFixtures().map((x) => [x.name, x]));

function rows(path: string, table: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    return Number((db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

test('en: a database with a zeroed interior page is recovered and downloads with every row', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await page.getByLabel('choose files').setInputFiles([f['zeroed-interior']!.db]);
  const checker = page.locator('errdex-db-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Recover data' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Recover data' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('zeroed-interior.recovered.db');
  const path = (await download.path())!;
  expect(rows(path, 'users')).toBe(5899);
  // The zeroed page of the WITHOUT ROWID table held 14 of its rows itself (index b-trees keep
  // entries in interior pages): those are gone; the 1486 under it are back.
  expect(rows(path, 'settings')).toBe(1486);
  const users = page.locator('.errdex-db-salvage tr[data-table="users"]');
  await expect(users.locator('td').first()).toHaveText('5899');
  await expect(page.getByRole('table', { name: 'Rows recovered and pages lost per table' })).toBeVisible();
  await expect(page.locator('[data-salvage-verdict="partial"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download again' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('errdex-db-checker').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('zh-TW: a database with a zeroed header is recovered with its page size found from its pages', async ({ page }) => {
  await page.goto('/tools/db/');
  await page.getByLabel('選擇檔案').setInputFiles([f['zeroed-header']!.db]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: '救回資料' })).toBeVisible();
  // From the keyboard: focus the button and press Enter.
  await page.getByRole('button', { name: '救回資料' }).focus();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.keyboard.press('Enter'),
  ]);
  const path = (await download.path())!;
  expect(rows(path, 'events')).toBe(3921);
  await expect(page.getByRole('table', { name: '每個資料表救回的列與遺失的頁' })).toBeVisible();
  await expect(page.locator('.errdex-db-salvage tr[data-table="events"] td').first()).toHaveText('3921');
});

test('a healthy database is not offered recovery', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await page.getByLabel('choose files').setInputFiles([f.healthy!.db]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Recover data' })).toHaveCount(0);
});
