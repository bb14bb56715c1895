"""What templates call: texts in the page's language, relative links, formatted values.

A ``PageView`` is made for one page. It remembers whether any English text was missing, so
the page can show its "not yet translated" notice once, near the top.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar
from urllib.parse import quote

from markupsafe import Markup, escape

from .. import tracking, vocab
from ..archive import Archive
from ..dates import Date
from ..model import Record, Text
from . import i18n
from .facts import Facts
from .markdown import is_relative_link, render_markdown
from .page import SiteInfo, relative_url, url_of_uri

T = TypeVar("T")

NOTICE_SLOT = "<!--sl-untranslated-notice-->"
"""Where a template wants the page's "not yet translated" notice, if it needs one."""



def normalize_asset_path(path: str) -> str:
    """``./attachments//a.pdf`` → ``attachments/a.pdf``: one spelling per published file."""
    return posixpath.normpath(path.replace("\\", "/"))


def record_uri(record: Record) -> str:
    """``consultations/<id>.md``: the page of a record, the same in every language."""
    return f"{record.folder}/{record.id}.md"


@dataclass
class SiteContext:
    """Everything the pages of one language's site share, computed once."""

    archive: Archive
    site: SiteInfo
    kept: dict = field(default_factory=dict)
    """What ``keep`` made: record pages, index pages, records' entries in lists. The live
    preview passes the same dictionary to every render, so they outlive a build."""
    _near: dict = field(default_factory=dict)

    def keep(self, name: tuple, settings: object, near: tuple, make: Callable[[], T]) -> T:
        """``make()``, or what it gave for ``name`` in an earlier render with the same
        ``kept`` (the live preview), if ``settings`` are equal and ``near`` holds the
        same objects."""
        known = self.kept.get(name)
        if known is not None and known[0] == settings and len(known[1]) == len(near) and all(
            a is b for a, b in zip(known[1], near)
        ):
            return known[2]
        value = make()
        self.kept[name] = (settings, near, value)
        return value

    def near(self, record: Record) -> tuple[Record, ...]:
        """``Archive.neighbourhood`` of ``record``, computed once per render."""
        found = self._near.get(record.id)
        if found is None:
            found = self._near[record.id] = self.archive.neighbourhood(record)
        return found

    @property
    def lang(self) -> str:
        return self.site.lang

    @cached_property
    def facts(self) -> Facts:
        return Facts(self.archive)

    @cached_property
    def record_uris_by_path(self) -> dict[str, str]:
        """Page uri of each record by its file path relative to ``content/``, so that
        Markdown links to record files lead to the record's page."""
        uris = {}
        for record_id, raw in self.archive.sources.items():
            path = raw.path.split("/", 1)[1] if raw.path.startswith("content/") else raw.path
            uris[path] = record_uri(self.archive.get(record_id))
        return uris


