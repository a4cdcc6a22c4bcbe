/**
 * The built site (dist/) served by `astro preview` on a port the system says is free, and Chromium
 * launched as the Playwright tests launch it ($CHROMIUM_PATH, else Debian's /usr/bin/chromium,
 * else Playwright's own). Browser benchmarks run inside `withPreviewBrowser`; both are stopped after.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import { ROOT } from '../../src/registry/load-fs.ts';

/** A port nothing listens on, so the page measured is this dist/, not another server's. */
function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Run `use` with the preview server's base URL and a launched Chromium, once `firstPath` answers.
 * Resolves to what `use` returns, or to a sentence saying why nothing could be measured.
 */
export async function withPreviewBrowser<T>(firstPath: string, use: (base: string, browser: Browser) => Promise<T>): Promise<T | { skipped: string }> {
  let playwright: typeof import('@playwright/test');
  try {
    playwright = await import('@playwright/test');
  } catch {
    return { skipped: '@playwright/test is not installed' };
  }
  const executable = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const port = await freePort();
  const server = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore', detached: true });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}${firstPath}`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 120) return { skipped: 'astro preview did not start' };
      await new Promise((r) => setTimeout(r, 500));
    }
    const browser = await playwright.chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      return await use(base, browser);
    } finally {
      await browser.close();
    }
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
