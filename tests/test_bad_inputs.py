"""A corpus of bad inputs: what an editor, a copy from a compromised web page or a hostile
pull request can put into the archive, and the exact located problem each one gives.

Every case adds files to the valid test archive (``VALID_RECORDS``) and lists the whole
report ``load_archive`` must raise. The cases add files of their own (new record ids),
so that groups of them can also be checked together through ``shangliang validate``: the
report of a group is the sorted union of its cases' reports.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import run_cli
from helpers import VALID_RECORDS, write_project
from shangliang.load import load_archive
from shangliang.errors import ContentError


@dataclass(frozen=True)
class Symlink:
    """A symbolic link to ``target`` (relative to the link's folder), written as a file."""

    target: str


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes | Symlink]
    problems: list[str]
    outside: dict[str, str] = field(default_factory=dict)
    """Files written next to the project (outside it), for links to lead to."""


def unit(record_id: str, extra: str = "") -> str:
    """A valid unit record (lines 1–3), followed by ``extra``."""
    return f"id: {record_id}\nname:\n  zh: 单位\n{extra}"


def consultation(record_id: str, body: str, front: str = "") -> str:
    """A valid Markdown consultation whose front matter ends on line 10 (``front`` goes
    before the closing ``---``, moving it down); the body starts on the line after."""
    return (
        f"---\nid: {record_id}\ntitle:\n  zh: 标题\ndate: 2022-10-14\nplatform: jishi\nformat: forum\n"
        f"stages:\n  - stage: topic\n{front}---\n{body}"
    )


def proposal(record_id: str, extra: str = "", title: str = "提案") -> str:
    """A valid proposal that was not registered (lines 1–10), followed by ``extra``; its
    Chinese title on line 3."""
    return (
        f"id: {record_id}\ntitle:\n  zh: {title}\ndate: 2023-01-05\nproposers:\n  type: individual\n  names:\n"
        f"    - zh: 张三\nregistration:\n  status: not-registered\n{extra}"
    )


def platform(record_id: str, extra: str = "", name: str = "平台") -> str:
    """A valid sub-platform of the test archive's platform (lines 1–6), then ``extra``;
    its Chinese name on line 3."""
    return f"id: {record_id}\nname:\n  zh: {name}\nbody:\n  zh: 政协\nlevel: county\n{extra}"


U = "content/units/{}.yml"
PR = "content/proposals/{}.yml"
PL = "content/platforms/{}.yml"
C = "content/consultations/{}.md"
E = "content/consultations/{}.en.md"
P = "content/pages/{}"
R = "content/redirects.yml"


def attached(record_id: str, path: str) -> str:
    """A valid consultation whose one attachment, on line 13, is at ``path``."""
    return consultation(record_id, "", f"attachments:\n  - title:\n      zh: 附件\n    path: {path}\n")


SCRIPT_PAGE = "<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>\n'
XML = '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="#x"?>\n<data/>\n'
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

SCRIPTS = "the site publishes no scripts from records"
LOOKS = "the site's look comes from its theme, not from records"
SPAM_MARK = "empty elements that carry only an id are left by spam injected into web pages, not part of the text"
HIDDEN = "and its content; hidden text in a record is a mark of injected spam"
ALLOWED = (
    "records may use only these HTML elements: a, abbr, b, blockquote, br, code, dd, del, dl, dt, em, "
    "h3, h4, h5, h6, hr, i, img, li, ol, p, pre, s, strong, sub, sup, table, tbody, td, tfoot, th, "
    "thead, tr, ul"
)
TOO_DEEP = (
    "the YAML nests more than 20 levels deep, or an alias (*name) repeats a value that contains it; "
    "check the indentation and the brackets"
)
ADDRESS = "expected a record's address: its folder and id, e.g. 'consultations/old-id'"
FOLDERS = "expected one of platforms, consultations, proposals, outcomes, units, organisations, e.g. 'consultations/old-id'"
RUNS = "which can carry scripts that would run on the site"
MOVE = "rename it or move it into another folder"
SETTINGS = (
    "expected only title, description or hide (other settings can pick another template of the theme or send readers "
    "elsewhere)"
)
LINK_OUT = "the file is a symbolic link that leads outside content/ or nowhere; put the file itself into content/"
UNCLOSED = "it starts an HTML tag that is never closed (to show a '<' sign, put a space after it)"
ESCAPED = "is not allowed (written here as an escape in double quotes); remove it"
TAGGED = "a record's values are plain text, whole numbers and dates, written without tags"
PLAIN_DIGITS = "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0)"
PLAIN_TAG = "this field is plain text, where HTML shows as written"
OTHER_SITE = (
    "is on another site; a page shows only images the site publishes itself (a reader's browser would otherwise "
    "contact that site, which may be blocked or may track readers); put the file under content/attachments/ and "
    "write its path, e.g. attachments/photo.jpg"
)

BILLION_LAUGHS = "id: laughs\nname:\n  zh: x\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]\n"
    for n in range(1, 9)
)
DEEP_BLOCKS = unit("deep-blocks", "sources:\n" + "".join("  " * depth + "- \n" for depth in range(1, 25)))

