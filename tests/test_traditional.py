"""繁體: the Chinese pages in Traditional characters, converted phrase by phrase in the
reader's browser with the table the build writes (generator/render/traditional.py,
theme/assets/javascripts/shangliang-hant.js)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from opencc_purepy import OpenCC
from playwright.sync_api import Page, expect

from shangliang.render.page import Page as SitePage
from shangliang.render.traditional import (
    TABLE_FOLDER, convert, find_phrases, get_page_texts, get_texts, load_dictionary, render_table,
)

RECORD = "consultations/jining-2022-culture/"
OTHER_RECORD = "consultations/jining-2022-smart-port/"


@pytest.fixture(scope="module")
def opencc() -> OpenCC:
    return OpenCC("s2t")


def table_of(site: Path) -> dict:
    (path,) = (site / TABLE_FOLDER).glob("s2t.*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def convert_with(table: dict, text: str) -> str:
    return convert(text, table["phrases"], table["characters"], table["longest"])


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
])
def test_phrases_convert_as_opencc_s2t(simplified, traditional, opencc):
    dictionary = load_dictionary()
    assert convert(simplified, dictionary.phrases, dictionary.characters, dictionary.longest) == traditional
    assert opencc.s2t(simplified) == traditional


def test_the_table_holds_the_phrases_of_the_text_and_every_character(opencc):
    text = "干部头发干燥，政协发展"
    page = SitePage("x.md", "政协", f"<p title=\"头发\">{text}</p>")
    table = json.loads(render_table(get_page_texts([page])).content)
    assert table["variant"] == "s2t"
    assert {"干部", "头发", "干燥", "发展"} <= set(table["phrases"])
    assert "理发" not in table["phrases"] and len(table["phrases"]) < 20
    assert len(table["characters"]) > 3000
    # the text and every piece of it convert as with OpenCC's whole dictionary
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            assert convert_with(table, text[start:end]) == opencc.s2t(text[start:end])


def test_every_phrase_in_the_text_is_found_wherever_it_starts():
    dictionary = load_dictionary()
    texts = ["人民代表大会", "x发展y", "头", "干部与干燥的头发"]
    pieces = {text[start:end] for text in texts for start in range(len(text)) for end in range(start + 2, len(text) + 1)}
    expected = {piece: dictionary.phrases[piece] for piece in pieces if piece in dictionary.phrases}
    assert find_phrases(texts, dictionary) == expected
    assert {"代表大会", "代表", "发展", "干部", "干燥", "头发"} <= set(expected)


def test_the_table_s_name_changes_with_its_content():
    one, same, other = (render_table([text]) for text in ("发展", "发展", "头发"))
    assert one.uri == same.uri and one.content == same.content
    assert one.uri != other.uri
    assert re.fullmatch(rf"{TABLE_FOLDER}/s2t\.[0-9a-f]{{12}}\.json", one.uri)


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
    differing = [text for text in texts if convert_with(table, text) != opencc.s2t(text)]
    assert differing == []
    assert sum(convert_with(table, text) != text for text in texts) > 400


def test_only_the_chinese_site_has_a_table_and_its_menu_offers_it(sample_site: Path):
    chinese = (sample_site / RECORD / "index.html").read_text(encoding="utf-8")
    english = (sample_site / "en" / RECORD / "index.html").read_text(encoding="utf-8")
    (table,) = re.findall(r'data-table="([^"]+)"', chinese)
    assert (sample_site / RECORD / table).resolve().is_file()
    assert "data-table" not in english and not (sample_site / "en" / TABLE_FOLDER).exists()
    for page in (chinese, english):
        links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="\2"', page)
        assert [lang for _, lang in links] == ["zh-Hans", "zh-Hant", "en"]
        assert links[0][0] == links[1][0] and links[0][0].endswith(RECORD)  # without JS, 繁體 opens the Chinese page


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
    page.on("request", lambda request: tables.append(request.url) if f"/{TABLE_FOLDER}/" in request.url else None)
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
    page.reload()
    assert page.evaluate(TEXTS) == simplified
    assert len(tables) == 1  # fetched once, then kept under its address


def search(page: Page, query: str) -> None:
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => { const b = document.querySelector('[data-sl-search]'); return b.dataset.state === 'done' && b.dataset.query === q }",
        arg=query, timeout=20_000,
    )


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
