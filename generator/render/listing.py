"""Long lists split into numbered pages, and the static facet pages of the past index.

Facets are plain pages (``past/year/2022.md``), so filtering works without JavaScript and
every filtered view has an address that can be shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..archive import Archive
from ..model import UNDATED_FOLDER, Consultation, consultation_folder
from ..tracking import outcome_status
from ..vocab import ACTIVITY_KINDS, CONSULTATION_STATUSES, FORMATS, STAGES

PAGE_SIZE = 50
"""Entries per listing page."""
DIMENSIONS = ("year", "platform", "activity", "format", "stage", "outcome")
"""The facets of the past index, in the order the filter bar shows them."""
UNDATED = UNDATED_FOLDER
"""The year facet's value for consultations whose date is not reported: the name of their folder."""

Item = TypeVar("Item")


@dataclass(frozen=True)
class ListingPage(Generic[Item]):
    """One numbered page of a listing."""

    items: Sequence[Item]
    number: int
    """Counted from 1."""
    uris: tuple[str, ...]
    """The uri of every page of the listing, page 1 first."""

    @property
    def uri(self) -> str:
        return self.uris[self.number - 1]

    @property
    def total(self) -> int:
        return len(self.uris)

    @property
    def previous_uri(self) -> str | None:
        return self.uris[self.number - 2] if self.number > 1 else None

    @property
    def next_uri(self) -> str | None:
        return self.uris[self.number] if self.number < self.total else None

    def page_numbers(self) -> list[int | None]:
        """Page numbers to link, ``None`` where a run of them is left out."""
        keep = {1, self.total} | set(range(self.number - 2, self.number + 3))
        numbers: list[int | None] = []
        for number in range(1, self.total + 1):
            if number in keep:
                numbers.append(number)
            elif numbers and numbers[-1] is not None:
                numbers.append(None)
        return numbers


def page_uri(first_uri: str, number: int) -> str:
    """``past/index.md`` → ``past/page/2.md``; ``past/year/2022.md`` → ``past/year/2022/page/2.md``."""
    if number == 1:
        return first_uri
    stem = first_uri[: -len(".md")]
    folder = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return f"{folder}page/{number}.md"


def paginate(items: Sequence[Item], first_uri: str, size: int = PAGE_SIZE) -> list[ListingPage[Item]]:
    """``items`` in pages of at most ``size``; an empty list still has its first page."""
    total = max(1, -(-len(items) // size))
    uris = tuple(page_uri(first_uri, number) for number in range(1, total + 1))
    return [ListingPage(items[i * size : (i + 1) * size], i + 1, uris) for i in range(total)]


def facet_uri(dimension: str, value: str) -> str:
    return f"past/{dimension}/{value}.md"


def facet_value(archive: Archive, consultation: Consultation, dimension: str) -> str | None:
    """The value ``consultation`` has in ``dimension``; ``None`` when it has none there (an
    activity recorded without a format or stages)."""
    if dimension == "year":
        return consultation_folder(consultation.date)
    if dimension == "platform":
        return consultation.platform
    if dimension == "activity":
        return consultation.activity
    if dimension == "format":
        return consultation.format
    if dimension == "outcome":
        return outcome_status(consultation, archive.outcomes_of(consultation))
    return consultation.stage


def group_by_facets(archive: Archive, platform_order: Sequence[str]) -> dict[str, dict[str, list[Consultation]]]:
    """For each dimension, the consultations of each value present, newest first, with the
    values in the order the filter bar lists them."""
    groups: dict[str, dict[str, list[Consultation]]] = {dimension: {} for dimension in DIMENSIONS}
    for consultation in archive.consultations:
        for dimension in DIMENSIONS:
            value = facet_value(archive, consultation, dimension)
            if value is not None:
                groups[dimension].setdefault(value, []).append(consultation)
    years = sorted((year for year in groups["year"] if year != UNDATED), key=int, reverse=True)
    orders = {
        "year": [*years, UNDATED],
        "platform": list(platform_order),
        "activity": list(ACTIVITY_KINDS),
        "format": list(FORMATS),
        "stage": list(STAGES),
        "outcome": list(CONSULTATION_STATUSES),
    }
    return {
        dimension: {value: groups[dimension][value] for value in orders[dimension] if value in groups[dimension]}
        for dimension in DIMENSIONS
    }


def group_by_year(items: Sequence[Item]) -> list[tuple[int | None, list[Item]]]:
    """Consecutive runs of ``items`` with the same year, in the order given; consultations
    whose date is not reported form a run of their own, under the year ``None``."""
    runs: list[tuple[int | None, list[Item]]] = []
    for item in items:
        date = item.date  # type: ignore[attr-defined]
        year = date.year if date is not None else None
        if not runs or runs[-1][0] != year:
            runs.append((year, []))
        runs[-1][1].append(item)
    return runs
