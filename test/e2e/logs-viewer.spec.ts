/**
 * The log page as a viewer, in Chromium, in both locales: several files read as one analysis,
 * what the file is (formats by name or layout, levels read from words shown as inferred), another
 * reading with one format, the plain view of text without a log format with its text and regex
 * search, a timeline bar and a template narrowing the record list, by mouse and by keyboard; the
 * same analysis with one piece reader and with several; layouts that fit and words that do not
 * break; axe clean in each result state.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ensureLogFixtures } from '../fixtures/logs/make-fixtures.ts';
import { writeMixedLog } from '../fixtures/logs/make-mixed.ts';

const fixtures = ensureLogFixtures();
const at = (name: string) => join(fixtures, name);
const work = mkdtempSync(join(tmpdir(), 'errdex-logs-viewer-'));

/** Rotated logs of a Python service: app.log (newest), app.log.1, app.log.2.gz (oldest). */
function rotatedLogs(): string[] {
  const day = (d: number, n: number, level: string, message: string) => `2025-08-${String(d).padStart(2, '0')} 10:00:${String(n).padStart(2, '0')},000 ${level} worker: ${message}`;
  const file = (d: number) => Array.from({ length: 10 }, (_, n) => day(d, n, n % 5 === 4 ? 'ERROR' : 'INFO', n % 5 === 4 ? `job ${n} failed: database is locked` : `job ${n} done in ${n * 7} ms`)).join('\n') + '\n';
  const names = [join(work, 'app.log'), join(work, 'app.log.1'), join(work, 'app.log.2.gz')];
  writeFileSync(names[0]!, file(23));
  writeFileSync(names[1]!, file(22));
  writeFileSync(names[2]!, gzipSync(file(21)));
  return names;
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('errdex-log-parser[data-ready]')).toBeVisible();
}

async function drop(page: Page, files: string | string[]) {
  await page.locator('errdex-log-parser input[type="file"]').setInputFiles(files);
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).include('errdex-log-parser').analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

const count = (page: Page) => page.locator('[data-count]');

test('several rotated files, gzip included, are read as one analysis in time order', async ({ page }) => {
  await open(page, '/en/tools/logs/');
  await drop(page, rotatedLogs());
  await expect(page.getByRole('status')).toHaveText(/app\.log and 2 more: 30 records in [\d.]+ s\./);
  const files = page.getByRole('table', { name: 'Files, in time order' });
  await expect(files.locator('tbody tr')).toHaveCount(3);
  await expect(files.locator('tbody tr td:first-child')).toHaveText(['app.log.2.gz', 'app.log.1', 'app.log']);
  await expect(files.locator('tbody tr').first()).toContainText('gzip');
  await expect(files.locator('tbody tr').nth(1)).toContainText('11–20');
  // Records say which file they are from, first the oldest.
  const rows = page.locator('.errdex-logs-row');
  await expect(rows.first().locator('.errdex-logs-rowfile')).toHaveText('app.log.2.gz');
  await page.getByRole('combobox', { name: 'File', exact: true }).selectOption('app.log');
  await expect(count(page)).toHaveText('10 of 30 records match.');
  await rows.first().click();
  await expect(page.locator('[data-detail] h3')).toHaveText('Record at line 1 of app.log');
  expect(await axe(page)).toEqual([]);
});

