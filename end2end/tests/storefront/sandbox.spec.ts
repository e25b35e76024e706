import { test, expect } from '@playwright/test';
import { DEMO, open, signIn } from '../helpers';

test('a malicious mini-program can read no cookie and call no server function', async ({ page }) => {
  await signIn(page, DEMO.consumer);
  await open(page, '/app/mp_malicious/run');
  const frame = page.frameLocator('iframe[data-testid=miniprogram]');
  await expect(frame.locator('body[data-probes-done="true"]')).toBeAttached({ timeout: 30_000 });
  const probes = frame.locator('[data-testid^="probe-"]:not([data-testid$="-detail"])');
  const n = await probes.count();
  expect(n).toBeGreaterThanOrEqual(8);
  for (let i = 0; i < n; i++) {
    const text = (await probes.nth(i).innerText()).trim();
    expect(text, await probes.nth(i).getAttribute('data-testid') ?? '').not.toContain('LEAKED');
  }
  await expect(frame.getByTestId('probe-cookie')).toContainText('blocked');
  await expect(frame.getByTestId('probe-fetch-rpc')).toContainText('blocked');
});

test('a demo mini-program runs in the sandbox and keeps its data through the bridge', async ({ page }) => {
  await open(page, '/app/mp_calculator/run');
  const frame = page.frameLocator('iframe[data-testid=miniprogram]');
  for (const k of ['key-7', 'key-times', 'key-6', 'key-equals']) await frame.getByTestId(k).click();
  await expect(frame.getByTestId('display')).toHaveText('42');
  await expect
    .poll(async () => page.evaluate(() => ((window as any).__ministoreBridgeLog ?? []).some((e: any) => e.method === 'storage.set' && e.ok)))
    .toBeTruthy();
});
