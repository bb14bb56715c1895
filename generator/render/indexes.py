"""The pages that list records: home, the past index with its facets, and the indexes of
platforms, proposals, outcomes and units."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from markupsafe import escape

from ..addresses import HOME_URI, PAST_URI, SECTIONS
from ..archive import Archive
from ..languages import colon
from ..model import Consultation
from ..stats import get_proposal_figures
from . import i18n
from .listing import DIMENSIONS, UNDATED, ListingPage, facet_uri, facet_value, group_by_year, paginate
from .page import Page, moved_page
from .templates import render_template
from .view import PageView, SiteContext

SECTION_RECORDS = {"past": "consultations", "platforms": "platforms", "proposals": "proposals", "outcomes": "outcomes", "units": "units",
                   "organisations": "organisations"}
"""The sections that list one type of record (``Archive`` attribute): a type with no records
has no index page, no tab, no card on the home page and no link anywhere."""
LATEST = 5
"""Consultations and outcomes shown on the home page."""
PLATFORM_CHIPS = 20
"""The most platforms a filter bar shows; past it, the platforms with the most
consultations, and a link to a page with every platform (``ALL_PLATFORMS_URI``). A row of
every platform would be on every past page: at 1,000 platforms, 160 KB a page, most of
the site, and nothing a reader could scan."""
ALL_PLATFORMS_URI = "past/platforms.md"
"""The page of every platform's filter (no platform's facet page can be there:
``facet_uri`` puts those in ``past/platform/``)."""


def get_sections(archive: Archive) -> list[tuple[str, str]]:
    """``SECTIONS`` less those of record types the archive has no record of."""
    return [(key, uri) for key, uri in SECTIONS if key not in SECTION_RECORDS or getattr(archive, SECTION_RECORDS[key])]


def has_section(archive: Archive, key: str) -> bool:
    return key not in SECTION_RECORDS or bool(getattr(archive, SECTION_RECORDS[key]))


@dataclass(frozen=True)
class Chip:
    """One link of the filter bar."""

    value: str
    label: str
    count: int
    uri: str
    is_active: bool


@dataclass(frozen=True)
class FilterRow:
    dimension: str
    chips: list[Chip]
    more: Chip | None = None
    """The link to every value, when the row shows only some."""


@dataclass(frozen=True)
class ActiveFacet:
    dimension: str
    value: str
    label: str


def render_home(context: SiteContext) -> Page:
    view = PageView(context, HOME_URI)
    archive, facts = context.archive, context.facts
    count = view.count
    stats = [
        ("platforms", count(len(archive.platforms), "platform"), "platforms/index.md"),
        ("past", count(len(archive.consultations), "consultation"), PAST_URI),
        ("suggestions", count(facts.suggestion_total, "suggestion"), None),
        ("proposals", count(len(archive.proposals), "proposal"), "proposals/index.md"),
        ("outcomes", count(len(archive.outcomes), "outcome"), "outcomes/index.md"),
    ]
    stats = [stat for stat in stats if has_section(archive, "past" if stat[0] == "suggestions" else stat[0])]
    if facts.years:
        stats.append(("years-covered", i18n.format_year_span(facts.years[0], facts.years[-1], view.lang), None))
    site = context.site
    html = render_template(
        "home.html", view,
        kind="home", trail=[], site_name=site.site_name, description=site.description, stats=stats,
        consultations=archive.consultations[:LATEST], outcomes=archive.outcomes[:LATEST], sections=get_sections(archive),
    )
    return Page(HOME_URI, site.site_name, html, description=site.description)


STALE_ENTRIES_AT_MOST = 20
"""Consultations whose entries changed, past which the live preview goes over every past
page (``_past_pages_again``) rather than finding theirs."""


def render_past_pages(context: SiteContext) -> list[Page]:
    """The past index and every facet page, each split into numbered pages."""
    if not context.archive.consultations:
        return []
    pages = _past_pages_again(context)
    if pages is None:
        pages = _every_past_page(context)
    if context.keeping:
        context.kept[("past-pages",)] = (context.facts, pages)
    return pages


def _past_pages_again(context: SiteContext) -> list[Page] | None:
    """The live preview's past pages when every list of consultations is the last render's
    (``SiteContext.facts_from``): the last render's pages, with those that list a
    consultation whose entry may have changed (its neighbourhood is not a ``known_near``
    one) made again; ``None`` when there is no such render, or more than
    ``STALE_ENTRIES_AT_MOST`` such consultations. At 10,000 consultations going over the
    1,259 pages to find the seven that list an edited record took 0.06-0.09 s."""
    last = context.kept.get(("past-pages",))
    if last is None or context.facts_from is None or last[0] is not context.facts_from:
        return None
    archive, facts = context.archive, context.facts
    stale = [c for c in archive.consultations if c.id not in context.known_near]
    if len(stale) > STALE_ENTRIES_AT_MOST:
        return None
    lists: dict[tuple[str, str] | None, list[Consultation]] = {None: stale} if stale else {}
    for consultation in stale:
        for dimension in facts.filters:
            value = facet_value(archive, consultation, dimension)
            if value is not None:
                lists.setdefault((dimension, value), []).append(consultation)
    render = partial(_render_past_page, context, facts.facets, {})
    made = {}
    for active, listed in lists.items():
        items, uri = (archive.consultations, PAST_URI) if active is None else (facts.facets[active[0]][active[1]], facet_uri(*active))
        wanted, found = {id(c) for c in listed}, 0
        for listing in paginate(items, uri):
            held = sum(1 for item in listing.items if id(item) in wanted)
            if held:
                made[listing.uri] = render(listing, active)
                found += held
        if found != len(wanted):  # not where its facets say: no shortcut
            return None
    return [made.get(page.uri, page) for page in last[1]]


def _every_past_page(context: SiteContext) -> list[Page]:
    facets = context.facts.facets
    render = partial(_render_past_page, context, facets, {})
    pages = [render(listing, None) for listing in paginate(context.archive.consultations, PAST_URI)]
    for dimension in DIMENSIONS:
        for value, consultations in facets[dimension].items():
            if dimension in context.facts.filters:
                pages += [render(listing, (dimension, value)) for listing in paginate(consultations, facet_uri(dimension, value))]
            else:  # the value every consultation has: its address, which may have been shared, leads to them all
                pages.append(_render_filter_of_all(context, facet_uri(dimension, value)))
    if len(facets["platform"]) > PLATFORM_CHIPS:
        pages.append(_render_all_platforms(context, facets))
    return pages


def _render_filter_of_all(context: SiteContext, uri: str) -> Page:
    """The page at the address of a filter every consultation passes (``Facts.filters``),
    which has no list of its own: it sends readers on to the past index, which lists them all,
    as a renamed record's old address does (``render_redirect``)."""
    view = PageView(context, uri)
    return moved_page(uri, view.ui("moved"), view.ui("filter-of-all"), view.url(PAST_URI), escape(view.ui("past")))


