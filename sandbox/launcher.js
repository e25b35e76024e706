/* Ministore launcher: the store side of the mini-program bridge v1. See BRIDGE.md. */
(function () {
"use strict";
if (window.__ministoreLauncher) return;
window.__ministoreLauncher = { version: 1 };
var log = (window.__ministoreBridgeLog = window.__ministoreBridgeLog || []);
var QUOTA = 102400, S = "storage", reports = {}, queue = Promise.resolve(), styled;
var PERM = {
  "system.info": "system_info", "storage.get": S, "storage.set": S, "storage.remove": S,
  "storage.keys": S, "user.profile": "user_profile", "miniprogram.open": "open_miniprogram",
  "error.report": "report_error"
};
function Fail(code, message) { this.code = code; this.message = message; }
function fail(code, message) { throw new Fail(code, message); }

// localStorage["ministore:mp:<id>:<key>"] = JSON
function ls() {
  try { return localStorage; } catch (e) { return fail("denied", "Storage is unavailable"); }
}
function bytes(s) { return new Blob([s]).size; }
function key(p) {
  if (typeof p.key != "string" || !p.key || p.key.length > 256) fail("invalid_argument", "key: 1 to 256 characters");
  return p.key;
}
function keys(app) {
  var s = ls(), pre = app.pre, out = [];
  for (var i = 0; i < s.length; i++) if (s.key(i).indexOf(pre) == 0) out.push(s.key(i).slice(pre.length));
  return out.sort();
}

var methods = {
  "system.info": function () {
    var u = navigator.userAgentData;
    return { platform: (u && u.platform) || navigator.platform || "unknown", language: navigator.language || "en",
      screen: { width: screen.width, height: screen.height }, store: "Ministore", bridgeVersion: 1,
      theme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light" };
  },
  "storage.get": function (app, p) {
    var raw = ls().getItem(app.pre + key(p));
    return raw == null ? null : JSON.parse(raw);
  },
  "storage.set": function (app, p) {
    var k = key(p), s = ls(), json, used;
    try { json = JSON.stringify(p.value); } catch (e) { /* undefined */ }
    if (json === undefined) fail("invalid_argument", "value must be JSON");
    used = keys(app).reduce(function (n, o) { return o == k ? n : n + bytes(o + s.getItem(app.pre + o)); }, bytes(k + json));
    if (used > QUOTA) fail("quota_exceeded", "Over the " + QUOTA + " byte quota (" + used + ")");
    try { s.setItem(app.pre + k, json); } catch (e) { fail("quota_exceeded", "The browser refused to store it"); }
    return { used: used, quota: QUOTA };
  },
  "storage.remove": function (app, p) {
    var k = app.pre + key(p), had = ls().getItem(k) != null;
    ls().removeItem(k);
    return { removed: had };
  },
  "storage.keys": keys,
  "user.profile": function (app) {
    if (!app.user) fail("not_signed_in", "The user is not signed in");
    var r = queue.then(function () { return ask(app); }); // one at a time
    queue = r;
    return r.then(function (yes) {
      if (!yes) fail("denied", "The user said no");
      return { displayName: app.user };
    });
  },
  "miniprogram.open": function (app, p) {
    var id = p.id;
    if (!/^mp_[a-z0-9_-]{1,64}$/.test(id)) fail("invalid_argument", "Bad mini-program id");
    setTimeout(function () { location.href = "/app/" + encodeURIComponent(id) + "/run"; });
    return { opening: id };
  },
  "error.report": function (app, p) {
    if (typeof p.message != "string" || !p.message || (p.stack && typeof p.stack != "string")) fail("invalid_argument", "message and stack must be strings");
    if ((reports[app.id] = (reports[app.id] || 0) + 1) > 50) fail("quota_exceeded", "Too many error reports");
    var detail = { mpId: app.id, mpName: app.name, message: p.message.slice(0, 2000),
      stack: p.stack ? p.stack.slice(0, 8000) : null, at: new Date().toISOString() };
    console.warn("[ministore] " + app.id + " reported: " + detail.message);
    dispatchEvent(new CustomEvent("ministore:error", { detail: detail }));
    return { recorded: true };
  }
};

// Consent dialog; Escape means Deny.
function el(tag, cls, text, attrs) {
  var e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  for (var a in attrs) e.setAttribute(a, attrs[a]);
  return e;
}
function ask(app) {
  if (!styled) {
    styled = 1;
    try { // not inline CSS: style-src does not block it
      var sh = new CSSStyleSheet();
      sh.replaceSync(".msc{border:0;border-radius:18px;padding:24px 22px 18px;width:min(360px,calc(100vw - 32px));box-shadow:0 20px 60px #0f172a4d;font:15px/1.5 system-ui,sans-serif;text-align:center}.msc::backdrop{background:#0f172a80}" +
        ".msc-i{width:52px;height:52px;margin:0 auto 12px;border-radius:14px;background:#4f46e5;color:#fff;display:grid;place-items:center;font-weight:800;font-size:22px}" +
        ".msc h2{font-size:18px;margin:0 0 6px;line-height:1.3}.msc p{margin:0 0 20px;color:#475569;font-size:14px}.msc *{overflow-wrap:anywhere}.msc p+div{display:grid;grid-template-columns:1fr 1fr;gap:10px}" +
        ".msc button{font:inherit;font-weight:600;padding:10px;border-radius:10px;border:1px solid #cbd5e1;background:#fff;cursor:pointer}.msc button:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}" +
        ".msc .msc-y{background:#4f46e5;border-color:#4f46e5;color:#fff}");
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sh);
    } catch (e) { /* unstyled */ }
  }
  return new Promise(function (resolve) {
    var id = "msc" + Date.now();
    var d = el("dialog", "msc", "", { "aria-labelledby": id + "t", "aria-describedby": id + "d", "data-testid": "consent-dialog" });
    var p = el("p", "", "", { id: id + "d" }), row = el("div", "");
    var no = el("button", "", "Deny", { type: "button", "data-testid": "consent-deny" });
    var yes = el("button", "msc-y", "Allow", { type: "button", "data-testid": "consent-allow" });
    p.append("It will receive the name ", el("strong", "", app.user), ". Nothing else is shared.");
    row.append(no, yes);
    d.append(el("div", "msc-i", (app.name.trim()[0] || "?").toUpperCase()), el("h2", "", app.name + " wants your display name", { id: id + "t" }), p, row);
    function finish(ok) {
      if (d.open) d.close();
      d.remove();
      resolve(ok);
    }
    yes.addEventListener("click", function () { finish(true); });
    no.addEventListener("click", function () { finish(false); });
    d.addEventListener("close", function () { finish(false); });
    document.body.append(d);
    d.showModal();
    no.focus();
  });
}

addEventListener("message", function (ev) {
  var f, list = document.querySelectorAll("iframe[data-ministore-app]"), m = ev.data;
  for (var i = 0; i < list.length; i++) if (ev.source && list[i].contentWindow === ev.source) f = list[i];
  if (!f || !m || m.ministore !== 1 || !Number.isSafeInteger(m.id) || m.id < 0) return;
  var d = f.dataset, method = typeof m.method == "string" ? m.method : "";
  if (ev.origin != "null" && ev.origin != d.sandboxOrigin) return;
  var app = { id: d.mpId, name: d.mpName || "This mini-program", user: d.userName,
    perms: (d.permissions || "").trim().split(/\s*,\s*/), pre: "ministore:mp:" + d.mpId + ":" };
  function send(r) {
    r.ministore = 1;
    r.id = m.id;
    log.push({ method: method, ok: r.ok });
    try { f.contentWindow.postMessage(r, "*"); } catch (e) { /* frame gone */ }
  }
  Promise.resolve().then(function () {
    var p = m.params == null ? {} : m.params;
    if (!method || typeof p != "object" || Array.isArray(p)) fail("invalid_argument", "Bad method or params");
    if (!PERM.hasOwnProperty(method)) fail("unknown_method", "Unknown method " + method.slice(0, 64));
    if (app.perms.indexOf(PERM[method]) < 0) fail("permission_denied", method + ' needs the "' + PERM[method] + '" permission in the manifest');
    return methods[method](app, p);
  }).then(function (result) {
    send({ ok: true, result: result === undefined ? null : result });
  }, function (e) {
    send({ ok: false, error: e instanceof Fail ? { code: e.code, message: e.message } : { code: "invalid_argument", message: String(e && e.message || e) } });
  });
});
})();
