"""Turn the rows of a sheet into records' data: find the header row, match its headers to
fields, convert each cell, and make each row's id."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..model import ID_PATTERN, MAX_ID_LENGTH, Proposal
from .cells import cell_text, normalise, parse_choice, parse_count, parse_date, slug, split_items
from .mapping import Mapping
from .merge import value_at
from .problems import ImportProblem
from .tables import Sheet, Unreadable, column_letter
from .units import UnitIndex

HEADER_SEARCH_ROWS = 20
"""How far down a sheet its header row is looked for (title rows and notes come first)."""
MIN_HEADERS = 2
"""A header row names at least this many known columns."""
GROUP_WORDS = ("委员会", "委会", "专委会", "工商联", "界别", "小组", "支部", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派", "政协", "党派")
"""Words in a proposer's name that make the proposal a group's (集体提案)."""


@dataclass(frozen=True)
class Column:
    index: int
    letter: str
    header: str
    field: str
    """Dotted name of the field it fills."""


@dataclass
class Header:
    row: int
    columns: list[Column]
    ignored: list[str]
    """Headers no field takes (序号, 备注 …), by letter: ``A (序号)``."""
    open_data: bool
    """The sheet is Shangliang's own open data (``id`` and ``page`` columns)."""
    names: dict[int, str] = field(default_factory=dict)
    """Every header of the row, by column index."""


