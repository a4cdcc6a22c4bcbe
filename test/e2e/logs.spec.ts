/**
 * The log parser page in Chromium: drop fixtures and read the counts, the code links, the record
 * list; untrusted text stays text; and once the tool is warmed up, reading a file makes no request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Request } from '@playwright/test';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';
import { writeMixedLog } from '../fixtures/logs/make-mixed.ts';

const dir = ensureLogFixtures();
const at = (name: string) => join(dir, name);

async function openTool(page: Page, path = '/en/tools/logs/') {
  await page.goto(path);
  const tool = page.locator('errdex-log-parser[data-ready]');
  await expect(tool).toBeVisible();
  return tool;
}

/** Use the tool the way a person does (the pointer reaches the drop zone) and wait until it is warm. */
async function warmUp(page: Page) {
  await page.locator('[data-drop]').hover();
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-warm', 'ready', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

test('drop a roas-bot log: counts, a code link, and no request after the drop', async ({ page }) => {
  await openTool(page);
  await warmUp(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.getByLabel('choose log files').setInputFiles(at('roas-bot.log'));
  const tool = page.locator('errdex-log-parser');
  await expect(tool).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('status')).toContainText('8 records');
  const cards = page.locator('.errdex-logs-cards');
  await expect(cards.getByText('Records', { exact: true }).locator('..')).toContainText('8');
  await expect(cards.getByText('Errors', { exact: true }).locator('..')).toContainText('4');
  const link = page.getByRole('link', { name: 'DB_1506', exact: true });
  await expect(link).toHaveAttribute('href', '/en/codes/db_1506/');
  await expect(page.getByRole('table', { name: 'Error codes found' })).toContainText('written 1, recognised 1');
  // Let the list and the highlighter settle, then prove the page asked for nothing.
  await page.getByRole('button', { name: /AchievementService: 服務初始化失敗/ }).click();
  await expect(page.locator('[data-detail] code[data-highlighted]')).toBeVisible();
  expect(requests.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
});

test('even a cold drop sends nothing anywhere: only the page\'s own scripts are fetched', async ({ page }) => {
  await openTool(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.getByLabel('choose log files').setInputFiles(at('mixed.log'));
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  const origin = new URL(page.url()).origin;
  for (const r of requests) {
    expect(r.method()).toBe('GET');
    expect(r.postData()).toBeNull();
    expect(new URL(r.url()).origin).toBe(origin);
    expect(new URL(r.url()).pathname).toMatch(/^\/_astro\/[\w.-]+\.js$/);
  }
});

test('the record list filters, opens a record with its continuation lines, and exports CSV', async ({ page }) => {
  await openTool(page);
  await page.getByLabel('choose log files').setInputFiles(at('python-logging.log'));
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  const list = page.getByRole('region', { name: 'Records' });
  await expect(list.locator('[data-count]')).toHaveText('9 of 9 records match.');
  await list.getByLabel('Level at least').selectOption('error');
  await expect(list.locator('[data-count]')).toHaveText('3 of 9 records match.');
  await list.getByLabel('Search', { exact: true }).fill('寫入向量');
  await expect(list.locator('[data-count]')).toHaveText('1 of 9 records match.');
  await list.getByRole('button', { name: /寫入向量失敗/ }).click();
  const detail = page.locator('[data-detail]');
  await expect(detail.getByRole('heading')).toHaveText('Record at line 6');
  await expect(detail.locator('pre')).toContainText('Traceback (most recent call last):');
  await expect(detail.locator('pre')).toContainText('sqlite3.OperationalError: database is locked');
  await expect(detail.getByText('sqlite3.OperationalError', { exact: false }).first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV (records)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('line,lines,format,timestamp,time,level,logger,codes,exception,http,template_id,template,message,continuation');
  expect(csv).toContain('sqlite3.OperationalError');
});

test('markup in a log stays text', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openTool(page);
  await page.getByLabel('choose log files').setInputFiles(at('xss.log'));
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  const tool = page.locator('errdex-log-parser');
  await expect(tool.getByText('<script>alert("message")</script>').first()).toBeVisible();
  for (const row of await page.locator('.errdex-logs-row').all()) {
    await row.click();
    await expect(page.locator('[data-detail] pre')).toBeVisible();
  }
  await expect(tool.locator('img, svg[onload], script:not([type="application/json"])')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('paste text on the Chinese page', async ({ page }) => {
  await openTool(page, '/tools/logs/');
  await page.getByText('或貼上日誌內容').click();
  await page.getByRole('textbox', { name: '或貼上日誌內容' }).fill(readFileSync(at('civitai.log'), 'utf8'));
  await page.getByRole('button', { name: '分析貼上的文字' }).click();
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  await expect(page.getByRole('status')).toContainText('9 筆紀錄');
  const link = page.getByRole('link', { name: /^CVT_\d+$/ }).first();
  await expect(link).toHaveAttribute('href', /^\/codes\/cvt_\d+\/$/);
});

test('encodings, gzip and bad input', async ({ page }) => {
  await openTool(page);
  const input = page.getByLabel('choose log files');
  const tool = page.locator('errdex-log-parser');
  await input.setInputFiles(at('roas-bot.big5'));
  await expect(tool).toHaveAttribute('data-state', 'done');
  await expect(page.locator('.errdex-logs-cards')).toContainText('big5');
  await input.setInputFiles(at('mixed.log.gz'));
  await expect(page.getByRole('status')).toContainText('27 records');
  await expect(page.locator('.errdex-logs-cards')).toContainText('gzip');
  await input.setInputFiles(at('archive.zip'));
  await expect(page.getByRole('status')).toContainText('0 records');
  await expect(page.locator('.errdex-logs-problems')).toContainText('This is not a text log but a ZIP archive.');
  await input.setInputFiles(at('unknown.txt'));
  await expect(page.locator('.errdex-logs-problems')).toContainText('matches a known log format');
});

test('a large file shows progress and can be cancelled', async ({ page }) => {
  // Not among the shared fixtures: the CLI's tests read every file there.
  const aside = mkdtempSync(join(tmpdir(), 'errdex-big-'));
  try {
    const big = join(aside, 'big-mixed.log');
    writeMixedLog(big, 120, 7);
    await openTool(page);
    await page.getByLabel('choose log files').setInputFiles(big);
    const tool = page.locator('errdex-log-parser');
    await expect(tool).toHaveAttribute('data-state', 'running');
    await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(tool).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    await expect(page.locator('.errdex-logs-problems')).toContainText('cancelled');
  } finally {
    rmSync(aside, { recursive: true, force: true });
  }
});

test('the results pass an accessibility check', async ({ page }) => {
  await openTool(page);
  await page.getByLabel('choose log files').setInputFiles(at('mixed.log'));
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  const results = await new AxeBuilder({ page }).include('errdex-log-parser').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
