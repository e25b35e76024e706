// End-to-end check of the bridge (bridge.js + launcher.js) and the demo mini-programs, run
// against the preview server (serve.mjs) in Debian's Chromium, without the Rust store.
//
//   node sandbox/dev/check.mjs [--shots /tmp/shots]
//
// Uses Playwright from end2end/node_modules. Exits 1 if any check fails.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { start, urls } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, '../../end2end/package.json'));
const { chromium } = require('playwright');
const shotsAt = process.argv.indexOf('--shots');
const shots = shotsAt > 0 ? process.argv[shotsAt + 1] : null;
if (shots) fs.mkdirSync(shots, { recursive: true });

const servers = await start();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
let failures = 0;
let page;

function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a === e) console.log(`  ok   ${what}`);
  else { failures++; console.log(`  FAIL ${what}\n       expected ${e}\n       actual   ${a}`); }
}
function truthy(v, what) { eq(!!v, true, what); }

async function open(id, { user = 'Alice', v } = {}) {
  page = await browser.newPage({ viewport: { width: 900, height: 860 } });
  page.on('pageerror', (e) => {
    if (/^intentional/.test(e.message)) return; // thrown on purpose by the error-report checks
    failures++;
    console.log(`  FAIL page error: ${e.message}`);
  });
  const q = new URLSearchParams();
  if (v) q.set('v', v);
  if (user) q.set('user', user);
  await page.goto(`${urls.store}/app/${id}/run?${q}`);
  const frame = page.frameLocator('[data-testid=miniprogram-frame]');
  await frame.locator('body').waitFor();
  const inner = page.frames().find((f) => f.url().startsWith(urls.sandbox));
  await inner.waitForFunction(() => !!window.ministore);
  return { f: frame, inner };
}
// Runs a bridge call inside the mini-program; resolves with {ok, result} or {ok:false, code, message}.
function call(inner, method, params, options) {
  return inner.evaluate(([m, p, o]) => window.ministore.call(m, p, o).then(
    (result) => ({ ok: true, result }),
    (e) => ({ ok: false, code: e.code, message: e.message })), [method, params, options]);
}
async function shot(name) { if (shots) await page.screenshot({ path: path.join(shots, name + '.png') }); }
async function section(name, fn) {
  console.log(name);
  try { await fn(); } catch (e) { failures++; console.log(`  FAIL ${e.stack || e}`); }
  if (page) await page.close();
  page = null;
}

