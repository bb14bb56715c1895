"""Checks that need more than one field or one record to see: references between records,
the platform tree, the folder a consultation is filed in, channels, outcome notes, the
order of a proposal's stages and the files records publish."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive
from .errors import Problem, with_article
from .files import content_path_problem
from .filetypes import file_type_problem
from .loader import RawRecord
from .model import RESERVED_IDS, Consultation, Organisation, Outcome, Platform, Proposal, Record, Unit, consultation_folder, is_dating_folder
from .platforms import channels_open_to, parent_chain, parent_loop, runs_into_loop
from .vocab import LEVEL_RANKS, STAGE_ORDER

NOTED_OUTCOME_STATUSES = ("mentioned", "awaiting")
"""The values of ``outcome_status`` a consultation's page shows ``outcome_note`` with."""


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
            self.report(record, at, f"'{target}' is {with_article(found.kind)}, expected the id of {with_article(wanted)}")
            return
        candidates = [r.id for r in self.archive.records.values() if isinstance(r, types)]
        guess = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        self.report(record, at, f"no {wanted} has the id '{target}'{hint}")


def _dotted(at: tuple) -> str:
    from .loader import dotted

    return dotted(at)


@dataclass
class LinkCache:
    """What the last check found, record by record, kept for the next check of the same
    archive (the live preview): a record is checked again only when it, or a record its
    checks read, is not the same object as then."""

    records: dict[str, Record] = field(default_factory=dict)
    """The records checked, by id, in the archive's order."""
    broken: frozenset[str] = frozenset()
    """The archive's ``broken_ids`` then."""
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    """Each record's problems, by its id."""


def check_links(archive: Archive, cache: LinkCache | None = None, records_only: bool = False) -> list[Problem]:
    """Every problem that needs more than one field or one record to see. With a ``cache``
    of the last check and ``records_only`` (no file but the records' own has changed
    since: the attachments are where they were), only the records that may have other
    problems are checked again (``_to_check``)."""
    linker = _Linker(archive)
    again = _to_check(archive, cache) if cache is not None and records_only else None
    found: dict[str, list[Problem]] = {}
    for record_id, record in archive.records.items():
        if again is not None and record_id not in again:
            found[record_id] = cache.problems[record_id]  # type: ignore[union-attr]
            continue
        linker.problems = []
        _check_record(linker, record)
        found[record_id] = linker.problems
    if cache is not None:
        cache.records, cache.broken, cache.problems = dict(archive.records), frozenset(archive.broken_ids), found
    return [problem for problems in found.values() for problem in problems]


def _to_check(archive: Archive, cache: LinkCache) -> set[str] | None:
    """The ids of the records whose checks may find otherwise than in the last check
    (``None``: every record's). A record's checks read its own fields and file, the kind of
    each record it names (the same while the same ids are in the same files), its
    platform's chain and channels, and the outcomes that concern it: so the records that
    changed, and the consultations and proposals an outcome that changed concerned or
    concerns. A changed platform changes chains: every record is checked."""
    if archive.records.keys() != cache.records.keys() or frozenset(archive.broken_ids) != cache.broken:
        return None
    again: set[str] = set()
    for record_id, record in archive.records.items():
        before = cache.records[record_id]
        if before is record:
            continue
        if isinstance(record, Platform) or isinstance(before, Platform) or type(before) is not type(record):
            return None
        again.add(record_id)
        for version in (before, record):
            if isinstance(version, Outcome) and version.concerns is not None:
                again.add(version.concerns)
    return again


def _check_record(linker: _Linker, record: Record) -> None:
    """Every check of one record; its problems go to ``linker.problems``."""
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
