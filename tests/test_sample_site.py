"""The sample archive in content/, built as readers get it: every record has its page in
both languages, and every link on every page leads somewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import markupsafe
import pytest

from conftest import REPO
from shangliang.load import load_archive
from shangliang.addresses import record_url

LANG_ROOTS = {"zh": "", "en": "en/"}


@pytest.fixture(scope="module")
def archive():
    return load_archive(REPO / "content")


def test_the_sample_archive_has_what_the_reports_describe(archive):
    kinds = [record.kind for record in archive.records.values()]
    assert kinds.count("consultation") >= 12
    # The reports give proposal handling only as totals, so the sample holds no proposal
    # records (they would be invented); tests/test_cli.py and test_render.py cover them.
    assert {"platform", "outcome", "unit"} <= set(kinds)
    platforms = {p.id: p for p in archive.platforms}
    assert any(p.type == "sub-platform" for p in platforms.values())
    assert any(p.type == "sub-brand" for p in platforms.values())
    untranslated = [r for r in archive.records.values() if not _has_english(r)]
    assert len(untranslated) >= 2


def _has_english(record) -> bool:
    text = record.model_dump_json()
    return '"en":"' in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_record_has_its_page(sample_site: Path, archive, lang):
    missing = [
        record.id
        for record in archive.records.values()
        if not (sample_site / LANG_ROOTS[lang] / record_url(record) / "index.html").is_file()
    ]
    assert missing == []


HTML_LANG = {"zh": "zh-Hans", "en": "en"}
"""What <html lang> says on each language's pages: Chinese names its script."""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_record_pages_show_their_title_in_the_page_language(sample_site: Path, archive, lang):
    for record in archive.records.values():
        html = (sample_site / LANG_ROOTS[lang] / record_url(record) / "index.html").read_text()
        title = record.title_text.en if lang == "en" and record.title_text.en else record.title_text.zh
        assert _escape(title) in html, (record.id, lang)
        assert f'<html lang="{HTML_LANG[lang]}"' in html


def _escape(text: str) -> str:
    return str(markupsafe.escape(text))


def test_untranslated_records_say_so_on_the_english_site_only(sample_site: Path, archive):
    for record in archive.records.values():
        english = (sample_site / "en" / record_url(record) / "index.html").read_text()
        chinese = (sample_site / record_url(record) / "index.html").read_text()
        assert "sl-untranslated" not in chinese
        if not _has_english(record):
            assert "Not yet translated" in english, record.id


def test_records_stay_out_of_the_navigation(sample_site: Path, archive):
    html = (sample_site / "index.html").read_text()
    nav = html[html.index('class="md-tabs"') : html.index('class="md-content"')]
    assert 'href="past/"' in nav
    for consultation in archive.consultations:
        assert f'href="{record_url(consultation)}"' not in nav


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if tag in ("a", "link", "img", "script") and values.get(name):
                self.links.append(values[name])


def test_every_internal_link_resolves(sample_site: Path):
    broken = []
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        url = "http://site/" + page.relative_to(sample_site).as_posix()
        parser = _Links()
        parser.feed(page.read_text())
        for link in parser.links:
            target = urlsplit(urljoin(url, link))
            if target.netloc != "site" or target.scheme != "http":
                continue
            path = sample_site / unquote(target.path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(sample_site)} → {link}")
    assert broken == []


def test_language_switcher_points_at_the_same_record(sample_site: Path, archive):
    consultation = archive.consultations[0]
    url = record_url(consultation)
    chinese = (sample_site / url / "index.html").read_text()
    english = (sample_site / "en" / url / "index.html").read_text()
    assert re.search(rf'href="(\.\./)+en/{re.escape(url)}"[^>]*hreflang="en"', chinese)
    assert re.search(rf'href="(\.\./)+{re.escape(url)}"[^>]*hreflang="zh"', english)


