"""The rendering layer: an archive in, pages of one language out, independent of MkDocs."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
import pytest

from helpers import CONSULTATION, ISSUE14_RECORDS, VALID_RECORDS, load_project, many_platforms, write_project
from shangliang.dates import Date
from shangliang.model import Text
from shangliang.render import SiteInfo, asset_paths, get_nav, render_files, render_site
from shangliang.render.i18n import format_count, format_date, format_date_range, format_number, localize
from shangliang.render.listing import PAGE_SIZE, page_uri, paginate
from shangliang.render.markdown import render_markdown
from shangliang.addresses import url_of_uri
from shangliang.languages import LANGUAGES, colon, list_separator, with_note
from shangliang.render.indexes import PLATFORM_CHIPS, render_past_pages
from shangliang.render.page import Page
from shangliang.render.view import SiteContext

NOTICE = 'class="sl-untranslated"'


def site_of(archive, lang: str) -> dict[str, Page]:
    return {page.uri: page for page in render_site(archive, SiteInfo(lang, "Shangliang", "An archive."))}


@pytest.fixture
def valid_archive(tmp_path: Path):
    return load_project(tmp_path, VALID_RECORDS)


# -- formatting ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("date", "zh", "en"),
    [
        (Date(2022, 10, 14), "2022年10月14日", "14 October 2022"),
        (Date(2022, 10), "2022年10月", "October 2022"),
        (Date(2022), "2022年", "2022"),
        (Date(2023, 1, 5), "2023年1月5日", "5 January 2023"),
    ],
)
def test_dates_are_written_to_their_precision_in_each_language(date, zh, en):
    assert format_date(date, "zh") == zh
    assert format_date(date, "en") == en


def test_a_date_range_joins_both_ends():
    assert format_date_range(Date(2022, 8, 1), Date(2022, 8, 31), "zh") == "2022年8月1日至2022年8月31日"
    assert format_date_range(Date(2022, 8, 1), Date(2022, 8, 31), "en") == "1 August 2022 – 31 August 2022"
    assert format_date_range(Date(2022, 8, 1), None, "en") == "1 August 2022"


def test_numbers_and_counts_follow_each_language():
    assert format_number(1000, "en") == "1,000"
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(1000, "zh") == "1000"
    assert format_count(20, "suggestion", "zh") == "20条建议"
    assert format_count(20, "suggestion", "en") == "20 suggestions"
    assert format_count(1, "suggestion", "en") == "1 suggestion"
    assert format_count(1500, "person", "en") == "1,500 people"


def test_localize_falls_back_to_chinese_and_says_so():
    assert localize(Text(zh="济事商量", en="Jishi Shangliang"), "en") == ("Jishi Shangliang", False)
    assert localize(Text(zh="任城议事"), "en") == ("任城议事", True)
    assert localize(Text(zh="任城议事", en="Rencheng"), "zh") == ("任城议事", False)


# -- site structure ------------------------------------------------------------------------

def test_nav_lists_the_indexes_and_never_records(valid_archive):
    assert get_nav("zh", valid_archive) == [
        {"首页": "index.md"},
        {"往期协商": "past/index.md"},
        {"协商平台": "platforms/index.md"},
        {"提案": "proposals/index.md"},
        {"办理成果": "outcomes/index.md"},
        {"承办单位": "units/index.md"},
        {"数据统计": "statistics/index.md"},
        {"开放数据": "data/index.md"},
    ]
    en = get_nav("en", valid_archive)
    assert [list(item.values())[0] for item in en] == [list(item.values())[0] for item in get_nav("zh", valid_archive)]
    assert list(en[1]) == ["Past consultations"]
    assert list(en[5]) == ["Handling units"]


def test_both_languages_have_the_same_pages(valid_archive):
    zh, en = site_of(valid_archive, "zh"), site_of(valid_archive, "en")
    assert list(zh) == list(en)
    for record in valid_archive.records.values():
        assert f"{record.folder}/{record.id}.md" in zh
    assert {"index.md", "past/index.md", "platforms/index.md", "proposals/index.md", "outcomes/index.md", "units/index.md"} <= set(zh)


def test_attachments_are_published_assets(valid_archive):
    assert asset_paths(valid_archive) == ["attachments/minutes.txt"]
    page = site_of(valid_archive, "zh")["consultations/jining-2022-culture.md"]
    assert 'href="../../attachments/minutes.txt"' in page.html


def test_record_pages_show_no_file_path_without_an_editor(valid_archive):
    for lang in ("zh", "en"):
        for page in site_of(valid_archive, lang).values():
            assert "content/" not in page.html, page.uri
            assert "sl-correction" not in page.html, page.uri


@pytest.mark.parametrize(
    ("edit_base", "zh_link", "en_link"),
    [
        (
            "https://github.com/o/r/edit/main/",
            "https://github.com/o/r/edit/main/content/consultations/jining-2022-culture.md",
            "https://github.com/o/r/edit/main/content/consultations/jining-2022-culture.en.md",
        ),
        (
            "https://gitlab.com/g/p/-/edit/dev/",
            "https://gitlab.com/g/p/-/edit/dev/content/consultations/jining-2022-culture.md",
            "https://gitlab.com/g/p/-/edit/dev/content/consultations/jining-2022-culture.en.md",
        ),
    ],
)
def test_record_pages_link_to_their_file_in_the_web_editor(valid_archive, edit_base, zh_link, en_link):
    def links(lang):
        site = SiteInfo(lang, "S", edit_base=edit_base)
        html = next(p for p in render_site(valid_archive, site) if p.uri == "consultations/jining-2022-culture.md").html
        footer = re.search(r'<footer class="sl-correction" data-pagefind-ignore>(.*?)</footer>', html, re.DOTALL)
        assert footer, lang
        return re.findall(r'<a class="sl-correction__link" href="([^"]+)" rel="noopener">([^<]+)</a>', footer.group(1))

    assert links("zh") == [(zh_link, "提出更正")]
    assert links("en") == [(zh_link, "Propose a correction"), (en_link, "Correct the English text")]


def test_edit_links_encode_each_path_segment():
    from shangliang.render.corrections import edit_url

    assert edit_url("https://github.com/o/r/edit/main/", "content/consultations/2022/a b#c?.yml") == (
        "https://github.com/o/r/edit/main/content/consultations/2022/a%20b%23c%3F.yml"
    )


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "docs_dir", "base"),
    [
        ("https://github.com/o/r", "edit/main/", "content/pages/zh", "https://github.com/o/r/edit/main/"),
        ("https://github.com/o/r/", "edit/main/content/pages/zh/", "content/pages/zh", "https://github.com/o/r/edit/main/"),
        # the English config inherits mkdocs.yml's edit_uri, which names the Chinese docs folder
        ("https://github.com/o/r", "edit/main/content/pages/zh/", "content/pages/en", "https://github.com/o/r/edit/main/"),
        ("https://gitlab.com/g/p", "-/edit/main/content/pages/en", "content/pages/en", "https://gitlab.com/g/p/-/edit/main/"),
        ("https://github.com/o/r", "edit/main/docs/", "docs", "https://github.com/o/r/edit/main/"),
        ("https://github.com/o/r", "https://git.example.org/o/r/_edit/main/", "docs", "https://git.example.org/o/r/_edit/main/"),
        ("https://github.com/o/r", None, "content/pages/zh", None),
        (None, "edit/main/", "content/pages/zh", None),
    ],
)
def test_the_editor_base_comes_from_repo_url_and_edit_uri(repo_url, edit_uri, docs_dir, base):
    from shangliang.render.corrections import get_edit_base

    assert get_edit_base(repo_url, edit_uri, docs_dir) == base


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "message"),
    [
        ("javascript:alert(1)", "edit/main/", "repo_url: 'javascript:alert(1)' is not an http(s) address; expected e.g. https://github.com/OWNER/REPO"),
        ("https://github.com/o/r", "javascript:alert(1)//", "edit_uri: 'javascript:alert(1)/' is not an http(s) address; expected e.g. https://github.com/OWNER/REPO"),
        ("https://github.com/o/r", "edit/main/?mode=edit", "edit_uri: 'edit/main/?mode=edit' has a query or fragment; expected a path such as edit/main/"),
    ],
)
def test_an_editor_address_that_is_not_http_is_refused(repo_url, edit_uri, message):
    from shangliang.errors import BuildError
    from shangliang.render.corrections import get_edit_base

    with pytest.raises(BuildError) as raised:
        get_edit_base(repo_url, edit_uri, "content/pages/zh")
    assert str(raised.value) == message


def test_no_page_prints_none(valid_archive):
    for lang in ("zh", "en"):
        for page in site_of(valid_archive, lang).values():
            assert not re.search(r">\s*None\s*<", page.html), page.uri
            assert "None" not in page.title


def test_the_shared_macros_are_made_once_not_for_every_page(valid_archive, monkeypatch):
    """macros.html and tracking.html are imported without context, so Jinja keeps one module
    of each; imported with context they were made again by every template of every page."""
    made = Counter()
    make_module = jinja2.Template.make_module

    def counted(template, *args, **kwargs):
        made[template.name] += 1
        return make_module(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counted)
    pages = site_of(valid_archive, "zh")
    assert len(pages) > 10 and made["consultation.html"] >= 1
    assert made["macros.html"] <= 1 and made["tracking.html"] <= 1


# -- the past index: pagination and facets -------------------------------------------------

def many_consultations(count: int) -> dict[str, str]:
    files = dict(VALID_RECORDS)
    formats = ("forum", "online", "grassroots")
    for i in range(count - 1):
        year = 2016 + i % 7
        stages = "  - stage: topic\n" + ("  - stage: meeting\n" if i % 2 else "")
        files[f"content/consultations/c-{i:03d}.yml"] = (
            f"id: c-{i:03d}\ntitle:\n  zh: 议题{i}\n  en: Topic {i}\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"platform: {'jishi' if i % 3 else 'rencheng'}\nformat: {formats[i % 3]}\nstages:\n{stages}"
        )
    return files


@pytest.fixture
def big_site(tmp_path: Path):
    archive = load_project(tmp_path, many_consultations(120))
    return archive, site_of(archive, "zh")


def entries_of(html: str) -> list[str]:
    """The ids of a list page's entries, in order."""
    return re.findall(r'<li class="sl-entry[^"]*" data-id="([^"]+)">', html)