await section('bridge: permissions, storage, quota, validation (mp_todo: storage only)', async () => {
  const { inner } = await open('mp_todo');
  const info = await call(inner, 'system.info');
  eq([info.ok, info.code], [false, 'permission_denied'], 'system.info without system_info is permission_denied');
  truthy(/system_info/.test(info.message), 'the refusal names the permission');
  eq((await call(inner, 'user.profile')).code, 'permission_denied', 'user.profile without user_profile is permission_denied');
  eq((await call(inner, 'no.such')).code, 'unknown_method', 'an unknown method is unknown_method');
  eq(await call(inner, 'storage.set', { key: 'k', value: { a: [1, 'two'] } }), { ok: true, result: { used: 16, quota: 102400 } }, 'storage.set');
  eq(await call(inner, 'storage.get', { key: 'k' }), { ok: true, result: { a: [1, 'two'] } }, 'storage.get returns the JSON value');
  eq(await call(inner, 'storage.get', { key: 'missing' }), { ok: true, result: null }, 'storage.get of a missing key is null');
  eq((await call(inner, 'storage.keys')).result, ['k'], 'storage.keys');
  eq(await call(inner, 'storage.remove', { key: 'k' }), { ok: true, result: { removed: true } }, 'storage.remove');
  eq((await call(inner, 'storage.set', { key: '', value: 1 })).code, 'invalid_argument', 'an empty key is invalid_argument');
  eq((await call(inner, 'storage.set', { key: 'k' })).code, 'invalid_argument', 'a missing value is invalid_argument');
  eq(await inner.evaluate(() => window.ministore.storage.set('f', () => 1).catch((e) => e.code)), 'invalid_argument', 'a value that cannot be posted is invalid_argument');
  eq((await call(inner, 'storage.set', { key: 'big', value: 'x'.repeat(60000) })).ok, true, '60 KB fits');
  eq((await call(inner, 'storage.set', { key: 'big2', value: 'x'.repeat(60000) })).code, 'quota_exceeded', 'another 60 KB is quota_exceeded');
  eq((await call(inner, 'storage.set', { key: 'big', value: 'y'.repeat(90000) })).ok, true, 'replacing a key counts only the new value');
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  eq(keys, ['ministore:mp:mp_todo:big'], 'the parent stores under ministore:mp:<id>:<key>');
  const before = await page.evaluate(() => window.__ministoreBridgeLog.length);
  await page.evaluate(() => window.postMessage({ ministore: 1, id: 1, method: 'storage.keys', params: {} }, '*'));
  await page.waitForTimeout(200);
  eq(await page.evaluate(() => window.__ministoreBridgeLog.length), before, 'a message not from the iframe is ignored');
  eq(await page.evaluate(() => window.__ministoreBridgeLog.at(-1)), { method: 'storage.set', ok: true }, '__ministoreBridgeLog records {method, ok}');
  await page.evaluate(() => document.querySelector('iframe').removeAttribute('data-ministore-app'));
  eq((await call(inner, 'storage.keys', {}, { timeout: 300 })).code, 'timeout', 'an unanswered call rejects with timeout');
});

await section('bridge: error.report (mp_snake) and auto-reporting', async () => {
  const { inner } = await open('mp_snake');
  await page.evaluate(() => { window.__errors = []; addEventListener('ministore:error', (e) => window.__errors.push(e.detail)); });
  eq(await inner.evaluate(() => window.ministore.reportError(new Error('boom'))), { recorded: true }, 'reportError resolves {recorded: true}');
  await inner.evaluate(() => { setTimeout(() => { throw new Error('intentional uncaught boom'); }); });
  await inner.evaluate(() => { Promise.reject(new Error('intentional rejected boom')); });
  await page.waitForFunction(() => window.__errors.length >= 3);
  const errs = await page.evaluate(() => window.__errors);
  eq(errs.map((e) => [e.mpId, e.message]), [['mp_snake', 'boom'], ['mp_snake', 'intentional uncaught boom'], ['mp_snake', 'intentional rejected boom']], 'ministore:error events carry mpId and message');
  truthy(errs[0].stack && errs[0].at, 'the event has a stack and a timestamp');
});

await section('bridge: no report_error permission → auto-report stays silent (mp_todo)', async () => {
  const { inner } = await open('mp_todo');
  await page.evaluate(() => { window.__errors = []; addEventListener('ministore:error', (e) => window.__errors.push(e.detail)); });
  await inner.evaluate(() => { setTimeout(() => { throw new Error('intentional: nobody hears this'); }); });
  await page.waitForTimeout(400);
  eq(await page.evaluate(() => window.__errors.length), 0, 'no ministore:error event');
  eq(await page.evaluate(() => window.__ministoreBridgeLog.at(-1)), { method: 'error.report', ok: false }, 'the call was refused');
});

