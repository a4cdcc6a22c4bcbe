/**
 * The pages as a person sees them, in both locales, at desktop and phone widths: every tool page
 * (before and after a file), the landing page, a code page, a system page and a guide fit a
 * 360 px screen; the facts of a code page keep each label on one line; the database checker's
 * facts keep each value beside (or under) its own label; no code or level breaks inside itself;
 * no button shows before it can do something; no English words on zh-TW results; the small
 * truths (a cleanly closed WAL database, a program dropped by mistake, SQL that says how to run
 * it, the favicon); axe stays clean at phone width.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import en from '../../src/i18n/en.json' with { type: 'json' };
import zh from '../../src/i18n/zh-TW.json' with { type: 'json' };
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { writeBinarySamples } from '../fixtures/binary-samples.ts';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';

const logs = ensureLogFixtures();
const dbs = makeDatabases();
const samples = writeBinarySamples(mkdtempSync(join(tmpdir(), 'errdex-samples-')));
const PREFIXES = ['', '/en'] as const;

async function useLogs(page: Page, file: string) {
  await expect(page.locator('errdex-log-parser[data-ready]')).toBeVisible();
  await page.locator('errdex-log-parser input[type="file"]').setInputFiles(file);
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

async function useDb(page: Page, files: string[]) {
  await page.locator('errdex-db-checker input[type="file"]').setInputFiles(files);
  await expect(page.locator('errdex-db-checker')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

async function useSearch(page: Page, query: string) {
  await page.locator('errdex-search textarea').fill(query);
  await expect(page.locator('errdex-search li').first()).toBeVisible();
}

/** Each page, and what a person does there first (nothing, for a page without a tool). */
const PAGES: { path: string; use?: (page: Page) => Promise<void> }[] = [
  { path: '/' },
  { path: '/codes/db_1506/' },
  { path: '/systems/roas-bot/' },
  { path: '/guides/roas-bot/database/' },
  { path: '/tools/search/', use: (page) => useSearch(page, 'database is locked') },
  { path: '/tools/logs/', use: (page) => useLogs(page, join(logs, 'mixed.log')) },
  { path: '/tools/db/', use: (page) => useDb(page, [dbs.roas.missingIndex]) },
  { path: '/tools/db/?case=corrupt', use: (page) => useDb(page, [dbs.damaged['flipped-btree-header.db']!]) },
  { path: '/tools/db/?case=wal', use: (page) => useDb(page, [dbs.wal.pending.db, dbs.wal.pending.wal]) },
];

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

for (const prefix of PREFIXES) {
  for (const { path, use } of PAGES) {
    test(`${prefix}${path} fits a 360 px screen, before and after it is used`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto(`${prefix}${path}`);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      if (!use) return;
      await use(page);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    });
  }
}

test('/en/tools/db/ fits a 390 px phone with a report on it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/en/tools/db/');
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await useDb(page, [dbs.roas.faults]);
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
});

/** Elements among `selector` whose own text takes more than one line. */
function wrapped(root: Locator, selector: string): Promise<string[]> {
  return root.evaluate((el, sel) => {
    const out: string[] = [];
    for (const e of el.querySelectorAll<HTMLElement>(sel)) {
      if (e.closest('[hidden]') || e.getClientRects().length === 0) continue;
      const range = document.createRange();
      range.selectNodeContents(e);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(e.innerText);
    }
    return out;
  }, selector);
}

