/* Ministore bridge v1, mini-program side. Protocol: see BRIDGE.md. */
(function () {
  "use strict";
  if (window.ministore) return;
  var host = window.parent;
  var framed = host && host !== window;
  var pending = new Map();
  var nextId = 1;
  var reporting = true;

  function bridgeError(code, message) {
    var e = new Error(message);
    e.name = "MinistoreError";
    e.code = code;
    return e;
  }

  window.addEventListener("message", function (ev) {
    if (!framed || ev.source !== host) return;
    var m = ev.data;
    if (!m || m.ministore !== 1 || typeof m.id !== "number") return;
    var p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok === true) p.resolve(m.result === undefined ? null : m.result);
    else {
      var er = m.error || {};
      p.reject(bridgeError(String(er.code || "unknown"), String(er.message || "The store refused the call")));
    }
  });

  function call(method, params, options) {
    return new Promise(function (resolve, reject) {
      if (!framed) return reject(bridgeError("no_host", "Not running inside Ministore"));
      var id = nextId++;
      var ms = (options && options.timeout) || 10000;
      var timer = setTimeout(function () {
        pending.delete(id);
        reject(bridgeError("timeout", method + ": no answer from the store"));
      }, ms);
      pending.set(id, { resolve: resolve, reject: reject, timer: timer });
      try {
        host.postMessage({ ministore: 1, id: id, method: String(method), params: params || {} }, "*");
      } catch (e) {
        clearTimeout(timer);
        pending.delete(id);
        reject(bridgeError("invalid_argument", "Parameters cannot be sent: " + e.message));
      }
    });
  }

  function reportError(err) {
    var message = err && err.message !== undefined ? String(err.message) : String(err);
    var params = { message: message.slice(0, 2000) };
    if (err && err.stack) params.stack = String(err.stack).slice(0, 8000);
    return call("error.report", params);
  }

  var reported = 0;
  function autoReport(err) {
    if (!reporting || !framed || reported >= 20) return;
    reported++;
    reportError(err).catch(function (e) {
      if (e.code === "permission_denied" || e.code === "quota_exceeded") reporting = false;
    });
  }
  window.addEventListener("error", function (ev) {
    autoReport(ev.error || { message: ev.message || "Script error", stack: ev.filename ? ev.filename + ":" + ev.lineno + ":" + ev.colno : undefined });
  });
  window.addEventListener("unhandledrejection", function (ev) {
    var r = ev.reason;
    autoReport(r instanceof Error ? r : { message: "Unhandled rejection: " + (typeof r === "object" ? safeJson(r) : String(r)) });
  });
  function safeJson(v) {
    try { return JSON.stringify(v); } catch (e) { return String(v); }
  }

  window.ministore = Object.freeze({
    bridgeVersion: 1,
    inStore: framed,
    call: call,
    systemInfo: function () { return call("system.info"); },
    storage: Object.freeze({
      get: function (key) { return call("storage.get", { key: key }); },
      set: function (key, value) { return call("storage.set", { key: key, value: value }); },
      remove: function (key) { return call("storage.remove", { key: key }); },
      keys: function () { return call("storage.keys"); }
    }),
    // The store asks the user each time: no 10 s timeout while the dialog is open.
    getUserProfile: function () { return call("user.profile", {}, { timeout: 300000 }); },
    openMiniProgram: function (id) { return call("miniprogram.open", { id: id }); },
    reportError: reportError
  });
})();
