// Preview page helper: shows the bridge log and the reported errors next to the phone frame.
(function () {
  var logList = document.getElementById('log');
  var errList = document.getElementById('errors');
  var shown = 0;
  function item(text, cls) {
    var li = document.createElement('li');
    li.textContent = text;
    if (cls) li.className = cls;
    return li;
  }
  setInterval(function () {
    var log = window.__ministoreBridgeLog || [];
    for (; shown < log.length; shown++) logList.prepend(item(log[shown].method + (log[shown].ok ? '  ok' : '  refused'), log[shown].ok ? 'ok' : 'no'));
  }, 200);
  window.addEventListener('ministore:error', function (e) { errList.prepend(item(e.detail.message, 'no')); });
})();
