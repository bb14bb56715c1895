// The "scan to open" QR code of a record page (generator/render/templates/layout.html).
//
// The code is drawn here, in the reader's browser, not at build time: encoding one with
// segno cost about 2-6 ms a page, over a minute for an archive of 10,000 consultations in
// two languages, and without site_url a build cannot know the site's address, which the
// browser can. The library (vendor/qrcode-generator, MIT) is loaded only on pages with a
// QR box. The code is inline SVG (the Content Security Policy allows images from the site
// and data: only), built with DOM calls, never from markup.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".sl-qr");
  if (!boxes.length) return;
  var here = document.currentScript && document.currentScript.src;
  var library = document.createElement("script");
  library.src = new URL("vendor/qrcode-generator/qrcode.js", here || location.href).href;
  library.addEventListener("load", function () {
    Array.prototype.forEach.call(boxes, draw);
  });
  document.head.appendChild(library);

  // The page's permanent address: from site_url at build time, else the canonical link,
  // else where the browser is (without query or fragment).
  function address(box) {
    if (box.dataset.address) return box.dataset.address;
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && /^https?:/.test(canonical.href)) return canonical.href;
    return location.origin + location.pathname;
  }

  function draw(box) {
    var url = address(box);
    var qr = window.qrcode(0, "M");
    window.qrcode.stringToBytes = window.qrcode.stringToBytesFuncs["UTF-8"];
    qr.addData(url, "Byte");
    qr.make();
    var size = qr.getModuleCount(), quiet = 4, path = "";
    for (var row = 0; row < size; row++) {
      for (var col = 0; col < size; col++) {
        if (!qr.isDark(row, col)) continue;
        var run = 1;
        while (col + run < size && qr.isDark(row, col + run)) run++;
        path += "M" + (col + quiet) + " " + (row + quiet) + "h" + run + "v1h-" + run + "z";
        col += run - 1;
      }
    }
    var ns = "http://www.w3.org/2000/svg", side = size + 2 * quiet;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + side + " " + side);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", (box.dataset.label || "") + url);
    svg.setAttribute("shape-rendering", "crispEdges");
    var background = document.createElementNS(ns, "rect");
    background.setAttribute("width", side);
    background.setAttribute("height", side);
    background.setAttribute("fill", "#fff");
    var modules = document.createElementNS(ns, "path");
    modules.setAttribute("d", path);
    modules.setAttribute("fill", "#000");
    svg.appendChild(background);
    svg.appendChild(modules);
    box.replaceChildren(svg);
    box.hidden = false;
    var link = box.parentNode.querySelector(".sl-permalink__url");
    if (link && !link.textContent) {
      link.href = url;
      link.textContent = url;
      link.closest(".sl-permalink__address").hidden = false;
    }
  }
})();
