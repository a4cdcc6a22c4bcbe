/**
 * Hostile input on the log page, in Chromium, with the browser's memory sampled (the proportional
 * set size of every browser process started for the test, read from /proc): a gzip bomb, a
 * damaged gzip, records of a mebibyte each, endless zeros. Each ends with a clear message, the
 * page alive, and the browser under +1 GB over the idle page (and so does an honest 64 MB log). Inputs are made here (zlib streamed,
 * a sparse file), never committed. Nothing is timed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { descendantsPssMb } from '../../scripts/lib/process-memory.ts';
import { writeMixedLog } from '../fixtures/logs/make-mixed.ts';

const MB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'errdex-logs-hostile-'));
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Memory of the browser's processes, in MB (proportional set size, so shared pages count once). */
function browserMb(): number {
  return descendantsPssMb() ?? 0;
}

/** Drop `file` on a warmed-up page and sample the browser's memory until the analysis ends. */
async function dropAndSample(page: Page, file: string, path = '/en/tools/logs/'): Promise<{ idle: number; peak: number }> {
  await page.goto(path);
  const tool = page.locator('errdex-log-parser[data-ready]');
  await expect(tool).toBeVisible();
  await page.locator('[data-drop]').hover();
  await expect(tool).toHaveAttribute('data-warm', 'ready', { timeout: 60_000 });
  const idle = browserMb();
  let peak = idle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, browserMb());
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await page.locator('errdex-log-parser input[type="file"]').setInputFiles(file);
    await expect(tool).toHaveAttribute('data-state', /^(done|cancelled|error)$/, { timeout: 300_000 });
  } finally {
    sampling = false;
    await sampler;
  }
  peak = Math.max(peak, browserMb());
  test.info().annotations.push({ type: 'memory', description: `idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)} MB)` });
  return { idle, peak };
}

/** gzip of `total` bytes of `chunk` repeated, streamed through zlib (never held whole). */
async function gzipOf(path: string, total: number, chunk: Buffer): Promise<void> {
  const gz = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const fd = openSync(path, 'w');
  gz.on('data', (c: Buffer) => writeSync(fd, c));
  const done = new Promise((resolve) => gz.on('end', resolve));
  for (let written = 0; written < total; written += chunk.length) {
    if (!gz.write(chunk)) await new Promise((resolve) => gz.once('drain', resolve));
  }
  gz.end();
  await done;
  closeSync(fd);
}

test.setTimeout(400_000);

test('a gzip bomb is stopped with its figures, within memory', async ({ page }) => {
  const bomb = join(work, 'bomb.log.gz');
  const line = Buffer.from('2025-08-23 10:30:15,000 INFO app: the same line, again and again\n');
  await gzipOf(bomb, 2048 * MB, Buffer.concat(Array.from({ length: Math.floor(MB / line.length) }, () => line)));
  const { idle, peak } = await dropAndSample(page, bomb);
  await expect(page.locator('.errdex-logs-problems li[data-kind="bomb"]')).toContainText('This looks like a decompression bomb');
  await expect(page.locator('.errdex-logs-cards')).toContainText('gzip');
  expect(peak - idle).toBeLessThan(1024);
});

test('a damaged gzip keeps what was decoded before the damage, and says where', async ({ page }) => {
  const log = join(work, 'damaged.log');
  writeMixedLog(log, 6, 11);
  const gz = gzipSync(readFileSync(log));
  const at = Math.floor(gz.length * 0.6);
  for (let i = 0; i < 256; i++) gz[at + i] = (i * 37 + 11) & 0xff;
  writeFileSync(`${log}.gz`, gz);
  const { idle, peak } = await dropAndSample(page, `${log}.gz`, '/tools/logs/');
  const problem = page.locator('.errdex-logs-problems li[data-kind="decompression"]');
  await expect(problem).toContainText('gzip 解壓縮失敗');
  // The byte offset of the damage is named: past the damaged bytes' start, within the file.
  const numbers = ((await problem.textContent()) ?? '').match(/\d[\d,]*/g)?.map((x) => Number(x.replace(/,/g, ''))) ?? [];
  expect(numbers.some((x) => x >= at && x <= gz.length)).toBe(true);
  const records = Number(await page.locator('errdex-log-parser').getAttribute('data-records'));
  expect(records).toBeGreaterThan(1000);
  await expect(page.locator('.errdex-logs-row').first()).toBeVisible();
  expect(peak - idle).toBeLessThan(1024);
});

test('a thousand error records of a mebibyte each: counted, kept within a budget, within memory', async ({ page }) => {
  const huge = join(work, 'huge-records.log');
  const fd = openSync(huge, 'w');
  const body = Buffer.alloc(MB - 200, 'x');
  for (let i = 0; i < 1000; i++) {
    writeSync(fd, `2025-08-23 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000 ERROR app: record ${i} `);
    writeSync(fd, body);
    writeSync(fd, '\n');
  }
  closeSync(fd);
  const { idle, peak } = await dropAndSample(page, huge);
  expect(Number(await page.locator('errdex-log-parser').getAttribute('data-records'))).toBe(1000);
  await expect(page.locator('.errdex-logs-problems li[data-kind="records-not-kept"]')).toContainText('To bound memory');
  await expect(page.locator('[data-kept]')).toContainText('of 1,000 records');
  expect(peak - idle).toBeLessThan(1024);
});

test('endless zeros are stopped with a clear message, within memory', async ({ page }) => {
  const zeros = join(work, 'zeros.log');
  // A sparse file: two gibibytes of zeros that take no room on disk.
  execFileSync('truncate', ['-s', '2G', zeros]);
  expect(existsSync(zeros)).toBe(true);
  const { idle, peak } = await dropAndSample(page, zeros);
  const text = await page.locator('.errdex-logs-problems').textContent();
  expect(text).toMatch(/zero bytes|not a text log/);
  await expect(page.locator('errdex-log-parser')).toHaveAttribute('data-state', 'done');
  expect(peak - idle).toBeLessThan(1024);
});

test('an honest log of 64 MB stays within memory too', async ({ page }) => {
  const log = join(work, 'mixed-64mb.log');
  writeMixedLog(log, 64, 3);
  const { idle, peak } = await dropAndSample(page, log);
  expect(Number(await page.locator('errdex-log-parser').getAttribute('data-records'))).toBeGreaterThan(500_000);
  await expect(page.locator('[data-kept]')).toContainText('Kept for browsing');
  expect(peak - idle).toBeLessThan(1024);
});
