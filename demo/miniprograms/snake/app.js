// Snake: canvas game; best score kept with ministore.storage, failures reported with reportError.
(function () {
  "use strict";

  var N = 17;                 // cells per side
  var START_SPEED = 150;      // ms per step
  var MIN_SPEED = 65;
  var BEST_KEY = "best";

  var $ = function (sel) { return document.querySelector(sel); };
  var canvas = $("canvas");
  var ctx = canvas.getContext("2d");
  var board = $("[data-testid=board]");
  var overlay = $("[data-testid=overlay]");
  var kicker = $("[data-testid=overlay-kicker]");
  var title = $("[data-testid=overlay-title]");
  var text = $("[data-testid=overlay-text]");
  var startBtn = $("[data-testid=start]");
  var pauseBtn = $("[data-testid=pause]");
  var scoreEl = $("[data-testid=score]");
  var bestEl = $("[data-testid=best]");

  var DIRS = { up: { x: 0, y: -1 }, down: { x: 0, y: 1 }, left: { x: -1, y: 0 }, right: { x: 1, y: 0 } };
  var game = null;
  var best = 0;
  var state = "ready";
  var lastStep = 0;
  var size = 0;
  var dpr = 1;

  function bridge() { return window.ministore && window.ministore.inStore ? window.ministore : null; }

  function setState(s) {
    state = s;
    document.body.dataset.state = s;
    pauseBtn.setAttribute("aria-label", s === "paused" ? "Resume" : "Pause");
    pauseBtn.disabled = s === "ready" || s === "over";
  }

  function newGame() {
    var mid = Math.floor(N / 2);
    game = {
      snake: [{ x: mid - 1, y: mid }, { x: mid - 2, y: mid }, { x: mid - 3, y: mid }],
      prev: null,
      dir: "right",
      queue: [],
      food: null,
      score: 0,
      speed: START_SPEED,
      eaten: 0,
      bornAt: performance.now()
    };
    game.prev = game.snake.map(function (p) { return { x: p.x, y: p.y }; });
    placeFood();
    scoreEl.textContent = "0";
  }

  function placeFood() {
    var free = [];
    for (var y = 0; y < N; y++) {
      for (var x = 0; x < N; x++) {
        if (!game.snake.some(function (p) { return p.x === x && p.y === y; })) free.push({ x: x, y: y });
      }
    }
    game.food = free.length ? free[Math.floor(Math.random() * free.length)] : null;
    game.foodAt = performance.now();
  }

  function turn(dir) {
    if (!DIRS[dir]) return;
    if (state === "ready" || state === "over") { start(); }
    if (state === "paused") resume();
    var last = game.queue.length ? game.queue[game.queue.length - 1] : game.dir;
    var a = DIRS[last], b = DIRS[dir];
    if (a.x + b.x === 0 && a.y + b.y === 0) return; // no reversing into yourself
    if (last === dir || game.queue.length >= 2) return;
    game.queue.push(dir);
  }

  function step() {
    if (game.queue.length) game.dir = game.queue.shift();
    var d = DIRS[game.dir];
    var head = game.snake[0];
    var next = { x: head.x + d.x, y: head.y + d.y };
    var eating = game.food && next.x === game.food.x && next.y === game.food.y;
    var body = eating ? game.snake : game.snake.slice(0, -1);
    var hitWall = next.x < 0 || next.y < 0 || next.x >= N || next.y >= N;
    var hitSelf = body.some(function (p) { return p.x === next.x && p.y === next.y; });
    if (hitWall || hitSelf) { gameOver(hitWall ? "You hit the wall." : "You bit your tail."); return; }
    game.prev = game.snake.map(function (p) { return { x: p.x, y: p.y }; });
    game.snake.unshift(next);
    if (eating) {
      game.eaten++;
      game.score += 10;
      game.speed = Math.max(MIN_SPEED, START_SPEED - game.eaten * 4);
      game.prev.push(game.prev[game.prev.length - 1]);
      scoreEl.textContent = String(game.score);
      scoreEl.parentNode.classList.remove("bump");
      void scoreEl.offsetWidth;
      scoreEl.parentNode.classList.add("bump");
      placeFood();
      if (!game.food) { gameOver("You filled the whole board!"); return; }
    } else {
      game.snake.pop();
    }
  }

  function start() {
    newGame();
    setState("playing");
    overlay.hidden = true;
    lastStep = performance.now();
    board.focus();
  }
  function pause() {
    if (state !== "playing") return;
    setState("paused");
    showOverlay("Paused", "Take a breather", "Score " + game.score + ". Press Resume, Space or an arrow to continue.", "Resume");
  }
  function resume() {
    if (state !== "paused") return;
    setState("playing");
    overlay.hidden = true;
    lastStep = performance.now();
  }
  function gameOver(reason) {
    setState("over");
    var isBest = game.score > best;
    if (isBest) {
      best = game.score;
      bestEl.textContent = String(best);
      var b = bridge();
      if (b) b.storage.set(BEST_KEY, best).catch(function (e) { b.reportError(new Error("Could not save best score: " + e.code)).catch(function () {}); });
    }
    showOverlay(isBest && best > 0 ? "New best score!" : "Game over", "Score " + game.score, reason + (isBest || best === 0 ? "" : " Your best is " + best + "."), "Play again");
    board.classList.remove("shake");
    void board.offsetWidth;
    board.classList.add("shake");
  }
  function showOverlay(k, t, x, button) {
    kicker.textContent = k;
    title.textContent = t;
    text.textContent = x;
    startBtn.textContent = button;
    overlay.hidden = false;
    startBtn.focus();
  }

  // ---- drawing --------------------------------------------------------------
  function resize() {
    var rect = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    size = rect.width;
    canvas.width = Math.round(rect.width * dpr);
    canvas.height = Math.round(rect.width * dpr);
  }
  function draw(now) {
    if (!size) return;
    var c = size / N;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    for (var y = 0; y < N; y++) {
      for (var x = 0; x < N; x++) {
        if ((x + y) % 2 === 0) {
          ctx.fillStyle = "rgba(255,255,255,0.025)";
          ctx.fillRect(x * c, y * c, c, c);
        }
      }
    }
    if (!game) return;
    // Food: a pulsing berry.
    if (game.food) {
      var pulse = 1 + Math.sin(now / 180) * 0.08;
      var grow = Math.max(0, Math.min(1, (now - game.foodAt) / 200));
      var fx = (game.food.x + 0.5) * c, fy = (game.food.y + 0.5) * c;
      ctx.save();
      ctx.shadowColor = "rgba(244,63,94,0.8)";
      ctx.shadowBlur = c * 0.6;
      ctx.fillStyle = "#fb7185";
      ctx.beginPath();
      ctx.arc(fx, fy, c * 0.34 * pulse * grow, 0, Math.PI * 2);
      ctx.fill();
      ctx.restore();
      ctx.fillStyle = "rgba(255,255,255,0.6)";
      ctx.beginPath();
      ctx.arc(fx - c * 0.1, fy - c * 0.1, c * 0.08 * grow, 0, Math.PI * 2);
      ctx.fill();
    }
    // Snake, eased between the last two steps: a tapering round-capped line, tail to head.
    var t = state === "playing" ? Math.min(1, (now - lastStep) / game.speed) : 1;
    var n = game.snake.length;
    var pts = game.snake.map(function (p, i) {
      var q = game.prev[i] || p;
      return { x: (q.x + (p.x - q.x) * t + 0.5) * c, y: (q.y + (p.y - q.y) * t + 0.5) * c };
    });
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (var i = n - 1; i >= 1; i--) {
      var k = i / (n - 1);
      ctx.strokeStyle = "hsl(" + Math.round(88 + k * 52) + ", 78%, " + Math.round(58 - k * 16) + "%)";
      ctx.lineWidth = c * (0.74 - k * 0.26);
      ctx.beginPath();
      ctx.moveTo(pts[i].x, pts[i].y);
      ctx.lineTo(pts[i - 1].x, pts[i - 1].y);
      ctx.stroke();
    }
    ctx.fillStyle = "hsl(88, 80%, 62%)";
    ctx.beginPath();
    ctx.arc(pts[0].x, pts[0].y, c * 0.42, 0, Math.PI * 2);
    ctx.fill();
    // Eyes.
    var hx = pts[0].x, hy = pts[0].y;
    var d = DIRS[game.dir];
    ctx.fillStyle = "#0f172a";
    [-1, 1].forEach(function (s) {
      var ex = hx + d.x * c * 0.14 + d.y * s * c * 0.18;
      var ey = hy + d.y * c * 0.14 + d.x * s * c * 0.18;
      ctx.beginPath();
      ctx.arc(ex, ey, c * 0.08, 0, Math.PI * 2);
      ctx.fill();
    });
  }

  function loop(now) {
    try {
      if (state === "playing") {
        var guard = 0;
        while (state === "playing" && now - lastStep >= game.speed && guard++ < 5) {
          lastStep += game.speed;
          step();
        }
        if (now - lastStep > 1000) lastStep = now; // came back from a long stall
      }
      draw(now);
      requestAnimationFrame(loop);
    } catch (e) {
      setState("over");
      showOverlay("Oops", "Something went wrong", "The game hit an error and has been reported. Start again?", "Restart");
      var b = bridge();
      if (b) b.reportError(e).catch(function () {});
      requestAnimationFrame(loop);
    }
  }

  // ---- input --------------------------------------------------------------------
  var KEYS = {
    ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right",
    w: "up", s: "down", a: "left", d: "right", W: "up", S: "down", A: "left", D: "right"
  };
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (KEYS[e.key]) {
      e.preventDefault();
      turn(KEYS[e.key]);
    } else if (e.key === " " || e.key === "p" || e.key === "P" || e.key === "Escape") {
      if (state === "playing") { e.preventDefault(); pause(); }
      else if (state === "paused" && e.key !== "Escape") { e.preventDefault(); resume(); }
    }
  });
  document.querySelectorAll("[data-dir]").forEach(function (b) {
    // pointerdown reacts faster than click on touch screens.
    b.addEventListener("pointerdown", function (e) { e.preventDefault(); turn(b.dataset.dir); });
    b.addEventListener("click", function (e) { if (e.detail === 0) turn(b.dataset.dir); }); // keyboard activation
  });
  pauseBtn.addEventListener("click", function () { if (state === "playing") pause(); else resume(); });
  startBtn.addEventListener("click", function () { if (state === "paused") resume(); else start(); });

  var touch = null;
  board.addEventListener("touchstart", function (e) {
    var t = e.changedTouches[0];
    touch = { x: t.clientX, y: t.clientY };
  }, { passive: true });
  board.addEventListener("touchmove", function (e) { if (state === "playing") e.preventDefault(); }, { passive: false });
  board.addEventListener("touchend", function (e) {
    if (!touch) return;
    var t = e.changedTouches[0];
    var dx = t.clientX - touch.x, dy = t.clientY - touch.y;
    touch = null;
    if (Math.max(Math.abs(dx), Math.abs(dy)) < 24) return;
    if (state !== "playing" && state !== "paused") return;
    turn(Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? "right" : "left") : (dy > 0 ? "down" : "up"));
  });
  document.addEventListener("visibilitychange", function () { if (document.hidden) pause(); });
  window.addEventListener("resize", resize);

  // ---- start ----------------------------------------------------------------------
  board.tabIndex = -1;
  setState("ready");
  resize();
  requestAnimationFrame(loop);
  var b = bridge();
  if (b) {
    b.storage.get(BEST_KEY).then(function (v) {
      if (typeof v === "number" && v > best) { best = v; bestEl.textContent = String(best); }
    }).catch(function () { /* best stays 0 */ });
  }
})();
