"""Turn a checked archive into the pages of one language's site, independent of any engine.

The same page uris exist in every language; all links between pages are relative, so a
site works under any base path. Adapters take the ``Page`` values and hand them to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from ..addresses import id_of_address, relative_url, uri_of_address, url_of_uri
from ..languages import LANGUAGES
from ..published import Redirect
from ..archive import Archive
from ..export import ExportCache, export_files
from ..model import Consultation, Outcome, Platform, Proposal, Record, Unit
from ..parts import Part
from ..progress import Stage
from ..safety import find_links, is_relative_path, linked_path
from ..site_paths import is_record_file
from .facts import Facts
from .feeds import render_feeds
from .i18n import ui
from .indexes import (
    get_sections,
    render_home,
    render_organisation_index,
    render_outcome_index,
    render_past_pages,
    render_platform_index,
    render_proposal_index,
    render_unit_index,
)
from .opendata import data_root, render_data_page
from .page import GeneratedFile, Page, SiteInfo, moved_page
from .records import render_record
from .search import SearchLexicon, make_lexicon
from .sitemap import language_roots, render_sitemap
from .statistics import render_statistics_pages
from .view import PageView, SiteContext, normalize_asset_path

__all__ = [
    "LANGUAGES", "GeneratedFile", "Page", "RenderCache", "SiteInfo", "asset_paths", "data_root", "get_nav", "language_roots",
    "relative_url", "render_files", "render_site", "render_sitemap", "url_of_uri",
]


@dataclass
class RenderCache:
    """What renders of one language's site keep for the next (the live preview), through
    ``SiteContext.keep``: pages of consultations, proposals, outcomes and units, index pages and
    records' entries in lists, each made again only when a record it shows is not the same
    object as before (``Archive.neighbourhood``), or records have come, gone or moved.
    Statistics pages are made again when their figures, the links between them or their
    platform changed; platform pages, which sum up every platform below, always are."""

    site: SiteInfo | None = None
    shape: tuple = ()
    kept: dict = field(default_factory=dict)
    archive: Archive | None = None
    """The archive of the last render, whose neighbourhoods ``near`` holds."""
    near: dict[str, tuple[Record, ...]] = field(default_factory=dict)
    """``SiteContext.near`` of the last render, by record id."""
    lexicon: SearchLexicon | None = None
    """The search's lexicon of this render (``search.make_lexicon``), with search."""
    facts: Facts | None = None
    """The ``Facts`` of the last render, whose facets the next may take (``Facts.take_facets``)."""
    changed: list[str] = field(default_factory=list)
    """The ids whose record is another object than in the last render (``start``)."""

    def start(self, archive: Archive, site: SiteInfo) -> dict[str, tuple[Record, ...]]:
        """Forget everything if the site's settings, the set of records (ids, files,
        redirects) or, with search, the search's lexicon (every record's search words
        depend on the archive's places and synonyms) changed; return the last render's
        neighbourhoods that are still right (``known_near``). ``changed`` then names the
        records that are other objects than in the last render."""
        shape = (tuple((i, raw.path, raw.english_path) for i, raw in archive.sources.items()), tuple(archive.redirects))
        self.lexicon = make_lexicon(archive) if site.search else None
        shape += (self.lexicon,)
        if site != self.site or shape != self.shape:
            self.kept.clear()
            self.archive, self.near, self.facts = None, {}, None
        self.site, self.shape = site, shape
        last = self.archive
        self.changed = [] if last is None else [
            record_id for record_id, record in archive.records.items() if last.records.get(record_id) is not record
        ]
        return self.known_near(archive, self.changed)

    def known_near(self, archive: Archive, changed: list[str]) -> dict[str, tuple[Record, ...]]:
        """The last render's neighbourhoods that hold no record of ``changed`` (the ids whose
        record is another object than in the last render): a changed record is in the
        neighbourhoods of the records
        ``neighbourhoods_holding`` names, in the last archive as it was and in this one as it
        is, and any change to a neighbourhood is a change to one of its records, before or
        after. The others are the same records, the same objects, in the same order. At
        10,000 consultations computing all 17,100 again took 0.18 s of every rebuild."""
        last = self.archive
        if last is None:
            return {}
        stale: set[str] = set()
        for record_id in changed:
            stale |= archive.neighbourhoods_holding(archive.get(record_id))
            if record_id in last.records:
                stale |= last.neighbourhoods_holding(last.get(record_id))
        return {record_id: near for record_id, near in self.near.items() if record_id not in stale}

    def finish(self, archive: Archive, near: dict[str, tuple[Record, ...]], facts: Facts) -> None:
        """Keep what a render that went to its end found of ``archive``'s neighbourhoods, and
        its facts."""
        self.archive, self.near, self.facts = archive, near, facts


