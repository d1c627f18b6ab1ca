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
// customer listed instead of sending a form that has no customer yet (or,
// when nobody matches, opens "New customer" with what was typed), and
// Ctrl+Enter (⌘+Enter) saves from any field, the notes included.
(function () {
  "use strict";
  var form = document.getElementById("contact-log-form");
  var search = document.getElementById("customer-search");
  var newCustomer = document.getElementById("new-customer");
  var newName = document.getElementById("id_new_customer_name");
  var newEmail = document.getElementById("id_new_customer_email");
  if (!form || !search || !newCustomer || !newName || !newEmail || !window.htmx) { return; }
  // The list on screen answers this query; the recent customers answer "".
  var listedFor = search.value.trim();
  var pickOnArrival = false;

  function pickFirst() {
    pickOnArrival = false;
    var first = document.querySelector('#customer-results input[name="customer"]');
    if (!first) {
      if (search.value.trim().length >= 2) { newCustomer.open = true; }
      return;
    }
    first.checked = true;
    first.dispatchEvent(new Event("change", { bubbles: true }));
    first.focus();
  }

  // Which query a list answers is read from the answer itself: an older
  // search still in flight (clearing the box starts one) must not pass for
  // the newest. hx-sync="this:replace" also aborts it, belt and braces.
  function answeredQuery(detail) {
    try {
      return (new URL(detail.xhr.responseURL).searchParams.get("customer_search") || "").trim();
    } catch (error) {
      return null;
    }
  }
  // The customer picked last; a late answer to the search (the debounced
  // request after an Enter) redraws the list and must not unpick them.
  var pickedId = null;
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "customer-results") {
      listedFor = answeredQuery(event.detail);
      if (pickOnArrival && listedFor === search.value.trim()) { pickFirst(); return; }
      var picked = pickedId && document.querySelector('#customer-results input[name="customer"][value="' + pickedId + '"]');
      if (picked) { picked.checked = true; }
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
  // A customer nobody found is usually new: take over what was typed, so
  // the name (or e-mail address) is not typed twice.
  newCustomer.addEventListener("toggle", function () {
    if (!newCustomer.open) { return; }
    var typed = search.value.trim();
    if (typed && !newName.value && !newEmail.value) {
      if (typed.indexOf("@") === -1) { newName.value = typed; } else { newEmail.value = typed; }
      newName.dispatchEvent(new Event("input", { bubbles: true }));
    }
    newName.focus();
  });
  // An existing customer or a new one, never both (the server refuses both):
  // choosing one clears the other.
  form.addEventListener("input", function (event) {
    if (event.target !== newName || !newName.value.trim()) { return; }
    form.querySelectorAll('input[name="customer"]:checked').forEach(function (radio) { radio.checked = false; });
    pickedId = null;
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "customer" && event.target.checked) {
      pickedId = event.target.value;
      newName.value = "";
    }
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
