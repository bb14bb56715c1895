"""What every page repeats, written once: the theme's icons drawn by one stylesheet per
language (``adapters/icons.py``, ``theme/partials/icon.html``), the search box's inside in
one script per language (``adapters/theme.py``, ``theme/partials/search-dialog.html``), and
Material's settings without the words of its own search."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme
from playwright.sync_api import Page, expect

from conftest import serve
from shangliang.adapters.icons import ICON_ROLES, ICONS_STYLESHEET, get_icon_names, render_icons

ROLE = re.compile(r'<svg class="sl-i sl-i--([a-z]+)" aria-hidden="true"></svg>')
RULE = re.compile(r'\.sl-i--([a-z]+)\{--sl-i:url\("data:image/svg\+xml;charset=utf-8,([^"]*)"\)([^}]*)\}')


def _settings(**icons: str) -> SimpleNamespace:
    """What ``render_icons`` reads of a build's settings: the theme, with its icon settings."""
    return SimpleNamespace(theme=Theme(name="material", icon=icons))


def _material_icon(name: str) -> str:
    folder = next(Path(d) for d in Theme(name="material").dirs if Path(d, ".icons").is_dir())
    return " ".join((folder / ".icons" / f"{name}.svg").read_text(encoding="utf-8").split())


def _rules(css: str) -> dict[str, tuple[str, str]]:
    return {role: (urllib.parse.unquote(data), rest) for role, data, rest in RULE.findall(css)}


def test_every_icon_on_the_sample_s_pages_is_drawn_by_its_language_s_stylesheet(sample_site: Path):
    for root in (sample_site, sample_site / "en"):
        css = (root / ICONS_STYLESHEET).read_text(encoding="utf-8")
        rules = _rules(css)
        pages = [root / "index.html", *root.glob("*/*/index.html")]
        used = {role for page in pages for role in ROLE.findall(page.read_text(encoding="utf-8"))}
        assert used == set(ICON_ROLES) == set(rules)
        # the settings' own choice (mkdocs.yml: alternate: material/translate) and Material's defaults
        assert rules["alternate"][0] == _material_icon("material/translate")
        assert rules["search"][0] == _material_icon("material/magnify")
        assert rules["logo"][0] == _material_icon("material/library")
        page = (root / "consultations/jining-2022-culture/index.html").read_text(encoding="utf-8")
        header = page[page.index("<header"):page.index("</header>")]
        assert "<path" not in header  # no icon printed into the page any more
        assert f'href="../../{ICONS_STYLESHEET}"' in page


def test_an_icon_the_settings_choose_is_the_one_drawn_with_its_own_shape():
    css = render_icons(_settings(search="fontawesome/solid/language", top="material/arrow-up-bold")).content.decode()
    rules = _rules(css)
    assert rules["search"][0] == _material_icon("fontawesome/solid/language")
    assert rules["search"][1] == ";aspect-ratio:576/512"  # not square: its width follows its height
    assert rules["top"] == (_material_icon("material/arrow-up-bold"), "")
    assert get_icon_names(_settings(menu="material/dots-vertical")) == {**ICON_ROLES, "menu": "material/dots-vertical"}


@pytest.mark.parametrize("name", ["material/no-such-icon", "../../../etc/passwd", 'material/x"){}body{display:none'])
def test_an_icon_the_theme_does_not_have_is_refused_naming_the_setting(name: str):
    with pytest.raises(PluginError) as raised:
        render_icons(_settings(menu=name))
    assert str(raised.value) == (
        f"theme.icon.menu: no icon '{name}' in the theme (expected a name such as 'material/menu', "
        "from Material's .icons folder or the theme's own)"
    )


