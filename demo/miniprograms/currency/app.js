// Currency Converter with a fixed table of demo rates; remembers the last pair via ministore.storage.
(function () {
  "use strict";

  // Units of each currency per 1 US dollar. DEMO RATES: fixed, illustrative, not market data.
  var CURRENCIES = [
    { code: "USD", name: "US Dollar", symbol: "$", rate: 1, color: "#2563eb" },
    { code: "EUR", name: "Euro", symbol: "€", rate: 0.92, color: "#4f46e5" },
    { code: "GBP", name: "British Pound", symbol: "£", rate: 0.79, color: "#7c3aed" },
    { code: "JPY", name: "Japanese Yen", symbol: "¥", rate: 151.2, color: "#db2777" },
    { code: "CNY", name: "Chinese Yuan", symbol: "¥", rate: 7.24, color: "#dc2626" },
    { code: "INR", name: "Indian Rupee", symbol: "₹", rate: 83.3, color: "#ea580c" },
    { code: "AUD", name: "Australian Dollar", symbol: "$", rate: 1.52, color: "#ca8a04" },
    { code: "CAD", name: "Canadian Dollar", symbol: "$", rate: 1.36, color: "#e11d48" },
    { code: "CHF", name: "Swiss Franc", symbol: "Fr", rate: 0.89, color: "#b91c1c" },
    { code: "SGD", name: "Singapore Dollar", symbol: "$", rate: 1.34, color: "#0891b2" },
    { code: "HKD", name: "Hong Kong Dollar", symbol: "$", rate: 7.82, color: "#059669" },
    { code: "KRW", name: "South Korean Won", symbol: "₩", rate: 1345, color: "#0f766e" }
  ];
  var BY_CODE = {};
  CURRENCIES.forEach(function (c) { BY_CODE[c.code] = c; });
  var KEY = "last";

  var $ = function (sel) { return document.querySelector(sel); };
  var amountInput = $("[data-testid=amount]");
  var amountError = $("[data-testid=amount-error]");
  var fromSelect = $("[data-testid=from-currency]");
  var toSelect = $("[data-testid=to-currency]");
  var result = $("[data-testid=result]");
  var rateLine = $("[data-testid=rate]");
  var compareList = $("[data-testid=compare-list]");
  var compareBase = $("[data-testid=compare-base]");
  var swapBtn = $("[data-testid=swap]");

  var state = { from: "USD", to: "EUR", amount: 100 };
  var locale = navigator.language || "en-US";

  function bridge() { return window.ministore && window.ministore.inStore ? window.ministore : null; }

  function convert(amount, from, to) { return amount / BY_CODE[from].rate * BY_CODE[to].rate; }
  function digits(code, value) {
    if (code === "JPY" || code === "KRW") return 0;
    return Math.abs(value) > 0 && Math.abs(value) < 0.01 ? 4 : 2;
  }
  function money(value, code) {
    var d = digits(code, value);
    try {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
    } catch (e) {
      return value.toFixed(d);
    }
  }
  function rateText(from, to) {
    var r = convert(1, from, to);
    var d = r >= 100 ? 2 : 4;
    return "1 " + from + " = " + new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: 2 }).format(r) + " " + to;
  }
  // Accepts "1,234.5", "1 234,5" or "1234.5"; the last "." or "," is the decimal point when
  // followed by 1 or 2 digits.
  function parseAmount(text) {
    var t = String(text).replace(/[\s\u00a0']/g, "");
    if (t === "") return 0;
    if (/^[.,]/.test(t)) t = "0" + t;
    var m = t.match(/^(\d[\d.,]*?)(?:[.,](\d{1,2}))?$/);
    if (!m) return NaN;
    var whole = m[1].replace(/[.,]/g, "");
    if (!/^\d+$/.test(whole)) return NaN;
    return parseFloat(whole + (m[2] ? "." + m[2] : ""));
  }

  function fillSelect(select) {
    CURRENCIES.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.code;
      o.textContent = c.code + " · " + c.name;
      select.appendChild(o);
    });
  }

  function render() {
    fromSelect.value = state.from;
    toSelect.value = state.to;
    $("[data-testid=from-symbol]").textContent = BY_CODE[state.from].symbol;
    $("[data-testid=to-symbol]").textContent = BY_CODE[state.to].symbol;
    $("[data-testid=from-code]").textContent = state.from;
    $("[data-testid=to-code]").textContent = state.to;
    var amount = parseAmount(amountInput.value);
    var bad = isNaN(amount) || amount > 1e12;
    amountError.hidden = !bad;
    amountError.textContent = bad ? "Enter an amount, like 250 or 19.99" : "";
    amountInput.setAttribute("aria-invalid", String(bad));
    if (!bad) state.amount = amount;
    result.textContent = bad ? "—" : money(convert(state.amount, state.from, state.to), state.to);
    rateLine.textContent = rateText(state.from, state.to) + "  ·  demo rate";
    renderCompare(bad);
    document.querySelectorAll("[data-amount]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(!bad && Number(b.dataset.amount) === state.amount));
    });
  }

  function renderCompare(bad) {
    compareList.textContent = "";
    compareBase.textContent = bad ? "" : money(state.amount, state.from) + " " + state.from;
    CURRENCIES.forEach(function (c) {
      if (c.code === state.from) return;
      var li = document.createElement("li");
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "compare-item" + (c.code === state.to ? " current" : "");
      btn.dataset.testid = "compare-" + c.code;
      btn.setAttribute("aria-label", "Convert to " + c.name);
      var badge = document.createElement("span");
      badge.className = "coin";
      badge.textContent = c.symbol;
      badge.style.setProperty("--coin", c.color);
      var names = document.createElement("span");
      names.className = "names";
      var code = document.createElement("b");
      code.textContent = c.code;
      var name = document.createElement("small");
      name.textContent = c.name;
      names.append(code, name);
      var value = document.createElement("span");
      value.className = "value";
      value.textContent = bad ? "—" : money(convert(state.amount, state.from, c.code), c.code);
      btn.append(badge, names, value);
      btn.addEventListener("click", function () {
        state.to = c.code;
        update();
        window.scrollTo({ top: 0, behavior: "smooth" });
      });
      li.appendChild(btn);
      compareList.appendChild(li);
    });
  }

  var saveTimer = null;
  function update() {
    render();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      var b = bridge();
      if (b) b.storage.set(KEY, { from: state.from, to: state.to, amount: state.amount }).catch(function () {});
    }, 400);
  }

  fillSelect(fromSelect);
  fillSelect(toSelect);
  fromSelect.addEventListener("change", function () {
    if (fromSelect.value === state.to) state.to = state.from;
    state.from = fromSelect.value;
    update();
  });
  toSelect.addEventListener("change", function () {
    if (toSelect.value === state.from) state.from = state.to;
    state.to = toSelect.value;
    update();
  });
  amountInput.addEventListener("input", update);
  amountInput.addEventListener("focus", function () { amountInput.select(); });
  swapBtn.addEventListener("click", function () {
    var t = state.from;
    state.from = state.to;
    state.to = t;
    swapBtn.classList.remove("spin");
    void swapBtn.offsetWidth; // restart the animation
    swapBtn.classList.add("spin");
    update();
  });
  document.querySelectorAll("[data-amount]").forEach(function (b) {
    b.addEventListener("click", function () {
      amountInput.value = b.dataset.amount;
      update();
    });
  });

  render();
  var b = bridge();
  if (!b) return;
  Promise.all([
    b.systemInfo().catch(function () { return null; }),
    b.storage.get(KEY).catch(function () { return null; })
  ]).then(function (r) {
    var info = r[0], last = r[1];
    if (info && info.language) {
      try { new Intl.NumberFormat(info.language); locale = info.language; } catch (e) { /* keep default */ }
    }
    if (last && BY_CODE[last.from] && BY_CODE[last.to] && last.from !== last.to) {
      state.from = last.from;
      state.to = last.to;
      if (typeof last.amount === "number" && isFinite(last.amount) && last.amount >= 0) {
        state.amount = last.amount;
        amountInput.value = String(last.amount);
      }
    }
    render();
  });
})();
