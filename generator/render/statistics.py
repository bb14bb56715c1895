"""The statistics pages: the whole archive, each year and each platform, with charts.

The figures come from ``stats``; this module only words them in the page's language and
draws them (``charts``), every chart beside a table with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import NamedTuple

from markupsafe import Markup

from ..addresses import SECTIONS
from ..languages import with_note
from ..model import Platform, Record
from ..stats import (
    REPLY_TIME_LIMITS,
    ConsultationFigures,
    Duration,
    Figures,
    ProposalFigures,
    Scope,
    get_archive_scope,
    get_figures,
    get_platform_scopes,
    get_year_scopes,
)
from .charts import Bar, Series, Table, render_bar_chart, render_column_chart
from .indexes import PLATFORM_CHIPS, render_list_pages
from .page import Page
from .templates import render_template
from .view import PageView, SiteContext

STATISTICS_URI = "statistics/index.md"
PLATFORM_INDEX_URI = dict(SECTIONS)["platforms"]
AWAITING_SHOWN = 20
"""Consultations awaiting an outcome, and proposals awaiting a reply, that a statistics page
lists at most; past that, it links to a list of them all in numbered pages, like the other
lists (``awaiting_uri``). Every one of them on the page made the whole archive's page 262 KB
at 10,000 consultations and 2.4 MB at 100,000 (issue 18)."""
AWAITING_KINDS = (("outcome", "consultation", "awaiting-outcome-list"), ("reply", "proposal", "awaiting-reply-list"))
"""Each list of what is awaited: its name in the address, the kind of its entries, its title."""


def year_uri(year: int) -> str:
    return f"statistics/year/{year}.md"


def platform_uri(platform_id: str) -> str:
    return f"statistics/platform/{platform_id}.md"


def awaiting_uri(scope_uri: str, kind: str) -> str:
    """The first page of the list of what a statistics page's scope awaits (``kind``
    "outcome": consultations, "reply": proposals), in the scope page's folder:
    ``statistics/year/2022.md`` → ``statistics/year/2022/awaiting-reply.md``."""
    return f"{scope_uri.removesuffix('.md').removesuffix('/index')}/awaiting-{kind}.md"


@dataclass(frozen=True)
class ScopeLink:
    label: str
    uri: str
    is_active: bool
    more: bool = False
    """The link to every platform, when the row shows only some."""


def render_statistics_pages(context: SiteContext) -> list[Page]:
    """The whole archive's page, then one per year and one per platform with any record."""
    archive = context.archive
    platforms = get_platforms_with_statistics(context)
    scopes = get_platform_scopes(archive, platforms)
    listed = _listed_platforms(platforms, scopes)
    page = partial(_render_page, context, listed=listed, unchanged=context.keeping and _read_unchanged(context))
    pages = page(STATISTICS_URI, get_archive_scope(archive), None, None)
    years = get_year_scopes(archive)
    for year in context.facts.years:
        pages += page(year_uri(year), years.get(year, Scope((), (), ())), "year", year)
    for platform, scope in zip(platforms, scopes):
        pages += page(platform_uri(platform.id), scope, "platform", platform)
    return pages


class ListedPlatforms(NamedTuple):
    """The platforms every statistics page links to (``_listed_platforms``)."""

    shown: list[Platform]
    """In the tree's order."""
    cut: bool
    """Whether they are only some of the platforms with statistics."""
    place: dict[str, int]
    """Each platform's place in the tree's order, to put a page's own among them."""


def _listed_platforms(platforms: list[Platform], scopes: list[Scope]) -> ListedPlatforms:
    """All the ``platforms`` (with statistics, in the tree's order), or past
    ``PLATFORM_CHIPS`` (the bound of the past lists' filter bars) those whose statistics count
    the most records, their scope's (the first in the tree among equals; a past list's bar
    counts a platform's own consultations, which it lists)."""
    place = {platform.id: index for index, platform in enumerate(platforms)}
    if len(platforms) <= PLATFORM_CHIPS:
        return ListedPlatforms(platforms, False, place)
    sizes = {platform.id: len(scope.consultations) + len(scope.proposals) + len(scope.outcomes) for platform, scope in zip(platforms, scopes)}
    most = {p.id for p in sorted(platforms, key=lambda p: -sizes[p.id])[:PLATFORM_CHIPS]}
    return ListedPlatforms([p for p in platforms if p.id in most], True, place)


