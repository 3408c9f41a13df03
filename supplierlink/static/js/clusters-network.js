// The cluster network as an interactive picture (Cytoscape.js, served by the app). The static
// SVG drawn by the server stays when scripts or the library are unavailable.
(function () {
  "use strict";
  var holder = document.getElementById("network-picture");
  if (!holder || typeof window.cytoscape !== "function") { return; }
  var info = document.getElementById("network-selected");
  fetch(holder.getAttribute("data-url"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      holder.classList.add("network-live");
      holder.textContent = "";
      var cy = window.cytoscape({
        container: holder,
        elements: data.nodes.concat(data.edges),
        layout: { name: "preset", fit: true, padding: 20 },
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "background-color": "data(colour)", "shape": "data(shape)",
            "width": "mapData(degree, 0, 40, 10, 34)", "height": "mapData(degree, 0, 40, 10, 34)",
            "border-width": 0 } },
          { selector: "node[?bridge]", style: { "border-width": 4, "border-color": "#1d2733" } },
          { selector: "node:selected", style: { "label": "data(label)", "font-size": 28,
                                                "text-outline-color": "#fff",
                                                "text-outline-width": 3 } },
          { selector: "edge", style: { "width": 1, "line-color": "#b8c1cc", "opacity": 0.7 } },
          { selector: "edge[?mentoring]", style: { "width": 3, "line-color": "#c2185b",
                                                   "opacity": 1 } }
        ]
      });
      cy.on("tap", "node", function (event) {
        var node = event.target.data();
        if (info) {
          info.textContent = node.label + (node.bridge ? " — " + info.getAttribute("data-bridge") : "")
            + " (" + node.degree + " " + info.getAttribute("data-ties") + ")";
        }
      });
      holder.setAttribute("data-ready", "true");
    })
    .catch(function () { holder.setAttribute("data-ready", "failed"); });
}());
