"""``shangliang import``: plan the files a spreadsheet's rows become, check them as
``shangliang validate`` would, and write them only when every row passed (or, with
``--partial``, the rows that passed).

The check loads the archive as it would be with the planned files (``files.as_if_written``),
so that what is written is what was checked: references between the new records, their units
and the archive's published list.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..addresses import get_address
from ..errors import ContentError, Problem, ShangliangError, printable
from ..export import get_columns
from ..files import as_if_written, relative_path
from ..load import LoadCache, load_archive
from ..loader import RawRecord
from ..model import TYPES_BY_FOLDER, Consultation, Record, Unit, consultation_folder
from ..progress import Stage
from ..published import PUBLISHED_FILE, with_published
from ..dates import Date
from .emit import field_order, render_record
from .mapping import Mapping, load_mapping
from .merge import owned_leaves, patch, same, value_at
from .problems import NOWHERE, ImportFailed, ImportProblem
from .rows import Header, RowRecord, convert_row, find_header
from .tables import column_letter, read_table
from .units import NewUnit, UnitIndex

MARKER = "Imported by shangliang import"
"""The first line of a record file an import wrote (after ``---`` in a Markdown file): only
such files are changed by a new import."""


@dataclass
class FileChange:
    path: Path
    action: str
    """``create``, ``update`` or ``unchanged``."""
    text: str
    old: str | None = None
    row: RowRecord | None = None
    unit: NewUnit | None = None


@dataclass
class ImportPlan:
    """What an import would write, and why some rows cannot be imported."""

    file: str
    record_type: type[Record]
    changes: list[FileChange] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    """Addresses to add to ``published.txt`` (when the archive keeps one)."""
    notes: list[str] = field(default_factory=list)
    new_units: list[NewUnit] = field(default_factory=list)
    rows: int = 0
    other_problems: int = 0
    """Problems of the archive not in any file of this import (``shangliang validate`` lists them)."""

    def count(self, action: str, units: bool = False) -> int:
        """How many records (not files) the import would create, update or leave unchanged:
        of its own type, or the new units it proposes."""
        return sum(1 for c in self.changes if c.action == action and not c.path.name.endswith(".en.md") and (c.unit is not None) == units)


@dataclass
class _Existing:
    file: Path
    raw: RawRecord


def plan_import(
    path: Path, kind: str | None, mapping_path: Path | None, content_dir: Path, root: Path,
    sheet_name: str | None = None, partial: bool = False,
) -> ImportPlan:
    """The files the rows of ``path`` become. Raises ``ImportFailed`` for a file that cannot be
    read at all, ``ContentError`` for a mapping file with problems."""
    shown = printable(path.name)
    mapping = load_mapping(kind, mapping_path, root)
    sheets = read_table(path, shown)
    plan = ImportPlan(shown, mapping.record_type)
    wanted = sheet_name or mapping.sheet
    if wanted is not None:
        chosen = [sheet for sheet in sheets if sheet.name == wanted]
        if not chosen:
            names = ", ".join(sheet.name for sheet in sheets)
            raise ImportFailed([ImportProblem(shown, printable(wanted), NOWHERE, "-", f"the workbook has no sheet '{wanted}'; its sheets: {names}")])
        sheets = chosen
    else:
        plan.notes += [f"sheet '{sheet.name}' skipped: it is hidden in the workbook (--sheet imports it)" for sheet in sheets if sheet.hidden]
        sheets = [sheet for sheet in sheets if not sheet.hidden]
    cache = LoadCache()
    existing = _read_existing(content_dir, root, cache)
    units = _unit_index(existing)
    rows: list[RowRecord] = []
    progress = Stage(f"rows read from {shown}", sum(len(sheet.rows) for sheet in sheets))
    for sheet in sheets:
        header = find_header(sheet, mapping)
        if header is None:
            message = f"no header row found in the first rows: none names two of the columns {mapping.source} knows (e.g. 案号, 案由, 提案人 for proposals, or the open data's id, title.zh)"
            if len(sheets) == 1:
                plan.problems.append(ImportProblem(shown, sheet.name, NOWHERE, "-", message))
            else:
                plan.notes.append(f"sheet '{sheet.name}' skipped: {message}")
            continue
        if header.ignored:
            plan.notes.append(f"sheet '{sheet.name}': columns not imported: {', '.join(header.ignored)}")
        complement = _open_data_records(path) if header.open_data else None
        for number, cells in sheet.rows:
            progress.advance()
            if number <= header.row:
                continue
            if not any(column.index < len(cells) and cells[column.index] is not None for column in header.columns):
                plan.notes.append(f"sheet '{sheet.name}' row {number}: no value in any imported column; skipped")
                continue
            row = convert_row(shown, sheet.name, number, cells, header, mapping, units)
            if header.open_data:
                _complete_open_data(row, cells, header, complement, mapping, shown)
            rows.append(row)
    progress.finish()
    plan.rows = len(rows)
    _check_duplicates(rows, shown)
    _plan_files(plan, rows, mapping, existing, units, content_dir, root)
    _check_planned(plan, rows, content_dir, root, cache, partial)
    plan.problems += [p for row in rows for p in row.problems]
    return plan


def _read_existing(content_dir: Path, root: Path, cache: LoadCache) -> dict[str, _Existing]:
    """Every record file of the archive by its id, even of records with problems. The archive
    is loaded whole, into ``cache``: checking the planned files then reads only those again."""
    found: dict[str, _Existing] = {}
    if not content_dir.is_dir():
        return found
    try:
        load_archive(content_dir, root, cache)
    except ContentError:
        pass  # its problems are counted when the planned files are checked
    for file, (_, (raw, *_)) in cache.files.items():
        if raw is None or raw.folder not in TYPES_BY_FOLDER:
            continue
        record_id = raw.data.get("id")
        record_id = record_id if isinstance(record_id, str) else file.name.split(".")[0]
        found.setdefault(record_id, _Existing(file, raw))
    return found


def _unit_index(existing: dict[str, _Existing]) -> UnitIndex:
    units = UnitIndex(known=set(existing))
    for record_id, found in existing.items():
        if found.raw.folder != Unit.folder:
            continue
        name = found.raw.data.get("name")
        names = [name.get("zh"), name.get("en")] if isinstance(name, dict) else []
        aliases = found.raw.data.get("aliases")
        names += aliases if isinstance(aliases, list) else []
        units.add(record_id, *(str(n) for n in names if isinstance(n, (str, int))))
    return units


def _open_data_records(path: Path) -> dict[str, dict] | None:
    """The records of the open data's JSON file beside the CSV (``proposals.json`` beside
    ``proposals.csv``), by id: they hold the lists a CSV gives only as counts."""
    sibling = path.with_suffix(".json")
    if not sibling.is_file():
        return None
    try:
        document = json.loads(sibling.read_text(encoding="utf-8"))
        return {record["id"]: record for record in document["records"] if isinstance(record, dict) and "id" in record}
    except (ValueError, KeyError, TypeError):
        return None


def _complete_open_data(row: RowRecord, cells: list[Any], header: Header, complement: dict[str, dict] | None, mapping: Mapping, file: str) -> None:
    """Give a row of the open data what its CSV holds only as counts or derives (sources,
    stages with their notes, outcome_status), from the JSON file beside it."""
    record = complement.get(row.id or "") if complement is not None else None
    if record is not None:
        _fill(row.data, {key: value for key, value in record.items() if key in mapping.record_type.model_fields})
        for name in _derived_columns(mapping.record_type):  # the CSV's column is derived from other records; the JSON keeps what the record says
            if name in record and name in mapping.record_type.model_fields:
                row.data.pop(name, None)
                if record[name] is not None:
                    row.data[name] = record[name]
        return
    for index, name in header.names.items():
        text = str(cells[index]) if index < len(cells) and cells[index] is not None else ""
        if name.endswith(".count") and text.isdigit() and int(text) > 0:
            row.problems.append(ImportProblem(
                file, row.sheet, row.row, column_letter(index),
                f"{name} is {text}, but a CSV holds only their number: put the open data's {mapping.record_type.folder}.json beside the CSV to import them",
            ))


@functools.cache
def _derived_columns(record_type: type[Record]) -> tuple[str, ...]:
    """The open data's columns that hold a value derived from other records (a consultation's
    outcome_status: has-outcome), not the record's own."""
    return tuple(column.name for column in get_columns(record_type) if column.uses_archive)