def facet_of(c, dimension: str) -> str:
    """The value under which a past page of the dimension lists the consultation."""
    return {"year": str(c.date.year), "platform": c.platform, "format": c.format, "stage": c.stage}[dimension]


def test_past_index_pages_hold_at_most_50_newest_first_grouped_by_year(big_site):
    archive, site = big_site
    uris = ["past/index.md", "past/page/2.md", "past/page/3.md"]
    assert [uri for uri in site if uri.startswith("past/page/") or uri == "past/index.md"] == uris
    listed = []
    for uri in uris:
        entries = entries_of(site[uri].html)
        assert 0 < len(entries) <= PAGE_SIZE
        years = [str(archive.get(entry).date.year) for entry in entries]
        headings = re.findall(r'<section class="sl-year" data-year="(\d+)">', site[uri].html)
        assert headings == list(dict.fromkeys(years)), "one year heading per run of entries"
        listed += entries
    assert listed == [c.id for c in archive.consultations]
    dates = [archive.get(entry).date.sort_key for entry in listed]
    assert dates == sorted(dates, reverse=True)


def test_pagination_links_previous_next_and_numbers(big_site):
    _, site = big_site
    middle = site["past/page/2.md"].html
    assert 'rel="prev" href="../../"' in middle
    assert 'rel="next" href="../3/"' in middle
    assert 'aria-current="page" href="./"' in middle
    assert 'rel="prev"' not in site["past/index.md"].html
    assert 'rel="next"' not in site["past/page/3.md"].html


