import { test, expect } from '@playwright/test';
import { DEMO, open, signIn, signUp, uniqueEmail } from '../helpers';

test('a consumer gets a 403 page on /admin', async ({ page }) => {
  await signIn(page, DEMO.consumer);
  await open(page, '/admin');
  await expect(page.getByTestId('forbidden')).toContainText('operators');
});

test('an operator reaches the console but not the Users page', async ({ page }) => {
  await signIn(page, DEMO.operator);
  await open(page, '/admin');
  await expect(page.getByRole('heading', { name: 'Platform overview' })).toBeVisible();
  await open(page, '/admin/users');
  await expect(page.getByTestId('forbidden')).toContainText('admins');
});

test('an admin finds a user and makes them an operator', async ({ browser }) => {
  const email = uniqueEmail('promote');
  const userCtx = await browser.newContext();
  const user = await userCtx.newPage();
  await signUp(user, email, 'Promoted Person');

  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, DEMO.admin);
  await open(admin, `/admin/users?q=${encodeURIComponent(email)}`);
  const row = admin.locator(`tr[data-email="${email}"]`);
  await expect(row).toContainText('Promoted Person');
  await row.getByLabel('Role').selectOption('operator');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByLabel('Role')).toHaveValue('operator');

  await open(user, '/admin');
  await expect(user.getByRole('heading', { name: 'Platform overview' })).toBeVisible();

  // Disabling the account ends its session at once.
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await open(user, '/admin');
  await expect(user).toHaveURL(/\/signin/);
  await userCtx.close();
  await adminCtx.close();
});