await section('bridge: user.profile consent (mp_billpay)', async () => {
  let { f, inner } = await open('mp_billpay', { user: 'Alice Martin' });
  const pending = call(inner, 'user.profile');
  await page.getByTestId('consent-dialog').waitFor();
  eq(await page.getByRole('dialog').getAttribute('aria-labelledby') !== null, true, 'the dialog is labelled');
  truthy(/Acme Bill Pay wants your display name/.test(await page.getByTestId('consent-dialog').textContent()), 'the dialog names the mini-program');
  await shot('consent');
  await page.getByTestId('consent-allow').click();
  eq(await pending, { ok: true, result: { displayName: 'Alice Martin' } }, 'Allow → {displayName}');
  const denied = call(inner, 'user.profile');
  await page.getByTestId('consent-deny').click();
  eq((await denied).code, 'denied', 'Deny → denied');
  const escaped = call(inner, 'user.profile');
  await page.getByTestId('consent-dialog').waitFor();
  await page.keyboard.press('Escape');
  eq((await escaped).code, 'denied', 'Escape → denied');
  await f.getByTestId('fill-name').click();
  await page.getByTestId('consent-allow').click();
  await inner.waitForFunction(() => document.querySelector('[data-testid=payer-name]').value === 'Alice Martin');
  eq(await f.getByTestId('greeting').textContent(), 'Hi, Alice', 'Fill my name greets the user');
  await page.close();
  ({ f, inner } = await open('mp_billpay', { user: '' }));
  eq((await call(inner, 'user.profile')).code, 'not_signed_in', 'signed out → not_signed_in, no dialog');
  eq(await page.getByTestId('consent-dialog').count(), 0, 'no dialog was shown');
});

await section('bridge: miniprogram.open', async () => {
  const { inner } = await open('mp_todo');
  eq((await call(inner, 'miniprogram.open', { id: 'mp_calculator' })).code, 'permission_denied', 'without open_miniprogram → permission_denied');
  await page.evaluate(() => document.querySelector('iframe').setAttribute('data-permissions', 'storage,open_miniprogram'));
  eq((await call(inner, 'miniprogram.open', { id: '../admin' })).code, 'invalid_argument', 'a bad id is invalid_argument');
  const nav = page.waitForURL(/\/app\/mp_calculator\/run$/);
  await inner.evaluate(() => window.ministore.openMiniProgram('mp_calculator')).catch(() => {});
  await nav;
  truthy(true, 'the store navigated to /app/mp_calculator/run');
});

await section('calculator 1.0.0', async () => {
  const { f } = await open('mp_calculator');
  for (const k of ['1', 'plus', '2', 'times', '3', 'equals']) await f.getByTestId('key-' + k).click();
  eq(await f.getByTestId('display').textContent(), '7', '1 + 2 × 3 = 7');
  for (const k of ['clear', '9', 'minus', '4', 'divide', '8', 'equals']) await f.getByTestId('key-' + k).click();
  eq(await f.getByTestId('display').textContent(), '8.5', '9 − 4 ÷ 8 = 8.5');
  await page.keyboard.type('12/0=');
  eq(await f.getByTestId('display').textContent(), 'Error', 'dividing by zero shows Error');
  eq(await f.getByTestId('key-percent').count(), 0, 'no % key in 1.0.0');
  await page.reload();
  await f.getByTestId('history-toggle').click();
  eq(await f.getByTestId('history-item').count(), 2, 'history survives a reload');
  await shot('calculator-history');
});

await section('calculator 1.1.0', async () => {
  const { f } = await open('mp_calculator', { v: '1.1.0' });
  for (const k of ['2', '0', '0', 'plus', '1', '0', 'percent', 'equals']) await f.getByTestId('key-' + k).click();
  eq(await f.getByTestId('display').textContent(), '220', '200 + 10% = 220');
  await shot('calculator-1.1.0');
});

