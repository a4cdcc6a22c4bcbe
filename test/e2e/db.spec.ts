/**
 * The database checker page in Chromium: a damaged database gets its corruption finding with a
 * code link; a database that tries to run its own SQL gets checked without any of it running;
 * WAL, cancel and export work. Fixtures are made by real SQLite (test/fixtures/db).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generate } from '../../scripts/bench/db.ts';
import { makeDatabases } from '../fixtures/db/make-databases.ts';

const f = makeDatabases();
/** A database big enough that its check is still running when Cancel is pressed. */
function bigDatabase(): string {
  const path = join(f.dir, 'e2e-big.db');
  if (!existsSync(path)) generate(path, 60);
  return path;
}

async function drop(page: Page, label: string | RegExp, files: string[]) {
  await page.getByLabel(label).setInputFiles(files);
}

test('zh-TW: a damaged database shows the corruption finding with its code link', async ({ page }) => {
  await page.goto('/tools/db/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SQLite 資料庫檢查');
  await drop(page, '選擇檔案', [f.damaged['flipped-btree-header.db']!]);
  const checker = page.locator('errdex-db-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /已損壞/ })).toBeVisible();
  const finding = page.locator('li[data-code="SQLT_9100"]');
  await expect(finding).toBeVisible();
  const link = finding.getByRole('link', { name: /SQLT_9100/ });
  await expect(link).toHaveAttribute('href', '/codes/sqlt_9100/');
  // The suggested command is highlighted (coloured tokens) and copyable.
  await expect(finding.locator('code[data-highlighted="true"] span[style*="color"]').first()).toBeVisible();
  await expect(finding.getByRole('button', { name: '複製' })).toBeVisible();
  const response = await page.request.get('/codes/sqlt_9100/');
  expect(response.status()).toBe(200);
});

test('en: a database with a malicious view and trigger is checked without running them', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/en/tools/db/?profile=qwen3-memory');
  await expect(page.getByLabel('Profile')).toHaveValue('qwen3-memory');
  const started = Date.now();
  await drop(page, 'choose files', [f.malicious]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  // The endless view was never read: the check finished, and said why it left the view alone.
  expect(Date.now() - started).toBeLessThan(30_000);
  const wrong = page.locator('li[data-code="SQLT_9203"]');
  await expect(wrong).toContainText('"embeddings", but the object of that name in this file is a view');
  await expect(page.locator('li[data-code="SQLT_9208"]').first()).toBeVisible();
  // Names from the file are text, never markup.
  await expect(page.locator('[data-results] img')).toHaveCount(0);
  await expect(page.locator('[data-results] script')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('en: a WAL dropped with its database is applied, and the report downloads as JSON', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.wal.pending.db, f.wal.pending.wal]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.locator('li[data-code="SQLT_9008"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Healthy|Needs attention/ })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(json).toMatchObject({ integrity: 'ok', profile: 'qwen3-memory', wal: { applied: true, commits: 5 } });
});

test('en: a file that is not a database gets a plain verdict; a -wal alone is refused', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.damaged['random-bytes.db']!]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /Not checked/ })).toBeVisible();
  await expect(page.locator('li[data-code="SQLT_9004"]')).toBeVisible();
  await drop(page, 'choose files', [f.wal.pending.wal]);
  await expect(page.getByRole('status')).toHaveText(/Choose a database file/);
});

test('zh-TW: a running check can be cancelled, and the next one runs', async ({ page }) => {
  await page.goto('/tools/db/');
  await drop(page, '選擇檔案', [bigDatabase()]);
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByRole('status')).toHaveText('已取消檢查。');
  await drop(page, '選擇檔案', [f.roas.healthy]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /健康/ })).toBeVisible();
});

test('en: a schema that needs its application\'s collation is named as such, not called damaged', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.appCollation]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /Not checked/ })).toBeVisible();
  const note = page.locator('li[data-code="SQLT_9104"]');
  await expect(note).toContainText('collation LOCALE');
  await expect(note.getByRole('link', { name: /SQLT_9104/ })).toHaveAttribute('href', /\/en\/codes\/sqlt_9104\//);
  await expect(page.locator('li[data-code="SQLT_9100"]')).toHaveCount(0);
});
