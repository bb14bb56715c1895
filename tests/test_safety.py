"""Finding markup the site would not publish as written: what is found, and what is not."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from shangliang.safety import Link, _line_of, find_links, find_unsafe_markup, mask_code, url_scheme
from helpers import report_of


def findings(text: str, plain: bool = False) -> list[tuple[int, str]]:
    return [(finding.line, finding.message) for finding in find_unsafe_markup(text, plain)]


@pytest.mark.parametrize(
    "text",
    [
        "普通的文字，没有标记。",
        "**加粗**、*斜体*、[链接](https://example.com)、<https://example.com>、<office@example.com>。",
        "<b>粗</b> <abbr title=\"中国人民政治协商会议\">政协</abbr> <a href=\"mailto:a@example.com\">信</a>",
        "<table><thead><tr><th colspan=\"2\">表</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
        "代码 `<script>alert(1)</script>` 只作为文字显示。",
        "比较 1 < 2 且 3 > 2；书名《政协》。",
        "<!-- 编辑备注：待核实 -->",
        "![图](attachments/photo.jpg \"说明\")",
    ],
)
def test_text_the_site_publishes_as_written_has_no_finding(text):
    assert findings(text) == []


def test_lines_are_counted_within_the_text():
    text = "第一行\n\n<div>\n  <script>x</script>\n</div>\n"
    assert [line for line, _ in findings(text)] == [3, 4]


def test_a_tag_of_a_raw_html_block_is_not_hidden_by_backticks_around_it():
    text = "<div>`</div><script>x</script>`"
    assert any("<script>" in message for _, message in findings(text))


def test_mask_code_keeps_lines_and_hides_code_spans_only():
    text = "a `<b>` c\n``x ` y``\n\n\\`<i>\\`"
    assert mask_code(text) == "a `   ` c\n``     ``\n\n\\`<i>\\`"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://example.com", "https"),
        ("  JavaScript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("\x01javascript:x", "javascript"),
        ("attachments/x.pdf", None),
        ("#top", None),
        ("x.html?a=b:c", None),
    ],
)
def test_url_scheme_reads_an_address_as_a_browser_does(url, scheme):
    assert url_scheme(url) == scheme


def test_find_links_gives_markdown_and_html_addresses_with_their_lines():
    text = (
        "[a](attachments/a.pdf \"title\")\n"
        "![b](<attachments/b c.png>)\n"
        "<a href=\"consultations/x.md#part\">x</a>\n"
        "\n[ref]: units/u.yml\n"
        "`[not](a-link.pdf)`\n"
    )
    assert find_links(text) == [
        Link(1, "attachments/a.pdf", "link"),
        Link(2, "attachments/b c.png", "image"),
        Link(3, "consultations/x.md#part", "link"),
        Link(5, "units/u.yml", "link"),
    ]


def test_every_attribute_outside_the_allowlist_is_named():
    assert findings('<img src="a.png" width="10" onerror="x()">') == [
        (1, "remove the width attribute of <img>; <img> may carry only alt, src, title"),
        (1, "remove the onerror attribute of <img>; the site publishes no scripts from records"),
    ]


def test_an_element_with_only_an_id_and_text_is_told_to_drop_the_id():
    assert findings('<p id="intro">正文</p>') == [(1, "remove the id attribute of <p>; <p> may carry no attributes")]


def test_a_stray_end_tag():
    assert findings("正文</div>") == [(1, "remove the stray </div> tag; it closes nothing")]


def test_web_page_declarations_and_instructions():
    assert findings("<!DOCTYPE html>\n<?php echo 1; ?>") == [
        (1, "remove '<!DOCTYPE html>'; it is web-page markup, not text"),
        (2, "remove '<?php echo 1; ?>'; it is web-page markup, not text"),
    ]


def test_a_plain_text_may_hold_angle_brackets_that_are_not_tags():
    assert findings("网友“<匿名>”说：a<b 且 c>d 不成立吗", plain=True) == [
        (1, "remove the <b> tag; this field is plain text, where HTML shows as written")
    ]


def test_static_pages_are_checked_too(tmp_path, valid_records):
    """MkDocs renders content/pages/ itself, without the allowlist: validate is their guard."""
    valid_records["content/pages/en/about.md"] = "# About\n\nHello.\n<script>alert(1)</script>\n"
    assert report_of(tmp_path, valid_records) == [
        "content/pages/en/about.md:4: -: remove the <script> element; the site publishes no scripts from records",
        "1 problem found; nothing was built.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x<img src=x onerror=alert(1)", [(1, "remove '<img src=x onerror=alert(1)'; it starts an HTML tag that is never closed (to show a '<' sign, put a space after it)")]),
        ("第一行\n标题<!-- 其余", [(2, "remove '<!-- 其余'; it starts an HTML comment that is never closed")]),
        ("a </b", [(1, "remove '</b'; it starts an HTML tag that is never closed (to show a '<' sign, put a space after it)")]),
        ('x<img src="a>b" onerror=alert(1) title=abcdefghijklmnopqrstuvwxyz', [(1, "remove '<img src=\"a>b\" onerror=alert(…'; it starts an HTML tag that is never closed (to show a '<' sign, put a space after it)")]),
        ("比较 1 < 2，3<5，<中>", []),
    ],
)
def test_an_unfinished_tag_is_found_in_any_text(text, expected):
    """Python's parser gives an unfinished tag at the end as text; a browser reading the
    text as HTML would take it as a tag and swallow what follows."""
    assert findings(text, plain=True) == expected
    assert findings(text) == expected


def test_backticks_hide_nothing_in_a_plain_text():
    text = "标题 `<img src=x onerror=alert(1)>`"
    assert findings(text) == []  # Markdown shows it as code
    assert findings(text, plain=True) == [(1, "remove the <img> tag; this field is plain text, where HTML shows as written")]


def test_a_comment_in_a_plain_text_is_found():
    assert findings("标题<!-- 备注 -->", plain=True) == [
        (1, "remove the HTML comment; this field is plain text, where it would show as written")
    ]
    assert findings("正文<!-- 备注 -->") == []


OTHER_SITE = (
    "is on another site; a page shows only images the site publishes itself (a reader's browser would otherwise "
    "contact that site, which may be blocked or may track readers); put the file under content/attachments/ and "
    "write its path, e.g. attachments/photo.jpg"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("![图](https://tracker.example/p.gif)", 1),
        ('<img src="https://tracker.example/p.gif" alt="图">', 1),
        ("![图][P  x]\n\n[p x]: https://tracker.example/p.gif", 3),
        ("![p]\n\n[P]:\n  https://tracker.example/p.gif", 4),
        ("正文 ![图][]\n\n[图]: <https://tracker.example/p.gif>", 3),
    ],
)
def test_an_image_from_another_site_is_found(text, line):
    assert findings(text) == [(line, f"the image 'https://tracker.example/p.gif' {OTHER_SITE}")]


@pytest.mark.parametrize("address", ["", "#photo", "?v=2"])
def test_an_image_that_names_no_file_is_found_not_left_to_lose_its_address(address):
    """The page keeps an image's address only if it is a file's path: an empty one, a part
    of the page or a query alone would be taken out without a word (found by
    test_properties.py)."""
    found = findings(f'<img src="{address}" alt="图">\n\n![图]({address})')
    assert found == [(1, f"the image '{address}' names no file; write the path of its file under content/attachments/, e.g. attachments/photo.jpg"),
                     (3, f"the image '{address}' names no file; write the path of its file under content/attachments/, e.g. attachments/photo.jpg")]


def test_a_link_definition_used_by_a_link_only_is_a_link():
    assert findings("[报道][p] 与 ![图](attachments/a.png)\n\n[p]: https://example.com/p.html") == []


def test_a_link_to_another_site_is_kept():
    assert findings("[报道](https://example.com/a.html)") == []


def test_a_reference_to_a_control_character_in_an_address_is_found():
    """Python's reading of HTML takes ``&#1;`` out; a browser and the sanitizer keep U+0001,
    and the sanitizer then drops the address that holds it: validate must say so. In text, or
    in code shown as written, such a reference takes nothing away."""
    message = "the link's address holds the control character U+0001 (written as '&#1;' or the like); remove it"
    assert findings('正文\n<a href="https://example.com/&#1;">报道</a>') == [(2, message)]
    assert findings("[报道](https://example.com/&#x01)") == [(1, message)]
    assert findings("正文 &#1; 与 &#xFDD0;\n\n    &#1; 代码\n\n<!-- &#1; -->\n\n[报道](https://example.com/&#xFDD0;)") == []
    assert findings("标题 &#1;", plain=True) == []  # shown as written


def test_a_reference_to_a_control_character_python_takes_for_a_space_is_found():
    """U+001C would end a Markdown address where Python's patterns read it: the address
    would be checked only up to it, and the page would drop it whole."""
    assert findings("[报道](https://example.com/&#28;x)") == [(1, "'&#28;' stands for an invisible control character; remove it")]
    assert findings("正文\n\n[r]: https://example.com/&#x1F;x\n\n[报道][r]") == [
        (3, "'&#x1F;' stands for an invisible control character; remove it")
    ]


def test_a_reference_past_the_last_character_is_read_as_browsers_read_it():
    """A browser shows U+FFFD; Python's own reading fails on a number of thousands of digits."""
    huge = "&#" + "9" * 5000 + ";"
    assert findings(f"[报道](https://example.com/{huge}) <a href=\"https://example.com/{huge}\">报道</a> {huge}") == []


