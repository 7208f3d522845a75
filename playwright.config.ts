import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download is not available offline.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e/specs',
  // Not test-results/ itself: Playwright empties its outputDir, and scripts/test.mjs keeps vitest.json there.
  outputDir: 'test-results/playwright-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testIgnore: /electron.*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] },
      },
    },
    {
      name: 'electron',
      testMatch: /electron.*\.spec\.ts$/,
    },
  ],
});