def _fill(data: dict[str, Any], source: dict[str, Any]) -> None:
    """Add to ``data`` every value of ``source`` it lacks (nulls and empty lists left out)."""
    for key, value in source.items():
        if value is None or value == []:
            continue
        if key not in data:
            data[key] = value
        elif isinstance(value, dict) and isinstance(data[key], dict):
            _fill(data[key], value)


def _check_duplicates(rows: list[RowRecord], file: str) -> None:
    first: dict[str, RowRecord] = {}
    for row in rows:
        if row.id is None:
            continue
        seen = first.setdefault(row.id, row)
        if seen is row:
            continue
        where = f"row {seen.row}" if seen.sheet == row.sheet else f"sheet '{seen.sheet}' row {seen.row}"
        letter = row.columns.get("number") or row.columns.get("id") or "-"
        number = row.texts.get("number")
        what = f"{row.headers.get(letter, 'number')} '{number}'" if number is not None else "the row"
        row.problems.append(ImportProblem(file, row.sheet, row.row, letter, f"{what} gives the id '{row.id}', as {where} does; each record needs its own"))
        row.id = None


def _header_comment(plan: ImportPlan, mapping: Mapping) -> str:
    replaced = ", ".join(mapping.updates) if mapping.updates else "nothing"
    return f"{MARKER} from {plan.file}. Importing again replaces: {replaced}.\nWhat is added or changed by hand elsewhere is kept."


