// To-Do: a task list persisted with ministore.storage ("todos").
(function () {
  "use strict";

  var KEY = "todos";
  var $ = function (sel) { return document.querySelector(sel); };
  var form = $("[data-testid=todo-form]");
  var input = $("[data-testid=todo-input]");
  var list = $("[data-testid=todo-list]");
  var empty = $("[data-testid=todo-empty]");
  var count = $("[data-testid=todo-count]");
  var clearDone = $("[data-testid=todo-clear-done]");
  var note = $("[data-testid=storage-note]");
  var bar = $(".progress-bar");
  var progress = $(".progress");

  var todos = [];
  var filter = "all";
  var loaded = false;

  function store() { return window.ministore && window.ministore.inStore ? window.ministore.storage : null; }
  function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 7); }

  function save() {
    var s = store();
    if (!s) return;
    s.set(KEY, todos).then(function () { note.hidden = true; }, function (e) {
      showNote(e.code === "quota_exceeded" ? "Your list is too long to save: clear some done tasks." : "Could not save your tasks (" + e.code + ").");
    });
  }
  function showNote(text) { note.textContent = text; note.hidden = false; }

  function add(text) {
    text = text.replace(/\s+/g, " ").trim();
    if (!text) return false;
    todos.unshift({ id: uid(), text: text.slice(0, 200), done: false, at: Date.now() });
    if (filter === "done") setFilter("all");
    render();
    save();
    return true;
  }
  function toggle(id) {
    todos.forEach(function (t) { if (t.id === id) { t.done = !t.done; t.doneAt = t.done ? Date.now() : undefined; } });
    render();
    save();
  }
  function remove(id) {
    todos = todos.filter(function (t) { return t.id !== id; });
    render();
    save();
  }
  function setFilter(f) {
    filter = f;
    document.querySelectorAll("[data-filter]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.filter === f));
    });
    render();
  }

  function icon(path, size) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    p.setAttribute("fill", "none");
    p.setAttribute("stroke", "currentColor");
    p.setAttribute("stroke-width", "2.5");
    p.setAttribute("stroke-linecap", "round");
    p.setAttribute("stroke-linejoin", "round");
    svg.appendChild(p);
    return svg;
  }

  function item(t) {
    var li = document.createElement("li");
    li.className = "item" + (t.done ? " done" : "");
    li.dataset.testid = "todo-item";
    li.dataset.id = t.id;

    var check = document.createElement("button");
    check.type = "button";
    check.className = "check";
    check.dataset.testid = "todo-toggle";
    check.setAttribute("role", "checkbox");
    check.setAttribute("aria-checked", String(t.done));
    check.setAttribute("aria-label", (t.done ? "Mark as not done: " : "Mark as done: ") + t.text);
    check.appendChild(icon("M5 12.5l4.5 4.5L19 7.5", 16));
    check.addEventListener("click", function () { toggle(t.id); });

    var text = document.createElement("span");
    text.className = "text";
    text.dataset.testid = "todo-text";
    text.textContent = t.text;

    var del = document.createElement("button");
    del.type = "button";
    del.className = "delete";
    del.dataset.testid = "todo-delete";
    del.setAttribute("aria-label", "Delete: " + t.text);
    del.appendChild(icon("M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3", 18));
    del.addEventListener("click", function () {
      li.classList.add("leaving");
      setTimeout(function () { remove(t.id); }, 160);
    });

    li.append(check, text, del);
    return li;
  }

  function render() {
    var doneCount = todos.filter(function (t) { return t.done; }).length;
    var left = todos.length - doneCount;
    var shown = todos.filter(function (t) {
      return filter === "all" || (filter === "done" ? t.done : !t.done);
    });
    // To-do first (newest first), then done tasks (most recently done first).
    shown.sort(function (a, b) {
      if (a.done !== b.done) return a.done ? 1 : -1;
      return a.done ? (b.doneAt || 0) - (a.doneAt || 0) : b.at - a.at;
    });
    list.textContent = "";
    shown.forEach(function (t) { list.appendChild(item(t)); });

    var counts = { all: todos.length, active: left, done: doneCount };
    document.querySelectorAll("[data-filter]").forEach(function (b) {
      b.querySelector(".n").textContent = counts[b.dataset.filter] ? String(counts[b.dataset.filter]) : "";
    });
    count.textContent = todos.length === 0 ? (loaded ? "Nothing planned yet" : "Loading…")
      : left === 0 ? "All done. Nice work!"
      : left + (left === 1 ? " task" : " tasks") + " to do · " + doneCount + " done";
    var pct = todos.length ? Math.round(doneCount * 100 / todos.length) : 0;
    bar.style.width = pct + "%";
    progress.setAttribute("aria-valuenow", String(pct));
    clearDone.hidden = doneCount === 0;

    empty.hidden = shown.length > 0;
    var msg = filter === "done" ? ["Nothing done yet", "Tick a task to see it here."]
      : filter === "active" && todos.length ? ["All clear", "Every task is done."]
      : ["Plan your day", "Add your first task above."];
    empty.querySelector(".empty-title").textContent = msg[0];
    empty.querySelector(".empty-text").textContent = msg[1];
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (add(input.value)) input.value = "";
    input.focus();
  });
  document.querySelectorAll("[data-filter]").forEach(function (b) {
    b.addEventListener("click", function () { setFilter(b.dataset.filter); });
  });
  clearDone.addEventListener("click", function () {
    todos = todos.filter(function (t) { return !t.done; });
    render();
    save();
  });

  $("[data-testid=today]").textContent = new Intl.DateTimeFormat(navigator.language || "en", { weekday: "long", month: "long", day: "numeric" }).format(new Date());

  var s = store();
  if (!s) {
    loaded = true;
    showNote("Running outside Ministore: tasks are not saved.");
    render();
    return;
  }
  render();
  s.get(KEY).then(function (saved) {
    if (Array.isArray(saved)) {
      var ids = {};
      todos.forEach(function (t) { ids[t.id] = true; });
      todos = todos.concat(saved.filter(function (t) {
        return t && typeof t.text === "string" && typeof t.id === "string" && !ids[t.id];
      }));
    }
  }, function (e) {
    showNote("Your saved tasks could not be loaded (" + e.code + ").");
  }).then(function () {
    loaded = true;
    render();
  });
})();
