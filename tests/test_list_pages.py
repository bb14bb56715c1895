"""List pages of the built sample: no page, tab or link for a record type without records
(the sample has no proposals), the "not yet translated" notice only where a page's own
text is in Chinese, and facet pages that say what they list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

UNTRANSLATED = "jining-2022-yutai-parking"
"""The sample's consultation without an English title."""


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_a_record_type_without_records_has_no_page_tab_card_or_link(sample_site: Path):
    for root in ("", "en/"):
        assert not (sample_site / root / "proposals").exists()
        assert "proposals/" not in (sample_site / root / "sitemap.xml").read_text(encoding="utf-8")
        home = html_of(sample_site, root)
        assert 'data-stat="proposals"' not in home and 'data-stat="outcomes"' in home
        for page in (sample_site / root).glob("**/*.html"):
            links = re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))
            assert not [link for link in links if re.search(r"(^|/)proposals/", link)], page


def test_the_notice_is_on_the_untranslated_record_only_and_lists_mark_the_title(sample_site: Path):
    notice = '<div class="sl-untranslated" role="note">'
    assert notice in html_of(sample_site, f"en/consultations/{UNTRANSLATED}")
    mark = re.compile(
        r'<span lang="zh" class="sl-fallback">[^<]+</span><span class="sl-badge sl-badge--untranslated" '
        r'title="Not yet translated — shown in Chinese.">Chinese</span>'
    )
    for path in ("en/past", "en/past/year/undated", "en/past/format/grassroots", "en/platforms/jishi-shangliang"):
        html = html_of(sample_site, path)
        assert notice not in html, path
        assert mark.search(html), path


def test_a_facet_page_shows_its_filter_and_the_way_back(page: Page, sample_server: str):
    page.goto(sample_server + "en/past/year/2022/")
    rows = page.locator(".sl-filters__row")
    expect(rows).to_have_count(1)
    expect(rows).to_have_attribute("data-facet", "year")
    current = page.locator("a.sl-chip[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "./")
    expect(current).to_contain_text("2022")
    shown = page.locator("li.sl-entry").count()
    assert current.locator(".sl-chip__count").inner_text() == str(shown)
    expect(page.locator(".sl-listing-status__count")).to_have_attribute("data-count", str(shown))
    expect(page.locator(".sl-breadcrumbs a").last).to_have_text("Past consultations")
    page.locator("a.sl-clear-filter").click()
    expect(page).to_have_url(sample_server + "en/past/")
    expect(page.locator(".sl-filters__row")).to_have_count(6)  # year, platform, format, stage, activity, outcome
    assert page.locator("li.sl-entry").count() > shown


# What a reader sees of each list entry's facts: the text of its elements with the
# stylesheet's ::before and ::after (the dots between the facts are the stylesheet's).
SHOWN_FACTS = r"""() => {
  const pseudo = (el, which) => {
    const c = getComputedStyle(el, which).content, m = c && c.match(/^"((?:[^"\\]|\\.)*)"/);
    return m ? m[1] : "";
  };
  const walk = n => n.nodeType === 3 ? n.data : n.nodeType !== 1 || getComputedStyle(n).display === "none" ? ""
    : pseudo(n, "::before") + [...n.childNodes].map(walk).join("") + pseudo(n, "::after");
  return [...document.querySelectorAll(".sl-entry__meta")].map(m => [m.closest(".sl-entry").className, m.children.length, walk(m).replace(/\s+/g, " ").trim()]);
}"""


@pytest.mark.parametrize("path", ["past/", "en/past/", "past/year/undated/", "organisations/", "en/organisations/", "en/outcomes/"])
def test_an_entry_s_facts_are_shown_with_one_dot_between_each(page: Page, issue14_server: str, path: str):
    page.goto(issue14_server + path)
    shown = page.evaluate(SHOWN_FACTS)
    assert shown, path
    for kind, elements, text in shown:
        facts = text.split(" · ")
        assert all(fact.strip() and not fact.strip().startswith("·") for fact in facts), (path, text)
        if "sl-entry--organisation" not in kind:  # each fact an element, the dots drawn between them
            assert len(facts) >= elements >= 2, (path, text)