def test_the_search_box_s_inside_is_one_script_per_language_not_in_every_page(sample_site: Path):
    for root, word in ((sample_site, "搜索"), (sample_site / "en", "Search")):
        page = (root / "past/index.html").read_text(encoding="utf-8")  # a page in the navigation
        box = page[page.index("<div class=\"md-search sl-search\""):page.index("shangliang-search.js")]
        assert "md-search__form" not in box and "sl-search__strings" not in box
        assert box.index("shangliang-search-dialog.js") < len(box)  # loaded before the search script
        script = (root / "assets/javascripts/shangliang-search-dialog.js").read_text(encoding="utf-8")
        dialog = json.loads(script[script.index("= ") + 2:script.rindex(";")])
        assert 'class="md-search__form"' in dialog and 'id="sl-search-list"' in dialog
        strings = json.loads(re.search(r'class="sl-search__strings">(.*?)</script>', dialog)[1])
        assert strings["search"] == word


def test_material_s_settings_on_a_page_keep_only_the_words_it_uses_and_chinese_as_it_is(sample_site: Path):
    page = (sample_site / "past/year/2022/index.html").read_text(encoding="utf-8")  # not in the navigation
    assert "__config" not in page  # the frame's script writes them
    frame = (sample_site / "assets/javascripts/shangliang-frame.js").read_text(encoding="utf-8")
    material = json.loads(re.search(r"var material = (.*);", frame)[1])
    assert material == {"features": ["navigation.tabs", "navigation.top", "navigation.footer"],
                        "translations": {"clipboard.copy": "复制", "clipboard.copied": "已复制"}}  # and the page's base
    page = (sample_site / "past/index.html").read_text(encoding="utf-8")  # in the navigation
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page)[1])
    assert config == {"base": "..", **material}  # no search worker, no settings left unset
    assert '"复制"' in page  # not \u590d\u5236


def test_the_icons_are_painted_and_the_search_box_filled_in_a_browser(page: Page, phone: Page, sample_server: str):
    for tab, roles in ((page, ["logo", "alternate"]), (phone, ["menu", "alternate", "search"])):
        tab.goto(sample_server + "en/consultations/jining-2022-culture/")
        for role in roles:
            drawn = tab.locator(f"header .sl-i--{role}").evaluate(
                "e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();"
                " return [r.width, r.height, s.maskImage || s.webkitMaskImage, s.backgroundColor] }"
            )
            width, height, mask, colour = drawn
            assert width >= 16 and height >= 16, (role, drawn)
            assert mask.startswith('url("data:image/svg+xml'), (role, drawn)
            assert colour == "rgb(255, 255, 255)", (role, drawn)  # the header's text colour
        assert tab.locator(".md-search__input").get_attribute("placeholder").startswith("Search")


DRAWER_LINKS = "() => Array.from(document.querySelectorAll('.md-nav--primary .md-nav__link'), a => [a.getAttribute('href'), a.textContent.trim()])"
TAB_LINKS = "() => Array.from(document.querySelectorAll('.md-tabs__link'), a => [a.getAttribute('href'), a.textContent.trim()])"


def test_a_page_outside_the_navigation_carries_the_frame_s_script_instead_of_its_tabs(sample_site: Path):
    record = (sample_site / "consultations/jining-2022-culture/index.html").read_text(encoding="utf-8")
    listing = (sample_site / "en/past/index.html").read_text(encoding="utf-8")  # a tab's own page
    for made_by_script in ('class="md-tabs__link"', 'class="md-nav__link"', 'class="md-nav__title"', 'md-icon" for="__drawer"',
                           "data-sl-reading-toggle", 'data-sl-script="hant"', 'for="__search"', "data-sl-search ",
                           'data-md-component="top"', 'id="__config"', 'name="generator"'):
        assert made_by_script not in record and made_by_script in listing, made_by_script
    assert '<nav class="md-tabs" aria-label="标签" data-md-component="tabs" data-sl-tabs></nav>\n' \
           '<script src="../../assets/javascripts/shangliang-frame.js"></script>\n' \
           '<script src="../../assets/javascripts/shangliang-hant.js"></script>' in record  # 繁體 once its entry is there
    assert record.count("shangliang-hant.js") == 1 and listing.count("shangliang-hant.js") == 1
    assert "shangliang-frame.js" not in listing
    assert "data-sl-from-tabs" in record and 'aria-label="目录"' not in record  # no empty table of contents
    assert '<div class="md-sidebar md-sidebar--secondary"></div>' in record  # its width kept
    assert "data-sl-from-tabs" not in listing
    for root, tab in ((sample_site, "往期协商"), (sample_site / "en", "Past consultations")):
        script = (root / "assets/javascripts/shangliang-frame.js").read_text(encoding="utf-8")
        assert json.dumps(tab) in script and '"past/"' in script