def _plan_files(plan: ImportPlan, rows: list[RowRecord], mapping: Mapping, existing: dict[str, _Existing], units: UnitIndex, content_dir: Path, root: Path) -> None:
    record_type = mapping.record_type
    header = _header_comment(plan, mapping)
    dates = {leaf for leaf in _date_leaves(record_type)}
    order = field_order(record_type)
    for row in rows:
        if row.id is None:
            continue
        found = existing.get(row.id)
        if found is None:
            folder = content_dir / record_type.folder
            if record_type is Consultation:
                folder = folder / consultation_folder(_date_or_none(row.data.get("date")))
            for suffix, text in render_record(record_type, row.data, header).items():
                plan.changes.append(FileChange(folder / f"{row.id}{suffix}", "create", text, row=row))
            plan.published.append(get_address(record_type.folder, row.id))
            continue
        letter = row.columns.get("number") or row.columns.get("id") or "-"
        if found.raw.folder != record_type.folder:
            row.problems.append(ImportProblem(plan.file, row.sheet, row.row, letter, f"the id '{row.id}' is already used by {found.raw.path}, {TYPES_BY_FOLDER[found.raw.folder].kind}"))
            continue
        text, newline = _read_keeping_line_ends(found.file)
        first_lines = text.lstrip("\ufeff").split("\n", 2)[:2]
        if not any(line.startswith(f"# {MARKER}") for line in first_lines):
            row.problems.append(ImportProblem(plan.file, row.sheet, row.row, letter, f"{found.raw.path} has the id '{row.id}' and was not written by shangliang import, so it is not changed; give the row another id, or remove the file"))
            continue
        changes = {leaf: value for leaf, value in owned_leaves(row.data, mapping.updates).items() if not same(value_at(found.raw.data, leaf), value)}
        if not changes:
            plan.changes.append(FileChange(found.file, "unchanged", text, text, row=row))
            continue
        patched, blocked = patch(text, found.file.suffix == ".md", changes, dates, order)
        if patched is None:
            dotted = ".".join(blocked or ())
            row.problems.append(ImportProblem(
                plan.file, row.sheet, row.row, row.letter_of(dotted),
                f"{found.raw.path} was laid out by hand where {dotted} is written (another layout, or a comment among its lines), "
                f"so it is not updated; write the new value ({_shown(changes[blocked])}) there by hand",  # type: ignore[index]
            ))
            continue
        plan.changes.append(FileChange(found.file, "update", patched.replace("\n", newline), text.replace("\n", newline), row=row))
    plan.new_units = list(units.new.values())
    for unit in plan.new_units:
        header = (
            f"{MARKER} from {plan.file}, for the unit named {unit.name} ({unit.sheet}:{unit.row}).\n"
            "Check it is not another name of a unit the archive has: if it is, add the name to that unit's aliases and import again."
        )
        text = render_record(Unit, {"id": unit.id, "name": {"zh": unit.name}}, header)[".yml"]
        plan.changes.append(FileChange(content_dir / Unit.folder / f"{unit.id}.yml", "create", text, unit=unit))
        plan.published.append(get_address(Unit.folder, unit.id))


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _read_keeping_line_ends(file: Path) -> tuple[str, str]:
    """The text of ``file`` with ``\\n`` line ends, and the line end the file uses: a file
    checked out with Windows line ends keeps them, so that its diff shows only what changed."""
    with file.open(encoding="utf-8", newline="") as opened:
        text = opened.read()
    return text.replace("\r\n", "\n"), "\r\n" if "\r\n" in text else "\n"