def test_a_tab_in_an_address_is_found():
    """Markdown turns a tab into spaces, which break the address (a browser would have taken
    a tab out); a line break, which browsers take out, is not found and is kept."""
    assert findings('<a href="https://example.com/a\tb">报道</a>') == [
        (1, "the link's address holds the control character U+0009 (written as '&#9;' or the like); remove it")
    ]
    assert findings('<a href="https://example.com/a\nb">报道</a>') == []


@pytest.mark.parametrize(
    "address", ["http://e.x:99999/", "http://1.2.3.256/", "http://exa%20mple.com/", "https://xn--a.com/", "http://[::1/"]
)
def test_an_address_the_sanitizer_cannot_read_is_found_not_dropped_in_silence(address):
    message = (f"the link's address '{address}' is not a well-formed address (look at its host name and port, and at "
               "any space in them); a page would drop it")
    assert findings(f"[报道]({address})\n\n<a href=\"{address}\">报道</a>") == [(1, message), (3, message)]
    assert findings("[报道](https://例子.中国/路径 \"题\") [信](mailto:a@example.org) [页](https://example.com/a%20b?x=1#y)") == []


def test_a_blank_line_in_a_tag_is_found():
    """Markdown ends the paragraph there: the tag would show as text, without its link. A
    line break written as a reference ends nothing."""
    assert findings('<a href="https://example.com/a\n\nb">报道</a>') == [
        (1, "the <a> tag holds a blank line, which ends a paragraph in Markdown: the page would show the tag as text; "
            "remove the blank line")
    ]
    assert findings('<a href="https://example.com/a&#10;&#10;b">报道</a>') == []


@given(st.text(alphabet="ab\n链", max_size=80), st.data())
def test_a_position_s_line_is_the_count_of_line_ends_before_it(text, data):
    position = data.draw(st.integers(0, len(text)))
    assert _line_of(text, position) == text.count("\n", 0, position) + 1


def test_the_links_of_a_long_text_are_found_on_their_lines_without_counting_from_the_start():
    text = "\n".join(f"[报道{number}](https://example.org/{number})" for number in range(20_000)) + "\n[坏](javascript:alert(1))"
    findings, links = find_unsafe_markup(text), find_links(text)
    assert [link.line for link in links[:3]] == [1, 2, 3] and links[-1].line == 20_000
    assert [finding.line for finding in findings] == [20_001]
