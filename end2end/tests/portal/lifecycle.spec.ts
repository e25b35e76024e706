import { test, expect, Page } from '@playwright/test';
import { DEMO, open, signIn } from '../helpers';
import { tipSplitter } from '../zip';

async function register(page: Page, name: string): Promise<string> {
  await open(page, '/portal/new');
  await page.locator('select[name="org_slug"]').selectOption('acme-payments');
  await page.getByLabel('Category').selectOption('finance');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Summary').fill('Split a restaurant bill fairly.');
  await page.getByLabel('Description (Markdown)').fill('**Split** bills.\n\n- tips\n- shares');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(/\/portal\/apps\/mp_/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { name })).toBeVisible();
  return id;
}

async function upload(page: Page, zip: Buffer, slow = false) {
  if (slow) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 200 * 1024 });
  }
  await page.getByTestId('package-input').setInputFiles({ name: 'package.zip', mimeType: 'application/zip', buffer: zip });
  if (slow) {
    await expect(page.getByTestId('upload-progress')).toBeVisible();
  }
}

test('the whole journey: upload → report → trial → review → release → a consumer opens it', async ({ browser }) => {
  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, DEMO.developer);
  const name = `Tip Splitter ${Date.now() % 100000}`;
  const id = await register(dev, name);

  // A refused package says why and stores nothing.
  await upload(dev, tipSplitter('mp_someone_else', '1.0.0'));
  await expect(dev.getByTestId('upload-refused')).toContainText('id_mismatch');

  await upload(dev, tipSplitter(id, '1.0.0', 600_000), true);
  await expect(dev.getByTestId('upload-ok')).toContainText('1.0.0', { timeout: 30_000 });
  await expect(dev.getByTestId('report')).toContainText('manifest.json');
  const row = dev.locator('tr[data-version="1.0.0"]');
  await expect(row.locator('[data-state]')).toHaveText('Validated');

  await row.getByRole('button', { name: 'Start trial' }).click();
  await expect(row.locator('[data-state]')).toHaveText('In trial');
  await dev.getByTestId('open-trial').click();
  const trialFrame = dev.frameLocator('iframe[data-testid=miniprogram]');
  await trialFrame.getByTestId('split').click();
  await expect(trialFrame.getByTestId('result')).toHaveText('Each pays 28.75');
  await dev.goBack();
  await dev.waitForSelector('body[data-hydrated="true"]');

  const row2 = dev.locator('tr[data-version="1.0.0"]');
  await row2.getByText('Submit for review').click();
  await row2.getByLabel('Release notes').fill('First version: splits bills.');
  await row2.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(row2.locator('[data-state]')).toHaveText('In review');

  const op = await (await browser.newContext()).newPage();
  await signIn(op, DEMO.operator);
  await open(op, '/admin/review');
  await open(op, (await op.locator(`tr[data-mp="${id}"]`).getByRole('link', { name: 'Review' }).getAttribute('href'))!);
  await expect(op.getByText('First version: splits bills.')).toBeVisible();
  await op.getByTestId('approve').click();
  await expect(op.getByTestId('decided')).toContainText('Approved');

  await open(op, `/admin/apps/${id}`);
  await op.getByTestId('release').click();
  await expect(op.locator('tr[data-host="ha_demo"]')).toContainText('v1.0.0');

  const consumer = await (await browser.newContext()).newPage();
  await open(consumer, '/?category=finance');
  await consumer.locator(`a[data-mp="${id}"]`).click();
  await consumer.waitForSelector('body[data-hydrated="true"]');
  await expect(consumer.getByRole('heading', { name })).toBeVisible();
  await expect(consumer.locator('.qr-code svg')).toBeVisible();
  await consumer.getByTestId('open').click();
  const frame = consumer.frameLocator('iframe[data-testid=miniprogram]');
  await frame.getByTestId('split').click();
  await expect(frame.getByTestId('result')).toHaveText('Each pays 28.75');
});

