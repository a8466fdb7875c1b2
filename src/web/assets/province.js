// The province's console's one script (spec §14: everything works without it). It follows
// /api/v1/fleet/events and, when a cluster shown on this page changes (or a bulletin shown
// here gets an ack, or the cluster whose page this is changes), reads this page again and puts its new body in place — at most once every
// two seconds, and only for the one level of the tree this page shows, never 10,000 rows.
"use strict";
(function () {
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;
  var main = document.querySelector("main");
  if (!main) return;
  var params = new URLSearchParams(location.search);
  var prefix = params.get("prefix") || "";
  var bulletin = location.pathname.indexOf("/bulletins/") === 0
    ? decodeURIComponent(location.pathname.slice("/bulletins/".length)) : null;
  var onNodes = location.pathname === "/";
  var node = location.pathname.indexOf("/nodes/") === 0
    ? decodeURIComponent(location.pathname.slice("/nodes/".length)) : null;
  var waiting = false;
  function under(node) {
    return prefix === "" || node === prefix || node.indexOf(prefix + "/") === 0;
  }
  function refresh() {
    if (waiting) return;
    waiting = true;
    setTimeout(function () {
      fetch(location.href, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          waiting = false;
          if (html === null) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
          if (fresh) main.innerHTML = fresh.innerHTML;
        })
        .catch(function () { waiting = false; });
    }, 2000);
  }
  var events = new EventSource("/api/v1/fleet/events");
  events.addEventListener("node", function (e) {
    try {
      var row = JSON.parse(e.data);
      if ((onNodes && under(row.node)) || row.node === node) refresh();
    } catch (_) {}
  });
  events.addEventListener("bulletin", function (e) {
    try {
      if (bulletin !== null && JSON.parse(e.data).id === bulletin) refresh();
    } catch (_) {}
  });
  // What changed between this page being made and the events reaching it (a cluster answers a
  // push in milliseconds, before the page it redirected to is listening) is read again once
  // the events flow, and after every reconnection.
  events.addEventListener("open", function () { if (onNodes || bulletin !== null || node !== null) refresh(); });
  events.addEventListener("resync", function () { if (onNodes || bulletin !== null || node !== null) refresh(); });
})();
