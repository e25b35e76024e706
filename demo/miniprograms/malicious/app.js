// Sandbox probe (mp_malicious, no permissions): attempts what a mini-program must NOT be able to
// do. Each probe ends as "blocked" or "LEAKED: <what it obtained>"; LEAKED only when real data
// was obtained. When all are done: document.body.dataset.probesDone = "true".
(function () {
  "use strict";

  var TIMEOUT = 3000;
  var list = document.querySelector("[data-testid=probes]");
  var summary = document.querySelector("[data-testid=probe-summary]");
  var framed = window.parent !== window;

  function blocked(detail) { return { leaked: false, detail: detail }; }
  function leaked(detail) { return { leaked: true, detail: String(detail).slice(0, 160) }; }
  function why(e) { return (e && (e.name ? e.name + ": " : "") + (e.message || e.code || "")) || String(e); }
  function withTimeout(promise, ms, label) {
    return new Promise(function (resolve, reject) {
      var t = setTimeout(function () { reject(new Error(label + " timed out after " + ms + " ms")); }, ms);
      promise.then(function (v) { clearTimeout(t); resolve(v); }, function (e) { clearTimeout(t); reject(e); });
    });
  }

  // Tries one URL; resolves with a LEAKED result only if a readable 2xx body came back.
  function tryFetch(url) {
    var ctl = typeof AbortController === "function" ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, TIMEOUT);
    var req;
    try {
      req = fetch(url, { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: "{}", signal: ctl ? ctl.signal : undefined });
    } catch (e) {
      clearTimeout(timer);
      return Promise.resolve(blocked(url + ": " + why(e)));
    }
    return withTimeout(req.then(function (res) {
      return res.text().then(function (body) {
        if (res.ok && body) return leaked(url + " → HTTP " + res.status + " " + body);
        return blocked(url + ": readable but no data (HTTP " + res.status + ")");
      });
    }), TIMEOUT + 200, "fetch").then(function (r) { clearTimeout(timer); return r; }, function (e) {
      clearTimeout(timer);
      return blocked(url + ": " + why(e));
    });
  }
  function storeOrigins() {
    var out = ["http://127.0.0.1:3000"];
    try { if (document.referrer) out.push(new URL(document.referrer).origin); } catch (e) { /* ignore */ }
    try {
      var anc = location.ancestorOrigins;
      for (var i = 0; anc && i < anc.length; i++) if (anc[i] !== "null") out.push(anc[i]);
    } catch (e) { /* ignore */ }
    return out.filter(function (o, i) { return o && out.indexOf(o) === i; });
  }
  function combine(results) {
    var hit = results.filter(function (r) { return r.leaked; });
    if (hit.length) return leaked(hit.map(function (r) { return r.detail; }).join(" | "));
    return blocked(results.map(function (r) { return r.detail; }).join(" | "));
  }
  function bridgeProbe(run) {
    var m = window.ministore;
    if (!m) return Promise.resolve(blocked("window.ministore is missing"));
    return withTimeout(run(m), TIMEOUT, "bridge call").then(function (v) {
      return leaked("the store answered " + JSON.stringify(v));
    }, function (e) {
      return blocked((e.code || "error") + ": " + e.message);
    });
  }

  var PROBES = [
    ["cookie", "Read the store's cookies", function () {
      var c = document.cookie;
      return c ? leaked(c) : blocked("document.cookie is empty");
    }],
    ["local-storage", "Open localStorage directly", function () {
      var s = window.localStorage;
      if (!s) return blocked("no localStorage");
      var keys = [];
      for (var i = 0; i < s.length; i++) keys.push(s.key(i));
      return keys.length ? leaked("keys: " + keys.join(", ")) : blocked("accessible but empty (no data obtained)");
    }],
    ["indexed-db", "Open IndexedDB", function () {
      return new Promise(function (resolve) {
        var req = indexedDB.open("probe");
        req.onsuccess = function () {
          var names = Array.prototype.slice.call(req.result.objectStoreNames);
          req.result.close();
          resolve(names.length ? leaked("stores: " + names.join(", ")) : blocked("opened, but empty (no data obtained)"));
        };
        req.onerror = function () { resolve(blocked(why(req.error))); };
        setTimeout(function () { resolve(blocked("no answer")); }, TIMEOUT);
      });
    }],
    ["parent-dom", "Read the store page's DOM", function () {
      if (!framed) return { na: true, detail: "not in a frame" };
      var t = window.parent.document.title;
      return leaked("title: " + t);
    }],
    ["top-nav", "Read the top page's address", function () {
      if (window.top === window) return { na: true, detail: "not in a frame" };
      var href = window.top.location.href;
      return href ? leaked(href) : blocked("empty");
    }],
    ["fetch-rpc", "Call the store's server functions", function () {
      return Promise.all(storeOrigins().map(function (o) { return tryFetch(o + "/rpc/accounts/current_user"); })).then(combine);
    }],
    ["fetch-same", "Call /rpc on the sandbox origin", function () {
      return tryFetch("/rpc/accounts/current_user");
    }],
    ["websocket", "Open a WebSocket to the store", function () {
      return new Promise(function (resolve) {
        var ws;
        try { ws = new WebSocket(storeOrigins().pop().replace(/^http/, "ws") + "/ws"); } catch (e) { resolve(blocked(why(e))); return; }
        ws.onopen = function () { ws.close(); resolve(leaked("connection opened")); };
        ws.onerror = function () { resolve(blocked("connection refused or blocked")); };
        setTimeout(function () { try { ws.close(); } catch (e) { /* ignore */ } resolve(blocked("no connection within " + TIMEOUT + " ms")); }, TIMEOUT);
      });
    }],
    ["popup", "Open a pop-up window", function () {
      var w = window.open("about:blank", "_blank", "width=100,height=100");
      if (w) { try { w.close(); } catch (e) { /* ignore */ } return leaked("window.open returned a window"); }
      return blocked("window.open returned null");
    }],
    ["bridge-profile", "Ask the bridge for the user's name", function () {
      return bridgeProbe(function (m) { return m.getUserProfile(); });
    }],
    ["bridge-storage", "Write store storage via the bridge", function () {
      return bridgeProbe(function (m) { return m.storage.set("probe", "x"); });
    }]
  ];

  function row(name, label) {
    var li = document.createElement("li");
    li.className = "probe running";
    var text = document.createElement("div");
    text.className = "probe-text";
    var title = document.createElement("b");
    title.textContent = label;
    var code = document.createElement("code");
    code.textContent = name;
    var detail = document.createElement("small");
    detail.dataset.testid = "probe-" + name + "-detail";
    text.append(title, code, detail);
    var status = document.createElement("span");
    status.className = "status";
    status.dataset.testid = "probe-" + name;
    status.textContent = "running…";
    li.append(text, status);
    list.appendChild(li);
    return { li: li, status: status, detail: detail };
  }

  var results = PROBES.map(function (p) {
    var ui = row(p[0], p[1]);
    return Promise.resolve()
      .then(p[2])
      .catch(function (e) { return blocked(why(e)); })
      .then(function (r) {
        ui.status.textContent = r.na ? "n/a" : r.leaked ? "LEAKED: " + r.detail : "blocked";
        ui.detail.textContent = r.detail;
        ui.li.className = "probe " + (r.na ? "na" : r.leaked ? "leaked" : "blocked");
        return r;
      });
  });

  Promise.all(results).then(function (rs) {
    var bad = rs.filter(function (r) { return r.leaked; }).length;
    var counted = rs.filter(function (r) { return !r.na; }).length;
    summary.textContent = bad ? bad + " of " + counted + " probes LEAKED" : "All " + counted + " probes blocked";
    summary.className = "summary " + (bad ? "leaked" : "blocked");
    document.body.dataset.probesDone = "true";
    document.body.dataset.leaks = String(bad);
  });
})();
