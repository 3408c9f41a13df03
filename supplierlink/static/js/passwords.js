// "Show" beside each password field: lets a person check what they typed (the field is
// masked again when the form is sent). Without JavaScript the buttons stay hidden.
document.querySelectorAll("button.show-password").forEach(function (button) {
  var input = document.getElementById(button.getAttribute("aria-controls"));
  if (!input) { return; }
  var show = button.textContent, hide = button.getAttribute("data-hide");
  button.hidden = false;
  button.addEventListener("click", function () {
    var visible = input.type === "password";
    input.type = visible ? "text" : "password";
    button.textContent = visible ? hide : show;
    button.setAttribute("aria-pressed", visible ? "true" : "false");
  });
  if (input.form) {
    input.form.addEventListener("submit", function () { input.type = "password"; });
  }
});