CASES: dict[str, Case] = {
    # Markup the site would not publish as written, in every kind of text
    "script element in a Chinese body": Case(
        {C.format("body-script"): consultation("body-script", "第一段。\n\n<script>alert(1)</script>\n")},
        [f"content/consultations/body-script.md:13: summary.zh: remove the <script> element; {SCRIPTS}"],
    ),
    "style element in an English body": Case(
        {
            C.format("en-style"): consultation("en-style", "正文。\n"),
            E.format("en-style"): "\n\nFirst paragraph.\n<style>body { display: none }</style>\n",
        },
        [f"content/consultations/en-style.en.md:4: summary.en: remove the <style> element; {LOOKS}"],
    ),
    "iframe in a YAML summary block": Case(
        {U.format("summary-iframe"): unit("summary-iframe", "summary:\n  zh: |\n    第一段。\n\n    <iframe src=\"https://example.com\"></iframe>\n")},
        [
            "content/units/summary-iframe.yml:8: summary.zh: remove the <iframe> element; the site embeds "
            "nothing from other sites; link to it instead: [text](https://…)"
        ],
    ),
    "object and embed": Case(
        {C.format("body-object"): consultation("body-object", "<object data=\"x.swf\"></object>\n<embed src=\"x.swf\">\n")},
        [
            "content/consultations/body-object.md:11: summary.zh: remove the <object> element; the site embeds "
            "nothing from other sites; link to it instead: [text](https://…)",
            "content/consultations/body-object.md:12: summary.zh: remove the <embed> element; the site embeds "
            "nothing from other sites; link to it instead: [text](https://…)",
        ],
    ),
    "form and input": Case(
        {C.format("body-form"): consultation("body-form", "<form action=\"https://x\">\n<input name=\"q\">\n</form>\n")},
        [
            "content/consultations/body-form.md:11: summary.zh: remove the <form> element; a record holds no forms or form fields",
            "content/consultations/body-form.md:12: summary.zh: remove the <input> element; a record holds no forms or form fields",
        ],
    ),
    "event handler attribute": Case(
        {C.format("body-onclick"): consultation("body-onclick", "见<a href=\"https://example.com\" onclick=\"steal()\">此处</a>。\n")},
        [f"content/consultations/body-onclick.md:11: summary.zh: remove the onclick attribute of <a>; {SCRIPTS}"],
    ),
    "style attribute": Case(
        {C.format("body-style-attr"): consultation("body-style-attr", "<p style=\"color: red\">红字</p>\n")},
        [f"content/consultations/body-style-attr.md:11: summary.zh: remove the style attribute of <p>; {LOOKS}"],
    ),
    "hidden attribute": Case(
        {C.format("body-hidden"): consultation("body-hidden", "正文。<span hidden>免费视频</span>\n")},
        [f"content/consultations/body-hidden.md:11: summary.zh: remove the hidden <span> element {HIDDEN}"],
    ),
    "element hidden by its style": Case(
        {C.format("body-display-none"): consultation("body-display-none", "正文。\n<p style=\"display:none\">免费视频</p>\n")},
        [f"content/consultations/body-display-none.md:12: summary.zh: remove the hidden <p> element {HIDDEN}"],
    ),
    "empty strike with only an id": Case(
        {C.format("body-strike"): consultation("body-strike", "正文。<strike id=\"mmmmm\"></strike>\n")},
        [f'content/consultations/body-strike.md:11: summary.zh: remove the empty <strike id="mmmmm"> element; {SPAM_MARK}'],
    ),
    "empty noscript holding an empty dd, both with only an id": Case(
        {C.format("body-noscript"): consultation("body-noscript", "正文。\n\n  • <noscript id=\"mmmmm\"><dd id=\"mmmmm\"></dd></noscript>\n")},
        [f'content/consultations/body-noscript.md:13: summary.zh: remove the empty <noscript id="mmmmm"> element; {SPAM_MARK}'],
    ),
    "empty dd with only an id in an English body": Case(
        {
            C.format("en-dd"): consultation("en-dd", "正文。\n"),
            E.format("en-dd"): "Text.\n<dd id=\"mmmmm\"></dd>\n",
        },
        [f'content/consultations/en-dd.en.md:2: summary.en: remove the empty <dd id="mmmmm"> element; {SPAM_MARK}'],
    ),
    "javascript: link in HTML": Case(
        {C.format("html-javascript"): consultation("html-javascript", "<a href=\"javascript:alert(1)\">点击</a>\n")},
        [f"content/consultations/html-javascript.md:11: summary.zh: remove the javascript: link; {SCRIPTS}"],
    ),
    "javascript: link hidden by a character reference": Case(
        {C.format("html-entity"): consultation("html-entity", "<a href=\"jav&#x61;script:alert(1)\">点击</a>\n")},
        [f"content/consultations/html-entity.md:11: summary.zh: remove the javascript: link; {SCRIPTS}"],
    ),
    "javascript: link in Markdown": Case(
        {C.format("md-javascript"): consultation("md-javascript", "第一段。\n\n见[此处](javascript:alert(1))。\n")},
        [f"content/consultations/md-javascript.md:13: summary.zh: remove the javascript: link; {SCRIPTS}"],
    ),
    "data: image in Markdown": Case(
        {C.format("md-data"): consultation("md-data", "![图](data:image/png;base64,iVBORw0KGgo=)\n")},
        [
            "content/consultations/md-data.md:11: summary.zh: remove the data: image; put the file under "
            "content/attachments/ and write its path instead, e.g. attachments/photo.jpg"
        ],
    ),
    "vbscript: in a Markdown link definition": Case(
        {C.format("md-vbscript"): consultation("md-vbscript", "见[此处][1]。\n\n[1]: vbscript:msgbox(1)\n")},
        [f"content/consultations/md-vbscript.md:13: summary.zh: remove the vbscript: link; {SCRIPTS}"],
    ),
    "HTML comment carrying a link": Case(
        {C.format("body-comment"): consultation("body-comment", "正文。\n<!-- <a href=\"http://spam.example\">免费</a> -->\n<!-- 编辑备注 -->\n")},
        [
            "content/consultations/body-comment.md:12: summary.zh: remove the HTML comment; it hides a link, "
            "a mark of injected spam"
        ],
    ),
    "element outside the allowlist": Case(
        {C.format("body-div"): consultation("body-div", "<div class=\"content\">正文。</div>\n")},
        [f"content/consultations/body-div.md:11: summary.zh: remove the <div> tag (keep its text); {ALLOWED}"],
    ),
    "HTML in a plain-text title": Case(
        {U.format("title-bold"): "id: title-bold\nname:\n  zh: <b>单位</b>\n"},
        ["content/units/title-bold.yml:3: name.zh: remove the <b> tag; this field is plain text, where HTML shows as written"],
    ),
    "link scheme the site does not publish": Case(
        {C.format("md-ftp"): consultation("md-ftp", "[文件](ftp://example.com/a.pdf)\n")},
        [
            "content/consultations/md-ftp.md:11: summary.zh: the link 'ftp://example.com/a.pdf' starts with "
            "'ftp:', which the site does not publish; write an address starting with https://, http:// or "
            "mailto:, or a path inside content/"
        ],
    ),
    # Resource limits and odd bytes
    "file over the size limit": Case(
        {U.format("huge"): unit("huge", "summary:\n  zh: |\n" + "    正文。\n" * 30_000)},
        [
            "content/units/huge.yml:1: -: the file is 411 KiB; a record file may be at most 256 KiB; "
            "move long texts or tables into an attachment"
        ],
    ),
    "alias bomb": Case(
        {U.format("laughs"): BILLION_LAUGHS},
        ["content/units/laughs.yml:1: -: the YAML holds more than 20000 values (aliases included); split it"],
    ),
    "a hundred thousand open brackets": Case(
        {U.format("brackets"): "id: brackets\nname:\n  zh: x\nsources: " + "[" * 100_000 + "\n"},
        [
            f"content/units/brackets.yml:1: -: {TOO_DEEP}",
            "content/units/brackets.yml:4: -: the line is 100,009 characters long; a line may hold at most "
            "10,000 characters; break it into shorter lines",
        ],
    ),
    "block nesting deeper than the limit": Case(
        {U.format("deep-blocks"): DEEP_BLOCKS},
        [f"content/units/deep-blocks.yml:25: -: {TOO_DEEP}"],
    ),
    "bytes that are not UTF-8": Case(
        {U.format("gbk"): "id: gbk\nname:\n".encode() + "  zh: 济宁\n".encode("gbk")},
        ["content/units/gbk.yml:3: -: the file is not UTF-8 text; save it as UTF-8"],
    ),
    "byte-order mark": Case(
        {U.format("bom"): b"\xef\xbb\xbf" + unit("bom").encode()},
        ["content/units/bom.yml:1: -: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"],
    ),
    "NUL in a Markdown body": Case(
        {C.format("body-nul"): consultation("body-nul", "第一段。\n第二段\x00。\n")},
        ["content/consultations/body-nul.md:12: -: the control character U+0000 is not allowed; remove it"],
    ),
    "control characters in an English body": Case(
        {
            C.format("en-bell"): consultation("en-bell", "正文。\n"),
            E.format("en-bell"): "One\x07.\nTwo.\nThree\x1b.\n",
        },
        [
            "content/consultations/en-bell.en.md:1: -: the control character U+0007 is not allowed; remove it "
            "(and 1 more odd characters in this file, the next on line 3)"
        ],
    ),
    "text-direction override": Case(
        {U.format("bidi"): "id: bidi\nname:\n  zh: 单位\u202e位单\n"},
        [
            "content/units/bidi.yml:3: -: the invisible text-direction character U+202E (right-to-left override) "
            "is not allowed; remove it"
        ],
    ),
    "carriage return without a line feed": Case(
        {U.format("old-mac"): "id: old-mac\rname:\n  zh: 单位\n"},
        ["content/units/old-mac.yml:1: -: the carriage return U+000D without a line feed is not allowed; remove it"],
    ),
    "line over the length limit": Case(
        {U.format("long-line"): unit("long-line", "summary:\n  zh: " + "长" * 10_001 + "\n")},
        [
            "content/units/long-line.yml:5: -: the line is 10,007 characters long; a line may hold at most "
            "10,000 characters; break it into shorter lines"
        ],
    ),
    # Paths out of content/
    "attachment above content/": Case(
        {C.format("attach-up"): consultation("attach-up", "", "attachments:\n  - title:\n      zh: 附件\n    path: ../mkdocs.yml\n")},
        ["content/consultations/attach-up.md:13: attachments[1].path: '../mkdocs.yml' points outside content/; expected a path inside it"],
    ),
    "attachment at an absolute path": Case(
        {C.format("attach-abs"): consultation("attach-abs", "", "attachments:\n  - title:\n      zh: 附件\n    path: /etc/passwd\n")},
        ["content/consultations/attach-abs.md:13: attachments[1].path: '/etc/passwd' points outside content/; expected a path inside it"],
    ),
    "attachment with backslashes": Case(
        {C.format("attach-backslash"): consultation("attach-backslash", "", "attachments:\n  - title:\n      zh: 附件\n    path: attachments\\..\\..\\x\n")},
        [
            "content/consultations/attach-backslash.md:13: attachments[1].path: 'attachments\\..\\..\\x' has a "
            "backslash '\\'; write '/' between folders, e.g. attachments/x.pdf"
        ],
    ),
    "attachment through '..' that stays inside": Case(
        {C.format("attach-dotdot"): consultation("attach-dotdot", "", "attachments:\n  - title:\n      zh: 附件\n    path: attachments/../attachments/minutes.txt\n")},
        [
            "content/consultations/attach-dotdot.md:13: attachments[1].path: 'attachments/../attachments/minutes.txt' "
            "goes through '..'; write the path from content/ without it: 'attachments/minutes.txt'"
        ],
    ),
    "attachment through a symbolic link out of content/": Case(
        {
            C.format("attach-link"): consultation("attach-link", "", "attachments:\n  - title:\n      zh: 附件\n    path: attachments/secret.txt\n"),
            "content/attachments/secret.txt": Symlink("../../../outside/secret.txt"),
        },
        [
            f"content/attachments/secret.txt:1: -: {LINK_OUT}",
            "content/consultations/attach-link.md:13: attachments[1].path: 'attachments/secret.txt' points outside content/; expected a path inside it",
        ],
        outside={"secret.txt": "secret\n"},
    ),
    "Markdown link above content/": Case(
        {C.format("md-up"): consultation("md-up", "见[文件](../../mkdocs.yml)。\n")},
        ["content/consultations/md-up.md:11: summary.zh: '../../mkdocs.yml' points outside content/; expected a path inside it"],
    ),
    "Markdown image at an absolute path": Case(
        {C.format("md-abs"): consultation("md-abs", "正文。\n\n![图](/etc/passwd)\n")},
        [
            "content/consultations/md-abs.md:13: summary.zh: the image '/etc/passwd' is an absolute path; "
            "write the path from content/, e.g. attachments/x.pdf"
        ],
    ),
    "Markdown link to a missing file": Case(
        {C.format("md-missing"): consultation("md-missing", "见[附件](attachments/minute.txt#p2)。\n")},
        ["content/consultations/md-missing.md:11: summary.zh: no file at content/attachments/minute.txt"],
    ),
    "record file linked from outside content/": Case(
        {"content/units/linked.yml": Symlink("../../../outside/linked.yml")},
        [f"content/units/linked.yml:1: -: {LINK_OUT}"],
        outside={"linked.yml": unit("linked")},
    ),
    "record folder linked from outside content/": Case(
        {"content/units/more": Symlink("../../../outside")},
        [
            "content/units/more:1: -: the folder is a symbolic link that leads outside content/ or nowhere; "
            "put the files themselves into content/"
        ],
        outside={"other.yml": unit("other")},
    ),
    "English body linked from outside content/": Case(
        {
            C.format("en-link"): consultation("en-link", "正文。\n"),
            E.format("en-link"): Symlink("../../../outside/en-link.en.md"),
        },
        [f"content/consultations/en-link.en.md:1: -: {LINK_OUT}"],
        outside={"en-link.en.md": "English.\n"},
    ),
    "symbolic link to nothing": Case(
        {"content/units/gone.yml": Symlink("deleted.yml")},
        [f"content/units/gone.yml:1: -: {LINK_OUT}"],
    ),
    "id that tries to climb out of site/": Case(
        {U.format("climb"): "id: ../../etc\nname:\n  zh: 单位\n"},
        [
            "content/units/climb.yml:1: id: found '../../etc', expected an id of lower-case letters, digits and "
            "single hyphens, e.g. 'jining-2022-culture'"
        ],
    ),
    # Redirects: both ends are record addresses, so a redirect's page stays among the records
    "redirect that climbs out of the site": Case(
        {R: "- from: ../../../../../../elsewhere/x\n  to: consultations/jining-2022-culture\n"},
        [f"content/redirects.yml:1: from: found '../../../../../../elsewhere/x', {ADDRESS}"],
    ),
    "redirect from an absolute path": Case(
        {R: "- from: /etc/cron.d/x\n  to: consultations/jining-2022-culture\n"},
        [
            "content/redirects.yml:1: from: found '/etc/cron.d/x', an absolute path; expected a record's address: "
            "its folder and id without a leading '/', e.g. 'consultations/old-id'"
        ],
    ),
    "redirect from the home page": Case(
        {R: "- from: index\n  to: consultations/jining-2022-culture\n"},
        [f"content/redirects.yml:1: from: found 'index', {ADDRESS}"],
    ),
    "redirect from a feed": Case(
        {R: "- from: feeds/consultations.xml\n  to: consultations/jining-2022-culture\n"},
        [
            "content/redirects.yml:1: from: found 'feeds/consultations.xml', but 'feeds' is not a folder of records; "
            f"{FOLDERS}"
        ],
    ),
    "redirect from a reserved id": Case(
        {R: "- from: consultations/index\n  to: consultations/jining-2022-culture\n"},
        [
            "content/redirects.yml:1: from: found 'consultations/index', but the id 'index' is reserved for the "
            "site's index pages; no record has ever had it"
        ],
    ),
    "redirect from a folder that holds no records": Case(
        {R: "- from: statistics/x\n  to: consultations/jining-2022-culture\n"},
        [
            "content/redirects.yml:1: from: found 'statistics/x', but 'statistics' is not a folder of records; "
            f"{FOLDERS}"
        ],
    ),
    "redirect from something that is not an id": Case(
        {R: "- from: consultations/Old_Name\n  to: consultations/jining-2022-culture\n"},
        [
            "content/redirects.yml:1: from: found 'consultations/Old_Name', but 'Old_Name' is not an id; expected at "
            "most 80 lower-case letters, digits and single hyphens, e.g. 'consultations/old-id'"
        ],
    ),
    "one address redirected twice": Case(
        {R: (
            "- from: consultations/old-culture\n  to: consultations/jining-2022-culture\n"
            "- from: consultations/old-culture/\n  to: platforms/jishi\n"
        )},
        [
            "content/redirects.yml:3: from: 'consultations/old-culture' is redirected already, on line 1; keep one "
            "redirect for each address"
        ],
    ),
    "redirect to a web address": Case(
        {R: "- from: consultations/old-culture\n  to: https://evil.example/\n"},
        [f"content/redirects.yml:1: to: found 'https://evil.example/', {ADDRESS}"],
    ),
    # Attachments: only the allowed types, and each what its name says
    "web page with a script as an attachment": Case(
        {
            C.format("attach-html"): attached("attach-html", "attachments/page.html"),
            "content/attachments/page.html": SCRIPT_PAGE,
        },
        [
            "content/consultations/attach-html.md:13: attachments[1].path: 'attachments/page.html' is a web page, "
            f"{RUNS}; save it as PDF"
        ],
    ),
    "SVG image as an attachment": Case(
        {C.format("attach-svg"): attached("attach-svg", "attachments/chart.svg"), "content/attachments/chart.svg": SVG},
        [
            "content/consultations/attach-svg.md:13: attachments[1].path: 'attachments/chart.svg' is an SVG image, "
            f"{RUNS}; convert the SVG to PNG"
        ],
    ),
    "script as an attachment": Case(
        {
            C.format("attach-js"): attached("attach-js", "attachments/tool.js"),
            "content/attachments/tool.js": "alert(1)\n",
        },
        [
            "content/consultations/attach-js.md:13: attachments[1].path: 'attachments/tool.js' is a script, and the "
            "site publishes no scripts from the archive; remove it"
        ],
    ),
    "stylesheet as an attachment": Case(
        {
            C.format("attach-css"): attached("attach-css", "attachments/look.css"),
            "content/attachments/look.css": "body { display: none }\n",
        },
        [
            "content/consultations/attach-css.md:13: attachments[1].path: 'attachments/look.css' is a stylesheet, "
            "and the site's look comes from its theme, not from the archive; remove it"
        ],
    ),
    "Markdown text as an attachment": Case(
        {
            C.format("attach-md"): attached("attach-md", "attachments/notes.md"),
            "content/attachments/notes.md": "# Notes\n\n<script>alert(1)</script>\n",
        },
        [
            "content/consultations/attach-md.md:13: attachments[1].path: 'attachments/notes.md' is a Markdown text, "
            "which the site would turn into a page of its own, without a record's checks; save it as PDF or TXT, or "
            "put the text into the record's summary"
        ],
    ),
    "XML file as an attachment": Case(
        {C.format("attach-xml"): attached("attach-xml", "attachments/data.xml"), "content/attachments/data.xml": XML},
        [
            "content/consultations/attach-xml.md:13: attachments[1].path: 'attachments/data.xml' is an XML file, "
            f"{RUNS}; save the data as CSV"
        ],
    ),
    "PDF that is a web page, as an attachment": Case(
        {
            C.format("attach-fake-pdf"): attached("attach-fake-pdf", "attachments/report.pdf"),
            "content/attachments/report.pdf": SCRIPT_PAGE,
        },
        [
            "content/consultations/attach-fake-pdf.md:13: attachments[1].path: 'attachments/report.pdf' is not a PDF "
            "document but a web page; save it again as PDF"
        ],
    ),
    "PNG that is text, as an attachment": Case(
        {
            C.format("attach-fake-png"): attached("attach-fake-png", "attachments/photo.png"),
            "content/attachments/photo.png": "not an image\n",
        },
        [
            "content/consultations/attach-fake-png.md:13: attachments[1].path: 'attachments/photo.png' is not a PNG "
            "image but text; save it again as PNG"
        ],
    ),
    "PDF that is a PNG image, as an attachment": Case(
        {
            C.format("attach-png-pdf"): attached("attach-png-pdf", "attachments/scan.pdf"),
            "content/attachments/scan.pdf": PNG,
        },
        [
            "content/consultations/attach-png-pdf.md:13: attachments[1].path: 'attachments/scan.pdf' is not a PDF "
            "document but a PNG image; rename it to end in .png"
        ],
    ),
    "program as an attachment": Case(
        {
            C.format("attach-exe"): attached("attach-exe", "attachments/setup.exe"),
            "content/attachments/setup.exe": b"MZ\x90\x00",
        },
        [
            "content/consultations/attach-exe.md:13: attachments[1].path: 'attachments/setup.exe' is a '.exe' file; "
            "the site publishes only PDF, PNG, JPEG, GIF, WebP, CSV, TXT, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS and "
            "PPT files; convert it to one of them"
        ],
    ),
    "CSV that is not UTF-8, as an attachment": Case(
        {
            C.format("attach-gbk"): attached("attach-gbk", "attachments/table.csv"),
            "content/attachments/table.csv": "单位,建议\n".encode("gbk"),
        },
        [
            "content/consultations/attach-gbk.md:13: attachments[1].path: 'attachments/table.csv' is not UTF-8 text; "
            "save it as UTF-8"
        ],
    ),
    "text that starts as a web page, as an attachment": Case(
        {
            C.format("attach-html-txt"): attached("attach-html-txt", "attachments/notes.txt"),
            "content/attachments/notes.txt": "<html><body onload=alert(1)>\n",
        },
        [
            "content/consultations/attach-html-txt.md:13: attachments[1].path: 'attachments/notes.txt' is not plain "
            "text but a web page, which a browser could show as one; save it as PDF, or remove the markup"
        ],
    ),
    "text with NUL bytes, as an attachment": Case(
        {
            C.format("attach-utf16"): attached("attach-utf16", "attachments/utf16.txt"),
            "content/attachments/utf16.txt": "会议纪要\n".encode("utf-16"),
        },
        [
            "content/consultations/attach-utf16.md:13: attachments[1].path: 'attachments/utf16.txt' holds NUL bytes, "
            "so it is not plain text; save it as UTF-8 text"
        ],
    ),
    "attachment in a hidden folder": Case(
        {
            C.format("attach-hidden"): attached("attach-hidden", ".well-known/security.txt"),
            "content/.well-known/security.txt": "Contact: mailto:x@example.com\n",
        },
        [
            "content/consultations/attach-hidden.md:13: attachments[1].path: '.well-known/security.txt' is hidden: "
            "'.well-known' starts with '.', and the site publishes no hidden files; put the file into "
            "content/attachments/"
        ],
    ),
    # Files linked from summaries: the same allowlist
    "link to a web page": Case(
        {
            C.format("link-html"): consultation("link-html", "见[网页](attachments/linked.html)。\n"),
            "content/attachments/linked.html": SCRIPT_PAGE,
        },
        [
            f"content/consultations/link-html.md:11: summary.zh: 'attachments/linked.html' is a web page, {RUNS}; "
            "save it as PDF"
        ],
    ),
    "SVG image in a summary": Case(
        {
            C.format("link-svg"): consultation("link-svg", "![图](attachments/linked.svg)\n"),
            "content/attachments/linked.svg": SVG,
        },
        [
            f"content/consultations/link-svg.md:11: summary.zh: 'attachments/linked.svg' is an SVG image, {RUNS}; "
            "convert the SVG to PNG"
        ],
    ),
    "link to a script": Case(
        {
            C.format("link-js"): consultation("link-js", "见[脚本](attachments/linked.js)。\n"),
            "content/attachments/linked.js": "alert(1)\n",
        },
        [
            "content/consultations/link-js.md:11: summary.zh: 'attachments/linked.js' is a script, and the site "
            "publishes no scripts from the archive; remove it"
        ],
    ),
    "link to a stylesheet": Case(
        {
            C.format("link-css"): consultation("link-css", "见[样式](attachments/linked.css)。\n"),
            "content/attachments/linked.css": "a { color: red }\n",
        },
        [
            "content/consultations/link-css.md:11: summary.zh: 'attachments/linked.css' is a stylesheet, and the "
            "site's look comes from its theme, not from the archive; remove it"
        ],
    ),
    "link to a Markdown file that is no record": Case(
        {
            C.format("link-md"): consultation("link-md", "见[笔记](attachments/linked.md)。\n"),
            "content/attachments/linked.md": "# Notes\n",
        },
        [
            "content/consultations/link-md.md:11: summary.zh: 'attachments/linked.md' is a Markdown text, which the "
            "site would turn into a page of its own, without a record's checks; save it as PDF or TXT, or put the "
            "text into the record's summary"
        ],
    ),
    "link to an XML file": Case(
        {
            C.format("link-xml"): consultation("link-xml", "见[数据](attachments/linked.xml)。\n"),
            "content/attachments/linked.xml": XML,
        },
        [
            f"content/consultations/link-xml.md:11: summary.zh: 'attachments/linked.xml' is an XML file, {RUNS}; save "
            "the data as CSV"
        ],
    ),
    "link to a PDF that is a web page": Case(
        {
            C.format("link-fake-pdf"): consultation("link-fake-pdf", "见[报告](attachments/linked.pdf#page=2)。\n"),
            "content/attachments/linked.pdf": SCRIPT_PAGE,
        },
        [
            "content/consultations/link-fake-pdf.md:11: summary.zh: 'attachments/linked.pdf' is not a PDF document "
            "but a web page; save it again as PDF"
        ],
    ),
    "PNG image that is an SVG image": Case(
        {
            C.format("link-fake-png"): consultation("link-fake-png", "![图](attachments/linked.png)\n"),
            "content/attachments/linked.png": "<svg onload=alert(1)>\n",
        },
        [
            "content/consultations/link-fake-png.md:11: summary.zh: 'attachments/linked.png' is not a PNG image but "
            "an SVG image; save it again as PNG"
        ],
    ),
    # Static files under content/pages/: the allowlist, and no address the site keeps
    "static web page": Case(
        {P.format("zh/old.html"): SCRIPT_PAGE},
        [f"content/pages/zh/old.html:1: -: the file is a web page, {RUNS}; write it as a Markdown page (.md)"],
    ),
    "static SVG image": Case(
        {P.format("zh/images/logo.svg"): SVG},
        [f"content/pages/zh/images/logo.svg:1: -: the file is an SVG image, {RUNS}; convert the SVG to PNG"],
    ),
    "static script in place of the site's search script": Case(
        {P.format("zh/assets/javascripts/shangliang-search.js"): "alert(1)\n"},
        [
            "content/pages/zh/assets/javascripts/shangliang-search.js:1: -: the file is a script, and the site "
            "publishes no scripts from the archive; remove it"
        ],
    ),
    "static stylesheet": Case(
        {P.format("en/extra.css"): "body { display: none }\n"},
        [
            "content/pages/en/extra.css:1: -: the file is a stylesheet, and the site's look comes from its theme, "
            "not from the archive; remove it"
        ],
    ),
    "static XML file": Case(
        {P.format("zh/feed.xml"): XML},
        [f"content/pages/zh/feed.xml:1: -: the file is an XML file, {RUNS}; save the data as CSV"],
    ),
    "static PDF that is a web page": Case(
        {P.format("zh/files/guide.pdf"): SCRIPT_PAGE},
        ["content/pages/zh/files/guide.pdf:1: -: the file is not a PDF document but a web page; save it again as PDF"],
    ),
    "static PNG that is text": Case(
        {P.format("en/images/logo.png"): "not an image\n"},
        ["content/pages/en/images/logo.png:1: -: the file is not a PNG image but text; save it again as PNG"],
    ),
    "static page under another Markdown ending": Case(
        {P.format("zh/notes.markdown"): "# 笔记\n\n<script>alert(1)</script>\n"},
        [
            "content/pages/zh/notes.markdown:1: -: the file would be a page that misses the checks of static pages; "
            "rename it to end in .md"
        ],
    ),
    "static page at the home page's address": Case(
        {P.format("zh/index.md"): "# 首页\n"},
        [
            "content/pages/zh/index.md:1: -: the page would be published at 'index.html', but 'index.html' is the "
            f"home page; {MOVE}"
        ],
    ),
    "static page in the feeds' folder": Case(
        {P.format("en/feeds.md"): "# Feeds\n"},
        [
            "content/pages/en/feeds.md:1: -: the page would be published at 'feeds/index.html', but 'feeds/' holds "
            f"the news feeds; {MOVE}"
        ],
    ),
    "static page in the open data's folder": Case(
        {P.format("zh/data/extra.md"): "# 更多数据\n"},
        [
            "content/pages/zh/data/extra.md:1: -: the page would be published at 'data/extra/index.html', but 'data/' "
            f"holds the open data and its page; {MOVE}"
        ],
    ),
    "static page in the English open data page's folder": Case(
        {P.format("en/data/extra.md"): "# More data\n"},
        [
            "content/pages/en/data/extra.md:1: -: the page would be published at 'data/extra/index.html', but 'data/' "
            f"holds the open data page; {MOVE}"
        ],
    ),
    "static image among the theme's files": Case(
        {P.format("zh/assets/images/favicon.png"): PNG},
        [
            "content/pages/zh/assets/images/favicon.png:1: -: the file would be published at "
            f"'assets/images/favicon.png', but 'assets/' holds the theme's scripts, styles and icons; {MOVE}"
        ],
    ),
    "static page in the English site's folder of the Chinese site": Case(
        {P.format("zh/en/about.md"): "# About\n"},
        [
            "content/pages/zh/en/about.md:1: -: the page would be published at 'en/about/index.html', but 'en/' "
            f"holds the 'en' site; {MOVE}"
        ],
    ),
    "static page among the record pages": Case(
        {P.format("zh/consultations/jining-2022-culture.md"): "# 假页面\n"},
        [
            "content/pages/zh/consultations/jining-2022-culture.md:1: -: the page would be published at "
            f"'consultations/jining-2022-culture/index.html', but 'consultations/' holds the records' pages; {MOVE}"
        ],
    ),
    "static file in the search index's folder": Case(
        {P.format("zh/search/logo.png"): PNG},
        [
            "content/pages/zh/search/logo.png:1: -: the file would be published at 'search/logo.png', but 'search/' "
            f"holds the search index; {MOVE}"
        ],
    ),
    # Static pages: MkDocs renders them itself, so their attribute lists and settings are checked
    "attribute list with onclick on a heading": Case(
        {P.format("zh/rules.md"): "# 规则\n\n## 标题 {: onclick=\"alert(1)\" }\n"},
        [
            "content/pages/zh/rules.md:3: -: remove 'onclick' from the attribute list; the site publishes no scripts "
            "from its pages"
        ],
    ),
    "attribute list with an event handler on its own line": Case(
        {P.format("en/rules.md"): "# Rules\n\nA paragraph.\n{ #intro .lead onmouseover=\"alert(1)\" }\n"},
        [
            "content/pages/en/rules.md:4: -: remove 'onmouseover' from the attribute list; the site publishes no "
            "scripts from its pages"
        ],
    ),
    "attribute list with a style after a link": Case(
        {P.format("zh/links.md"): "# 链接\n\n见[此处](https://example.com){: style=\"position:fixed\" tabindex=1 }。\n"},
        [
            "content/pages/zh/links.md:3: -: remove 'style' from the attribute list; the site's look comes from its "
            "theme",
            "content/pages/zh/links.md:3: -: remove 'tabindex' from the attribute list; an attribute list may set "
            "only an id (#name) and classes (.name)",
        ],
    ),
    "static page that picks another template": Case(
        {P.format("en/moved.md"): "---\ntitle: Moved\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n# Moved\n"},
        [
            f"content/pages/en/moved.md:3: template: 'template' is not a setting a static page may have; {SETTINGS}",
            f"content/pages/en/moved.md:4: location: 'location' is not a setting a static page may have; {SETTINGS}",
        ],
    ),
    "static page with a redirect setting, MultiMarkdown style": Case(
        {P.format("zh/go.md"): "Title: 跳转\nRedirect: https://evil.example/\n\n# 跳转\n"},
        [f"content/pages/zh/go.md:2: redirect: 'redirect' is not a setting a static page may have; {SETTINGS}"],
    ),
    "static page with Windows line ends and a redirect template": Case(
        {P.format("en/crlf.md"): b"---\r\ntemplate: redirect.html\r\nredirect: https://evil.example/\r\n---\r\n# x\r\n"},
        [
            f"content/pages/en/crlf.md:2: template: 'template' is not a setting a static page may have; {SETTINGS}",
            f"content/pages/en/crlf.md:3: redirect: 'redirect' is not a setting a static page may have; {SETTINGS}",
        ],
    ),
    "static page title given twice, the second with markup": Case(
        {P.format("en/twice.md"): "title: About\ntitle: <b>x</b>\n\n# About\n"},
        [f"content/pages/en/twice.md:1: title: remove the <b> tag; {PLAIN_TAG}"],
    ),
    "static page title continued on an indented line with markup": Case(
        {P.format("en/more.md"): "title: About\n    `<i>x</i>`\n\n# About\n"},
        [f"content/pages/en/more.md:1: title: remove the <i> tag; {PLAIN_TAG}"],
    ),
    "static page title that MkDocs reads as a date": Case(
        {P.format("en/dated.md"): "---\ntitle: 2024-05-01\n---\n# Dated\n"},
        ["content/pages/en/dated.md:2: title: found '2024-05-01', which is not a text for MkDocs; write the text in quotes"],
    ),
    "static page ending in .MD": Case(
        {P.format("en/evil.MD"): "<!doctype html><script>alert(1)</script>\n"},
        ["content/pages/en/evil.MD:1: -: the file ends in '.MD', so MkDocs would publish it as it is, not as a page; rename it to end in .md"],
    ),
    "two static pages at one address": Case(
        {P.format("zh/help.md"): "# 帮助\n", P.format("zh/help/index.md"): "# 帮助\n"},
        [
            "content/pages/zh/help.md:1: -: the file would be published at 'help/index.html', as content/pages/zh/help/index.md would; keep one of them",
            "content/pages/zh/help/index.md:1: -: the file would be published at 'help/index.html', as content/pages/zh/help.md would; keep one of them",
        ],
    ),
    "static page image whose address starts with a control character": Case(
        {P.format("en/pic.md"): "# Pictures\n\n<img src=\"&#1;//evil.example/a.png\" alt=\"a\">\n"},
        ["content/pages/en/pic.md:3: -: the image's address holds the control character U+0001 (written as '&#1;' or the like); remove it"],
    ),
    "static page image on another site without a scheme": Case(
        {P.format("en/pic2.md"): "# Pictures\n\n![a](//evil.example/b.png)\n"},
        [f"content/pages/en/pic2.md:3: -: the image '//evil.example/b.png' {OTHER_SITE}"],
    ),
    "fenced code block with an onclick": Case(
        {P.format("en/code.md"): "# Code\n\n```{ .py onclick=\"steal()\" }\nprint(1)\n```\n"},
        ["content/pages/en/code.md:3: -: remove 'onclick' from the attribute list; the site publishes no scripts from its pages"],
    ),
    "file name with a byte that is not UTF-8": Case(
        {"content/attachments/report\udcff.txt": "x\n"},
        ["content/attachments/report\\udcff.txt:1: -: the name of this file holds the byte 0xFF that is not UTF-8; rename it"],
    ),
    # The earlier kinds of problem
    "YAML syntax error": Case(
        {U.format("syntax"): "id: syntax\nname\n  zh: 单位\n"},
        ["content/units/syntax.yml:2: -: YAML syntax error: could not find expected ':'"],
    ),
    "missing field": Case(
        {U.format("no-name"): "id: no-name\nlevel: city\n"},
        ["content/units/no-name.yml:1: name: required field is missing; expected official name, e.g. 汕尾市住房和城乡建设局 / Shanwei Housing and Urban-Rural Development Bureau"],
    ),
    "unknown field with a did-you-mean": Case(
        {U.format("typo"): unit("typo", "levle: city\n")},
        ["content/units/typo.yml:4: levle: unknown field; did you mean 'level'?"],
    ),
    "wrong type": Case(
        {U.format("wrong-type"): "id: wrong-type\nname: 单位\n"},
        [
            "content/units/wrong-type.yml:2: name: expected the text in both languages, as 'zh: …' and 'en: …' "
            "lines, found '单位'"
        ],
    ),
    "invalid date": Case(
        {C.format("bad-date"): consultation("bad-date", "").replace("date: 2022-10-14", "date: 2022-02-30")},
        ["content/consultations/bad-date.md:5: date: invalid date: '2022-02-30' has no day 30; that month has 28 days"],
    ),
    "duplicate id": Case(
        {U.format("again"): unit("jishi")},
        [
            "content/platforms/jishi.yml:1: id: duplicate id 'jishi', also used by content/units/again.yml:1; each record needs an id of its own",
            "content/units/again.yml:1: id: duplicate id 'jishi', also used by content/platforms/jishi.yml:1; each record needs an id of its own",
        ],
    ),
    "missing reference": Case(
        {C.format("no-platform"): consultation("no-platform", "").replace("platform: jishi", "platform: jishii")},
        ["content/consultations/no-platform.md:6: platform: no platform has the id 'jishii'; did you mean 'jishi'?"],
    ),
    "stage dates out of order": Case(
        {C.format("stage-order"): consultation("stage-order", "", "    date: 2022-05\n  - stage: research\n    date: 2022-04-30\n")},
        [
            "content/consultations/stage-order.md:12: stages[2].date: 2022-04-30 is earlier than the stage before "
            "it ('topic', 2022-05); expected 2022-05 or later"
        ],
    ),
    "English body without its record": Case(
        {E.format("orphan"): "Nobody's text.\n"},
        ["content/consultations/orphan.en.md:1: -: English body without its record: expected 'orphan.md' beside it"],
    ),
    # Plain texts are shown as written: what would be markup in them is found, whatever hides it
    "tag left open at the end of a name": Case(
        {U.format("open-tag"): 'id: open-tag\nname:\n  zh: "x<img src=x onerror=alert(1)"\n'},
        [f"content/units/open-tag.yml:3: name.zh: remove '<img src=x onerror=alert(1)'; {UNCLOSED}"],
    ),
    "tag inside backticks in a proposal title": Case(
        {PR.format("tick-title"): proposal("tick-title", title="'提案 `<img src=x onerror=alert(1)>`'")},
        [f"content/proposals/tick-title.yml:3: title.zh: remove the <img> tag; {PLAIN_TAG}"],
    ),
    "comment opened in a platform name and never closed": Case(
        {PL.format("open-comment"): platform("open-comment", name="'平台 <!--'")},
        ["content/platforms/open-comment.yml:3: name.zh: remove '<!--'; it starts an HTML comment that is never closed"],
    ),
    "comment in a plain text": Case(
        {PR.format("comment-number"): proposal("comment-number", "number: 第1号<!-- 待核 -->\n")},
        ["content/proposals/comment-number.yml:11: number: remove the HTML comment; this field is plain text, where it would show as written"],
    ),
    "closing title tag and a script in a proposal's reason": Case(
        {PR.format("title-break"): proposal("title-break", "  reason:\n    zh: </title><script>alert(1)</script>\n")},
        [
            "content/proposals/title-break.yml:12: registration.reason.zh: remove the stray </title> tag; it closes nothing",
            f"content/proposals/title-break.yml:12: registration.reason.zh: remove the <script> element; {SCRIPTS}",
        ],
    ),
    "svg with an onload in a platform body": Case(
        {PL.format("svg-body"): "id: svg-body\nname:\n  zh: 平台\nbody:\n  zh: \"'><svg onload=alert(1)>\"\nlevel: county\n"},
        ["content/platforms/svg-body.yml:5: body.zh: remove the <svg> tag (keep its text); " + ALLOWED],
    ),
    "tag left open at the end of a Markdown body": Case(
        {C.format("open-body"): consultation("open-body", "正文。\n\n结尾<a href=\"https://example.com\"\n")},
        [f"content/consultations/open-body.md:13: summary.zh: remove '<a href=\"https://example.com\"'; {UNCLOSED}"],
    ),
    "image from another site": Case(
        {C.format("remote-image"): consultation("remote-image", "正文。\n\n![图][px]\n\n[px]: https://tracker.example/p.gif\n")},
        [
            "content/consultations/remote-image.md:15: summary.zh: the image 'https://tracker.example/p.gif' is on another "
            "site; a page shows only images the site publishes itself (a reader's browser would otherwise contact that "
            "site, which may be blocked or may track readers); put the file under content/attachments/ and write its "
            "path, e.g. attachments/photo.jpg"
        ],
    ),
    # Characters written as YAML escapes: checked as decoded
    "NUL written as an escape": Case(
        {U.format("esc-nul"): 'id: esc-nul\nname:\n  zh: "ab\\0cd"\n'},
        [f"content/units/esc-nul.yml:3: name.zh: the control character U+0000 {ESCAPED}"],
    ),
    "escape character written as an escape": Case(
        {U.format("esc-e"): unit("esc-e", 'sources:\n  - outlet:\n      zh: "\\e[31m红"\n    date: 2023\n')},
        [f"content/units/esc-e.yml:6: sources[1].outlet.zh: the control character U+001B {ESCAPED}"],
    ),
    "bell written as an escape in a proposal number": Case(
        {PR.format("esc-bell"): proposal("esc-bell", 'number: "1\\x07"\n')},
        [f"content/proposals/esc-bell.yml:11: number: the control character U+0007 {ESCAPED}"],
    ),
    "right-to-left override written as an escape": Case(
        {U.format("esc-rlo"): 'id: esc-rlo\nname:\n  zh: 单位\n  en: "Bureau \\u202Efdp.exe"\n'},
        [f"content/units/esc-rlo.yml:4: name.en: the invisible text-direction character U+202E (right-to-left override) {ESCAPED}"],
    ),
    "line separator written as an escape in a summary": Case(
        {U.format("esc-ls"): unit("esc-ls", 'summary:\n  zh: "第一行\\L第二行"\n')},
        [f"content/units/esc-ls.yml:5: summary.zh: the line separator U+2028 {ESCAPED}"],
    ),
    "paragraph separator written as an escape": Case(
        {PL.format("esc-ps"): platform("esc-ps", name='"平台\\P"')},
        [f"content/platforms/esc-ps.yml:3: name.zh: the paragraph separator U+2029 {ESCAPED}"],
    ),
    "carriage return written as an escape": Case(
        {PR.format("esc-cr"): proposal("esc-cr", 'session:\n  zh: "八届\\r二次"\n')},
        [f"content/proposals/esc-cr.yml:12: session.zh: the carriage return U+000D {ESCAPED}"],
    ),
    "next-line character written as an escape": Case(
        {PR.format("esc-nel"): proposal("esc-nel", 'category:\n  zh: "经济\\N"\n')},
        [f"content/proposals/esc-nel.yml:12: category.zh: the control character U+0085 {ESCAPED}"],
    ),
    "non-character written as an escape": Case(
        {PR.format("esc-fffe"): proposal("esc-fffe", 'number: "1\\uFFFE"\n')},
        [f"content/proposals/esc-fffe.yml:11: number: the non-character U+FFFE {ESCAPED}"],
    ),
    "right-to-left override in a field name": Case(
        {U.format("esc-key"): unit("esc-key", '"le\\u202Evel": city\n')},
        [
            f"content/units/esc-key.yml:4: le\\u202evel: the invisible text-direction character U+202E (right-to-left override) {ESCAPED}",
            "content/units/esc-key.yml:4: le\\u202evel: unknown field; did you mean 'level'?",
        ],
    ),
    # YAML tags are refused, not decoded or ignored
    "binary tag": Case(
        {U.format("tag-binary"): "id: tag-binary\nname:\n  zh: !!binary 5Y2V5L2N\n"},
        [f"content/units/tag-binary.yml:3: name.zh: remove the YAML tag '!!binary'; {TAGGED}"],
    ),
    "unknown local tag": Case(
        {U.format("tag-evil"): "id: tag-evil\nname:\n  zh: !evil 单位\n"},
        [f"content/units/tag-evil.yml:3: name.zh: remove the YAML tag '!evil'; {TAGGED}"],
    ),
    "Python object tag on a group of fields": Case(
        {U.format("tag-python"): "id: tag-python\nname: !!python/object/apply:os.system\n  zh: 单位\n"},
        [f"content/units/tag-python.yml:2: name: remove the YAML tag '!!python/object/apply:os.system'; {TAGGED}"],
    ),
    "set tag on a list": Case(
        {PR.format("tag-set"): proposal("tag-set").replace("  names:\n", "  names: !!set\n")},
        [f"content/proposals/tag-set.yml:7: proposers.names: remove the YAML tag '!!set'; {TAGGED}"],
    ),
    # Numbers are the digits written, or refused
    "count with an underscore": Case(
        {C.format("count-underscore"): consultation("count-underscore", "正文。\n", "suggestions:\n  count: 1_000\n")},
        [f"content/consultations/count-underscore.md:11: suggestions.count: {PLAIN_DIGITS}, found '1_000'"],
    ),
    "count written as a time": Case(
        {C.format("count-time"): consultation("count-time", "正文。\n", "public_input:\n  people: 1:00:00\n")},
        [f"content/consultations/count-time.md:11: public_input.people: {PLAIN_DIGITS}, found '1:00:00'"],
    ),
    "count with a leading zero": Case(
        {C.format("count-octal"): consultation("count-octal", "正文。\n", "suggestions:\n  adopted: 010\n")},
        [f"content/consultations/count-octal.md:11: suggestions.adopted: {PLAIN_DIGITS}, found '010'"],
    ),
    "count in quotes": Case(
        {C.format("count-quoted"): consultation("count-quoted", "正文。\n", "suggestions:\n  count: '20'\n")},
        ["content/consultations/count-quoted.md:11: suggestions.count: expected a whole number, found the text '20'; write the number without quotes"],
    ),
    # Names of files and folders are shown in messages and logs
    "file name with a line break": Case(
        {"content/units/a\n::error::b.yml": unit("linebreak-name")},
        ["content/units/a\\n::error::b.yml:1: -: the name of this file holds the line break U+000A; rename it"],
    ),
    "file name with a right-to-left override": Case(
        {"content/attachments/report\u202Efdp.exe": "x\n"},
        [
            "content/attachments/report\\u202efdp.exe:1: -: the name of this file holds the invisible text-direction "
            "character U+202E (right-to-left override); rename it"
        ],
    ),
    "field name with a line break and a workflow command": Case(
        {U.format("key-break"): unit("key-break", '"x\\n::notice::forged": 1\n')},
        ["content/units/key-break.yml:4: x\\n::notice::forged: unknown field; expected one of: id, summary, sources, name, aliases, level, url"],
    ),
    # Messages that name the right files
    "loop of parents with platforms below it": Case(
        {
            PL.format("loop-a"): platform("loop-a", "type: sub-platform\nparent: loop-b\n"),
            PL.format("loop-b"): platform("loop-b", "type: sub-platform\nparent: loop-a\n"),
            PL.format("loop-below-1"): platform("loop-below-1", "type: sub-platform\nparent: loop-a\n"),
            PL.format("loop-below-2"): platform("loop-below-2", "type: sub-platform\nparent: loop-below-1\n"),
        },
        [
            "content/platforms/loop-a.yml:8: parent: parents form a loop: loop-a → loop-b → loop-a; "
            "one of them needs a parent outside the loop, or none"
        ],
    ),
    "id used by three files": Case(
        {U.format("triple-1"): unit("triple"), U.format("triple-2"): unit("triple"), PR.format("triple"): proposal("triple")},
        [
            "content/proposals/triple.yml:1: id: duplicate id 'triple', also used by content/units/triple-1.yml:1, "
            "content/units/triple-2.yml:1; each record needs an id of its own",
            "content/units/triple-1.yml:1: id: duplicate id 'triple', also used by content/proposals/triple.yml:1, "
            "content/units/triple-2.yml:1; each record needs an id of its own",
            "content/units/triple-2.yml:1: id: duplicate id 'triple', also used by content/proposals/triple.yml:1, "
            "content/units/triple-1.yml:1; each record needs an id of its own",
        ],
    ),
    "front matter never closed": Case(
        {C.format("unclosed"): "---\nid: unclosed\n"},
        ["content/consultations/unclosed.md:1: -: front matter opened with '---' on line 1 is never closed by a line '---'"],
    ),
}


