/* A running import: asks the server for its progress every second and reloads the page with
   the summary when it has finished. Without JavaScript, reloading the page shows the same. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  function set(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el && value !== null && value !== undefined) { el.textContent = value; }
  }
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.percent; set("status", data.status); set("done", data.done);
        set("total", data.total);
        if (data.status === "done" || data.status === "failed") {
          if (!document.querySelector(".facts") && !box.dataset.reloaded) {
            box.dataset.reloaded = "1"; window.location.reload();
          }
        } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