KEPT_TYPES = (Consultation, Proposal, Outcome, Unit)
"""Records whose page shows only records of their neighbourhood (``Archive.neighbourhood``):
a unit's page, its proposals and the outcomes it acted on (and what those name). A
platform's page sums up every platform below it, however deep: it shows only records of
its own neighbourhood and theirs, and is kept while none of those changed. An
organisation's page is not kept."""


def _render_record(context: SiteContext, record: Record, kept: bool, progress: Stage) -> Page:
    """``record``'s page, kept for the next render when ``kept`` (the live preview's cache);
    a build renders each page once, and keeping them would hold them all, with their search
    views, until the last index is rendered."""
    progress.advance()
    if not kept:
        return render_record(context, record)
    settings = None
    if isinstance(record, Platform):
        near = tuple(context.near(platform) for platform in [record, *context.facts.descendants[record.id]])
        settings = context.facts.facet_page("platform", record.id)  # its list may become the past index, or stop being it
    elif isinstance(record, KEPT_TYPES):
        near = context.near(record)
    else:  # an organisation's page
        return render_record(context, record)
    return context.keep(("record", record.id), settings, near, lambda: render_record(context, record))


def render_site(
    archive: Archive,
    site: SiteInfo,
    cache: RenderCache | None = None,
    records_rendered: Callable[[Iterator[Page]], None] | None = None,
    part: Part | None = None,
) -> list[Page]:
    """Every page of the site in ``site.lang``: the home page, the indexes, then one page
    per record. With a ``cache``, record pages whose records have not changed since the last
    render with it are taken from it. The record pages are rendered first, one at a time as
    ``records_rendered`` reads them, before the rest: the search index needs only them, and
    can be built while the indexes are rendered. Each page goes on without its search view
    (``Page.search_html``) once read: only the index reads it, and all of them at once would
    hold about 13 MB more at the build's peak per 1,000 records (measured). A ``part`` of
    the build renders only its share of the record pages, and the rest only if it is the
    first (``parts.py``); every page is made from the whole archive all the same."""
    known_near = cache.start(archive, site) if cache is not None else {}
    context = SiteContext(archive, site, kept=cache.kept if cache is not None else {}, keeping=cache is not None, known_near=known_near)
    if cache is not None:
        context.search_lexicon = cache.lexicon  # made already, to compare
        if cache.facts is not None and context.facts.take_facets(cache.facts, cache.changed):
            context.facts_from = cache.facts
    ordered = _records_in_order(archive)
    if part is not None:
        ordered = [record for index, record in enumerate(ordered) if part.takes(index)]
    else:
        ordered = list(ordered)
    progress = Stage(f"{site.lang}: record pages rendered", len(ordered))
    rendered = (_render_record(context, record, cache is not None, progress) for record in ordered)
    if records_rendered is None:
        records = list(rendered)
    else:
        records = []
        handed = _handed_on(rendered, records)
        records_rendered(handed)
        for _ in handed:  # what the reader left unread
            pass
    progress.finish()
    if part is not None and not part.first:
        return _finished(cache, context, records)
    pages = [render_home(context)]
    pages += render_past_pages(context)
    pages += render_platform_index(context)
    pages += render_proposal_index(context)
    pages += render_outcome_index(context)
    pages += render_unit_index(context)
    pages += render_organisation_index(context)
    pages += render_statistics_pages(context)
    pages.append(render_data_page(context))
    pages += records
    pages += [render_redirect(context, redirect) for redirect in archive.redirects]
    return _finished(cache, context, pages)