def write_case(root: Path, case: Case) -> Path:
    """Write the valid archive, ``case``'s files and links, and the files outside the
    project that its links lead to; return the project's root."""
    project = root / "project"
    write_project(project, {name: text for name, text in VALID_RECORDS.items() if name not in case.files})
    write_project(project, {name: text for name, text in case.files.items() if not isinstance(text, Symlink)})
    for name, text in case.outside.items():
        write_project(root / "outside", {name: text})
    for name, text in case.files.items():
        if isinstance(text, Symlink):
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(text.target, project / name)
    return project


def merged(*cases: Case) -> Case:
    files: dict = {}
    outside: dict = {}
    problems: list[str] = []
    for case in cases:
        assert not set(files) & set(case.files), "cases in one group must not share a file"
        files |= case.files
        outside |= case.outside
        problems += case.problems
    return Case(files, problems, outside)


def report(problems: list[str]) -> str:
    """The report ``validate`` prints: problems sorted by file, then line (as a number)."""

    def key(line: str):
        path, number, rest = re.match(r"(.*?):(\d+): (.*)", line).groups()  # a path may hold ':'
        return path, int(number), rest

    count = len(problems)
    return "\n".join(sorted(problems, key=key) + [f"{count} problem{'' if count == 1 else 's'} found; nothing was built."])


