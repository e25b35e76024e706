import { expect, test } from '@playwright/test';
import { open } from '../helpers';

// Search as a consumer does it: the top bar's suggestions, the results page with facets,
// Chinese and pinyin queries, and the same without JavaScript.

test('a typo in the top bar still suggests, Enter opens it', async ({ page }) => {
  await open(page, '/');
  const box = page.getByRole('combobox', { name: 'Search mini-programs' });
  await box.pressSequentially('calculater', { delay: 30 });
  const first = page.locator('#search-suggestions [role=option]').first();
  await expect(first).toContainText('Calculator');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await box.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/app\/mp_calculator$/);
});

test('Enter without a choice shows results with facets; a filter narrows them; a result opens', async ({ page }) => {
  await open(page, '/');
  const box = page.getByRole('combobox', { name: 'Search mini-programs' });
  await box.pressSequentially('pay', { delay: 30 });
  await expect(page.locator('#search-suggestions [role=option]').first()).toBeVisible();
  // Esc closes the suggestions and keeps the text; Enter then searches it.
  await box.press('Escape');
  await expect(page.locator('#search-suggestions')).toBeHidden();
  await expect(box).toHaveValue('pay');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=pay/);
  await expect(page.getByTestId('search-heading')).toContainText('for “pay”');
  const results = page.getByTestId('results');
  await expect(results.locator('li').first()).toBeVisible();
  await expect(results.locator('mark').first()).toBeVisible();
  const before = await results.locator('li').count();
  const finance = page.locator('[data-facet=category] a[data-value=finance]');
  await expect(finance.locator('.count')).toHaveText(/\d+/);
  await finance.click();
  await expect(page).toHaveURL(/category=finance/);
  await expect(page.locator('[data-facet=category] a.on')).toHaveAttribute('data-value', 'finance');
  const after = await results.locator('li').count();
  expect(after).toBeLessThanOrEqual(before);
  await results.locator('a.result').first().click();
  await expect(page).toHaveURL(/\/app\/mp_/);
});

test('Chinese and pinyin queries find Chinese names', async ({ page }) => {
  await open(page, '/search?q=' + encodeURIComponent('汇率'));
  await expect(page.getByTestId('results').locator('a.result').first()).toContainText('汇率换算');
  await open(page, '/search?q=jisuanqi');
  await expect(page.getByTestId('results').locator('a.result').first()).toContainText('计算器');
  await open(page, '/');
  await page.getByRole('combobox', { name: 'Search mini-programs' }).pressSequentially('tcs', { delay: 30 });
  await expect(page.locator('#search-suggestions [role=option]').first()).toContainText('贪吃蛇');
});

test('few hits offer "did you mean", no hits an empty state that helps', async ({ page }) => {
  await open(page, '/search?q=' + encodeURIComponent('snkae gmae'));
  await expect(page.getByTestId('did-you-mean')).toContainText('snake game');
  await open(page, '/search?q=qqqqzzzz');
  await expect(page.getByTestId('no-results')).toContainText('Nothing found');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the search box is a plain form and the results page renders on the server', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Search mini-programs' }).fill('snake');
    await page.getByRole('combobox', { name: 'Search mini-programs' }).press('Enter');
    await expect(page).toHaveURL(/\/search\?q=snake/);
    await expect(page.getByTestId('results').locator('a.result').first()).toContainText('Snake');
    await page.locator('[data-facet=kind] a').first().click();
    await expect(page).toHaveURL(/kind=/);
  });
});