def test_page_uris_of_listings():
    assert page_uri("past/index.md", 1) == "past/index.md"
    assert page_uri("past/index.md", 2) == "past/page/2.md"
    assert page_uri("past/year/2022.md", 3) == "past/year/2022/page/3.md"
    pages = paginate(list(range(101)), "past/index.md", 50)
    assert [len(page.items) for page in pages] == [50, 50, 1]
    assert len(paginate([], "past/index.md")) == 1


@pytest.mark.parametrize("dimension", ["year", "platform", "format", "stage"])
def test_facet_pages_list_only_matching_entries(big_site, dimension):
    archive, site = big_site
    first_pages = [uri for uri in site if re.fullmatch(rf"past/{dimension}/[^/]+\.md", uri)]
    assert first_pages
    total = 0
    for first in first_pages:
        value = first.rsplit("/", 1)[1][: -len(".md")]
        uris = [first] + [uri for uri in site if uri.startswith(first[: -len(".md")] + "/page/")]
        entries = [entry for uri in uris for entry in entries_of(site[uri].html)]
        assert entries and all(facet_of(archive.get(entry), dimension) == value for entry in entries)
        assert all(len(entries_of(site[uri].html)) <= PAGE_SIZE for uri in uris)
        total += len(entries)
    assert total == len(archive.consultations)


def test_a_listing_s_numbered_pages_share_one_filter_bar(tmp_path):
    """The bar lists every facet value on every past page; the numbered pages after the
    first write its links alike and take it from the first of them that made it."""
    archive = load_project(tmp_path, many_consultations(120))
    context = SiteContext(archive, SiteInfo("zh", "Shangliang", "An archive."))
    pages = {page.uri: page for page in render_past_pages(context)}
    bars = [key for key in context.kept if key[0] == "past-filters"]
    assert ["past/index.md", "past/page/2.md", "past/page/3.md"] == [uri for uri in pages if uri.startswith("past/page/") or uri == "past/index.md"]
    assert 0 < len(bars) < len(pages)
    bar = re.compile(r'<nav class="sl-filters".*?</nav>', re.DOTALL)
    assert bar.search(pages["past/page/2.md"].html).group() == bar.search(pages["past/page/3.md"].html).group()
    assert 'href="../../year/2020/"' in bar.search(pages["past/page/3.md"].html).group()
    assert 'href="year/2020/"' in bar.search(pages["past/index.md"].html).group()


def test_the_past_index_has_every_filter_row_with_all_marked(big_site):
    _, site = big_site
    html = site["past/index.md"].html
    rows = re.findall(r'<div class="sl-filters__row" data-facet="(\w+)">', html)
    assert rows == ["year", "platform", "format", "stage", "outcome"]  # every one is a consultation: no activity row
    active = re.findall(r'<a class="sl-chip sl-active" href="([^"]*)"', html)
    assert active == ["./"] * len(rows)
    assert "sl-clear-filter" not in html


