import { test } from '@playwright/test';
import { DEMO, open, signIn } from './helpers';

// Screenshots of every page at desktop and phone width, for people to look at
// (end2end/test-results/screens). They assert nothing beyond the pages loading.
const sizes = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'phone', width: 390, height: 844 },
];

for (const size of sizes) {
  test(`screens at ${size.name} width`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const shot = async (name: string) => {
      // Lazily loaded pictures below the fold: scroll them into view and let them load first.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
          window.scrollTo(0, y);
          await new Promise(r => setTimeout(r, 50));
        }
        window.scrollTo(0, 0);
        await Promise.all(Array.from(document.images).filter(i => !i.complete)
          .map(i => new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 3000); })));
      });
      await page.screenshot({ path: `test-results/screens/${size.name}-${name}.png`, fullPage: true });
    };
    await open(page, '/');
    await shot('home');
    await open(page, '/search?q=calc');
    await shot('search');
    await open(page, '/search?q=%E6%B1%87%E7%8E%87');
    await shot('search-chinese');
    await open(page, '/search?q=zzzzqqq');
    await shot('search-empty');
    await open(page, '/');
    await page.getByRole('combobox', { name: 'Search mini-programs' }).pressSequentially('cur');
    await page.locator('#search-suggestions li').first().waitFor();
    await shot('search-suggestions');
    await open(page, '/app/mp_billpay');
    await shot('detail');
    await open(page, '/app/mp_currency/run');
    await page.waitForTimeout(800);
    await shot('run');
    await open(page, '/signin');
    await shot('signin');
    await open(page, '/signup');
    await shot('signup');
    await signIn(page, DEMO.admin);
    await open(page, '/admin');
    await shot('admin');
    await open(page, '/admin/users');
    await shot('admin-users');
    for (const p of ['review', 'apps', 'apps/mp_calculator', 'apps/mp_calculator/plan/ha_demo', 'hostapps', 'audit', 'analytics', 'analytics/mp_calculator', 'collections']) {
      await open(page, `/admin/${p}`);
      await shot(`admin-${p.replaceAll('/', '-')}`);
    }
    await page.locator('[data-testid=collections] tbody a').first().click();
    await page.waitForURL(/\/admin\/collections\/.+/);
    await page.waitForSelector('[data-testid=collection-form]');
    await shot('admin-collection');
    await open(page, '/portal');
    await shot('portal');
    await open(page, '/portal/onboarding');
    await shot('onboarding');
    await open(page, '/portal/new');
    await shot('portal-new');
    await open(page, '/account');
    await shot('account');
  });
}

test('screens of the developer portal', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await signIn(page, DEMO.developer);
  await open(page, '/portal');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-dev.png', fullPage: true });
  await open(page, '/portal/analytics');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-analytics.png', fullPage: true });
  await open(page, '/portal/apps/mp_billpay');
  await page.getByRole('button', { name: 'Report' }).first().click();
  await page.waitForSelector('[data-testid=report]');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-app.png', fullPage: true });
  await open(page, '/portal/apps/mp_bank');
  await page.waitForSelector('[data-testid=places-card]');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-places.png', fullPage: true });
  await open(page, '/portal/docs');
  await page.waitForSelector('[data-testid=docs]');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-docs.png' });
  await open(page, '/portal/orgs/acme-payments');
  await page.screenshot({ path: 'test-results/screens/desktop-portal-org.png', fullPage: true });
});
