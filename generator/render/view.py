"""What templates call: texts in the page's language, relative links, formatted values.

A ``PageView`` is made for one page. On a record's page it remembers whether any of the
record's own English texts was missing, so the page can show its "not yet translated"
notice once, near the top. Other records' texts (names in links, entries in lists) that
fall back to Chinese carry only their inline mark: a list is not untranslated because one
of its entries is.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from markupsafe import Markup, escape

from .. import tracking, vocab
from ..addresses import record_uri, relative_url, url_of_uri
from ..archive import Archive, same_objects
from ..dates import Date
from ..model import Record, Text
from ..safety import browser_url
from . import i18n
from .corrections import render_correction_link
from .facts import Facts
from .markdown import is_relative_link, render_markdown
from .page import SiteInfo

if TYPE_CHECKING:
    from .search import SearchLexicon

T = TypeVar("T")

NOTICE_SLOT = "<!--sl-untranslated-notice-->"
"""Where a template wants the page's "not yet translated" notice, if it needs one."""



def normalize_asset_path(path: str) -> str:
    """``./attachments//a.pdf`` → ``attachments/a.pdf``: one spelling per published file."""
    return posixpath.normpath(path.replace("\\", "/"))


def own_texts(value: object) -> Iterator[Text]:
    """Every ``Text`` of a record, however deep (stages, suggestions, sources …)."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from own_texts(item)
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from own_texts(getattr(value, name))


@dataclass
class SiteContext:
    """Everything the pages of one language's site share, computed once."""

    archive: Archive
    site: SiteInfo
    kept: dict = field(default_factory=dict)
    """What ``keep`` made: record pages, index pages, records' entries in lists. The live
    preview passes the same dictionary to every render, so they outlive a build."""
    keeping: bool = False
    """Whether ``kept`` outlives this render (the live preview): what is worth keeping only
    then is not made in a build."""
    known_near: dict = field(default_factory=dict)
    """Neighbourhoods an earlier render found that are still right (``RenderCache.known_near``)."""
    facts_from: Facts | None = None
    """The last render's ``Facts``, when this render's took their facets (``Facts.take_facets``):
    every list of consultations is then the last render's, in the same order."""
    neighbourhoods: dict = field(default_factory=dict)
    """``near`` of each record asked for in this render."""
    search_lexicon: SearchLexicon | None = None
    """The places and synonyms the search words of every record page use
    (``search.get_lexicon``), made on first use."""

    def keep(self, name: tuple, settings: object, near: tuple, make: Callable[[], T]) -> T:
        """``make()``, or what it gave for ``name`` in an earlier render with the same
        ``kept`` (the live preview), if ``settings`` are equal and ``near`` holds the
        same objects."""
        known = self.kept.get(name)
        if known is not None and known[0] == settings and (known[1] is near or same_objects(known[1], near)):
            # the very same neighbourhood (``known_near``) holds the very same records
            return known[2]
        value = make()
        self.kept[name] = (settings, near, value)
        return value

    def near(self, record: Record) -> tuple[Record, ...]:
        """``Archive.neighbourhood`` of ``record``, computed once per render, and not at all
        when an earlier render's is still right (``known_near``, the live preview)."""
        found = self.neighbourhoods.get(record.id)
        if found is None:
            found = self.known_near.get(record.id) or self.archive.neighbourhood(record)
            self.neighbourhoods[record.id] = found
        return found

    @property
    def lang(self) -> str:
        return self.site.lang

    @cached_property
    def facts(self) -> Facts:
        return Facts(self.archive)

    @cached_property
    def record_uris_by_path(self) -> dict[str, str]:
        """Page uri of each record by its file path relative to the content folder
        (``content_dir``, whatever its name), so that Markdown links to record files lead
        to the record's page."""
        return {raw.content_path: record_uri(self.archive.get(record_id)) for record_id, raw in self.archive.sources.items()}


