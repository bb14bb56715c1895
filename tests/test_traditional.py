"""繁體: the Chinese pages in Traditional characters, converted phrase by phrase in the
reader's browser with the table the build writes (generator/render/traditional.py,
theme/assets/javascripts/shangliang-hant.js)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from opencc_purepy import OpenCC
from playwright.sync_api import Page, expect

from helpers import search
from shangliang.render.page import Page as SitePage
from shangliang.render.traditional import (
    TABLE_PATH, PhraseCache, convert, find_phrases, get_page_texts, get_texts, load_dictionary, read_table, render_table,
)

RECORD = "consultations/jining-2022-culture/"
OTHER_RECORD = "consultations/jining-2022-smart-port/"


@pytest.fixture(scope="module")
def opencc() -> OpenCC:
    return OpenCC("s2t")


def table_of(site: Path):
    return read_table((site / TABLE_PATH).read_bytes())


# --- the table and the algorithm ------------------------------------------------------------

@pytest.mark.parametrize(("simplified", "traditional"), [
    ("发展", "發展"),
    ("头发", "頭髮"),
    ("理发店里的头发", "理髮店裡的頭髮"),
    ("干部", "幹部"),
    ("干燥", "乾燥"),
    ("政协", "政協"),
    ("信息网络", "信息網絡"),  # standard Traditional: not Taiwan's 資訊網路
    ("只有一只", "只有一隻"),
    ("一台风", "一臺風"),  # OpenCC's cut: 一台 | 风, not 一 | 台风 (颱風)
])
def test_phrases_convert_as_opencc_s2t(simplified, traditional, opencc):
    assert convert(simplified, load_dictionary()) == traditional
    assert opencc.s2t(simplified) == traditional


def test_the_table_holds_the_phrases_of_the_text_and_every_character(opencc):
    text = "干部头发干燥，政协发展一台风"
    page = SitePage("x.md", "政协", f"<p title=\"头发\">{text}</p>")
    content = render_table(get_page_texts([page])).content
    written = json.loads(content)
    assert written["variant"] == "s2t"
    assert {"头发", "干燥", "台风"} <= set(written["phrases"])  # not character by character: 頭髮, 乾燥, 颱風
    assert {"干部", "发展", "一台"} <= set(written["segments"].split())  # 幹部, 發展, 一臺: character by character
    assert "理发" not in content.decode() and len(written["phrases"]) < 20
    assert len(written["characters"]) > 3000
    # the text and every piece of it convert as with OpenCC's whole dictionary
    table = read_table(content)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            assert convert(text[start:end], table) == opencc.s2t(text[start:end])


def test_a_table_of_every_phrase_stays_under_300_kb_compressed():
    """The most any archive's table can hold: what a reader fetches stays in budget."""
    dictionary = load_dictionary()
    content = render_table(dictionary.phrases, dictionary).content
    assert len(read_table(content).phrases) == len(dictionary.phrases)
    assert len(gzip.compress(content, 9)) < 300 * 1024


def test_every_phrase_in_the_text_is_found_wherever_it_starts():
    dictionary = load_dictionary()
    texts = ["人民代表大会", "x发展y", "头", "干部与干燥的头发"]
    pieces = {text[start:end] for text in texts for start in range(len(text)) for end in range(start + 2, len(text) + 1)}
    expected = {piece: dictionary.phrases[piece] for piece in pieces if piece in dictionary.phrases}
    assert find_phrases(texts, dictionary) == expected
    assert {"代表大会", "代表", "发展", "干部", "干燥", "头发"} <= set(expected)


def test_texts_are_read_from_html_with_their_attributes():
    html = '<p title="标题&amp;">一&lt;二</p><img alt="图" src="x"><input placeholder="搜索" aria-label="框">'
    assert sorted(get_texts(html)) == sorted(["标题&", "一<二", "图", "搜索", "框"])


