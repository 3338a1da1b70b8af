// Registry pages: pick a KBLI code from the htmx search results. Works without it too
// (the code can be typed); no framework, no network calls of its own.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".kbli-pick");
  if (!button) return;
  var input = document.getElementById("id_kbli_code");
  if (!input) return;
  input.value = button.dataset.code;
  document.querySelectorAll(".kbli-pick").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
  input.focus();
});
