"""Atom 1.0 feeds of one language's site: new and updated consultations, and new outcomes.

Built with ``xml.etree`` (never by joining strings); elements are unqualified under a
default ``xmlns`` on the root, which keeps ElementTree's global prefix table out of it. Each feed holds the ``FEED_SIZE``
entries updated most recently.

* Entry ids are ``urn:uuid:`` names derived (UUID 5) from the language, the record type,
  the record id and the event, so they never change when the site moves.
* ``updated`` is the time of the last commit touching the record's files (see
  ``history``); a record never committed falls back to its own date (its first day, at
  midnight China time). ``published`` is the record's own date. The feed's ``updated`` is
  its newest entry's, so a build of the same commit writes the same feed.
* Links are absolute when the site's address is configured (``site_url``), otherwise
  relative to the feed file, as RFC 4287 allows.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from ..addresses import FEEDS, record_uri, relative_url, url_of_uri
from ..archive import Archive, same_objects
from ..dates import Date
from ..languages import colon, list_separator
from ..model import Consultation, Outcome, Proposal, Record
from ..tracking import outcome_status, shows_outcome_status
from ..vocab import VOCABULARIES, label
from .i18n import format_date, localize, ui
from .page import XML_DECLARATION, GeneratedFile, SiteInfo

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 100
"""Entries per feed, most recently updated first."""
ID_NAMESPACE = uuid.UUID("5b0b6d0e-8f7e-5c54-9a53-7368616e676c")
"""Fixed namespace of the entry ids: changing it would change every id."""
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    title_is_fallback: bool
    page_uri: str
    fragment: str
    updated: dt.datetime
    published: dt.datetime
    summary: str
    categories: tuple[tuple[str, str], ...]
    """``(term, label)`` pairs."""


def render_feeds(
    archive: Archive, site: SiteInfo, updated: Mapping[str, dt.datetime], built: dt.datetime | None = None,
    cache: dict | None = None,
) -> list[GeneratedFile]:
    """Both feeds of ``site.lang``; ``updated`` holds the last-change time of each record
    id that has one (see ``get_updated_times``), ``built`` the build's date, which a feed
    with no entry gives as its own (none: now). A ``cache`` (the live preview's) keeps
    which records each feed chose while the candidates are the very same records, with the
    same times: their entries are made again, from this archive, and the feed is written
    again if they changed."""
    lang = site.lang
    consultations = [(c, "record", c.sort_date, _consultation_entry) for c in archive.consultations]
    outcomes = [(o, "record", o.date, _outcome_entry) for o in archive.outcomes]
    outcomes += [(p, "reply", p.reply.date, _reply_entry) for p in archive.proposals if p.reply is not None]
    feeds = []
    for feed, candidates in zip(FEEDS, (consultations, outcomes)):
        records = tuple(candidate[0] for candidate in candidates)
        known = cache.get(feed) if cache is not None else None
        if known is not None and known[0] == lang and known[2] == updated and same_objects(known[1], records):
            chosen = known[3]
        else:
            chosen = _latest(candidates, lang, updated)
            if cache is not None:
                cache[feed] = (lang, records, updated, chosen)
        entries = [make(archive, record, lang, updated) for record, _, _, make in chosen]
        written = cache.get((feed, "written")) if cache is not None else None
        if written is not None and written[0] == (site, built, entries):
            feeds.append(written[1])  # the same entries: the same file
            continue
        feeds.append(_render_feed(site, feed, entries, built))
        if cache is not None:
            cache[(feed, "written")] = ((site, built, entries), feeds[-1])
    return feeds


def _latest(candidates: list, lang: str, updated: Mapping[str, dt.datetime]) -> list[tuple]:
    """The ``FEED_SIZE`` candidates ``(record, event, date, make)`` updated last (then by
    entry id), chosen before any entry is made: at 10,000 consultations, making them all
    took most of the feeds' time."""
    ticks: dict[dt.datetime, int] = {}  # records changed by one commit share its time

    def newest_first(candidate) -> int:
        record, _, date, _ = candidate
        when = updated.get(record.id) or _published(date)
        key = ticks.get(when)
        if key is None:
            key = ticks[when] = -((when - EPOCH) // dt.timedelta(microseconds=1))
        return key

    keyed = [(newest_first(candidate), candidate) for candidate in candidates]
    if len(keyed) > FEED_SIZE:  # the entry ids, a digest each, only where they may break a tie
        last = heapq.nsmallest(FEED_SIZE, (key for key, _ in keyed))[-1]
        keyed = [(key, candidate) for key, candidate in keyed if key <= last]
    chosen = heapq.nsmallest(FEED_SIZE, keyed, key=lambda pair: (pair[0], entry_id(lang, pair[1][0], pair[1][1])))
    return [candidate for _, candidate in chosen]


def get_updated_times(archive: Archive, commit_times: Mapping[str, dt.datetime]) -> dict[str, dt.datetime]:
    """The last commit time of each record's files (the record and its English body), by
    record id, for the records that have one."""
    times = {}
    for record_id, raw in archive.sources.items():
        found = [commit_times[path] for path in (raw.path, raw.english_path) if path in commit_times]
        if found:
            times[record_id] = max(found)
    return times


def feed_titles(site: SiteInfo) -> list[tuple[str, str]]:
    """``(path, title)`` of each feed, for the links in every page's head."""
    return [(path, _feed_title(site, key)) for path, key in FEEDS]


def _feed_title(site: SiteInfo, key: str) -> str:
    return f"{site.site_name} · {ui(key, site.lang)}"


def _consultation_entry(archive: Archive, c: Consultation, lang: str, updated: Mapping[str, dt.datetime]) -> Entry:
    platform = archive.get(c.platform)
    outcomes = archive.outcomes_of(c)
    when = format_date(c.date, lang) if c.date else ui("date-not-reported", lang)
    facts = [when, localize(platform.title_text, lang)[0]]
    categories: list[tuple[str, str]] = []
    if c.activity != "consultation":
        facts.append(_label("activity", c.activity, lang))
        categories.append(("activity/" + c.activity, facts[-1]))
    if c.format:
        facts.append(_label("format", c.format, lang))
        categories.append(("format/" + c.format, facts[-1]))
    if c.stage:
        facts.append(_label("stage", c.stage, lang))
        categories.append(("stage/" + c.stage, facts[-1]))
    if shows_outcome_status(c, outcomes):
        status = outcome_status(c, outcomes)
        facts.append(_label("outcome-status", status, lang))
        categories.append(("outcome-status/" + status, facts[-1]))
    return _entry(c, "record", lang, c.sort_date, updated, " · ".join(facts), tuple(categories))


def _outcome_entry(archive: Archive, o: Outcome, lang: str, updated: Mapping[str, dt.datetime]) -> Entry:
    concerns = archive.get(o.concerns)
    facts = [_label("outcome-kind", o.type, lang), format_date(o.date, lang)]
    if o.by:
        facts.append(localize(o.by, lang)[0])
    facts.append(f"{ui('concerns', lang)}{colon(lang)}{localize(concerns.title_text, lang)[0]}")
    return _entry(o, "record", lang, o.date, updated, " · ".join(facts), (("outcome/" + o.type, _label("outcome-kind", o.type, lang)),))


def _reply_entry(archive: Archive, p: Proposal, lang: str, updated: Mapping[str, dt.datetime]) -> Entry:
    reply = p.reply
    assert reply is not None and p.units is not None
    lead_names = list_separator(lang).join(localize(archive.get(unit).title_text, lang)[0] for unit in p.units.lead)
    facts = [
        _label("outcome-category", reply.outcome, lang), format_date(reply.date, lang),
        f"{ui('lead', lang)}{colon(lang)}{lead_names}",
    ]
    title, is_fallback = localize(p.title, lang)
    return _entry(
        p, "reply", lang, reply.date, updated, " · ".join(facts), (("category/" + reply.outcome, facts[0]),),
        fragment="reply", title=(ui("reply-entry", lang).format(title=title), is_fallback),
    )


def _entry(
    record: Record, event: str, lang: str, date: Date, updated: Mapping[str, dt.datetime], summary: str,
    categories: tuple[tuple[str, str], ...], fragment: str = "", title: tuple[str, bool] | None = None,
) -> Entry:
    """An entry for ``record``; ``title`` is ``(text, is the Chinese fallback)`` when it is
    not the record's own title."""
    text, is_fallback = title or localize(record.title_text, lang)
    published = _published(date)
    return Entry(
        id=entry_id(lang, record, event),
        title=text,
        title_is_fallback=is_fallback,
        page_uri=record_uri(record),
        fragment=fragment,
        updated=updated.get(record.id, published),
        published=published,
        summary=summary,
        categories=categories,
    )


def _published(date: Date) -> dt.datetime:
    """When a record dated ``date`` was published, for the feeds: its first day, at midnight
    China time (and its update time when it has no commit of its own)."""
    return dt.datetime.combine(date.first_day, dt.time(), CHINA_TIME)


def entry_id(lang: str, record: Record, event: str) -> str:
    """A stable id: the same record and event always get the same id in a language."""
    return _entry_id(f"{lang}/{record.kind}/{record.id}/{event}")


@functools.cache
def _entry_id(name: str) -> str:
    """Kept for the process: entries that tie on their time are told apart by their ids,
    and every record of an archive committed at once ties (a 10,000-consultation archive's
    16,000 digests were half the feeds' time, made again at each live preview rebuild)."""
    return uuid.uuid5(ID_NAMESPACE, name).urn


def _render_feed(site: SiteInfo, feed: tuple[str, str], entries: list[Entry], built: dt.datetime | None) -> GeneratedFile:
    """The feed of ``entries``, the latest first (``_latest``)."""
    path, key = feed
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: site.lang})
    _add(root, "id", uuid.uuid5(ID_NAMESPACE, f"{site.lang}/{path}").urn)
    _add(root, "title", _feed_title(site, key))
    if site.description:
        _add(root, "subtitle", site.description)
    _add(root, "updated", _timestamp(entries[0].updated if entries else _build_time(built)))
    _add(root, "link", rel="self", type="application/atom+xml", href=_href(site, path, path))
    _add(root, "link", rel="alternate", type="text/html", href=_href(site, path, ""))
    author = _add(root, "author")
    _add(author, "name", site.site_name)
    _add(root, "generator", "Shangliang")
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", entry.id)
        title = _add(element, "title", entry.title)
        if entry.title_is_fallback:
            title.set(XML_LANG, "zh")
        link = url_of_uri(entry.page_uri) + (f"#{entry.fragment}" if entry.fragment else "")
        _add(element, "link", rel="alternate", type="text/html", href=_href(site, path, link))
        _add(element, "updated", _timestamp(entry.updated))
        _add(element, "published", _timestamp(entry.published))
        _add(element, "summary", entry.summary)
        for term, shown in entry.categories:
            _add(element, "category", term=term, label=shown)
    ET.indent(root, space=" ")
    return GeneratedFile(path, XML_DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _href(site: SiteInfo, feed_path: str, url: str) -> str:
    """``url`` (relative to the site root) as seen from the feed at ``feed_path``."""
    if site.site_url:
        return urljoin(site.site_url, url)
    folder = feed_path.rsplit("/", 1)[0] + "/"
    return relative_url(folder, url)


def _timestamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _build_time(built: dt.datetime | None) -> dt.datetime:
    """Only for a feed with no entry: the build's date, else now."""
    return (built or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)


def _label(vocabulary: str, key: str, lang: str) -> str:
    return label(VOCABULARIES[vocabulary], key, lang)


