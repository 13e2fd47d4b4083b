/* binc-web behaviour: htmx configured once (convention 4) and the error banner. No inline scripts. */
(function () {
  "use strict";

  function showBanner(text) {
    var banner = document.getElementById("banner");
    if (!banner) { return; }
    document.getElementById("banner-text").textContent = text;
    banner.hidden = false;
    banner.scrollIntoView({ block: "start" });
    banner.focus({ preventScroll: true });
  }

  // A refused form (D-13 stale save, a lost connection) keeps what the user typed: the message
  // goes right above that form, where they acted, and takes the focus; a request from outside
  // a form gets the banner at the top.
  function showRefusal(elt, text) {
    var form = elt instanceof Element ? elt.closest("form") : null;
    if (!form || !form.isConnected) {
      showBanner(text);
      return;
    }
    var message = document.createElement("div");
    message.className = "error-summary";
    message.setAttribute("role", "alert");
    message.setAttribute("tabindex", "-1");
    message.setAttribute("data-refusal", "");
    message.appendChild(document.createElement("p")).textContent = text;
    form.parentNode.insertBefore(message, form);
    message.scrollIntoView({ block: "nearest" });
    message.focus({ preventScroll: true });
  }

  if (window.htmx) {
    // 422 carries the form again with its errors: swap it. Other errors: showRefusal.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false }
    ];
  }

  // D-13: a refused stale save that comes back as HTML (the panel with the message above the
  // form the user filled in) is swapped where they acted; a plain-text 409 is shown above the
  // form that sent it (showRefusal).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (xhr.status === 409 && type.indexOf("text/html") === 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var type = xhr.getResponseHeader("Content-Type") || "";
    var text = type.indexOf("text/plain") === 0 && xhr.responseText
      ? xhr.responseText
      : "De gevraagde actie kon niet uitgevoerd worden (fout " + xhr.status + ").";
    showRefusal(event.detail.elt, text);
  });

  // The form is sent again: its earlier refusal no longer applies (a new one shows if this
  // request is refused too). Removed before, not after, the request: the answer may replace
  // the form itself.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt instanceof Element ? event.detail.elt.closest("form") : null;
    var message = form ? form.previousElementSibling : null;
    if (message && message.hasAttribute("data-refusal")) { message.remove(); }
  });

  document.addEventListener("htmx:sendError", function (event) {
    showRefusal(event.detail.elt,
      "binc-web is niet bereikbaar. Controleer uw verbinding; uw wijziging werd niet bewaard.");
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

/* Keyboard focus after an htmx swap. The swap often replaces the element that had the focus
   (the clicked link, the "Opslaan" button); the browser then drops the focus to <body> and a
   keyboard or screen-reader user starts over at the top of the page. Once the swap has settled
   (an [autofocus] element in the new content has taken the focus by then), a lost focus moves
   into the new content: to the heading of its [data-swap-focus] part (the open form on top of
   the traject, or the message in it about what just failed), else to its first heading, else
   to the content itself. Content that arrives
   unasked ([data-passive-swap]: "Actie nodig" after the start page) never takes the focus. A heading or region gets
   tabindex="-1": it can hold the focus without joining the tab order. */
(function () {
  "use strict";

  var HEADINGS = "h1, h2, h3, h4, h5, h6";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || active === document.documentElement;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var content = event.target;
    if (!(content instanceof Element) || content === document.body ||
        !document.body.contains(content) || content.matches("[data-passive-swap]")) {
      return;
    }
    // A region marked [data-take-focus] (the S-7 panel above a list) takes the focus even
    // though the clicked "+" link is still there.
    if (!focusLost() && !content.matches("[data-take-focus]")) {
      return;
    }
    var part = content.matches("[data-swap-focus]") ? content
      : content.querySelector("[data-swap-focus]") || content;
    // A message about what just failed ([data-focus-message], D-13) comes before the heading.
    var goal = part.querySelector("[data-focus-message]") ||
      (part.matches(HEADINGS) ? part : part.querySelector(HEADINGS) || part);
    if (!goal.matches(FOCUSABLE)) {
      goal.setAttribute("tabindex", "-1");
    }
    goal.focus();
  });
})();

