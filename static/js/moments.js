// Progressive enhancement only: every page works without this file.
// Elements with data-show-if-name / data-show-if-value are shown only while the
// radio group of that name has that value checked.
(function () {
  "use strict";
  function refresh(root) {
    root.querySelectorAll("[data-show-if-name]").forEach(function (element) {
      var name = element.getAttribute("data-show-if-name");
      var values = element.getAttribute("data-show-if-value").split(" ");
      var checked = document.querySelector('input[name="' + name + '"]:checked');
      element.classList.toggle("d-none", !checked || values.indexOf(checked.value) === -1);
    });
  }
  document.addEventListener("change", function () { refresh(document); });
  document.addEventListener("DOMContentLoaded", function () { refresh(document); });
  document.addEventListener("htmx:afterSettle", function () { refresh(document); });
})();

// Choosing a contact point pre-selects its way of rating (the contact point's
// own, or its channel's), until the person picks one themselves.
(function () {
  "use strict";
  var touched = false;
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "rating_method") {
      touched = true;
      return;
    }
    if (target.name !== "contact_point" || touched || !target.selectedOptions) { return; }
    var option = target.selectedOptions[0];
    var method = option && option.getAttribute("data-rating-method");
    var radio = method && document.getElementById("rating-method-" + method);
    if (radio) {
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      touched = false;
    }
  });
})();

// Logging from the keyboard: Enter in the customer search picks the first
// customer listed instead of sending a form that has no customer yet, and
// Ctrl+Enter (⌘+Enter) saves from any field, the notes included.
(function () {
  "use strict";
  var form = document.getElementById("contact-log-form");
  var search = document.getElementById("customer-search");
  if (!form || !search || !window.htmx) { return; }
  // The list on screen answers this query; the recent customers answer "".
  var listedFor = search.value.trim();
  var requestedFor = listedFor;
  var pickOnArrival = false;

  function pickFirst() {
    pickOnArrival = false;
    var first = document.querySelector('#customer-results input[name="customer"]');
    if (!first) { return; }
    first.checked = true;
    first.dispatchEvent(new Event("change", { bubbles: true }));
    first.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === search) { requestedFor = search.value.trim(); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "customer-results") {
      listedFor = requestedFor;
      if (pickOnArrival && listedFor === search.value.trim()) { pickFirst(); }
    }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.ctrlKey || event.metaKey) { return; }
    event.preventDefault();
    if (listedFor === search.value.trim()) {
      pickFirst();
    } else {
      pickOnArrival = true;
      window.htmx.trigger(search, "search");
    }
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
