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
