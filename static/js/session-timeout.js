// Warns before an idle session ends, offers to keep it, and goes to the sign-in
// page once it has ended (the server ends it either way: see people.middleware).
// Open tabs share the latest expiry through localStorage, so working in one tab
// keeps the others from warning.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || !window.bootstrap) { return; }
  var KEY = "peerworks.sessionExpiresAt";
  var data = dialog.dataset;
  var warnBefore = Number(data.warnBefore) * 1000;
  // After any request the server has refreshed the session within this margin.
  var afterRequest = (Number(data.sessionAge) - Number(data.refreshEvery)) * 1000;
  var countdown = dialog.querySelector("[data-countdown]");
  var keepAlive = document.getElementById("session-keep-alive");
  var modal = window.bootstrap.Modal.getOrCreateInstance(dialog, { backdrop: "static", keyboard: false });
  var shown = false;
  var known = 0;

  function stored() {
    try { return Number(window.localStorage.getItem(KEY)) || 0; } catch (e) { return 0; }
  }

  function extend(expiresAt) {
    known = Math.max(known, expiresAt);
    try {
      if (expiresAt > stored()) { window.localStorage.setItem(KEY, String(expiresAt)); }
    } catch (e) { /* private browsing: this tab keeps its own count */ }
  }

  function signIn() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(data.signInUrl + "?next=" + encodeURIComponent(here));
  }

  function describe(ms) {
    var minutes = Math.ceil(ms / 60000);
    return minutes <= 1 ? "less than a minute" : minutes + " minutes";
  }

  function tick() {
    var left = Math.max(known, stored()) - Date.now();
    if (left <= 0) {
      signIn();
    } else if (left <= warnBefore) {
      countdown.textContent = describe(left);
      if (!shown) { modal.show(); shown = true; }
    } else if (shown) {
      modal.hide();
      shown = false;
    }
  }

  keepAlive.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(keepAlive.action, {
      method: "POST",
      body: new window.FormData(keepAlive),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      // A session that has already ended answers with the sign-in page.
      if (!response.ok || response.redirected) { throw new Error("signed out"); }
      return response.json();
    }).then(function (body) {
      extend(Date.now() + body.seconds_left * 1000);
      tick();
    }).catch(signIn);
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    // Background polls (a PDF being prepared) do not keep the session: the server ignores them too.
    var elt = event.detail && event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-background-poll")) { return; }
    extend(Date.now() + afterRequest);
  });

  extend(Date.now() + Number(data.secondsLeft) * 1000);
  window.setInterval(tick, 1000);
})();