def get_platforms_with_statistics(context: SiteContext) -> list[Platform]:
    """Platforms whose scope holds any record, in the order of the platform tree."""
    facts = context.facts
    ordered = [p for top in facts.top_platforms for p in [top, *facts.descendants[top.id]]]
    return [p for p in ordered if p.id in facts.platforms_with_records]


def _render_page(
    context: SiteContext, uri: str, scope: Scope, dimension: str | None, value, listed: ListedPlatforms, unchanged: bool
) -> list[Page]:
    """A scope's statistics page, then the pages of its lists of what it awaits, if it
    awaits more than the page lists. ``unchanged``: no field a figure reads has changed in
    any record since the last render (``_read_unchanged``)."""
    view = PageView(context, uri)
    figures = _figures(context, uri, scope, unchanged)
    if dimension == "year":
        title = view.ui("stats-year-title").format(year=value)
        note = view.ui("stats-scope-year")
    elif dimension == "platform":
        title = view.ui("stats-platform-title").format(name=view.plain(value.title_text))
        note = view.ui("stats-scope-platform")
    else:
        title, note = view.ui("statistics"), ""
    scope_rows = _scope_rows(view, context, uri, listed, value if dimension == "platform" else None)
    awaited = {"outcome": figures.consultations.awaiting, "reply": figures.proposals.awaiting}
    lists = {kind: awaiting_uri(uri, kind) for kind, items in awaited.items() if len(items) > AWAITING_SHOWN}
    links = dict(lists)
    if dimension is None and lists.pop("outcome", None) is not None:
        # the whole archive's consultations awaiting an outcome are a list of the past index
        # already (its outcome filter, in the same order): linked, not written again
        links["outcome"] = context.facts.facet_page("outcome", "awaiting")

    def render() -> Page:
        html = render_template(
            "statistics.html", view,
            kind="statistics", trail=[(STATISTICS_URI, view.ui("statistics"))] if dimension else [],
            title=title, scope_note=note, figures=figures, scope_rows=scope_rows,
            tiles=_tiles(view, figures), consultation_facts=_consultation_facts(view, figures.consultations),
            proposal_facts=_proposal_facts(view, figures.proposals), charts=_charts(view, figures, show_years=dimension != "year"),
            platform=value if dimension == "platform" else None, awaiting_shown=AWAITING_SHOWN, awaiting_lists=links,
        )
        return Page(uri, title, html, description=view.ui("stats-lead"))

    # The live preview renders the page again only if its figures (with the records it
    # lists as awaiting), its links to the other scopes or its platform changed: most
    # edits (a title, a summary) change no figure.
    settings = (figures, scope_rows, title, note, dimension, tuple(links.items()))
    near = context.near(value) if dimension == "platform" else ()
    trail = [(STATISTICS_URI, view.ui("statistics"))] + ([(uri, title)] if dimension else [])
    return [context.keep(("statistics", uri), settings, near, render),
            *_render_awaiting_pages(context, lists, awaited, _scope_name(view, dimension, value), trail)]


def _scope_name(view: PageView, dimension: str | None, value) -> str | None:
    """What a list of a scope's awaited records names its scope by: the year, the platform,
    nothing for the whole archive."""
    if dimension == "year":
        return view.year(value)
    return view.plain(value.title_text) if dimension == "platform" else None


def _render_awaiting_pages(
    context: SiteContext, lists: dict[str, str], awaited: dict[str, tuple], scope: str | None, trail: list[tuple[str, str]]
) -> list[Page]:
    """The numbered pages listing everything a scope awaits, of each kind it has more of
    than its page lists (``lists``: each kind's first page), newest first, grouped by year."""
    pages = []
    for kind, entry_kind, key in AWAITING_KINDS:
        if kind in lists:
            view = PageView(context, lists[kind])
            title = view.ui("awaiting-list-title").format(list=view.ui(key), scope=scope) if scope else view.ui(key)
            pages += render_list_pages(context, lists[kind], "awaiting", entry_kind, awaited[kind], title, trail)
    return pages