test('a rejected version shows the reviewer\'s reason to the developer', async ({ browser }) => {
  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, DEMO.developer);
  const id = await register(dev, `Reject Me ${Date.now() % 100000}`);

  // A screenshot for the listing (a real PNG); an SVG is refused.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==', 'base64');
  await dev.getByTestId('screenshot-input').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: png });
  await expect(dev.getByTestId('screenshots').locator('img')).toHaveCount(1);
  await dev.getByTestId('icon-input').setInputFiles({ name: 'x.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
  await expect(dev.getByText('Use a PNG, JPEG or WebP image.')).toBeVisible();
  await upload(dev, tipSplitter(id, '0.9.0'));
  await expect(dev.getByTestId('upload-ok')).toBeVisible();
  const row = dev.locator('tr[data-version="0.9.0"]');
  await row.getByText('Submit for review').click();
  await row.getByLabel('Release notes').fill('Please review.');
  await row.getByRole('button', { name: 'Submit', exact: true }).click();
  await expect(row.locator('[data-state]')).toHaveText('In review');

  // The same version cannot be uploaded twice.
  await upload(dev, tipSplitter(id, '0.9.0'));
  await expect(dev.getByTestId('upload-refused')).toContainText('uploaded already');

  const op = await (await browser.newContext()).newPage();
  await signIn(op, DEMO.operator);
  await open(op, '/admin/review');
  await open(op, (await op.locator(`tr[data-mp="${id}"]`).getByRole('link', { name: 'Review' }).getAttribute('href'))!);
  await op.getByTestId('reject').click();
  await expect(op.getByText('Say why it is rejected')).toBeVisible();
  await op.getByLabel('Reason for rejecting').fill('The tip is computed on the total after tax; it should be before.');
  await op.getByTestId('reject').click();
  await expect(op.getByTestId('decided')).toContainText('Rejected');

  await open(dev, `/portal/apps/${id}`);
  await expect(dev.getByTestId('reject-reason')).toContainText('before');
});

test('a developer switches between organizations', async ({ page }) => {
  await signIn(page, DEMO.developer);
  await open(page, '/portal');
  const apps = page.getByTestId('my-apps');
  await expect(apps).toContainText('Calculator');
  await expect(apps).toContainText('Bill');
  await page.getByTestId('org-switcher').selectOption('ministore-labs');
  await expect(apps).not.toContainText('Bill');
  await expect(apps).toContainText('Calculator');
  // Kept in the session: a fresh load shows the same organization, preselected for new ones.
  await open(page, '/portal/new');
  await expect(page.locator('select[name="org_slug"]')).toHaveValue('ministore-labs');
  await open(page, '/portal');
  await expect(page.getByTestId('org-switcher')).toHaveValue('ministore-labs');
  await page.getByTestId('org-switcher').selectOption('');
  await expect(apps).toContainText('Bill');
});

/** A 1×1 PNG of its own colour (so that each upload is a different file). */
function png(shade: number): Buffer {
  const zlib = require('zlib');
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); header.writeUInt32BE(1, 4); header[8] = 8; header[9] = 2;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, shade, 255 - shade, 7]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('every upload shows at once on the mini-program page', async ({ browser }) => {
  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, DEMO.developer);
  const id = await register(dev, `Many Uploads ${Date.now() % 100000}`);
  for (let i = 1; i <= 4; i++) {
    await dev.getByTestId('screenshot-input').setInputFiles({ name: 'shot.png', mimeType: 'image/png', buffer: png(i * 40) });
    await expect(dev.getByTestId('screenshots').locator('img')).toHaveCount(i);
  }
  for (let i = 1; i <= 4; i++) {
    await upload(dev, tipSplitter(id, `1.${i}.0`));
    await expect(dev.locator(`tr[data-version="1.${i}.0"]`)).toBeVisible();
  }
  await expect(dev.getByTestId('versions').locator('tbody tr[data-version]')).toHaveCount(4);
});
