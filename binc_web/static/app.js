/* binc-web behaviour: htmx configured once (convention 4) and the error banner. No inline scripts. */
(function () {
  "use strict";

  function showBanner(text) {
    var banner = document.getElementById("banner");
    if (!banner) { return; }
    document.getElementById("banner-text").textContent = text;
    banner.hidden = false;
    banner.focus();
  }

  if (window.htmx) {
    // 422 carries the form again with its errors: swap it. Other errors go to the banner.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false }
    ];
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = type.indexOf("text/plain") === 0 && xhr.responseText
      ? xhr.responseText
      : "De gevraagde actie kon niet uitgevoerd worden (fout " + xhr.status + ").";
    showBanner(text);
  });

  document.addEventListener("htmx:sendError", function () {
    showBanner("binc-web is niet bereikbaar. Controleer uw verbinding; uw wijziging werd niet bewaard.");
  });

  document.addEventListener("DOMContentLoaded", function () {
    var close = document.getElementById("banner-close");
    if (close) {
      close.addEventListener("click", function () {
        document.getElementById("banner").hidden = true;
      });
    }
  });
})();

/* K-3 quick choices ("België"): with JavaScript the button fills its field at once; without,
   it submits the form and the server fills the field (the form keeps every other value). */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-fill-target]") : null;
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-fill-target"));
    if (!input) { return; }
    event.preventDefault();
    input.value = button.getAttribute("data-fill-value");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.focus();
  });
})();