def _figures(context: SiteContext, uri: str, scope: Scope, unchanged: bool = False) -> Figures:
    """``get_figures`` of ``scope``; in the live preview, the last render's while what they
    are computed from is the same: the scope's records, and the outcomes of its
    consultations (their outcome status), each but for its texts (``_read_by_figures``).
    An edit changes the figures of the scopes that hold the changed records only, if any,
    and an edit of a title or a summary none: when no record changed otherwise
    (``unchanged``), every scope's are kept without a look at its records. The records
    listed as awaiting are then this render's, with their new titles."""
    archive = context.archive
    if not context.keeping:  # a build renders each page once
        return get_figures(archive, scope)
    known = context.kept.get(("statistics-figures", uri))
    if unchanged and known is not None:
        figures = known[2]
    else:
        outcomes = tuple(o for c in scope.consultations for o in archive.outcomes_of(c))
        sizes = (len(scope.consultations), len(scope.proposals), len(scope.outcomes), len(outcomes))
        read = (*scope.consultations, *scope.proposals, *scope.outcomes, *outcomes)
        figures = context.keep(("statistics-figures", uri), sizes, _read_by_figures(context, read), lambda: get_figures(archive, scope))
    return replace(
        figures,
        consultations=replace(figures.consultations, awaiting=tuple(archive.get(c.id) for c in figures.consultations.awaiting)),
        proposals=replace(figures.proposals, awaiting=tuple(archive.get(p.id) for p in figures.proposals.awaiting)),
    )


NOT_READ_BY_FIGURES = frozenset({"title", "summary", "body"})
"""Fields of a record no figure reads: the texts editors change most."""


def _read_unchanged(context: SiteContext) -> bool:
    """Whether the records are those of the last render (the same ids), each with the same
    fields but ``NOT_READ_BY_FIGURES``: then every scope holds the same records, and its
    figures are the same. One pass over the records, instead of one over each scope's (at
    10,000 consultations 111 scopes hold 65,000 records between them). It keeps each
    record's fields for ``_read_by_figures``, as the same object while they are equal, so
    that a scope whose figures are made again compares the very same objects."""
    known: dict[str, tuple[Record, tuple]] = context.kept.setdefault(("statistics-read",), {})
    records = context.archive.records
    same = len(known) == len(records)
    if not same:  # records gone since are forgotten
        for record_id in [record_id for record_id in known if record_id not in records]:
            del known[record_id]
    for record in records.values():
        last = known.get(record.id)
        if last is not None and last[0] is record:
            continue
        read = tuple((name, getattr(record, name)) for name in type(record).model_fields if name not in NOT_READ_BY_FIGURES)
        if last is None or last[1] != read:
            known[record.id] = (record, read)
            same = False
        else:
            known[record.id] = (record, last[1])
    return same


def _read_by_figures(context: SiteContext, records: tuple[Record, ...]) -> tuple[tuple, ...]:
    """For each of ``records``, its fields but ``NOT_READ_BY_FIGURES``, as one object that
    stays the very same object from render to render while those fields are equal (the
    live preview's ``keep`` compares them as objects): a record edited in its title alone
    is a new record with the same one. ``_read_unchanged`` has made them for this render."""
    known: dict[str, tuple[Record, tuple]] = context.kept[("statistics-read",)]
    return tuple(known[record.id][1] for record in records)


def _scope_rows(
    view: PageView, context: SiteContext, here: str, listed: ListedPlatforms, active: Platform | None
) -> list[tuple[str, list[ScopeLink]]]:
    """The links between statistics pages: the whole archive, each year, each platform (or
    those ``_listed_platforms`` gives and the page's own, then a link to the platforms
    index, whose count it gives)."""
    whole = ScopeLink(view.ui("stats-whole"), STATISTICS_URI, here == STATISTICS_URI)
    years = [ScopeLink(view.year(year), year_uri(year), here == year_uri(year)) for year in reversed(context.facts.years)]
    shown = listed.shown
    if active is not None and all(p.id != active.id for p in shown):
        shown = sorted([*shown, active], key=lambda p: listed.place[p.id])
    platforms = [ScopeLink(view.plain(p.title_text), platform_uri(p.id), here == platform_uri(p.id)) for p in shown]
    if listed.cut:
        label = view.ui("see-all-count").format(count=view.count(len(context.archive.platforms), "platform"))
        platforms.append(ScopeLink(label, PLATFORM_INDEX_URI, False, more=True))
    return [("stats-by-year", [whole, *years]), ("stats-by-platform", [whole, *platforms])]


