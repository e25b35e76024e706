import { test, expect } from '@playwright/test';
import { DEMO, open, signIn, signUp, uniqueEmail } from '../helpers';

test('the home page shows the categories', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('categories')).toContainText('Finance');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('sign up, become a developer, reach the portal', async ({ page }) => {
  const email = uniqueEmail('dev');
  await signUp(page, email, 'Grace Hopper');
  await open(page, '/portal');
  await expect(page.getByTestId('forbidden')).toContainText('developers');
  await page.getByRole('link', { name: 'Become a developer' }).click();
  await expect(page).toHaveURL(/\/portal\/onboarding/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Become a developer' }).click();
  await expect(page.getByText('Please accept the developer terms')).toBeVisible();
  await page.getByLabel('I accept the developer terms').check();
  await page.getByRole('button', { name: 'Become a developer' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('heading', { name: 'Your mini-programs' })).toBeVisible();
});

test('a weak password and a taken email are refused with clear messages', async ({ page }) => {
  await open(page, '/signup');
  await page.getByLabel('Email').fill(uniqueEmail('weak'));
  await page.getByLabel('Display name').fill('Weak');
  await page.getByLabel('Password').fill('password1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('one of the most common')).toBeVisible();
  await page.getByLabel('Email').fill(DEMO.consumer.email);
  await page.getByLabel('Password').fill('a-fine-passphrase-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('already exists')).toBeVisible();
});

test('a wrong password is refused, the right one signs in, sign-out ends the session', async ({ page }) => {
  await open(page, '/signin');
  await page.getByLabel('Email').fill(DEMO.consumer.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText("don't match an account")).toBeVisible();
  await signIn(page, DEMO.consumer);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await open(page, '/account');
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
});

test('a signed-out visitor of a gated page signs in and comes back to it', async ({ page }) => {
  await open(page, '/admin/users');
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fusers/);
  await page.getByLabel('Email').fill(DEMO.admin.email);
  await page.getByLabel('Password').fill(DEMO.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByTestId('users-table')).toBeVisible();
});
