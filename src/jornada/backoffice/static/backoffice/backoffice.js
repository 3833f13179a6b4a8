// Back office helpers on top of htmx: keep keyboard focus and screen readers informed.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var target = event.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
  // A swapped block takes the focused element with it: put focus on its first heading,
  // so keyboard users continue from where the change happened.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id === "stage-counts") return;
    if (document.activeElement && document.activeElement !== document.body &&
        document.contains(document.activeElement)) return;
    var heading = target.querySelector("h1, h2, h3");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });
  // After htmx pushes a new URL (filters, stage, page), switching language returns there.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var next = document.querySelector(".language-form input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });
  // The language switcher submits on change too (the button stays for keyboard users).
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") event.target.form.submit();
  });
})();