class PageView:
    """Helpers for the templates of the page at ``uri``, the page of ``record`` if given."""

    def __init__(self, context: SiteContext, uri: str, record: Record | None = None):
        self.context = context
        self.archive = context.archive
        self.facts = context.facts
        self.lang = context.lang
        self.uri = uri
        self.url_here = url_of_uri(uri)
        self.record = record
        self.has_fallback = False
        """Whether some of the page's own text (its record's) was shown in Chinese."""
        self._own = {id(text) for text in own_texts(record)} if record is not None and self.lang != "zh" else set()

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

    def entry(self, kind: str, record: Record, render: Callable[[PageView, Record], Markup]) -> Markup:
        """``render(self, record)``, the record's entry in a list, rendered once for every page
        that lists it from the same place in the site (its links are the same there) and
        kept while the records it shows are the same objects (``SiteContext.near``)."""
        folders = self.url_here.split("/")[:-1]
        here = kind == "outcome" and self.is_here(record.concerns)  # type: ignore[attr-defined]
        key = (kind, record.id, folders[0] if folders else "", len(folders), here)

        return self.context.keep(key, None, self.context.near(record), lambda: render(self, record))

    def shared(self, key: tuple, settings: object, render: Callable[[], Markup]) -> Markup:
        """``render()``, made once for every page with the same ``key`` (which must hold all
        that the result depends on beyond ``settings``, links as this page writes them
        included), and kept while ``settings`` are equal (the live preview)."""
        return self.context.keep(key, settings, (), render)

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
        self._fell_back(text)
        return Markup('<span lang="zh" class="sl-fallback">{}</span>{}').format(value, self.untranslated_mark())

    def excerpt_said(self, name: str) -> Markup:
        """"…'s post, in summary:" with the poster's name, which is written in Chinese, marked
        as Chinese (for screen readers on the English page); the name is escaped first."""
        return escape(self.ui("excerpt-said")).format(name=Markup('<span lang="zh">{}</span>').format(name))

    def plain(self, text: Text | None) -> str:
        """A record's text in the page's language, as plain text (for titles)."""
        if text is None:
            return ""
        value, is_fallback = i18n.localize(text, self.lang)
        if is_fallback:
            self._fell_back(text)
        return value

    def _fell_back(self, text: Text) -> None:
        self.has_fallback = self.has_fallback or id(text) in self._own

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
        self._fell_back(text)
        return Markup('<div class="sl-fallback-block">{}<div class="sl-prose sl-fallback" lang="zh">{}</div></div>').format(
            self.untranslated_mark(), html
        )

    def resolve_link(self, link: str) -> str:
        """A relative link in a record's Markdown is a path inside ``content/``: a record's
        file leads to its page, anything else to the published file. The path is read as
        a browser and ``validate`` read it (line breaks taken out, a query and a fragment
        kept apart from the path)."""
        if not is_relative_link(link):
            return link
        rest, _, fragment = browser_url(link).partition("#")
        path, _, query = rest.partition("?")
        path = normalize_asset_path(path)
        uri = self.context.record_uris_by_path.get(path)
        target = self.url(uri) if uri else self.asset(path)
        return target + ("?" + query if query else "") + ("#" + fragment if fragment else "")

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

    def correction(self) -> Markup:
        """The record's "propose a correction" links: its file, and on English pages its
        English text's file when it has one; nothing unless the site knows its editor."""
        raw = self.archive.sources[self.record.id]
        paths = [("propose-correction", raw.path)]
        if self.lang == "en" and raw.english_path:
            paths.append(("correct-english", raw.english_path))
        return render_correction_link(self.context.site.edit_base, paths, self.lang)

    def permalink(self) -> str:
        """This page's absolute address, when the site knows its own (``site_url``)."""
        root = self.context.site.site_url
        return f"{root.rstrip('/')}/{quote(self.url_here)}" if root else ""

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