def test_a_filter_that_would_leave_nothing_out_has_neither_row_nor_pages(tmp_path):
    """Where every consultation has the same value (one platform, one kind of activity), its
    chip would list the whole archive again under another address, page by page: the
    dimension has no row and no pages, and what links to that list links to the past index."""
    files = {name: text.replace("platform: rencheng", "platform: jishi") for name, text in many_consultations(120).items()}
    archive = load_project(tmp_path, files)
    assert {c.platform for c in archive.consultations} == {"jishi"} and {c.activity for c in archive.consultations} == {"consultation"}
    site = site_of(archive, "zh")
    rows = re.findall(r'<div class="sl-filters__row" data-facet="(\w+)">', site["past/index.md"].html)
    assert rows == ["year", "format", "stage", "outcome"]
    # the addresses of those filters (shared, listed in sitemaps) lead to the past index, and nothing links to them
    assert sorted(uri for uri in site if uri.startswith(("past/platform", "past/activity"))) == ["past/activity/consultation.md", "past/platform/jishi.md"]
    for uri in ("past/activity/consultation.md", "past/platform/jishi.md"):
        assert site[uri].meta == {"redirect": "../../"} and '<a class="sl-moved-to" href="../../">往期协商</a>' in site[uri].html
    assert [uri for uri in site if uri.startswith("past/format/")], "the other dimensions keep their pages"
    assert '<a class="sl-badge sl-badge--count" href="../past/">' in site["platforms/index.md"].html
    platform = site["platforms/jishi.md"].html
    assert 'href="../../past/platform/' not in platform and 'href="../../past/"' in platform
    linked = {href for page in site.values() for href in re.findall(r'href="([^"#]*past/[^"#]*)"', page.html)}
    assert not [href for href in linked if "/platform/" in href or "/activity/" in href]

    # one more platform, with one consultation: both now filter something
    files["content/consultations/c-other.yml"] = files["content/consultations/c-000.yml"].replace("c-000", "c-other").replace(
        "platform: jishi", "platform: rencheng")
    site = site_of(load_project(tmp_path / "two", files), "zh")
    rows = re.findall(r'<div class="sl-filters__row" data-facet="(\w+)">', site["past/index.md"].html)
    assert rows == ["year", "platform", "format", "stage", "outcome"]
    assert "past/platform/jishi.md" in site and 'href="../../past/platform/jishi/"' in site["platforms/jishi.md"].html


def test_the_past_index_is_filtered_by_the_dimensions_that_leave_some_consultations_out():
    """A dimension that no consultation has a value in (activities without a format or
    stages) would have a row with "all" alone, and one whose one value every consultation
    has a chip that lists them all again: neither is offered."""
    from types import SimpleNamespace

    from shangliang.render.facts import Facts
    from shangliang.render.listing import DIMENSIONS

    facts = Facts(SimpleNamespace(consultations=[1, 2, 3]))  # type: ignore[arg-type]
    facts.__dict__["facets"] = {dimension: {} for dimension in DIMENSIONS} | {
        "year": {"2023": [3], "2022": [1, 2]}, "platform": {"p": [1, 2, 3]}, "activity": {"reading": [1, 2, 3]},
        "format": {"forum": [1]},
    }
    assert facts.filters == ("year", "format")
    assert facts.facet_page("platform", "p") == "past/index.md" and facts.facet_page("format", "forum") == "past/format/forum.md"


def test_a_facet_page_shows_its_own_row_with_the_value_marked_and_a_way_back(big_site):
    """The other rows' counts would be the whole archive's beside a list of a subset, and
    their "All" would claim that nothing is filtered: a facet page shows only its own row."""
    archive, site = big_site
    html = site["past/year/2020.md"].html
    rows = re.findall(r'<div class="sl-filters__row" data-facet="(\w+)">', html)
    assert rows == ["year"]
    active = re.findall(r'<a class="sl-chip sl-active" href="([^"]*)"', html)
    assert active == ["./"]
    assert html.count('aria-current="page"') == 1
    chip = re.search(r'<a class="sl-chip sl-active" href="([^"]+)" aria-current="page">2020年 <span class="sl-chip__count">(\d+)</span>', html)
    in_2020 = sum(1 for c in archive.consultations if c.date.year == 2020)
    assert chip and chip.group(1) == "./" and int(chip.group(2)) == in_2020
    assert f'data-count="{in_2020}"' in html
    assert '<a class="sl-clear-filter" href="../../">清除筛选</a>' in html
    assert '<a class="sl-chip" href="../../">全部' in html


