/**
 * The error-code search island in Chromium: five queries of the fixed set show their expected
 * top result in both locales, a `?q=` link restores them, the keyboard alone drives it, the
 * result count is announced, it keeps working offline, and nothing typed becomes HTML.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { QUERY_SET, PYTHON_TRACEBACK } from '../diagnostics/search/query-set.ts';

const LOCALES = [
  { locale: 'zh-TW', page: '/tools/search/', label: '搜尋錯誤', results: '搜尋結果', count: /找到 \d+ 個結果/ },
  { locale: 'en', page: '/en/tools/search/', label: 'Search errors', results: 'Search results', count: /\d+ results?/ },
] as const;
const BROWSER_CASES = QUERY_SET.filter((c) => c.browser);

function island(page: Page, l: (typeof LOCALES)[number]) {
  const root = page.locator('errdex-search');
  return {
    root,
    input: root.getByRole('textbox', { name: l.label }),
    results: root.getByRole('list', { name: l.results }),
    status: root.getByRole('status'),
    firstLink: root.getByRole('list', { name: l.results }).getByRole('link').first(),
  };
}

test('the query set has five browser cases', () => {
  expect(BROWSER_CASES.length).toBe(5);
});

for (const l of LOCALES) {
  test.describe(`${l.locale}`, () => {
    test('typing five queries shows the expected top result, and the ?q= link restores it', async ({ page, context }) => {
      await page.goto(l.page);
      await expect(page.locator('html')).toHaveAttribute('lang', l.locale);
      const s = island(page, l);
      await expect(s.root).toHaveAttribute('data-state', 'ready');
      for (const c of BROWSER_CASES) {
        await s.input.fill(c.query);
        await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', c.top);
        await expect(s.firstLink).toContainText(c.top);
        await expect(s.status).toHaveText(l.count);
        const href = await s.firstLink.getAttribute('href');
        expect(href).toBe(`${l.locale === 'en' ? '/en' : ''}/codes/${c.top.toLowerCase()}/`);

        const url = new URL(page.url());
        expect(url.searchParams.get('q')).toBe(c.query);
        const restored = await context.newPage();
        await restored.goto(url.pathname + url.search);
        const r = island(restored, l);
        await expect(r.input).toHaveValue(c.query);
        await expect(r.results.getByRole('listitem').first()).toHaveAttribute('data-code', c.top);
        await restored.close();
      }
    });

    test('keyboard only: arrows, Enter and Escape', async ({ page }) => {
      await page.goto(l.page);
      const s = island(page, l);
      await s.input.focus();
      await page.keyboard.type('database is locked');
      await expect(s.results.getByRole('listitem')).not.toHaveCount(0);
      const links = s.results.getByRole('link');
      await page.keyboard.press('ArrowDown');
      await expect(links.nth(0)).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(links.nth(1)).toBeFocused();
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      await expect(s.input).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Escape');
      await expect(s.input).toBeFocused();
      await expect(s.input).toHaveValue('database is locked');
      await page.keyboard.press('Escape');
      await expect(s.input).toHaveValue('');
      await expect(s.results.getByRole('listitem')).toHaveCount(0);
      expect(new URL(page.url()).searchParams.has('q')).toBe(false);

      await page.keyboard.type('db-1506');
      await expect(s.firstLink).toContainText('DB_1506');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`${l.locale === 'en' ? '/en' : ''}/codes/db_1506/$`));
    });

    test('empty, nothing found and a 1 MB paste each give a clear state', async ({ page }) => {
      await page.goto(l.page);
      const s = island(page, l);
      await expect(s.root).toHaveAttribute('data-state', 'ready');
      await expect(s.status).not.toBeEmpty();
      const idle = await s.status.textContent();

      await s.input.fill('qqxzzv wvvkjq');
      await expect(s.status).toHaveText(l.locale === 'en' ? /No entry matches/ : /沒有符合的錯誤代碼/);
      await expect(s.results.getByRole('listitem')).toHaveCount(0);

      await s.input.fill('   ');
      await expect(s.status).toHaveText(idle!);

      // A 1 MB paste. Chromium's own text insertion (what `fill` drives) takes minutes for
      // that many lines, so the paste is delivered as the browser finishes one: value, then input.
      const line = '2025-08-23 10:30:15 - INFO - migrate - processed batch of 64 messages\n';
      const started = Date.now();
      await s.input.evaluate((el, value) => {
        (el as HTMLTextAreaElement).value = value;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      }, line.repeat(Math.ceil(1_000_000 / line.length)) + PYTHON_TRACEBACK);
      await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', 'QWM_2000', { timeout: 10_000 });
      await expect(s.status).toHaveText(l.locale === 'en' ? /first and last 32 KiB/ : /開頭與結尾各 32 KiB/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    });
  });
}

test('works offline once loaded', async ({ page, context }) => {
  const l = LOCALES[0];
  await page.goto(l.page);
  const s = island(page, l);
  await expect(s.root).toHaveAttribute('data-state', 'ready');
  await context.setOffline(true);
  await s.input.fill('认证错误');
  await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', 'BRS_5201');
  await s.input.fill('CUDA out of memory');
  await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', 'QWM_2000');
  await context.setOffline(false);
});

test('search data that cannot be loaded gives a clear message; without search-index.json, registry.json serves', async ({ page }) => {
  const l = LOCALES[1];
  await page.route('**/search-index.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(l.page);
  const s = island(page, l);
  await expect(s.root).toHaveAttribute('data-state', 'ready');
  await s.input.fill('DB_1506');
  await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', 'DB_1506');

  const broken = await page.context().newPage();
  await broken.route(/\/(search-index|registry)\.json$/, (route) => route.abort());
  await broken.goto(l.page);
  const b = island(broken, l);
  await expect(b.root).toHaveAttribute('data-state', 'error');
  await expect(b.status).toHaveText(/could not be loaded/);
  await broken.close();
});

