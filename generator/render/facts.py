"""Facts the pages show that no record states: computed from the archive, never typed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..addresses import PAST_URI
from ..archive import Archive, newest_first_key, swapped
from ..model import Consultation, Outcome, Platform, Proposal, Stage_
from ..tracking import aspect_count, outcome_status, proposal_state, shows_outcome_status, suggestion_count
from ..vocab import STAGE_ORDER
from .listing import DIMENSIONS, facet_uri, facet_value, group_by_facets

__all__ = ["Facts", "aspect_count", "proposal_state", "suggestion_count", "timeline"]


@dataclass
class Facts:
    """Figures and derived lists of one archive, computed once for every page of a site."""

    archive: Archive

    @cached_property
    def descendants(self) -> dict[str, list[Platform]]:
        """Every platform below each platform, in tree order."""
        result: dict[str, list[Platform]] = {}
        for platform in self.archive.platforms:
            result[platform.id] = self.archive.descendants_of(platform)
        return result

    @cached_property
    def top_platforms(self) -> list[Platform]:
        return [p for p in self.archive.platforms if not p.parent]

    @cached_property
    def facets(self) -> dict[str, dict[str, list[Consultation]]]:
        """The past index's facets: for each dimension, the consultations of each value
        present, newest first, the values in the filter bar's order (``group_by_facets``)."""
        order = [p.id for top in self.top_platforms for p in [top, *self.descendants[top.id]]]
        return group_by_facets(self.archive, order)

    def take_facets(self, last: Facts, changed: Iterable[str]) -> bool:
        """Take ``last``'s facets, each list with this archive's consultations, if the
        archives hold the same ids and no record of ``changed`` (the ids whose record is
        another object) moved a consultation: each changed consultation, and each one a
        changed outcome concerns, has the values and the place in newest-first order it had;
        no platform changed (their tree orders the bar). Returns whether it did; otherwise
        the facets are made on first use. At 10,000 consultations making them took 0.04 s of
        each language's live preview rebuild."""
        made = last.__dict__.get("facets")
        archive, before = self.archive, last.archive
        if made is None or archive.records.keys() != before.records.keys():
            return False
        touched: set[str] = set()
        for record_id in changed:
            old, new = before.records[record_id], archive.records[record_id]
            if type(old) is not type(new) or isinstance(new, Platform):
                return False
            if isinstance(new, Consultation):
                touched.add(record_id)
            elif isinstance(new, Outcome):
                touched.update((old.concerns, new.concerns))  # type: ignore[attr-defined]
        for record_id in touched:
            old, new = before.records.get(record_id), archive.records.get(record_id)
            if not isinstance(new, Consultation):  # an outcome of a proposal
                continue
            if newest_first_key(old) != newest_first_key(new) or any(  # type: ignore[arg-type]
                facet_value(before, old, dimension) != facet_value(archive, new, dimension) for dimension in DIMENSIONS  # type: ignore[arg-type]
            ):
                return False
        new = {id(before.records[i]): archive.records[i] for i in changed if isinstance(archive.records[i], Consultation)}
        facets = {dimension: dict(values) for dimension, values in made.items()}  # lists are never changed once made
        for record_id in changed:
            consultation = archive.records[record_id]
            if not isinstance(consultation, Consultation):
                continue
            for dimension, values in facets.items():
                value = facet_value(archive, consultation, dimension)  # the same as its last version's
                if value is not None:
                    values[value] = swapped(values[value], new)  # type: ignore[arg-type]
        self.__dict__["facets"] = facets
        return True

    @cached_property
    def filters(self) -> tuple[str, ...]:
        """The dimensions the past index can be filtered by: those where a value would leave
        some consultations out. Where every consultation has the one same value (one
        platform, or one kind of activity), its chip would list them all again, page by page,
        under another address; where none has a value (activities without a format), the
        row would hold "all" alone: the dimension has neither a row in the filter bar nor
        pages."""
        everything = len(self.archive.consultations)
        return tuple(
            dimension for dimension in DIMENSIONS
            if len(values := self.facets[dimension]) > 1 or any(len(items) < everything for items in values.values())
        )

    def facet_page(self, dimension: str, value: str) -> str:
        """The list of the consultations with ``value`` in ``dimension``: its facet page, or
        the past index itself when they are every consultation (``filters``)."""
        return facet_uri(dimension, value) if dimension in self.filters else PAST_URI

    @cached_property
    def platforms_with_records(self) -> set[str]:
        """Ids of the platforms with a consultation or proposal of their own or on a platform
        below them: the platforms that have a statistics page."""
        archive = self.archive
        direct = {c.platform for c in archive.consultations}
        for proposal in archive.proposals:
            if proposal.platform:
                direct.add(proposal.platform)
            if proposal.consultation:
                direct.add(archive.get(proposal.consultation).platform)  # type: ignore[attr-defined]
        found = set(direct)
        for platform_id in direct:
            found.update(p.id for p in archive.ancestors_of(archive.get(platform_id)))  # type: ignore[arg-type]
        return found

    def descendant_consultations(self, platform: Platform) -> list[Consultation]:
        """Consultations of every platform below ``platform``, newest first."""
        items = [c for child in self.descendants[platform.id] for c in self.archive.consultations_of(child)]
        items.sort(key=lambda c: c.id)
        return sorted(items, key=newest_first_key, reverse=True)

    def roles_of_unit(self, unit_id: str) -> tuple[list[Proposal], list[Proposal]]:
        """The proposals a unit leads and those it co-handles, newest first."""
        lead, co = [], []
        for proposal in self.archive.proposals_of(self.archive.get(unit_id)):
            if proposal.units is None:
                continue
            if unit_id in proposal.units.lead:
                lead.append(proposal)
            elif unit_id in proposal.units.co:
                co.append(proposal)
        return lead, co

    @cached_property
    def years(self) -> list[int]:
        """Years with at least one consultation, proposal or outcome, oldest first."""
        archive = self.archive
        dated = archive.consultations + archive.proposals + archive.outcomes
        return sorted({record.date.year for record in dated if record.date is not None})

    @cached_property
    def suggestion_total(self) -> int:
        return sum(suggestion_count(c) or 0 for c in self.archive.consultations)

    def has_outcome(self, consultation: Consultation) -> bool:
        return bool(self.archive.outcomes_of(consultation))

    def outcome_status(self, consultation: Consultation) -> str:
        """``has-outcome``, ``awaiting``, ``mentioned`` or ``not-reported`` (``tracking.outcome_status``)."""
        return outcome_status(consultation, self.archive.outcomes_of(consultation))

    def shows_outcome_status(self, consultation: Consultation) -> bool:
        return shows_outcome_status(consultation, self.archive.outcomes_of(consultation))

def timeline(consultation: Consultation) -> list[tuple[str, Stage_ | None, str]]:
    """Each stage to show as ``(key, the stage reached or None, state)``, state being
    ``done``, ``current`` or ``pending``. Stages skipped before the current one are left out."""
    if consultation.stage is None:
        return []
    reached = {stage.stage: stage for stage in consultation.stages}
    current = STAGE_ORDER.index(consultation.stage)
    rows = []
    for index, key in enumerate(STAGE_ORDER):
        if index < current and key not in reached:
            continue
        state = "done" if index < current else "current" if index == current else "pending"
        rows.append((key, reached.get(key), state))
    return rows
