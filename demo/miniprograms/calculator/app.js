// Calculator: keypad + keyboard, operator precedence, history kept with ministore.storage.
(function () {
  "use strict";

  var MAX_DIGITS = 15;
  var HISTORY_KEY = "history";
  var HISTORY_MAX = 30;
  var OPS = { "+": 1, "−": 1, "×": 2, "÷": 2 };

  var $ = function (sel) { return document.querySelector(sel); };
  var display = $("[data-testid=display]");
  var expression = $("[data-testid=expression]");
  var sheet = $("#history");
  var scrim = $("[data-testid=history-scrim]");
  var historyList = $("[data-testid=history-list]");
  var historyEmpty = $("[data-testid=history-empty]");
  var toggle = $("[data-testid=history-toggle]");
  var note = $("[data-testid=storage-note]");

  var state = { tokens: [], entry: "0", done: false, error: "" };
  var history = [];
  var language = navigator.language || "en";

  function bridge() { return window.ministore && window.ministore.inStore ? window.ministore : null; }

  // ---- arithmetic -------------------------------------------------------
  function format(n) {
    if (!isFinite(n)) return "Error";
    if (n === 0) return "0";
    var abs = Math.abs(n);
    if (abs >= 1e15 || abs < 1e-9) return n.toExponential(8).replace(/\.?0+e/, "e").replace("e+", "e");
    return String(parseFloat(n.toPrecision(12)));
  }
  function apply(a, op, b) {
    switch (op) {
      case "+": return a + b;
      case "−": return a - b;
      case "×": return a * b;
      case "÷":
        if (b === 0) throw new Error("Can't divide by zero");
        return a / b;
    }
    return b;
  }
  // tokens: [number, op, number, op, number ...]; × and ÷ bind tighter than + and −.
  function evaluate(tokens) {
    var t = tokens.slice();
    for (var pass = 2; pass >= 1; pass--) {
      for (var i = 1; i < t.length; i += 2) {
        if (OPS[t[i]] === pass) {
          t.splice(i - 1, 3, apply(t[i - 1], t[i], t[i + 1]));
          i -= 2;
        }
      }
    }
    return t[0];
  }

  // ---- input ------------------------------------------------------------
  function reset() { state = { tokens: [], entry: "0", done: false, error: "" }; }
  function current() {
    if (state.entry !== null) return parseFloat(state.entry);
    return state.tokens[state.tokens.length - 2];
  }
  function digit(d) {
    if (state.error || state.done) reset();
    if (state.entry === null || state.entry === "0") state.entry = d;
    else if (state.entry === "-0") state.entry = "-" + d;
    else if (state.entry.replace(/[-.]/g, "").length < MAX_DIGITS) state.entry += d;
  }
  function dot() {
    if (state.error || state.done) reset();
    if (state.entry === null) state.entry = "0.";
    else if (state.entry.indexOf(".") < 0) state.entry += ".";
  }
  function operator(op) {
    if (state.error) return;
    state.done = false;
    if (state.entry === null) {
      if (state.tokens.length) state.tokens[state.tokens.length - 1] = op;
      return;
    }
    state.tokens.push(parseFloat(state.entry), op);
    state.entry = null;
  }
  function equals() {
    if (state.error || (state.done && state.tokens.length === 0)) return;
    var tokens = state.tokens.slice();
    if (state.entry === null) tokens.pop(); else tokens.push(parseFloat(state.entry));
    if (tokens.length < 3) return;
    var text = describe(tokens);
    try {
      var result = evaluate(tokens);
      if (!isFinite(result)) throw new Error("Result is too large");
      var shown = format(result);
      state = { tokens: [], entry: shown.indexOf("e") < 0 ? shown : String(result), done: true, error: "" };
      expression.textContent = text + " =";
      addHistory(text, shown);
    } catch (e) {
      state = { tokens: [], entry: "0", done: true, error: e.message };
      expression.textContent = text + " =";
    }
  }
  function sign() {
    if (state.error) return;
    if (state.entry === null) state.entry = format(-current());
    else state.entry = state.entry.charAt(0) === "-" ? state.entry.slice(1) : "-" + state.entry;
  }
  function back() {
    if (state.error || state.done) { reset(); return; }
    if (state.entry === null) return;
    state.entry = state.entry.slice(0, -1);
    if (state.entry === "" || state.entry === "-") state.entry = "0";
  }
  function describe(tokens) {
    return tokens.map(function (t) { return typeof t === "number" ? format(t) : t; }).join(" ");
  }

  function press(key) {
    if (/^[0-9]$/.test(key)) digit(key);
    else if (key === ".") dot();
    else if (OPS[key]) operator(key);
    else if (key === "=") equals();
    else if (key === "clear") { reset(); expression.textContent = ""; }
    else if (key === "back") back();
    else if (key === "sign") sign();
    render();
  }

  // ---- rendering --------------------------------------------------------
  function render() {
    var text = state.error ? "Error"
      : state.entry === null ? format(current())
      : state.done ? format(parseFloat(state.entry))
      : state.entry;
    display.textContent = text;
    display.classList.toggle("long", text.length > 9);
    display.classList.toggle("longer", text.length > 13);
    display.classList.toggle("is-error", !!state.error);
    if (state.error) expression.textContent = state.error;
    else if (!state.done) expression.textContent = describe(state.tokens);
    var pending = state.entry === null ? state.tokens[state.tokens.length - 1] : null;
    document.querySelectorAll(".key.op").forEach(function (b) {
      b.classList.toggle("active", b.dataset.key === pending);
    });
  }

  // ---- history ----------------------------------------------------------
  function addHistory(expr, result) {
    history.unshift({ expr: expr, result: result, at: Date.now() });
    history = history.slice(0, HISTORY_MAX);
    renderHistory();
    save();
  }
  function save() {
    var b = bridge();
    if (!b) return;
    b.storage.set(HISTORY_KEY, history).catch(function (e) { showNote("History could not be saved (" + e.code + ")."); });
  }
  function renderHistory() {
    historyList.textContent = "";
    var time = new Intl.DateTimeFormat(language, { hour: "numeric", minute: "2-digit" });
    history.forEach(function (h) {
      var li = document.createElement("li");
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "history-item";
      btn.dataset.testid = "history-item";
      btn.setAttribute("aria-label", "Use " + h.result + " (" + h.expr + ")");
      var expr = document.createElement("span");
      expr.className = "h-expr";
      expr.textContent = h.expr + " =";
      var res = document.createElement("span");
      res.className = "h-result";
      res.textContent = h.result;
      var when = document.createElement("time");
      when.className = "h-time";
      when.textContent = time.format(new Date(h.at));
      btn.append(expr, res, when);
      btn.addEventListener("click", function () {
        state = { tokens: [], entry: h.result, done: true, error: "" };
        expression.textContent = h.expr + " =";
        closeHistory();
        render();
      });
      li.appendChild(btn);
      historyList.appendChild(li);
    });
    historyEmpty.hidden = history.length > 0;
    $("[data-testid=history-clear]").disabled = history.length === 0;
  }
  function openHistory() {
    sheet.hidden = false;
    scrim.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    requestAnimationFrame(function () { sheet.classList.add("open"); scrim.classList.add("open"); });
    $("[data-testid=history-close]").focus();
  }
  function closeHistory() {
    if (sheet.hidden) return;
    sheet.classList.remove("open");
    scrim.classList.remove("open");
    toggle.setAttribute("aria-expanded", "false");
    setTimeout(function () { sheet.hidden = true; scrim.hidden = true; }, 200);
    toggle.focus();
  }
  function showNote(text) {
    note.textContent = text;
    note.hidden = false;
  }

  // ---- events -----------------------------------------------------------
  document.querySelector(".keys").addEventListener("click", function (e) {
    var btn = e.target.closest("[data-key]");
    if (btn) press(btn.dataset.key);
  });
  var KEYMAP = {
    "+": "+", "-": "−", "*": "×", "x": "×", "X": "×", "/": "÷", "Enter": "=", "=": "=",
    ".": ".", ",": ".", "Backspace": "back", "Escape": "clear", "Delete": "clear"
  };
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape" && !sheet.hidden) { closeHistory(); return; }
    var key = /^[0-9]$/.test(e.key) ? e.key : KEYMAP[e.key];
    if (!key) return;
    var btn = document.querySelector('.keys [data-key="' + key + '"]');
    if (!btn) return;
    if (e.key === "Enter" && document.activeElement && document.activeElement.closest("button:not(.key)")) return;
    e.preventDefault();
    btn.classList.add("pressed");
    setTimeout(function () { btn.classList.remove("pressed"); }, 120);
    press(key);
  });
  toggle.addEventListener("click", function () { if (sheet.hidden) openHistory(); else closeHistory(); });
  scrim.addEventListener("click", closeHistory);
  $("[data-testid=history-close]").addEventListener("click", closeHistory);
  $("[data-testid=history-clear]").addEventListener("click", function () {
    history = [];
    renderHistory();
    var b = bridge();
    if (b) b.storage.remove(HISTORY_KEY).catch(function () {});
  });

  // ---- start ------------------------------------------------------------
  render();
  renderHistory();
  var b = bridge();
  if (!b) {
    showNote("Running outside Ministore: history is kept until you close this page.");
    return;
  }
  b.systemInfo().then(function (info) {
    if (info.language) language = info.language;
    renderHistory();
  }).catch(function () { /* defaults are fine */ });
  b.storage.get(HISTORY_KEY).then(function (saved) {
    if (Array.isArray(saved)) {
      // Keep anything computed before the saved history arrived.
      history = history.concat(saved.filter(function (h) {
        return h && typeof h.expr === "string" && typeof h.result === "string";
      })).slice(0, HISTORY_MAX);
      renderHistory();
    }
  }).catch(function (e) { showNote("History is unavailable (" + e.code + ")."); });
})();
