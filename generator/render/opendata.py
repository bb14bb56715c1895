"""The open data page: the files every build publishes, their schema, and the feeds."""

from __future__ import annotations

from dataclasses import dataclass

from ..addresses import DATA_FOLDER, FEEDS
from ..export import SCHEMA_VERSION, Column, get_columns, records_of
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


def render_data_page(context: SiteContext) -> Page:
    view = PageView(context, DATA_URI)
    files = [
        DataFile(
            f"kind-{record_type.kind}", len(records_of(context.archive, record_type)),
            f"{DATA_FOLDER}/{record_type.folder}.json", f"{DATA_FOLDER}/{record_type.folder}.csv", get_columns(record_type),
        )
        for record_type in RECORD_TYPES
    ]
    html = render_template(
        "data.html", view,
        kind="data", trail=[], files=files, version=SCHEMA_VERSION,
        schema=f"{DATA_FOLDER}/schema.json", datapackage=f"{DATA_FOLDER}/datapackage.json", feeds=FEEDS,
    )
    return Page(DATA_URI, view.ui("data"), html, description=view.ui("data-lead"))