def test_a_bar_of_many_platforms_shows_those_with_most_consultations_and_leads_to_all(tmp_path):
    """A row of every platform would be on every past page (at 1,000 platforms, most of the
    site) and no reader could scan it: past ``PLATFORM_CHIPS`` the bar shows the platforms
    with the most consultations, the active one, and a link to a page with all of them."""
    archive = load_project(tmp_path, many_platforms(PLATFORM_CHIPS + 5))
    site = site_of(archive, "zh")
    platforms_with_consultations = PLATFORM_CHIPS + 6  # and jishi's own
    chips = re.compile(r'<div class="sl-filters__row" data-facet="platform">.*?</ul>', re.DOTALL)
    row = chips.search(site["past/index.md"].html).group()
    shown = re.findall(r'href="platform/([^/"]+)/"', row)
    assert shown == [f"p-{n:02d}" for n in range(6, PLATFORM_CHIPS + 6)]  # the 20 with most, in the bar's order
    assert f'<li><a class="sl-chip sl-chip--more" href="platforms/">查看全部{platforms_with_consultations}个平台</a></li>' in row

    # a platform outside the 20 is shown, marked, on its own page
    row = chips.search(site["past/platform/p-02.md"].html).group()
    hrefs = re.findall(r'<a class="sl-chip[^"]*" href="([^"]+)"', row)
    assert hrefs == ["../../", "./", *[f"../p-{n:02d}/" for n in range(6, PLATFORM_CHIPS + 6)], "../../platforms/"]
    assert '<a class="sl-chip sl-active" href="./" aria-current="page">平台2 <span class="sl-chip__count">2</span></a>' in row

    # the page of every platform: each platform with its count, leading to its list, none marked
    page = site["past/platforms.md"]
    assert page.title == "往期协商：全部平台"
    links = dict(re.findall(r'<a class="sl-chip" href="../platform/([^/"]+)/">[^<]*<span class="sl-chip__count">(\d+)</span>', page.html))
    assert links == {c.platform: str(sum(1 for d in archive.consultations if d.platform == c.platform)) for c in archive.consultations}
    assert len(links) == platforms_with_consultations
    assert "sl-active" not in page.html and 'aria-current="page"' not in page.html.split('class="sl-filters"')[1]
    assert "sl-chip--more" not in page.html
    assert f"{platforms_with_consultations}个平台" in page.html
    english = site_of(archive, "en")
    assert f'<a class="sl-chip sl-chip--more" href="platforms/">See all {platforms_with_consultations} platforms</a>' in english["past/index.md"].html
    assert english["past/platforms.md"].title == "Past consultations: All platforms"


def test_a_bar_of_few_platforms_shows_them_all_and_no_page_of_all(big_site):
    _, site = big_site
    assert "sl-chip--more" not in site["past/index.md"].html
    assert "past/platforms.md" not in site


def test_entries_without_outcome_say_the_sources_report_none_not_that_one_is_awaited(valid_archive, tmp_path):
    files = dict(VALID_RECORDS)
    del files["content/outcomes/culture-instruction.yml"]
    archive = load_project(tmp_path / "no-outcome", files)
    html = site_of(archive, "zh")["past/index.md"].html
    assert "sl-badge--status-not-reported" in html and "来源未报道成果" in html
    assert "尚无成果" not in html and "等待成果" not in html
    assert "No outcome reported in the sources" in site_of(archive, "en")["past/index.md"].html
    html = site_of(valid_archive, "zh")["past/index.md"].html
    assert "sl-badge--status-has-outcome" in html and "来源未报道成果" not in html


# -- links ---------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [link for link in parser.links if not urlsplit(link).scheme and not link.startswith("#")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_internal_link_leads_to_a_page_or_an_asset(tmp_path, lang):
    files = many_consultations(60)
    files["content/consultations/jining-2022-culture.md"] = CONSULTATION.replace(
        "会议围绕", "[纪要](attachments/minutes.txt) [提案](proposals/proposal-2023-001.yml) 会议围绕"
    )
    archive = load_project(tmp_path, files)
    pages = render_site(archive, SiteInfo(lang, "Shangliang"))
    files = render_files(archive, SiteInfo(lang, "Shangliang"), {})
    targets = {url_of_uri(page.uri) for page in pages} | set(asset_paths(archive)) | {file.uri for file in files}
    checked = 0
    for page in pages:
        for link in internal_links(page.html):
            assert not link.startswith("/"), f"{page.uri}: absolute link {link}"
            path = unquote(urlsplit(link).path)
            resolved = posixpath.normpath(posixpath.join("/" + url_of_uri(page.uri), path)).lstrip("/")
            if path.endswith("/") or path in ("", "."):
                resolved = (resolved + "/").lstrip("/") if resolved else ""
            assert resolved in targets, f"{page.uri}: {link} → {resolved!r} is no page"
            checked += 1
    assert checked > 500


def test_markdown_links_to_records_and_files_are_rewritten(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/consultations/jining-2022-culture.md"] = CONSULTATION.replace(
        "会议围绕", "[纪要](attachments/minutes.txt) [提案](proposals/proposal-2023-001.yml) 会议围绕"
    )
    html = site_of(load_project(tmp_path, files), "zh")["consultations/jining-2022-culture.md"].html
    assert 'href="../../attachments/minutes.txt"' in html
    assert 'href="../../proposals/proposal-2023-001/"' in html


def test_a_link_with_a_line_break_or_a_query_leads_where_validate_looked(tmp_path):
    """Browsers take line breaks out of an address, and validate reads it so: the page leads
    to the record and the file validate found, and that file is published. A query stays a
    query, not part of the file's name."""
    files = dict(VALID_RECORDS)
    files["content/attachments/notes.txt"] = "Notes.\n"
    files["content/consultations/jining-2022-culture.md"] = CONSULTATION.replace(
        "会议围绕", '<a href="attachments/no\ntes.txt">笔记</a> <a href="proposals/proposal-2023-\n001.yml">提案</a> '
        "[版本](attachments/minutes.txt?v=2#top) 会议围绕"
    )
    archive = load_project(tmp_path, files)
    html = site_of(archive, "zh")["consultations/jining-2022-culture.md"].html
    assert '<a href="../../attachments/notes.txt" rel="noopener noreferrer">笔记</a>' in html
    assert '<a href="../../proposals/proposal-2023-001/" rel="noopener noreferrer">提案</a>' in html
    assert '<a href="../../attachments/minutes.txt?v=2#top" rel="noopener noreferrer">版本</a>' in html
    assert "attachments/notes.txt" in asset_paths(archive)


