import { defineConfig } from '@playwright/test'

// Two projects run the same specs: browser mode in Debian's Chromium (always), and the Electron
// app (only where the Electron runtime exists; elsewhere its tests skip with a message).
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry on CI, where the machine is shared; a test that needed it is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' },
  projects: [
    { name: 'browser', metadata: { target: 'browser' } },
    { name: 'electron', metadata: { target: 'electron' } },
  ],
})
