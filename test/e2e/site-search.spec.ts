/**
 * Site search (Pagefind) must find Chinese words on every page that contains them. Pagefind
 * segments Chinese text when it indexes; a mismatch with how a query is segmented loses matches,
 * so recall is measured here against the pages' own text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const WORDS = (process.env.ERRDEX_RECALL_WORDS ?? '資料庫,錯誤,權限,逾時').split(',');

function zhPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string, url: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (url === '/' && ['en', 'pagefind', '_astro'].includes(entry.name)) continue;
        walk(join(dir, entry.name), `${url}${entry.name}/`);
      } else if (entry.name === 'index.html') out.push(url);
    }
  };
  walk('dist', '/');
  return out.filter((url) => readFileSync(join('dist', url, 'index.html'), 'utf8').includes('data-pagefind-body'));
}

test('Pagefind finds every zh-TW page containing 資料庫, 錯誤, 權限 and 逾時', async ({ page }) => {
  test.setTimeout(180_000);
  const urls = zhPages();
  expect(urls.length).toBeGreaterThan(0);
  await page.goto('/');
  const result = await page.evaluate(async ({ urls, words }) => {
    // The text Pagefind indexes: the page body without the parts marked to be ignored, and
    // without navigation and footers (previous/next links name other pages), which it skips.
    const texts = new Map<string, string>();
    for (const url of urls) {
      const html = await (await fetch(url)).text();
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const body = doc.querySelector('[data-pagefind-body]');
      body?.querySelectorAll('[data-pagefind-ignore], nav, footer, script, style, template').forEach((el) => el.remove());
      texts.set(url, body?.textContent ?? '');
    }
    const entry = '/pagefind/pagefind.js';
    const pagefind = await import(/* @vite-ignore */ entry);
    await pagefind.init();
    const report: Record<string, { expected: string[]; missing: string[] }> = {};
    for (const word of words) {
      const search = await pagefind.search(word);
      const found = new Set<string>();
      for (const r of search.results) found.add((await r.data()).url.replace(/index\.html$/, ''));
      const expected = urls.filter((u) => texts.get(u)!.includes(word));
      report[word] = { expected, missing: expected.filter((u) => !found.has(u)) };
    }
    return report;
  }, { urls, words: WORDS });
  for (const word of WORDS) expect(result[word]!.expected.length, `pages containing ${word}`).toBeGreaterThan(0);
  const missing = Object.fromEntries(WORDS.map((w) => [w, `${result[w]!.missing.length}/${result[w]!.expected.length} missed: ${result[w]!.missing.join(' ')}`]));
  expect(missing, 'pages containing each word that site search does not find').toEqual(Object.fromEntries(WORDS.map((w) => [w, `0/${result[w]!.expected.length} missed: `])));
});
