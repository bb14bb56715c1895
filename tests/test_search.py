"""The site search: what record pages give the index, the bundle a build writes, and readers
searching the built sample archive in headless Chromium, in both languages."""

from __future__ import annotations

import functools
import http.server
import json
import re
import socketserver
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import run_cli
from helpers import VALID_RECORDS, load_project, search
from shangliang.adapters.search_index import write_sources, get_t2s_json
from shangliang.errors import BuildError
from shangliang.render import SiteInfo, render_site
from shangliang.render.search import NAME_WEIGHT, TERMS_ANCHOR, TERMS_MARK, page_text, pair_code, pair_codes



# -- what record pages give the index -------------------------------------------------------

EDIT_BASE = "https://example.org/archive/edit/main/"
"""An editor for the records, so that record pages have their "propose a correction" link."""


def pages_of(tmp_path: Path, lang: str, search: bool = True) -> dict:
    archive = load_project(tmp_path, VALID_RECORDS)
    return {page.uri: page for page in render_site(archive, SiteInfo(lang, "Shangliang", edit_base=EDIT_BASE, search=search))}


def test_record_pages_carry_search_data_in_their_language(tmp_path):
    chinese_page = pages_of(tmp_path, "zh")["consultations/jining-2022-culture.md"]
    english_page = pages_of(tmp_path, "en")["consultations/jining-2022-culture.md"]
    chinese, english = chinese_page.search_html, english_page.search_html
    assert "data-pagefind-body" in chinese
    assert '<span data-pagefind-meta="kind">协商活动</span>' in chinese
    assert '<span data-pagefind-filter="year">2022年</span>' in chinese
    assert '<span data-pagefind-filter="platform">济事商量</span>' in chinese
    assert '<span data-pagefind-meta="kind">Consultation</span>' in english
    assert '<span data-pagefind-filter="year">2022</span>' in english
    assert '<span data-pagefind-filter="platform">Jishi Shangliang</span>' in english
    # the hidden words: after their anchor, the title's pairs and spellings weighted like its heading
    assert f'<h2 id="{TERMS_ANCHOR}" hidden>{TERMS_MARK}</h2>' in chinese
    title_pairs = " ".join(pair_codes("推动“两创”工作走在前列"))
    assert pair_code("两", "创") in title_pairs and pair_code("创", "工") in title_pairs  # across quotes, as typed
    assert re.search(rf'<p hidden data-pagefind-weight="7.0">{title_pairs} tuidong', chinese)
    platform_and_organiser = " ".join(pair_codes("济事商量"))  # the record names no organiser
    assert re.search(rf'<p hidden data-pagefind-weight="{NAME_WEIGHT}">{platform_and_organiser} jishishangliang jssl', chinese)
    # the English site carries the record's and its platform's Chinese names, the platform's spelled
    assert re.search(rf'<p hidden data-pagefind-weight="7.0">{title_pairs}</p>', english)
    assert re.search(rf'<p hidden data-pagefind-weight="{NAME_WEIGHT}">{platform_and_organiser} jishishangliang jssl', english)
    # readers' pages carry none of it
    for page in (chinese_page, english_page):
        assert "data-pagefind-meta" not in page.html and TERMS_MARK not in page.html


def test_words_written_against_chinese_are_indexed_on_their_own():
    """Pagefind cuts only at spaces and punctuation (it runs without Chinese segmentation):
    a number or a Latin word touching Chinese is added to the hidden words on its own, once,
    without the punctuation around it."""
    from shangliang.render.search import attached_words

    text = "截至2023年底增长88.9%，第12345号提案；济宁CPPCC（2019）“ABC”公司，2023年"
    assert attached_words(text) == ["2023", "88.9%", "12345", "CPPCC", "2019", "ABC"]
    assert attached_words("no Chinese here, 2023") == [] and attached_words("只有中文。") == []


