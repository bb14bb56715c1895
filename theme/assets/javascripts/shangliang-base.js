// Material for MkDocs 9.x partials/javascripts/base.html, as a file instead of an inline
// script (the pages' Content Security Policy runs no inline script). The site's scope comes
// from the script element's data-scope, where Material's template wrote it into the code.
var __md_scope = new URL(document.currentScript.dataset.scope, location),
  __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
  __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
  __md_set = (e, _, t = localStorage, a = __md_scope) => {
    try {
      t.setItem(a.pathname + "." + e, JSON.stringify(_));
    } catch (e) {}
  };

// Material looks for a sitemap.xml beside the address of every <link rel="alternate"> in the
// head, to send the language switcher to the same page in the other language. Here those
// links are the page's other-language addresses and its Atom feeds, so a page view fetched
// <page>/sitemap.xml and feeds/sitemap.xml (both missing) and the home page both whole
// sitemaps. The switcher already links to the same page (partials/alternate.html), so the
// links are hidden from that lookup before Material's script starts (its DOMContentLoaded
// handler is added after this one); crawlers and feed readers read them from the HTML.
document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.head.querySelectorAll("link[rel=alternate]")) {
    link.rel = "alternate shangliang";
  }
});
