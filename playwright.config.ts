import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests against the built site (`npm run build` first), served by `astro preview`:
 * test/e2e, and the browser cases of the hostile-input suite in test/hostile.
 * Chromium comes from $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own
 * download (`npx playwright install chromium`).
 */
const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const port = Number(process.env.ERRDEX_E2E_PORT ?? 4321);

export default defineConfig({
  // The pages' tests, and the hostile-input cases that need a browser.
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'hostile/**/*.spec.ts'],
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npm run -s preview -- --port ${port} --host localhost`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