test('the Chinese page reads several files too, and speaks no English', async ({ page }) => {
  await open(page, '/tools/logs/');
  await drop(page, rotatedLogs());
  await expect(page.getByRole('status')).toContainText('app.log 等 2 個檔案');
  await expect(page.getByRole('table', { name: '檔案（依時間排序）' })).toBeVisible();
  // Every word the page itself puts around the results is Chinese (names, units and codes aside).
  const chrome = await page.locator('errdex-log-parser').evaluate((root) => {
    const parts: string[] = [];
    root.querySelectorAll('button, th, caption, dt, h2, h3, figcaption, .errdex-logs-legend, .errdex-logs-level, [data-count], .errdex-logs-note, [data-status]').forEach((e) => {
      // The page's own words: not the file's (the records' rows and the record opened).
      if (!(e as HTMLElement).closest('[hidden], [data-rows], [data-detail]')) parts.push((e as HTMLElement).innerText);
    });
    // A label's own words (its select's options are names from the registry and the file).
    root.querySelectorAll('label').forEach((e) => {
      if (!e.closest('[hidden]')) parts.push([...e.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join(' '));
    });
    return parts.join('\n');
  });
  const leftover = chrome.replace(/app\.log(?:\.\d)?(?:\.gz)?|\b(?:JSON|CSV|HTTP|MB\/s|MB|KB|UTC|gzip|utf-8|Web Worker)\b/g, '');
  expect(leftover.match(/[A-Za-z]{3,}/g) ?? []).toEqual([]);
  expect(await axe(page)).toEqual([]);
});

for (const [prefix, l] of [['/en', { formats: 'Formats found', readAs: 'Read the file as', again: 'Read again', roas: 'roas-bot runtime log' }], ['', { formats: '找到的格式', readAs: '讀取格式', again: '重新讀取', roas: 'roas-bot' }]] as const) {
  test(`${prefix || '/'} what the file is: each format by name, and another reading with one format`, async ({ page }) => {
    await open(page, `${prefix}/tools/logs/`);
    await drop(page, at('mixed.log'));
    const formats = page.getByRole('table', { name: l.formats });
    await expect(formats).toContainText(l.roas);
    const before = await formats.locator('tbody tr').count();
    expect(before).toBeGreaterThan(2);
    await page.getByLabel(l.readAs).selectOption('roas-bot');
    await page.getByRole('button', { name: l.again }).click();
    await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
    await expect(formats.locator('tbody tr')).toHaveCount(1);
    await expect(formats.locator('tbody code')).toHaveText('roas-bot');
    await page.getByLabel(l.readAs).selectOption('');
    await page.getByRole('button', { name: l.again }).click();
    await expect(formats.locator('tbody tr')).toHaveCount(before);
  });
}

for (const [prefix, l] of [['/en', { levels: 'Levels', words: 'of which read from message words', detail: 'read from the message\'s words' }], ['', { levels: '等級', words: '其中由訊息字詞判斷', detail: '由訊息字詞判斷' }]] as const) {
  test(`${prefix || '/'} levels read from message words are shown as inferred, in the counts and on each record`, async ({ page }) => {
    await open(page, `${prefix}/tools/logs/`);
    await drop(page, at('mixed.log'));
    const levels = page.getByRole('table', { name: l.levels, exact: true });
    await expect(levels.getByRole('columnheader', { name: l.words })).toBeVisible();
    const inferredRow = page.locator('.errdex-logs-row:has(.errdex-logs-level[data-inferred])').first();
    await expect(inferredRow).toContainText('≈');
    await inferredRow.click();
    await expect(page.locator('[data-detail] .errdex-logs-facts')).toContainText(l.detail);
  });
}

for (const [prefix, heading, invalid] of [['/en', 'Lines of the file', 'not a valid regular expression'], ['', '檔案內容（逐行）', '不是有效的正規表示式']] as const) {
  test(`${prefix || '/'} text without a log format gets a plain view with text and regex search`, async ({ page }) => {
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, ['Meeting notes for the migration', 'Kept the old index until 2025-09', 'Error budget: 12 incidents, 3 about DB_1506', 'The retry loop waited 30 s then gave up', 'nothing else to add'].join('\n') + '\n');
    await open(page, `${prefix}/tools/logs/`);
    await drop(page, notes);
    const list = page.locator('[data-list]');
    await expect(list.getByRole('heading', { level: 2 })).toHaveText(heading);
    await expect(page.locator('.errdex-logs-row')).toHaveCount(5);
    await expect(page.locator('.errdex-logs-row').nth(2).locator('.errdex-logs-line')).toHaveText('3');
    // Codes found anywhere, and the templates.
    await expect(page.getByRole('link', { name: 'DB_1506', exact: true })).toBeVisible();
    await expect(page.locator('.errdex-logs-templates')).toBeVisible();
    const search = list.getByRole('searchbox');
    await search.fill('retry');
    await expect(page.locator('.errdex-logs-row')).toHaveCount(1);
    await list.getByRole('checkbox').check();
    await search.fill('\\d+ (s|incidents)');
    await expect(page.locator('.errdex-logs-row')).toHaveCount(2);
    await search.fill('(a+)+$');
    await expect(page.locator('[data-regex-note]')).toHaveAttribute('data-problem', 'linear');
    await search.fill('index(');
    await expect(page.locator('[data-regex-note]')).toContainText(invalid);
    await expect(page.locator('.errdex-logs-row')).toHaveCount(5);
    expect(await axe(page)).toEqual([]);
  });
}

