"""The figures of an archive, or of one year or platform in it, computed from the records.

Pure functions over an ``Archive`` returning plain frozen dataclasses; nothing here is typed
in by hand and nothing is rendered. The rules, which the statistics pages restate:

* **Shares** are percentages rounded half up to one decimal place, as the source reports
  round them (96 of 108 → 88.9%). ``percent`` is the one place that rounds. A share of
  nothing (no proposals registered) is ``None``, never a division by zero.
* **Reply rate** (办复率) is replied proposals over registered proposals; the share of each
  outcome category is over the replied proposals.
* **Durations** are whole days, measured only where both ends are known to the day (see
  ``tracking``); a median comes with how many items it was measured on.
* **Outcome status**: a consultation has an outcome when an outcome record concerns it;
  otherwise its record says what the sources say (``not-reported`` unless it says
  otherwise). Only ``awaiting`` counts as awaiting an outcome.
* **Public input**: people, posts and the suggestions the public posted online are three
  separate figures, never added to the suggestions a consultation put forward.
* **Scopes**: a year takes the records dated in that year (a consultation whose date is
  not reported is in no year, and is counted apart); a platform takes its own
  records and those of its sub-platforms, with the proposals that came through them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .archive import Archive
from .model import Consultation, Outcome, Platform, Proposal
from .tracking import (
    adopted_count,
    days_to_outcome,
    days_to_reply,
    is_awaiting_outcome,
    is_awaiting_reply,
    outcome_status,
    suggestion_count,
)
from .vocab import ACTIVITY_KINDS, CONSULTATION_STATUSES, FORMATS, OUTCOME_CATEGORIES, OUTCOME_KINDS, STAGES

REPLY_TIME_LIMITS: tuple[int | None, ...] = (30, 60, 90, 180, 365, None)
"""Upper ends, in days, of the reply-time groups; ``None`` is "longer than the last"."""


def percent(count: int, total: int) -> Decimal | None:
    """``count`` of ``total`` as a percentage rounded half up to one decimal place, in exact
    integer arithmetic (no float rounding surprises); ``None`` when ``total`` is 0."""
    if total <= 0:
        return None
    tenths, remainder = divmod(count * 1000, total)
    if 2 * remainder >= total:
        tenths += 1
    return Decimal(tenths) / 10


def median(values: Sequence[int]) -> Decimal | None:
    """The middle value, or the mean of the two middle values; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Share:
    """``count`` out of ``total``."""

    count: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        return percent(self.count, self.total)


@dataclass(frozen=True)
class Duration:
    """The median of the durations that could be measured."""

    median_days: Decimal | None
    measured: int
    """Items whose duration is known (both ends known to the day)."""
    eligible: int
    """Items that have both ends, known to the day or not."""


@dataclass(frozen=True)
class ConsultationFigures:
    total: int
    by_activity: tuple[tuple[str, int], ...]
    """Activity kinds present, in vocabulary order."""
    by_format: tuple[tuple[str, int], ...]
    """Formats present, in vocabulary order."""
    by_stage: tuple[tuple[str, int], ...]
    """Every stage, in order, by the stage each consultation has reached (those recorded
    without stages are in no row)."""
    by_outcome_status: tuple[tuple[str, int], ...]
    """Every outcome status (has-outcome, not-reported, awaiting, mentioned) with its count."""
    undated: int
    """Consultations whose date the sources do not report: in no year."""
    public_people: int
    """People taking part in public input, summed over the consultations that report it."""
    public_people_reported: int
    """Consultations that report how many people took part."""
    public_posts: int
    """Posts and comments by the public, summed over the consultations that report them."""
    public_posts_reported: int
    """Consultations that report how many posts the public wrote."""
    public_suggestions: int
    """Suggestions the public posted online, summed over the consultations that report them;
    never added to ``suggestions``."""
    public_suggestions_reported: int
    """Consultations that report how many suggestions the public posted online."""
    public_reported: int
    """Consultations that report any public-input figure."""
    suggestions: int
    """Suggestions produced, summed over the consultations that report a number."""
    suggestions_reported: int
    """Consultations that report how many suggestions they produced."""
    adopted: int
    adopted_reported: int
    with_outcome: Share
    """Consultations with at least one outcome record, out of all."""
    awaiting: tuple[Consultation, ...]
    """Consultations whose record says a source reports the outcome pending
    (``outcome_status: awaiting``) and that no outcome record concerns, newest first."""
    time_to_outcome: Duration
    """From the consultation to its first outcome."""


