"""The open data page: the files every build publishes, their schema, and the feeds.

The open data holds both languages' texts, so it is published once, in the first
language's site (``data/`` at the site root); every language has its own Open data page,
and the other languages' pages link to the first language's files (``data_root``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from ..addresses import DATA_FOLDER, FEEDS
from ..export import SCHEMA_VERSION, Column, get_columns, records_of
from ..languages import LANGUAGES
from ..model import RECORD_TYPES
from .page import Page
from .templates import render_template
from .view import PageView, SiteContext

DATA_URI = "data/index.md"


@dataclass(frozen=True)
class DataFile:
    kind: str
    """The record type's ``i18n.UI`` key, ``kind-<type>``."""
    count: int
    json: str
    csv: str
    columns: list[Column]
    json_href: str
    csv_href: str
    """The links to the two files from the data page."""


def data_root(links: Mapping[str, str], lang: str) -> str:
    """Where the ``lang`` site finds the open data (``SiteInfo.data_root``), from the language
    switcher's ``links``, the path from this site's root to each language's root
    (``sitemap.language_roots``, theme/partials/alternate.html): ``""`` when this site
    publishes it, that is when it is the first language's site, or when the switcher has
    no first-language site to link to (a site built without it keeps its own copy, so that
    no link is dead); else the first language's root, ending in ``/`` (``../`` from the
    English site)."""
    if lang == LANGUAGES[0] or LANGUAGES[0] not in links:
        return ""
    path = posixpath.normpath(links[LANGUAGES[0]].strip() or ".")
    return "" if path == "." else path.rstrip("/") + "/"


def data_href(view: PageView, path: str) -> str:
    """The link from ``view``'s page to the open-data file at ``path`` (``data/x.csv``),
    which is in this site or under ``SiteInfo.data_root`` (``../../data/x.csv`` from the
    English data page)."""
    return view.asset(view.context.site.data_root + path)


def render_data_page(context: SiteContext) -> Page:
    view = PageView(context, DATA_URI)
    files = []
    for record_type in RECORD_TYPES:
        json_path, csv_path = f"{DATA_FOLDER}/{record_type.folder}.json", f"{DATA_FOLDER}/{record_type.folder}.csv"
        files.append(DataFile(
            f"kind-{record_type.kind}", len(records_of(context.archive, record_type)), json_path, csv_path,
            get_columns(record_type), data_href(view, json_path), data_href(view, csv_path),
        ))
    html = render_template(
        "data.html", view,
        kind="data", trail=[], files=files, version=SCHEMA_VERSION,
        schema=data_href(view, f"{DATA_FOLDER}/schema.json"), datapackage=data_href(view, f"{DATA_FOLDER}/datapackage.json"),
        feeds=FEEDS,
    )
    return Page(DATA_URI, view.ui("data"), html, description=view.ui("data-lead"))