def test_pairs_are_coded_the_same_way_for_any_word_boundary():
    assert pair_codes("邹城市政协") == [pair_code("邹", "城"), pair_code("城", "市"), pair_code("市", "政"), pair_code("政", "协")]
    assert pair_codes("a 市 b") == [pair_code("市")]
    # ASCII digits after a letter: one word for every segmenter, on both sides
    assert re.fullmatch(r"q\d{10}", pair_code("邹", "城")) and re.fullmatch(r"q\d{5}", pair_code("邹"))
    assert pair_code("㐀") == "q00000" and pair_code("\ufaff") == f"q{0xfaff - 0x3400:05d}"


def test_page_text_leaves_out_labels_badges_sources_and_ignored_parts_and_keeps_facts_apart():
    shown = (
        '<h1>标题 &amp; 名称</h1><p class="sl-badges"><span class="sl-badge">会议协商<span class="sl-sep"> · </span>市级</span></p>'
        '<dl class="sl-facts"><div class="sl-fact"><dt>组织单位</dt> <dd>邹城市政协<br>鱼台县政协</dd></div></dl>'
        '<section class="sl-section"><h2>概述</h2><div class="sl-prose"><p>正文<strong>一句</strong>。</p>'
        '<ol><li>其一</li></ol></div></section><ul class="sl-sources"><li>报道标题</li></ul>'
        '<ol class="sl-timeline sl-outcomes"><li><ol><li>嵌套</li></ol>成果</li></ol><p>尾声</p>'
        '<section data-pagefind-ignore><p>二维码</p></section><img src="x.png" alt="图"><p>完</p>'
        # a record's words in an attribute are no marker; an ignored image has no end tag
        '<p>前<img src="x.png" title="说明 data-pagefind-ignore">后<a title="class=&quot;sl-badge&quot;">链</a></p>'
        '<p>图<img src="y.png" data-pagefind-ignore>尾 <span class="sl-badgeless">留</span></p>'
    )
    prose, facts = page_text(shown)
    assert prose == "标题 & 名称 正文一句。 其一 尾声 完 前 后链 图 尾 留"
    assert facts == "邹城市政协 鱼台县政协"


def test_every_record_type_is_searchable_and_listings_are_not(tmp_path):
    pages = pages_of(tmp_path, "zh")
    searchable = sorted(uri.split("/")[0] for uri, page in pages.items() if page.search_html is not None)
    assert searchable == ["consultations", "outcomes", "platforms", "platforms", "proposals", "units"]
    assert all("data-pagefind-body" in page.html for page in pages.values() if page.search_html is not None)
    outcome = pages["outcomes/culture-instruction.md"].search_html
    assert '<span data-pagefind-meta="kind">办理成果</span>' in outcome
    assert '<span data-pagefind-filter="platform">济事商量</span>' in outcome  # through its consultation
    # lists of other records are left to those records' own pages
    platform = pages["platforms/jishi.md"].html
    assert '<ol class="sl-entries" data-pagefind-ignore>' in platform


def test_the_record_pages_are_handed_to_the_index_before_the_rest_is_rendered(tmp_path):
    archive = load_project(tmp_path, VALID_RECORDS)
    handed = []
    pages = render_site(archive, SiteInfo("zh", "Shangliang", search=True), records_rendered=lambda read: handed.append(list(read)))
    assert len(handed) == 1
    records = handed[0]
    assert {page.uri for page in records} == {f"{record.kind}s/{record.id}.md" for record in archive.records.values()}
    returned = {page.uri: page for page in pages}
    assert all(returned[page.uri].html == page.html for page in records)
    assert pages[0].uri == "index.md"  # the site's pages keep their order
    assert all(page.search_html is not None for page in records)
    # the index has them now: the pages kept to the end of the build drop them
    assert all(returned[page.uri].search_html is None for page in records)
    # a reader that stops early costs the site no page
    stopped = render_site(archive, SiteInfo("zh", "Shangliang", search=True), records_rendered=lambda read: next(read))
    assert [page.uri for page in stopped] == [page.uri for page in pages]