@dataclass(frozen=True)
class ProposalFigures:
    total: int
    registered: int
    not_registered: int
    units: int
    """Distinct handling units (lead or co-handling) of the registered proposals."""
    replied: Share
    """Replied out of registered: the reply rate (办复率)."""
    categories: tuple[tuple[str, Share], ...]
    """Every outcome category with its share of the replied proposals."""
    awaiting: tuple[Proposal, ...]
    """Registered proposals with no reply yet, newest first."""
    time_to_reply: Duration
    """From registration (or submission) to the reply."""
    reply_times: tuple[tuple[int | None, int], ...]
    """Measured replies per group of ``REPLY_TIME_LIMITS``."""


@dataclass(frozen=True)
class YearActivity:
    year: int
    consultations: int
    proposals: int
    outcomes: int


@dataclass(frozen=True)
class Figures:
    """Everything a statistics page shows."""

    consultations: ConsultationFigures
    proposals: ProposalFigures
    outcomes: int
    outcome_kinds: tuple[tuple[str, int], ...]
    """Outcome records per kind, kinds present, in vocabulary order."""
    years: tuple[YearActivity, ...]
    """Records per year, oldest first, every year from the first to the last."""


@dataclass(frozen=True)
class Scope:
    """The records a set of figures is computed over."""

    consultations: tuple[Consultation, ...]
    proposals: tuple[Proposal, ...]
    outcomes: tuple[Outcome, ...]


def get_archive_scope(archive: Archive) -> Scope:
    return Scope(tuple(archive.consultations), tuple(archive.proposals), tuple(archive.outcomes))


def get_year_scope(archive: Archive, year: int) -> Scope:
    """Consultations, proposals and outcomes dated in ``year``."""
    return get_year_scopes(archive).get(year, Scope((), (), ()))


def get_year_scopes(archive: Archive) -> dict[int, Scope]:
    """``get_year_scope`` of every year with a dated record, from one pass over the records
    (the live preview makes them on every rebuild: ten passes took 0.1 s at 10,000
    consultations)."""
    found: dict[int, tuple[list, list, list]] = {}
    for place, records in enumerate((archive.consultations, archive.proposals, archive.outcomes)):
        for record in records:
            if record.date is not None:
                found.setdefault(record.date.year, ([], [], []))[place].append(record)
    return {year: Scope(*map(tuple, lists)) for year, lists in found.items()}


def get_platform_scope(archive: Archive, platform: Platform) -> Scope:
    """Consultations on ``platform`` and its sub-platforms, proposals that came through them
    (directly or through one of those consultations), and the outcomes of both."""
    return get_platform_scopes(archive, [platform])[0]


def get_platform_scopes(archive: Archive, platforms: Sequence[Platform]) -> list[Scope]:
    """The scope of each of ``platforms``: the consultations on it and its sub-platforms, the
    proposals that came through them (directly or through one of those consultations), and
    the outcomes of both, in the archive's order. One pass over the records gives each to
    its platform's scope and to those of the platforms above it (the live preview makes the
    scopes on every rebuild: a pass a platform took 0.07-0.09 s at 10,000 consultations and
    100 platforms)."""
    lists: dict[str, tuple[list, list, list]] = {platform.id: ([], [], []) for platform in platforms}
    above: dict[str | None, list[str]] = {None: []}

    def scopes_of(platform_id: str | None) -> list[str]:
        """The platform and those above it that have a scope here."""
        found = above.get(platform_id)
        if found is None:
            chain = [platform_id, *(p.id for p in archive.ancestors_of(archive.get(platform_id)))]  # type: ignore[arg-type]
            found = above[platform_id] = [place for place in chain if place in lists]
        return found

    holders: dict[str, list[str]] = {}
    """By consultation and proposal id: the scopes that hold it, which hold its outcomes."""
    for consultation in archive.consultations:
        holders[consultation.id] = scopes_of(consultation.platform)
        for place in holders[consultation.id]:
            lists[place][0].append(consultation)
    for proposal in archive.proposals:
        places = scopes_of(proposal.platform)
        if proposal.consultation is not None:
            places = list(dict.fromkeys([*places, *holders.get(proposal.consultation, [])]))
        holders[proposal.id] = places
        for place in places:
            lists[place][1].append(proposal)
    for outcome in archive.outcomes:
        for place in holders.get(outcome.concerns, []):
            lists[place][2].append(outcome)
    return [Scope(*map(tuple, lists[platform.id])) for platform in platforms]


def get_figures(archive: Archive, scope: Scope) -> Figures:
    kinds = Counter(outcome.type for outcome in scope.outcomes)
    return Figures(
        consultations=get_consultation_figures(archive, scope.consultations),
        proposals=get_proposal_figures(scope.proposals),
        outcomes=len(scope.outcomes),
        outcome_kinds=tuple((kind, kinds[kind]) for kind in OUTCOME_KINDS if kinds[kind]),
        years=get_year_activity(scope),
    )