# -- English fallback ----------------------------------------------------------------------

def all_english() -> dict[str, str]:
    """``VALID_RECORDS`` with every text translated."""
    files = dict(VALID_RECORDS)
    files["content/platforms/rencheng.yml"] = files["content/platforms/rencheng.yml"].replace(
        "  zh: 任城议事\n", "  zh: 任城议事\n  en: Rencheng\n"
    ).replace("  zh: 任城区政协\n", "  zh: 任城区政协\n  en: Rencheng CPPCC\n")
    files["content/consultations/jining-2022-culture.md"] = CONSULTATION.replace(
        "      zh: 会议纪要\n", "      zh: 会议纪要\n      en: Minutes\n"
    )
    files["content/proposals/proposal-2023-001.yml"] = files["content/proposals/proposal-2023-001.yml"].replace(
        "  zh: 关于加强文物保护的提案\n", "  zh: 关于加强文物保护的提案\n  en: On protecting heritage\n"
    ).replace("    - zh: 张三\n", "    - zh: 张三\n      en: Zhang San\n")
    files["content/outcomes/culture-instruction.yml"] = files["content/outcomes/culture-instruction.yml"].replace(
        "  zh: 市委书记作出批示\n", "  zh: 市委书记作出批示\n  en: A written instruction\n"
    )
    return files


def test_a_fully_translated_site_has_no_notice(tmp_path):
    archive = load_project(tmp_path, all_english())
    for page in site_of(archive, "en").values():
        assert NOTICE not in page.html, page.uri
        assert 'lang="zh"' not in page.html, page.uri


def test_the_notice_appears_exactly_where_english_is_missing(tmp_path):
    files = all_english()
    del files["content/consultations/jining-2022-culture.en.md"]
    archive = load_project(tmp_path, files)
    en = site_of(archive, "en")
    with_notice = sorted(uri for uri, page in en.items() if NOTICE in page.html)
    assert with_notice == ["consultations/jining-2022-culture.md"]
    html = en["consultations/jining-2022-culture.md"].html
    assert html.count(NOTICE) == 1
    assert html.index(NOTICE) < html.index("sl-facts"), "the notice sits near the top"
    assert "Not yet translated — shown in Chinese." in html
    assert re.search(r'<div class="sl-prose sl-fallback" lang="zh"><p>会议围绕', html)
    for page in site_of(archive, "zh").values():
        assert NOTICE not in page.html


def test_a_list_is_not_untranslated_because_an_entry_is(tmp_path):
    """The notice belongs to the page whose own text is in Chinese; pages that only list or
    link to it mark that one title, in Chinese with lang="zh" so screen readers switch voice."""
    files = all_english()
    files["content/consultations/jining-2022-culture.md"] = files["content/consultations/jining-2022-culture.md"].replace(
        "  en: Leading the way in cultural renewal\n", ""
    )
    en = site_of(load_project(tmp_path, files), "en")
    assert sorted(uri for uri, page in en.items() if NOTICE in page.html) == ["consultations/jining-2022-culture.md"]
    marked = '<span lang="zh" class="sl-fallback">推动“两创”工作走在前列</span><span class="sl-badge sl-badge--untranslated" title="Not yet translated — shown in Chinese.">Chinese</span>'
    # its one consultation leaves the past index nothing to filter: no filter bar, no facet lists
    assert all(en[uri].meta.get("redirect") for uri in en if uri.startswith("past/") and uri != "past/index.md")
    assert "sl-filters" not in en["past/index.md"].html
    for uri in ("index.md", "past/index.md", "platforms/jishi.md", "outcomes/index.md", "outcomes/culture-instruction.md"):
        assert marked in en[uri].html, uri


def test_a_missing_english_title_is_shown_in_chinese_with_lang_and_mark(valid_archive):
    page = site_of(valid_archive, "en")["platforms/rencheng.md"]
    assert page.title == "任城议事"
    assert re.search(r'<h1><span lang="zh" class="sl-fallback">任城议事</span><span class="sl-badge sl-badge--untranslated"', page.html)
    assert page.html.count(NOTICE) == 1


# -- sanitizing ------------------------------------------------------------------------------

HOSTILE = """\
Hello <script>alert("x")</script> world.

<a href="https://example.org" onclick="steal()" style="color:red">ok</a>
[bad](javascript:alert(1)) [mail](mailto:office@example.org)

<iframe src="https://evil.example"></iframe><form action="/x"><input name="q"></form>
<img src="x.png" onerror="steal()">
<style>body{display:none}</style>
"""


