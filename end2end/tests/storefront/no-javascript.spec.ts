import { test, expect } from '@playwright/test';
import { DEMO } from '../helpers';

test.use({ javaScriptEnabled: false });

test('pages render on the server without JavaScript', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('categories')).toContainText('Games');
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
});

test('signing in works without JavaScript, and errors are shown', async ({ page }) => {
  await page.goto('/signin?next=%2Fportal');
  await page.getByLabel('Email').fill(DEMO.developer.email);
  await page.getByLabel('Password').fill('wrong-password-here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText("don't match an account")).toBeVisible();
  await page.getByLabel('Email').fill(DEMO.developer.email);
  await page.getByLabel('Password').fill(DEMO.developer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('orgs')).toContainText('Acme Payments');
});

test('gated pages answer 403 or redirect to sign-in on the server', async ({ page }) => {
  const anon = await page.goto('/admin');
  expect(page.url()).toContain('/signin?next=%2Fadmin');
  expect(anon?.status()).toBe(200);
  await page.getByLabel('Email').fill(DEMO.consumer.email);
  await page.getByLabel('Password').fill(DEMO.consumer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const res = await page.goto('/admin');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
