import { expect, test } from '@playwright/test';
import { DEMO, open, signIn } from '../helpers';

// Curation: an operator makes a collection, and the storefront's home page shows it.

test('an operator creates a collection that appears on the home page', async ({ page, browser }) => {
  await signIn(page, DEMO.operator);
  await open(page, '/admin/collections');
  await expect(page.getByTestId('collections')).toBeVisible();
  const title = `Weekend picks ${Date.now()}`;
  const form = page.getByTestId('new-collection');
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByRole('button', { name: 'Create collection' }).click();
  await page.waitForURL(/\/admin\/collections\/[0-9a-f-]{36}$/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByTestId('preview-empty')).toBeVisible();

  // Two mini-programs, the second moved first.
  for (const mp of ['mp_tip', 'mp_sudoku']) {
    await page.getByTestId('add-item').getByLabel('Add a mini-program').selectOption(mp);
    await page.getByTestId('add-item').getByRole('button', { name: 'Add' }).click();
    await expect(page.getByTestId('collection-items').locator(`[data-mp="${mp}"]`)).toBeVisible();
  }
  await page.locator('[data-testid="collection-items"] [data-mp="mp_sudoku"]').getByRole('button', { name: 'Move up' }).click();
  await expect(page.getByTestId('collection-items').locator('li').first()).toHaveAttribute('data-mp', 'mp_sudoku');
  await expect(page.getByTestId('collection-preview').locator('.tile')).toHaveCount(2);

  // A bad window is refused and named.
  const details = page.getByTestId('collection-form');
  await details.getByLabel('Visible from (UTC)').fill('2030-01-02T10:00');
  await details.getByLabel('Until (UTC)').fill('2030-01-01T10:00');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.locator('[data-field="visible_to"]')).toContainText('after the start');
  await details.getByLabel('Visible from (UTC)').fill('');
  await details.getByLabel('Until (UTC)').fill('');
  await details.getByLabel('Subtitle').fill('For slow Saturdays');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  // A visitor sees it on the home page, in that order.
  const visitor = await (await browser.newContext()).newPage();
  await open(visitor, '/');
  const row = visitor.locator(`section.shelf[aria-label="${title}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('For slow Saturdays');
  await expect(row.locator('.tile').first()).toHaveAttribute('data-mp', 'mp_sudoku');
  await expect(row.locator('.tile')).toHaveCount(2);

  // Deleted: gone from the home page again.
  await page.getByTestId('delete-collection').click();
  await page.waitForURL(/\/admin\/collections$/);
  await open(visitor, '/');
  await expect(visitor.locator(`section.shelf[aria-label="${title}"]`)).toHaveCount(0);
});

test('a developer is refused the curation pages', async ({ page }) => {
  await signIn(page, DEMO.developer);
  await open(page, '/admin/collections');
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
