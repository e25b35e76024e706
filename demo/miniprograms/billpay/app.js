// Acme Bill Pay (DEMO): a bill payment form. No payment is ever made; the reference is random.
// Uses ministore.getUserProfile (with the user's consent), storage (recent payments) and reportError.
(function () {
  "use strict";

  var BILLERS = [
    { id: "city-power", name: "City Power", kind: "Electricity", color: "#f59e0b", icon: "M13 2 4 14h7l-1 8 9-12h-7z",
      hint: "10 digits, at the top of your bill.", example: "1234567890", check: digits(10) },
    { id: "metro-water", name: "Metro Water", kind: "Water", color: "#0ea5e9", icon: "M12 3s6 6.5 6 11a6 6 0 0 1-12 0c0-4.5 6-11 6-11z",
      hint: "8 digits.", example: "12345678", check: digits(8) },
    { id: "fibernet", name: "FiberNet", kind: "Internet", color: "#8b5cf6", icon: "M2.5 9a14 14 0 0 1 19 0M5.5 12.5a9.5 9.5 0 0 1 13 0M8.8 16a5 5 0 0 1 6.4 0", stroke: true,
      hint: "FN followed by 8 digits.", example: "FN12345678",
      check: function (v) { return /^FN\d{8}$/.test(v.toUpperCase()) ? v.toUpperCase() : null; } },
    { id: "telco-one", name: "Telco One", kind: "Mobile", color: "#ec4899", icon: "M8 2.5h8a1.5 1.5 0 0 1 1.5 1.5v16a1.5 1.5 0 0 1-1.5 1.5H8A1.5 1.5 0 0 1 6.5 20V4A1.5 1.5 0 0 1 8 2.5zM11 18h2", stroke: true,
      hint: "Your 10-digit mobile number.", example: "5551234567", check: digits(10) },
    { id: "green-gas", name: "Green Gas", kind: "Gas", color: "#10b981", icon: "M12 2.5c.5 3.5 6 6 6 11.5a6 6 0 0 1-12 0c0-2.6 1.3-4.4 2.6-5.6.2 1.8.9 3 2.1 3.6C10.2 8.6 11 5.4 12 2.5z",
      hint: "12 digits.", example: "123456789012", check: digits(12) },
    { id: "acme-card", name: "Acme Card", kind: "Credit card", color: "#6366f1", icon: "M3.5 5.5h17a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1h-17a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1zM2.5 10h19M6 15h4", stroke: true,
      hint: "16-digit card number (try 4111 1111 1111 1111).", example: "4111 1111 1111 1111", card: true,
      check: function (v) { var d = digits(16)(v); return d && luhn(d) ? d : null; } }
  ];
  var BY_ID = {};
  BILLERS.forEach(function (b) { BY_ID[b.id] = b; });
  var MIN = 1, MAX = 5000;

  var $ = function (sel) { return document.querySelector(sel); };
  var form = $("[data-testid=pay-form]");
  var nameInput = $("[data-testid=payer-name]");
  var fillBtn = $("[data-testid=fill-name]");
  var nameStatus = $("[data-testid=name-status]");
  var greeting = $("[data-testid=greeting]");
  var billerSelect = $("[data-testid=biller]");
  var billerIcon = $("[data-testid=biller-icon]");
  var account = $("[data-testid=account]");
  var accountHint = $("[data-testid=account-hint]");
  var amount = $("[data-testid=amount]");
  var payBtn = $("[data-testid=pay]");

  var recent = [];
  var savedAccounts = {};
  var touched = {};
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

  function bridge() { return window.ministore && window.ministore.inStore ? window.ministore : null; }
  function report(err) {
    var b = bridge();
    if (b) b.reportError(err).catch(function () { /* nothing more to do */ });
  }

  var RECEIPT = { icon: "M6 2.5h12v19l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h3", stroke: true };
  function setIcon(el, b) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", (b || RECEIPT).icon);
    if ((b || RECEIPT).stroke) {
      p.setAttribute("fill", "none");
      p.setAttribute("stroke", "currentColor");
      p.setAttribute("stroke-width", "2");
      p.setAttribute("stroke-linecap", "round");
      p.setAttribute("stroke-linejoin", "round");
    } else {
      p.setAttribute("fill", "currentColor");
    }
    svg.appendChild(p);
    el.textContent = "";
    el.appendChild(svg);
    el.style.setProperty("--biller", b ? b.color : "#94a3b8");
  }

  // ---- validation -------------------------------------------------------------------
  function digits(n) {
    return function (v) {
      var d = v.replace(/[\s-]/g, "");
      return new RegExp("^\\d{" + n + "}$").test(d) ? d : null;
    };
  }
  function luhn(d) {
    var sum = 0;
    for (var i = 0; i < d.length; i++) {
      var x = +d.charAt(d.length - 1 - i);
      if (i % 2) { x *= 2; if (x > 9) x -= 9; }
      sum += x;
    }
    return sum % 10 === 0;
  }
  function parseAmount(v) {
    var t = v.replace(/[\s,$]/g, "");
    if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
    return Math.round(parseFloat(t) * 100) / 100;
  }
  function validate() {
    var errors = {};
    var name = nameInput.value.trim();
    if (name.length < 2) errors.payer = "Enter the name for this payment.";
    var biller = BY_ID[billerSelect.value];
    if (!biller) errors.biller = "Choose who you are paying.";
    var acct = null;
    if (!account.value.trim()) errors.account = "Enter your account number.";
    else if (biller) {
      acct = biller.check(account.value.trim());
      if (!acct) errors.account = biller.card ? "That card number is not valid. " + biller.hint : "That doesn't look right: " + biller.hint;
    }
    var amt = parseAmount(amount.value);
    if (!amount.value.trim()) errors.amount = "Enter an amount.";
    else if (isNaN(amt)) errors.amount = "Enter an amount like 42.50.";
    else if (amt < MIN || amt > MAX) errors.amount = "Between " + money.format(MIN) + " and " + money.format(MAX) + " for this demo.";
    return { errors: errors, value: { name: name, biller: biller, account: acct, amount: amt } };
  }
  function showErrors(errors, all) {
    ["payer", "biller", "account", "amount"].forEach(function (f) {
      var el = $("[data-testid=" + f + "-error]");
      var msg = (all || touched[f]) ? errors[f] : null;
      el.textContent = msg || "";
      el.hidden = !msg;
      var input = f === "payer" ? nameInput : f === "biller" ? billerSelect : f === "account" ? account : amount;
      input.setAttribute("aria-invalid", msg ? "true" : "false");
    });
  }
  function refresh() {
    var r = validate();
    showErrors(r.errors, false);
    var amt = r.value.amount;
    payBtn.textContent = !isNaN(amt) && amt >= MIN && amt <= MAX ? "Pay " + money.format(amt) : "Pay";
  }

  // ---- name from the store profile ------------------------------------------------------
  function setStatus(text, tone) {
    nameStatus.textContent = text;
    nameStatus.className = "status " + (tone || "");
    nameStatus.hidden = !text;
  }
  function greet(name) {
    var first = name.trim().split(/\s+/)[0];
    greeting.textContent = first ? "Hi, " + first : "Hi there";
  }
  fillBtn.addEventListener("click", function () {
    var b = bridge();
    if (!b) {
      setStatus("Filling your name works inside Ministore. Please type it instead.", "warn");
      return;
    }
    fillBtn.disabled = true;
    fillBtn.querySelector("span").textContent = "Asking…";
    setStatus("Ministore is asking whether to share your name.", "");
    b.getUserProfile().then(function (profile) {
      var name = profile && typeof profile.displayName === "string" ? profile.displayName.trim().slice(0, 60) : "";
      if (!name) throw Object.assign(new Error("The profile has no display name"), { code: "empty" });
      nameInput.value = name;
      greet(name);
      touched.payer = true;
      setStatus("Filled in from your Ministore profile.", "ok");
      refresh();
    }).catch(function (e) {
      var messages = {
        denied: "No problem: you chose not to share your name. Type it instead.",
        not_signed_in: "Sign in to Ministore to fill your name automatically, or type it.",
        permission_denied: "This app is not allowed to ask for your name. Please type it.",
        timeout: "No answer came. Please type your name instead."
      };
      setStatus(messages[e.code] || "Your name could not be filled in (" + (e.code || "error") + "). Please type it.", e.code === "denied" ? "" : "warn");
      if (!messages[e.code]) report(e);
      nameInput.focus();
    }).then(function () {
      fillBtn.disabled = false;
      fillBtn.querySelector("span").textContent = "Fill my name";
    });
  });

  // ---- biller ---------------------------------------------------------------------------
  BILLERS.forEach(function (b) {
    var o = document.createElement("option");
    o.value = b.id;
    o.textContent = b.name + " · " + b.kind;
    billerSelect.appendChild(o);
  });
  function onBiller() {
    var b = BY_ID[billerSelect.value];
    setIcon(billerIcon, b);
    account.placeholder = b ? "e.g. " + b.example : "Choose a biller first";
    account.inputMode = b && b.id === "fibernet" ? "text" : "numeric";
    accountHint.textContent = b ? b.hint : "The number printed on your bill.";
    if (b && !account.value && savedAccounts[b.id]) account.value = savedAccounts[b.id];
    touched.biller = true;
    refresh();
  }
  billerSelect.addEventListener("change", onBiller);

  nameInput.addEventListener("input", function () { greet(nameInput.value); refresh(); });
  [["payer", nameInput], ["account", account], ["amount", amount]].forEach(function (p) {
    p[1].addEventListener("blur", function () { if (p[1].value.trim()) touched[p[0]] = true; refresh(); });
    p[1].addEventListener("input", refresh);
  });
  amount.addEventListener("blur", function () {
    var v = parseAmount(amount.value);
    if (!isNaN(v)) amount.value = v.toFixed(2);
  });

  // ---- paying ---------------------------------------------------------------------------
  function show(screen) {
    document.querySelectorAll("main [data-screen]").forEach(function (s) { s.hidden = s.dataset.screen !== screen; });
    document.body.dataset.current = screen;
    window.scrollTo(0, 0);
  }
  function reference() {
    var alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    var bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += alphabet.charAt(bytes[i] % alphabet.length);
    return "ACME-" + s.slice(0, 4) + "-" + s.slice(4);
  }
  function mask(acct) { return "•••• " + acct.slice(-4); }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    try {
      var r = validate();
      var keys = Object.keys(r.errors);
      if (keys.length) {
        showErrors(r.errors, true);
        var first = { payer: nameInput, biller: billerSelect, account: account, amount: amount }[keys[0]];
        first.focus();
        return;
      }
      var v = r.value;
      var payment = {
        ref: reference(), biller: v.biller.id, account: mask(v.account), amount: v.amount,
        name: v.name, at: Date.now()
      };
      show("processing");
      setTimeout(function () { confirm(payment, v); }, 900);
    } catch (err) {
      report(err);
      throw err;
    }
  });

  function confirm(p, v) {
    var b = BY_ID[p.biller];
    $("[data-testid=reference]").textContent = p.ref;
    $("[data-testid=confirmation-amount]").textContent = money.format(p.amount);
    $("[data-testid=confirmation-to]").textContent = "to " + b.name + " (" + b.kind + ")";
    $("[data-testid=receipt-biller]").textContent = b.name;
    $("[data-testid=receipt-account]").textContent = p.account;
    $("[data-testid=receipt-name]").textContent = p.name;
    $("[data-testid=receipt-date]").textContent = new Date(p.at).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
    show("done");
    $("[data-testid=confirmation-title]").focus();

    recent.unshift(p);
    recent = recent.slice(0, 5);
    if (!b.card) savedAccounts[b.id] = v.account; // never keep a card number
    renderRecent();
    var st = bridge() && bridge().storage;
    if (st) {
      Promise.all([st.set("recent", recent), st.set("accounts", savedAccounts)]).catch(function (e) {
        report(new Error("Could not save the payment history: " + e.code));
      });
    }
  }

  $("[data-testid=new-payment]").addEventListener("click", function () {
    account.value = "";
    amount.value = "";
    billerSelect.value = "";
    touched = { payer: touched.payer };
    onBiller();
    touched.biller = false;
    refresh();
    show("form");
    billerSelect.focus();
  });

  function renderRecent() {
    var list = $("[data-testid=recent-list]");
    list.textContent = "";
    recent.forEach(function (p) {
      var b = BY_ID[p.biller];
      if (!b) return;
      var li = document.createElement("li");
      li.dataset.testid = "recent-item";
      var icon = document.createElement("span");
      icon.className = "biller-icon small";
      setIcon(icon, b);
      var mid = document.createElement("span");
      mid.className = "recent-mid";
      var name = document.createElement("b");
      name.textContent = b.name;
      var sub = document.createElement("small");
      sub.textContent = p.account + " · " + new Date(p.at).toLocaleDateString("en-US", { month: "short", day: "numeric" });
      mid.append(name, sub);
      var amt = document.createElement("span");
      amt.className = "recent-amt";
      amt.textContent = money.format(p.amount);
      li.append(icon, mid, amt);
      list.appendChild(li);
    });
    $("[data-testid=recent]").hidden = recent.length === 0;
  }

  // ---- start ----------------------------------------------------------------------------
  onBiller();
  touched.biller = false;
  refresh();
  show("form");
  var st = bridge() && bridge().storage;
  if (st) {
    Promise.all([st.get("recent"), st.get("accounts")]).then(function (r) {
      if (Array.isArray(r[0])) recent = r[0].filter(function (p) { return p && BY_ID[p.biller] && typeof p.amount === "number"; }).slice(0, 5);
      if (r[1] && typeof r[1] === "object") savedAccounts = r[1];
      renderRecent();
    }).catch(function (e) { report(new Error("Could not load the payment history: " + e.code)); });
  }
})();