FRAME = """() => {
  const header = document.querySelector('.md-header__inner');
  return {
    tabs: Array.from(document.querySelectorAll('.md-tabs__link'), a => [a.href, a.textContent.trim()]),
    header: Array.from(header.children).filter(e => e.tagName !== 'SCRIPT').map(e => e.className.split(' ').filter(c => c !== 'md-icon').join('.')),
    languages: Array.from(document.querySelectorAll('.md-select__link'), a => [a.href, a.hreflang, a.lang, a.className, a.textContent.trim(), a.getAttribute('aria-current')]),
    reading: Array.from(document.querySelectorAll('[data-sl-reading-toggle]'), b => [b.title, b.textContent.replace(/\\s+/g, ' ').trim(), b.getAttribute('aria-pressed')]),
    tabsHeight: document.querySelector('.md-tabs').getBoundingClientRect().height,
    search: Array.from(document.querySelectorAll('label[for=__search], [data-sl-search]'), e => [e.tagName, e.className, e.getAttribute('aria-label'),
      e.dataset.bundle && new URL(e.dataset.bundle, location).href, e.dataset.root && new URL(e.dataset.root, location).href, e.parentElement.className]),
    top: Array.from(document.querySelectorAll('[data-md-component=top]'), b => [b.className, b.type, b.textContent.trim(), b.parentElement.className, b.querySelector('svg').getAttribute('class')]),
    config: (e => e && (c => [new URL(c.base, location).href, c.features, c.translations, Object.keys(c).length])(JSON.parse(e.textContent)))(document.getElementById('__config')),
  };
}"""