def test_the_corpus_covers_every_kind_of_problem():
    assert len(CASES) >= 130


@pytest.mark.parametrize("name", CASES)
def test_bad_input(tmp_path, name):
    case = CASES[name]
    project = write_case(tmp_path, case)
    with pytest.raises(ContentError) as caught:
        load_archive(project / "content")
    assert caught.value.report() == report(case.problems)


GROUPS = {
    "markup": [
        "script element in a Chinese body", "style element in an English body", "iframe in a YAML summary block",
        "event handler attribute", "empty noscript holding an empty dd, both with only an id",
        "javascript: link in Markdown", "data: image in Markdown", "HTML comment carrying a link",
        "HTML in a plain-text title",
    ],
    "limits and bytes": [
        "file over the size limit", "alias bomb", "a hundred thousand open brackets", "bytes that are not UTF-8",
        "byte-order mark", "NUL in a Markdown body", "control characters in an English body", "line over the length limit",
    ],
    "escapes, tags, numbers and names": [
        "tag left open at the end of a name", "tag inside backticks in a proposal title", "NUL written as an escape",
        "right-to-left override written as an escape", "binary tag", "count with an underscore", "file name with a line break",
        "field name with a line break and a workflow command", "id used by three files", "loop of parents with platforms below it",
    ],
    "files, pages and addresses": [
        "redirect that climbs out of the site", "SVG image as an attachment", "PDF that is a web page, as an attachment",
        "link to a web page", "PNG image that is an SVG image", "static script in place of the site's search script",
        "static page at the home page's address", "attribute list with onclick on a heading",
        "static page that picks another template",
    ],
    "paths and earlier kinds": [
        "attachment above content/", "attachment through a symbolic link out of content/", "Markdown link above content/",
        "record file linked from outside content/", "YAML syntax error", "unknown field with a did-you-mean",
        "duplicate id", "stage dates out of order",
    ],
}