def _finished(cache: RenderCache | None, context: SiteContext, pages: list[Page]) -> list[Page]:
    if cache is not None:
        cache.finish(context.archive, context.neighbourhoods, context.facts)
    return pages


def _handed_on(pages: Iterator[Page], kept: list[Page]) -> Iterator[Page]:
    """``pages``, each added to ``kept`` without its search view once it has been read."""
    for page in pages:
        yield page
        kept.append(replace(page, search_html=None) if page.search_html is not None else page)


def render_redirect(context: SiteContext, redirect: Redirect) -> Page:
    """The page left at a renamed or removed record's old address: it sends readers (and
    search engines, through ``meta.redirect``) on to the record's page."""
    uri = uri_of_address(redirect.source)
    view = PageView(context, uri)
    record = context.archive.get(id_of_address(redirect.target))
    target = view.href(record)
    return moved_page(uri, ui("moved", context.lang), ui("moved-to", context.lang), target, view.text(record.title_text))


def render_files(
    archive: Archive, site: SiteInfo, updated: Mapping[str, dt.datetime], built: dt.datetime | None = None,
    cache: ExportCache | None = None, feeds: dict | None = None,
) -> list[GeneratedFile]:
    """The files published beside the pages of ``site.lang``: the Atom feeds and, in the
    site that publishes it (``SiteInfo.data_root`` empty: the first language's), the open
    data, which holds every language's texts and is published once. ``updated`` gives each
    record's last-change time (``feeds.get_updated_times``), ``built`` the build's date
    (none: now). The sitemap needs every page, static ones included, so adapters make it
    with ``render_sitemap``. With a ``cache`` (the live preview), unchanged records' rows of
    open data are kept, and with ``feeds`` the records the feeds chose (``render_feeds``)."""
    files = [] if site.data_root else [GeneratedFile(path, content) for path, content in export_files(archive, cache).items()]
    return files + render_feeds(archive, site, updated, built, feeds)


def get_nav(lang: str, archive: Archive) -> list[dict[str, str]]:
    """The site's top-level navigation: the sections the archive has records for
    (``get_sections``). Records are never in it: a nav entry per record slows Material's
    build tenfold, and the indexes lead to every record."""
    return [{ui("home", lang): "index.md"}] + [{ui(key, lang): uri} for key, uri in get_sections(archive)]


def asset_paths(archive: Archive, cache: dict[str, tuple[Record, tuple[str, ...], tuple[str, ...]]] | None = None) -> list[str]:
    """Paths, relative to ``content/``, of every file a page links to: attachments, and
    files (images, PDFs …) linked from summaries; each is published at the same path in
    every language's site. Links to record files lead to record pages and are not files.
    A ``cache`` (the live preview's) keeps what each record names while it is the same
    object; whether a linked file is there is looked at every time."""
    attached, linked = set(), set()
    kept = {}
    for record_id, record in archive.records.items():
        known = cache.get(record_id) if cache is not None else None
        if known is None or known[0] is not record:
            known = (record, tuple(attachment.path for attachment in getattr(record, "attachments", ())), _linked_paths(record))
        kept[record_id] = known
        attached.update(known[1])
        linked.update(known[2])
    if cache is not None:
        cache.clear()
        cache.update(kept)
    paths = attached | {path for path in linked if (archive.content_dir / path).is_file()}
    return sorted(normalize_asset_path(path) for path in paths)


def _linked_paths(record: Record) -> tuple[str, ...]:
    """The paths a record's summary links to that may be files: the archive's checks have
    made sure each is inside ``content/`` and of a type the site publishes (``filetypes``)."""
    paths = []
    for text in (record.summary.zh, record.summary.en) if record.summary else ():
        for link in find_links(text or ""):
            path = linked_path(link.url)
            if path and is_relative_path(path) and not is_record_file(path):
                paths.append(path)
    return tuple(paths)


def _records_in_order(archive: Archive):
    yield from archive.consultations
    yield from archive.platforms
    yield from archive.proposals
    yield from archive.outcomes
    yield from archive.units
    yield from archive.organisations
