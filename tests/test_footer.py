"""The footer: the publishing body, its contact and the filing numbers a site hosted in
mainland China must show, from mkdocs.yml's ``extra``; nothing for what is not set."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from conftest import run_cli
from shangliang.errors import BuildError
from shangliang.render.footer import footer_info

SETTINGS = {
    "publisher": {
        "name": {"zh": "某某市政协办公室", "en": 'General Office of the "XX" CPPCC & Co'},
        "address": {"zh": "某某市某某路1号"},
        "phone": "0537-234 5678",
        "email": "office@example.gov.cn",
    },
    "filing": {"icp": "鲁ICP备12345678号-1", "public_security": "鲁公网安备 37080202000123号"},
}


def test_filing_numbers_link_to_the_filing_systems():
    info = footer_info(SETTINGS, "zh")
    assert info["icp"] == {"text": "鲁ICP备12345678号-1", "href": "https://beian.miit.gov.cn/"}
    assert info["public_security"] == {
        "text": "鲁公网安备 37080202000123号",
        "href": "https://beian.mps.gov.cn/#/query/webSearch?code=37080202000123",
    }
    assert info["phone"]["href"] == "tel:05372345678"
    assert info["email"]["href"] == "mailto:office@example.gov.cn"
    assert info["publisher"] == {"text": "某某市政协办公室", "lang": "", "label": "主办单位："}


def test_english_falls_back_to_chinese_marked_as_chinese():
    info = footer_info(SETTINGS, "en")
    assert info["publisher"]["text"] == 'General Office of the "XX" CPPCC & Co'
    assert info["address"] == {"text": "某某市某某路1号", "lang": "zh-Hans", "label": "Address: "}


def test_nothing_set_shows_nothing():
    assert footer_info({}, "zh") == {}
    assert footer_info({"publisher": None, "filing": {"icp": None}}, "en") == {}


@pytest.mark.parametrize(("extra", "message"), [
    ({"filing": {"icp": "鲁ICP证123456号"}},
     "mkdocs.yml: extra.filing.icp: found '鲁ICP证123456号', expected an ICP filing number, e.g. 鲁ICP备12345678号-1"),
    ({"filing": {"public_security": "鲁公网安备123号"}},
     "mkdocs.yml: extra.filing.public_security: found '鲁公网安备123号', expected a public-security filing number, e.g. 鲁公网安备37080202000123号"),
    ({"filing": {"icpp": "x"}},
     "mkdocs.yml: extra.filing.icpp: unknown setting; expected one of: icp, public_security"),
    ({"filing": "鲁ICP备12345678号"},
     "mkdocs.yml: extra.filing: expected the fields icp, public_security, found '鲁ICP备12345678号'"),
    ({"publisher": {"email": "javascript:alert(1)"}},
     "mkdocs.yml: extra.publisher.email: found 'javascript:alert(1)', expected an e-mail address, e.g. office@example.gov.cn"),
    ({"publisher": {"phone": "tel:1;<b>"}},
     "mkdocs.yml: extra.publisher.phone: found 'tel:1;<b>', expected one line of text without line breaks, angle brackets or invisible characters"),
    ({"publisher": {"name": "办公室\u202e"}},
     "mkdocs.yml: extra.publisher.name: found '办公室\\u202e', expected one line of text without line breaks, angle brackets or invisible characters"),
    ({"publisher": {"name": {"en": "Office"}}},
     "mkdocs.yml: extra.publisher.name: expected the text in both languages, as 'zh: …' and 'en: …'"),
    ({"publisher": {"name": ["a"]}},
     "mkdocs.yml: extra.publisher.name: found ['a'], expected one line of text"),
])
def test_settings_that_cannot_be_shown_are_refused(extra, message):
    with pytest.raises(BuildError) as error:
        footer_info(extra, "zh")
    assert str(error.value) == message


def _footer(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<div class="md-copyright sl-footer">')
    return text[start:text.index("</footer>", start)]


def test_sample_footer_is_empty_and_names_no_theme(sample_site: Path):
    for page in (sample_site / "index.html", sample_site / "en" / "consultations" / "jining-2022-culture" / "index.html"):
        footer = _footer(page)
        assert "Made with" not in footer and "href" not in footer


def test_every_page_shows_the_settings_in_its_language(site_project):
    root = site_project()
    settings = """
  publisher:
    name: {zh: 某某市政协办公室, en: 'General Office of the "XX" CPPCC & Co'}
    address: {zh: 某某市某某路1号}
    phone: 0537-2345678
    email: office@example.gov.cn
  filing:
    icp: 鲁ICP备12345678号-1
    public_security: 鲁公网安备37080202000123号
"""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:" + settings, 1), encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    zh = _footer(root / "site" / "index.html")
    en = _footer(root / "site" / "en" / "index.html")
    for footer in (zh, en):
        assert '<a class="sl-footer__item" href="https://beian.miit.gov.cn/" rel="noopener">鲁ICP备12345678号-1</a>' in footer
        assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=37080202000123"' in footer
        assert '<a href="mailto:office@example.gov.cn">office@example.gov.cn</a>' in footer
    assert "主办单位：<span>某某市政协办公室</span>" in zh
    assert "Published by: <span>General Office of the &#34;XX&#34; CPPCC &amp; Co</span>" in en
    assert 'Address: <span lang="zh-Hans">某某市某某路1号</span>' in en
    assert html.unescape(en).count("General Office") == 1


def test_a_wrong_number_stops_the_build_before_writing(site_project):
    root = site_project()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nextra:\n", "\nextra:\n  filing: {icp: 鲁ICP备123号}\n", 1), encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 1
    assert "mkdocs.yml: extra.filing.icp: found '鲁ICP备123号', expected an ICP filing number" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
