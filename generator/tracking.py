"""What happened to a record: the state and dated steps of a proposal or consultation.

Everything here is derived from the records themselves, never typed in. Pure functions of
one record (and the outcomes that concern it), shared by the statistics, the open data and
the pages.

Partial dates: a date may be known only to the month or the year. A duration is measured
only when both of its ends are known to the day (``days_between``); anything else would
invent precision the records do not have. Such items are still counted, and pages say how
many durations could be measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .dates import Date
from .model import Consultation, Outcome, Proposal


def proposal_state(proposal: Proposal) -> str:
    """Key of ``vocab.PROPOSAL_STATES``: how far the proposal's handling has gone."""
    if proposal.registration.status == "not-registered":
        return "not-registered"
    if proposal.reply is not None:
        return "replied"
    if proposal.units is not None:
        return "assigned"
    return "registered"


def is_awaiting_reply(proposal: Proposal) -> bool:
    """Registered and not yet replied to."""
    return proposal.registration.status == "registered" and proposal.reply is None


def awaiting_since(proposal: Proposal) -> Date | None:
    """Since when a proposal has been waiting for its reply: the latest step it reached
    (assigned, else registered, else submitted); ``None`` when it is not waiting."""
    if not is_awaiting_reply(proposal):
        return None
    if proposal.units is not None and proposal.units.assigned is not None:
        return proposal.units.assigned
    return proposal.registration.date or proposal.date


def handling_start(proposal: Proposal) -> Date:
    """Where the time to reply is counted from: the registration date, or the submission
    date when the record gives no registration date."""
    return proposal.registration.date or proposal.date


def outcome_status(consultation: Consultation, outcomes: Sequence[Outcome]) -> str:
    """Key of ``vocab.CONSULTATION_STATUSES``: ``has-outcome`` when an outcome record concerns
    the consultation, else what its record says (``not-reported`` when it says nothing).
    Only ``awaiting`` is awaiting an outcome."""
    if outcomes:
        return "has-outcome"
    return consultation.outcome_status or "not-reported"


def shows_outcome_status(consultation: Consultation, outcomes: Sequence[Outcome]) -> bool:
    """Whether pages and feeds state an outcome status: always for a consultation; for
    another activity (a reading, a visit) only when it has outcomes or its record gives a status."""
    return consultation.activity == "consultation" or consultation.outcome_status is not None or bool(outcomes)


def is_awaiting_outcome(consultation: Consultation, outcomes: Sequence[Outcome]) -> bool:
    """The record says a source reports the outcome pending, and no outcome is recorded."""
    return outcome_status(consultation, outcomes) == "awaiting"


def suggestion_count(consultation: Consultation) -> int | None:
    """The total the record gives, or the sum of its groups' counts when only those are known."""
    suggestions = consultation.suggestions
    if suggestions is None:
        return None
    if suggestions.count is not None:
        return suggestions.count
    counts = [group.count for group in suggestions.groups if group.count is not None]
    return sum(counts) if counts else None


def aspect_count(consultation: Consultation) -> int | None:
    """How many aspects the suggestions were grouped under: the number the record gives,
    or the groups it lists."""
    suggestions = consultation.suggestions
    if suggestions is None:
        return None
    if suggestions.aspects is not None:
        return suggestions.aspects
    return len(suggestions.groups) or None


def adopted_count(consultation: Consultation, outcomes: Sequence[Outcome]) -> int | None:
    """Suggestions of ``consultation`` reported as adopted: the consultation's own figure,
    else the sum of the figures its outcomes report; ``None`` when nothing reports one."""
    if consultation.suggestions is not None and consultation.suggestions.adopted is not None:
        return consultation.suggestions.adopted
    counts = [outcome.adopted for outcome in outcomes if outcome.adopted is not None]
    return sum(counts) if counts else None


def is_known_to_the_day(date: Date | None) -> bool:
    return date is not None and date.day is not None


def days_between(start: Date | None, end: Date | None) -> int | None:
    """Whole days from ``start`` to ``end``, or ``None`` unless both are known to the day."""
    if not (is_known_to_the_day(start) and is_known_to_the_day(end)):
        return None
    return (end.first_day - start.first_day).days  # type: ignore[union-attr]


def in_date_order(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """Oldest first; ties broken by id so the order is stable."""
    return sorted(sorted(outcomes, key=lambda o: o.id), key=lambda o: o.date.sort_key)


def first_outcome(outcomes: Sequence[Outcome]) -> Outcome | None:
    ordered = in_date_order(outcomes)
    return ordered[0] if ordered else None


def days_to_outcome(consultation: Consultation, outcomes: Sequence[Outcome]) -> int | None:
    """Days from the consultation to its first outcome, when both are known to the day."""
    first = first_outcome(outcomes)
    return days_between(consultation.date, first.date) if first and consultation.date else None


def days_to_reply(proposal: Proposal) -> int | None:
    """Days from registration (or submission) to the reply, when both are known to the day."""
    if proposal.reply is None:
        return None
    return days_between(handling_start(proposal), proposal.reply.date)


@dataclass(frozen=True)
class Step:
    """One dated step a proposal went through, or the step it is waiting for."""

    key: str
    """``submitted``, ``registered``, ``not-registered``, ``assigned``, ``replied``,
    ``outcome`` (a later outcome record) or ``awaiting-reply``."""
    date: Date | None
    is_pending: bool = False
    outcome: Outcome | None = None
    """The outcome record of an ``outcome`` step."""


def proposal_steps(proposal: Proposal, outcomes: Sequence[Outcome]) -> list[Step]:
    """The steps of ``proposal`` in the order they happen, ending with what it waits for."""
    steps = [Step("submitted", proposal.date), Step(proposal.registration.status, proposal.registration.date)]
    if proposal.units is not None:
        steps.append(Step("assigned", proposal.units.assigned))
    if proposal.reply is not None:
        steps.append(Step("replied", proposal.reply.date))
    elif is_awaiting_reply(proposal):
        steps.append(Step("awaiting-reply", awaiting_since(proposal), is_pending=True))
    steps += [Step("outcome", outcome.date, outcome=outcome) for outcome in in_date_order(outcomes)]
    return steps