for (const width of [1280, 390]) {
  for (const prefix of PREFIXES) {
    test(`${prefix || '/'} at ${width} px: a code page's facts keep each label on one line, and codes do not break`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      // DB_1506 has the longest facts: a retry policy with a note, and an exception type.
      await page.goto(`${prefix}/codes/db_1506/`);
      const labels = page.locator('.errdex-facts td:first-child');
      const expected = prefix ? ['System', 'Severity', 'Retryable', 'Retry policy', 'Exception types'] : ['系統', '嚴重程度', '可重試', '重試策略', '例外類型'];
      for (const label of expected) await expect(labels.filter({ hasText: label })).toHaveCount(1);
      expect(await wrapped(page.locator('main'), '.errdex-facts td:first-child')).toEqual([]);
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);
      await page.goto(`${prefix}/systems/roas-bot/`);
      expect(await wrapped(page.locator('main'), '.errdex-facts td:first-child, .errdex-code-table td:first-child code, .errdex-severity')).toEqual([]);
    });

    test(`${prefix || '/'} at ${width} px: the database checker's facts sit each beside or under its own label; codes and levels do not break`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${prefix}/tools/db/`);
      await useDb(page, [dbs.roas.faults]);
      const tool = page.locator('errdex-db-checker');
      const pairs = await tool.locator('.errdex-db-facts').evaluate((dl) => {
        const out: { dt: DOMRect; dd: DOMRect }[] = [];
        for (const dt of dl.querySelectorAll('dt')) {
          const dd = dt.nextElementSibling!;
          out.push({ dt: dt.getBoundingClientRect().toJSON() as DOMRect, dd: dd.getBoundingClientRect().toJSON() as DOMRect });
        }
        return out;
      });
      expect(pairs.length).toBeGreaterThan(8);
      for (const { dt, dd } of pairs) {
        const beside = Math.abs(dd.top - dt.top) <= 2 && dd.left >= dt.right;
        const under = dd.top >= dt.bottom - 1 && Math.abs(dd.left - dt.left) <= 2;
        expect(beside || under, JSON.stringify({ dt, dd })).toBe(true);
        // And never above it.
        expect(dd.top).toBeGreaterThanOrEqual(dt.top - 2);
      }
      expect(await wrapped(tool, '.errdex-db-code code, .errdex-db-severity')).toEqual([]);
      expect(await tool.locator('.errdex-db-code code').count()).toBeGreaterThan(2);
      await page.goto(`${prefix}/tools/search/`);
      await useSearch(page, 'database is locked');
      expect(await wrapped(page.locator('errdex-search'), '.errdex-search-link code, .errdex-search-meta > span:not(.errdex-search-why)')).toEqual([]);
    });
  }
}

for (const prefix of PREFIXES) {
  test(`${prefix || '/'} no button shows before it can do something, and each one shown works`, async ({ page }) => {
    const exportName = prefix ? 'Download JSON' : '下載 JSON';
    await page.goto(`${prefix}/tools/db/`);
    const db = page.locator('errdex-db-checker');
    // Buttons a person sees (the file chooser is a label, its input hidden behind it).
    await expect(db.locator('button:visible')).toHaveCount(0);
    await useDb(page, [dbs.roas.healthy]);
    const [download] = await Promise.all([page.waitForEvent('download'), db.getByRole('button', { name: exportName }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.check\.json$/);
    await page.goto(`${prefix}/tools/logs/`);
    await expect(page.locator('errdex-log-parser[data-ready]')).toBeVisible();
    // The paste box's button is inside its closed disclosure; nothing else is there to press.
    await expect(page.locator('errdex-log-parser button:visible')).toHaveCount(0);
    await page.goto(`${prefix}/tools/search/`);
    await expect(page.locator('errdex-search button:visible')).toHaveCount(0);
  });
}

/** English words of the UI (from en.json) that the zh-TW strings do not also use (names, identifiers). */
const englishWords = (() => {
  const words = (texts: string[]) => new Set(texts.flatMap((t) => t.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()));
  const shared = words(Object.values(zh));
  return new Set([...words(Object.values(en))].filter((w) => !shared.has(w) && w.length > 1));
})();

/** The words of the UI parts of a tool (not what came from the file) that are English. */
async function englishIn(root: Locator): Promise<string[]> {
  const texts = await root.evaluate((el) => {
    const parts = el.querySelectorAll<HTMLElement>('h2, h3, h4, th, caption, label, button, summary, dt, dd, [role="status"], .errdex-db-severity, .errdex-db-label, .errdex-logs-level, .errdex-search-meta, .errdex-logs-legend, p.errdex-db-note');
    // The table browser and the record list show the file's own names, values and lines.
    return [...parts].filter((e) => e.getClientRects().length > 0 && !e.closest('[hidden], .errdex-db-rows, .errdex-logs-row, .errdex-logs-detail')).map((e) => {
      const copy = e.cloneNode(true) as HTMLElement;
      // What came from the file or the registry's data: names, codes, commands.
      copy.querySelectorAll('code, pre, select, .errdex-db-code').forEach((c) => c.remove());
      return copy.textContent ?? '';
    });
  });
  return texts.flatMap((t) => (t.match(/[A-Za-z][\w.-]*/g) ?? []).filter((w) => !/[_.\d-]/.test(w) && englishWords.has(w.toLowerCase())));
}

test('zh-TW: the tools\' results speak Chinese (no "critical", no "9 tables", no "skipped / ok / ok")', async ({ page }) => {
  await page.goto('/tools/db/');
  const db = page.locator('errdex-db-checker');
  for (const files of [[dbs.roas.faults], [dbs.wal.pending.db, dbs.wal.pending.wal], [dbs.damaged['flipped-btree-header.db']!], [dbs.unknown], [samples.elf]]) {
    await useDb(page, files);
    expect(await englishIn(db), files.join(' ')).toEqual([]);
  }
  await page.goto('/tools/logs/');
  await useLogs(page, join(logs, 'mixed.log'));
  expect(await englishIn(page.locator('errdex-log-parser'))).toEqual([]);
  await page.goto('/tools/search/');
  await useSearch(page, 'database is locked');
  expect(await englishIn(page.locator('errdex-search'))).toEqual([]);
  // The detector does see English: the same report in English is full of it.
  await page.goto('/en/tools/db/');
  await useDb(page, [dbs.roas.faults]);
  expect((await englishIn(page.locator('errdex-db-checker'))).length).toBeGreaterThan(20);
});

for (const prefix of PREFIXES) {
  test(`${prefix || '/'} a WAL database closed cleanly is healthy, with a note and no "Database locked"`, async ({ page }) => {
    await page.goto(`${prefix}/tools/db/`);
    await useDb(page, [dbs.wal.closed]);
    const db = page.locator('errdex-db-checker');
    await expect(db.locator('#errdex-db-verdict')).toHaveAttribute('data-verdict', 'healthy');
    const note = db.locator('li[data-code="SQLT_9005"]');
    await expect(note).toHaveAttribute('data-severity', 'info');
    await expect(note).toContainText(prefix ? 'clean close' : '正常關閉');
    await expect(db.locator('a[href*="db_1506"]')).toHaveCount(0);
  });

  test(`${prefix || '/'} suggested SQL says how to run it, on the file dropped`, async ({ page }) => {
    await page.goto(`${prefix}/tools/db/`);
    await useDb(page, [dbs.roas.missingIndex]);
    const command = page.locator('li[data-code="SQLT_9202"] .errdex-db-command');
    await expect(command.locator('code')).toHaveText(`sqlite3 'roas-missing-index.db' 'CREATE INDEX IF NOT EXISTS "idx_economy_user_guild" ON "economy_accounts"("user_id", "guild_id");'`);
    await expect(command.locator('.errdex-db-label')).toContainText('bash');
  });

  test(`${prefix || '/'} a program dropped on the log and database tools is named as one, not to be extracted`, async ({ page }) => {
    await page.goto(`${prefix}/tools/logs/`);
    await useLogs(page, samples.elf);
    const logsTool = page.locator('errdex-log-parser');
    await expect(logsTool).toContainText(prefix ? 'executable or library (ELF)' : '執行檔或程式庫（ELF）');
    await expect(logsTool).toContainText(prefix ? 'This is a program itself, not a log it writes' : '這是程式本身，不是它寫出的日誌');
    await expect(logsTool).not.toContainText(prefix ? 'Extract it first' : '請先解');
    await page.goto(`${prefix}/tools/db/`);
    await useDb(page, [samples.elf]);
    const finding = page.locator('li[data-code="SQLT_9000"]');
    await expect(finding).toContainText(prefix ? 'signature of a Linux/Unix executable or library (ELF)' : '執行檔或程式庫（ELF）的標記');
    await expect(page.locator('li[data-code="SQLT_9004"]')).toHaveCount(0);
    // A PNG is named too, and not called encrypted.
    await useDb(page, [samples.png]);
    await expect(page.locator('li[data-code="SQLT_9000"]')).toContainText(prefix ? 'a PNG image' : 'PNG 圖片');
  });
}

test('/favicon.svg exists, is an SVG, and every page links it', async ({ page, request }) => {
  const response = await request.get('/favicon.svg');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/svg/);
  expect(await response.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const path of ['/', '/en/tools/db/']) {
    await page.goto(path);
    await expect(page.locator('link[rel="shortcut icon"], link[rel="icon"]').first()).toHaveAttribute('href', '/favicon.svg');
  }
});

for (const prefix of PREFIXES) {
  test(`${prefix || '/'} at 360 px, the tools in their result state are axe clean`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const check = async () => {
      // Expressive Code makes a code block that scrolls focusable once it has measured it (a
      // ResizeObserver, then an idle callback): wait for that, as a person's first Tab would.
      await page.waitForFunction(() => [...document.querySelectorAll('.expressive-code pre')].every((p) => p.scrollWidth <= p.clientWidth || p.hasAttribute('tabindex')));
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    };
    await page.goto(`${prefix}/tools/db/`);
    await useDb(page, [dbs.roas.faults]);
    expect(await check()).toEqual([]);
    await page.goto(`${prefix}/tools/logs/`);
    await useLogs(page, join(logs, 'mixed.log'));
    expect(await check()).toEqual([]);
    await page.goto(`${prefix}/tools/search/`);
    await useSearch(page, 'database is locked');
    expect(await check()).toEqual([]);
    await page.goto(`${prefix}/codes/db_1506/`);
    expect(await check()).toEqual([]);
  });
}
