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
 * - Chinese is searched as its pairs of neighbouring characters, coded as the index holds
 *   them (pairCodes; generator/render/search.py says why), so that a name is found
 *   whatever the words around it; a short query no record has whole is tried as its
 *   characters apart, each where it starts a pair (防 and 火 in 防范 and 火灾).
 * A result's excerpt is the sentence of the record's readable text that has most of the
 * query, with the query marked; the record's summary when only hidden words matched.
 * Results link to records in the reader's language, relative to where the site is served:
 * each record gives its address relative to the language's site root (meta "url").
 */
(function () {
  "use strict";

  const box = document.querySelector("[data-sl-search]");
  if (!box) return;
  // the box's inside, the same on every page of the language, comes from
  // shangliang-search-dialog.js (theme/partials/search-dialog.html), loaded just before
  if (!box.querySelector(".md-search__form") && typeof window.shangliangSearchDialog === "string") {
    box.insertAdjacentHTML("beforeend", window.shangliangSearchDialog);
  }
  if (!box.querySelector(".md-search__form")) return;

  const toggle = document.getElementById("__search");
  const form = box.querySelector(".md-search__form");
  const input = box.querySelector(".md-search__input");
  const scrollwrap = box.querySelector(".md-search__scrollwrap");
  const status = box.querySelector(".sl-search__status");
  const facets = box.querySelector(".sl-search__filters");
  const list = box.querySelector(".sl-search__list");
  const more = box.querySelector(".sl-search__more");
  const earlier = box.querySelector(".sl-search__earlier");
  const words = JSON.parse(box.querySelector(".sl-search__strings").textContent);
  const bundle = new URL(box.dataset.bundle, location.href);
  const siteRoot = new URL(box.dataset.root, location.href);
  const settings = form.dataset; // the language's, the same on every page: from the box's inside
  const enabled = settings.enabled === "true";
  const termsAnchor = "#" + settings.termsAnchor;
  const termsMark = settings.termsMark;
  const pairPrefix = settings.pairPrefix;
  const isChinese = (document.documentElement.lang || "").toLowerCase().startsWith("zh");

  const PAGE_SIZE = 10;
  const DELAY_MS = 60;
  const FACETS = ["type", "year", "platform"];
  const FACET_CHIPS = 8;
  const HAN = /\p{Script=Han}/u;
  const CODED = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff"; // the characters render/search.py codes
  const HAN_RUN = new RegExp("[" + CODED + "]+", "gu");
  // marks readers leave out between two characters (任·诚, “两创”工作), as render/search.py does
  const JOINED = new RegExp("(?<=[" + CODED + "])[·・•‧“”‘’「」『』《》〈〉]+(?=[" + CODED + "])", "gu");
  const SENTENCE_END = /(?<=[。！？；!?;])\s*|(?<=\.)\s+/u;
  const EXCERPT_CHARACTERS = isChinese ? 90 : 220;
  const LOOSE_UP_TO = 3;
  const LATIN_ONLY = /^[a-z0-9\s]+$/i;

  let engine = null;
  const engines = new Map(); // the earlier bundles' Pagefinds, by folder
  const failures = new Map(); // and how many times each failed to load
  let bundles = null;
  let bundleList = null; // once loaded: { newest: {from, to}, earlier: [{path, from, to}] }
  let filtersLoaded = null;
  let t2s = null;
  let timer = 0;
  let serial = 0;
  // groups: the results of each bundle searched, the newest's first, each with its list and
  // its "more" button (an earlier bundle's are a list of their own, under a heading of
  // their years) and how many of them are shown; searched: how many bundles that is
  const state = { filters: {}, groups: [], query: "", searched: 1 };

  // --- loading ---------------------------------------------------------------------

  function loadEngine() {
    if (!enabled) return Promise.reject(new Error("no index"));
    if (!engine) engine = loadPagefind(bundle);
    return engine;
  }

  /** An archive too big for one bundle is indexed in several, by years (search/bundles.json):
   *  the newest is searched, and each earlier one when the reader asks for it. */
  function loadBundles() {
    if (!bundles) {
      bundles = fetch(new URL("bundles.json", bundle).href)
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => {
          bundles = null; // the network failed: ask again with the next query
          return null;
        })
        .then((listed) => {
          bundleList = listed && Array.isArray(listed.earlier) ? listed : { newest: null, earlier: [] };
          return bundleList;
        });
    }
    return bundles;
  }

  function loadEarlier(path) {
    const folder = new URL(path, bundle);
    if (folder.origin !== bundle.origin || !folder.pathname.startsWith(bundle.pathname)) return Promise.reject(new Error("not a bundle"));
    if (!engines.has(folder.href)) {
      const attempt = (failures.get(folder.href) || 0);
      const loading = loadPagefind(folder, attempt);
      loading.catch(() => {
        engines.delete(folder.href);
        failures.set(folder.href, attempt + 1);
      });
      engines.set(folder.href, loading);
    }
    return engines.get(folder.href);
  }

  /** Pagefind from ``folder``; an attempt after a failed one asks for it under another
   *  address, as a browser keeps a module that failed to load as failed. */
  function loadPagefind(folder, attempt) {
    const script = new URL("pagefind.js", folder);
    if (attempt) script.search = "?attempt=" + attempt;
    return import(script.href).then(async (pagefind) => {
      // noWorker: a search takes milliseconds, and Pagefind's worker script would add a
      // tenth to the bytes of a reader's first query
      // pageLength: a record's page is long for what it says (facts, hidden words), and
      // Pagefind's default (0.75) ranked every short page that names a platform above the
      // platform's own page (benchmarks/relevance/)
      await pagefind.options({ excerptLength: 26, noWorker: true, ranking: { pageLength: 0.2 } });
      await pagefind.init();
      await pagefind.search(""); // loads the page list and the search code, no index chunk
      return pagefind;
    });
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
    if (query.match(HAN_RUN)) {
      // a short query no record has whole is tried as its characters apart (each where it
      // starts a pair); a long one (量子计算机) would find records that only share characters
      const characters = (query.match(HAN_RUN) || []).join("").length;
      return characters >= 2 && characters <= LOOSE_UP_TO ? [coded(query), coded(query, true)] : [coded(query)];
    }
    const forms = [query];
    if (LATIN_ONLY.test(query) && query.includes(" ")) {
      const joined = query.replace(/\s/g, "");
      if (isChinese) forms.unshift(joined);
      else forms.push(joined);
    }
    return forms;
  }

  /** ``query`` with each run of Chinese characters written as the codes of its pairs of
   *  neighbouring characters (one character alone: its own code), as the index holds
   *  them: 邹城市 → q<邹><城> q<城><市>, each character five digits. */
  function coded(query, loose) {
    return query.replace(JOINED, "").replace(HAN_RUN, (run) => " " + pairCodes(run, loose).join(" ") + " ").replace(/\s+/g, " ").trim();
  }

  /** The codes of ``run``'s pairs; with ``loose``, of its characters one by one (each
   *  finds the pairs it starts). */
  function pairCodes(run, loose) {
    const digits = Array.from(run, (character) => String(character.codePointAt(0) - 0x3400).padStart(5, "0"));
    if (loose) return digits.map((digit) => pairPrefix + digit);
    if (digits.length === 1) return [pairPrefix + digits[0]];
    return digits.slice(1).map((second, index) => pairPrefix + digits[index] + second);
  }

  async function find(pagefind, query) {
    const options = { filters: activeFilters() };
    let search = null;
    for (const form of attempts(query)) {
      search = await pagefind.search(form, options);
      if (search && search.results.length && !(await isStandIn(search, form))) return search;
    }
    return search && { ...search, results: [], filters: {} };
  }

  /** Whether Pagefind found ``form``'s results for a shortened word: a word that no page
   *  has is cut letter by letter until some page has its start, so a pair of characters
   *  that no record has would find pages with some other pair starting with the same
   *  character. If the best result lacks a pair of the query, no page has it. */
  async function isStandIn(search, form) {
    const isCode = new RegExp("^" + escapeRegExp(pairPrefix) + "\\d+$");
    const codes = form.split(" ").filter((word) => isCode.test(word));
    if (!codes.length) return false;
    const text = (await search.results[0].data()).content || "";
    const single = pairPrefix.length + 5; // one character's code, which pairs start with
    return !codes.every((code) =>
      new RegExp("(?:^|[\\s\u200b])" + code + (code.length === single ? "(?:\\d{5})?" : "") + "(?!\\d)").test(text));
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
    if (!enabled) {
      showUnavailable(); // a site built without its index: nothing to load from it
      return;
    }
    const typed = input.value;
    const query = await tidy(typed);
    if (!isWorthSearching(query)) {
      if (mine === serial) clear();
      return;
    }
    let pagefind;
    try {
      if (!engine) showStatus(words["search-loading"]);
      [pagefind] = await Promise.all([loadEngine(), loadBundles()]);
    } catch (error) {
      if (mine === serial) showUnavailable();
      return;
    }
    const search = await find(pagefind, query);
    if (mine !== serial || !search) return;
    state.query = query;
    state.searched = 1;
    clearLists();
    state.groups = [{ results: search.results, shown: 0, list, more }];
    renderFacets(filtersLoaded ? search.filters || {} : null);
    await showMore(mine, state.groups[0]);
    if (mine !== serial) return;
    showDone(typed);
  }

  /** The results of the bundle before those searched so far, after them, as a list of their
   *  own under a heading of their years. */
  async function searchEarlier() {
    const mine = serial;
    const groups = state.groups;
    const next = bundleList && bundleList.earlier[state.searched - 1];
    if (!next || box.dataset.state !== "done" || earlier.getAttribute("aria-disabled") === "true") return;
    earlier.setAttribute("aria-disabled", "true"); // kept, and focused, while it loads
    box.dataset.state = "searching";
    showStatus(words["search-loading"]);
    let search = null;
    try {
      search = await find(await loadEarlier(next.path), state.query);
    } catch (error) {
      search = null;
    }
    earlier.removeAttribute("aria-disabled");
    if (mine !== serial || state.groups !== groups) return; // the reader has asked something else
    if (!search) {
      showStatus(words["search-earlier-failed"]); // the button stays, to try again
      box.dataset.state = "done";
      return;
    }
    const section = element("section", "sl-search__group");
    const heading = element("h2", "sl-search__period", words["search-period-heading"].replace("{period}", yearsText(next.from, next.to)));
    heading.tabIndex = -1;
    section.append(heading);
    const group = { results: search.results, shown: 0, list: null, more: null };
    if (search.results.length) {
      group.list = element("ol", "md-search-result__list sl-search__list");
      group.more = element("button", "sl-search__more", words["search-more"]);
      group.more.type = "button";
      group.more.hidden = true;
      group.more.addEventListener("click", () => showMore(serial, group));
      section.append(group.list, group.more);
    } else {
      section.append(element("p", "sl-search__none", words["search-none"]));
    }
    earlier.before(section);
    state.groups = [...groups, group];
    state.searched += 1;
    if (group.list) await showMore(mine, group);
    if (mine !== serial) return;
    offerEarlier();
    showDone(box.dataset.query || state.query);
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }

  function showDone(typed) {
    showStatus(statusText());
    box.dataset.query = typed;
    box.dataset.state = "done";
    box.dispatchEvent(new CustomEvent("sl-search-results", { detail: { query: typed, count: resultCount(), bundles: state.searched } }));
  }

  /** Search once typing pauses; at once for text that arrives whole (an input method's
   *  commit, a paste). */
  function schedule(event) {
    clearTimeout(timer);
    serial++; // a search still under way is for a query the reader has gone past
    box.dataset.state = "typing";
    earlier.hidden = true; // the results shown are not the query's any more
    const whole = event && (event.type === "compositionend" || (event.data && event.data.length > 1));
    timer = setTimeout(run, whole ? 0 : DELAY_MS);
  }

  // --- rendering ---------------------------------------------------------------------

  /** The next page of ``group``'s results (a bundle's). */
  async function showMore(mine, group) {
    const next = group.results.slice(group.shown, group.shown + PAGE_SIZE);
    let data = await Promise.all(next.map((result) => result.data()));
    if (mine !== serial) return;
    if (!group.shown) data = titlesFirst(data, state.query);
    group.list.append(...data.map(renderHit));
    group.shown += next.length;
    group.more.hidden = group.shown >= group.results.length;
    offerEarlier();
  }

  /** The next earlier bundle, if there is one, below every result shown. */
  function offerEarlier() {
    const next = bundleList && bundleList.earlier[state.searched - 1];
    earlier.hidden = !next;
    if (next) earlier.textContent = words["search-earlier"].replace("{period}", yearsText(next.from, next.to));
  }

  function resultCount() {
    return state.groups.reduce((count, group) => count + group.results.length, 0);
  }

  /** The results' count, and the years searched when the archive has earlier bundles. */
  function statusText() {
    const count = countText(resultCount());
    if (!bundleList || !bundleList.earlier.length) return count;
    const searched = [bundleList.newest, ...bundleList.earlier.slice(0, state.searched - 1)].filter(Boolean);
    const years = searched.flatMap((listed) => [listed.from, listed.to]).filter(Number.isInteger);
    if (!years.length) return count;
    const span = yearsText(Math.min(...years), Math.max(...years));
    return words["search-period-results"].replace("{period}", span).replace("{count}", count);
  }

  /** "2015—2019年", "2019年", or nothing for a bundle of pages without a date. */
  function yearsText(from, to) {
    const years = [from, to].filter(Number.isInteger);
    if (!years.length) return "";
    const [first, last] = [Math.min(...years), Math.max(...years)];
    if (first === last) return words["search-year"].replace("{year}", first);
    return words["search-years"].replace("{from}", first).replace("{to}", last);
  }

  /** The results' lists emptied, and those of earlier bundles removed. */
  function clearLists() {
    list.replaceChildren();
    box.querySelectorAll(".sl-search__group").forEach((group) => group.remove());
  }

  /** The first page of results with those whose title is the query, then those whose
   *  title has all of it, first; otherwise in Pagefind's order. */
  function titlesFirst(data, query) {
    const wanted = query.toLowerCase().split(/\s+/).filter(Boolean);
    const rank = (hit) => {
      const title = ((hit.meta || {}).title || "").toLowerCase();
      if (title === query.toLowerCase()) return 0;
      return wanted.length && wanted.every((word) => title.includes(word)) ? 1 : 2;
    };
    return data.map((hit, index) => [rank(hit), index, hit]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((entry) => entry[2]);
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
    const sentence = sentenceExcerpt(data, state.query);
    const readable = sentence ? null : readableExcerpt(data);
    if (sentence) excerpt.append(...sentence);
    else if (readable !== null) excerpt.innerHTML = readable; // Pagefind escapes it, adding only <mark>
    else excerpt.textContent = meta.summary || "";
    article.append(facts, title, excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  /** The sentence of the record's readable text (before the hidden words) that has most
   *  of the query, as text and <mark> nodes, cut around the first match when long; null
   *  when no sentence has any of it (it matched hidden words: pinyin, a synonym). */
  function sentenceExcerpt(data, query) {
    const pattern = queryPattern(query);
    if (!pattern) return null;
    let text = (data.content || "").replace(/\u200b/g, "");
    const cut = termsMark ? text.indexOf(termsMark) : -1;
    if (cut >= 0) text = text.slice(0, cut);
    const title = ((data.meta || {}).title || "").trim();
    let best = null;
    let bestScore = 0;
    for (const sentence of text.split(SENTENCE_END)) {
      const trimmed = sentence.replace(/^[\s.,;:·。，、；：]+/, "").trim();
      if (!trimmed || trimmed === title || trimmed.replace(/[.。]$/, "") === title) continue;
      const found = new Set(Array.from(trimmed.matchAll(pattern), (match) => match[0].toLowerCase()));
      const score = Array.from(found).reduce((sum, word) => sum + word.length, 0);
      if (score > bestScore) [best, bestScore] = [trimmed, score];
    }
    return best === null ? null : marked(shorten(best, pattern), pattern);
  }

  /** What of ``query`` an excerpt marks: its Chinese as typed, its other words as the
   *  start of a word (a word's first letters, so that "consultations" marks
   *  "consultation"); null when there is nothing to mark. */
  function queryPattern(query) {
    const parts = [];
    for (const run of query.match(HAN_RUN) || []) parts.push(escapeRegExp(run));
    for (const word of query.replace(HAN_RUN, " ").split(/[\s\p{P}]+/u)) {
      if (word.length < 2) continue;
      const stem = word.length > 5 ? word.slice(0, Math.max(4, word.length - 3)) : word;
      parts.push("(?<![\\p{L}\\p{N}])" + escapeRegExp(stem) + "[\\p{L}\\p{N}]*");
    }
    if (!parts.length) return null;
    parts.sort((a, b) => b.length - a.length);
    return new RegExp(parts.join("|"), "giu");
  }

  function shorten(sentence, pattern) {
    const characters = Array.from(sentence);
    if (characters.length <= EXCERPT_CHARACTERS) return sentence;
    const first = sentence.search(new RegExp(pattern.source, "iu")); // exec would move the shared pattern's lastIndex
    const at = first > 0 ? Array.from(sentence.slice(0, first)).length : 0;
    const start = Math.max(0, Math.min(at - Math.floor(EXCERPT_CHARACTERS / 3), characters.length - EXCERPT_CHARACTERS));
    const end = start + EXCERPT_CHARACTERS;
    return (start > 0 ? "…" : "") + characters.slice(start, end).join("") + (end < characters.length ? "…" : "");
  }

  function marked(text, pattern) {
    const nodes = [];
    let at = 0;
    for (const match of text.matchAll(pattern)) {
      if (!match[0]) continue;
      if (match.index > at) nodes.push(document.createTextNode(text.slice(at, match.index)));
      nodes.push(element("mark", "", match[0]));
      at = match.index + match[0].length;
    }
    if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
    return nodes;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** Pagefind's excerpt from the record's readable text, or null when the query matched
   *  none of it (only the hidden words, which readers should not see). */
  function readableExcerpt(data) {
    const sections = (data.sub_results || []).filter((section) => !section.url.endsWith(termsAnchor) && section.locations.length);
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
      facets.hidden = !resultCount();
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
    clearLists();
    facets.replaceChildren();
    facets.hidden = true;
    more.hidden = true;
    earlier.hidden = true;
    state.groups = [];
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
    if (isChinese && enabled) loadT2s(); // most queries here are in characters
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
  more.addEventListener("click", () => state.groups.length && showMore(serial, state.groups[0]));
  earlier.addEventListener("click", searchEarlier);
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
      const links = [input, ...box.querySelectorAll(".sl-search__list a")];
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
