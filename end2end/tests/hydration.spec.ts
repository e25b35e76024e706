import { test, expect } from '@playwright/test';
import { DEMO, signIn } from './helpers';

// Every page, loaded in full a few times, hydrates without an error. A hydration mismatch leaves
// a page that looks right and answers no click; it showed up only now and then (a gate rebuilt
// its page while the server rendered it), so each page is loaded more than once.
const PAGES = [
  '/', '/?category=finance', '/search?q=calc', '/app/mp_calculator', '/account',
  '/portal', '/portal/new', '/portal/docs', '/portal/apps/mp_calculator', '/portal/orgs/ministore-labs',
  '/admin', '/admin/users', '/admin/review', '/admin/apps', '/admin/apps/mp_calculator',
  '/admin/apps/mp_calculator/plan/ha_demo', '/admin/hostapps', '/admin/audit', '/admin/analytics',
];

test('every page hydrates without an error', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error' && /hydrat|panicked/.test(m.text())) errors.push(`${page.url()}: ${m.text().split('\n')[0]}`);
  });
  await signIn(page, DEMO.admin);
  for (const path of PAGES) {
    for (let i = 0; i < 3; i++) {
      await page.goto(path);
      await page.waitForSelector('body[data-hydrated="true"]');
    }
  }
  expect(errors).toEqual([]);

  // The not-found page knows who is signed in too: its link back navigates inside the app.
  await page.goto('/portal/no-such-page');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('link', { name: 'Back to the store' }).click();
  await expect(page.getByTestId('user-name')).toBeVisible();
});

// The portal's and the admin console's code is split off the main bundle (`--split`): a
// storefront visitor downloads only the main bundle; a portal page fetches its own part.
test('the storefront does not download the portal and admin code', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', r => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto('/');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.goto('/app/mp_calculator');
  await page.waitForSelector('body[data-hydrated="true"]');
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.filter(p => /split_|chunk_/.test(p))).toEqual([]);
  await signIn(page, DEMO.developer);
  wasm.length = 0;
  await page.goto('/portal/docs');
  await page.waitForSelector('body[data-hydrated="true"]');
  expect(wasm.filter(p => /split___portal_docs/.test(p)).length).toBe(1);
  expect(wasm.filter(p => /split___admin/.test(p))).toEqual([]);
});
