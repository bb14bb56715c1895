"""Editors' Markdown to safe HTML.

Summaries come from files anyone can propose a change to, and the source reports they are
taken from have carried injected markup, so everything Markdown produces is passed
through an allowlist: no scripts, styles, frames or forms, no event handlers or style
attributes, only http, https and mailto links besides relative ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import markdown as python_markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "sane_lists", "def_list", "abbr"]
HEADING_SHIFT = 2
"""Summary headings sit under the page's ``h1`` and the section's ``h2``: ``#`` becomes ``h3``."""

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

LinkResolver = Callable[[str], str]
"""Turns a relative link written in a record into a link that works from the page."""


def render_markdown(text: str, resolve_link: LinkResolver | None = None) -> str:
    """Render ``text`` and keep only the allowed markup; relative links go through
    ``resolve_link``."""
    converter = _get_converter()
    html = _shift_headings(converter.reset().convert(text))
    return sanitize(html, resolve_link)


@cache
def _get_converter() -> python_markdown.Markdown:
    """One converter, reset between texts: building one costs more than converting a summary."""
    return python_markdown.Markdown(extensions=EXTENSIONS, output_format="html")


def sanitize(html: str, resolve_link: LinkResolver | None = None) -> str:
    """Keep only the allowed tags, attributes and link schemes of ``html``."""

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src") and resolve_link and is_relative_link(value):
            return resolve_link(value)
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "noscript", "template", "textarea"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=filter_attribute,
        link_rel="noopener noreferrer",
    )


def is_relative_link(url: str) -> bool:
    """A link to a path inside the archive (not ``#anchor``, not ``/root``, no scheme)."""
    url = url.strip()
    return bool(url) and not url.startswith(("#", "/", "?")) and not _SCHEME.match(url)


def _shift_headings(html: str) -> str:
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + HEADING_SHIFT, 6)}", html)
