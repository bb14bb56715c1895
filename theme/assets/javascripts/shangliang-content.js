// Material for MkDocs 9.x partials/javascripts/content.html, as a file instead of an inline
// script (the pages' Content Security Policy runs no inline script): an address whose
// fragment names a content tab opens that tab.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));

// A page with the light frame (theme/main.html) carries the drawer's links only in the
// tabs, which shangliang-frame.js made above: they are copied into the drawer here, as
// Material writes them, under the drawer's title (the header's logo and the site's name),
// before Material's script starts. The button "back to the top" (Material's
// partials/top.html) goes after the main part's inside, which this script ends, with the
// frame's words; Material's script shows it.
(function () {
  var list = document.querySelector("[data-sl-from-tabs]");
  if (!list) return;
  var frame = window.shangliangFrame || {};
  var main = document.querySelector("main.md-main");
  if (frame.top && main && !document.querySelector("[data-md-component=top]")) {
    var top = document.createElement("button");
    top.type = "button";
    top.className = "md-top md-icon";
    top.setAttribute("data-md-component", "top");
    top.hidden = true;
    var arrow = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    arrow.setAttribute("class", "sl-i sl-i--top");
    arrow.setAttribute("aria-hidden", "true");
    top.appendChild(document.createTextNode("\n"));
    top.appendChild(arrow);
    top.appendChild(document.createTextNode("\n" + frame.top + "\n"));
    main.appendChild(top);
  }
  var logo = document.querySelector(".md-header .md-logo");
  if (logo) {
    var title = document.createElement("label");
    title.className = "md-nav__title";
    title.htmlFor = "__drawer";
    var home = logo.cloneNode(true);
    home.className = "md-nav__button md-logo";
    title.appendChild(home);
    title.appendChild(document.createTextNode(logo.getAttribute("title") || ""));
    list.parentNode.insertBefore(title, list.parentNode.firstChild);
  }
  var tabs = document.querySelectorAll(".md-tabs__link");
  for (var i = 0; i < tabs.length; i++) {
    var item = document.createElement("li");
    item.className = "md-nav__item";
    var link = document.createElement("a");
    link.className = "md-nav__link";
    link.href = tabs[i].getAttribute("href");
    var name = document.createElement("span");
    name.className = "md-ellipsis";
    name.textContent = tabs[i].textContent.trim();
    link.appendChild(name);
    item.appendChild(link);
    list.appendChild(item);
  }
})();
