"""An archive too big for one search bundle: its record pages indexed in bundles by date,
newest first (``search_index.plan_bundles``); the search box searches the newest, and each
earlier one when the reader asks. The sample archive, built with bundles of 33 pages, has
two: the bodies and 2023's consultation, then 2022's records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from playwright.sync_api import Page, expect

from conftest import REPO, copy_site_files, serve
from golden import run_pinned
from helpers import search
from shangliang.adapters.search_index import plan_bundles
from shangliang.errors import BuildError
from test_reproducible import site_differences

LIMIT = 33
"""The sample's 32 pages without a year and 2023's one fill the newest bundle; 2022's nine
pages are the earlier one."""
START = "consultations/jining-2022-culture/"


def d(year: int, month: int = 0, day: int = 0) -> tuple[int, int, int]:
    return (year, month, day)


def test_pages_are_bundled_by_date_newest_first_each_bundle_full_but_the_last():
    views = [(d(2022, 5), 1), (None, 2), (d(2024, 1, 3), 3), (d(2023), 4), (d(2022, 11, 2), 5), (d(2023, 2), 6), (None, 7),
             (d(2020), 8)]
    assert [(bundle.places, bundle.first, bundle.last) for bundle in plan_bundles(views, 4)] == [
        ((2, 3, 6, 7), 2023, 2024),  # the pages without a date, then 2024's, then 2023's latest (February)
        ((1, 4, 5, 8), 2020, 2023),  # 2023 without a month, then 2022 from November, and 2020
    ]
    assert [bundle.places for bundle in plan_bundles(views, 100)] == [(1, 2, 3, 4, 5, 6, 7, 8)]
    # within a date, the order of the places
    assert [bundle.places for bundle in plan_bundles([(d(2021), 9), (d(2021), 3), (d(2021), 5)], 2)] == [(3, 5), (9,)]


def test_pages_without_a_date_stay_in_the_newest_bundle_however_many():
    views = [(d(2021), place) for place in range(1, 6)] + [(None, 6), (None, 7), (None, 8), (d(2022), 9)]
    assert [(bundle.places, bundle.first, bundle.last) for bundle in plan_bundles(views, 2)] == [
        ((6, 7, 8), None, None),  # the bodies are not split, even past the limit
        ((1, 9), 2021, 2022), ((2, 3), 2021, 2021), ((4, 5), 2021, 2021),
    ]
    assert [bundle.places for bundle in plan_bundles([], 5)] == [()]  # no page: one empty bundle, as before
    with pytest.raises(BuildError, match="search_bundle_pages: expected a number of pages of at least 1, found 0"):
        plan_bundles(views, 0)


dates = st.one_of(st.none(), st.tuples(st.integers(1990, 2030), st.integers(0, 12), st.integers(0, 28)))


@given(st.lists(dates, max_size=60), st.integers(1, 12))
def test_every_page_is_in_one_bundle_and_the_bundles_go_back_in_time(found, limit):
    views = [(date, place) for place, date in enumerate(found, start=1)]
    bundles = plan_bundles(views, limit)
    places = [place for bundle in bundles for place in bundle.places]
    assert sorted(places) == list(range(1, len(found) + 1))
    assert all(list(bundle.places) == sorted(bundle.places) for bundle in bundles)
    date_of = dict((place, date) for date, place in views)
    undated = {place for place, date in date_of.items() if date is None}
    assert undated <= set(bundles[0].places)  # the pages without a date are the newest bundle's
    # every bundle is full but the last (the newest may hold more: every page without a date)
    assert all(len(bundle.places) == max(limit, len(undated) if number == 0 else 0) for number, bundle in enumerate(bundles[:-1]))
    assert len(bundles[-1].places) <= max(limit, len(undated))
    for newer, older in zip(bundles, bundles[1:]):
        assert older.places and None not in (older.first, older.last)
        newest_of_older = max(date_of[place] for place in older.places)
        assert all(date_of[place] is None or date_of[place] >= newest_of_older for place in newer.places)
    for bundle in bundles:
        years = [date_of[place][0] for place in bundle.places if date_of[place] is not None]
        assert (bundle.first, bundle.last) == (min(years, default=None), max(years, default=None))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The sample archive as a project whose search bundles hold at most ``LIMIT`` pages."""
    root = tmp_path_factory.mktemp("bundled")
    copy_site_files(root)
    shutil.copytree(REPO / "content", root / "content", dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      content_dir: content\n" in text
    config.write_text(text.replace("      content_dir: content\n", f"      content_dir: content\n      search_bundle_pages: {LIMIT}\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def bundled_site(bundled: Path) -> Path:
    result = run_pinned("build", "-q", "--site-dir", str(bundled / "site"), cwd=bundled)
    assert result.returncode == 0, result.stderr
    return bundled / "site"


def test_each_language_s_index_is_in_two_bundles_listed_for_the_search_box(bundled_site: Path):
    for root, lang in ((bundled_site, "zh"), (bundled_site / "en", "en")):
        search = root / "search"
        assert json.loads((search / "bundles.json").read_text(encoding="utf-8")) == {
            "newest": {"from": 2023, "to": 2023},
            "earlier": [{"path": "earlier/1/", "from": 2022, "to": 2022}],
        }
        for bundle in (search, search / "earlier" / "1"):
            entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
            assert list(entry["languages"]) == [lang]
            assert (bundle / "pagefind.js").is_file() and not (bundle / "pagefind-ui.js").exists()
        pages = {bundle: entry["languages"][lang]["page_count"] for bundle, entry in (
            (bundle, json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))) for bundle in (search, search / "earlier" / "1"))}
        assert list(pages.values()) == [33, 9]
        assert (search / "t2s.json").is_file() and not (search / "earlier" / "1" / "t2s.json").exists()


def test_a_site_in_one_bundle_lists_no_earlier_one(sample_site: Path):
    listed = json.loads((sample_site / "search" / "bundles.json").read_text(encoding="utf-8"))
    assert listed == {"newest": {"from": 2022, "to": 2023}, "earlier": []}
    assert not (sample_site / "search" / "earlier").exists()


def test_a_bundled_site_built_in_three_parts_is_the_site_one_build_makes(bundled: Path, bundled_site: Path, tmp_path):
    parts = []
    for number in (1, 2, 3):
        parts.append(tmp_path / f"part{number}")
        result = run_pinned("build", "-q", "--part", f"{number}/3", "--site-dir", str(parts[-1]), cwd=bundled)
        assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    result = run_pinned("assemble", "-q", *map(str, reversed(parts)), "--site-dir", str(site), cwd=bundled)
    assert result.returncode == 0, result.stderr
    assert site_differences(bundled_site, site) == []
    assert (site / "en" / "search" / "earlier" / "1" / "pagefind.js").is_file()


@pytest.mark.parametrize(("written", "read"), [("0", "0"), ("true", "True")])
def test_a_bundle_of_no_pages_is_refused_with_the_setting_s_place(bundled: Path, tmp_path, written, read):
    project = tmp_path / "project"
    shutil.copytree(bundled, project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"search_bundle_pages: {LIMIT}", f"search_bundle_pages: {written}"), encoding="utf-8")
    result = run_pinned("build", "-q", "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode == 1
    assert f"mkdocs.yml: plugins: shangliang: search_bundle_pages: expected a number of record pages of at least 1, found {read}" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


def test_a_bundle_whose_pagefind_fails_is_named_and_no_index_is_left(bundled: Path, tmp_path, monkeypatch):
    import sys

    from shangliang.adapters import search_index
    from shangliang.adapters.engine import build_language
    from shangliang.adapters.mkdocs_plugin import Handover
    from shangliang.load import load_archive

    failing = tmp_path / "pagefind"
    failing.write_text(
        f"#!{sys.executable}\nimport pathlib, sys\nargs = sys.argv\n"
        "out = pathlib.Path(args[args.index('--output-path') + 1])\n"
        "if pathlib.Path(args[args.index('--site') + 1]).name == '1':\n    print('Error: the index is full')\n    sys.exit(3)\n"
        "out.mkdir(parents=True)\n(out / 'pagefind.js').write_text('')\n",
        encoding="utf-8",
    )
    failing.chmod(0o755)
    monkeypatch.setattr(search_index, "_pagefind_executable", lambda: failing)
    error, _ = build_language(str(bundled / "mkdocs.en.yml"), str(tmp_path / "site"),
                              handover=Handover(load_archive(bundled / "content", bundled)))
    assert error == "mkdocs.en.yml: search index: Pagefind failed on bundle 2 of 2 (2022): Error: the index is full"
    assert not (tmp_path / "site" / "search").exists()


# -- readers ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_server(bundled_site: Path):
    with serve(bundled_site) as url:
        yield url


def _status(page: Page) -> str:
    return page.locator(".sl-search__status").inner_text()


@pytest.mark.parametrize(("prefix", "query", "found", "none", "earlier", "heading", "both"), [
    ("", "批示肯定", "/outcomes/jining-2022-culture-instruction/", "2023年：无匹配结果", "查找更早的记录（2022年）", "2022年的记录",
     "2022—2023年："),
    ("en/", "pilot zone", "/en/consultations/jining-2022-culture/", "2023: No results", "Search earlier records (2022)",
     "Records from 2022", "2022–2023: "),
])
def test_an_older_record_is_found_when_the_reader_asks_for_earlier_years(
    page: Page, bundled_server: str, prefix, query, found, none, earlier, heading, both,
):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(bundled_server + prefix + START)
    assert search(page, query) == []
    assert _status(page) == none  # the years searched are said, so "no results" is not taken for the archive's
    assert not [url for url in asked if "/search/earlier/" in url]  # the first query loads the newest bundle only
    button = page.locator(".sl-search__earlier")
    expect(button).to_be_visible()
    expect(button).to_have_text(earlier)
    button.click()
    page.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'done' && "
                           "document.querySelectorAll('.sl-search__period').length === 1")
    group = page.locator(".sl-search__group")
    links = group.locator(".sl-search__list a").evaluate_all("links => links.map(a => a.pathname)")
    assert found in links[:3]
    assert page.locator(".sl-search__list").first.locator("li").count() == 0  # the newest bundle's list: nothing
    expect(group.get_by_role("heading", level=2)).to_have_text(heading)
    expect(group.get_by_role("heading", level=2)).to_be_focused()  # a screen reader hears where the new results are
    expect(page.locator(".sl-search__status")).to_have_text(f"{both}{'3 results' if prefix else '2条结果'}")
    expect(button).to_be_hidden()  # no bundle is earlier
    assert [url for url in asked if f"/{prefix}search/earlier/1/pagefind.js" in url]
    # a new query starts again from the newest bundle, and offers the earlier one again
    assert search(page, "肯定批示" if not prefix else "zone pilot") == []
    assert page.locator(".sl-search__group").count() == 0
    expect(page.locator(".sl-search__status")).to_have_text(none)
    expect(button).to_be_visible()


