/**
 * Nothing dropped into a tool leaves the browser: after a log and a database are dropped, no
 * request goes to another origin, and no request at all carries the files' bytes; nor after the
 * tab restores the results (Back from a code page, a reload).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext } from '@playwright/test';
import { makeDatabases } from '../fixtures/db/make-databases.ts';

const MARKER = 'errdex-private-7f3a9c';

function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-privacy-'));
  const path = join(dir, 'bot.log');
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    lines.push(`[2025-08-23 10:${String(i % 60).padStart(2, '0')}:15] ERROR [DB_1506] DatabaseManager: database is locked (${MARKER}-${i})`);
    lines.push(`Context: {"user_id": ${i}, "secret": "${MARKER}"}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Seen {
  url: string;
  method: string;
  body: Buffer | null;
}

function record(context: BrowserContext): Seen[] {
  const seen: Seen[] = [];
  context.on('request', (request) => seen.push({ url: request.url(), method: request.method(), body: request.postDataBuffer() }));
  return seen;
}

function assertPrivate(seen: Seen[], origin: string, secrets: Buffer[]) {
  const foreign = seen.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('blob:') && !r.url.startsWith('data:'));
  expect(foreign.map((r) => r.url), 'requests to another origin').toEqual([]);
  for (const r of seen) {
    expect(r.method, `${r.url} is a read`).toBe('GET');
    for (const secret of secrets) {
      expect(r.url.includes(secret.toString('latin1').slice(0, 32)), `${r.url} carries file bytes`).toBe(false);
      if (r.body) expect(r.body.includes(secret), `${r.url} sends file bytes`).toBe(false);
    }
  }
}

test('a dropped log never leaves the browser', async ({ page, context, baseURL }) => {
  const seen = record(context);
  await page.goto('/tools/logs/');
  const path = logFile();
  await page.locator('errdex-log-parser input[type="file"]').setInputFiles(path);
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.locator('errdex-log-parser').getByRole('link', { name: /DB_1506/ }).first()).toBeVisible();
  assertPrivate(seen, new URL(baseURL!).origin, [Buffer.from(MARKER)]);
  // Restored after a code page and after a reload: still nothing leaves.
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-keep-state', 'kept');
  await page.locator('errdex-log-parser').getByRole('link', { name: /DB_1506/ }).first().click();
  await expect(page).toHaveURL(/\/codes\/db_1506\/$/);
  await page.goBack();
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'restored');
  await page.reload();
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'restored');
  await expect(page.locator('errdex-log-parser [data-count]')).toContainText('200 / 200');
  await page.waitForLoadState('networkidle');
  assertPrivate(seen, new URL(baseURL!).origin, [Buffer.from(MARKER)]);
});

test('a dropped database never leaves the browser', async ({ page, context, baseURL }) => {
  const seen = record(context);
  const db = makeDatabases().roas.healthy;
  await page.goto('/tools/db/');
  await page.locator('errdex-db-checker input[type="file"]').setInputFiles(db);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const bytes = readFileSync(db);
  // The header and a slice of the first page's content: neither may appear in any request.
  const secrets = [bytes.subarray(0, 100), bytes.subarray(bytes.length - 512)];
  assertPrivate(seen, new URL(baseURL!).origin, secrets);
  // Restored after a reload (the file kept with it), its tables looked into: still nothing leaves.
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-keep-state', 'kept');
  await page.reload();
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'restored');
  await expect(page.locator('errdex-db-checker [data-inside] [data-rows] table')).toBeVisible({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  assertPrivate(seen, new URL(baseURL!).origin, secrets);
});
