// The console's one script (spec §11: everything works without it; it only keeps the now page
// current). On every `status` event it fetches the server-rendered panel again; between events
// it counts the seconds of what plays from its start time. No timer talks to the station.
"use strict";
(function () {
  function tick() {
    document.querySelectorAll("[data-started]").forEach(function (el) {
      var started = Date.parse(el.getAttribute("data-started"));
      if (isNaN(started)) return;
      var s = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var m = Math.floor(s / 60);
      s = s % 60;
      el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    });
  }
  var panel = document.getElementById("now-panel");
  if (panel && window.EventSource) {
    var events = new EventSource("/api/v1/events");
    events.addEventListener("status", function () {
      fetch("/now/panel", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null) { panel.innerHTML = html; tick(); }
        })
        .catch(function () {});
    });
  }
  tick();
  setInterval(tick, 1000);
})();
