// Material for MkDocs 9.x partials/javascripts/content.html, as a file instead of an inline
// script (the pages' Content Security Policy runs no inline script): an address whose
// fragment names a content tab opens that tab.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