/* R-1 help icons: the help text shows on hover and keyboard focus (CSS); Escape hides it again
   without moving the focus (WCAG 1.4.13), until the pointer or the focus leaves the icon. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var tips = document.querySelectorAll(".help-tip:hover, .help-tip:focus-within");
    for (var i = 0; i < tips.length; i += 1) { tips[i].classList.add("help-dismissed"); }
  });

  function reset(event) {
    var target = event.target;
    if (target instanceof Element && target.classList.contains("help-tip")) {
      target.classList.remove("help-dismissed");
    }
  }
  // mouseleave does not bubble: listen while it passes down (capture) to the help tip.
  document.addEventListener("mouseleave", reset, true);
  document.addEventListener("focusout", function (event) {
    var tip = event.target.closest ? event.target.closest(".help-tip") : null;
    if (tip) { tip.classList.remove("help-dismissed"); }
  });
})();

/* Error summaries: a link to a field puts the keyboard focus in it (a fragment link only
   scrolls, and the next Tab would start from the summary again); for a group of radio buttons
   or check boxes, on its first one. The field's question is scrolled into view with it. */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]), select, textarea";

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) { return; }
    var field = target.matches(FIELDS) ? target : target.querySelector(FIELDS);
    if (!field) { return; }
    event.preventDefault();
    field.focus({ preventScroll: true });
    (field.closest(".field") || target).scrollIntoView({ block: "start" });
  });
})();

/* R-5 on a slow connection: a question other questions depend on posts the form ("tonen") and
   the answer replaces the whole form. A field the user changed after that request left would
   get back the value it had then; its current value is carried over into the new form instead
   (only fields still asked; a question that disappeared stays gone). */
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]), select, textarea";
  var pending = null;  // {form, touched: {name: true}} while a "tonen" request is under way
  var carried = null;  // the touched fields' values, taken from the form just before the swap

  function valuesOf(form, names) {
    var values = {};
    Object.keys(names).forEach(function (name) {
      var fields = form.querySelectorAll("[name='" + CSS.escape(name) + "']");
      values[name] = [];
      for (var i = 0; i < fields.length; i += 1) {
        var field = fields[i];
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked) { values[name].push(field.value); }
        } else if (field.tagName === "SELECT" && field.multiple) {
          for (var j = 0; j < field.options.length; j += 1) {
            if (field.options[j].selected) { values[name].push(field.options[j].value); }
          }
        } else {
          values[name].push(field.value);
        }
      }
    });
    return values;
  }

  function apply(form, values) {
    Object.keys(values).forEach(function (name) {
      var fields = form.querySelectorAll("[name='" + CSS.escape(name) + "']");
      for (var i = 0; i < fields.length; i += 1) {
        var field = fields[i];
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = values[name].indexOf(field.value) !== -1;
        } else {
          field.value = values[name][0] || "";
        }
      }
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt && elt.closest ? elt.closest("form.registratie-form") : null;
    pending = form && elt !== form ? { form: form, touched: {} } : null;
  });

  function touch(event) {
    var field = event.target;
    if (pending && field.matches && field.matches(FIELDS) && field.name &&
        pending.form.contains(field)) {
      pending.touched[field.name] = true;
    }
  }
  document.addEventListener("input", touch);
  document.addEventListener("change", touch);

  document.addEventListener("htmx:beforeSwap", function (event) {
    carried = null;
    if (pending && event.detail.shouldSwap && pending.form.isConnected) {
      carried = valuesOf(pending.form, pending.touched);
    }
    pending = null;
  });

  document.addEventListener("htmx:afterSwap", function () {
    // The swap replaced the region (outerHTML): the new form is the one in the document.
    var form = document.querySelector("form.registratie-form");
    if (carried && form) { apply(form, carried); }
    carried = null;
  });
})();

