import { expect, test, APIRequestContext, Page } from '@playwright/test';
import { DEMO, open, signIn } from '../helpers';

// The operator's grayscale journey on the demo plan (calculator 1.1.0 at 20 % on the demo host
// app): roll the running plan back, then plan the candidate again — slider to 25 %, a
// condition, an allow-listed tester, the audience preview — start it, check what resolve
// answers, pause, and roll back.
const AUTH = { Authorization: 'Bearer ha_demo.demo-secret-not-for-production' };

const hydrated = (page: Page) => page.waitForSelector('body[data-hydrated="true"]');

async function resolve(request: APIRequestContext, user: string) {
  const r = await request.get(`/api/v1/miniprograms/mp_calculator/resolve?user_id=${user}&platform=ios`, { headers: AUTH });
  expect(r.status()).toBe(200);
  const body = await r.json();
  return `${body.version} ${body.reason}`;
}

test('an operator rolls a candidate out, pauses and rolls back', async ({ page, request }) => {
  const shot = (name: string) => page.screenshot({ path: `test-results/screens/desktop-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, DEMO.operator);
  await open(page, '/admin/apps/mp_calculator');
  const row = page.locator('tr[data-host="ha_demo"]');
  await expect(row.getByTestId('plan-badge')).toContainText('v1.1.0 at 20 %');
  await expect(row.getByTestId('grayscale')).toHaveAttribute('href', '/admin/apps/mp_calculator/plan/ha_demo');

  await open(page, '/admin/apps/mp_calculator/plan/ha_demo');
  await expect(page.getByTestId('plan-state')).toHaveText('Running');
  await expect(page.getByTestId('percentage-value')).toHaveText('20 %');
  await expect(page.getByTestId('health')).toContainText('launches of v1.1.0');
  await shot('admin-plan-running');
  expect(await resolve(request, 'demo-tester')).toBe('1.1.0 allow_list');

  // Roll the demo plan back: everyone gets 1.0.0, and resolve says why.
  await page.getByTestId('plan-rollback').click();
  await expect(page.getByTestId('plan-history')).toContainText('Rolled back');
  await hydrated(page); // each change reloads the page
  await expect.poll(() => resolve(request, 'demo-tester')).toBe('1.0.0 rollback');

  // A new plan for 1.1.0.
  await expect(page.getByTestId('plan-editor')).toContainText('New plan');
  await page.getByTestId('percentage').fill('25');
  await expect(page.getByTestId('percentage-value')).toHaveText('25 %');
  await expect(page.getByTestId('preset-25')).toHaveClass(/chip-on/);
  await page.getByTestId('add-condition').click();
  const condition = page.getByTestId('condition').first();
  await condition.getByTestId('condition-field').selectOption('platform');
  await condition.getByTestId('condition-operator').selectOption('IN');
  await condition.getByTestId('condition-values').fill('ios, android');
  await page.getByTestId('allow-list').fill('e2e-tester\nqa-1, qa-2');
  await page.getByTestId('preview-audience').click();
  await expect(page.getByTestId('preview-result')).toContainText(/This plan reaches ≈\d+ of the \d+ users seen in the last 30 days/);
  await shot('admin-plan-editing');

  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('plan-state')).toHaveText('Draft');
  await hydrated(page);
  expect(await resolve(request, 'e2e-tester')).toBe('1.0.0 rollback');
  await page.getByTestId('plan-start').click();
  await expect(page.getByTestId('plan-state')).toHaveText('Running');
  await hydrated(page);
  await expect(page.getByTestId('percentage-value')).toHaveText('25 %');
  await expect(page.getByTestId('condition')).toHaveCount(1);
  await expect.poll(() => resolve(request, 'e2e-tester')).toBe('1.1.0 allow_list');

  await page.getByTestId('plan-pause').click();
  await expect(page.getByTestId('plan-state')).toHaveText('Paused');
  await hydrated(page);
  expect(await resolve(request, 'e2e-tester')).toBe('1.1.0 allow_list');
  await shot('admin-plan-paused');

  await page.getByTestId('plan-rollback').click();
  await expect(page.getByTestId('plan-state')).toHaveCount(0);
  await expect(page.getByTestId('plan-history').locator('tbody tr')).toHaveCount(2);
  await expect.poll(() => resolve(request, 'e2e-tester')).toBe('1.0.0 rollback');

  // At phone width the page still reads.
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '/admin/apps/mp_calculator/plan/ha_demo');
  await page.screenshot({ path: 'test-results/screens/phone-admin-plan.png', fullPage: true });
});

test('the release page refuses consumers and developers', async ({ page }) => {
  await signIn(page, DEMO.developer);
  const r = await page.goto('/admin/apps/mp_calculator/plan/ha_demo');
  expect(r?.status()).toBe(403);
});