@dataclass
class RowRecord:
    """One row, converted."""

    sheet: str
    row: int
    data: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)
    """Dotted field name → column letter, to say where a problem of the record comes from."""
    headers: dict[str, str] = field(default_factory=dict)
    """Column letter → header."""
    problems: list[ImportProblem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    """Dotted field name → the cell's text, as the sheet shows it."""
    failed_fields: set[str] = field(default_factory=set)
    """Fields left out because their cell could not be read: validation's complaints about
    them are echoes."""
    id: str | None = None

    def letter_of(self, dotted: str) -> str:
        """The column the field ``dotted`` (or the nearest group holding it) came from."""
        dotted = re.sub(r"\[\d+\]", "", dotted)
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            letter = self.columns.get(".".join(parts[:end]))
            if letter:
                return letter
        prefix = dotted + "."
        return next((letter for name, letter in self.columns.items() if name.startswith(prefix)), "-")


def find_header(sheet: Sheet, mapping: Mapping) -> Header | None:
    """The sheet's header row, or None when no row of its first rows names enough known columns."""
    candidates = sheet.rows[:HEADER_SEARCH_ROWS]
    if mapping.header_row is not None:
        candidates = [row for row in sheet.rows if row[0] == mapping.header_row]
    best = None
    previous: list[Any] = []
    for number, cells in candidates:
        columns = _match_headers(cells, previous, mapping)
        if len(columns) >= MIN_HEADERS and (best is None or len(columns) > len(best[1])):
            best = (number, columns, cells, previous)
        previous = cells
    if best is None:
        return None
    number, columns, cells, _ = best
    used = {column.index for column in columns}
    ignored = [f"{column_letter(i)} ({cell_text(value)})" for i, value in enumerate(cells) if i not in used and cell_text(value)]
    names = {normalise(cell_text(value) or "") for value in cells}
    return Header(
        number, columns, ignored, open_data={"id", "page"} <= names,
        names={i: text for i, value in enumerate(cells) if (text := cell_text(value))},
    )


def _match_headers(cells: list[Any], above: list[Any], mapping: Mapping) -> list[Column]:
    """The columns whose header (or, under a header merged across columns, the header above
    and this one together: 答复 + 日期) names a field; the first column of a field wins."""
    columns: list[Column] = []
    taken: set[str] = set()
    for index, value in enumerate(cells):
        text = cell_text(value) if not isinstance(value, Unreadable) else None
        if not text:
            continue
        names = [text]
        parent = cell_text(above[index]) if index < len(above) and not isinstance(above[index], Unreadable) else None
        if parent and parent != text:
            names.insert(0, parent + text)  # 答复 merged over 类别 is 答复类别 before it is 类别
        for name in names:
            dotted = mapping.headers.get(normalise(name).strip("*:"))  # 案号*: a required column's mark
            if dotted is not None and dotted not in taken:
                taken.add(dotted)
                columns.append(Column(index, column_letter(index), text, dotted))
                break
    return columns


def convert_row(
    file: str, sheet: str, number: int, cells: list[Any], header: Header, mapping: Mapping, units: UnitIndex
) -> RowRecord:
    """The record data of one row, with the problems of its cells."""
    row = RowRecord(sheet, number, _constants(mapping.constants))
    row.headers = {column.letter: column.header for column in header.columns}
    given: dict[str, Column] = {}

    def problem(column: Column | None, message: str) -> None:
        letter = column.letter if column else "-"
        row.problems.append(ImportProblem(file, sheet, number, letter, message))

    for column in header.columns:
        value = cells[column.index] if column.index < len(cells) else None
        spec = mapping.fields[column.field]
        row.columns[column.field] = column.letter
        if isinstance(value, Unreadable):
            problem(column, f"{column.header}: {value.reason}")
            row.failed_fields.add(column.field)
            continue
        text = cell_text(value)
        if text is None:
            continue
        if header.open_data and text.startswith("'"):
            text = text[1:]  # the open data's guard against formulas (export.neutralise_cell)
            value = text
        if header.open_data and column.field == "outcome_status" and text == "has-outcome":
            continue  # derived from the outcome records, which are imported on their own
        given[column.field] = column
        row.texts[column.field] = text
        try:
            converted = _convert(spec.kind, column.field, value, text, mapping, units, header.open_data, (sheet, number, column.letter))
        except ValueError as error:
            problem(column, f"{column.header}: {error}")
            row.failed_fields.add(column.field)
            continue
        if spec.kind == "texts":
            _set_items(row.data, spec.path, converted)
        else:
            _set(row.data, spec.path, converted)
        if column.field == "registration.status" and converted == "not-registered" and "registration.reason.zh" not in given:
            if normalise(text) not in ("不予立案", "不立案", "not-registered", "notregistered"):
                _set(row.data, ("registration", "reason", "zh"), text)  # 转社情民意: what it became
    if mapping.record_type is Proposal and not header.open_data:
        _derive_proposal(row, given, problem)
    row.id = _make_id(row, given, header, mapping, problem)
    return row


def _convert(kind: str, dotted: str, value: Any, text: str, mapping: Mapping, units: UnitIndex, open_data: bool, where: tuple[str, int, str]) -> Any:
    if kind == "text":
        return text
    if kind == "line":
        return unicodedata.normalize("NFKC", text) if dotted == "number" else text  # ０１２ as 012
    if kind in ("texts", "lines"):  # the open data joins a list's texts with line breaks (export.TEXT_SEPARATOR)
        return [item.strip() for item in text.split("\n") if item.strip()] if open_data else split_items(text)
    if kind == "date":
        return parse_date(value)
    if kind == "choice":
        return parse_choice(text, mapping.choices[dotted], mapping.shown_choices(dotted))
    if kind == "count":
        return parse_count(value)
    if kind == "id":
        return text
    if kind == "ids":
        return split_items(text)
    if kind == "units":
        found = []
        for name in split_items(text):
            if not re.search(r"\w", name):
                raise ValueError(f"'{name}' is not the name of a unit")
            unit_id = mapping.unit_aliases.get(normalise(name)) or units.find(name)
            if unit_id is None:
                if open_data:
                    raise ValueError(f"no unit has the id '{name}'")
                unit_id = units.propose(name, *where).id
            if unit_id not in found:
                found.append(unit_id)
        return found
    raise AssertionError(kind)  # pragma: no cover - fields.find_field makes only these kinds


def _derive_proposal(row: RowRecord, given: dict[str, Column], problem) -> None:
    """What a proposal's row implies without a column saying it: one proposer's name is an
    individual's proposal, several a joint one, a party's or committee's name a group's; a
    proposal with units or a reply was registered."""
    data = row.data
    names = [name["zh"] for name in data.get("proposers", {}).get("names", []) if name.get("zh")]
    if names and "type" not in data.get("proposers", {}):
        kind = "joint" if len(names) > 1 else "group" if any(word in names[0] for word in GROUP_WORDS) else "individual"
        _set(data, ("proposers", "type"), kind)
        row.columns.setdefault("proposers.type", row.columns.get("proposers.names.zh", "-"))
    registration = data.get("registration", {})
    if "status" not in registration and "registration.status" not in row.failed_fields:
        if data.get("units") or data.get("reply") or registration.get("date"):
            _set(data, ("registration", "status"), "registered")
        else:
            problem(None, "nothing says whether the proposal was registered (立案): the row has no 办理状态 (or 立案情况) and no units; "
                          "add the column, or set registration.status in the mapping")
            row.failed_fields.add("registration")
    reply = data.get("reply")
    if reply and "date" not in reply and "reply.date" not in row.failed_fields:
        column = given.get("reply.outcome") or given.get("reply.proposer_view")
        header = column.header if column else "reply"
        shown = row.texts.get(column.field, "") if column else ""
        problem(column, f"{header}: '{shown}' has no reply date (答复日期) beside it; a reply is recorded with its date")
        row.failed_fields.add("reply")


def _make_id(row: RowRecord, given: dict[str, Column], header: Header, mapping: Mapping, problem) -> str | None:
    if "id" in given:
        return row.data.get("id")
    template = mapping.id_template
    if template is None:
        problem(None, f"the sheet has no id column (id, 标识符), and {mapping.source} says no 'id:' to make one from, e.g. id: \"jining-{{number}}\"")
        return None
    parts: dict[str, str] = {}
    for name in re.findall(r"{([^{}]+)}", template):
        if name == "year":
            date = row.data.get("date")
            value = str(date)[:4] if date else ""
            source = "date"
        else:
            value = value_at(row.data, tuple(name.split(".")))
            value = value.get("zh") if isinstance(value, dict) else value  # a text: its Chinese
            value = slug(str(value)) if value is not None else ""
            source = name
        if not value:
            column = given.get(source) or next((c for c in header.columns if c.field.startswith(source)), None)
            what = f"{column.header}" if column else source
            if source in row.failed_fields:
                return None
            problem(column, f"the id is made from {{{name}}} ({mapping.source}: id: \"{template}\"), but {what} is empty or has no letters or digits")
            return None
        parts[name] = value
    record_id = template.format_map(parts) if parts else template
    if not re.match(ID_PATTERN, record_id) or len(record_id) > MAX_ID_LENGTH:
        problem(None, f"the id made for this row, '{record_id}', is not a valid id (lower-case letters, digits and single hyphens, at most {MAX_ID_LENGTH})")
        return None
    row.data = {"id": record_id, **row.data}
    return record_id


def _constants(constants: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for dotted, value in constants.items():
        _set(data, tuple(dotted.split(".")), value)
    return data


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


def _set_items(data: dict[str, Any], path: tuple[str, ...], items: list[str]) -> None:
    """One language of a list of texts: ``path`` ends with the language."""
    *at, lang = path
    for part in at[:-1]:
        data = data.setdefault(part, {})
    texts = data.setdefault(at[-1], [])
    for index, item in enumerate(items):
        if index < len(texts):
            texts[index][lang] = item
        else:
            texts.append({lang: item})

