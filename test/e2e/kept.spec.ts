/**
 * Results survive navigation, in Chromium: for each tool and locale, drop a real file (or paste a
 * real log too long for the address), follow a code link from the results, go Back, and the
 * results are there with the line naming the file and the time; a reload shows them too; Clear
 * empties the tool for good; a new file replaces them; axe is clean on the restored state.
 * (Playwright turns the back/forward cache off, so Back here is a normal navigation that restores
 * from storage; kept-bfcache.spec.ts turns it on.)
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { generate } from '../../scripts/bench/db.ts';
import { makeDatabases } from '../fixtures/db/make-databases.ts';
import { makeSalvageFixtures } from '../fixtures/db/make-salvage.ts';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';

const logs = ensureLogFixtures();
const databases = makeDatabases();
const salvage = Object.fromEntries(makeSalvageFixtures().map((x) => [x.name, x]));

const LOCALES = [
  {
    locale: 'zh-TW', prefix: '', choose: '選擇日誌檔', chooseDb: '選擇檔案', clear: '清除結果', search: '搜尋錯誤', results: '搜尋結果',
    kept: (name: string) => new RegExp(`^這是 ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 在 \\d\\d:\\d\\d 的分析結果；拖放新檔案即可重新開始。$`),
    keptQuery: /^這是 \d\d:\d\d 貼上的文字（[\d,]+ 個字元）的搜尋結果；清空搜尋框即可重新開始。$/,
    records: '紀錄', recover: '救回資料',
  },
  {
    locale: 'en', prefix: '/en', choose: 'choose log files', chooseDb: 'choose files', clear: 'Clear results', search: 'Search errors', results: 'Search results',
    kept: (name: string) => new RegExp(`^Results of ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} from \\d\\d:\\d\\d; drop a file to start again\\.$`),
    keptQuery: /^Results for the text pasted at \d\d:\d\d \([\d,]+ characters\); clear the box to start again\.$/,
    records: 'Records', recover: 'Recover data',
  },
] as const;

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** Follow a link from the results as a person does, and come Back. */
async function followAndBack(page: Page, link: ReturnType<Page['locator']>, path: RegExp) {
  await link.click();
  await expect(page).toHaveURL(path);
  await expect(page.locator('h1')).toBeVisible();
  await page.goBack();
}

for (const l of LOCALES) {
  test.describe(l.locale, () => {
    test('log parser: the analysis comes back after a code page, and after a reload, until cleared', async ({ page }) => {
      await page.goto(`${l.prefix}/tools/logs/`);
      const tool = page.locator('errdex-log-parser');
      await page.getByLabel(l.choose).setInputFiles(join(logs, 'python-logging.log'));
      await expect(tool).toHaveAttribute('data-state', 'done');
      await expect(tool).toHaveAttribute('data-keep-state', 'kept');
      const list = page.getByRole('region', { name: l.records, exact: true });
      const count = await list.locator('[data-count]').textContent();
      expect(count).toMatch(/9/);
      const codes = await page.locator('.errdex-logs-codelink, [data-results] a[href*="/codes/"]').allTextContents();
      expect(codes.length).toBeGreaterThan(0);

      await followAndBack(page, page.locator('[data-results] a[href*="/codes/"]').first(), /\/codes\/[a-z0-9_]+\/$/);
      await expect(tool).toHaveAttribute('data-state', 'restored');
      const note = tool.locator('[data-kept-note]');
      await expect(note.locator('p').first()).toHaveText(l.kept('python-logging.log'));
      // The summary and the records are all back: same count, a record opens with its traceback.
      expect(await page.locator('[data-results] a[href*="/codes/"]').allTextContents()).toEqual(codes);
      await expect(list.locator('[data-count]')).toHaveText(count!);
      await list.getByRole('button', { name: /寫入向量失敗/ }).click();
      await expect(page.locator('[data-detail] pre')).toContainText('sqlite3.OperationalError: database is locked');
      expect(await axe(page)).toEqual([]);

      await page.reload();
      await expect(tool).toHaveAttribute('data-state', 'restored');
      await expect(note.locator('p').first()).toHaveText(l.kept('python-logging.log'));
      await expect(list.locator('[data-count]')).toHaveText(count!);

      await note.getByRole('button', { name: l.clear }).click();
      await expect(tool).toHaveAttribute('data-state', 'idle');
      await expect(note).toHaveCount(0);
      await expect(list).toBeHidden();
      await page.reload();
      await expect(tool).toHaveAttribute('data-ready', 'true');
      await expect(tool).toHaveAttribute('data-state', 'idle');
      await expect(tool.locator('[data-kept-note]')).toHaveCount(0);
    });

    test('database checker: the report comes back, with the file, so recovery still works', async ({ page }) => {
      await page.goto(`${l.prefix}/tools/db/`);
      const checker = page.locator('errdex-db-checker');
      await page.getByLabel(l.chooseDb).setInputFiles([salvage['zeroed-interior']!.db]);
      await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      await expect(checker).toHaveAttribute('data-keep-state', 'kept');
      const finding = checker.locator('li[data-code]').first();
      const code = await finding.getAttribute('data-code');

      await followAndBack(page, finding.getByRole('link', { name: new RegExp(code!) }).first(), /\/codes\/[a-z0-9_]+\/$/);
      await expect(checker).toHaveAttribute('data-state', 'restored');
      await expect(checker.locator('[data-kept-note] p').first()).toHaveText(l.kept('zeroed-interior.db'));
      await expect(checker.locator(`li[data-code="${code}"]`).first()).toBeVisible();
      expect(await axe(page)).toEqual([]);

      await page.reload();
      await expect(checker).toHaveAttribute('data-state', 'restored');
      // The file was kept with the report: recovering its rows needs no new drop.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByRole('button', { name: l.recover }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('zeroed-interior.recovered.db');

      // A new file replaces the kept report.
      await page.getByLabel(l.chooseDb).setInputFiles([databases.roas.healthy]);
      await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      await expect(checker.locator('[data-kept-note]')).toHaveCount(0);
      await expect(checker).toHaveAttribute('data-keep-state', 'kept');
      await page.reload();
      await expect(checker).toHaveAttribute('data-state', 'restored');
      await expect(checker.locator('[data-kept-note] p').first()).toHaveText(l.kept(databases.roas.healthy.split('/').pop()!));
      // Its tables can be looked into again.
      await expect(checker.locator('[data-inside] [data-rows] table')).toBeVisible({ timeout: 30_000 });
    });

    test('search: a pasted log too long for the address comes back with its results', async ({ page }) => {
      // A real log (Python's logging, with tracebacks), longer than the address may hold.
      let text = readFileSync(join(logs, 'python-logging.log'), 'utf8');
      while (text.length <= 2000) text += text;
      await page.goto(`${l.prefix}/tools/search/`);
      const search = page.locator('errdex-search');
      const input = search.getByRole('textbox', { name: l.search });
      await input.fill(text);
      const results = search.getByRole('list', { name: l.results });
      await expect(results.getByRole('listitem').first()).toBeVisible();
      await expect(search).toHaveAttribute('data-keep-state', 'kept');
      expect(new URL(page.url()).searchParams.get('q')).toBeNull();
      const codes = await results.getByRole('listitem').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.code));

      await followAndBack(page, results.getByRole('link').first(), /\/codes\/[a-z0-9_]+\/$/);
      await expect(search).toHaveAttribute('data-keep-state', 'restored');
      await expect(search.locator('[data-kept-note] p').first()).toHaveText(l.keptQuery);
      await expect(input).toHaveValue(text);
      await expect(results.getByRole('listitem')).toHaveCount(codes.length);
      expect(await results.getByRole('listitem').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.code))).toEqual(codes);
      expect(await axe(page)).toEqual([]);

      await page.reload();
      await expect(input).toHaveValue(text);
      await expect(results.getByRole('listitem').first()).toHaveAttribute('data-code', codes[0]!);

      // Clearing forgets it; a short query lives in the address, as before.
      await search.locator('[data-kept-note]').getByRole('button', { name: l.clear }).click();
      await expect(input).toHaveValue('');
      await expect(search).toHaveAttribute('data-keep-state', 'none');
      await page.reload();
      await expect(search).toHaveAttribute('data-state', /ready|loading/);
      await expect(input).toHaveValue('');
      await expect(search.locator('[data-kept-note]')).toHaveCount(0);
    });
  });
}