def get_consultation_figures(archive: Archive, consultations: Sequence[Consultation]) -> ConsultationFigures:
    activities = Counter(c.activity for c in consultations)
    formats = Counter(c.format for c in consultations if c.format)
    stages = Counter(c.stage for c in consultations if c.stage)
    inputs = [c.public_input for c in consultations if c.public_input is not None]
    people = [p.people for p in inputs if p.people is not None]
    posts = [p.posts for p in inputs if p.posts is not None]
    public_suggestions = [p.suggestions for p in inputs if p.suggestions is not None]
    suggestions = [n for n in (suggestion_count(c) for c in consultations) if n is not None]
    # what depends on a consultation's outcomes, in one pass: the live preview makes the
    # figures of every scope an edited record is in again, the whole archive's among them
    statuses: Counter[str] = Counter()
    adopted, with_outcome, durations, awaiting = [], [], [], []
    for c in consultations:
        outcomes = archive.outcomes_of(c)
        statuses[outcome_status(c, outcomes)] += 1
        if (count := adopted_count(c, outcomes)) is not None:
            adopted.append(count)
        if outcomes:
            with_outcome.append(c)
            durations.append(days_to_outcome(c, outcomes))
        if is_awaiting_outcome(c, outcomes):
            awaiting.append(c)
    return ConsultationFigures(
        total=len(consultations),
        by_activity=tuple((key, activities[key]) for key in ACTIVITY_KINDS if activities[key]),
        by_format=tuple((key, formats[key]) for key in FORMATS if formats[key]),
        by_stage=tuple((key, stages[key]) for key in STAGES),
        by_outcome_status=tuple((key, statuses[key]) for key in CONSULTATION_STATUSES),
        undated=sum(1 for c in consultations if c.date is None),
        public_people=sum(people),
        public_people_reported=len(people),
        public_posts=sum(posts),
        public_posts_reported=len(posts),
        public_suggestions=sum(public_suggestions),
        public_suggestions_reported=len(public_suggestions),
        public_reported=sum(1 for p in inputs if (p.people, p.posts, p.suggestions) != (None, None, None)),
        suggestions=sum(suggestions),
        suggestions_reported=len(suggestions),
        adopted=sum(adopted),
        adopted_reported=len(adopted),
        with_outcome=Share(len(with_outcome), len(consultations)),
        awaiting=tuple(awaiting),
        time_to_outcome=_duration(durations, len(with_outcome)),
    )


def get_proposal_figures(proposals: Sequence[Proposal]) -> ProposalFigures:
    registered = [p for p in proposals if p.registration.status == "registered"]
    replies = [p.reply for p in registered if p.reply is not None]
    categories = Counter(reply.outcome for reply in replies)
    units = {unit for p in registered if p.units for unit in (*p.units.lead, *p.units.co)}
    durations = [days_to_reply(p) for p in registered if p.reply is not None]
    measured = [days for days in durations if days is not None]
    return ProposalFigures(
        total=len(proposals),
        registered=len(registered),
        not_registered=len(proposals) - len(registered),
        units=len(units),
        replied=Share(len(replies), len(registered)),
        categories=tuple((key, Share(categories[key], len(replies))) for key in OUTCOME_CATEGORIES),
        awaiting=tuple(p for p in registered if is_awaiting_reply(p)),
        time_to_reply=_duration(durations, len(replies)),
        reply_times=_group_reply_times(measured),
    )


def get_unit_figures(archive: Archive, unit_id: str) -> ProposalFigures:
    """Handling figures of a unit: the proposals it leads (主办), whose reply it gives."""
    proposals = [
        p for p in archive.proposals_of(archive.get(unit_id)) if p.units is not None and unit_id in p.units.lead
    ]
    return get_proposal_figures(proposals)


def get_year_activity(scope: Scope) -> tuple[YearActivity, ...]:
    """Records per year, every year from the first to the last (empty years included, so a
    chart's time axis has no gaps)."""
    counts = {
        kind: Counter(record.date.year for record in records if record.date is not None)
        for kind, records in (("c", scope.consultations), ("p", scope.proposals), ("o", scope.outcomes))
    }
    years = set().union(*counts.values())
    if not years:
        return ()
    return tuple(
        YearActivity(year, counts["c"][year], counts["p"][year], counts["o"][year])
        for year in range(min(years), max(years) + 1)
    )


def _duration(durations: Sequence[int | None], eligible: int) -> Duration:
    measured = [days for days in durations if days is not None]
    return Duration(median(measured), len(measured), eligible)


def _group_reply_times(days: Sequence[int]) -> tuple[tuple[int | None, int], ...]:
    groups: Counter[int | None] = Counter()
    for value in days:
        groups[next(limit for limit in REPLY_TIME_LIMITS if limit is None or value <= limit)] += 1
    return tuple((limit, groups[limit]) for limit in REPLY_TIME_LIMITS)
