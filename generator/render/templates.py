"""The Jinja environment, compiled once, and the one way pages are rendered with it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model import UNDATED_FOLDER, consultation_folder
from .facts import proposal_state, suggestion_count
from .search import render_search_data
from .view import PageView

TEMPLATE_DIR = Path(__file__).parent / "templates"
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


@cache
def get_environment() -> Environment:
    """Autoescaping on: every record text is escaped unless a helper made it safe markup.
    The templates are the package's own and never change while it runs, so they are not
    checked for changes (``auto_reload``: a ``stat`` of the file at every use, six a page)."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        auto_reload=False,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.do"],
    )
    environment.globals.update(
        proposal_state=proposal_state, suggestion_count=suggestion_count, search_data=render_search_data,
        consultation_folder=consultation_folder, UNDATED_FOLDER=UNDATED_FOLDER,
    )
    return environment


def render_template(name: str, view: PageView, **values: object) -> str:
    """Render template ``name`` for the page of ``view``, notice included where needed."""
    html = get_environment().get_template(name).render(v=view, **values)
    return view.finish(remove_blank_lines(html))


class RenderedRecord(NamedTuple):
    """A record page's body and, when the site is searched, its search view: what the
    search index reads of the page (``layout.html``'s ``search_view``), rendered with it."""

    html: str
    search_html: str | None


def render_record_template(name: str, view: PageView, **values: object) -> RenderedRecord:
    """Render the record template ``name`` once for both the page and the search index."""
    module = get_environment().get_template(name).make_module({"v": view, **values})
    searched = getattr(module, "search_view", None)  # its blank lines are nothing to Pagefind
    return RenderedRecord(view.finish(remove_blank_lines(str(module))), view.finish(str(searched)) if searched is not None else None)


def remove_blank_lines(html: str) -> str:
    """Drop the blank lines templates leave, outside ``<pre>``: an engine that reads the
    page as Markdown then sees one raw HTML block."""
    parts = _PRE.split(html)
    return "".join(part if index % 2 else _BLANK_LINE.sub("", part) for index, part in enumerate(parts))
