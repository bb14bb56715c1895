"""Find the unit record a spreadsheet names by its name or another name it goes by, and
propose a record for a unit the archive does not have yet."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

from ..model import MAX_ID_LENGTH
from .cells import normalise, slug

UNIT_ID_LENGTH = 60
"""Longest id proposed for a new unit: its name's pinyin, cut at a syllable."""


@dataclass
class NewUnit:
    """A unit record the import proposes: the editor checks it is not another name of a unit
    the archive has."""

    id: str
    name: str
    sheet: str
    row: int
    letter: str
    """Where the name was found first: sheet, row and column."""
    problems: list = field(default_factory=list)
    """What keeps its record from passing validation."""


@dataclass
class UnitIndex:
    """Every unit by each of its names (normalised): name in both languages and aliases."""

    ids: dict[str, str] = field(default_factory=dict)
    """Normalised name → unit id."""
    known: set[str] = field(default_factory=set)
    """Every id taken in the archive, of any record type."""
    new: dict[str, NewUnit] = field(default_factory=dict)
    """Normalised name → unit proposed by this import."""

    unit_ids: set[str] = field(default_factory=set)
    """Every unit record's id."""

    def add(self, unit_id: str, *names: str) -> None:
        self.unit_ids.add(unit_id)
        for name in names:
            if name:
                self.ids.setdefault(normalise(name), unit_id)

    def find(self, name: str) -> str | None:
        """The id of the unit named ``name``, or ``name`` itself when it is a unit's id."""
        key = normalise(name)
        found = self.ids.get(key)
        if found is None and key in self.unit_ids:
            found = key
        if found is None and key in self.new:
            found = self.new[key].id
        return found

    def propose(self, name: str, sheet: str, row: int, letter: str) -> NewUnit:
        key = normalise(name)
        if key not in self.new:
            base = unit_id_of(name)
            unit_id, number = base, 2
            while unit_id in self.known or unit_id in self.unit_ids:
                unit_id = f"{base[: MAX_ID_LENGTH - 4]}-{number}"
                number += 1
            self.known.add(unit_id)
            self.new[key] = NewUnit(unit_id, name.strip(), sheet, row, letter)
        return self.new[key]

    def close_to(self, name: str) -> str | None:
        """A name the archive already has that ``name`` may be a misspelling of."""
        names = {key: key for key in self.ids}
        guess = difflib.get_close_matches(normalise(name), list(names), n=1, cutoff=0.75)
        return guess[0] if guess else None


def unit_id_of(name: str) -> str:
    """An id for a new unit from its name: the pinyin of its characters and its ASCII words,
    joined with hyphens (汕尾市住建局 → shan-wei-shi-zhu-jian-ju)."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda text: [slug(text)])
    parts = [part for part in (re.sub(r"[^a-z0-9]+", "", s.lower().replace("ü", "v")) for s in syllables) if part]
    unit_id = ""
    for part in parts:
        if len(unit_id) + len(part) + 1 > UNIT_ID_LENGTH:
            break
        unit_id = f"{unit_id}-{part}" if unit_id else part
    return unit_id or "unit"
