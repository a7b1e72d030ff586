// The GOV.UK error summary: it takes focus when the page opens, so a screen reader reads
// it and the keyboard starts there; each link moves focus to its field (an anchor alone
// only scrolls) and keeps the field's label or legend in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var context = field.closest("fieldset, .mb-3, .mt-3, .form-check") || field;
    context.scrollIntoView();
    field.focus({ preventScroll: true });
    history.replaceState(null, "", link.getAttribute("href"));
  });
})();
