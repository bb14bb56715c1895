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