for (const [prefix, l] of [['/en', { all: (n: number) => `${n} of 120 records match.`, allTimes: 'All times', allMessages: 'All messages' }], ['', { all: (n: number) => `符合條件：${n} / 120 筆。`, allTimes: '所有時間', allMessages: '所有訊息' }]] as const) {
  test(`${prefix || '/'} a timeline bar and a template narrow the records, by mouse and by keyboard, and lead back`, async ({ page }) => {
    const log = join(work, 'two-hours.log');
    const lines: string[] = [];
    for (let m = 0; m < 120; m++) {
      const hh = String(10 + Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      lines.push(`2025-08-23 ${hh}:${mm}:00,000 ${m % 10 === 0 ? 'ERROR' : 'WARNING'} sync: ${m % 10 === 0 ? `peer ${m} unreachable` : `slow reply from peer ${m}`}`);
    }
    writeFileSync(log, lines.join('\n') + '\n');
    await open(page, `${prefix}/tools/logs/`);
    await drop(page, log);
    await expect(count(page)).toHaveText(l.all(120));
    const bars = page.locator('.errdex-logs-timeline .bar');
    const n = await bars.count();
    expect(n).toBeGreaterThan(3);
    await bars.first().click();
    const chip = page.locator('[data-time-chip]');
    await expect(chip).toBeVisible();
    const first = Number(/(\d+)/.exec((await count(page).textContent())!)![1]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(120);
    // The keyboard: the chart is one tab stop, arrows move between bars, Enter picks one.
    await bars.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(bars.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(count(page)).not.toHaveText(l.all(first));
    await chip.getByRole('button', { name: l.allTimes }).click();
    await expect(count(page)).toHaveText(l.all(120));
    // A template leads to its records.
    const templates = page.locator('.errdex-logs-templates tbody tr');
    const top = Number((await templates.first().locator('td').first().textContent())!.replace(/,/g, ''));
    await templates.first().getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(count(page)).toHaveText(l.all(top));
    await expect(page.locator('[data-template-chip]')).toBeVisible();
    expect(await axe(page)).toEqual([]);
    await page.locator('[data-template-chip]').getByRole('button', { name: l.allMessages }).click();
    await expect(count(page)).toHaveText(l.all(120));
  });
}

test('the same analysis with one piece reader and with several, on a real file', async ({ page }) => {
  test.setTimeout(180_000);
  const big = join(work, 'mixed-12mb.log');
  writeMixedLog(big, 12, 5);
  const summaryWith = async (readers: string) => {
    await open(page, `/en/tools/logs/${readers}`);
    await drop(page, big);
    const used = Number(await page.locator('errdex-log-parser').getAttribute('data-readers'));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download JSON' }).click();
    const json = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as Record<string, unknown>;
    return { used, json: JSON.stringify(json, (k, v) => (k === 'elapsedMs' ? undefined : v)) };
  };
  const one = await summaryWith('?readers=1');
  const many = await summaryWith('?readers=3');
  expect(one.used).toBe(1);
  expect(many.used).toBe(3);
  expect(many.json.length).toBeGreaterThan(10_000);
  expect(many.json).toEqual(one.json);
});

test('nothing to export or re-read before a file, and nothing dead after', async ({ page }) => {
  await open(page, '/en/tools/logs/');
  await expect(page.getByRole('button', { name: 'Download JSON' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download CSV (records)' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Read again' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await drop(page, at('archive.zip'));
  // A file that is not text has nothing to list, export or read another way.
  await expect(page.getByRole('button', { name: 'Download JSON' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Read again' })).toBeHidden();
});

for (const width of [1280, 390, 360]) {
  for (const prefix of ['', '/en']) {
    test(`${prefix || '/'} at ${width} px: the page fits and no code or level breaks inside itself`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await open(page, `${prefix}/tools/logs/`);
      await drop(page, at('mixed.log'));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide).toBeLessThanOrEqual(width);
      const broken = await page.locator('errdex-log-parser').evaluate((root) => {
        const out: string[] = [];
        root.querySelectorAll<HTMLElement>('.errdex-logs-level, .errdex-logs-codelink, .errdex-logs-rowcodes').forEach((e) => {
          if (e.closest('[hidden]') || e.getClientRects().length === 0) return;
          const lineHeight = parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.6;
          if (e.getBoundingClientRect().height > lineHeight * 1.5) out.push(e.innerText);
        });
        return out;
      });
      expect(broken).toEqual([]);
    });
  }
}
