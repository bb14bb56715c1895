"""What the renderer hands to a site engine: finished pages, independent of any engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

@dataclass(frozen=True)
class SiteInfo:
    """Settings of one language's site that pages need, passed in by the adapter."""

    lang: str
    """``zh`` or ``en``."""
    site_name: str
    description: str = ""
    edit_base: str | None = None
    """The repository's web editor for the project root, ending in ``/``
    (``https://github.com/OWNER/REPO/edit/main/``), for "propose a correction" links;
    ``corrections.get_edit_base`` makes it from the engine's settings."""
    site_url: str | None = None
    """Absolute address of this language's site root, when configured; feeds and the sitemap
    then give absolute addresses, otherwise addresses relative to their own file."""
    search: bool = True
    """Whether record pages carry what the site search indexes (``render/search.py``)."""
    data_root: str = ""
    """Where the open data is published, from this site's root (``opendata.data_root``):
    ``""`` when this site publishes it (the first language's), else the first language's
    site root (``../`` from the English site), whose files the Open data page links to."""


@dataclass(frozen=True)
class Page:
    """One page of one language's site."""

    uri: str
    """Source-style path that fixes the page's address: ``consultations/x.md`` is published
    at ``consultations/x/`` (``index.md`` at the folder itself). The same uri names the same
    page in every language, which is how the language switcher stays on a record."""
    title: str
    """Plain-text title, for the browser tab and the engine's heading."""
    html: str
    """The page's body, already rendered and sanitized."""
    description: str = ""
    """Short plain-text description for the page's meta description."""
    meta: dict = field(default_factory=dict)
    """Extra settings for the engine (e.g. Material's ``hide``)."""
    search_html: str | None = None
    """What the site search indexes of the page (``search_index.py``): its content without
    the breadcrumbs and the "propose a correction" link, with the hidden search data,
    rendered with the page by the template layer; ``None`` for pages not searched (lists,
    indexes, every page of a site built without search)."""
    search_date: tuple[int, int, int] | None = None
    """The date the site search files the page under, as (year, month, day), 0 where the
    record does not give them: an archive too big for one search bundle is indexed in
    bundles of dates, newest first (``search_index.plan_bundles``). ``None`` for a page the
    newest bundle always holds (platforms, units, organisations, undated consultations)."""


def moved_page(uri: str, title: str, note: str, target: str, name: Markup) -> Page:
    """The page left at an address whose content is now elsewhere (a renamed record's, a
    filter that every consultation passes): ``title``, then ``note`` and a link to
    ``target`` named ``name`` (markup already); it sends readers, and search engines
    (``meta.redirect``), on at once."""
    html = (
        f'<div class="sl-page sl-page--moved"><h1>{escape(title)}</h1>'
        f'<p>{escape(note)} <a class="sl-moved-to" href="{escape(target)}">{name}</a></p></div>'
    )
    return Page(uri=uri, title=title, html=html, meta={"redirect": target})


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is, beside the pages: open data, feeds, the sitemap."""

    uri: str
    """Path relative to the language's site root, e.g. ``data/consultations.csv``."""
    content: bytes


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
"""The first line of every XML file the renderer writes (feeds, sitemap)."""
