// Not Applicable asks for a confirmation (the WISE guide says to avoid it);
// cancelling puts the previous answer back before anything is saved.
(function () {
  "use strict";
  var form = document.getElementById("rating-form");
  if (!form) { return; }
  var previous = {};
  form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
    previous[input.name] = input.value;
  });
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") { return; }
    if (input.dataset.confirm && !window.confirm(input.dataset.confirm)) {
      event.stopImmediatePropagation();
      var back = previous[input.name];
      form.querySelectorAll("input[name='" + input.name + "']").forEach(function (other) {
        other.checked = other.value === back;
      });
      return;
    }
    if (input.dataset.confirm) {
      var confirmBox = document.getElementById("id_confirm_not_applicable");
      if (confirmBox) { confirmBox.checked = true; }
    }
    previous[input.name] = input.value;
  }, true);
})();