def test_results_from_the_newest_bundle_come_first_and_say_their_years(page: Page, bundled_server: str):
    page.goto(bundled_server + START)
    found = search(page, "济事商量")
    assert "/platforms/jishi-shangliang/" in found[:3]
    assert _status(page).startswith("2023年：")
    newest = page.locator(".sl-search__list").first
    more, earlier = page.locator(".sl-search__more").first, page.locator(".sl-search__earlier")
    expect(more).to_be_visible()  # more than a page of results from the newest bundle
    expect(earlier).to_have_text("查找更早的记录（2022年）")  # offered at once, below them: no paging to the end first
    shown = newest.locator(".sl-hit").count()
    earlier.click()
    page.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'done' && "
                           "document.querySelectorAll('.sl-search__period').length === 1")
    assert newest.locator(".sl-hit").count() == shown  # the newest bundle's results stay as they were
    assert page.locator(".sl-search__group .sl-hit").count() > 0  # the earlier ones come after, in a list of their own
    assert _status(page).startswith("2022—2023年：")
    more.click()  # the newest bundle's results still page on, in their own list, above the earlier ones
    expect(newest.locator(".sl-hit")).not_to_have_count(shown)
    assert page.locator(".sl-search__group").count() == 1


def test_an_earlier_bundle_that_cannot_be_loaded_says_so_and_can_be_asked_again(page: Page, bundled_site: Path, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(bundled_site, site)
    script = site / "search" / "earlier" / "1" / "pagefind.js"
    kept = script.read_bytes()
    script.unlink()
    with serve(site) as url:
        page.goto(url + START)
        assert search(page, "批示肯定") == []
        page.locator(".sl-search__earlier").click()
        expect(page.locator(".sl-search__status")).to_have_text("未能加载更早的记录，请再试一次。")
        expect(page.locator(".sl-search__earlier")).to_be_visible()  # not "built without a search index", and not a dead end
        assert page.locator(".sl-search__earlier").get_attribute("aria-disabled") is None
        assert page.locator(".sl-search__group").count() == 0
        script.write_bytes(kept)  # the network is back
        page.locator(".sl-search__earlier").click()
        expect(page.locator(".sl-search__group .sl-hit")).to_have_count(2)
        expect(page.locator(".sl-search__status")).to_have_text("2022—2023年：2条结果")


def test_a_query_typed_while_an_earlier_bundle_loads_gets_only_its_own_results(page: Page, bundled_server: str):
    held = []
    page.route("**/search/earlier/1/pagefind.js*", lambda route: held.append(route))  # the earlier bundle's code, held back
    page.goto(bundled_server + START)
    assert search(page, "批示肯定") == []
    earlier = page.locator(".sl-search__earlier")
    earlier.click()
    page.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'searching'")
    assert search(page, "肯定批示") == []  # another query, while the earlier bundle is still loading
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    held[0].continue_()
    page.wait_for_timeout(500)
    assert page.locator(".sl-search__group").count() == 0  # the first query's earlier results did not land here
    expect(page.locator(".sl-search__status")).to_have_text("2023年：无匹配结果")
    page.unroute("**/search/earlier/1/pagefind.js*")
    earlier.click()  # and the button was not left disabled
    page.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'done' && "
                           "document.querySelectorAll('.sl-search__period').length === 1")
    expect(page.locator(".sl-search__group .sl-search__none")).to_have_text("无匹配结果")


def test_a_site_built_without_search_says_so_and_asks_its_host_for_no_index(page: Page, tmp_path):
    site = tmp_path / "site"
    result = run_pinned("build", "-q", "--no-search", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with serve(site) as url:
        page.goto(url + START)
        box = page.locator(".md-search__input")
        box.click()
        box.press_sequentially("济事商量", delay=20)
        expect(page.locator(".sl-search__status")).to_have_text("本站构建时未生成搜索索引。")
        page.wait_for_timeout(500)  # the query's own search, after typing pauses
        expect(page.locator(".sl-search__status")).to_have_text("本站构建时未生成搜索索引。")
    assert not [address for address in asked if "/search/" in address]