def test_markdown_is_sanitized():
    html = render_markdown(HOSTILE)
    for forbidden in ("<script", "alert(\"x\")", "onclick", "onerror", "style=", "javascript:", "<iframe", "<form", "<input", "<style"):
        assert forbidden not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html
    assert 'href="mailto:office@example.org"' in html
    assert "Hello" in html and "world." in html


@pytest.mark.parametrize("source", ["https://tracker.example/p.gif", "//tracker.example/p.gif", "HTTP://tracker.example/p.gif"])
def test_an_image_from_another_site_loses_its_address(source):
    html = render_markdown(f'![图]({source}) <img src="{source}" alt="图2"> ![本站](attachments/a.png)')
    assert "tracker.example" not in html
    assert html.count("<img") == 3 and 'src="attachments/a.png"' in html


def test_markdown_headings_sit_below_the_page_sections():
    assert render_markdown("# Title\n\n## Part").startswith("<h3>Title</h3>\n<h4>Part</h4>")


def with_text(archive, record_id: str, **texts: Text):
    """``archive`` with texts of one record replaced after loading: the loader refuses such
    markup (tests/test_bad_inputs.py), and the renderer must stay safe on its own."""
    archive.records[record_id] = archive.records[record_id].model_copy(update=texts)
    return archive


def test_a_hostile_summary_is_sanitized_on_its_page(valid_archive):
    archive = with_text(valid_archive, "jining-2022-culture", summary=Text(zh=HOSTILE + "\n会议围绕"))
    html = site_of(archive, "zh")["consultations/jining-2022-culture.md"].html
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html


def test_record_texts_are_escaped(valid_archive):
    archive = with_text(valid_archive, "jining-culture-bureau", name=Text(zh="济宁市文化和旅游局", en="<b onmouseover=x>Bureau</b>"))
    html = site_of(archive, "en")["units/jining-culture-bureau.md"].html
    assert "<b onmouseover" not in html and "&lt;b onmouseover=x&gt;Bureau&lt;/b&gt;" in html


# -- record pages ----------------------------------------------------------------------------

def test_consultation_page_shows_its_facts_and_links(valid_archive):
    html = site_of(valid_archive, "zh")["consultations/jining-2022-culture.md"].html
    assert "2022年10月14日" in html and "专题议政性常委会会议" in html
    assert 'href="../../platforms/jishi/"' in html
    assert 'href="../../outcomes/culture-instruction/"' in html
    assert 'href="../../proposals/proposal-2023-001/"' in html
    stages = re.findall(r'data-stage="(\w+)"', html)
    assert stages == ["topic", "research", "meeting", "conversion"]
    assert re.search(r'sl-timeline__stage--current" data-stage="meeting" aria-current="step"', html)


