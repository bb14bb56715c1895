"""Long lists split into numbered pages, and the static facet pages of the past index.

Facets are plain pages (``past/year/2022.md``), so filtering works without JavaScript and
every filtered view has an address that can be shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..archive import Archive
from ..model import Consultation
from ..vocab import FORMATS, STAGES

PAGE_SIZE = 50
"""Entries per listing page."""
DIMENSIONS = ("year", "platform", "format", "stage")
"""The facets of the past index, in the order the filter bar shows them."""
PAST_URI = "past/index.md"

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


def facet_value(consultation: Consultation, dimension: str) -> str:
    """The value ``consultation`` has in ``dimension``."""
    if dimension == "year":
        return str(consultation.date.year)
    if dimension == "platform":
        return consultation.platform
    if dimension == "format":
        return consultation.format
    return consultation.stage


def group_by_facets(archive: Archive, platform_order: Sequence[str]) -> dict[str, dict[str, list[Consultation]]]:
    """For each dimension, the consultations of each value present, newest first, with the
    values in the order the filter bar lists them."""
    groups: dict[str, dict[str, list[Consultation]]] = {dimension: {} for dimension in DIMENSIONS}
    for consultation in archive.consultations:
        for dimension in DIMENSIONS:
            groups[dimension].setdefault(facet_value(consultation, dimension), []).append(consultation)
    orders = {
        "year": sorted(groups["year"], key=int, reverse=True),
        "platform": list(platform_order),
        "format": list(FORMATS),
        "stage": list(STAGES),
    }
    return {
        dimension: {value: groups[dimension][value] for value in orders[dimension] if value in groups[dimension]}
        for dimension in DIMENSIONS
    }


def group_by_year(items: Sequence[Item]) -> list[tuple[int, list[Item]]]:
    """Consecutive runs of dated ``items`` with the same year, in the order given."""
    runs: list[tuple[int, list[Item]]] = []
    for item in items:
        year = item.date.year  # type: ignore[attr-defined]
        if not runs or runs[-1][0] != year:
            runs.append((year, []))
        runs[-1][1].append(item)
    return runs
