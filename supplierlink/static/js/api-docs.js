/* The browsable API reference: Swagger UI (served from the app) on the app's OpenAPI document. */
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: box.dataset.specUrl, dom_id: "#swagger-ui", deepLinking: true });
})();