def _render_all_platforms(context: SiteContext, facets: dict[str, dict[str, list[Consultation]]]) -> Page:
    """The page every platform's filter is on, when the bars show only some."""
    view = PageView(context, ALL_PLATFORMS_URI)
    row = _filter_row(view, facets, "platform", None, len(context.archive.consultations), bounded=False)
    row = FilterRow(row.dimension, [replace(row.chips[0], is_active=False), *row.chips[1:]])  # "all" is the past index, not this page
    title = view.ui("past") + colon(view.lang) + view.ui("all-platforms")
    html = render_template(
        "past.html", view,
        kind="past", trail=[(PAST_URI, view.ui("past"))], filter_rows=[row], filters_key=("all-platforms", _links(view, [row])), active=None,
        total=len(facets["platform"]), listing=None, years=[],
    )
    return Page(ALL_PLATFORMS_URI, title, html)


def _render_past_page(
    context: SiteContext,
    facets: dict[str, dict[str, list[Consultation]]],
    bars: dict,
    listing: ListingPage[Consultation],
    active: tuple[str, str] | None,
) -> Page:
    view = PageView(context, listing.uri)
    active_facet = ActiveFacet(*active, _facet_label(view, *active)) if active else None
    everything = len(context.archive.consultations)
    total = len(facets[active[0]][active[1]]) if active else everything
    # The filter bar is the same on the pages whose links to its chips are the same: the
    # first page of a listing, and its numbered pages after the first (no chip leads to a
    # numbered page). It grows with the platforms, on every page: made once for each.
    bar = bars.get(("bar", active, listing.number == 1))
    if bar is None:
        # A facet page lists a subset: other dimensions' counts would be the whole archive's,
        # and a chip there would leave this filter rather than narrow it (there are no pages
        # for two filters at once), so it shows only its own dimension's row.
        rows = bars.get(("rows", active))
        if rows is None:
            dimensions = [active[0]] if active else context.facts.filters
            made = [_filter_row(view, facets, dimension, active, everything) for dimension in dimensions]
            # the last render's rows when they are the same: the pages' settings below then
            # compare them as one object (the live preview)
            rows = bars[("rows", active)] = context.keep(("past-rows", active), made, (), lambda: made)
        filters_key = ("past-filters", active, _links(view, rows))
        bar = bars[("bar", active, listing.number == 1)] = (rows, filters_key)
    rows, filters_key = bar

    def render() -> Page:
        html = render_template(
            "past.html", view,
            kind="past", trail=[(PAST_URI, view.ui("past"))] if active else [], filter_rows=rows, filters_key=filters_key,
            active=active_facet, total=total,
            years=group_by_year(listing.items), listing=listing,
        )
        title = view.ui("past")
        if active:
            title += colon(view.lang) + _facet_label(view, *active, plain=True)
        return Page(listing.uri, _numbered(view, title, listing), html)

    # The live preview renders the page again only if its filters, its place among the
    # numbered pages, or a record it lists (or one those records show) changed.
    settings = (listing.number, listing.uris, rows, active_facet, total)
    # each listed record's neighbourhood as one object: the same tuple as in the last render
    # while no change reached it (``SiteContext.near``)
    near = tuple(context.near(item) for item in listing.items)
    return context.keep(("past", listing.uri), settings, near, render)


