/*
 * 繁體: the Chinese pages in Traditional characters, converted in the reader's browser.
 *
 * The language menu (theme/partials/alternate.html) offers 简体中文, 繁體中文 and English.
 * On a Chinese page, 繁體中文 converts the page where it is and 简体中文 puts it back; on an
 * English page, 繁體中文 opens the same page in Chinese with 繁體 on. The choice is kept
 * (localStorage, under the Chinese site's address), so every Chinese page the reader opens
 * next is converted as it loads: the page stays hidden until then, for a second at most.
 *
 * The conversion is OpenCC's s2t (generator/render/traditional.py): at each place the
 * longest phrase of the table that starts there (头发 → 頭髮), else the character's form.
 * The table, written by the build with only the phrases the site's text holds, is fetched
 * only once a reader has chosen 繁體 and kept in localStorage; each page that uses the copy
 * asks the server whether it is still current (a conditional request) and converts again
 * at once if it is not. Text nodes, the title, aria-label, placeholder and alt of elements
 * and the document's title are converted; so is what scripts add later, such as search
 * results. Elements marked translate="no" (the menu's own entries) are left as they are.
 */
(function () {
  "use strict";

  const menu = document.querySelector("[data-sl-hant]");
  if (!menu || window.shangliangHant) return; // a theme's header may load it a second time
  window.shangliangHant = true;

  const root = new URL(menu.dataset.root, location.href);
  const KEY = root.pathname + ".hant";
  const TABLE_KEY = root.pathname + ".hant-table";
  const tableUrl = menu.dataset.table ? new URL(menu.dataset.table, location.href).href : "";
  const ATTRIBUTES = ["title", "aria-label", "placeholder", "alt"];
  const SKIP = "script, style, textarea, [translate=no]";
  const HAN = /[\u3007\u3400-\u9fff\uf900-\ufaff\ud840-\ud8bf]/;
  const WAIT_MS = 1000;

  const html = document.documentElement;
  const originalLang = html.getAttribute("lang");
  const originalTitle = document.title;
  const texts = new WeakMap();
  const attributes = new WeakMap();
  let loading = null;
  let active = null;
  let converted = false;
  let observer = null;

  // --- the reader's choice ------------------------------------------------------------

  function isChosen() {
    try {
      return localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  function choose(on) {
    try {
      if (on) localStorage.setItem(KEY, "1");
      else localStorage.removeItem(KEY);
    } catch (error) {
      /* storage off: the choice lasts for this page only */
    }
  }

  // --- the table ----------------------------------------------------------------------

  /** The table: the copy in storage at once, if there is one, while the server is asked
   *  whether it is still current; a newer table replaces it, and a converted page is
   *  converted again with it. */
  function loadTable() {
    if (!loading) {
      const stored = storedText();
      const fresh = fetch(tableUrl, { cache: "no-cache" }).then((response) => {
        if (!response.ok) throw new Error(response.status + " " + tableUrl);
        return response.text();
      });
      fresh.then(storeText, () => {});
      const copy = readStored(stored);
      if (!copy) {
        loading = fresh.then(read);
      } else {
        loading = Promise.resolve(copy);
        fresh.then((text) => {
          if (text === stored) return;
          const newer = read(text);
          loading = Promise.resolve(newer);
          if (converted) apply(newer);
        }, () => {});
      }
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  function storedText() {
    try {
      const stored = JSON.parse(localStorage.getItem(TABLE_KEY));
      if (stored && stored.url === tableUrl && typeof stored.text === "string") return stored.text;
    } catch (error) {
      /* none, or not readable: fetch it */
    }
    return null;
  }

  function storeText(text) {
    try {
      localStorage.setItem(TABLE_KEY, JSON.stringify({ url: tableUrl, text: text }));
    } catch (error) {
      /* full or off: the browser's cache still has it */
    }
  }

  function read(text) {
    return prepare(JSON.parse(text));
  }

  function readStored(text) {
    try {
      return text === null ? null : read(text);
    } catch (error) {
      return null; // damaged: the fetched table serves
    }
  }

  /** The table as read_table in generator/render/traditional.py reads it: the phrases
   *  listed in "segments" convert character by character. */
  function prepare(data) {
    const characters = new Map(Object.entries(data.characters));
    const phrases = new Map(Object.entries(data.phrases));
    for (const key of data.segments.split(" ")) {
      if (key) phrases.set(key, Array.from(key, (character) => characters.get(character) || character).join(""));
    }
    const starts = new Set();
    let longest = 1;
    for (const key of phrases.keys()) {
      starts.add(key.slice(0, 2));
      if (key.length > longest) longest = key.length;
    }
    return { phrases, starts, longest, characters };
  }

  /** ``text`` in Traditional characters, as generator/render/traditional.py's convert. */
  function convertText(text, t) {
    if (!HAN.test(text)) return text;
    let out = "";
    let i = 0;
    const n = text.length;
    while (i < n) {
      let form;
      let end = 0;
      if (t.starts.has(text.slice(i, i + 2))) {
        for (end = Math.min(i + t.longest, n); end > i + 1; end--) {
          form = t.phrases.get(text.slice(i, end));
          if (form !== undefined) break;
        }
      }
      if (form !== undefined) {
        out += form;
        i = end;
        continue;
      }
      const character = String.fromCodePoint(text.codePointAt(i));
      const traditional = t.characters.get(character);
      out += traditional === undefined ? character : traditional;
      i += character.length;
    }
    return out;
  }

  // --- converting the page and putting it back ------------------------------------------

  function isSkipped(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return !element || element.closest(SKIP) !== null;
  }

  function convertNode(node, t) {
    if (node.nodeType === Node.TEXT_NODE) {
      const source = texts.has(node) ? texts.get(node) : node.data;
      const result = convertText(source, t);
      if (result !== node.data) {
        texts.set(node, source);
        node.data = result;
      }
      return;
    }
    const saved = attributes.get(node) || {};
    for (const name of ATTRIBUTES) {
      if (!node.hasAttribute(name)) continue;
      const source = name in saved ? saved[name] : node.getAttribute(name);
      const result = convertText(source, t);
      if (result !== node.getAttribute(name)) {
        saved[name] = source;
        node.setAttribute(name, result);
      }
    }
    if (Object.keys(saved).length) attributes.set(node, saved);
  }

  function walk(top, visit) {
    if (isSkipped(top)) return;
    if (top.nodeType === Node.TEXT_NODE) {
      visit(top);
      return;
    }
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.nodeType === Node.ELEMENT_NODE && node.matches(SKIP)
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let node = top; node; node = walker.nextNode()) visit(node);
  }

  function apply(t) {
    if (observer) observer.disconnect();
    active = t;
    walk(document.body, (node) => convertNode(node, t));
    document.title = convertText(originalTitle, t);
    html.setAttribute("lang", "zh-Hant");
    converted = true;
    showCurrent();
    if (!observer) observer = new MutationObserver(convertAdded);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  /** What scripts add or change after the conversion (search results, messages). */
  function convertAdded(records) {
    const t = active;
    for (const record of records) {
      if (record.type === "characterData") {
        texts.delete(record.target);
        if (!isSkipped(record.target)) convertNode(record.target, t);
      } else {
        record.addedNodes.forEach((node) => walk(node, (each) => convertNode(each, t)));
      }
    }
    observer.takeRecords(); // the changes just made
  }

  function revert() {
    if (observer) observer.disconnect();
    walk(document.body, (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        if (texts.has(node)) node.data = texts.get(node);
        texts.delete(node);
        return;
      }
      const saved = attributes.get(node);
      if (!saved) return;
      for (const name of Object.keys(saved)) node.setAttribute(name, saved[name]);
      attributes.delete(node);
    });
    document.title = originalTitle;
    if (originalLang === null) html.removeAttribute("lang");
    else html.setAttribute("lang", originalLang);
    converted = false;
    showCurrent();
  }

  function showCurrent() {
    if (!tableUrl) return; // an English page: its own entry is the current one
    for (const link of menu.querySelectorAll("[data-sl-script]")) {
      const current = (link.dataset.slScript === "hant") === converted;
      if (current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  }

  // --- the menu -----------------------------------------------------------------------

  menu.addEventListener("click", (event) => {
    const link = event.target.closest("[data-sl-script]");
    if (!link) return;
    const hant = link.dataset.slScript === "hant";
    choose(hant);
    if (!tableUrl) return; // an English page: the link opens the Chinese page
    event.preventDefault();
    if (event.detail) link.blur(); // a tap or click: close the menu (open while it holds the focus); keys keep their place
    if (!hant) {
      if (converted) revert();
      return;
    }
    if (converted) return;
    const started = performance.now();
    loadTable()
      .then((t) => {
        apply(t);
        performance.measure("sl-hant-switch", { start: started }); // benchmarks/traditional.py reads it
      })
      .catch(() => choose(false));
  });

  // --- a Chinese page opened with 繁體 chosen ---------------------------------------------

  if (tableUrl && isChosen()) {
    const body = document.body;
    const show = () => { body.style.visibility = ""; };
    body.style.visibility = "hidden";
    const timer = setTimeout(show, WAIT_MS);
    loadTable(); // starts now; by the time the page is parsed, a newer table may have come
    const ready = new Promise((resolve) => {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
      else resolve();
    });
    ready
      .then(loadTable)
      .then((t) => {
        const started = performance.now();
        apply(t);
        performance.measure("sl-hant-load", { start: started });
      })
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        show();
      });
  }
})();