await section('todo', async () => {
  const { f } = await open('mp_todo');
  for (const t of ['Buy milk', 'Call mum', 'Book flights']) {
    await f.getByTestId('todo-input').fill(t);
    await f.getByTestId('todo-add').click();
  }
  await f.getByTestId('todo-input').fill('Water plants');
  await f.getByTestId('todo-input').press('Enter');
  eq(await f.getByTestId('todo-item').count(), 4, 'four tasks added (button and Enter)');
  await f.getByTestId('todo-item').filter({ hasText: 'Call mum' }).getByTestId('todo-toggle').click();
  await f.getByTestId('todo-item').filter({ hasText: 'Buy milk' }).getByTestId('todo-delete').click();
  await page.waitForTimeout(300);
  await f.getByTestId('filter-done').click();
  eq(await f.getByTestId('todo-item').allTextContents(), ['Call mum'], 'the Done filter shows the completed task');
  await f.getByTestId('filter-active').click();
  eq(await f.getByTestId('todo-item').count(), 2, 'the To do filter shows the rest');
  await page.reload();
  await f.getByTestId('todo-item').first().waitFor();
  eq(await f.getByTestId('todo-item').count(), 3, 'tasks survive a reload');
  await shot('todo');
});

await section('currency', async () => {
  const { f } = await open('mp_currency');
  await f.getByTestId('amount').fill('100');
  eq(await f.getByTestId('result').textContent(), '92.00', '100 USD = 92.00 EUR (demo rates)');
  truthy(/demo/i.test(await f.getByTestId('demo-badge').textContent()), 'the UI says demo rates');
  await f.getByTestId('to-currency').selectOption('JPY');
  eq(await f.getByTestId('result').textContent(), '15,120', '100 USD = 15,120 JPY');
  await f.getByTestId('swap').click();
  eq(await f.getByTestId('rate').textContent().then((t) => t.split('·')[0].trim()), '1 JPY = 0.0066 USD', 'swap');
  await page.waitForTimeout(600);
  await page.reload();
  await f.getByTestId('from-code').waitFor();
  await page.waitForTimeout(300);
  eq([await f.getByTestId('from-code').textContent(), await f.getByTestId('to-code').textContent()], ['JPY', 'USD'], 'the last pair is remembered');
  await shot('currency');
});

await section('snake', async () => {
  const { f } = await open('mp_snake');
  await f.getByTestId('start').click();
  eq(await f.locator('body').getAttribute('data-state'), 'playing', 'Start begins a game');
  await f.getByTestId('dir-up').click();
  await f.getByTestId('pause').click();
  eq(await f.locator('body').getAttribute('data-state'), 'paused', 'Pause pauses');
  eq(await f.getByTestId('score').textContent(), '0', 'score shown');
  await shot('snake');
});

await section('billpay', async () => {
  const { f } = await open('mp_billpay');
  await f.getByTestId('payer-name').fill('Bob Stone');
  await f.getByTestId('biller').selectOption('city-power');
  await f.getByTestId('account').fill('123');
  await f.getByTestId('amount').fill('42.5');
  await f.getByTestId('pay').click();
  truthy(/10 digits/.test(await f.getByTestId('account-error').textContent()), 'a bad account number is refused');
  await f.getByTestId('account').fill('1234567890');
  await f.getByTestId('pay').click();
  await f.getByTestId('confirmation').waitFor();
  truthy(/^ACME-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(await f.getByTestId('reference').textContent()), 'confirmation with a reference');
  eq(await f.getByTestId('confirmation-amount').textContent(), '$42.50', 'the amount is confirmed');
  await shot('billpay-done');
});

await section('malicious: every probe blocked', async () => {
  const { f, inner } = await open('mp_malicious');
  await inner.waitForFunction(() => document.body.dataset.probesDone === 'true', null, { timeout: 15000 });
  for (const name of ['cookie', 'fetch-rpc', 'fetch-same', 'parent-dom', 'top-nav', 'local-storage', 'bridge-profile', 'bridge-storage']) {
    eq(await f.getByTestId('probe-' + name).textContent(), 'blocked', `probe ${name}`);
  }
  truthy(/permission_denied/.test(await f.getByTestId('probe-bridge-profile-detail').textContent()), 'the bridge refused with permission_denied');
  await shot('malicious');
});

await browser.close();
for (const s of servers) s.close();
console.log(failures ? `\n${failures} check(s) FAILED` : '\nall checks passed');
process.exit(failures ? 1 : 0);