class PageView:
    """Helpers for the templates of the page at ``uri``."""

    def __init__(self, context: SiteContext, uri: str):
        self.context = context
        self.archive = context.archive
        self.facts = context.facts
        self.lang = context.lang
        self.uri = uri
        self.url_here = url_of_uri(uri)
        self.has_fallback = False

    # links
    def url(self, uri: str) -> str:
        """Relative address of the page ``uri`` from this page."""
        return relative_url(self.url_here, url_of_uri(uri))

    def href(self, record: Record) -> str:
        return self.url(record_uri(record))

    def asset(self, path: str) -> str:
        """Relative address of a published file, given by its path inside ``content/``."""
        return relative_url(self.url_here, quote(normalize_asset_path(path)))

    def link(self, record: Record) -> Markup:
        return Markup('<a href="{}">{}</a>').format(self.href(record), self.text(record.title_text))

    def is_here(self, record_id: str) -> bool:
        """Whether this page is the page of record ``record_id``."""
        return record_uri(self.archive.get(record_id)) == self.uri

    def link_id(self, record_id: str) -> Markup:
        return self.link(self.archive.get(record_id))

    def entry(self, kind: str, record: Record, render: Callable[[Record], Markup]) -> Markup:
        """``render(record)``, the record's entry in a list, rendered once for every page
        that lists it from the same place in the site (its links are the same there) and
        kept while the records it shows are the same objects (``SiteContext.near``)."""
        folders = self.url_here.split("/")[:-1]
        here = kind == "outcome" and self.is_here(record.concerns)  # type: ignore[attr-defined]
        key = (kind, record.id, folders[0] if folders else "", len(folders), here)

        def make() -> tuple[Markup, bool]:
            before, self.has_fallback = self.has_fallback, False
            markup = render(record)
            fallback, self.has_fallback = self.has_fallback, before
            return markup, fallback

        markup, fallback = self.context.keep(key, None, self.context.near(record), make)
        self.has_fallback = self.has_fallback or fallback
        return markup

    # texts
    def ui(self, key: str) -> str:
        return i18n.ui(key, self.lang)

    def text(self, text: Text | None) -> Markup:
        """A record's text in the page's language; Chinese, marked, where English is missing."""
        if text is None:
            return Markup("")
        value, is_fallback = i18n.localize(text, self.lang)
        if not is_fallback:
            return escape(value)
        self.has_fallback = True
        return Markup('<span lang="zh" class="sl-fallback">{}</span>{}').format(value, self.untranslated_mark())

    def plain(self, text: Text | None) -> str:
        """A record's text in the page's language, as plain text (for titles)."""
        if text is None:
            return ""
        value, is_fallback = i18n.localize(text, self.lang)
        self.has_fallback = self.has_fallback or is_fallback
        return value

    def untranslated_mark(self) -> Markup:
        return Markup(
            '<span class="sl-badge sl-badge--untranslated" title="{}">{}</span>'
        ).format(self.ui("untranslated"), self.ui("untranslated-mark"))

    def markdown(self, text: Text | None) -> Markup:
        """A Markdown text rendered and sanitized, in a block; Chinese, marked, as a fallback."""
        if text is None:
            return Markup("")
        value, is_fallback = i18n.localize(text, self.lang)
        html = Markup(render_markdown(value, self.resolve_link))
        if not is_fallback:
            return Markup('<div class="sl-prose">{}</div>').format(html)
        self.has_fallback = True
        return Markup('<div class="sl-fallback-block">{}<div class="sl-prose sl-fallback" lang="zh">{}</div></div>').format(
            self.untranslated_mark(), html
        )

    def resolve_link(self, link: str) -> str:
        """A relative link in a record's Markdown is a path inside ``content/``: a record's
        file leads to its page, anything else to the published file."""
        if not is_relative_link(link):
            return link
        path, _, fragment = link.partition("#")
        path = normalize_asset_path(path)
        uri = self.context.record_uris_by_path.get(path)
        target = self.url(uri) if uri else self.asset(path)
        return target + ("#" + fragment if fragment else "")

    def label(self, vocabulary: str, key: str) -> str:
        return vocab.label(vocab.VOCABULARIES[vocabulary], key, self.lang)

    # values
    def date(self, date: Date | None) -> str:
        return i18n.format_date(date, self.lang) if date else ""

    def dates(self, start: Date, end: Date | None) -> str:
        return i18n.format_date_range(start, end, self.lang)

    def number(self, number: int) -> str:
        return i18n.format_number(number, self.lang)

    def count(self, number: int, unit: str) -> str:
        return i18n.format_count(number, unit, self.lang)

    def percent(self, share) -> str:
        """A ``stats.Share`` as ``88.9%``."""
        return i18n.format_percent(share.percent, self.lang)

    def days(self, days) -> str:
        return i18n.format_days(days, self.lang)

    def awaiting_since(self, proposal) -> Markup:
        """"Awaiting reply since <date>" for a proposal still waiting for its reply."""
        since = tracking.awaiting_since(proposal)
        if since is None:
            return Markup("")
        when = Markup('<time datetime="{}">{}</time>').format(since.isoformat(), self.date(since))
        return Markup(escape(self.ui("awaiting-reply-since"))).format(date=when)

    def page_of(self, number: int, total: int) -> str:
        return i18n.format_page_of(number, total, self.lang)

    def year(self, year: int) -> str:
        return str(year) if self.lang == "en" else f"{year}年"

    def source_paths(self, record: Record) -> list[str]:
        """The files an editor changes to correct ``record``: the record, its English body."""
        raw = self.archive.sources[record.id]
        return [raw.path] + ([raw.english_path] if raw.english_path else [])

    def edit_url(self, path: str) -> str | None:
        """Where the file at ``path`` (relative to the project root) can be edited, if known."""
        site = self.context.site
        if not (site.repo_url and site.edit_uri):
            return None
        return f"{site.repo_url.rstrip('/')}/{site.edit_uri.strip('/')}/{quote(path)}"

    def notice(self) -> Markup:
        """The page's "not yet translated" box."""
        return Markup('<div class="sl-untranslated" role="note"><p>{}</p></div>').format(self.ui("untranslated"))

    def finish(self, html: str) -> str:
        """Put the notice into its slot when some text fell back to Chinese."""
        notice = str(self.notice()) if self.has_fallback else ""
        return html.replace(NOTICE_SLOT, notice, 1)

    @property
    def notice_slot(self) -> Markup:
        return Markup(NOTICE_SLOT)
