"""A saved news report's bytes → its visible lines and its page metadata.

HTML is read with the standard library's ``html.parser``; a plain-text dump of a page goes
through the same parser, because such dumps carry the page's stray (often injected) elements
as text. What a reader never saw is left out: scripts and styles, ``hidden`` elements and
those hidden by an inline style or ``aria-hidden``, and the empty elements a compromised
server injects (``<dd id="mmmmm"></dd>``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import ShangliangError

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
UNSEEN_TAGS = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select"}
"""Elements whose content a reader does not see as text of the page (``<title>`` is read apart)."""
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
    "th", "tr", "ul",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk"}


@dataclass
class Page:
    """What a saved report shows: its lines, and the metadata its HTML declares."""

    lines: list[str]
    metas: dict[str, str] = field(default_factory=dict)
    """``og:title``, ``articletitle``, ``canonical`` …, names lower-cased; the first of each."""
    title: str = ""
    """The text of ``<title>``."""
    hidden: int = 0
    """Elements left out because they were hidden (attribute, inline style, aria-hidden, noscript, template)."""
    empty: int = 0
    """Empty elements with an id, as injected spam leaves them."""
    encoding: str = "UTF-8"


def get_report_kind(name: str) -> str:
    """``html`` or ``text`` from the file's name, or why it cannot be read."""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    found = f"'{suffix}'" if suffix else "no suffix"
    raise ShangliangError(f"{name}: expected a saved news report, .html, .htm or .txt; found {found}")


def decode_report(data: bytes, name: str, kind: str) -> tuple[str, str]:
    """The report's text and the encoding it was read with: the charset its HTML declares,
    else UTF-8, else GB18030 (what Chinese sites that declare nothing mostly use)."""
    if b"\x00" in data[:4096]:
        raise ShangliangError(f"{name}: this is not a web page or text (it holds binary data); save the report as HTML or text")
    tried = ["utf-8-sig", "gb18030"]
    declared = _CHARSET.search(data[:4096]) if kind == "html" else None
    if declared:
        encoding = declared[1].decode("ascii").lower()
        encoding = "gb18030" if encoding in _GB_FAMILY else encoding
        try:
            codecs.lookup(encoding)
            tried.insert(0, encoding)
        except LookupError:
            pass
    for encoding in tried:
        try:
            return data.decode(encoding), "GB18030" if encoding == "gb18030" else encoding.upper().replace("-SIG", "")
        except UnicodeDecodeError:
            continue
    raise ShangliangError(f"{name}: the text is neither UTF-8 nor GB18030; save the report again as UTF-8")


def read_page(text: str, kind: str) -> Page:
    """The visible lines of ``text`` (HTML, or a text dump with stray markup) and its metadata."""
    parser = _VisibleText(is_html=kind == "html")
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) if kind == "html" else line.strip() for line in "".join(parser.parts).split("\n")]
    return Page(lines, parser.metas, " ".join(parser.title.split()), parser.hidden, parser.empty)


@dataclass
class _Open:
    tag: str
    unseen: bool
    has_id: bool
    has_text: bool = False


class _VisibleText(HTMLParser):
    def __init__(self, is_html: bool):
        super().__init__(convert_charrefs=True)
        self.is_html = is_html
        self.parts: list[str] = []
        self.metas: dict[str, str] = {}
        self.title = ""
        self.stack: list[_Open] = []
        self.in_title = False
        self.hidden = self.empty = 0

    @property
    def unseen(self) -> bool:
        return bool(self.stack) and self.stack[-1].unseen

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.metas.setdefault("canonical", values.get("href", "").strip())
        if tag == "title":
            self.in_title = True
        if tag in BLOCK_TAGS and self.is_html:
            self.parts.append("\n")
        if tag in VOID_TAGS:
            return
        hidden = _is_hidden(tag, values)
        if hidden and not self.unseen:
            self.hidden += 1
        unseen = self.unseen or hidden or tag in UNSEEN_TAGS
        self.stack.append(_Open(tag, unseen, "id" in values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in BLOCK_TAGS and self.is_html:
            self.parts.append("\n")
        for depth in range(len(self.stack) - 1, -1, -1):  # close what the page left open inside it
            if self.stack[depth].tag == tag:
                for element in self.stack[depth:][::-1]:
                    self._close(element)
                del self.stack[depth:]
                return

    def _close(self, element: _Open) -> None:
        if not element.has_text and element.has_id and not element.unseen:
            self.empty += 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if data.strip():
            for outer in self.stack:
                outer.has_text = True
        if not self.unseen:
            self.parts.append(data)

    def _meta(self, values: dict[str, str]) -> None:
        name = (values.get("property") or values.get("name") or "").strip().lower()
        if name and "content" in values:
            self.metas.setdefault(name, values["content"].strip())


def _is_hidden(tag: str, values: dict[str, str]) -> bool:
    return (
        "hidden" in values
        or values.get("aria-hidden", "").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(values.get("style", "")))
        or (tag in ("noscript", "template"))
    )
