/* Certificate form: says, while the standard's name is typed, which catalogue entry it resolves
   to and with what confidence, or which entries are closest. The server checks again on submit,
   so without JavaScript the form works the same, only without the live hint. */
(function () {
  "use strict";
  var box = document.querySelector("[data-resolve-url]");
  if (!box) { return; }
  var input = box.querySelector("input"), out = box.querySelector(".resolution"), timer = null;
  if (!input || !out) { return; }
  input.setAttribute("aria-describedby",
    ((input.getAttribute("aria-describedby") || "") + " " + out.id).trim());

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) { return values[name]; });
  }
  function percent(r) { return Math.round(r.confidence * 100); }

  function show(data) {
    if (data.match) {
      out.textContent = fill(box.dataset.msgMatch, { name: data.match.name, confidence: percent(data.match) });
      out.className = "hint resolution resolved";
    } else if (data.suggestions && data.suggestions.length) {
      out.textContent = fill(box.dataset.msgClosest, {
        options: data.suggestions.map(function (r) { return r.name + " (" + percent(r) + "/100)"; }).join("; ")
      });
      out.className = "hint resolution unresolved";
    } else {
      out.textContent = "";
    }
  }

  function lookUp() {
    var q = input.value.trim();
    if (q.length < 3) { out.textContent = ""; return; }
    fetch(box.dataset.resolveUrl + "?q=" + encodeURIComponent(q), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && input.value.trim() === q) { show(data); } })
      .catch(function () { out.textContent = ""; });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookUp, 250); });
  if (input.value) { lookUp(); }
})();
