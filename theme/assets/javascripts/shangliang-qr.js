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
  var sections = document.querySelectorAll(".sl-permalink");
  if (!sections.length) return;
  var here = document.currentScript && document.currentScript.src;
  var library = document.createElement("script");
  library.src = new URL("vendor/qrcode-generator/qrcode.js", here || location.href).href;
  library.addEventListener("load", function () {
    Array.prototype.forEach.call(sections, draw);
  });
  document.head.appendChild(library);

  // The page's permanent address: from site_url at build time, else the canonical link,
  // else where the browser is (without query or fragment).
  function address(section) {
    if (section.dataset.address) return section.dataset.address;
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && /^https?:/.test(canonical.href)) return canonical.href;
    return location.origin + location.pathname;
  }

  // The section (generator/render/templates/layout.html) holds its heading, and the printed
  // address when the build knew it; the code goes under the heading, the address after it.
  function draw(section) {
    var url = address(section);
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
    svg.setAttribute("aria-label", (section.dataset.label || "") + url);
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
    var box = document.createElement("div");
    box.className = "sl-qr";
    box.appendChild(svg);
    var heading = section.querySelector("h2");
    section.insertBefore(box, heading ? heading.nextSibling : section.firstChild);
    if (!section.querySelector(".sl-permalink__url")) {
      var line = document.createElement("p");
      line.className = "sl-permalink__address";
      line.textContent = section.dataset.addressLabel || "";
      var link = document.createElement("a");
      link.className = "sl-permalink__url";
      link.href = url;
      link.textContent = url;
      line.appendChild(link);
      section.appendChild(line);
    }
    section.hidden = false;
  }
})();
