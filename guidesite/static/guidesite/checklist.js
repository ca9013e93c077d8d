/* Progressive enhancement: remember which materials a citizen has ticked on this guide, on this
   device only. The page works the same without it. */
(function () {
  "use strict";
  var list = document.getElementById("materials");
  if (!list || !window.localStorage) return;
  var key = "guide-checklist:" + location.pathname;
  var boxes = list.querySelectorAll('input[type="checkbox"]');
  var saved;
  try { saved = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { saved = []; }
  Array.prototype.forEach.call(boxes, function (box) {
    if (saved.indexOf(box.value) !== -1) box.checked = true;
    box.addEventListener("change", function () {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      try { localStorage.setItem(key, JSON.stringify(ticked)); } catch (e) { /* private mode */ }
    });
  });
})();