@pytest.mark.parametrize("group", GROUPS)
def test_validate_reports_a_group_of_bad_inputs_at_once(site_project, tmp_path, group):
    case = merged(*(CASES[name] for name in GROUPS[group]))
    root = site_project()
    write_case(tmp_path, case)  # tmp_path/project is the site project
    result = run_cli("validate", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", report(case.problems) + "\n")


# --- Issue 14: activities, undated records, year folders, channels, organisations, outcome status ---

O = "content/organisations/{}.yml"
OC = "content/outcomes/{}.yml"


def dated(record_id: str, date: str, front: str = "") -> str:
    """A valid Markdown consultation with ``date`` on line 5; ``front`` from line 10."""
    return consultation(record_id, "", front).replace("date: 2022-10-14\n", f"date: {date}\n")


def undated(record_id: str, front: str = "") -> str:
    """A standing practice whose date is not reported (no stages, no format), lines 1–6, then ``front``."""
    return f"id: {record_id}\ntitle:\n  zh: 议事会\nactivity: standing-practice\nplatform: jishi\n{front}"


SOURCE = "sources:\n  - outlet:\n      zh: 济宁日报\n    date: 2023-08-20\n"
CHANNELS = "channels:\n  - id: micro\n    name:\n      zh: 微协商\n  - id: ideas\n    name:\n      zh: 微建议\n"

CASES.update({
    "channel the platform does not have": Case(
        {C.format("no-channel"): consultation("no-channel", "", "channel: micro\n")},
        ["content/consultations/no-channel.md:10: channel: no channel 'micro' on the platform 'jishi'; "
         "none of them has 'channels'; add the channel to the platform first"],
    ),
    "channel of neither the platform nor one above it": Case(
        {
            PL.format("with-channels"): platform("with-channels", "type: sub-platform\nparent: jishi\n" + CHANNELS),
            C.format("wrong-channel"): consultation("wrong-channel", "", "channel: mikro\n").replace("platform: jishi", "platform: with-channels"),
        },
        ["content/consultations/wrong-channel.md:10: channel: no channel 'mikro' on the platform 'with-channels' → 'jishi'; "
         "expected one of: micro (微协商), ideas (微建议)"],
    ),
    "channel given by its name": Case(
        {
            PL.format("with-channels"): platform("with-channels", "type: sub-platform\nparent: jishi\n" + CHANNELS),
            C.format("named-channel"): consultation("named-channel", "", "channel: 微建议\n").replace("platform: jishi", "platform: with-channels"),
        },
        ["content/consultations/named-channel.md:10: channel: write the channel's id, not its name: channel: ideas"],
    ),
    "channel id used twice on a platform": Case(
        {PL.format("twice-channel"): platform("twice-channel", "type: sub-platform\nparent: jishi\n" + CHANNELS.replace("id: ideas", "id: micro"))},
        ["content/platforms/twice-channel.yml:13: channels[2].id: the channel id 'micro' is used twice on this platform "
         "(also channels[1]); give each channel an id of its own"],
    ),
    "organisations naming a unit and a missing record": Case(
        {C.format("bad-organisations"): consultation("bad-organisations", "", "organisations:\n  - jining-culture-bureau\n  - alliance\n")},
        [
            "content/consultations/bad-organisations.md:11: organisations[1]: 'jining-culture-bureau' is a unit, "
            "expected the id of an organisation",
            "content/consultations/bad-organisations.md:12: organisations[2]: no organisation has the id 'alliance'",
        ],
    ),
    "organisation of an unknown type": Case(
        {O.format("think"): "id: think\nname:\n  zh: 智库\ntype: thinktank\n"},
        [
            "content/organisations/think.yml:4: type: found 'thinktank', expected one of: alliance, think-tank, "
            "association, university, enterprise, other; did you mean 'think-tank'?",
        ],
    ),
    "organisation working with a missing platform": Case(
        {O.format("alliance-x"): "id: alliance-x\nname:\n  zh: 联盟\ntype: alliance\nplatform: jishii\n"},
        ["content/organisations/alliance-x.yml:5: platform: no platform has the id 'jishii'; did you mean 'jishi'?"],
    ),
    "outcome_status on a consultation an outcome record concerns": Case(
        {
            C.format("status-and-outcome"): consultation("status-and-outcome", "", "outcome_status: awaiting\n"),
            OC.format("status-outcome"): "id: status-outcome\ntitle:\n  zh: 批示\nconcerns: status-and-outcome\ntype: instruction\ndate: 2022-11\n",
        },
        ["content/consultations/status-and-outcome.md:10: outcome_status: content/outcomes/status-outcome.yml records "
         "an outcome of it; remove outcome_status"],
    ),
    "sub-platform at its parent's level": Case(
        {PL.format("same-level"): platform("same-level", "type: sub-platform\nparent: rencheng\n")},
        ["content/platforms/same-level.yml:6: level: a sub-platform's level must be below its parent's: found county, "
         "and its parent 'rencheng' is district; expected township"],
    ),
    "undated record without a source": Case(
        {"content/consultations/undated/no-source.yml": undated("no-source")},
        ["content/consultations/undated/no-source.yml:1: date: the date is left out (not reported), so the record "
         "needs a source: add the report that tells of it under 'sources'"],
    ),
    "record filed under another year": Case(
        {"content/consultations/2022/x.md": dated("x", "2023-05-01")},
        ["content/consultations/2022/x.md:5: date: 2023-05-01 is in 2023 but the file is filed under 2022/; "
         "move it to content/consultations/2023/"],
    ),
    "undated record in a year folder": Case(
        {"content/consultations/2023/undated-in-year.yml": undated("undated-in-year", SOURCE)},
        ["content/consultations/2023/undated-in-year.yml:1: date: the date is not reported but the file is filed "
         "under 2023/; move it to content/consultations/undated/"],
    ),
    "undated record outside undated/": Case(
        {"content/consultations/undated-at-top.yml": undated("undated-at-top", SOURCE)},
        ["content/consultations/undated-at-top.yml:1: date: the date is not reported but the file is not filed "
         "under undated/; move it to content/consultations/undated/"],
    ),
    "dated record in undated/": Case(
        {"content/consultations/undated/dated.md": dated("dated", "2022-10")},
        ["content/consultations/undated/dated.md:5: date: 2022-10 is in 2022 but the file is filed under undated/; "
         "move it to content/consultations/2022/"],
    ),
    "public_input.comments, renamed to posts": Case(
        {C.format("old-comments"): consultation("old-comments", "", "public_input:\n  comments: 20\n")},
        ["content/consultations/old-comments.md:11: public_input.comments: renamed to posts; write 'posts:' instead of 'comments:'"],
    ),
    "excerpt with neither a summary nor a quote": Case(
        {C.format("empty-excerpt"): consultation("empty-excerpt", "", "public_input:\n  excerpts:\n    - name: 网友甲\n")},
        ["content/consultations/empty-excerpt.md:12: public_input.excerpts[1]: an excerpt needs 'text' (the post "
         "summarised in your own words) or 'quote' (the poster's own words), or both"],
    ),
    "consultation without stages or format": Case(
        {"content/consultations/undated/bare.yml": "id: bare\ntitle:\n  zh: 协商\nplatform: jishi\n" + SOURCE},
        [
            "content/consultations/undated/bare.yml:1: format: required field is missing; expected how it was held: "
            "plenary, standing-committee, forum, sector, proposal-handling, grassroots, micro, online, supervision, "
            "leader-listening, face-to-face or other (or set 'activity' if it was not a consultation)",
            "content/consultations/undated/bare.yml:1: stages: required field is missing; expected the stages reached, "
            "in order; the last one is the consultation's current stage (or set 'activity' if it was not a consultation)",
        ],
    ),
    "outcome_note on a consultation an outcome record concerns": Case(
        {
            C.format("note-and-outcome"): consultation("note-and-outcome", "", "outcome_note:\n  zh: 来源称已采纳。\n"),
            OC.format("note-outcome"): "id: note-outcome\ntitle:\n  zh: 批示\nconcerns: note-and-outcome\ntype: instruction\ndate: 2022-11\n",
        },
        ["content/consultations/note-and-outcome.md:10: outcome_note: content/outcomes/note-outcome.yml records "
         "an outcome of it; remove outcome_note"],
    ),
    "outcome_note without mentioned or awaiting": Case(
        {
            C.format("note-alone"): consultation("note-alone", "", "outcome_note:\n  zh: 来源称已采纳。\n"),
            C.format("note-not-reported"): consultation(
                "note-not-reported", "", "outcome_status: not-reported\noutcome_note:\n  zh: 来源称已采纳。\n",
            ),
        },
        [
            "content/consultations/note-alone.md:10: outcome_note: outcome_note goes with outcome_status: mentioned "
            "or awaiting; found no outcome_status",
            "content/consultations/note-not-reported.md:11: outcome_note: outcome_note goes with outcome_status: "
            "mentioned or awaiting; found not-reported",
        ],
    ),
    "end_date on an undated record": Case(
        {"content/consultations/undated/undated-end.yml": undated("undated-end", "end_date: 2023-05-02\n" + SOURCE)},
        ["content/consultations/undated/undated-end.yml:6: end_date: a consultation whose date is not reported has no "
         "end date either; remove end_date or give the date"],
    ),
    "record in a folder below another year's": Case(
        {"content/consultations/2022/jining/deep-year.md": dated("deep-year", "2023-05-01")},
        ["content/consultations/2022/jining/deep-year.md:5: date: 2023-05-01 is in 2023 but the file is filed under "
         "2022/; move it to content/consultations/2023/"],
    ),
    "dated record in a folder below undated/": Case(
        {"content/consultations/undated/jining/deep-dated.md": dated("deep-dated", "2022-10")},
        ["content/consultations/undated/jining/deep-dated.md:5: date: 2022-10 is in 2022 but the file is filed under "
         "undated/; move it to content/consultations/2022/"],
    ),
    "undated record in a folder below a year": Case(
        {"content/consultations/2022/jining/deep-undated.yml": undated("deep-undated", SOURCE)},
        ["content/consultations/2022/jining/deep-undated.yml:1: date: the date is not reported but the file is filed "
         "under 2022/; move it to content/consultations/undated/"],
    ),
})

GROUPS["issue 14 model"] = [
    "channel of neither the platform nor one above it", "organisations naming a unit and a missing record",
    "outcome_status on a consultation an outcome record concerns", "sub-platform at its parent's level",
    "record filed under another year", "undated record in a year folder", "public_input.comments, renamed to posts",
]