def _links(view: PageView, rows: list[FilterRow]) -> tuple[str, ...]:
    """The links of a filter bar as the page at ``view`` writes them."""
    return tuple(view.url(chip.uri) for row in rows for chip in [*row.chips, *([row.more] if row.more else [])])


def _filter_row(
    view: PageView, facets, dimension: str, active: tuple[str, str] | None, everything: int, bounded: bool = True
) -> FilterRow:
    """The chips of one dimension: "all" first, then each value present with its count; of
    more than ``PLATFORM_CHIPS`` platforms, the ``PLATFORM_CHIPS`` with the most
    consultations (the first in the bar's order among equals) and the active one, in the
    bar's order, then a link to every platform."""
    is_filtered = active is not None and active[0] == dimension
    values = facets[dimension]
    more = None
    if bounded and dimension == "platform" and len(values) > PLATFORM_CHIPS:
        most = sorted(values, key=lambda value: -len(values[value]))[:PLATFORM_CHIPS]  # stable: the bar's order among equals
        shown = set(most) | ({active[1]} if is_filtered else set())  # type: ignore[index]
        values = {value: items for value, items in values.items() if value in shown}
        label = view.ui("see-all-count").format(count=view.count(len(facets[dimension]), "platform"))
        more = Chip("", label, len(facets[dimension]), ALL_PLATFORMS_URI, False)
    chips = [Chip("", view.ui("all"), everything, PAST_URI, not is_filtered)]
    for value, items in values.items():
        is_active = is_filtered and active[1] == value  # type: ignore[index]
        chips.append(Chip(value, _facet_label(view, dimension, value), len(items), facet_uri(dimension, value), is_active))
    return FilterRow(dimension, chips, more)


def _facet_label(view: PageView, dimension: str, value: str, plain: bool = False) -> str:
    if dimension == "year":
        return view.ui("undated-year") if value == UNDATED else view.year(int(value))
    if dimension == "platform":
        name = view.archive.get(value).title_text
        return view.plain(name) if plain else view.text(name)
    return view.label("outcome-status" if dimension == "outcome" else dimension, value)