def test_proposal_without_reply_is_marked_awaiting(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/proposals/proposal-2023-001.yml"] = files["content/proposals/proposal-2023-001.yml"].split("reply:")[0] + "consultation: jining-2022-culture\n"
    site = site_of(load_project(tmp_path, files), "en")
    assert "Awaiting reply" in site["proposals/proposal-2023-001.md"].html
    assert "sl-badge--state-assigned" in site["proposals/index.md"].html


def test_unit_page_lists_proposals_by_role_and_outcomes(valid_archive):
    html = site_of(valid_archive, "en")["units/jining-culture-bureau.md"].html
    assert 'id="leads"' in html and 'data-id="proposal-2023-001"' in html
    assert 'id="acted-on"' in html and 'data-id="culture-instruction"' in html


def test_a_unit_page_gives_the_other_names_it_goes_by(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/units/jining-culture-bureau.yml"] += "aliases:\n  - 市文旅局\n  - 文旅局 &amp B\n"
    archive = load_project(tmp_path, files)
    assert '<dt>又称</dt> <dd>市文旅局、文旅局 &amp;amp B</dd>' in site_of(archive, "zh")["units/jining-culture-bureau.md"].html
    assert '<dt>Also called</dt> <dd>市文旅局、文旅局 &amp;amp B</dd>' in site_of(archive, "en")["units/jining-culture-bureau.md"].html


def test_platform_index_nests_sub_platforms(valid_archive):
    html = site_of(valid_archive, "zh")["platforms/index.md"].html
    assert re.search(r'data-id="jishi">.*<ul class="sl-tree">\s*<li class="sl-tree__item" data-id="rencheng">', html, re.DOTALL)


def test_a_record_type_without_records_has_no_page_tab_card_or_link(tmp_path):
    files = {path: text for path, text in VALID_RECORDS.items() if not path.startswith("content/proposals/")}
    archive = load_project(tmp_path, files)
    assert not archive.proposals
    assert "proposals/index.md" not in [uri for item in get_nav("zh", archive) for uri in item.values()]
    for lang in ("zh", "en"):
        site = site_of(archive, lang)
        assert not [uri for uri in site if uri.startswith("proposals/")]
        assert 'data-stat="proposals"' not in site["index.md"].html
        assert 'data-stat="outcomes"' in site["index.md"].html
        for page in site.values():
            assert "proposals/" not in " ".join(internal_links(page.html)), page.uri


def test_home_counts_what_the_archive_holds(valid_archive):
    html = site_of(valid_archive, "en")["index.md"].html
    stats = dict(re.findall(r'data-stat="([\w-]+)">.*?<dd>([^<]*)</dd>', html))
    assert stats["platforms"] == "2 platforms"
    assert stats["past"] == "1 consultation"
    assert stats["years-covered"] == "2022–2023"


def test_each_page_is_rendered_once_per_language(valid_archive):
    uris = Counter(page.uri for page in render_site(valid_archive, SiteInfo("zh", "S")))
    assert max(uris.values()) == 1


def test_files_linked_from_a_summary_are_published(tmp_path, valid_records):
    from helpers import load_project
    from shangliang.render import asset_paths

    valid_records["content/consultations/jining-2022-culture.en.md"] = (
        "See ![the chart](attachments/chart.png) and [the table](attachments/table.csv#top), "
        "[the platform](platforms/jishi.yml) and [elsewhere](https://example.com/x.pdf).\n"
    )
    valid_records["content/attachments/chart.png"] = b"\x89PNG\r\n\x1a\n"
    valid_records["content/attachments/table.csv"] = "a,b\n"
    archive = load_project(tmp_path, valid_records)
    assert asset_paths(archive) == ["attachments/chart.png", "attachments/minutes.txt", "attachments/table.csv"]
    cache: dict = {}  # the live preview's: what a record names is kept, whether the file is there is not
    assert asset_paths(archive, cache) == asset_paths(archive)
    kept = cache["jining-2022-culture"]
    (tmp_path / "content/attachments/table.csv").unlink()
    assert asset_paths(archive, cache) == ["attachments/chart.png", "attachments/minutes.txt"]
    assert cache["jining-2022-culture"] is kept


def test_each_language_has_its_own_punctuation():
    assert [(colon(lang), list_separator(lang), with_note("3", "median", lang)) for lang in LANGUAGES] == [
        ("：", "、", "3（median）"), (": ", ", ", "3 (median)"),
    ]


def test_the_neighbourhoods_a_render_keeps_are_those_computed_anew(tmp_path):
    """The live preview takes the last render's neighbourhood of every record whose
    neighbourhood no change reached (``RenderCache.known_near``): after each edit, each one
    it keeps holds the very records, in the same order, that computing it anew gives."""
    from shangliang.load import LoadCache, load_archive
    from shangliang.render import RenderCache

    content = write_project(tmp_path, {**VALID_RECORDS, **ISSUE14_RECORDS})
    # without search, whose lexicon (places named in units' names) a unit's new name changes,
    # and with it every record's search view: a render then keeps nothing
    loads, cache, site = LoadCache(), RenderCache(), SiteInfo("zh", "Shangliang", "An archive.", search=False)
    render_site(load_archive(content, cache=loads), site, cache)
    edits = [  # a title; an outcome that comes to concern another record; a unit; a platform's parent
        ("consultations/jining-2022-culture.md", "zh: ", "zh: 改"),
        ("outcomes/culture-instruction.yml", "concerns: jining-2022-culture", "concerns: proposal-2023-001"),
        ("units/jining-culture-bureau.yml", "zh: ", "zh: 改"),
        ("outcomes/culture-instruction.yml", "concerns: proposal-2023-001", "concerns: jining-2022-culture"),
    ]
    for path, old, new in edits:
        file = content / path
        text = file.read_text(encoding="utf-8")
        assert old in text, path
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        archive = load_archive(content, cache=loads)
        known = cache.start(archive, site)
        assert 0 < len(known) < len(archive.records), path
        for record_id, near in known.items():
            fresh = archive.neighbourhood(archive.get(record_id))
            assert len(near) == len(fresh) and all(a is b for a, b in zip(near, fresh)), (path, record_id)
        render_site(archive, site, cache)


def test_a_kept_unit_page_follows_its_proposals_and_outcomes(tmp_path):
    """The live preview keeps a unit's page while the records it shows (its proposals, the
    outcomes it acted on, what they name) are the same objects, and renders it again when
    one of them changes."""
    from shangliang.load import LoadCache, load_archive
    from shangliang.render import RenderCache

    content = write_project(tmp_path, VALID_RECORDS)
    loads, renders, site = LoadCache(), RenderCache(), SiteInfo("en", "Shangliang", "An archive.")
    uri = "units/jining-culture-bureau.md"

    def unit_page(cache):
        archive = load_archive(content, cache=loads if cache else None)
        return {page.uri: page for page in render_site(archive, site, cache)}[uri]

    first = unit_page(renders)
    platform = content / "platforms/rencheng.yml"
    platform.write_text(platform.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    assert unit_page(renders) is first  # a record the page does not show
    for path, old, new in [
        ("proposals/proposal-2023-001.yml", "outcome: adopted", "outcome: planned"),
        ("outcomes/culture-instruction.yml", "zh: 市委书记作出批示", "zh: 市委书记再次作出批示"),
        ("consultations/jining-2022-culture.en.md", "", "Edited.\n"),
    ]:
        before = unit_page(renders)
        file = content / path
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")
        after = unit_page(renders)
        assert after is not before, path
        assert after.html == unit_page(None).html, path
