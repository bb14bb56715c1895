"""Every page the build writes is compacted (``render/compact.py``): each whitespace run that
holds a line break becomes one ``\\n``, and nothing a reader sees or hears changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shangliang.render import compact
from shangliang.render.compact import compact_html

ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
KEPT = re.compile(r"<(pre|textarea|code|kbd|text|script|style)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
QUOTED = re.compile(r"""="[^"]*"|='[^']*'""")


def test_a_run_with_a_line_break_becomes_one_line_break():
    html = '<ul>\n    <li>\n\t  one  \r\n  </li>\n\n\n    <li>two   three</li>\n</ul>\n'
    assert compact_html(html) == "<ul>\n<li>\none\n</li>\n<li>two   three</li>\n</ul>\n"


def test_text_spaces_are_not_html_whitespace():
    html = "<p>甲\u3000\n\u3000乙\u00a0\n\u00a0丙</p>"
    assert compact_html(html) == html
    assert compact_html("<p>甲\u3000  \n  乙</p>") == "<p>甲\u3000\n乙</p>"


@pytest.mark.parametrize("element", ["pre", "textarea", "code", "kbd", "script", "style", "PRE", "Code"])
def test_whitespace_sensitive_elements_are_copied_as_they_are(element):
    inside = "a \n    b\n\n\n  c  "
    html = f'<div>\n  <{element} class="x">{inside}</{element}>\n  <p>\n  d</p>\n</div>'
    assert compact_html(html) == f'<div>\n<{element} class="x">{inside}</{element}>\n<p>\nd</p>\n</div>'


def test_svg_text_and_comments_are_copied_as_they_are():
    html = '<svg>\n  <text x="1">a\n   b</text>\n  <!-- c\n    d -->\n</svg>'
    assert compact_html(html) == '<svg>\n<text x="1">a\n   b</text>\n<!-- c\n    d -->\n</svg>'


def test_attribute_values_keep_their_line_breaks():
    html = '<img\n     alt="a\n     b" data-x=\'c\n  d\'\n     src="e.png">\n  <p title="f">g</p>'
    assert compact_html(html) == '<img\nalt="a\n     b" data-x=\'c\n  d\'\nsrc="e.png">\n<p title="f">g</p>'


def test_a_value_holding_a_tag_does_not_end_the_tag():
    html = '<a title="x > <pre>\n  y" href="z">\n  w</a>\n  <pre>\n  kept</pre>'
    assert compact_html(html) == '<a title="x > <pre>\n  y" href="z">\nw</a>\n<pre>\n  kept</pre>'


html_pieces = st.sampled_from([
    "<p>", "</p>", "<pre>", "</pre>", "<code>", "</code>", "<script>", "</script>", "<!--", "-->",
    ' class="a"', ' title="b\n  c"', " alt='d\n'", "<img", ">", "=", '"', "'", "text", "文字",
    " ", "  ", "\n", "\n  ", "\t", "\r\n", "\u00a0", "\u3000", "<", "/>", "<br>",
])
pages = st.lists(html_pieces, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(pages)
def test_only_html_whitespace_outside_kept_parts_changes(html):
    compacted = compact_html(html)
    assert ASCII_WHITESPACE.sub("", compacted) == ASCII_WHITESPACE.sub("", html)
    assert compact_html(compacted) == compacted
    assert len(compacted) <= len(html)


@settings(max_examples=300, deadline=None)
@given(pages)
def test_the_fast_way_gives_what_reading_every_tag_gives(html):
    """Without a quoted line break the kept parts alone are looked for; the result must be
    the one of the tokenizer that reads every tag."""
    assert compact_html(html) == compact._TOKENS.sub(compact._compact_token, html)


def _outside_kept(html: str) -> str:
    return QUOTED.sub("=\0", KEPT.sub("\0", html))


def test_every_page_of_the_sample_is_compacted(sample_site: Path):
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 100 and sample_site / "404.html" in pages and sample_site / "en/404.html" in pages
    loose = [page.relative_to(sample_site).as_posix() for page in pages
             if re.search(r"[ \t\r\f]\n|\n[ \t\n\r\f]", _outside_kept(page.read_text(encoding="utf-8")))]
    assert loose == []


@pytest.mark.parametrize("page", ["en/consultations/jining-2022-culture", "about"])
def test_a_code_block_keeps_its_lines_and_indentation(records_dir_site: Path, page):
    html = (records_dir_site / "site" / page / "index.html").read_text(encoding="utf-8")
    assert "<pre><code>shangliang build \\\n    --no-search\n\n\nshangliang serve\n</code></pre>" in html
