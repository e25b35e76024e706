// Preview server for the demo mini-programs and the bridge, WITHOUT the Rust store.
// Development aid only: it imitates the store's launch page and the sandbox origin.
//
//   node sandbox/dev/serve.mjs            store  http://127.0.0.1:4100/
//                                         sandbox http://127.0.0.1:4101/
// Launch page: /app/<mp_id>/run[?v=<version>][&user=<name>]  (no user= means signed out)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sandboxDir = path.resolve(here, '..');
const demoDir = path.resolve(here, '../../demo/miniprograms');
const STORE_PORT = Number(process.env.STORE_PORT ?? 4100);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4101);
const HOST = process.env.HOST ?? '127.0.0.1';
const STORE = `http://${HOST}:${STORE_PORT}`;
const SANDBOX = `http://${HOST}:${SANDBOX_PORT}`;

const TYPES = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json', svg: 'image/svg+xml', png: 'image/png', webp: 'image/webp', md: 'text/markdown; charset=utf-8',
};

function packages() {
  const out = [];
  for (const slug of fs.readdirSync(demoDir)) {
    const dir = path.join(demoDir, slug);
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const listing = fs.existsSync(path.join(dir, 'listing.json'))
      ? JSON.parse(fs.readFileSync(path.join(dir, 'listing.json'), 'utf8')) : {};
    out.push({ slug, dir, manifest, listing });
  }
  return out;
}

// What the real sandbox origin should send with every mini-program file (see BRIDGE.md).
const SANDBOX_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
  "font-src 'self'", "media-src 'self' blob:", "connect-src 'none'", "form-action 'none'",
  "base-uri 'none'", `frame-ancestors ${STORE}`, 'sandbox allow-scripts allow-forms',
].join('; ');

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function serveSandbox(req, res) {
  const url = new URL(req.url, SANDBOX);
  const headers = { 'content-security-policy': SANDBOX_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  if (url.pathname === '/__ministore/bridge.js') {
    return send(res, 200, TYPES.js, fs.readFileSync(path.join(sandboxDir, 'bridge.js')), headers);
  }
  // /m/<slug>/<file>
  const m = url.pathname.match(/^\/m\/([a-z0-9.-]+)\/(.+)$/);
  if (!m) return send(res, 404, 'text/plain', 'not found', headers);
  const dir = path.join(demoDir, m[1]);
  const file = path.resolve(dir, decodeURIComponent(m[2]));
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return send(res, 404, 'text/plain', 'not found', headers);
  }
  const ext = path.extname(file).slice(1).toLowerCase();
  let body = fs.readFileSync(file);
  if (ext === 'html') body = injectBridge(body.toString('utf8'));
  send(res, 200, TYPES[ext] ?? 'application/octet-stream', body, headers);
}

// The injection rule the real server follows: right after the opening <head ...> tag, or at the
// very start of the document when there is no <head> tag.
export function injectBridge(html) {
  const tag = '<script src="/__ministore/bridge.js"></script>';
  const head = html.match(/<head(\s[^>]*)?>/i);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}

function storePage(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="/dev.css"></head><body>${body}</body></html>`;
}

function serveStore(req, res) {
  const url = new URL(req.url, STORE);
  if (url.pathname === '/launcher.js') return send(res, 200, TYPES.js, fs.readFileSync(path.join(sandboxDir, 'launcher.js')));
  if (url.pathname === '/dev.css') return send(res, 200, TYPES.css, fs.readFileSync(path.join(here, 'dev.css')));
  if (url.pathname === '/dev.js') return send(res, 200, TYPES.js, fs.readFileSync(path.join(here, 'dev.js')));
  if (url.pathname === '/healthz') return send(res, 200, 'text/plain', 'ok');
  if (url.pathname.startsWith('/rpc/')) {
    // Stands in for the store's server functions: the sandbox must never be able to read this.
    return send(res, 200, 'application/json', JSON.stringify({ email: 'consumer@ministore.test', secret: 'session-bound data' }),
      { 'set-cookie': 'ministore_dev=secret-session; Path=/; SameSite=Lax' });
  }
  const icon = url.pathname.match(/^\/icon\/([a-z0-9.-]+)\.svg$/);
  if (icon) {
    const p = packages().find((x) => x.slug === icon[1]);
    if (p) return send(res, 200, TYPES.svg, fs.readFileSync(path.join(p.dir, 'icon.svg')));
  }
  const run = url.pathname.match(/^\/app\/([^/]+)\/run$/);
  if (run) {
    const id = decodeURIComponent(run[1]);
    const v = url.searchParams.get('v');
    const all = packages().filter((p) => p.manifest.id === id);
    const pkg = all.find((p) => p.manifest.version === v) ?? all.find((p) => !/-\d/.test(p.slug)) ?? all[0];
    if (!pkg) return send(res, 404, TYPES.html, storePage('Not found', '<main class="list"><h1>No such mini-program</h1><a href="/">Back</a></main>'));
    const user = url.searchParams.get('user') ?? '';
    const { manifest } = pkg;
    const body = `<header class="bar"><a href="/">&larr; Preview</a><span>${esc(manifest.name)} <small>${esc(manifest.version)}</small></span>
<span class="who">${user ? 'Signed in as ' + esc(user) : 'Signed out'}</span></header>
<main class="stage"><div class="phone"><iframe data-ministore-app data-testid="miniprogram-frame"
 title="${esc(manifest.name)}" sandbox="allow-scripts allow-forms"
 src="${SANDBOX}/m/${esc(pkg.slug)}/${esc(manifest.entry ?? 'index.html')}"
 data-mp-id="${esc(manifest.id)}" data-mp-name="${esc(manifest.name)}"
 data-permissions="${esc((manifest.permissions ?? []).join(','))}"
 data-user-name="${esc(user)}" data-sandbox-origin="${SANDBOX}"></iframe></div>
<aside class="side"><h2>Bridge log</h2><ol id="log"></ol><h2>Reported errors</h2><ol id="errors"></ol></aside></main>
<script src="/launcher.js"></script><script src="/dev.js"></script>`;
    return send(res, 200, TYPES.html, storePage(manifest.name, body), { 'set-cookie': 'ministore_dev=secret-session; Path=/; SameSite=Lax' });
  }
  if (url.pathname === '/') {
    const rows = packages().map(({ slug, manifest, listing }) => `<li><a href="/app/${esc(manifest.id)}/run?v=${esc(manifest.version)}&amp;user=Alice">
<img src="/icon/${esc(slug)}.svg" alt="" width="56" height="56"><span><b>${esc(manifest.name)}</b> <small>${esc(manifest.version)}</small><br>
<small>${esc(listing.summary ?? manifest.description ?? '')}</small></span></a>
<a class="alt" href="/app/${esc(manifest.id)}/run?v=${esc(manifest.version)}">signed out</a></li>`).join('');
    return send(res, 200, TYPES.html, storePage('Ministore preview', `<main class="list"><h1>Mini-program preview</h1><ul>${rows}</ul></main>`));
  }
  send(res, 404, 'text/plain', 'not found');
}

export const urls = { store: STORE, sandbox: SANDBOX };

export function start() {
  const listen = (handler, port) => new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
  return Promise.all([listen(serveStore, STORE_PORT), listen(serveSandbox, SANDBOX_PORT)]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await start();
  console.log(`store   ${STORE}/  (launch page: /app/<mp_id>/run?user=Alice)`);
  console.log(`sandbox ${SANDBOX}/`);
}
