import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests in Chromium against the production build served by `vite preview`.
 *
 * Which Chromium: $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH if set, else Debian's /usr/bin/chromium
 * if present, else Playwright's own browser (`pnpm exec playwright install chromium`).
 */
const systemChromium = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH || systemChromium;
const ci = !!process.env.CI;
// Its own preview server on its own port, never one that happens to be running already (another
// checkout's, say): DELTAGRAD_E2E_PORT picks another port when 4173 is taken.
const port = Number(process.env.DELTAGRAD_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: ci,
  retries: 0,
  workers: ci ? 1 : undefined,
  // Ceilings, not waits: every step waits for a state (an epoch reached, a value shown). They are
  // generous so the suite passes on a saturated machine (checked with two CPU burners beside it).
  timeout: 300_000,
  expect: { timeout: 60_000 },
  reporter: ci ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 1000 },
        launchOptions: executablePath
          ? {
              executablePath,
              args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-dev-shm-usage',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                '--no-first-run',
                '--disable-quic',
              ],
            }
          : {},
      },
    },
  ],
  webServer: {
    command: `pnpm exec vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
