"""What a record page tells the site search (Pagefind) beyond what readers see.

Only record pages are indexed: the index reads each one's search view (``layout.html``'s
``search_view``, handed over as ``Page.search_html``). This module adds, at the end of that content, the facts a result shows (type,
date, platform, a short summary), the filters a reader narrows results by (type, year,
platform), all in the page's language, and, on the Chinese site, the spellings a reader
may type instead of the characters, hidden from readers but indexed:

- pinyin and initials of the record's title and of its platform's name (``pinyin.py``);
- the characters of the title one by one. Pagefind cuts Chinese into words twice, with
  different dictionaries: at indexing time and, in the browser, the reader's query. A name
  the two cut differently (济事商量 is indexed as 济事 + 商量 but a query becomes 济 + 事 +
  商量) would not be found; every character standing alone as a word matches whatever way
  the query was cut, and in order it lets the search box look for the typed characters as
  a phrase.

The spellings come after a hidden heading (``TERMS_ANCHOR``), so the browser can tell an
excerpt of readable text from an excerpt of spellings, and show the summary instead. The
English site searches its English text and has no spellings: they would cost a fifth of
its indexing time for readers who search in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from ..model import Consultation, Organisation, Outcome, Platform, Proposal, Record, Text
from . import i18n
from .i18n import localize
from .view import PageView

TERMS_ANCHOR = "sl-search-terms"
"""Id of the hidden heading before the spellings; the search box knows it."""
TITLE_WEIGHT = 7.0
"""Weight of the title's spellings: Pagefind's weight for the ``h1`` they spell."""
PLATFORM_WEIGHT = 2.0
"""Weight of the platform name's spellings: a record on a platform matters less than the
platform itself."""
SUMMARY_LENGTH = 90
"""Characters of the summary kept for results whose match is only in the spellings."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>|]+")
_HTML_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class SearchEntry:
    """What the index holds about one record page, in the page's language."""

    title: str
    kind: str
    """The record type's name, e.g. 协商活动 / Consultation."""
    date: str = ""
    year: str = ""
    platform: str = ""
    """Name of the platform the record belongs to (a platform's own name for a platform)."""
    platform_shown: str = ""
    """The platform a result names: the record's platform, or a platform's parent."""
    summary: str = ""
    title_terms: str = ""
    platform_terms: str = ""


def get_search_entry(view: PageView, record: Record) -> SearchEntry:
    """The search entry of ``record``'s page in the language of ``view``."""
    platform = get_platform(view, record)
    date = getattr(record, "date", None) or getattr(record, "launched", None) or getattr(record, "founded", None)
    shown_date = view.date(date) if date else ""
    year = view.year(date.year) if date and not isinstance(record, (Platform, Organisation)) else ""
    if isinstance(record, Consultation) and record.date is None:
        shown_date, year = view.ui("date-not-reported"), view.ui("undated-year")
    if isinstance(record, Platform):
        parent = view.archive.get(record.parent) if record.parent else None
        shown = _text(view, parent.name) if parent else ""
    else:
        shown = _text(view, platform.name) if platform else ""
    return SearchEntry(
        title=_text(view, record.title_text),
        kind=view.ui(f"kind-{record.kind}"),
        date=shown_date,
        year=year,
        platform=_text(view, platform.name) if platform else "",
        platform_shown=shown,
        summary=_plain_summary(view, record.summary),
        title_terms=get_spellings(record.title_text.zh, with_characters=True) if view.lang == "zh" else "",
        platform_terms=get_spellings(platform.name.zh) if view.lang == "zh" and platform and platform is not record else "",
    )


def get_platform(view: PageView, record: Record) -> Platform | None:
    """The platform a record belongs to: a consultation's, a proposal's (or its
    consultation's), an outcome's through what it concerns, a platform itself."""
    if isinstance(record, Platform):
        return record
    if isinstance(record, Consultation):
        return view.archive.get(record.platform)
    if isinstance(record, Proposal):
        if record.platform:
            return view.archive.get(record.platform)
        if record.consultation:
            return get_platform(view, view.archive.get(record.consultation))
        return None
    if isinstance(record, Outcome):
        return get_platform(view, view.archive.get(record.concerns))
    if isinstance(record, Organisation) and record.platform:
        return view.archive.get(record.platform)
    return None


def render_search_data(view: PageView, record: Record) -> Markup:
    """The hidden part of a record page that only the search index reads; nothing when
    the site is built without search."""
    if not view.context.site.search:
        return Markup("")
    entry = get_search_entry(view, record)
    fields = [("meta", "title", entry.title), ("meta", "kind", entry.kind), ("meta", "date", entry.date),
              ("meta", "platform", entry.platform_shown), ("meta", "summary", entry.summary),
              ("filter", "type", entry.kind), ("filter", "year", entry.year), ("filter", "platform", entry.platform)]
    # plain string building: this runs for every record of both languages
    tagged = "".join(f'<span data-pagefind-{role}="{name}">{escape(value)}</span>' for role, name, value in fields if value)
    parts = [f'<div class="sl-search-data" hidden data-pagefind-ignore>{tagged}</div>']
    if entry.title_terms:
        parts.append(f'<h2 id="{TERMS_ANCHOR}" hidden>·</h2>')
        parts.append(f'<p hidden data-pagefind-weight="{TITLE_WEIGHT}">{escape(entry.title_terms)}</p>')
    if entry.platform_terms:
        parts.append(f'<p hidden data-pagefind-weight="{PLATFORM_WEIGHT}">{escape(entry.platform_terms)}</p>')
    return Markup("".join(parts))


def _text(view: PageView, text: Text | None) -> str:
    """``text`` in the page's language, or its Chinese. Unlike ``view.plain``, this does not
    count as a fallback shown to the reader: the index's copy is not what the page shows."""
    return localize(text, view.lang)[0] if text is not None else ""


@lru_cache(maxsize=4096)
def get_spellings(chinese: str, with_characters: bool = False) -> str:
    """Pinyin and initials of ``chinese``, after its characters one by one if asked.
    Cached: every record on a platform repeats the platform's name."""
    from .pinyin import pinyin_terms  # its dictionaries load in a second: only for searchable sites

    terms = pinyin_terms(chinese)
    if with_characters:
        terms = _HAN.findall(chinese) + terms
    return " ".join(terms)


def _plain_summary(view: PageView, summary: Text | None) -> str:
    """The summary's first paragraph as plain text, cut to ``SUMMARY_LENGTH`` characters."""
    text = _text(view, summary).strip()
    if not text:
        return ""
    paragraph = text.split("\n\n", 1)[0]
    paragraph = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", _HTML_TAG.sub("", paragraph)))
    paragraph = " ".join(paragraph.split())
    return paragraph if len(paragraph) <= SUMMARY_LENGTH else paragraph[: SUMMARY_LENGTH - 1].rstrip() + "…"


def get_search_settings(lang: str, enabled: bool) -> dict:
    """What the search box in the page header needs: whether the site has an index, the
    hidden heading's id, and its words in ``lang``."""
    keys = [key for key in i18n.UI if key.startswith("search")]
    return {"enabled": enabled, "terms_anchor": TERMS_ANCHOR, "strings": {key: i18n.ui(key, lang) for key in keys}}