def test_the_sample_s_chinese_pages_convert_as_with_opencc(sample_site: Path, opencc):
    """Every text of every Chinese page, menus and headers included, converts with the
    site's table exactly as OpenCC's s2t converts it with its whole dictionary."""
    table = table_of(sample_site)
    pages = [path for path in sample_site.rglob("index.html") if path.relative_to(sample_site).parts[0] != "en"]
    texts = {text for path in pages for text in get_texts(path.read_text(encoding="utf-8"))}
    assert len(pages) > 40 and len(texts) > 800
    differing = [text for text in texts if convert(text, table) != opencc.s2t(text)]
    assert differing == []
    assert sum(convert(text, table) != text for text in texts) > 400


def test_only_the_chinese_site_has_a_table_and_its_menu_offers_it(sample_site: Path):
    chinese = (sample_site / RECORD / "index.html").read_text(encoding="utf-8")
    english = (sample_site / "en" / RECORD / "index.html").read_text(encoding="utf-8")
    (table,) = re.findall(r'data-table="([^"]+)"', chinese)
    assert (sample_site / RECORD / table).resolve().is_file()
    assert "data-table" not in english and not (sample_site / "en" / TABLE_PATH).exists()
    for page in (chinese, english):  # a page outside the navigation: its 繁體 entry is made by the frame's script
        links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="\2"', page)
        assert [lang for _, lang in links] == ["zh-Hans", "en"] and links[0][0].endswith(RECORD)
    for root in (sample_site, sample_site / "en"):
        assert '"hant": "\\u7e41\\u9ad4\\u4e2d\\u6587"' in (root / "assets/javascripts/shangliang-frame.js").read_text(encoding="utf-8")
        page = (root / "past/index.html").read_text(encoding="utf-8")  # in the navigation: Material's whole frame
        links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="\2"', page)
        assert [lang for _, lang in links] == ["zh-Hans", "zh-Hant", "en"]
        assert links[0][0] == links[1][0] and links[0][0].endswith("past/")  # without JS, 繁體 opens the Chinese page


# --- a reader in a browser ----------------------------------------------------------------

TEXTS = """() => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode.data);
    return texts;
}"""


def pick(page: Page, script: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[data-sl-script={script}]").click()


def wait_for_lang(page: Page, lang: str) -> None:
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)


def test_a_reader_switches_to_traditional_and_it_stays(page: Page, sample_server: str, opencc):
    tables = []
    page.on("request", lambda request: tables.append(request.url) if request.url.endswith(TABLE_PATH) else None)
    page.goto(sample_server + RECORD)
    simplified = page.evaluate(TEXTS)
    title, lang = page.title(), page.evaluate("document.documentElement.lang")
    assert tables == []  # a default page view never fetches the table

    pick(page, "hant")
    wait_for_lang(page, "zh-Hant")
    assert page.evaluate(TEXTS) == [opencc.s2t(text) for text in simplified]
    expect(page.locator("article h1")).to_have_text("傳承優秀傳統文化，建設文化“兩創”先行示範區")
    assert page.title() == opencc.s2t(title) != title
    expect(page.locator("a[data-sl-script=hant]")).to_have_attribute("aria-current", "true")
    expect(page.locator("a[data-sl-script=hans]")).not_to_have_attribute("aria-current", "true")
    assert len(tables) == 1

    # another page opens in Traditional
    page.goto(sample_server + OTHER_RECORD)
    wait_for_lang(page, "zh-Hant")
    expect(page.locator("article h1")).to_have_text("建設智慧港航和港航物流中心")

    # to English and back through the menu: the same record, still in Traditional
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    expect(page).to_have_url(sample_server + "en/" + OTHER_RECORD)
    pick(page, "hant")
    expect(page).to_have_url(sample_server + OTHER_RECORD)
    wait_for_lang(page, "zh-Hant")
    expect(page.locator("article h1")).to_have_text("建設智慧港航和港航物流中心")

    # 简体 puts the page back as it was, and later pages stay Simplified
    page.goto(sample_server + RECORD)
    wait_for_lang(page, "zh-Hant")
    pick(page, "hans")
    wait_for_lang(page, lang)
    assert page.evaluate(TEXTS) == simplified
    assert page.title() == title
    asked = len(tables)
    page.reload()
    assert page.evaluate(TEXTS) == simplified
    assert len(tables) == asked  # no table for a reader who reads 简体


