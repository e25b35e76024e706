import { defineConfig } from '@playwright/test';

// The server under test is the freshly built binary on a fresh database (scripts/test.sh sets
// E2E_*). Chromium is Debian's: Playwright's own browser download does not work here.
const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries: a flaky test is a bug to find (tests/hydration.spec.ts guards the last one).
  retries: 0,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    command: process.env.E2E_SERVER_BIN ?? '../target/debug/server',
    // Ready: the database answers and the search index is built.
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      MINISTORE_ADDR: `127.0.0.1:${port}`,
      MINISTORE_DEMO: '1',
      MINISTORE_DEMO_TEST_PACKAGES: '1',
      // Rollups every 2 s: an event shows in the charts at once.
      MINISTORE_ROLLUP_SECONDS: '2',
      MINISTORE_BLOB_DIR: process.env.E2E_BLOB_DIR ?? '/tmp/ministore-e2e-blobs',
      MINISTORE_SANDBOX_ADDR: `127.0.0.1:${port + 2}`,
      MINISTORE_SANDBOX_ORIGIN: `http://localhost:${port + 2}`,
      MINISTORE_PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
      LEPTOS_OUTPUT_NAME: 'ministore',
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? '../target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: 'DEV',
      RUST_LOG: 'warn',
    },
  },
});
