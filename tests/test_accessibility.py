"""Every reader can use the site (WCAG 2.1 AA, 适老化): axe-core finds nothing on any page type
in either language on a desk and on a phone; the skip link, focus rings, reflow at 320 px, and
the Easy reading mode (关怀模式), on the built sample archive in Debian's Chromium.

axe-core is the copy shipped in the axe-playwright-python package: nothing is downloaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page, expect

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGE_ROOTS = ("", "en/")
PAGE_TYPES = (
    "",
    "past/",
    "past/year/2023/",
    "past/platform/jishi-shangliang/",
    "past/format/forum/",
    "past/stage/meeting/",
    "consultations/jining-2022-culture/",
    "consultations/jining-2022-yutai-parking/",  # untranslated: English shows the Chinese
    "outcomes/jining-2022-culture-instruction/",
    "outcomes/",
    "platforms/",
    "platforms/jishi-shangliang/",
    "units/",
    "units/jining-government/",
    "statistics/",
    "statistics/year/2023/",
    "data/",
    "about/",
    "404.html",
)
"""One page of each kind the sample archive builds; each is checked in both languages. (search/
holds the search index, not a page: the search box is checked open, on a page, below.)"""
ISSUE14_PAGE_TYPES = (
    "organisations/",
    "organisations/entrepreneurs-alliance/",
    "consultations/jining-2023-awaiting/",
    "consultations/studio-reading/",
    "platforms/jishi/",
    "platforms/rencheng-station/",
    "past/year/undated/",
)
"""The page types the sample archive does not have (organisations, an undated activity, a
quoted excerpt, a platform's channels), from the ``issue14_site`` build."""
MANY_PLATFORMS_PAGE_TYPES = ("past/", "past/platforms/", "past/platform/p-01/", "statistics/platform/p-01/")
"""A filter bar and statistics links that name only some platforms, with the way to all of
them, and the page of every platform's filter, from the ``many_platforms_site`` build."""
READING_PAGE_TYPES = (
    "", "past/", "consultations/jining-2022-culture/", "statistics/", "data/",
    "organisations/entrepreneurs-alliance/", "consultations/jining-2023-awaiting/",
)
"""The page types axe also checks in Easy reading mode."""
DESK, PHONE, NARROWEST = 1280, 390, 320
READING_KEY = "shangliang.reading"
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
"""Material's script sizes the sidebars once the page has loaded, in an animation frame: axe
looks after two frames, at the page a reader sees, not at a box about to be resized."""
RUN_AXE = f"() => axe.run(document, {{ runOnly: {{ type: 'tag', values: {AXE_TAGS!r} }}, resultTypes: ['violations'] }})" \
    ".then(r => r.violations.map(v => ({ id: v.id, targets: v.nodes.map(n => n.target.join(' ')) })))"
FRAME = """() => [document.activeElement.matches('a.sl-skip[href="#sl-content"]'),
    !!document.querySelector('.md-header button.sl-reading[aria-pressed]:not([hidden])')?.checkVisibility()]"""
"""On the page after one Tab: is the skip link focused, and is the Easy reading switch shown."""


@dataclass
class Sweep:
    """What one pass over every page type found: axe-core's violations (one line each:
    page, width, mode, rule, targets) and the pages wider than the narrowest screen."""

    violations: list[str] = field(default_factory=list)
    too_wide: list[str] = field(default_factory=list)
    without_frame: list[str] = field(default_factory=list)
    """Pages whose first Tab stop is not the skip link, or with no Easy reading switch."""


def set_reading(page: Page, on: bool) -> None:
    """Easy reading on or off in this page as the mode's script would set it, then wait for
    the page to settle."""
    page.evaluate(f"document.documentElement.setAttribute('data-sl-reading', '{'on' if on else 'off'}')")
    page.evaluate(SETTLED)


def resize(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(SETTLED)


def axe_violations(page: Page, where: str) -> list[str]:
    found = page.evaluate(RUN_AXE)
    if found:
        # Material sizes the sidebars in an animation frame after the load, later on a busy
        # machine (a sidebar not yet sized was once "scrollable-region-focusable" in a full
        # run, and passed alone): what is still there once the page has had time to settle
        # is what readers meet.
        page.wait_for_timeout(500)
        page.evaluate(SETTLED)
        found = page.evaluate(RUN_AXE)
    return [f"{where} {v['id']}: {', '.join(v['targets'][:5])}" for v in found]


@pytest.fixture(scope="module")
def sweep(browser: Browser, sample_server: str, issue14_server: str, many_platforms_server: str) -> Sweep:
    """Every page type in both languages, loaded once each: looked at with axe-core on a desk
    (1280 px) and a phone (390 px), and for a few in Easy reading mode on the phone, where its
    larger text is most crowded; then measured at 320 px in both modes. The pages' Content
    Security Policy runs no injected script, so this context bypasses it (the other tests
    keep it) to load axe into every page."""
    context = browser.new_context(viewport={"width": DESK, "height": 900}, bypass_csp=True)
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    found = Sweep()
    pages = [(sample_server, path) for path in PAGE_TYPES] + [(issue14_server, path) for path in ISSUE14_PAGE_TYPES]
    pages += [(many_platforms_server, path) for path in MANY_PLATFORMS_PAGE_TYPES]
    for root in LANGUAGE_ROOTS:
        for server, path in pages:
            url = server + root + path
            resize(page, DESK)
            page.goto(url)
            page.evaluate(SETTLED)
            page.keyboard.press("Tab")
            skip_first, switch_shown = page.evaluate(FRAME)
            if not (skip_first and switch_shown):
                found.without_frame.append(f"/{root}{path}: skip link first {skip_first}, switch shown {switch_shown}")
            found.violations += axe_violations(page, f"/{root}{path} [{DESK}px]")
            resize(page, PHONE)
            found.violations += axe_violations(page, f"/{root}{path} [{PHONE}px]")
            if path in READING_PAGE_TYPES:
                set_reading(page, True)
                found.violations += axe_violations(page, f"/{root}{path} [{PHONE}px, easy reading]")
            for reading in (False, True):
                set_reading(page, reading)
                resize(page, NARROWEST)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > NARROWEST:
                    found.too_wide.append(f"/{root}{path} ({'easy reading' if reading else 'normal'}): {width}px")
    context.close()
    return found


def test_axe_finds_no_wcag_violation_on_any_page_type(sweep: Sweep):
    assert not sweep.violations, "axe-core violations (WCAG 2.1 A and AA):\n" + "\n".join(sweep.violations)


def test_no_page_scrolls_sideways_at_320_px(sweep: Sweep):
    assert not sweep.too_wide, "pages wider than 320 px:\n" + "\n".join(sweep.too_wide)


def test_every_page_starts_with_the_skip_link_and_has_the_easy_reading_switch(sweep: Sweep):
    assert not sweep.without_frame, "\n".join(sweep.without_frame)


SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"
"""No CSS transition or animation is still running."""


def test_axe_finds_nothing_with_the_search_or_a_menu_open(browser: Browser, sample_server: str):
    """What axe cannot see on a page as loaded: the search box with results, the navigation
    drawer and the language menu, in both modes on a phone."""
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, bypass_csp=True)
    context.add_init_script(AXE_SCRIPT)
    page = context.new_page()
    failures = []
    for root, query in (("", "文化"), ("en/", "culture")):
        page.goto(sample_server + root + "past/")
        page.locator("label.md-header__button[for=__search]").click()
        page.locator(".md-search__input").fill(query)
        expect(page.locator(".sl-search__list li").first).to_be_visible()
        page.locator(".sl-search__list li a").first.hover()  # a hovered result keeps its contrast
        failures += axe_violations(page, f"/{root}past/ with the search open")
        for reading in (False, True):
            page.goto(sample_server + root + "past/")
            set_reading(page, reading)
            page.locator(".md-header__option .md-select > button").focus()
            page.keyboard.press("Tab")  # to the menu's first entry, which opens the menu
            expect(page.locator(".md-select__link").first).to_be_focused()
            expect(page.locator(".md-header__option .md-select__inner")).to_have_css("opacity", "1")  # faded in
            page.wait_for_function(SETTLED)
            failures += axe_violations(page, f"/{root}past/ with the language menu open, easy reading {reading}")
            page.locator("label.md-header__button[for=__drawer]").click()
            page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")  # slid in
            page.wait_for_function(SETTLED)  # and its overlay faded in: mid-fade colours are not the page's
            failures += axe_violations(page, f"/{root}past/ with the navigation drawer open, easy reading {reading}")
    context.close()
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_chinese_pages_name_their_script(sample_site: Path):
    assert '<html lang="zh-Hans"' in (sample_site / "past" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (sample_site / "en" / "past" / "index.html").read_text(encoding="utf-8")


def test_the_first_tab_stop_skips_to_the_content(page: Page, sample_server: str):
    for url, label in ((sample_server + "past/", "跳到正文"), (sample_server + "en/statistics/", "Skip to content"),
                       (sample_server + "about/", "跳到正文")):  # about/ has Material's table of contents too
        page.goto(url)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip).to_have_text(label)
        expect(skip).to_be_in_viewport()
        assert skip.evaluate("e => getComputedStyle(e).opacity") == "1"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.closest('.md-content') !== null")
        assert page.evaluate("document.activeElement.id") == "sl-content"
        page.keyboard.press("Tab")  # the next stop is past the header and tabs
        assert page.evaluate("document.activeElement.closest('.md-header, .md-tabs') === null")


def test_every_tab_stop_shows_a_focus_ring(page: Page, sample_server: str):
    page.goto(sample_server + "past/")
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        ring = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.tagName + '.' + e.className, s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }""")
        seen.append(ring[0])
        assert (ring[1] != "none" and ring[2] >= 2) or ring[3] != "none", f"no focus ring on {ring[0]}"
    assert any("sl-chip" in name for name in seen) and any("sl-reading" in name for name in seen)


def test_filter_chips_wrap_and_the_header_title_shows_whole_on_a_phone(phone: Page, sample_server: str):
    phone.goto(sample_server + "en/past/")
    cut = phone.locator(".sl-filters__chips, .sl-chip").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth).length"
    )
    assert cut == 0
    title = phone.locator(".md-header__topic:first-child .md-ellipsis")
    expect(title).to_have_text("Archive of Past Consultations")
    assert title.evaluate("e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1")


def test_statistics_tables_show_every_column_on_a_desk_and_scroll_by_keyboard(page: Page, sample_server: str):
    page.goto(sample_server + "statistics/")
    tables = page.locator(".sl-chart__table")
    assert tables.count() >= 4
    hidden = tables.evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute('aria-label'))")
    assert hidden == []
    for region in tables.all():
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        assert region.get_attribute("aria-label") == region.locator("caption").inner_text()


def reading_state(page: Page) -> tuple[str | None, float]:
    return tuple(page.evaluate(
        "[document.documentElement.getAttribute('data-sl-reading'), parseFloat(getComputedStyle(document.documentElement).fontSize)]"
    ))


def test_easy_reading_mode_persists_across_pages_and_languages(page: Page, sample_server: str):
    # the state at the first frame, before anything is painted
    page.add_init_script("requestAnimationFrame(() => { window.__firstFrame = document.documentElement.getAttribute('data-sl-reading'); })")
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => __violations.push(e.violatedDirective));"
    )
    page.goto(sample_server + "past/")
    toggle = page.locator("button.sl-reading")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_contain_text("关怀模式")
    state, normal = reading_state(page)
    assert state == "off"

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    state, larger = reading_state(page)
    assert state == "on" and larger >= 1.25 * normal
    box = toggle.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    chip = page.locator(".sl-filters__row[data-facet=year] .sl-chip[href$='year/2023/']")
    assert chip.evaluate("e => e.getBoundingClientRect().height") >= 44
    # the count stands apart from the name on screen (a flex box would drop the space)
    assert chip.evaluate("""e => { const name = e.firstChild, r = document.createRange();
        r.setStart(name, 0); r.setEnd(name, name.textContent.trimEnd().length);
        return e.querySelector('.sl-chip__count').getBoundingClientRect().left - r.getBoundingClientRect().right; }""") >= 3
    assert page.evaluate("getComputedStyle(document.querySelector('article h1')).color") == "rgb(0, 0, 0)"

    page.goto(sample_server + "consultations/jining-2022-culture/")
    assert reading_state(page) == ("on", larger)
    assert page.evaluate("window.__firstFrame") == "on"
    page.goto(sample_server + "en/consultations/jining-2022-culture/")
    assert reading_state(page) == ("on", larger)
    toggle = page.locator("button.sl-reading")
    expect(toggle).to_contain_text("Easy reading")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert reading_state(page) == ("off", normal)
    page.goto(sample_server + "past/")
    assert reading_state(page) == ("off", normal)
    assert page.evaluate("window.__firstFrame") == "off"
    assert page.evaluate("__violations") == []


def test_easy_reading_header_fits_on_a_phone(phone: Page, sample_server: str):
    phone.goto(sample_server + "404.html")
    phone.evaluate(f"localStorage.setItem('{READING_KEY}', 'on')")
    for url in (sample_server + "en/past/", sample_server + "consultations/jining-2022-culture/"):
        phone.goto(url)
        assert reading_state(phone)[0] == "on"
        header = phone.locator(".md-header__inner")
        assert header.evaluate("e => e.scrollWidth <= e.clientWidth")
        for control in phone.locator(".md-header__inner > :is(label.md-header__button, button), .md-header__option .md-select > button").all():
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 44 and box["width"] >= 44
