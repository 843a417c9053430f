import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the portal is started exactly as the README says
 * (./scripts/start) and driven with Debian's Chromium; Playwright's own
 * browser downloads are never used.
 */
export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'e2e-artifacts/results',
  globalSetup: require.resolve('./e2e-tests/globalSetup'),
  webServer: {
    // The README's start command; its output goes to an artifact file.
    command:
      'mkdir -p e2e-artifacts && ./scripts/start > e2e-artifacts/portal.log 2>&1',
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
  },
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