def test_dates_follow_each_language(sample_site: Path, archive):
    consultation = next(c for c in archive.consultations if c.date and c.date.day)
    d = consultation.date
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    chinese = (sample_site / record_url(consultation) / "index.html").read_text()
    english = (sample_site / "en" / record_url(consultation) / "index.html").read_text()
    assert f"{d.year}年{d.month}月{d.day}日" in chinese
    assert f"{d.day} {months[d.month - 1]} {d.year}" in english


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.head: list[tuple[str, dict]] = []
        self.inline: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in ("html", "head") and len(self.head) < 2:  # the head's first two elements
            self.head.append((tag, attributes))
        if tag == "script" and "src" not in attributes:
            self._open = attributes

    def handle_data(self, data):
        if self._open is not None and data.strip():
            self.inline.append(self._open)
            self._open = None

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def test_every_page_states_its_policy_first_and_holds_no_inline_script(sample_site: Path):
    from shangliang.render.policy import CONTENT_SECURITY_POLICY

    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 80
    for path in pages:
        scripts = _Scripts()
        scripts.feed(path.read_text(encoding="utf-8"))
        shown = path.relative_to(sample_site).as_posix()
        assert scripts.head[0] == ("meta", {"charset": "utf-8"}), shown
        assert scripts.head[1] == ("meta", {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}), shown
        # only data (the theme's settings, the search box's words), never code
        assert all(a.get("type") == "application/json" for a in scripts.inline), (shown, scripts.inline)


class _Resources(HTMLParser):
    """Addresses a page makes the browser fetch by itself: stylesheets, preconnections,
    icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "preconnect", "dns-prefetch", "preload", "icon"):
            self.addresses.append(attributes.get("href") or "")
        elif tag in ("script", "img", "iframe", "source") and attributes.get("src"):
            self.addresses.append(attributes["src"])


def test_every_page_loads_nothing_from_another_host(sample_site: Path):
    """Hosts such as Google's font servers are blocked in mainland China: a page that waits
    for them stays blank until the request times out."""
    for path in sorted(sample_site.rglob("*.html")):
        resources = _Resources()
        resources.feed(path.read_text(encoding="utf-8"))
        foreign = [a for a in resources.addresses if urlsplit(a).netloc or a.startswith("//")]
        assert foreign == [], (path.relative_to(sample_site).as_posix(), foreign)


def test_no_page_links_to_another_host_by_a_doubled_slash(sample_site: Path):
    """The not-found page is served at any depth, so MkDocs gives it the site's root ("/")
    as its base: "/" + "/en/" once made the language menu, the feeds and the search box's
    index "//en/", "//feeds/…", "//search/" — addresses on the hosts "en", "feeds" and
    "search". No address in any page may start with two slashes."""
    doubled = re.compile(r'(?:href|src|action|data-[a-z-]+)="//')
    pages = sorted(sample_site.rglob("*.html"))
    assert sample_site / "404.html" in pages and sample_site / "en/404.html" in pages
    offending = [str(page.relative_to(sample_site)) for page in pages if doubled.search(page.read_text(encoding="utf-8"))]
    assert offending == []
    not_found = (sample_site / "404.html").read_text(encoding="utf-8")
    assert 'data-bundle="/search/"' in not_found and 'href="/en/"' in not_found


def test_the_english_not_found_page_is_the_english_site_s(sample_site: Path):
    """Without site_url MkDocs gives every not-found page the server's root, the Chinese
    site, as its base: the English one then showed the Chinese search box and led into the
    Chinese site. It is based at /en/, where the engine puts the English site."""
    page = (sample_site / "en/404.html").read_text(encoding="utf-8")
    assert 'data-bundle="/en/search/"' in page and 'data-scope="/en/"' in page  # Material's stored settings
    assert 'src="/en/assets/javascripts/shangliang-search-dialog.js"' in page
    assert 'href="/en/past/"' in page and 'href="/past/"' not in page
    assert re.search(r'<a href="/en/\.\./"[^>]*hreflang="zh-Hans"', page) and re.search(r'<a href="/en/"[^>]*hreflang="en"', page)
