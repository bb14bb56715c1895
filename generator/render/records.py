"""One page per record: a builder for each record type."""

from __future__ import annotations

from ..addresses import PAST_URI, record_uri
from ..platforms import channels_open_to
from ..model import Channel, Consultation, Organisation, Outcome, Platform, Proposal, Record, Unit
from ..stats import get_unit_figures
from ..tracking import in_date_order, proposal_steps
from .facts import aspect_count, proposal_state, suggestion_count, timeline
from .page import Page
from .search import search_date
from .statistics import platform_uri
from .templates import RenderedRecord, render_record_template
from .view import PageView, SiteContext

PLATFORM_LIST_LIMIT = 50
"""Consultations listed on a platform's page; the platform's facet page lists them all."""


def render_record(context: SiteContext, record: Record) -> Page:
    """The page of ``record``, whatever its type."""
    return RECORD_BUILDERS[type(record)](context, record)


def render_consultation(context: SiteContext, consultation: Consultation) -> Page:
    view = PageView(context, record_uri(consultation), consultation)
    archive = context.archive
    rendered = render_record_template(
        "consultation.html", view,
        kind="consultation", record=consultation, trail=[(PAST_URI, view.ui("past"))],
        timeline=timeline(consultation), total_suggestions=suggestion_count(consultation),
        aspects=aspect_count(consultation),
        outcomes=in_date_order(archive.outcomes_of(consultation)), proposals=archive.proposals_of(consultation),
        channel=get_channel(context, consultation),
    )
    platform = archive.get(consultation.platform)
    facts = [view.date(consultation.date) if consultation.date else view.ui("date-not-reported"), view.plain(platform.title_text)]
    if consultation.activity != "consultation":
        facts.append(view.label("activity", consultation.activity))
    if consultation.format:
        facts.append(view.label("format", consultation.format))
    return _page(view, consultation, rendered, " · ".join(facts))


def get_channel(context: SiteContext, consultation: Consultation) -> Channel | None:
    """The channel a consultation names, from its platform or a platform above it."""
    if consultation.channel is None:
        return None
    return channels_open_to(context.archive.records, context.archive.get(consultation.platform)).get(consultation.channel)  # type: ignore[arg-type]


def channel_counts(context: SiteContext, platform: Platform) -> dict[str, int]:
    """How many consultations name each of a platform's channels, on it or on a platform below it."""
    consultations = [*context.archive.consultations_of(platform), *context.facts.descendant_consultations(platform)]
    counts = {channel.id: 0 for channel in platform.channels}
    for consultation in consultations:
        if consultation.channel in counts and get_channel(context, consultation) in platform.channels:
            counts[consultation.channel] += 1
    return counts


def render_proposal(context: SiteContext, proposal: Proposal) -> Page:
    view = PageView(context, record_uri(proposal), proposal)
    rendered = render_record_template(
        "proposal.html", view,
        kind="proposal", record=proposal, trail=[("proposals/index.md", view.ui("proposals"))],
        state=proposal_state(proposal), outcomes=context.archive.outcomes_of(proposal),
        steps=proposal_steps(proposal, context.archive.outcomes_of(proposal)),
    )
    facts = [proposal.number or "", view.date(proposal.date), view.label("proposal-state", proposal_state(proposal))]
    return _page(view, proposal, rendered, " · ".join(fact for fact in facts if fact))


def render_platform(context: SiteContext, platform: Platform) -> Page:
    view = PageView(context, record_uri(platform), platform)
    archive = context.archive
    rendered = render_record_template(
        "platform.html", view,
        kind="platform", record=platform, trail=[("platforms/index.md", view.ui("platforms"))],
        children=archive.children_of(platform), own=archive.consultations_of(platform),
        below=context.facts.descendant_consultations(platform), proposals=archive.proposals_of(platform),
        limit=PLATFORM_LIST_LIMIT, facet_uri=context.facts.facet_page("platform", platform.id),
        statistics_uri=platform_uri(platform.id) if platform.id in context.facts.platforms_with_records else None,
        channel_counts=channel_counts(context, platform), organisations=archive.organisations_of(platform),
    )
    return _page(view, platform, rendered, view.plain(platform.body))


def render_unit(context: SiteContext, unit: Unit) -> Page:
    view = PageView(context, record_uri(unit), unit)
    lead, co = context.facts.roles_of_unit(unit.id)
    rendered = render_record_template(
        "unit.html", view,
        kind="unit", record=unit, trail=[("units/index.md", view.ui("units"))],
        lead=lead, co=co, outcomes=context.archive.outcomes_of(unit),
        figures=get_unit_figures(context.archive, unit.id),
    )
    return _page(view, unit, rendered, view.label("level", unit.level) if unit.level else "")


def render_outcome(context: SiteContext, outcome: Outcome) -> Page:
    view = PageView(context, record_uri(outcome), outcome)
    rendered = render_record_template(
        "outcome.html", view,
        kind="outcome", record=outcome, trail=[("outcomes/index.md", view.ui("outcomes"))],
    )
    description = " · ".join([view.date(outcome.date), view.label("outcome-kind", outcome.type)])
    return _page(view, outcome, rendered, description)


def render_organisation(context: SiteContext, organisation: Organisation) -> Page:
    view = PageView(context, record_uri(organisation), organisation)
    rendered = render_record_template(
        "organisation.html", view,
        kind="organisation", record=organisation, trail=[("organisations/index.md", view.ui("organisations"))],
        consultations=context.archive.consultations_of(organisation),
    )
    return _page(view, organisation, rendered, view.label("organisation-kind", organisation.type))


def _page(view: PageView, record: Record, rendered: RenderedRecord, description: str) -> Page:
    title = view.plain(record.title_text)
    return Page(view.uri, title, rendered.html, description=description, search_html=rendered.search_html,
                search_date=search_date(record) if rendered.search_html is not None else None)


RECORD_BUILDERS = {
    Consultation: render_consultation,
    Proposal: render_proposal,
    Platform: render_platform,
    Unit: render_unit,
    Outcome: render_outcome,
    Organisation: render_organisation,
}