def test_the_light_frame_made_by_script_is_the_frame_of_a_page_in_the_navigation(browser, sample_server: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    for lang in ("", "en/"):
        tab.goto(sample_server + lang + "past/")  # in the navigation: Material's whole frame
        whole = tab.evaluate(FRAME)
        for address in ("consultations/jining-2022-culture/", "past/year/2022/", "outcomes/jining-2022-culture-instruction/"):
            tab.goto(sample_server + lang + address)
            light = tab.evaluate(FRAME)
            assert light["tabs"] == whole["tabs"] and len(light["tabs"]) >= 7, address  # the same addresses, words
            assert light["header"] == whole["header"], address  # the Easy reading switch where it was
            assert light["reading"] == whole["reading"] and len(light["reading"]) == 1, address
            assert [entry[1:] for entry in light["languages"]] == [entry[1:] for entry in whole["languages"]], address
            addresses = [sample_server + address, sample_server + address, sample_server + "en/" + address]
            assert [entry[0] for entry in light["languages"]] == addresses, address  # 简体, 繁體, English
            assert light["tabsHeight"] == whole["tabsHeight"] > 30, address
            assert light["search"] == whole["search"] and len(light["search"]) >= 2, address  # its button and its box
            assert light["top"] == whole["top"] and len(light["top"]) == 1, address
            assert light["config"][1:] == whole["config"][1:] and light["config"][0] == sample_server + lang, address
    # the switch pressed on one page is pressed on the next, made by script
    tab.locator("button.sl-reading").click()
    tab.goto(sample_server + "consultations/jining-2022-culture/")
    assert tab.evaluate(FRAME)["reading"][0][2] == "true"
    context.close()
    # without script: the tabs' place keeps its height, so nothing moves when they come
    quiet = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    bare = quiet.new_page()
    bare.goto(sample_server + "consultations/jining-2022-culture/")
    assert bare.evaluate(FRAME)["tabs"] == [] and bare.evaluate(FRAME)["tabsHeight"] == whole["tabsHeight"]
    quiet.close()


def test_on_a_phone_the_drawer_of_a_page_outside_the_navigation_lists_the_tabs(phone: Page, sample_server: str):
    phone.goto(sample_server + "past/")
    in_navigation = phone.evaluate(DRAWER_LINKS)
    for address in ("consultations/jining-2022-culture/", "en/outcomes/jining-2022-culture-instruction/", "en/past/year/2022/"):
        phone.goto(sample_server + address)
        drawer, tabs = phone.evaluate(DRAWER_LINKS), phone.evaluate(TAB_LINKS)
        assert drawer == tabs and len(drawer) >= 7, address
        phone.locator("label.md-header__button[for=__drawer]").click()
        first = phone.locator(".md-nav--primary .md-nav__link").first
        expect(first).to_be_visible()
        first.click()
        phone.wait_for_load_state()
        assert phone.url.rstrip("/") + "/" in (sample_server, sample_server + "en/"), address  # the first tab: home
    # the same links, and the same words, as Material's drawer on a page in the navigation
    phone.goto(sample_server + "consultations/jining-2022-culture/")
    assert [text for _, text in phone.evaluate(DRAWER_LINKS)] == [text for _, text in in_navigation]


SHAPED = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<script src="{up}assets/javascripts/empty.js" data-scope="/another/"></script></head>
<body><header class="md-header"><nav class="md-header__inner">
<a href="{home}" title="档案" class="md-header__button md-logo"></a>
<div class="md-header__title"></div>{search}
<script src="{up}assets/javascripts/empty.js" defer></script>
</nav></header>
<div class="md-container"><nav class="md-tabs" data-sl-tabs></nav>
<script src="{up}assets/javascripts/shangliang-frame.js"></script></div></body></html>
"""
HEADER = "() => Array.from(document.querySelector('.md-header__inner').children, e => e.tagName === 'SCRIPT' ? 'script' : e.className)"


def test_the_frame_s_script_takes_the_page_s_base_from_its_own_address_and_keeps_the_header_s_order(sample_site: Path, tmp_path: Path, page: Page):
    """A page of a single-language site, whose storage scope (Material's extra.scope) is
    another than its base, and whose header may come from a theme's own copy: the tabs,
    the search box and Material's settings are the page's site's, the switch comes before
    the search, and nothing the header has is made twice."""
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/javascripts/empty.js").write_text("", encoding="utf-8")
    frame = (sample_site / "assets/javascripts/shangliang-frame.js").read_text(encoding="utf-8")
    (tmp_path / "assets/javascripts/shangliang-frame.js").write_text(frame, encoding="utf-8")
    own_search = '\n<label class="md-header__button md-icon" for="__search" aria-label="搜索"></label>'
    pages = {"site/a/b/": ("../../", "../..", ""), "site/": ("", ".", ""), "site/c/d/": ("../../", "../..", own_search)}
    for address, (up, home, search) in pages.items():
        folder = tmp_path / address.replace("site/", "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(SHAPED.format(up=up, home=home, search=search), encoding="utf-8")
    with serve(tmp_path) as url:
        for address in pages:
            page.goto(url + address.replace("site/", ""))
            tabs = page.evaluate("() => Array.from(document.querySelectorAll('.md-tabs__link'), a => a.href)")
            assert tabs[:2] == [url, url + "past/"], address  # the page's own site, not the scope
            box = page.locator("[data-sl-search]")
            assert box.evaluate("e => new URL(e.dataset.bundle, location).href") == url + "search/", address
            assert page.evaluate("() => new URL(JSON.parse(document.getElementById('__config').textContent).base, location).href") == url
            assert page.evaluate(HEADER) == ["md-header__button md-logo", "md-header__button md-icon", "md-header__title",
                                             "md-header__button sl-reading", "md-header__button md-icon", "md-search sl-search",
                                             "script"], address
            assert page.locator("label[for=__search]").count() == 1