def test_a_changed_table_replaces_the_reader_s_copy_at_once(page: Page, sample_server: str, sample_site: Path):
    """The copy a browser keeps is checked against the server's each time it is used: a
    new build's table converts the page as soon as it arrives, with no second visit."""
    page.goto(sample_server + RECORD)
    pick(page, "hant")
    wait_for_lang(page, "zh-Hant")
    expect(page.locator("article h1")).to_have_text("傳承優秀傳統文化，建設文化“兩創”先行示範區")
    table = json.loads((sample_site / TABLE_PATH).read_bytes())
    table["phrases"]["传承"] = "傳承（新）"
    page.route("**/" + TABLE_PATH, lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(table, ensure_ascii=False)))
    page.reload()
    expect(page.locator("article h1")).to_have_text("傳承（新）優秀傳統文化，建設文化“兩創”先行示範區")
    page.unroute("**/" + TABLE_PATH)
    page.reload()
    expect(page.locator("article h1")).to_have_text("傳承優秀傳統文化，建設文化“兩創”先行示範區")


def test_search_from_a_traditional_page_finds_and_shows_traditional(page: Page, sample_server: str):
    page.goto(sample_server + RECORD)
    pick(page, "hant")
    wait_for_lang(page, "zh-Hant")
    search(page, "智慧港航")
    hit = page.locator(".sl-hit").first
    expect(hit.locator(".sl-hit__title")).to_have_text("建設智慧港航和港航物流中心")
    expect(hit.locator(".sl-hit__kind")).to_have_text("協商活動")
    search(page, "傳統文化")  # typed in Traditional
    titles = page.locator(".sl-hit__title").all_inner_texts()
    assert "傳承優秀傳統文化，建設文化“兩創”先行示範區" in titles, titles
    expect(page.locator(".sl-search__status")).to_contain_text("條結果")  # a message the script wrote


def test_the_preview_s_phrase_cache_finds_what_a_fresh_search_finds_and_keeps_only_what_is_still_there():
    dictionary = load_dictionary()
    cache = PhraseCache()
    before = ["<p>发展和改革委员会</p>", "<h1>台风过后</h1>", "天干物燥"]
    assert find_phrases(before, dictionary, cache) == find_phrases(before, dictionary)
    kept_runs = cache.runs["<h1>台风过后</h1>"]
    after = ["<h1>台风过后</h1>", "<p>头发干了</p>"]  # one page gone, one new
    found = find_phrases(after, dictionary, cache)
    assert found == find_phrases(after, dictionary)
    assert "发展" not in found and "头发" in found
    assert cache.runs["<h1>台风过后</h1>"] is kept_runs  # read once, not again
    assert set(cache.runs) == set(after)
    assert set(cache.phrases) == {"台风过后", "头发干了"}


def test_the_phrase_cache_counts_what_holds_each_phrase_across_many_changes():
    """A phrase stays while some run of some text still holds it, and goes with the last:
    texts sharing runs, runs sharing phrases, texts coming back, one at a time and many."""
    import random

    dictionary = load_dictionary()
    words = ["发展", "改革", "委员会", "台风", "头发", "干了", "天干物燥", "协商", "发展和改革委员会", "一台风"]
    texts = [f"<p>{''.join(random.Random(n).sample(words, 3))}</p><i>{words[n % len(words)]}</i>" for n in range(30)]
    cache = PhraseCache()
    rng = random.Random(7)
    for _ in range(60):
        shown = rng.sample(texts, rng.randint(0, len(texts)))
        assert find_phrases(shown, dictionary, cache) == find_phrases(shown, dictionary)
        assert set(cache.runs) == set(shown)