def _tiles(view: PageView, figures: Figures) -> list[tuple[str, str, str]]:
    """The headline figures: ``(key, label, value)``."""
    c, p = figures.consultations, figures.proposals
    tiles = [
        ("consultations", view.ui("stats-consultations"), view.count(c.total, "consultation")),
        ("suggestions", view.ui("suggestions-made"), view.count(c.suggestions, "suggestion") if c.suggestions_reported else view.ui("not-reported")),
        ("outcomes", view.ui("outcome-records"), view.count(figures.outcomes, "outcome")),
        ("registered", view.ui("registered-count"), view.count(p.registered, "proposal")),
    ]
    if p.registered:
        tiles += [
            ("units", view.ui("units-involved"), view.count(p.units, "unit")),
            ("reply-rate", view.ui("reply-rate"), view.percent(p.replied)),
        ]
    return tiles


def _consultation_facts(view: PageView, c: ConsultationFigures) -> list[tuple[str, str, str]]:
    """``(key, label, value)`` rows of the consultations section."""
    if not c.total:
        return []
    rows = [
        ("total", view.ui("stats-consultations"), view.count(c.total, "consultation")),
        ("suggestions", view.ui("suggestions-made"), _reported(view, c.suggestions, c.suggestions_reported)),
        ("adopted", view.ui("suggestions-taken-up"), _reported(view, c.adopted, c.adopted_reported)),
        ("with-outcome", view.ui("with-outcome"), _with_note(view, view.count(c.with_outcome.count, "consultation"), view.percent(c.with_outcome))),
        ("awaiting-outcome", view.ui("awaiting-outcome"), view.count(len(c.awaiting), "consultation")),
        ("time-to-outcome", _with_note(view, view.ui("time-to-outcome"), view.ui("median")), _duration(view, c.time_to_outcome)),
    ]
    if c.undated:
        rows.append(("undated", view.ui("date-not-reported"), view.ui("undated-count").format(n=view.count(c.undated, "consultation") if view.lang == "en" else view.number(c.undated))))
    if c.public_reported:
        rows += [
            ("public-people", view.ui("public-people"), _reported(view, c.public_people, c.public_people_reported, "person")),
            ("public-posts", view.ui("public-posts"), _reported(view, c.public_posts, c.public_posts_reported, "post")),
            (
                "public-suggestions", view.ui("public-suggestions-online"),
                _reported(view, c.public_suggestions, c.public_suggestions_reported, "suggestion"),
            ),
        ]
    return rows


def _proposal_facts(view: PageView, p: ProposalFigures) -> list[tuple[str, str, str]]:
    if not p.total:
        return []
    rows = [("registered", view.ui("registered-count"), view.count(p.registered, "proposal"))]
    if p.not_registered:
        rows.append(("not-registered", view.ui("not-registered-count"), view.count(p.not_registered, "proposal")))
    if p.registered:
        rows += [
            ("units", view.ui("units-involved"), view.count(p.units, "unit")),
            ("replied", view.ui("replied-count"), view.count(p.replied.count, "proposal")),
            ("reply-rate", view.ui("reply-rate"), view.percent(p.replied)),
            ("awaiting-reply", view.ui("awaiting-reply"), view.count(len(p.awaiting), "proposal")),
            ("time-to-reply", _with_note(view, view.ui("time-to-reply"), view.ui("median")), _duration(view, p.time_to_reply)),
        ]
    return rows


def _reported(view: PageView, total: int, reported: int, noun: str = "suggestion") -> str:
    """A figure summed over the consultations that report it, saying over how many; "Not
    recorded" when none does (never a sum of nothing shown as 0)."""
    if not reported:
        return view.ui("not-reported")
    note = view.ui("reported-for").format(n=view.count(reported, "consultation") if view.lang == "en" else view.number(reported))
    return _with_note(view, view.count(total, noun), note)


def _duration(view: PageView, duration: Duration) -> str:
    if duration.median_days is None:
        return view.ui("not-measurable") if duration.eligible else view.ui("nothing-to-measure")
    note = view.ui("measured-on").format(n=view.number(duration.measured), total=view.number(duration.eligible))
    return _with_note(view, view.days(duration.median_days), note)


