import { expect, test } from '@playwright/test';
import { DEMO, open, signIn } from '../helpers';

// Analytics: the overview's charts are drawn on the server (so they show with JavaScript off),
// a filter change redraws them, and an event a host app sends shows within a minute.

const AUTH = { Authorization: 'Bearer ha_demo.demo-secret-not-for-production' };

test('the overview shows the demo history and a filter change redraws it', async ({ page }) => {
  await signIn(page, DEMO.operator);
  await open(page, '/admin/analytics');
  await expect(page.getByRole('heading', { name: 'Analytics' })).toBeVisible();
  const activity = page.getByTestId('chart-activity');
  await expect(activity.locator('svg[role="img"]')).toBeVisible();
  await expect(activity.locator('svg title').first()).toHaveText('Launches and unique users per day');
  await expect(page.getByTestId('top-mini-programs').locator('li')).not.toHaveCount(0);
  await expect(page.getByTestId('no-results')).toContainText('taxi');
  await expect(page.getByTestId('chart-platforms')).toContainText('android');

  const filters = page.getByTestId('analytics-filters');
  await filters.getByLabel('Platform').selectOption('ios');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/platform=ios/);
  await expect(page.getByTestId('analytics-filters').getByLabel('Platform')).toHaveValue('ios');
  const platforms = page.getByTestId('chart-platforms');
  await platforms.locator('summary').click();
  await expect(platforms.locator('tbody tr')).toHaveCount(1);
  await expect(platforms.locator('tbody')).toContainText('ios');

  // A range with nothing in it says so.
  await open(page, '/admin/analytics?from=2020-01-01&to=2020-01-31');
  await expect(page.getByTestId('chart-activity')).toContainText('No launches in this range.');
});

test('a search a host app reports shows in the overview within a minute', async ({ page, request }) => {
  const q = `hovercraft rental ${Date.now()}`;
  const res = await request.post('/api/v1/events', {
    headers: AUTH,
    data: { events: [{ id: crypto.randomUUID(), type: 'search', message: q, results: 0, ts: new Date().toISOString() }] },
  });
  expect(res.status()).toBe(202);
  await signIn(page, DEMO.operator);
  await expect(async () => {
    await open(page, '/admin/analytics?host=ha_demo');
    await expect(page.getByTestId('no-results')).toContainText(q, { timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
});

test('a mini-program\'s page shows its versions, error gate, retention and funnel', async ({ page }) => {
  await signIn(page, DEMO.operator);
  await open(page, '/admin/apps/mp_calculator');
  await page.getByTestId('mp-analytics').click();
  await page.waitForURL(/\/admin\/analytics\/mp_calculator$/);
  await expect(page.getByRole('heading', { name: 'Calculator' })).toBeVisible();
  await expect(page.getByTestId('chart-versions').locator('svg[role="img"]')).toBeVisible();
  const errors = page.getByTestId('chart-errors');
  await errors.locator('summary').click();
  await expect(errors.locator('thead')).toContainText('Gate (5 %)');
  await expect(page.getByTestId('cohorts').locator('tbody tr')).not.toHaveCount(0);
  await expect(page.getByTestId('funnel')).toContainText('Viewed the detail page');
  await expect(page.getByTestId('errors')).toContainText('TypeError');
  // Its data as CSV.
  const href = await page.getByTestId('chart-versions').getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split('\n')[0]).toBe('date,breakdown,value');
});

test('a developer sees their own mini-programs only', async ({ page }) => {
  await signIn(page, DEMO.developer);
  await open(page, '/portal/analytics');
  const top = page.getByTestId('top-mini-programs');
  await expect(top.locator('li')).not.toHaveCount(0);
  await expect(top).not.toContainText('贪吃蛇');
  await top.locator('a').first().click();
  await page.waitForURL(/\/portal\/analytics\/mp_/);
  await expect(page.getByTestId('chart-activity').locator('svg[role="img"]')).toBeVisible();
  // Another organization's mini-program is refused.
  await open(page, '/portal/analytics/mp_tanchishe');
  await expect(page.getByText('You are not a member of the organization')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the overview and its charts render on the server', async ({ page }) => {
    await page.goto('/signin?next=%2Fadmin%2Fanalytics');
    await page.getByLabel('Email').fill(DEMO.operator.email);
    await page.getByLabel('Password').fill(DEMO.operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/analytics$/);
    await expect(page.getByTestId('chart-activity').locator('svg[role="img"]')).toBeVisible();
    await expect(page.locator('.stat').first()).toContainText('Launches');
    await page.getByTestId('analytics-filters').getByLabel('Platform').selectOption('android');
    await page.getByTestId('analytics-filters').getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/platform=android/);
    await expect(page.getByTestId('chart-activity').locator('svg[role="img"]')).toBeVisible();
    await page.goto('/admin/analytics/mp_calculator');
    await expect(page.getByTestId('chart-versions').locator('svg[role="img"]')).toBeVisible();
    await expect(page.getByTestId('cohorts')).toBeVisible();
  });
});