def test_a_site_without_search_has_no_search_data(tmp_path):
    pages = pages_of(tmp_path, "zh", search=False)
    page = pages["consultations/jining-2022-culture.md"].html
    assert "data-pagefind-meta" not in page and TERMS_ANCHOR not in page
    assert all(page.search_html is None for page in pages.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_the_index_reads_is_the_content_without_breadcrumbs_or_correction_link(tmp_path, lang):
    pages = pages_of(tmp_path, lang)
    consultation = pages["consultations/jining-2022-culture.md"]
    # the page itself has both, so their absence below means something
    assert '<nav class="sl-breadcrumbs"' in consultation.html and '<footer class="sl-correction"' in consultation.html
    write_sources(pages.values(), lang, tmp_path / "sources")
    sources = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "sources").glob("*.html")}
    assert len(sources) == 6
    for source in sources.values():
        assert "sl-breadcrumbs" not in source and "sl-correction" not in source and EDIT_BASE not in source
        assert source.count("data-pagefind-body") == 1
    title, summary = {
        "zh": ("推动“两创”工作走在前列", "会议围绕“两创”工作提出建议。"),
        "en": ("Leading the way in cultural renewal", "The meeting made suggestions on cultural renewal."),
    }[lang]
    [source] = [source for source in sources.values() if 'content="consultations/jining-2022-culture/"' in source]
    assert f"<title>{title}</title>" in source
    assert f"<h1>{title}</h1>" in source and summary in source
    assert f'<span data-pagefind-meta="title">{title}</span>' in source
    assert '<span data-pagefind-filter="year">' in source and "sl-badges" in source  # left for --exclude-selectors


HOLD_A_WORK_FOLDER = """
import sys
from pathlib import Path
from shangliang.adapters.search_index import WorkFolder
work = WorkFolder(Path(sys.argv[1]), Path(sys.argv[2]))
print(work.path, work.next_to_site, flush=True)
sys.stdin.read()
"""
"""A build in another process: it makes its work folders (in memory, and next to the site),
says where, and lives until told."""