def _date_or_none(value: Any) -> Date | None:
    try:
        return Date.parse(value) if value is not None else None
    except ValueError:
        return None


def _date_leaves(model: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    from pydantic import BaseModel

    from ..field_types import unwrap_field_type

    leaves = []
    for name, info in model.model_fields.items():
        inner, is_list = unwrap_field_type(info.annotation)
        if inner is Date and not is_list:
            leaves.append((*path, name))
        elif isinstance(inner, type) and issubclass(inner, BaseModel) and not is_list:
            leaves += _date_leaves(inner, (*path, name))
    return leaves


def _check_planned(plan: ImportPlan, rows: list[RowRecord], content_dir: Path, root: Path, cache: LoadCache, partial: bool) -> None:
    """Check the archive as it would be with the planned files, and give each problem of a
    planned file to the row it comes from. With ``partial``, leave out the rows with problems
    and check the rest again, until what is left passes."""
    while True:
        if partial:
            _drop_unnamed_units(plan)
        problems, plan.other_problems = _validate_planned(plan, content_dir, root, cache)
        by_path = {relative_path(change.path, root): change for change in plan.changes}
        units_first = sorted(problems, key=lambda p: (by_path.get(p.path) is None or by_path[p.path].unit is None))
        for problem in units_first:
            change = by_path.get(problem.path) or by_path.get(problem.path.removesuffix(".en.md") + ".md")
            if change is None:
                continue
            field_name = problem.field if problem.field != "-" else _field_at_line(change, problem.line)
            if change.unit is not None:
                unit = change.unit
                message = f"the unit '{unit.name}' cannot have a record of its own ({change.path.name}): {field_name}: {problem.message}"
                unit.problems.append(ImportProblem(plan.file, unit.sheet, unit.row, unit.letter, message))
                continue
            row = change.row
            if row is None or any(field_name == f or field_name.startswith((f + ".", f + "[")) for f in row.failed_fields):
                continue
            if any(f"'{unit.id}'" in problem.message for unit in plan.new_units if unit.problems):
                continue  # the unit's own problem says why
            row.problems.append(ImportProblem(plan.file, row.sheet, row.row, row.letter_of(field_name), _located(row, field_name, problem.message)))
        failing = any(change.row is not None and change.row.problems or change.unit is not None and change.unit.problems for change in plan.changes)
        if not partial or not failing:
            break
        _drop_failed(plan)  # each round leaves out at least one file, so this ends
    plan.problems += [p for unit in plan.new_units for p in unit.problems]


def _drop_unnamed_units(plan: ImportPlan) -> None:
    """Leave out the new units no row left names (``--partial``)."""
    named = {unit_id for change in plan.changes if change.row is not None for unit_id in _units_named(change.row.data)}
    unnamed = {id(change) for change in plan.changes if change.unit is not None and change.unit.id not in named}
    addresses = {get_address(Unit.folder, change.unit.id) for change in plan.changes if id(change) in unnamed}  # type: ignore[union-attr]
    plan.changes = [change for change in plan.changes if id(change) not in unnamed]
    plan.published = [address for address in plan.published if address not in addresses]


def _units_named(data: dict[str, Any]) -> list[str]:
    units = data.get("units")
    if isinstance(units, dict):
        return [*units.get("lead", []), *units.get("co", [])]
    return list(units) if isinstance(units, list) else []


def _located(row: RowRecord, field_name: str, message: str) -> str:
    header = row.headers.get(row.letter_of(field_name))
    field_name = field_name if field_name != "-" else "the record"
    if header and header != field_name:
        return f"{header} ({field_name}): {message}"
    return f"{field_name}: {message}"


def _field_at_line(change: FileChange, line: int) -> str:
    """The field written on ``line`` of a planned file, for a problem of the line itself (too
    long, an odd character), or ``-``."""
    from ..loader import dotted, parse_yaml, split_front_matter

    text, offset = change.text, 0
    if change.path.suffix == ".md":
        front, _, _ = split_front_matter(text, "-")
        text, offset = front or "", 1
    _, lines, _ = parse_yaml(text, "-", offset)
    at = [path for path, number in lines.items() if number == line and path]
    return dotted(max(at, key=len)) if at else "-"


def _drop_failed(plan: ImportPlan) -> None:
    """Leave out the files of rows with problems, and the new units only they named
    (``--partial``): the rows left are checked again, for what leaving these out breaks."""
    failed = [change for change in plan.changes if change.row is not None and change.row.problems or change.unit is not None and change.unit.problems]
    gone = {id(change) for change in failed}
    kept = [change for change in plan.changes if id(change) not in gone]
    dropped = {get_address(Unit.folder if c.unit else plan.record_type.folder, c.unit.id if c.unit else c.row.id or "") for c in failed}  # type: ignore[union-attr]
    plan.changes = kept
    plan.published = [address for address in plan.published if address not in dropped]


def _validate_planned(plan: ImportPlan, content_dir: Path, root: Path, cache: LoadCache) -> tuple[list[Problem], int]:
    """The problems of the planned files, from loading the archive as it would be with them
    (``files.as_if_written``: nothing is written to check them); and how many problems the
    archive has elsewhere."""
    texts = {change.path: change.text for change in plan.changes}
    published = content_dir / PUBLISHED_FILE
    if plan.published and published.is_file():
        texts[published] = _published_text(published, plan.published)[0].replace("\r\n", "\n")
    with as_if_written(texts):
        try:
            load_archive(content_dir, root, cache)
        except ContentError as error:
            planned = {relative_path(path, root) for path in texts if path != published}
            mine = [p for p in error.problems if p.path in planned]
            return mine, len(error.problems) - len(mine)
    return [], 0


def _published_text(file: Path, addresses: list[str]) -> tuple[str, int]:
    """The published list with the addresses it lacks added (in the file's own line ends),
    and how many were added."""
    text, newline = _read_keeping_line_ends(file)
    text, added = with_published(text, addresses)
    return text.replace("\n", newline), added


def write_plan(plan: ImportPlan, content_dir: Path) -> int:
    """Write the planned files and the published list's new lines; how many lines were added.

    Every file is first written beside its place (a hidden file, which no load reads), then
    all are moved into place: a file that cannot be written leaves none written; one that
    cannot be moved (open in another program, on Windows) stops the import, saying how far it
    got, and the same import run again finishes it."""
    writes = [(change.path, change.text) for change in plan.changes if change.action != "unchanged"]
    published, added = content_dir / PUBLISHED_FILE, 0
    if plan.published and published.is_file():
        text, added = _published_text(published, plan.published)
        if added:
            writes.append((published, text))
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.importing")
            with temporary.open("w", encoding="utf-8", newline="") as file:  # the text's own line ends
                staged.append((temporary, path))
                file.write(text)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise ShangliangError(f"{relative_path(path, content_dir.parent)} cannot be written ({error.strerror or error}); nothing was written") from None
    for done, (temporary, path) in enumerate(staged):
        try:
            os.replace(temporary, path)
        except OSError as error:
            for left, _ in staged[done:]:
                left.unlink(missing_ok=True)
            raise ShangliangError(
                f"{relative_path(path, content_dir.parent)} cannot be replaced ({error.strerror or error}): {done} of {len(staged)} files "
                "were written before it; close the program that holds it and run the same import again to write the rest"
            ) from None
    return added
