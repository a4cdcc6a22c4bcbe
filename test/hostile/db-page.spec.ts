/**
 * Hostile inputs on the database checker page, in Chromium, with the browser's memory sampled
 * while each one runs: the resident memory of every browser process this test started, summed,
 * must stay within 1 GiB of the idle page, and the page must end with a clear message.
 *
 * Time is only ever a budget given to the page (`?budget=1`), never a bound asserted here: the
 * bombs would run for hours, so the watchdog is certain to stop them.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { makeHostileDatabases } from './make-hostile-db.ts';

const h = makeHostileDatabases();
const f = makeDatabases();
const GIB = 2 ** 30;

/** Resident memory of the processes descended from this one (the browser and its helpers), in bytes. */
function browserRss(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (kb) rss.set(Number(entry), Number(kb[1]) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid), depth = 0; p !== undefined && depth < 20; p = parent.get(p), depth++) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, bytes] of rss) if (pid !== process.pid && mine(pid)) total += bytes;
  return total;
}

/** Runs `action` while sampling the browser's memory; resolves with the highest sample. */
async function sampled(action: () => Promise<void>): Promise<number> {
  let peak = browserRss();
  const timer = setInterval(() => (peak = Math.max(peak, browserRss())), 100);
  try {
    await action();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, browserRss());
}

/** The peak over the idle page stays under 1 GiB (noted in the report). */
function expectWithinBudget(peak: number, base: number) {
  test.info().annotations.push({ type: 'browser memory', description: `idle ${(base / 2 ** 20).toFixed(0)} MiB, peak +${((peak - base) / 2 ** 20).toFixed(0)} MiB` });
  expect(peak - base).toBeLessThan(GIB);
}

async function idle(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'idle');
  return browserRss();
}

const drop = (page: Page, file: string) => page.getByLabel('choose files').setInputFiles(file);
const done = (page: Page) => expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', /done|error/, { timeout: 120_000 });

test.describe.configure({ mode: 'serial' });

test('a CHECK that builds a 5 MB string for each of 100,000 rows: stopped at the budget, CHECKs named as not checked', async ({ page }) => {
  const base = await idle(page, '/en/tools/db/?budget=1');
  const peak = await sampled(async () => {
    await drop(page, h.checkSlow);
    await done(page);
  });
  const finding = page.locator('li[data-code="SQLT_9105"]');
  await expect(finding).toContainText('integrity_check was stopped: it did not finish within its time budget');
  await expect(finding).toContainText('the CHECK constraints were not');
  await finding.getByText(/Evidence/).click();
  await expect(finding.locator('pre').first()).toContainText("CHECK constraint t: length(printf('%.*c', 5000000 + x, 'x')) > 0");
  await expect(page.getByRole('heading', { name: /Needs attention/ })).toBeVisible();
  expectWithinBudget(peak, base);
});

test('a CHECK that asks for a 900 MB string: stopped by SQLite\'s memory limit', async ({ page }) => {
  const base = await idle(page, '/en/tools/db/');
  const peak = await sampled(async () => {
    await drop(page, h.checkHuge);
    await done(page);
  });
  await expect(page.locator('li[data-code="SQLT_9105"]')).toContainText('ran out of the memory SQLite may use');
  expectWithinBudget(peak, base);
});

test('a computed column that costs hours: stopped, and the file is said not to be checked', async ({ page }) => {
  const base = await idle(page, '/tools/db/?budget=1');
  const peak = await sampled(async () => {
    await page.getByLabel('選擇檔案').setInputFiles(h.generatedSlow);
    await done(page);
  });
  await expect(page.getByRole('heading', { name: /無法檢查/ })).toBeVisible();
  await expect(page.locator('li[data-code="SQLT_9105"]')).toContainText('沒有其他不執行這些運算式的檢查可以代替它');
  expectWithinBudget(peak, base);
});

test('read=memory on a 3 GiB file: a true message, and nothing read', async ({ page }) => {
  const path = join(mkdtempSync(join(tmpdir(), 'errdex-page-')), 'three-gib.db');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 3 * GIB);
  closeSync(fd);
  try {
    const base = await idle(page, '/en/tools/db/?read=memory');
    const peak = await sampled(async () => {
      await drop(page, path);
      await done(page);
    });
    await expect(page.getByRole('status')).toHaveText(/This file is 3\.00 GiB, and read=memory reads at most 2\.00 GiB at once\. Remove read=memory/);
    await expect(page.getByRole('status')).not.toHaveText(/permission/i);
    expectWithinBudget(peak, base);
  } finally {
    rmSync(path, { force: true });
  }
});

test('a WAL from an older state of the database is not applied on the page either', async ({ page }) => {
  await page.goto('/en/tools/db/');
  await page.getByLabel('choose files').setInputFiles([f.wal.stale.db, f.wal.stale.wal]);
  await done(page);
  await expect(page.locator('li[data-code="SQLT_9012"]')).toContainText('does not belong to this database as it is now');
  await expect(page.locator('li[data-code="SQLT_9008"]')).toHaveCount(0);
});
