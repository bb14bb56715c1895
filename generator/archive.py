"""The whole archive, checked and cross-linked: the only input the renderer sees.

An ``Archive`` holds every record by id, with the queries the pages ask of it (records of a
type in order, the records each one names or is named by). ``load.load_archive`` makes one
from the files; ``cross_checks`` checks what needs more than one record.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .loader import RawRecord
from .model import Consultation, Organisation, Outcome, Platform, Proposal, Record, Unit
from .platforms import get_ancestors, get_children, walk_descendants
from .published import Redirect


def newest_first_key(record: Record) -> tuple[bool, tuple[int, ...]]:
    """Sort key, with ``reverse=True``, for newest first: dated records by their date, then
    consultations whose date is not reported, by their earliest source's date."""
    date = getattr(record, "date", None)
    return date is not None, (date or record.sort_date).sort_key  # type: ignore[attr-defined]


@dataclass
class Archive:
    """Every record by id, with the links between them."""

    content_dir: Path
    records: dict[str, Record] = field(default_factory=dict)
    sources: dict[str, RawRecord] = field(default_factory=dict)
    """The raw file each record came from, for messages and for the ``Edit`` link."""
    redirects: list[Redirect] = field(default_factory=list)
    """Old record addresses that lead to another record's page (``published.py``)."""
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    """Groups of words that find each other in the site search (``synonyms.py``)."""
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed their own checks: references to them are not reported
    again as missing."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading the files (``load``: finding, parsing, text checks) and checking
    the records (``validate``: fields, links between records, addresses)."""

    def __getstate__(self) -> dict:
        """Pickled (a build's cache, ``adapters/build_cache.py``) without what its cached
        properties computed: those are made again from the records on first use, and one
        holds a function, which pickle cannot write."""
        cached = {name for name, value in vars(Archive).items() if isinstance(value, cached_property)}
        return {name: value for name, value in self.__dict__.items() if name not in cached}

    def of_type(self, record_type: type[Record]) -> list[Record]:
        return [r for r in self.records.values() if isinstance(r, record_type)]

    @cached_property
    def platforms(self) -> list[Platform]:
        return sorted(self.of_type(Platform), key=lambda p: p.id)  # type: ignore[return-value]

    def newest_first(self, record_type: type[Record]) -> list:
        """Records of a dated type, newest first; ties broken by id so the order is stable.
        Consultations whose date is not reported come after all dated ones, newest source first."""
        items = sorted(self.of_type(record_type), key=lambda r: r.id)
        return sorted(items, key=newest_first_key, reverse=True)

    @cached_property
    def consultations(self) -> list[Consultation]:
        return self.newest_first(Consultation)

    @cached_property
    def proposals(self) -> list[Proposal]:
        return self.newest_first(Proposal)

    @cached_property
    def outcomes(self) -> list[Outcome]:
        return self.newest_first(Outcome)

    @cached_property
    def units(self) -> list[Unit]:
        return sorted(self.of_type(Unit), key=lambda u: u.id)  # type: ignore[return-value]

    @cached_property
    def organisations(self) -> list[Organisation]:
        return sorted(self.of_type(Organisation), key=lambda o: o.id)  # type: ignore[return-value]

    @cached_property
    def _indexes(self) -> dict[str, dict[str, list[Record]]]:
        index: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
        index["children"].update(get_children(self.platforms))
        for consultation in self.consultations:
            index["consultations"][consultation.platform].append(consultation)
            for organisation_id in consultation.organisations:
                index["consultations"][organisation_id].append(consultation)
        for organisation in self.organisations:
            if organisation.platform:
                index["organisations"][organisation.platform].append(organisation)
        for proposal in self.proposals:
            if proposal.consultation:
                index["proposals"][proposal.consultation].append(proposal)
            if proposal.platform:
                index["proposals"][proposal.platform].append(proposal)
            for unit_id in unit_ids_of(proposal):
                index["proposals"][unit_id].append(proposal)
        for outcome in self.outcomes:
            index["outcomes"][outcome.concerns].append(outcome)
            for unit_id in outcome.units:
                index["outcomes"][unit_id].append(outcome)
        return index

    @cached_property
    def _places(self) -> dict[str, int]:
        """Each record's place in the list of its type (``consultations`` …)."""
        lists = (self.consultations, self.platforms, self.proposals, self.outcomes, self.units, self.organisations)
        return {record.id: place for records in lists for place, record in enumerate(records)}

    def take_order(self, last: Archive, changed: Iterable[str]) -> bool:
        """Take ``last``'s lists in order and indexes (what its cached properties made), with
        this archive's record in the place of each of ``changed``, if this archive holds the
        same ids and each changed record stands where its last version stood (``standing``:
        a title or a text edited, as in most live preview rebuilds); returns whether it did.
        Otherwise they are made on first use, as ever. ``changed`` must name every id whose
        record is not the very object ``last`` holds (``load._read_again``'s): the others
        are left in the lists as they are. A list without a changed record is taken as it
        is: lists are never changed once made. At 10,000 consultations making them took
        0.08 s of each language's rebuild."""
        records, before = self.records, last.records
        if records.keys() != before.keys() or any(standing(before[i]) != standing(records[i]) for i in changed):
            return False
        made = last.__dict__
        new = {id(before[i]): records[i] for i in changed}
        types = {type(records[i]) for i in changed}
        for name, kind in _ORDERS.items():
            if name in made:
                self.__dict__[name] = swapped(made[name], new) if kind in types else made[name]
        if "_places" in made:  # the same ids in the same places
            self.__dict__["_places"] = made["_places"]
        if "_indexes" in made:
            keys = {key for i in changed for key in named_ids(before[i])}  # the entries that may list a changed record
            indexes: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
            for name, entries in made["_indexes"].items():
                taken = indexes[name] = defaultdict(list, entries)
                for key in keys:
                    if key in taken and any(id(listed) in new for listed in taken[key]):
                        taken[key] = swapped(taken[key], new)
            self.__dict__["_indexes"] = indexes
        return True

    def in_order(self, records: list) -> list:
        """``records`` (of one type) once each, in the order of their type's list."""
        unique = {record.id: record for record in records}
        return sorted(unique.values(), key=lambda record: self._places[record.id])

    def children_of(self, platform: Platform) -> list[Platform]:
        return self._indexes["children"].get(platform.id, [])  # type: ignore[return-value]

    def descendants_of(self, platform: Platform) -> list[Platform]:
        """Every platform below ``platform``, in tree order."""
        return list(walk_descendants(self.children_of, platform))

    def consultations_of(self, record: Platform | Organisation) -> list[Consultation]:
        """Consultations held on a platform, or that an organisation took part in, newest first."""
        return self._indexes["consultations"].get(record.id, [])  # type: ignore[return-value]

    def organisations_of(self, platform: Platform) -> list[Organisation]:
        """Organisations that work with a platform."""
        return self._indexes["organisations"].get(platform.id, [])  # type: ignore[return-value]

    def proposals_of(self, record: Record) -> list[Proposal]:
        """Proposals of a consultation, platform or unit."""
        return self._indexes["proposals"].get(record.id, [])  # type: ignore[return-value]

    def outcomes_of(self, record: Record) -> list[Outcome]:
        """Outcomes of a consultation or proposal, or outcomes a unit acted on."""
        return self._indexes["outcomes"].get(record.id, [])  # type: ignore[return-value]

    def ancestors_of(self, platform: Platform) -> list[Platform]:
        """Parent, grandparent …, nearest first."""
        return get_ancestors(self.records, platform)

    def get(self, record_id: str) -> Record:
        return self.records[record_id]

    def references_of(self, record: Record) -> list[Record]:
        """The records ``record`` names: its platform, consultation, the record an outcome
        concerns, handling units, a platform's parent."""
        return [self.records[i] for i in named_ids(record) if i in self.records]

    def referrers_of(self, record: Record) -> list[Record]:
        """The records that name ``record``: outcomes and proposals of it, consultations of a
        platform, sub-platforms."""
        found: list[Record] = [*self.outcomes_of(record), *self.proposals_of(record)]
        if isinstance(record, Platform):
            found += [*self.consultations_of(record), *self.children_of(record), *self.organisations_of(record)]
        elif isinstance(record, Organisation):
            found += self.consultations_of(record)
        return found

    def neighbourhood(self, record: Record) -> tuple[Record, ...]:
        """Every record whose fields the page of a consultation, proposal, outcome or unit can
        show: the records that name it and the records that name those, then every record
        any of them names, followed to the end (an outcome's proposal's consultation's
        platform's parent…). A page rendered before is still right when each of these is
        the same object as then (the live preview keeps such pages)."""
        near: dict[str, Record] = {record.id: record}
        for referrer in self.referrers_of(record):
            near[referrer.id] = referrer
            for second in self.referrers_of(referrer):
                near[second.id] = second
        todo = list(near.values())
        while todo:
            for named in self.references_of(todo.pop()):
                if named.id not in near:
                    near[named.id] = named
                    todo.append(named)
        return tuple(near.values())

    def neighbourhoods_holding(self, record: Record) -> set[str]:
        """The ids of the records whose ``neighbourhood`` holds ``record``: every record from
        which a chain of names leads to it (``record`` itself, what names it, what names
        those …), every record those name, and every record those in turn name (a
        neighbourhood starts from its record, what names it and what names those).
        ``referrers_of`` is the inverse of ``references_of``, and this of ``neighbourhood``."""
        reaching = {record.id: record}
        todo = [record]
        while todo:
            for referrer in self.referrers_of(todo.pop()):
                if referrer.id not in reaching:
                    reaching[referrer.id] = referrer
                    todo.append(referrer)
        named = [other for source in reaching.values() for other in self.references_of(source)]
        return {*reaching, *(other.id for other in named), *(far.id for other in named for far in self.references_of(other))}


_ORDERS = {"platforms": Platform, "consultations": Consultation, "proposals": Proposal, "outcomes": Outcome,
           "units": Unit, "organisations": Organisation}
"""``Archive``'s lists in order, and the type of record each holds."""


def same_objects(a: Sequence, b: Sequence) -> bool:
    """Whether ``a`` and ``b`` hold the very same objects, in the same order: how the live
    preview's caches tell that what a value was made from has not changed."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def swapped(listed: list[Record], new: dict[int, Record]) -> list[Record]:
    """``listed`` with each record whose ``id()`` is a key of ``new`` replaced by its value
    (the record that took its place in a later archive)."""
    return [new.get(id(record), record) for record in listed]


def named_ids(record: Record) -> list[str | None]:
    """The ids of the records ``record`` names (``Archive.references_of``), each an index
    entry that lists it (``Archive._indexes``)."""
    if isinstance(record, Platform):
        return [record.parent]
    if isinstance(record, Consultation):
        return [record.platform, *record.organisations]
    if isinstance(record, Proposal):
        return [record.consultation, record.platform, *unit_ids_of(record)]
    if isinstance(record, Outcome):
        return [record.concerns, *record.units]
    if isinstance(record, Organisation):
        return [record.platform]
    return []


def standing(record: Record) -> tuple:
    """What puts ``record`` where it is in the archive's lists and indexes: its type, its
    place in newest-first order (a dated type's), and the ids it names, in order."""
    key = newest_first_key(record) if isinstance(record, (Consultation, Proposal, Outcome)) else None
    return type(record), key, tuple(named_ids(record))


def unit_ids_of(proposal: Proposal) -> list[str]:
    """The ids of a proposal's lead and co-handling units, each once."""
    if proposal.units is None:
        return []
    return list(dict.fromkeys(proposal.units.lead + proposal.units.co))
