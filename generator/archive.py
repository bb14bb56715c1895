"""The whole archive, checked and cross-linked: the only input the renderer sees.

"First gather all data from all files to ensure all data is consistent across all pages":
every record is loaded and checked, every reference resolved, and only an archive with no
problem at all comes out of ``load_archive``.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .published import Redirect, check_addresses
from .errors import ContentError, Problem
from .files import content_path_problem, find_outside_links, forget_folders
from .filetypes import file_type_problem
from .loader import RawRecord, english_sibling, find_orphan_english_files, find_record_files, load_record_file
from .platforms import channels_open_to, get_ancestors, get_children, parent_chain, parent_loop, runs_into_loop, walk_descendants
from .model import ID_PATTERN, RESERVED_IDS, Consultation, consultation_folder, is_dating_folder, Organisation, Outcome, Platform, Proposal, Record, Unit
from .safety import check_record_texts
from .static_pages import check_static_pages
from .validate import validate_record
from .vocab import LEVEL_RANKS, LEVELS, STAGE_ORDER

NOTED_OUTCOME_STATUSES = ("mentioned", "awaiting")
"""The values of ``outcome_status`` a consultation's page shows ``outcome_note`` with."""


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
    broken_ids: set[str] = field(default_factory=set)
    """Ids of records that failed their own checks: references to them are not reported
    again as missing."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent reading the files (``load``: finding, parsing, text checks) and checking
    the records (``validate``: fields, links between records, addresses)."""

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
            for unit_id in _unit_ids(proposal):
                index["proposals"][unit_id].append(proposal)
        for outcome in self.outcomes:
            index["outcomes"][outcome.concerns].append(outcome)
            for unit_id in outcome.units:
                index["outcomes"][unit_id].append(outcome)
        return index

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
        ids: list[str | None] = []
        if isinstance(record, Platform):
            ids.append(record.parent)
        elif isinstance(record, Consultation):
            ids += [record.platform, *record.organisations]
        elif isinstance(record, Proposal):
            ids += [record.consultation, record.platform, *_unit_ids(record)]
        elif isinstance(record, Outcome):
            ids += [record.concerns, *record.units]
        elif isinstance(record, Organisation):
            ids.append(record.platform)
        return [self.records[i] for i in ids if i in self.records]

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
        """Every record whose fields the page of a consultation, proposal or outcome can
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


@dataclass
class LoadCache:
    """What one file gave the last time it was read, kept between loads of the same archive
    (the live preview): a file whose size, time and inode (and its English sibling's) have
    not changed is not read again, and gives the very same record object."""

    files: dict[Path, tuple[tuple, tuple]] = field(default_factory=dict)
    """Per record file: its signature, and ``(raw, file problems, record, record problems)``."""


def _signature(file: Path) -> tuple:
    marks = []
    for path in (file, english_sibling(file)):
        try:
            st = os.lstat(path) if path is not None else None
        except OSError:
            st = None
        marks.append(None if st is None else (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode))
    return tuple(marks)


def load_archive(content_dir: Path, root: Path | None = None, cache: LoadCache | None = None) -> Archive:
    """Load, check and link every record below ``content_dir``.

    Raises ``ContentError`` with every problem found, sorted by file and line. The cycle
    collector is left as it is: a build process pauses it around this call
    (``memory.collector_paused``).
    """
    started = time.perf_counter()
    checking = 0.0
    content_dir = Path(content_dir).resolve()
    root = (Path(root) if root else content_dir.parent).resolve()
    forget_folders()
    if not content_dir.is_dir():
        raise ContentError([Problem(_relative(content_dir, root), 1, "-", "content folder not found")])
    problems: list[Problem] = find_orphan_english_files(content_dir, root)
    problems += find_outside_links(content_dir, root)
    problems += check_static_pages(content_dir, root)
    archive = Archive(content_dir)
    kept: dict[Path, tuple[tuple, tuple]] = {}
    claimed: dict[str, list[RawRecord]] = {}
    named: list[tuple[Path, RawRecord, Record]] = []
    for file in find_record_files(content_dir):
        signature = _signature(file) if cache is not None else ()
        known = cache.files.get(file) if cache is not None else None
        if known is not None and known[0] == signature:
            raw, read_problems, record, record_problems = known[1]
        else:
            raw, read_problems = load_record_file(file, content_dir, root)
            # Check the fields even when the file had a problem (a duplicate key, say), so the
            # editor sees every problem of the file in this run, not one more in the next.
            before = time.perf_counter()
            record, record_problems = validate_record(raw) if raw is not None else (None, [])
            checking += time.perf_counter() - before
        kept[file] = (signature, (raw, read_problems, record, record_problems))
        # Texts are checked on every load: their links lead to other files, which may have
        # come or gone since.
        file_problems = read_problems + (check_record_texts(raw, content_dir) if raw is not None else [])
        problems += file_problems
        if raw is None:
            archive.broken_ids.update(_claimed_ids(file, None))
            continue
        problems += record_problems
        if record is None or file_problems:
            archive.broken_ids.update(_claimed_ids(file, raw))
            continue
        named.append((file, raw, record))
        claimed.setdefault(record.id, []).append(raw)
        if record.id in archive.records:
            continue
        archive.records[record.id] = record
        archive.sources[record.id] = raw
    duplicates = {record_id: raws for record_id, raws in claimed.items() if len(raws) > 1}
    for record_id in duplicates:  # which record a reference means is unknown: none is checked against it
        del archive.records[record_id], archive.sources[record_id]
        archive.broken_ids.add(record_id)
    problems += _duplicate_ids(duplicates)
    for file, raw, record in named:  # a duplicated id is reported as such: no file can take its name
        problems += [] if record.id in duplicates else _file_name_problems(file, raw, record)
    before = time.perf_counter()
    problems += check_links(archive)
    archive.redirects, address_problems = check_addresses(
        archive.records, archive.sources, content_dir, root, frozenset(archive.broken_ids)
    )
    problems += address_problems
    checking += time.perf_counter() - before
    archive.timings = {"load": time.perf_counter() - started - checking, "validate": checking}
    if cache is not None:
        cache.files = kept
    if problems:
        raise ContentError(problems)
    return archive


def _duplicate_ids(duplicates: dict[str, list[RawRecord]]) -> list[Problem]:
    """A problem at every file of an id that several files use: none of them is to blame
    more than the others (the one read first is only first in the alphabet)."""
    problems = []
    for record_id, raws in duplicates.items():
        for raw in raws:
            others = ", ".join(f"{other.path}:{other.line_of(('id',))}" for other in raws if other is not raw)
            message = f"duplicate id '{record_id}', also used by {others}; each record needs an id of its own"
            problems.append(Problem(raw.path, raw.line_of(("id",)), "id", message))
    return problems


def _file_name_problems(file: Path, raw: RawRecord, record: Record) -> list[Problem]:
    """A record's file is named after its id: an editor finds a record by its address, and a
    file renamed without its id (or the other way round) would leave the two telling apart."""
    name, _, extension = file.name.partition(".")
    if name == record.id or not re.fullmatch(ID_PATTERN, name):  # a name that is no id is reported as such
        return []
    english = f" (and {name}.en.md beside it)" if extension == "md" and english_sibling(file).exists() else ""
    message = (f"the id '{record.id}' and the file name '{file.name}' differ; rename the file to "
               f"{record.id}.{extension}{english}, or, if the file name is right, write id: {name}")
    return [Problem(raw.path, raw.line_of(("id",)), "id", message)]


def _claimed_ids(file: Path, raw: RawRecord | None) -> set[str]:
    """The ids a broken record file may have: its ``id`` field when that is an id, else also
    its file name (records are named after their id), so that an address in published.txt
    or a reference is not reported as gone when the record is only broken."""
    written = raw.data.get("id") if raw is not None else None
    if isinstance(written, str) and re.fullmatch(ID_PATTERN, written):
        return {written}
    return {file.name.split(".")[0]} | ({written} if isinstance(written, str) else set())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _unit_ids(proposal: Proposal) -> list[str]:
    if proposal.units is None:
        return []
    return list(dict.fromkeys(proposal.units.lead + proposal.units.co))


class _Linker:
    """Checks the references and orderings that span fields or records."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.problems: list[Problem] = []

    def report(self, record: Record, at: tuple, message: str) -> None:
        raw = self.archive.sources[record.id]
        self.problems.append(Problem(raw.path, raw.line_of(at), _dotted(at), message))

    def expect(self, record: Record, at: tuple, target: str | None, *types: type[Record]) -> None:
        """Report ``target`` unless it is the id of a record of one of ``types``."""
        if target is None or target in self.archive.broken_ids:
            return
        found = self.archive.records.get(target)
        if found is not None and isinstance(found, types):
            return
        wanted = " or ".join(t.kind for t in types)
        if found is not None:
            self.report(record, at, f"'{target}' is {_a(found.kind)}, expected the id of {_a(wanted)}")
            return
        candidates = [r.id for r in self.archive.records.values() if isinstance(r, types)]
        guess = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        self.report(record, at, f"no {wanted} has the id '{target}'{hint}")


def _a(noun: str) -> str:
    """``a platform``, ``an outcome``."""
    return f"{'an' if noun[0] in 'aeio' else 'a'} {noun}"  # a unit: the u of unit sounds like 'you'


def _dotted(at: tuple) -> str:
    from .loader import dotted

    return dotted(at)


def check_links(archive: Archive) -> list[Problem]:
    """Every problem that needs more than one field or one record to see."""
    linker = _Linker(archive)
    for record in archive.records.values():
        if record.id in RESERVED_IDS:
            linker.report(record, ("id",), f"the id '{record.id}' is reserved for the site's index pages; choose another")
        if isinstance(record, Platform):
            _check_platform(linker, record)
        elif isinstance(record, Consultation):
            _check_consultation(linker, record)
        elif isinstance(record, Proposal):
            _check_proposal(linker, record)
        elif isinstance(record, Outcome):
            linker.expect(record, ("concerns",), record.concerns, Consultation, Proposal)
            for index, unit_id in enumerate(record.units):
                linker.expect(record, ("units", index), unit_id, Unit)
        elif isinstance(record, Organisation):
            linker.expect(record, ("platform",), record.platform, Platform)
        _check_attachments(linker, record)
    return linker.problems


def _check_platform(linker: _Linker, platform: Platform) -> None:
    if platform.type != "platform" and platform.parent is None:
        linker.report(platform, ("type",), f"a {platform.type} needs a 'parent': the id of the platform it belongs to")
    linker.expect(platform, ("parent",), platform.parent, Platform)
    parent = linker.archive.records.get(platform.parent or "")
    if (
        platform.type == "sub-platform" and isinstance(parent, Platform)
        and LEVEL_RANKS[platform.level] <= LEVEL_RANKS[parent.level] and not runs_into_loop(linker.archive.records, platform)
    ):
        below = [level for level, rank in LEVEL_RANKS.items() if rank > LEVEL_RANKS[parent.level]]
        linker.report(
            platform, ("level",),
            f"a sub-platform's level must be below its parent's: found {platform.level}, and its parent "
            f"'{parent.id}' is {parent.level}; expected {_one_of(below)}",
        )
    seen: dict[str, int] = {}
    for index, channel in enumerate(platform.channels):
        if channel.id in seen:
            linker.report(
                platform, ("channels", index, "id"),
                f"the channel id '{channel.id}' is used twice on this platform (also channels[{seen[channel.id] + 1}]); give each channel an id of its own",
            )
        seen.setdefault(channel.id, index)
    loop = parent_loop(linker.archive.records, platform)
    if loop and platform.id == min(loop):  # one problem per loop, not one per platform below it
        shown = " → ".join([*loop, loop[0]])
        linker.report(platform, ("parent",), f"parents form a loop: {shown}; one of them needs a parent outside the loop, or none")


def _one_of(items: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _check_consultation(linker: _Linker, consultation: Consultation) -> None:
    linker.expect(consultation, ("platform",), consultation.platform, Platform)
    for index, organisation_id in enumerate(consultation.organisations):
        linker.expect(consultation, ("organisations", index), organisation_id, Organisation)
    _check_dating(linker, consultation)
    _check_channel(linker, consultation)
    _check_outcome_status(linker, consultation)
    if consultation.date and consultation.end_date and consultation.end_date.is_surely_before(consultation.date):
        linker.report(consultation, ("end_date",), f"end_date {consultation.end_date} is before date {consultation.date}")
    previous = None
    for index, stage in enumerate(consultation.stages):
        at = ("stages", index, "stage")
        if previous is not None:
            order = STAGE_ORDER.index(stage.stage) - STAGE_ORDER.index(previous.stage)
            if order <= 0:
                expected = " → ".join(STAGE_ORDER)
                linker.report(consultation, at, f"stage '{stage.stage}' comes after '{previous.stage}'; stages go in the order {expected}, each once")
            elif stage.date and previous.date and stage.date.is_surely_before(previous.date):
                linker.report(
                    consultation, ("stages", index, "date"),
                    f"{stage.date} is earlier than the stage before it ('{previous.stage}', {previous.date}); expected {previous.date} or later",
                )
        previous = stage
    suggestions = consultation.suggestions
    if suggestions and suggestions.count is not None and suggestions.adopted is not None:
        if suggestions.adopted > suggestions.count:
            linker.report(consultation, ("suggestions", "adopted"), f"{suggestions.adopted} adopted is more than the {suggestions.count} suggestions made")


def _check_dating(linker: _Linker, consultation: Consultation) -> None:
    """An undated record names a source and sits in ``undated/``; a dated one below a year
    folder sits below its year's. The first folder below ``consultations/`` decides: records
    may be grouped in folders of their own below it (``2022/jining/``)."""
    base, filed = _first_folder(linker.archive.content_dir, linker.archive.sources[consultation.id])
    date = consultation.date
    expected = consultation_folder(date)
    if date is None and not consultation.sources:
        linker.report(
            consultation, ("date",),
            "the date is left out (not reported), so the record needs a source: "
            "add the report that tells of it under 'sources'",
        )
    if date is None and consultation.end_date is not None:
        linker.report(
            consultation, ("end_date",),
            "a consultation whose date is not reported has no end date either; remove end_date or give the date",
        )
    if filed == expected or (date is not None and not (filed and is_dating_folder(filed))):
        return
    if date is None:
        where = f"is filed under {filed}/" if filed else f"is not filed under {expected}/"
        message = f"the date is not reported but the file {where}; move it to {base}/{expected}/"
    else:
        message = f"{date} is in {date.year} but the file is filed under {filed}/; move it to {base}/{expected}/"
    linker.report(consultation, ("date",), message)


def _first_folder(content_dir: Path, raw: RawRecord) -> tuple[str, str | None]:
    """The record-type folder as shown in messages (``content/consultations``), and the name
    of the first folder below it that holds the file (``None`` when the file sits right in it)."""
    parts = raw.path.split("/")
    at = next(
        (i for i in range(1, len(parts)) if parts[i] == raw.folder and parts[i - 1] == content_dir.name),
        parts.index(raw.folder),
    )
    below = parts[at + 1 : -1]
    return "/".join(parts[: at + 1]), below[0] if below else None


def _check_channel(linker: _Linker, consultation: Consultation) -> None:
    """``channel`` is one of the channels of the platform or of a platform above it."""
    platform = linker.archive.records.get(consultation.platform)
    if consultation.channel is None or not isinstance(platform, Platform):
        return
    platforms = parent_chain(linker.archive.records, platform)[0]
    channels = channels_open_to(linker.archive.records, platform)
    if consultation.channel in channels:
        return
    named = [key for key, channel in channels.items() if consultation.channel in (channel.name.zh, channel.name.en)]
    if named:  # the editor wrote the channel's name: say its id
        linker.report(consultation, ("channel",), f"write the channel's id, not its name: channel: {named[0]}")
        return
    names = " → ".join(f"'{p.id}'" for p in platforms)
    listed = ", ".join(f"{key} ({channel.name.zh})" for key, channel in channels.items())
    expected = f"expected one of: {listed}" if channels else "none of them has 'channels'; add the channel to the platform first"
    linker.report(
        consultation, ("channel",),
        f"no channel '{consultation.channel}' on the platform {names}; {expected}",
    )


def _check_outcome_status(linker: _Linker, consultation: Consultation) -> None:
    """``outcome_status`` says what the sources say when no outcome record does, and
    ``outcome_note`` goes with the statuses the page shows it with (mentioned, awaiting)."""
    outcomes = sorted(linker.archive.outcomes_of(consultation), key=lambda o: o.id)
    path = linker.archive.sources[outcomes[0].id].path if outcomes else None
    for name in ("outcome_status", "outcome_note"):
        if path and getattr(consultation, name) is not None:
            linker.report(consultation, (name,), f"{path} records an outcome of it; remove {name}")
    if not path and consultation.outcome_note is not None and consultation.outcome_status not in NOTED_OUTCOME_STATUSES:
        linker.report(
            consultation, ("outcome_note",),
            f"outcome_note goes with outcome_status: {' or '.join(NOTED_OUTCOME_STATUSES)}; "
            f"found {consultation.outcome_status or 'no outcome_status'}",
        )


def _check_proposal(linker: _Linker, proposal: Proposal) -> None:
    if proposal.units:
        for role in ("lead", "co"):
            for index, unit_id in enumerate(getattr(proposal.units, role)):
                linker.expect(proposal, ("units", role, index), unit_id, Unit)
    linker.expect(proposal, ("consultation",), proposal.consultation, Consultation)
    linker.expect(proposal, ("platform",), proposal.platform, Platform)
    registered = proposal.registration.status == "registered"
    if not registered and (proposal.units or proposal.reply):
        linker.report(proposal, ("registration", "status"), "a proposal that was not registered has no units or reply; remove them or set status: registered")
    if proposal.reply and proposal.units is None:
        linker.report(proposal, ("reply",), "a reply needs the 'units' that gave it")
    if proposal.reply and proposal.reply.date.is_surely_before(proposal.date):
        linker.report(proposal, ("reply", "date"), f"reply date {proposal.reply.date} is before the proposal's date {proposal.date}")


def _check_attachments(linker: _Linker, record: Record) -> None:
    """Each attachment is a file inside ``content/``, of a type the site publishes."""
    content_dir = linker.archive.content_dir
    for index, attachment in enumerate(getattr(record, "attachments", ())):
        path = attachment.path
        problem = content_path_problem(path, content_dir) or file_type_problem(content_dir / path, f"'{path}'")
        if problem:
            linker.report(record, ("attachments", index, "path"), problem)
