// The demo catalogue's shared script: a greeting for the time of day and a visit counter kept
// with ministore.storage ("visits"). The page itself (name, summary, places) is generated.
(function () {
  "use strict";

  var zh = /^zh/.test(document.documentElement.lang);
  var text = zh ? {
    morning: "早上好", afternoon: "下午好", evening: "晚上好",
    first: "第一次打开，欢迎！",
    again: function (n) { return "这是你第 " + n + " 次打开。"; },
    outside: "在 Ministore 之外打开：不会保存打开次数。",
    failed: "无法读取打开次数。"
  } : {
    morning: "Good morning", afternoon: "Good afternoon", evening: "Good evening",
    first: "Welcome: this is your first visit.",
    again: function (n) { return "Visit number " + n + "."; },
    outside: "Opened outside Ministore: visits are not counted.",
    failed: "Your visits could not be counted."
  };

  var hello = document.querySelector("[data-testid=greeting]");
  var visits = document.querySelector("[data-testid=visits]");
  var name = document.querySelector("[data-testid=app-name]").textContent;
  var hour = new Date().getHours();
  var part = hour < 12 ? text.morning : hour < 18 ? text.afternoon : text.evening;
  hello.textContent = part + (zh ? "，欢迎使用" : ", welcome to ") + name + (zh ? "" : ".");

  var store = window.ministore && window.ministore.inStore ? window.ministore.storage : null;
  if (!store) {
    visits.textContent = text.outside;
    return;
  }
  store.get("visits").then(function (n) {
    var count = (typeof n === "number" && n > 0 ? n : 0) + 1;
    visits.textContent = count === 1 ? text.first : text.again(count);
    return store.set("visits", count);
  }).catch(function () {
    visits.textContent = text.failed;
  });
})();
