import { expect, test } from '@playwright/test';
import { open } from '../helpers';

// "Nearby": with the browser's location (granted), or a typed place; distances shown.

test.describe('with a granted location at People\'s Square', () => {
  test.use({ geolocation: { latitude: 31.2304, longitude: 121.4737 }, permissions: ['geolocation'] });
  test('lists store mini-programs nearest first with their distance', async ({ page }) => {
    await open(page, '/nearby');
    await page.getByTestId('use-location').click();
    await expect(page).toHaveURL(/\/nearby\?lat=31\.23/);
    const items = page.getByTestId('nearby').locator('li');
    await expect(items.first()).toBeVisible();
    const distances = await page.getByTestId('distance').allInnerTexts();
    const km = distances.map(d => (d.endsWith(' m') ? parseFloat(d) / 1000 : parseFloat(d)));
    expect(km.length).toBeGreaterThan(1);
    expect([...km].sort((a, b) => a - b)).toEqual(km);
    expect(km[km.length - 1]).toBeLessThanOrEqual(5);
    // Its page shows its places.
    await items.first().locator('a').click();
    await expect(page.getByTestId('places')).toBeVisible();
  });
});

test('a typed place works, an unknown one says so', async ({ page }) => {
  await open(page, '/nearby');
  await page.getByLabel('A place').fill('Lujiazui');
  await page.getByLabel('A place').press('Enter');
  await expect(page.getByTestId('nearby-origin')).toContainText('Lujiazui');
  await open(page, '/nearby?place=Atlantis');
  await expect(page.getByText('No place called “Atlantis”')).toBeVisible();
});
