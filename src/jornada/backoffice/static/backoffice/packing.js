// Packing station: scans are sent one after the other, each with the code as it was
// scanned. A barcode scanner types fast and presses Enter; the field is emptied at once
// so the next scan can start while the previous one is still being checked, and the
// answers swap the package block in order. Without JavaScript the form posts normally.
(function () {
  "use strict";
  var chain = Promise.resolve();

  function failed(form, status) {
    var feedback = document.getElementById("scan-feedback");
    var text = form.getAttribute("data-scan-failed") + (status ? " (" + status + ")" : "");
    if (feedback) {
      feedback.className = "scan-feedback scan-error";
      feedback.textContent = text;
    }
    var live = document.getElementById("live");
    if (live) live.textContent = text;
  }

  function send(form, data) {
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "HX-Target": "package-live" }
    }).then(function (response) {
      // 422 and 409 carry the refusal, drawn like a success: swap them too.
      if (!(response.ok || response.status === 422 || response.status === 409)) {
        failed(form, response.status);
        return null;
      }
      return response.text().then(function (html) {
        window.htmx.swap("#package-live", html, { swapStyle: "outerHTML" });
      });
    }).catch(function () { failed(form, 0); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-scan-form]") || !window.htmx) return;
    event.preventDefault();
    var data = new FormData(form);
    form.reset();
    var input = form.querySelector("input[name=code]");
    if (input) input.focus();
    chain = chain.then(function () { return send(form, data); });
  });
})();
