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

from ..safety import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, CLEAN_CONTENT_TAGS, URL_SCHEMES, is_kept_address, is_relative_path
from ..static_pages import STATIC_PAGE_ATTRIBUTES, STATIC_PAGE_TAGS, TABLE_ALIGNMENT

EXTENSIONS = ["tables", "sane_lists", "def_list", "abbr"]
HEADING_SHIFT = 2
"""Summary headings sit under the page's ``h1`` and the section's ``h2``: ``#`` becomes ``h3``."""

_HEADING = re.compile(r"<(/?)h([1-6])\b")

AttributeFilter = Callable[[str, str, str], "str | None"]
"""Gives an attribute's value as kept (``tag``, ``attribute``, ``value`` → value), or ``None``."""
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

    return _clean(html, ALLOWED_TAGS, ALLOWED_ATTRIBUTES, filter_attribute)


def sanitize_static_page(html: str) -> str:
    """Keep only what a static page may hold (``static_pages.STATIC_PAGE_TAGS``): MkDocs
    renders those pages itself, with ``attr_list``, which can set any attribute."""

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":
            return value if TABLE_ALIGNMENT.fullmatch(value) else None
        return value

    return _clean(html, STATIC_PAGE_TAGS, STATIC_PAGE_ATTRIBUTES, filter_attribute)


def _clean(html: str, tags: frozenset[str], attributes: dict[str, frozenset[str]], filter_attribute: AttributeFilter) -> str:
    """``html`` through nh3 with ``tags`` and ``attributes``; every address passes
    ``safety.is_kept_address`` before ``filter_attribute`` sees it."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        return filter_attribute(tag, attribute, value) if _is_kept_address(tag, attribute, value) else None

    return nh3.clean(
        html,
        tags=tags,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        attribute_filter=keep,
        link_rel="noopener noreferrer",
    )


def _is_kept_address(tag: str, attribute: str, value: str) -> bool:
    if attribute not in ("href", "src"):
        return True
    return is_kept_address(value, image=tag == "img" and attribute == "src")


is_relative_link = is_relative_path
"""A link to a path inside the archive (not ``#anchor``, not ``/root``, no scheme); the
same rule ``validate`` applies, so what passes the check is what the page links to."""


def _shift_headings(html: str) -> str:
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + HEADING_SHIFT, 6)}", html)