test('en: a file name is shown as text, never as markup', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'errdex-kept-'));
  const name = '<img src=x onerror="document.title=1">.log';
  copyFileSync(join(logs, 'roas-bot.log'), join(dir, name));
  await page.goto('/en/tools/logs/');
  const tool = page.locator('errdex-log-parser');
  await page.getByLabel('choose log files').setInputFiles(join(dir, name));
  await expect(tool).toHaveAttribute('data-keep-state', 'kept');
  await page.reload();
  await expect(tool).toHaveAttribute('data-state', 'restored');
  await expect(tool.locator('[data-kept-note] p').first()).toHaveText(`Results of ${name} from ${(await tool.locator('[data-kept-note] p').first().textContent())!.match(/\d\d:\d\d/)![0]}; drop a file to start again.`);
  await expect(tool.locator('img')).toHaveCount(0);
  expect(await page.title()).not.toBe('1');
});

test('en: a database too large to keep comes back as its report, and says the file is needed to look inside', async ({ page }) => {
  const path = join(databases.dir, 'e2e-big.db');
  if (!existsSync(path)) generate(path, 60);
  await page.goto('/en/tools/db/');
  const checker = page.locator('errdex-db-checker');
  await page.getByLabel('choose files').setInputFiles([path]);
  await expect(checker).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(checker).toHaveAttribute('data-keep-state', 'report');
  await expect(checker.locator('[data-inside]')).toBeVisible();
  await page.reload();
  await expect(checker).toHaveAttribute('data-state', 'restored');
  const note = checker.locator('[data-kept-note]');
  await expect(note.locator('p').first()).toHaveText(/^Results of e2e-big\.db from \d\d:\d\d/);
  await expect(note.locator('p').nth(1)).toHaveText(/^The file itself \(\d+\.\d MiB\) was too large to keep in this tab: .*drop it again\.$/);
  await expect(checker.locator('[data-inside]')).toBeHidden();
  await expect(checker.locator('.errdex-db-verdict')).toBeVisible();
  await expect(checker.getByRole('button', { name: 'Download JSON' })).toBeVisible();
});

test('another tab does not see this tab\'s results', async ({ page, context }) => {
  await page.goto('/en/tools/logs/');
  await page.getByLabel('choose log files').setInputFiles(join(logs, 'roas-bot.log'));
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-keep-state', 'kept');
  const other = await context.newPage();
  await other.goto('/en/tools/logs/');
  const tool = other.locator('errdex-log-parser');
  await expect(tool).toHaveAttribute('data-ready', 'true');
  // The other tab's drop zone stays empty, while this tab still restores on reload.
  await page.reload();
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'restored');
  await expect(tool).toHaveAttribute('data-state', 'idle');
  await expect(tool.locator('[data-kept-note]')).toHaveCount(0);
});
