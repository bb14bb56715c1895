/*
 * The site search: Pagefind behind Material's search box (theme/partials/search.html).
 *
 * Nothing is loaded until the reader focuses the box. Then Pagefind's bundle for this
 * language (search/ at the language's site root) starts loading; each query fetches only
 * the index chunks it needs. Before searching, a query is tidied:
 * - characters typed in Traditional Chinese become Simplified (search/t2s.json, made from
 *   OpenCC's dictionaries at build time), as the records are written in Simplified;
 * - pinyin typed with spaces (ji shi shang liang) is also tried joined (jishishangliang),
 *   the form the index holds (generator/render/pinyin.py);
 * - Chinese that finds nothing is tried once more as a phrase of single characters, which
 *   every record's title also carries on the Chinese site (generator/render/search.py).
 * Results link to records in the reader's language, relative to where the site is served:
 * each record gives its address relative to the language's site root (meta "url").
 */
(function () {
  "use strict";

  const box = document.querySelector("[data-sl-search]");
  if (!box) return;

  const toggle = document.getElementById("__search");
  const form = box.querySelector(".md-search__form");
  const input = box.querySelector(".md-search__input");
  const scrollwrap = box.querySelector(".md-search__scrollwrap");
  const status = box.querySelector(".sl-search__status");
  const facets = box.querySelector(".sl-search__filters");
  const list = box.querySelector(".sl-search__list");
  const more = box.querySelector(".sl-search__more");
  const words = JSON.parse(box.querySelector(".sl-search__strings").textContent);
  const bundle = new URL(box.dataset.bundle, location.href);
  const siteRoot = new URL(box.dataset.root, location.href);
  const termsAnchor = "#" + box.dataset.termsAnchor;
  const isChinese = (document.documentElement.lang || "").toLowerCase().startsWith("zh");

  const PAGE_SIZE = 10;
  const DELAY_MS = 60;
  const FACETS = ["type", "year", "platform"];
  const FACET_CHIPS = 8;
  const HAN = /\p{Script=Han}/u;
  const LATIN_ONLY = /^[a-z0-9\s]+$/i;

  let engine = null;
  let filtersLoaded = null;
  let t2s = null;
  let timer = 0;
  let serial = 0;
  const state = { filters: {}, results: [], shown: 0 };

  // --- loading ---------------------------------------------------------------------

  function loadEngine() {
    if (box.dataset.enabled !== "true") return Promise.reject(new Error("no index"));
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(async (pagefind) => {
        // noWorker: a search takes milliseconds, and Pagefind's worker script would add a
        // tenth to the bytes of a reader's first query
        await pagefind.options({ excerptLength: 26, noWorker: true });
        await pagefind.init();
        await pagefind.search(""); // loads the page list and the search code, no index chunk
        return pagefind;
      });
    }
    return engine;
  }

  /** Filter counts need every filter's page lists, as large together as the rest of a
   *  first query: they are loaded when the reader first asks for filters. */
  function loadFilters() {
    if (!filtersLoaded) {
      filtersLoaded = loadEngine().then((pagefind) => pagefind.filters());
      filtersLoaded.catch(() => { filtersLoaded = null; });
    }
    return filtersLoaded;
  }

  function loadT2s() {
    if (!t2s) {
      t2s = fetch(new URL("t2s.json", bundle).href)
        .then((response) => (response.ok ? response.json() : { t: "", s: "" }))
        .then(({ t, s }) => {
          const traditional = Array.from(t);
          const simplified = Array.from(s);
          return new Map(traditional.map((character, index) => [character, simplified[index]]));
        })
        .catch(() => new Map());
    }
    return t2s;
  }

  // --- queries -----------------------------------------------------------------------

  async function tidy(raw) {
    let query = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
    if (HAN.test(query)) {
      const map = await loadT2s();
      query = Array.from(query, (character) => map.get(character) || character).join("");
    }
    return query;
  }

  function isWorthSearching(query) {
    return HAN.test(query) || query.replace(/\s/g, "").length >= 2;
  }

  /** The forms of a query to try, best first; the first that finds anything wins. */
  function attempts(query) {
    const forms = [query];
    if (LATIN_ONLY.test(query) && query.includes(" ")) {
      const joined = query.replace(/\s/g, "");
      if (isChinese) forms.unshift(joined);
      else forms.push(joined);
    }
    if (HAN.test(query)) {
      const characters = Array.from(query.replace(/\s/g, ""));
      if (characters.length > 1) forms.push('"' + characters.join(" ") + '"');
    }
    return forms;
  }

  async function find(pagefind, query) {
    const options = { filters: activeFilters() };
    let search = null;
    for (const form of attempts(query)) {
      search = await pagefind.search(form, options);
      if (search && search.results.length) break;
    }
    return search;
  }

  function activeFilters() {
    const filters = {};
    for (const [facet, value] of Object.entries(state.filters)) {
      if (value) filters[facet] = value;
    }
    return filters;
  }

  async function run() {
    const mine = ++serial;
    const typed = input.value;
    const query = await tidy(typed);
    if (!isWorthSearching(query)) {
      if (mine === serial) clear();
      return;
    }
    let pagefind;
    try {
      if (!engine) showStatus(words["search-loading"]);
      pagefind = await loadEngine();
    } catch (error) {
      if (mine === serial) showUnavailable();
      return;
    }
    const search = await find(pagefind, query);
    if (mine !== serial || !search) return;
    state.results = search.results;
    state.shown = 0;
    list.replaceChildren();
    renderFacets(filtersLoaded ? search.filters || {} : null);
    await showMore(mine);
    if (mine !== serial) return;
    showStatus(countText(search.results.length));
    box.dataset.query = typed;
    box.dataset.state = "done";
    box.dispatchEvent(new CustomEvent("sl-search-results", { detail: { query: typed, count: search.results.length } }));
  }

  /** Search once typing pauses; at once for text that arrives whole (an input method's
   *  commit, a paste). */
  function schedule(event) {
    clearTimeout(timer);
    serial++; // a search still under way is for a query the reader has gone past
    box.dataset.state = "typing";
    const whole = event && (event.type === "compositionend" || (event.data && event.data.length > 1));
    timer = setTimeout(run, whole ? 0 : DELAY_MS);
  }

  // --- rendering ---------------------------------------------------------------------

  async function showMore(mine) {
    const next = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    if (mine !== serial) return;
    list.append(...data.map(renderHit));
    state.shown += next.length;
    more.hidden = state.shown >= state.results.length;
  }

  function renderHit(data) {
    const meta = data.meta || {};
    const item = element("li", "md-search-result__item sl-hit");
    const link = element("a", "md-search-result__link sl-hit__link");
    link.href = new URL(meta.url || data.url.replace(/^\//, ""), siteRoot).href;
    const article = element("article", "md-search-result__article sl-hit__article");
    const facts = element("p", "sl-hit__facts");
    facts.append(element("span", "sl-hit__kind", meta.kind || ""));
    for (const [name, value] of [["date", meta.date], ["platform", meta.platform]]) {
      if (!value) continue;
      facts.append(element("span", "sl-hit__sep", " · "), element("span", "sl-hit__" + name, value));
    }
    const title = element("h3", "sl-hit__title", meta.title || data.url);
    const excerpt = element("p", "sl-hit__excerpt");
    const readable = readableExcerpt(data);
    if (readable !== null) excerpt.innerHTML = readable; // Pagefind escapes it, adding only <mark>
    else excerpt.textContent = meta.summary || "";
    article.append(facts, title, excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  /** The excerpt from the record's readable text, or null when the query matched only the
   *  hidden spellings (pinyin, initials), which readers should not see. */
  function readableExcerpt(data) {
    const sections = (data.sub_results || []).filter((section) => !section.url.endsWith(termsAnchor));
    if (!sections.length) return null;
    const best = sections.reduce((a, b) => (b.locations.length > a.locations.length ? b : a));
    return best.excerpt.replace(/^[\s.,;:·。，、；：]+/, "");
  }

  function renderFacets(counts) {
    facets.replaceChildren();
    if (counts === null) {
      const open = element("button", "sl-search__chip sl-search__show-filters", words["search-filters"]);
      open.type = "button";
      open.addEventListener("click", async () => {
        open.disabled = true;
        await loadFilters();
        await run();
        box.dispatchEvent(new CustomEvent("sl-search-filters", { detail: { query: box.dataset.query } }));
        const first = facets.querySelector("button");
        if (first) first.focus();
      });
      facets.append(open);
      facets.hidden = !state.results.length;
      return;
    }
    for (const facet of FACETS) {
      const values = counts[facet] || {};
      const active = state.filters[facet];
      let chips = Object.entries(values).filter(([value, count]) => count > 0 || value === active);
      if (active) chips = [[active, values[active] || 0]];
      if (!chips.length) continue;
      chips.sort(facet === "year" ? byYear : byCount);
      const row = element("div", "sl-search__facet");
      row.dataset.facet = facet;
      row.append(element("span", "sl-search__facet-label", words["search-filter-" + facet]));
      const chipList = element("div", "sl-search__chips");
      for (const [value, count] of chips.slice(0, FACET_CHIPS)) {
        const chip = element("button", "sl-search__chip" + (value === active ? " sl-active" : ""));
        chip.type = "button";
        chip.dataset.value = value;
        chip.setAttribute("aria-pressed", String(value === active));
        chip.append(element("span", "sl-search__chip-label", value));
        if (value !== active) chip.append(element("span", "sl-search__chip-count", String(count)));
        chip.addEventListener("click", () => choose(facet, value === active ? null : value));
        chipList.append(chip);
      }
      row.append(chipList);
      facets.append(row);
    }
    facets.hidden = !facets.childElementCount;
  }

  function byCount([a, x], [b, y]) {
    return y - x || a.localeCompare(b);
  }

  function byYear([a], [b]) {
    return parseInt(b, 10) - parseInt(a, 10);
  }

  function choose(facet, value) {
    state.filters[facet] = value;
    run();
    input.focus();
  }

  function countText(count) {
    if (!count) return words["search-none"];
    return count === 1 ? words["search-result"] : words["search-results"].replace("{n}", count.toLocaleString(document.documentElement.lang || undefined));
  }

  function showStatus(text) {
    status.textContent = text;
  }

  function showUnavailable() {
    clear();
    showStatus(words["search-unavailable"]);
  }

  function clear() {
    list.replaceChildren();
    facets.replaceChildren();
    facets.hidden = true;
    more.hidden = true;
    state.results = [];
    showStatus("");
    delete box.dataset.state;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- opening, closing, keys ---------------------------------------------------------

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    loadEngine().catch(() => showUnavailable());
    if (isChinese && box.dataset.enabled === "true") loadT2s(); // most queries here are in characters
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", (event) => {
    if (!event.isComposing) schedule(event); // an input method sends its text at compositionend
  });
  input.addEventListener("compositionend", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => {
    state.filters = {};
    serial++;
    clear();
    setTimeout(() => input.focus());
  });
  more.addEventListener("click", () => showMore(serial));
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) input.focus();
      else input.blur();
    });
  }
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const links = [input, ...list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      const next = links[(at + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length];
      next.focus();
      if (next !== input) next.scrollIntoView({ block: "nearest" });
    }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      input.focus();
    }
  });
  scrollwrap.addEventListener("click", (event) => event.stopPropagation());
})();