def render_proposal_index(context: SiteContext) -> list[Page]:
    if not context.archive.proposals:
        return []
    view = PageView(context, "proposals/index.md")
    return render_list_pages(context, view.uri, "proposals", "proposal", context.archive.proposals, view.ui("proposals"),
                             stats=_proposal_stats(view, context))


def render_outcome_index(context: SiteContext) -> list[Page]:
    view = PageView(context, "outcomes/index.md")
    return render_list_pages(context, view.uri, "outcomes", "outcome", context.archive.outcomes, view.ui("outcomes"))


def render_list_pages(
    context: SiteContext, first_uri: str, kind: str, entry_kind: str, records: Sequence, title: str,
    trail: Sequence[tuple[str, str]] = (), stats: Sequence[tuple[str, str]] = (),
) -> list[Page]:
    """The numbered pages of a list of records (a section's, or what a statistics page's
    scope awaits), from ``first_uri``, grouped by year, with ``stats`` on the first; none
    when there is nothing to list."""
    pages = []
    for listing in paginate(records, first_uri) if records else ():
        view = PageView(context, listing.uri)
        shown_stats = list(stats) if listing.number == 1 else []

        def render(view: PageView = view, listing: ListingPage = listing, shown_stats: list = shown_stats) -> Page:
            html = render_template(
                "list.html", view,
                kind=kind, trail=list(trail), title=title, entry_kind=entry_kind, total=len(records),
                stats=shown_stats, years=group_by_year(listing.items), listing=listing,
            )
            return Page(listing.uri, _numbered(view, title, listing), html)

        # as the past pages: made again only if its figures, its title, its place among the
        # numbered pages, or a record it lists (or one those records show) changed
        settings = (listing.number, listing.uris, shown_stats, len(records), title, tuple(trail))
        near = tuple(context.near(item) for item in listing.items)
        pages.append(context.keep((kind, listing.uri), settings, near, render))
    return pages


def _proposal_stats(view: PageView, context: SiteContext) -> list[tuple[str, str]]:
    """Registered proposals, units involved, reply rate and the share of each outcome category."""
    figures = get_proposal_figures(context.archive.proposals)
    if not figures.registered:
        return []
    stats = [
        (view.ui("registered-count"), view.count(figures.registered, "proposal")),
        (view.ui("units-involved"), view.count(figures.units, "unit")),
        (view.ui("reply-rate"), view.percent(figures.replied)),
    ]
    for category, share in figures.categories:
        if share.count:
            stats.append((view.label("outcome-category", category), view.percent(share)))
    return stats


def render_platform_index(context: SiteContext) -> list[Page]:
    if not context.archive.platforms:
        return []
    uri = "platforms/index.md"
    view = PageView(context, uri)
    html = render_template(
        "platforms.html", view,
        kind="platforms", trail=[], top=context.facts.top_platforms, total=len(context.archive.platforms),
        facet_uri=lambda platform: context.facts.facet_page("platform", platform.id),
    )
    return [Page(uri, view.ui("platforms"), html)]


def render_unit_index(context: SiteContext) -> list[Page]:
    if not context.archive.units:
        return []
    uri = "units/index.md"
    view = PageView(context, uri)
    rows = []
    for unit in context.archive.units:
        lead, co = context.facts.roles_of_unit(unit.id)
        rows.append((unit, len(lead), len(co), len(context.archive.outcomes_of(unit))))
    html = render_template("units.html", view, kind="units", trail=[], rows=rows)
    return [Page(uri, view.ui("units"), html)]


def render_organisation_index(context: SiteContext) -> list[Page]:
    if not context.archive.organisations:
        return []
    uri = "organisations/index.md"
    view = PageView(context, uri)
    html = render_template("organisations.html", view, kind="organisations", trail=[], organisations=context.archive.organisations)
    return [Page(uri, view.ui("organisations"), html)]


def _numbered(view: PageView, title: str, listing: ListingPage) -> str:
    """A listing page's title: ``title``, and which page of how many, past the first of several."""
    if listing.total == 1:
        return title
    return f"{title} · {view.page_of(listing.number, listing.total)}"

