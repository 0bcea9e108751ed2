// The end-to-end suite: Debian's Chromium (no browser download), one test at a time (each
// starts its own proxy and the machine may have two cores), a screenshot and the proxy's log
// kept for every failure under e2e/artifacts/.
import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './product.js';

export default defineConfig({
  testDir: 'tests',
  testMatch: '*.test.js',
  outputDir: 'artifacts',
  workers: 1,
  timeout: 120_000,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: chromiumLaunch,
    viewport: { width: 1100, height: 900 },
    screenshot: 'only-on-failure',
  },
});