test('nothing typed is rendered as HTML', async ({ page }) => {
  const l = LOCALES[1];
  await page.goto(l.page);
  const s = island(page, l);
  await page.evaluate(() => ((window as unknown as { __xss: number }).__xss = 0));
  await s.input.fill('<img src=x onerror="window.__xss=1"> database is locked <script>window.__xss=2</script> .*');
  await expect(s.results.getByRole('listitem')).not.toHaveCount(0);
  expect(await s.root.locator('img, script:not([type])').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss)).toBe(0);
});

test('on a system index page the island keeps to that system', async ({ page }) => {
  await page.goto('/en/systems/qwen3-memory/');
  const root = page.locator('errdex-search');
  await expect(root).toHaveAttribute('data-system', 'qwen3-memory');
  const input = root.getByRole('textbox');
  await input.fill('database is locked');
  const items = root.getByRole('listitem');
  await expect(items.first()).toHaveAttribute('data-code', 'QWM_2200');
  for (const code of await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))) {
    expect(code).toMatch(/^QWM_/);
  }
});

test('the search page with results has no serious accessibility violations', async ({ page }) => {
  for (const l of LOCALES) {
    await page.goto(`${l.page}?q=${encodeURIComponent('database is locked')}`);
    await expect(island(page, l).results.getByRole('listitem')).not.toHaveCount(0);
    const results = await new AxeBuilder({ page }).include('errdex-search').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(serious).toEqual([]);
  }
});

test('each result shows its summary; one message in several systems says so and shows each system\'s entry', async ({ page }) => {
  const l = LOCALES[1];
  await page.goto(l.page);
  const s = island(page, l);
  await s.input.fill('database is locked');
  const items = s.results.getByRole('listitem');
  await expect(items.first()).toHaveAttribute('data-sibling', '');
  const firstTwo = await items.evaluateAll((els) => els.slice(0, 2).map((e) => (e as HTMLElement).dataset.code));
  expect(firstTwo.sort()).toEqual(['DB_1506', 'QWM_2200']);
  const note = s.root.locator('[data-ambiguous]');
  await expect(note).toBeVisible();
  await expect(note).toHaveText(/documented for 2 systems: .*roas-bot DB_1506/);
  await expect(note).toHaveText(/QWM_2200/);
  await expect(s.status).toHaveText(/documented for 2 systems/);
  await expect(items.first().locator('.errdex-search-summary')).not.toBeEmpty();
  // A code names its entry: no note.
  await s.input.fill('DB_1506');
  await expect(items.first()).toHaveAttribute('data-code', 'DB_1506');
  await expect(note).toBeHidden();
});

test('a pasted discord.py traceback ranks roas-bot first; [http_client] ranks the Civitai client first', async ({ page }) => {
  const l = LOCALES[1];
  await page.goto(l.page);
  const s = island(page, l);
  await s.input.fill([
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.11/site-packages/discord/http.py", line 745, in request',
    '    raise HTTPException(response, data)',
    'discord.errors.HTTPException: 429 Too Many Requests (error code: 0): You are being rate limited.',
  ].join('\n'));
  await expect(s.results.getByRole('listitem').first().locator('.errdex-search-meta')).toContainText('roas-bot');
  await s.input.fill('[http_client] HTTP 429 error for https://civitai.com/api/v1/models/12345');
  await expect(s.results.getByRole('listitem').first()).toHaveAttribute('data-code', 'CVT_4103');
});

test('a ?q= link fetches the search data once, starting while the page loads; without ?q= nothing is preloaded', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/search-index.json')) fetched.push(r.url());
  });
  await page.goto(`/en/tools/search/?q=${encodeURIComponent('database is locked')}`);
  await expect(page.locator('errdex-search li.errdex-search-item').first()).toHaveAttribute('data-code', /./);
  expect(fetched).toHaveLength(1);
  // The preload began before the island's script ran: with the page's own fetch it is one request.
  expect(await page.locator('head link[rel="preload"][as="fetch"]').getAttribute('href')).toBe('/search-index.json');
  await page.goto('/en/systems/qwen3-memory/');
  await expect(page.locator('head link[rel="preload"][as="fetch"]')).toHaveCount(0);
});

test('a ?q= link shows its results soon after the page loads (measured and reported)', async ({ page }, info) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstResult?: number };
    new MutationObserver(() => {
      if (w.__firstResult === undefined && document.querySelector('errdex-search li.errdex-search-item')) w.__firstResult = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`/en/tools/search/?q=${encodeURIComponent('database is locked')}`);
    await expect(page.locator('errdex-search li.errdex-search-item').first()).toBeVisible();
    await page.waitForFunction(() => performance.getEntriesByType('navigation')[0] && (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd > 0);
    delays.push(await page.evaluate(() => {
      const load = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart;
      return (window as unknown as { __firstResult: number }).__firstResult - load;
    }));
  }
  const median = [...delays].sort((a, b) => a - b)[2]!;
  const report = `?q= results after the load event: median ${median.toFixed(0)} ms (runs: ${delays.map((d) => d.toFixed(0)).join(', ')} ms; target 500 ms)`;
  info.annotations.push({ type: 'deep-link', description: report });
  console.log(report);
});
