/**
 * The database checker page in Chromium: a damaged database gets its corruption finding with a
 * code link; a database that tries to run its own SQL gets checked without any of it running;
 * WAL, cancel and export work; an unrecognised schema is said to be so, with the profile picker
 * right there; the tables can be looked into. Fixtures are made by real SQLite (test/fixtures/db).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { generate } from '../../scripts/bench/db.ts';
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { publishedJson } from '../published-json.ts';

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
  // The page's download is what `errdex db --json` prints, and is described by the same published schema.
  const json = publishedJson('db', readFileSync((await download.path())!, 'utf8'));
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

test('en: a database of no known system is not called healthy; choosing a profile right there checks again at once', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.unknown]);
  const checker = page.locator('errdex-db-checker');
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: /the application was not recognised/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Healthy/ })).toHaveCount(0);
  const picker = page.getByLabel('Check as profile');
  await expect(picker).toBeVisible();
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await picker.selectOption('qwen3-memory');
  // No new file and no button: the check ran again with the chosen profile.
  await expect(page.getByRole('heading', { name: /Errors/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('li[data-code="SQLT_9200"]').first()).toContainText('"messages"');
  await expect(page.getByLabel('Profile')).toHaveValue('qwen3-memory');
  await expect(page.locator('dd').filter({ hasText: 'qwen3-memory (chosen)' })).toBeVisible();
  // The profile selector above does the same.
  await page.getByLabel('Profile').selectOption('');
  await expect(page.getByRole('heading', { name: /the application was not recognised/ })).toBeVisible({ timeout: 30_000 });
});

test('zh-TW: a memory.db without embeddings is recognised; an empty memory.db points at the wrong path', async ({ page }) => {
  await page.goto('/tools/db/');
  await drop(page, '選擇檔案', [f.named.memoryWithoutEmbeddings]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.locator('dd').filter({ hasText: 'qwen3-memory（自動判斷）' })).toBeVisible();
  await expect(page.locator('li[data-code="SQLT_9200"]')).toContainText('embeddings');
  await drop(page, '選擇檔案', [f.named.emptyMemory]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const empty = page.locator('li[data-code="SQLT_9011"]');
  await expect(empty).toContainText('SQLite 會在那裡建立一個新的空資料庫');
  await expect(empty.locator('code.language-bash')).toContainText("find / -type f -name 'memory.db' -size +0");
});

test('en: after a corrupt verdict, the place for what to do next comes first', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.damaged['flipped-btree-header.db']!]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const actions = page.locator('[data-actions="corrupt"]');
  await expect(actions.getByRole('heading', { name: 'What you can do next' })).toBeVisible();
  // It sits between the verdict and the findings.
  const order = await page.evaluate(() => {
    const at = (sel: string) => [...document.querySelectorAll('[data-results] *')].indexOf(document.querySelector(sel)!);
    return [at('#errdex-db-verdict'), at('[data-actions]'), at('.errdex-db-findings')];
  });
  expect(order[0]).toBeLessThan(order[1]!);
  expect(order[1]).toBeLessThan(order[2]!);
});

test('en: the tables can be looked into, page by page, by keyboard, with hostile names shown as text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/en/tools/db/');
  await drop(page, 'choose files', [f.browse]);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const inside = page.locator('[data-inside]');
  await expect(inside.getByRole('heading', { name: 'Look inside the tables' })).toBeVisible();
  const table = inside.getByLabel('Table', { exact: true });
  // Views are not offered.
  await expect(table.locator('option', { hasText: 'endless' })).toHaveCount(0);
  await table.focus();
  await table.selectOption('many');
  await expect(inside.locator('caption')).toHaveText('many · Rows 1–50 of 120');
  const next = inside.getByRole('button', { name: 'Next page' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(inside.locator('caption')).toHaveText('many · Rows 51–100 of 120');
  await page.keyboard.press('Enter');
  await expect(inside.locator('caption')).toHaveText('many · Rows 101–120 of 120');
  await expect(next).toBeDisabled();
  // The rows are a focusable region, so they can be scrolled by keyboard.
  await expect(inside.getByRole('region', { name: /many/ })).toHaveAttribute('tabindex', '0');
  for (const name of ['x"; DROP TABLE plain; --', 'kinds']) {
    await table.selectOption(name);
    await expect(inside.locator('caption')).toContainText(`${name} · Rows`);
  }
  const row = inside.locator('tbody tr').nth(1);
  await expect(row).toContainText('<img src=x onerror=alert(1)>');
  await expect(row.locator('td[data-type="blob"]')).toHaveText(/^BLOB 100 B 07 07/);
  await expect(inside.locator('tbody tr').first().locator('td[data-type="computed"]')).toHaveText('(computed column, not read)');
  await expect(page.locator('[data-inside] img')).toHaveCount(0);
  // The plain table is still there: nothing the names say was run.
  await table.selectOption('plain');
  await expect(inside.locator('tbody')).toContainText('still here');
  expect(dialogs).toEqual([]);
});
