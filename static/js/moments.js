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