def test_work_folders_of_builds_that_are_gone_are_removed_and_those_of_live_builds_kept(tmp_path):
    import subprocess
    import sys

    from shangliang.adapters.search_index import SOURCES_PREFIX, WorkFolder, remove_orphans

    memory, site_side = tmp_path / "shm", tmp_path / "project"
    memory.mkdir(), site_side.mkdir()

    def start_build() -> tuple[subprocess.Popen, Path, Path]:
        build = subprocess.Popen([sys.executable, "-c", HOLD_A_WORK_FOLDER, str(memory), str(site_side)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        sources, next_to_site = build.stdout.readline().split()
        return build, Path(sources), Path(next_to_site).parent

    living, living_folder, living_bundles = start_build()
    killed, killed_folder, killed_bundles = start_build()
    (killed_folder / "pages").mkdir()
    (killed_folder / "pages" / "1.html").write_text("<p>left behind</p>")
    (killed_bundles / "index" / "search").mkdir()
    killed.kill()  # no clean-up of its own
    killed.wait()
    ours = WorkFolder(memory, site_side)  # a build in this process
    unlocked = memory / f"{SOURCES_PREFIX}12345-abc"  # being made, or not ours
    (unlocked / "pages").mkdir(parents=True)
    try:
        assert remove_orphans(memory) == [killed_folder]
        assert remove_orphans(site_side) == [killed_bundles]  # .shangliang-search-*
        assert living_folder.is_dir() and living_bundles.is_dir() and ours.path.is_dir() and unlocked.is_dir()
        living.stdin.close()  # the build ends without removing its folders
        living.wait()
        assert (remove_orphans(memory), remove_orphans(site_side)) == ([living_folder], [living_bundles])
        ours.remove()
        assert not ours.path.exists() and remove_orphans(memory) == [] and list(site_side.iterdir()) == []
        assert [path.name for path in memory.iterdir()] == [unlocked.name]
    finally:
        for build in (living, killed):
            build.kill()
            build.wait()


def test_an_index_waits_for_the_other_language_until_its_own_pages_are_written(tmp_path):
    import time

    from shangliang.adapters import search_index

    pages = pages_of(tmp_path, "zh").values()
    turns = search_index.SearchTurns(wait=2)
    with turns.one_at_a_time:  # the other language's Pagefind runs, and runs on
        indexing = search_index.SearchIndexing(pages, "zh", tmp_path, turns)
        time.sleep(1)
        assert indexing.process is None  # waiting its turn beside the page writing
        site = tmp_path / "site"  # the pages are written: finish waits for the turn, then runs without it
        site.mkdir()
        started = time.monotonic()
        count = indexing.finish(site)
        assert time.monotonic() - started >= 2
    assert count == sum(page.search_html is not None for page in pages) > 0
    assert (site / "search" / "pagefind.js").is_file() and (site / "search" / "t2s.json").is_file()
    assert not (site / "search" / "pagefind-ui.js").exists()
    assert not indexing.folder.exists() and not indexing.sources.exists()
    # the thread that waited for the turn takes it once it is free, finds the run done and lets go
    indexing._thread.join(timeout=10)
    assert not indexing._thread.is_alive() and turns.one_at_a_time.acquire(blocking=False)


def test_a_language_whose_pages_are_written_waits_for_the_other_language_s_pagefind(tmp_path):
    """Two Pagefinds at once took a 10,000-consultation build to 6.2 GB (issue 18)."""
    import time

    from shangliang.adapters import search_index

    turns = search_index.SearchTurns()
    turns.one_at_a_time.acquire()  # the other language's Pagefind runs
    indexing = search_index.SearchIndexing(pages_of(tmp_path, "zh").values(), "zh", tmp_path, turns)
    site = tmp_path / "site"
    site.mkdir()
    released = []
    threading.Timer(1.5, lambda: (released.append(time.monotonic()), turns.one_at_a_time.release())).start()
    indexing.finish(site)
    assert released and indexing.seconds < time.monotonic() - released[0] + 0.5  # it ran after the release
    assert (site / "search" / "pagefind.js").is_file()


def test_the_second_language_indexes_after_the_first_has_started(tmp_path):
    import time

    from shangliang.adapters import search_index

    turns = search_index.SearchTurns()
    pages = pages_of(tmp_path, "en").values()
    indexing = search_index.SearchIndexing(pages, "en", tmp_path, turns)
    try:
        time.sleep(1)
        assert indexing.process is None  # the Chinese index goes first
        turns.first_has_started()
        deadline = time.monotonic() + 10
        while indexing.process is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexing.process is not None  # started in its turn, before its pages were written (no finish yet)
        site = tmp_path / "site"
        site.mkdir()
        assert indexing.finish(site) > 0
        entry = json.loads((site / "search" / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["en"]
    finally:
        indexing.cancel()


def test_the_traditional_to_simplified_map_comes_from_opencc():
    table = json.loads(get_t2s_json())
    pairs = dict(zip(table["t"], table["s"]))
    assert pairs["濟"] == "济" and pairs["協"] == "协" and pairs["動"] == "动"
    assert "济" not in pairs and "商" not in pairs
    assert "乾" not in pairs and "於" not in pairs  # Simplified keeps them in some words
    assert 2000 < len(pairs) < 5000


def test_a_build_without_search_has_no_index(site_project, tmp_path):
    root = site_project()
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "search").exists()
    assert not (root / "site" / "en" / "search").exists()
    page = (root / "site" / "consultations" / "jining-2022-culture" / "index.html").read_text()
    dialog = (root / "site" / "assets" / "javascripts" / "shangliang-search-dialog.js").read_text()
    assert 'data-enabled=\\"false\\"' in dialog and "data-pagefind-meta" not in page


def test_each_language_has_its_own_bundle(sample_site: Path):
    for root, lang in ((sample_site, "zh"), (sample_site / "en", "en")):
        entry = json.loads((root / "search" / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [lang]
        assert (root / "search" / "t2s.json").is_file()
        assert not (root / "search" / "pagefind-ui.js").exists()


# -- readers searching ---------------------------------------------------------------------

def status(page: Page) -> str:
    return page.locator(".sl-search__status").inner_text()


START = "consultations/jining-2022-culture/"
"""A record page to search from (any page has the box)."""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("智慧港航", "/consultations/jining-2022-smart-port/"),  # Chinese words
        ("济事商量", "/platforms/jishi-shangliang/"),  # a name the indexer and browser cut differently
        ("jishishangliang", "/platforms/jishi-shangliang/"),  # full pinyin
        ("ji shi shang liang", "/platforms/jishi-shangliang/"),  # spaced pinyin
        ("jssl", "/platforms/jishi-shangliang/"),  # initials
        ("zhihuiganghang", "/consultations/jining-2022-smart-port/"),  # pinyin of words inside a title
        ("濟事商量", "/platforms/jishi-shangliang/"),  # Traditional characters
        ("停车难", "/consultations/jining-2022-yutai-parking/"),  # words in an undated record
        ("批示肯定", "/outcomes/jining-2022-culture-instruction/"),  # an outcome
        ("12345", "/platforms/yangguang-xieshang/"),  # a number written against Chinese (12345热线)
        ("88.9%", "/platforms/shanwei-2plus2/"),  # a share written against Chinese
    ],
)
def test_chinese_site_finds_a_record_by_words_pinyin_initials_or_traditional(page: Page, sample_server: str, query, expected):
    page.goto(sample_server + START)
    found = search(page, query)
    assert expected in found[:3], found
    assert not any(path.startswith("/en/") for path in found)


ZOUCHENG = "/consultations/jining-2022-zoucheng-potato/"
JISHI = "/platforms/jishi-shangliang/"


@pytest.mark.parametrize(
    ("prefix", "query", "first", "then_on"),
    [
        # a name found whatever the word boundaries around it, and by its variants
        ("", "邹城", ZOUCHENG, None),
        ("", "邹城市", ZOUCHENG, None),
        ("", "邹城市政协", ZOUCHENG, None),
        ("", "鱼台县", "/consultations/jining-2022-yutai-parking/", None),
        ("", "两创先行示范区", "/consultations/jining-2022-culture/", None),  # across quotation marks: “两创”先行
        ("", "任诚协商", "/platforms/renzheng-xieshang/", None),  # a name's dot left out: 任·诚协商
        # a platform's name: the platform first, then records on it (its consultations,
        # outcomes and sub-platforms), in both languages, by characters, pinyin or initials
        ("", "济事商量", JISHI, "济事商量"),
        ("", "濟事商量", JISHI, "济事商量"),
        ("", "jssl", JISHI, "济事商量"),
        ("en/", "济事商量", "/en" + JISHI, 'Jishi Shangliang ("Let\'s talk it over, Jining")'),
        ("en/", "jssl", "/en" + JISHI, 'Jishi Shangliang ("Let\'s talk it over, Jining")'),
        # a synonym from content/search-synonyms.yml
        ("", "马铃薯", ZOUCHENG, None),
    ],
)
def test_names_platforms_and_synonyms_find_their_records(page: Page, sample_server: str, prefix, query, first, then_on):
    page.goto(sample_server + prefix + START)
    found = search(page, query)
    assert found and found[0] == first, found
    if then_on:
        platforms = page.locator(".sl-hit:not(:first-child) .sl-hit__platform").all_inner_texts()
        assert len(found) == 10 and platforms == [then_on] * 9, platforms


def test_a_record_whose_title_has_the_words_ranks_above_passing_mentions(page: Page, sample_server: str):
    page.goto(sample_server + START)
    search(page, "两创")
    titles = page.locator(".sl-hit__title").all_inner_texts()
    assert len(titles) >= 4 and all("两创" in title for title in titles[:3]), titles
    assert "两创" not in titles[-1]  # the passing mentions are found too, below


def test_excerpts_are_sentences_with_the_query_marked_never_field_values(page: Page, sample_server: str):
    page.goto(sample_server + START)
    search(page, "济事商量")
    excerpts = page.locator(".sl-hit__excerpt").all_inner_texts()
    marked = page.locator(".sl-hit__excerpt mark").all_inner_texts()
    assert len(excerpts) == 10 and set(marked) == {"济事商量"}, (excerpts, marked)
    # the query is marked wherever an excerpt has it (the others, found by hidden words, show the summary)
    assert all(("济事商量" in text) == (index in marked_hits(page)) for index, text in enumerate(excerpts)), excerpts
    # a long sentence is cut around the match, which stays marked
    search(page, "跨年度计划")
    excerpt = page.locator(".sl-hit__excerpt").first
    expect(excerpt.locator("mark")).to_have_text("跨年度计划")
    text = excerpt.inner_text()
    assert text.startswith("…") and len(text) <= 92, text
    for text in excerpts:
        assert not re.search(r"(^|\. )\S{1,8}\. \S{1,8}\.", text), text  # "市级. 县区子平台. 0次协商"
        assert "次协商" not in text and "县区子平台" not in text


def test_english_site_finds_records_in_english_and_links_in_english(page: Page, sample_server: str):
    page.goto(sample_server + "en/" + START)
    found = search(page, "port logistics")
    assert "/en/consultations/jining-2022-smart-port/" in found[:3], found
    assert all(path.startswith("/en/") for path in found)
    assert "/en/platforms/jishi-shangliang/" in search(page, "Jishi Shangliang")[:3]


def test_a_result_shows_type_date_platform_and_an_excerpt(page: Page, sample_server: str):
    page.goto(sample_server + START)
    search(page, "智慧港航")
    hit = page.locator(".sl-hit").first
    expect(hit.locator(".sl-hit__kind")).to_have_text("协商活动")
    expect(hit.locator(".sl-hit__date")).to_have_text("2022年")
    expect(hit.locator(".sl-hit__platform")).to_have_text("济事商量")
    expect(hit.locator(".sl-hit__title")).to_have_text("建设智慧港航和港航物流中心")
    expect(hit.locator(".sl-hit__excerpt mark").first).to_be_visible()
    # a match in the hidden spellings shows the summary, never the spellings
    search(page, "jssl")
    excerpts = page.locator(".sl-hit__excerpt").all_inner_texts()
    assert excerpts and not any("jssl" in text for text in excerpts)
    hit = page.locator(".sl-hit__link").first
    hit.click()
    expect(page).to_have_url(sample_server + "platforms/jishi-shangliang/")


def marked_hits(page: Page) -> set[int]:
    return set(page.locator(".sl-hit__excerpt").evaluate_all("ps => ps.flatMap((p, i) => p.querySelector('mark') ? [i] : [])"))


def test_a_filter_narrows_the_results(page: Page, sample_server: str):
    page.goto(sample_server + START)
    search(page, "协商")
    total = count_of(status(page))
    assert total >= 5
    page.locator(".sl-search__show-filters").click()
    chip = page.locator(".sl-search__facet[data-facet=type] .sl-search__chip", has_text="办理成果")
    expected = int(chip.locator(".sl-search__chip-count").inner_text())
    assert 0 < expected < total
    chip.click()
    expect(page.locator(".sl-search__status")).to_have_text(f"{expected}条结果")
    kinds = page.locator(".sl-hit__kind").all_inner_texts()
    assert kinds and set(kinds) == {"办理成果"}
    # pressing the chip again lifts the filter
    page.locator(".sl-search__facet[data-facet=type] .sl-search__chip.sl-active").click()
    expect(page.locator(".sl-search__status")).to_have_text(f"{total}条结果")
    assert len(set(page.locator(".sl-hit__kind").all_inner_texts())) > 1


def count_of(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@pytest.mark.parametrize(("prefix", "message"), [("", "无匹配结果"), ("en/", "No results")])
def test_a_query_without_a_match_says_so(page: Page, sample_server: str, prefix, message):
    page.goto(sample_server + prefix + START)
    assert search(page, "qqxqqx") == []
    assert status(page) == message


def test_search_works_on_a_phone(phone: Page, sample_server: str):
    phone.goto(sample_server + "en/" + START)
    phone.locator("label.md-header__button[for=__search]").click()
    expect(phone.locator(".md-search__input")).to_be_focused()
    phone.locator(".md-search__input").press_sequentially("port logistics", delay=20)
    phone.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'done'")
    first = phone.locator(".sl-hit").first
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture(scope="module")
def sub_path_server(sample_site: Path):
    """The sample site served under /archive/ instead of at the root."""
    root = sample_site.parent / "served"
    root.mkdir(exist_ok=True)
    link = root / "archive"
    if not link.exists():
        link.symlink_to(sample_site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/archive/"
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def test_results_link_under_the_path_the_site_is_served_from(page: Page, sub_path_server: str):
    page.goto(sub_path_server + "en/" + START)
    found = search(page, "port logistics")
    assert "/archive/en/consultations/jining-2022-smart-port/" in found[:3], found


def _wait_for_the_first_language_and_end(turns) -> None:
    """A worker whose index waits for its turn while the worker ends (its build ran
    Pagefind itself)."""
    import threading
    import time

    threading.Thread(target=turns.wait_for_first, daemon=True).start()
    time.sleep(0.5)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_that_ends_while_waiting_for_its_turn_holds_up_no_other_build(start_method):
    """A multiprocessing Event would hang here: its set() waits for every sleeper it counts,
    and the ended worker's never wakes. The turns are semaphores, which count none."""
    import multiprocessing
    import threading

    from shangliang.adapters.search_index import SearchTurns

    context = multiprocessing.get_context(start_method)
    turns = SearchTurns(context)
    worker = context.Process(target=_wait_for_the_first_language_and_end, args=(turns,))
    worker.start()
    worker.join(timeout=60)
    assert worker.exitcode == 0
    opened = threading.Event()
    threading.Thread(target=lambda: (turns.first_has_started(), opened.set()), daemon=True).start()
    assert opened.wait(10)
    assert turns._first_started.acquire(timeout=10)  # and the next language goes through


def test_a_cancelled_first_index_lets_the_other_languages_go(tmp_path):
    from shangliang.adapters import search_index

    turns = search_index.SearchTurns()
    with turns.one_at_a_time:  # another Pagefind runs: the Chinese index waits for its turn
        indexing = search_index.SearchIndexing(pages_of(tmp_path, "zh").values(), "zh", tmp_path, turns)
        indexing.cancel()  # its build failed
    assert turns._first_started.acquire(timeout=10)
    assert indexing.process is None and not indexing.sources.exists()


def test_what_goes_wrong_beside_the_build_is_reported_by_finish(tmp_path, monkeypatch):
    from shangliang.adapters import search_index

    def missing(name):
        raise BuildError(f"search index: OpenCC's {name} is missing (no such file); run pip install opencc-purepy")

    search_index.get_t2s_json.cache_clear()
    monkeypatch.setattr(search_index, "_opencc_table", missing)
    indexing = search_index.SearchIndexing(pages_of(tmp_path, "zh").values(), "zh", tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BuildError) as error:
        indexing.finish(site)
    assert str(error.value) == (
        "search index: OpenCC's TSCharacters.txt is missing (no such file); run pip install opencc-purepy"
    )
    assert not (site / "search").exists() and not indexing.folder.exists()
    search_index.get_t2s_json.cache_clear()


def test_a_pagefind_that_fails_fails_the_language_s_build_with_its_words(site_project, tmp_path, monkeypatch):
    """Through the whole of one language's build: Pagefind's own words reach the error, no
    index is left in the site, and its working folders are removed."""
    import sys

    from shangliang.adapters import search_index
    from shangliang.adapters.engine import build_language
    from shangliang.adapters.mkdocs_plugin import Handover
    from shangliang.load import load_archive

    root = site_project()
    failing = tmp_path / "pagefind"
    failing.write_text(f"#!{sys.executable}\nimport sys\nprint('Error: the index is full')\nsys.exit(3)\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search_index, "_pagefind_executable", lambda: failing)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(search_index.tempfile, "gettempdir", lambda: str(work))
    monkeypatch.setattr(search_index, "_memory_folder", lambda: None)
    error, _ = build_language(str(root / "mkdocs.en.yml"), str(tmp_path / "site"), handover=Handover(load_archive(root / "content", root)))
    assert error == "mkdocs.en.yml: search index: Pagefind failed: Error: the index is full"
    assert not (tmp_path / "site" / "search").exists()
    assert [path.name for path in work.iterdir() if path.is_dir()] == []  # (jieba keeps its cache file there)