def _with_note(view: PageView, value: str, note: str) -> str:
    """``value（note）`` / ``value (note)``."""
    return with_note(value, note, view.lang)


def _charts(view: PageView, figures: Figures, show_years: bool) -> dict[str, Markup]:
    """Every chart the page has data for, by name."""
    c, p = figures.consultations, figures.proposals
    charts: dict[str, Markup] = {}
    if c.total:
        charts["format"] = _count_chart(view, "chart-format", view.ui("by-format"), view.ui("format"),
                                        [(view.label("format", key), n) for key, n in c.by_format], "consultation")
        charts["stage"] = _count_chart(view, "chart-stage", view.ui("by-stage"), view.ui("stage"),
                                       [(view.label("stage", key), n) for key, n in c.by_stage], "consultation")
        charts["activity-kind"] = _count_chart(view, "chart-activity-kind", view.ui("by-activity"), view.ui("activity-kind"),
                                               [(view.label("activity", key), n) for key, n in c.by_activity], "consultation")
        charts["outcome-status"] = _count_chart(view, "chart-outcome-status", view.ui("by-outcome-status"), view.ui("outcome-status"),
                                                [(view.label("outcome-status", key), n) for key, n in c.by_outcome_status], "consultation")
    if p.replied.count:
        charts["categories"] = _category_chart(view, p)
    if p.time_to_reply.measured:
        charts["reply-times"] = _count_chart(view, "chart-reply-times", view.ui("reply-times"), view.ui("days"),
                                             [(_limit_label(view, i), n) for i, (_, n) in enumerate(p.reply_times)], "proposal")
    if figures.outcome_kinds:
        charts["kinds"] = _count_chart(view, "chart-kinds", view.ui("by-kind"), view.ui("outcome-type"),
                                       [(view.label("outcome-kind", key), n) for key, n in figures.outcome_kinds], "outcome")
    if show_years and figures.years:
        charts["activity"] = _activity_chart(view, figures)
    return charts


def _count_chart(view: PageView, chart_id: str, title: str, header: str, rows: list[tuple[str, int]], unit: str) -> Markup:
    bars = [Bar(label, n, view.number(n)) for label, n in rows]
    table = Table(title, (header, view.ui("number-of")), tuple((label, view.number(n)) for label, n in rows))
    return render_bar_chart(chart_id, title, bars, table)


def _category_chart(view: PageView, p: ProposalFigures) -> Markup:
    title = view.ui("outcome-categories")
    rows = [(key, view.label("outcome-category", key), share) for key, share in p.categories]
    bars = [
        Bar(label, float(share.percent or 0), f"{view.number(share.count)} · {view.percent(share)}", tone=key)
        for key, label, share in rows
    ]
    table = Table(
        title, (view.ui("reply-outcome"), view.ui("number-of"), view.ui("share")),
        tuple((label, view.number(share.count), view.percent(share)) for _, label, share in rows),
    )
    return render_bar_chart("chart-categories", title, bars, table, scale=100)


def _activity_chart(view: PageView, figures: Figures) -> Markup:
    title = view.ui("activity")
    years = [str(item.year) for item in figures.years]
    series = [
        Series(view.ui("stats-consultations"), tuple(item.consultations for item in figures.years)),
        Series(view.ui("proposals"), tuple(item.proposals for item in figures.years)),
        Series(view.ui("outcome-records"), tuple(item.outcomes for item in figures.years)),
    ]
    table = Table(
        title, (view.ui("year"), *(s.name for s in series)),
        tuple((view.year(item.year), view.number(item.consultations), view.number(item.proposals), view.number(item.outcomes)) for item in figures.years),
    )
    return render_column_chart("chart-activity", title, years, series, table)


def _limit_label(view: PageView, index: int) -> str:
    """``30天以内``, ``31–60天`` … ``365天以上``: the reply-time group at ``index``."""
    limit = REPLY_TIME_LIMITS[index]
    previous = REPLY_TIME_LIMITS[index - 1] if index else None
    if limit is None:
        return view.ui("days-over").format(a=previous)
    if previous is None:
        return view.ui("days-up-to").format(b=limit)
    return view.ui("days-between").format(a=previous + 1, b=limit)
