import { expect, test } from '@playwright/test';
import { DEMO, open, signIn, uniqueEmail } from '../helpers';

// The home page people browse, and favourites.

test('the home page has a banner, curated rows, popular, new and category rows', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByTestId('banner')).toBeVisible();
  await expect(page.getByTestId('banner').locator('.banner-app').first()).toBeVisible();
  // Its picture is served (a collection's banner is a public blob).
  const style = (await page.getByTestId('banner').getAttribute('style')) ?? '';
  const picture = style.match(/url\('([^']+)'\)/)?.[1];
  expect(picture).toMatch(/^\/blobs\//);
  expect((await page.request.get(picture!)).status()).toBe(200);
  for (const key of ['popular', 'new', 'category-games']) {
    await expect(page.locator(`[data-row="${key}"] .tile`).first()).toBeVisible();
  }
  expect(await page.locator('[data-row^="collection-"]').count()).toBeGreaterThanOrEqual(2);
  // A category chip still shows that category's grid.
  await page.getByTestId('categories').getByRole('link', { name: /Games/ }).click();
  await expect(page).toHaveURL(/category=games/);
  await expect(page.getByTestId('programs')).toContainText('Snake');
});

test('a starred mini-program is on the home page after reload, and can be unstarred', async ({ page }) => {
  await signIn(page, DEMO.consumer);
  await open(page, '/app/mp_sudoku');
  const star = page.getByTestId('favourite');
  await expect(star).toHaveText(/Add to favourites/);
  await star.click();
  await expect(star).toHaveText(/In your favourites/);
  await page.reload();
  await expect(page.getByTestId('favourite')).toHaveText(/In your favourites/);
  await open(page, '/');
  await expect(page.locator('[data-row="favourites"] [data-mp="mp_sudoku"]')).toBeVisible();
  await expect(page.locator('[data-row="recent"] .tile').first()).toBeVisible();
  await open(page, '/account');
  await expect(page.getByTestId('account-favourites').locator('[data-mp="mp_sudoku"]')).toBeVisible();
  await open(page, '/app/mp_sudoku');
  await page.getByTestId('favourite').click();
  await expect(page.getByTestId('favourite')).toHaveText(/Add to favourites/);
});

test('a star chosen before signing up is kept', async ({ page }) => {
  await open(page, '/app/mp_units');
  await page.getByTestId('favourite').click();
  await page.waitForURL(/\/signin\?next=%2Fapp%2Fmp_units&favourite=mp_units/);
  await expect(page.getByTestId('favourite-note')).toBeVisible();
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL(/\/signup\?.*favourite=mp_units/);
  await page.waitForSelector('body[data-hydrated="true"]');
  await expect(page.getByTestId('favourite-note')).toBeVisible();
  await page.getByLabel('Email').fill(uniqueEmail('star'));
  await page.getByLabel('Display name').fill('Star Keeper');
  await page.getByLabel('Password').fill('a-fine-passphrase-42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/app\/mp_units$/);
  await expect(page.getByTestId('favourite')).toHaveText(/In your favourites/);
});

test('signed out, recently used is kept on this device', async ({ page }) => {
  await open(page, '/app/mp_tip/run');
  await expect(page.getByTestId('miniprogram')).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('ministore:recent'))).toContain('mp_tip');
  await open(page, '/');
  await expect(page.locator('[data-row="recent-device"] [data-mp="mp_tip"]')).toBeVisible();
});

test('a star on a search result stars it without leaving the page', async ({ page }) => {
  await signIn(page, DEMO.consumer);
  await open(page, '/search?q=pomodoro');
  const row = page.locator('[data-testid="results"] li', { has: page.locator('[data-mp="mp_pomodoro"]') });
  const star = row.getByTestId('card-star');
  await expect(star).toHaveAttribute('aria-pressed', 'false');
  await star.click();
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/\/search\?q=pomodoro/);
  await open(page, '/');
  await expect(page.locator('[data-row="favourites"] [data-mp="mp_pomodoro"]')).toBeVisible();
  // Unstarred from its tile on the home page.
  const tile = page.locator('[data-row="favourites"] .tile-wrap', { has: page.locator('[data-mp="mp_pomodoro"]') });
  await tile.getByTestId('card-star').click();
  await expect(tile.getByTestId('card-star')).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.locator('[data-row="favourites"] [data-mp="mp_pomodoro"]')).toHaveCount(0);
});

test('signed out, a star on a card leads to sign-in and back', async ({ page }) => {
  await open(page, '/search?q=sudoku');
  const star = page.locator('[data-testid="results"] li', { has: page.locator('[data-mp="mp_sudoku"]') }).getByTestId('card-star');
  await expect(star).toHaveAttribute('href', '/signin?next=%2Fsearch%3Fq%3Dsudoku&favourite=mp_sudoku');
});
