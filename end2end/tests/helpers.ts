import { expect, Page } from '@playwright/test';

export const DEMO = {
  consumer: { email: 'consumer@ministore.test', password: 'ministore-consumer' },
  developer: { email: 'developer@ministore.test', password: 'ministore-developer' },
  operator: { email: 'operator@ministore.test', password: 'ministore-operator' },
  admin: { email: 'admin@ministore.test', password: 'ministore-admin' },
};

/** Opens a page and waits until the wasm has hydrated it (a click before that does nothing). */
export async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector('body[data-hydrated="true"]');
}

export async function signIn(page: Page, who: { email: string; password: string }, next = '/') {
  await open(page, `/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signing in loads the next page in full; wait until it is interactive.
  await page.waitForURL(url => url.pathname !== '/signin');
  await expect(page.locator('a.avatar-link')).toBeVisible();
  await page.waitForSelector('body[data-hydrated="true"]');
}

/** A fresh, unique email for a test's own account. */
export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function signUp(page: Page, email: string, name: string, password = 'a-fine-passphrase-42') {
  await open(page, '/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(url => url.pathname !== '/signup');
  await expect(page.getByTestId('user-name')).toHaveText(name, { useInnerText: false });
  await page.waitForSelector('body[data-hydrated="true"]');
}
