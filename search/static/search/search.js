// Progressive extras for the search forms; everything works without them.
// - suggestions as the citizen types (GET /api/suggest/?q=), as links under the search box
// - "Use my location": the phone's position into the hidden lat/lon fields, then submit
(function () {
  "use strict";
  document.querySelectorAll("form[data-suggest]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[data-suggestions]");
    var timer = null;
    if (input && list) {
      input.addEventListener("input", function () {
        clearTimeout(timer);
        var q = input.value.trim();
        if (!q) { list.innerHTML = ""; list.hidden = true; return; }
        timer = setTimeout(function () {
          fetch("/api/suggest/?q=" + encodeURIComponent(q))
            .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
            .then(function (data) {
              list.innerHTML = "";
              data.suggestions.forEach(function (s) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                link.href = form.action + "?q=" + encodeURIComponent(s);
                link.textContent = s;
                item.appendChild(link);
                list.appendChild(item);
              });
              list.hidden = data.suggestions.length === 0;
            })
            .catch(function () {});
        }, 150);
      });
    }
  });
  if (!("geolocation" in navigator)) { return; }
  document.querySelectorAll("[data-geo-button]").forEach(function (button) {
    var form = button.form;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[data-geo=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[data-geo=lon]").value = pos.coords.longitude.toFixed(6);
        var input = form.querySelector("input[type=search]");
        if (!input || input.value.trim()) { form.submit(); }
      });
    });
  });
})();
