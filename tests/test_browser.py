"""Readers in a real browser (Debian's headless Chromium): the index, a consultation in both
languages, the language switcher and the index filters, on the built sample archive."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import REPO
from shangliang.load import load_archive


def entry_ids(page: Page) -> list[str]:
    return page.locator("li.sl-entry").evaluate_all("els => els.map(e => e.dataset.id)")


def test_past_consultations_index_in_both_languages(page: Page, sample_server: str):
    page.goto(sample_server + "past/")
    expect(page.locator("article h1")).to_have_text("往期协商")
    chinese = entry_ids(page)
    assert len(chinese) >= 12
    years = page.locator("li.sl-entry").evaluate_all("els => els.map(e => e.closest('.sl-year').dataset.year)")
    dated = [year for year in years if year != "undated"]
    assert years == dated + ["undated"] * (len(years) - len(dated)), "undated records come after every year"
    assert dated == sorted(dated, reverse=True)
    page.goto(sample_server + "en/past/")
    expect(page.locator("article h1")).to_have_text("Past consultations")
    assert entry_ids(page) == chinese


def test_consultation_page_and_language_switch(page: Page, sample_server: str):
    page.goto(sample_server + "past/")
    first = page.locator("li.sl-entry").first
    record_id = first.get_attribute("data-id")
    first.locator("a.sl-entry__title").click()
    expect(page).to_have_url(sample_server + f"consultations/{record_id}/")
    chinese_title = page.locator("article h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"

    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    expect(page).to_have_url(sample_server + f"en/consultations/{record_id}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("article h1").inner_text() != chinese_title

    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=zh-Hans]").click()
    expect(page).to_have_url(sample_server + f"consultations/{record_id}/")
    expect(page.locator("article h1")).to_have_text(chinese_title)


def test_untranslated_record_shows_chinese_with_a_notice(page: Page, sample_server: str):
    page.goto(sample_server + "en/consultations/jining-2022-yutai-parking/")
    notice = page.locator(".sl-untranslated").first
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Not yet translated")
    assert page.locator("article h1").inner_text().strip() != ""


@pytest.mark.parametrize("facet", ["year", "platform", "format", "stage"])
def test_index_filters_narrow_the_list(page: Page, sample_server: str, facet: str):
    page.goto(sample_server + "past/")
    everything = entry_ids(page)
    row = page.locator(f".sl-filters__row[data-facet={facet}]")
    chip = row.locator("a.sl-chip:not(.sl-active)").first
    value = chip.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    name = chip.inner_text()
    chip.click()
    expect(page).to_have_url(sample_server + f"past/{facet}/{value}/")
    page.wait_for_load_state()
    shown = entry_ids(page)
    archive = load_archive(REPO / "content")
    matching = [c.id for c in archive.consultations if ((str(c.date.year) if c.date else "undated") if facet == "year" else getattr(c, facet)) == value]
    assert shown and shown == matching
    assert set(shown) < set(everything)
    current = row.locator("a.sl-chip[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_text(name)
    # "All" brings every item back: nothing is hidden by default.
    row.locator("a.sl-chip").first.click()
    expect(page).to_have_url(sample_server + "past/")
    page.wait_for_load_state()
    assert entry_ids(page) == everything


def test_index_reads_on_a_phone(phone: Page, sample_server: str):
    phone.goto(sample_server + "en/past/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(phone.locator("li.sl-entry").first).to_be_visible()


def test_a_page_runs_no_script_but_the_site_s_own_files(page: Page, sample_server: str):
    """The Content Security Policy behind the escaping: were markup from a record ever to
    reach a page, a reader's browser would still not run it."""
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => __violations.push(e.violatedDirective));"
    )
    page.goto(sample_server + "en/consultations/jining-2022-culture/")
    expect(page.locator("article h1")).to_be_visible()
    assert page.evaluate("() => typeof __md_scope === 'object' && typeof __md_get === 'function'")  # Material's globals, from a file now
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__ran = 1"><img src="http://127.0.0.2:9/p.gif">');
        const script = document.createElement('script');
        script.textContent = 'window.__ran = 2';
        document.body.append(script);
    }""")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__ran") is None
    assert sorted(set(page.evaluate("() => __violations"))) == ["img-src", "script-src-attr", "script-src-elem"]
