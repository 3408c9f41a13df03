/* Suggestions while typing in the requirement form: categories from the taxonomy and standards
   from the catalogue. Fields hold comma-separated lists; the suggestion replaces the entry being
   typed. Without JavaScript the fields still accept typed codes and names. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-categories-url]");
  if (!form) { return; }
  var urls = { categories: form.dataset.categoriesUrl, standards: form.dataset.standardsUrl };

  function entries(value) { return value.split(/[;,]/); }
  function current(input) {
    var parts = entries(input.value);
    return parts[parts.length - 1].trim();
  }
  function replaceCurrent(input, text) {
    var value = input.value, cut = Math.max(value.lastIndexOf(","), value.lastIndexOf(";"));
    var head = cut >= 0 ? value.slice(0, cut + 1) + " " : "";
    input.value = head + text + ", ";
  }

  function attach(input) {
    var kind = input.dataset.suggest, list = document.createElement("ul"), timer = null, active = -1;
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(option) {
      replaceCurrent(input, option.dataset.value);
      close();
      input.focus();
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }
    function show(results) {
      list.innerHTML = "";
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.dataset.value = kind === "categories" ? item.code : item.name;
        li.textContent = kind === "categories" ? item.code + " — " + item.title : item.name;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(li); });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }
    function fetchSuggestions() {
      var q = current(input);
      if (q.length < 2) { close(); return; }
      fetch(urls[kind] + "?q=" + encodeURIComponent(q) + "&limit=8", { credentials: "same-origin",
        headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (current(input) === q) { show(data.results || []); } })
        .catch(close);
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 200); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault(); choose(list.querySelectorAll("[role=option]")[active]);
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  form.querySelectorAll("input[data-suggest]").forEach(attach);
})();