/* M-3 benutting month view: Enter and the up/down arrows move to the next or previous day's
   input (leaving the field saves it through htmx); without JavaScript the form posts whole. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest("[data-benutting]")) { return; }
    var step = { Enter: 1, ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!step) { return; }
    var inputs = Array.prototype.slice.call(
      input.closest("[data-benutting]").querySelectorAll(".dag input:not([type=hidden])"));
    var next = inputs[inputs.indexOf(input) + step];
    event.preventDefault();
    if (next) {
      next.focus();
      next.select();
    } else {
      input.blur();
      input.focus();
    }
  });
})();

/* F-1 autocomplete ("Dienst", "Naam medewerker"): a WAI-ARIA combobox with a listbox popup
   (templates/directory/_combobox.html). htmx asks the server for the options as the user types
   (the typed text as ?q=, the listbox to replace as ?lijst=); here: the arrow keys move through
   the options (aria-activedescendant), Enter or a click chooses one, Escape closes the list.
   Choosing a service puts its id in the row's hidden field and points the row's "Naam
   medewerker" at that service's contacts; choosing a contact fills "E-mail medewerker". */
(function () {
  "use strict";

  var COMBOBOX = "input[data-combobox]";

  function listOf(input) { return document.getElementById(input.getAttribute("aria-controls")); }

  function optionsOf(input) {
    var list = listOf(input);
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
  }

  function related(input, attribute) {
    var id = input.getAttribute(attribute);
    return id ? document.getElementById(id) : null;
  }

  function show(input, open) {
    var list = listOf(input);
    var expanded = open && optionsOf(input).length > 0;
    if (list) { list.hidden = !expanded; }
    input.setAttribute("aria-expanded", expanded ? "true" : "false");
    if (!expanded) { input.removeAttribute("aria-activedescendant"); }
  }

  function activate(input, option) {
    optionsOf(input).forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function choose(input, option) {
    input.value = option.getAttribute("data-label");
    var idField = related(input, "data-id-field");
    if (idField) { idField.value = option.getAttribute("data-id") || ""; }
    var contact = related(input, "data-contact-field");
    if (contact && window.htmx && option.hasAttribute("data-contacts-url")) {
      contact.setAttribute("hx-get", option.getAttribute("data-contacts-url"));
      htmx.process(contact);
    }
    var email = related(input, "data-email-field");
    if (email && option.hasAttribute("data-email")) { email.value = option.getAttribute("data-email"); }
    show(input, false);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (!(input instanceof Element) || !input.matches(COMBOBOX)) { return; }
    event.detail.parameters = { q: input.value, lijst: input.getAttribute("aria-controls") };
  });

  // The new options arrived: open the list while the field still has the focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var list = event.target;
    if (!(list instanceof Element) || list.getAttribute("role") !== "listbox") { return; }
    var input = document.querySelector("[aria-controls='" + CSS.escape(list.id) + "']");
    if (input) { show(input, input === document.activeElement); }
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof Element) || !input.matches(COMBOBOX)) { return; }
    // Typed over: the service chosen before is no longer what the field says.
    var idField = related(input, "data-id-field");
    if (idField) { idField.value = ""; }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof Element) || !input.matches(COMBOBOX)) { return; }
    var options = optionsOf(input);
    var current = document.getElementById(input.getAttribute("aria-activedescendant") || "");
    var index = options.indexOf(current);
    var open = input.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) { return; }
      event.preventDefault();
      show(input, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = index === -1 ? (step === 1 ? 0 : options.length - 1)
        : (index + step + options.length) % options.length;
      activate(input, options[next]);
    } else if (event.key === "Enter" && open && current) {
      event.preventDefault();
      choose(input, current);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      show(input, false);
    }
  });

  // A click on an option must not take the focus from the field first (the list would close).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".combobox-list")) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest(".combobox-list [role=option]") : null;
    if (!option) { return; }
    var input = document.querySelector("[aria-controls='" + CSS.escape(option.parentNode.id) + "']");
    if (input) {
      choose(input, option);
      input.focus();
    }
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input instanceof Element && input.matches(COMBOBOX)) { show(input, false); }
  });
})();
