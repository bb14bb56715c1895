"""Read a spreadsheet into sheets of rows: ``.xlsx`` (openpyxl) or ``.csv``.

Every cell comes back as the value the spreadsheet program shows: text, a number, a
``datetime`` for a date cell, None when empty, or a ``Unreadable`` that says why the value
cannot be trusted (a formula whose result was never saved, an error such as ``#REF!``).
A merged range's value is given to every cell of the range, as the editor sees it: a lead
unit merged down five rows belongs to each of the five.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import NOWHERE, ImportFailed, ImportProblem

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
"""Tried in order: what most programs write, then what Excel in Chinese saves as "CSV"."""
MAX_BYTES = 200 * 1024 * 1024
"""A larger file is refused before it is read."""


@dataclass(frozen=True)
class Unreadable:
    """A cell whose value the file does not hold."""

    reason: str


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    hidden: bool = False
    """Hidden in the workbook: imported only when named (``--sheet``)."""
    """``(row number, cells)`` for every row that has a value, in order; cell ``k`` is column ``k + 1``."""


def column_letter(index: int) -> str:
    """The letters of the 0-based column ``index``: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, shown: str) -> list[Sheet]:
    """The sheets of the spreadsheet at ``path`` (``shown`` is its name in messages)."""
    suffix = path.suffix.lower()
    problem = None
    if suffix not in SPREADSHEET_SUFFIXES:
        problem = f"a spreadsheet must be an .xlsx or .csv file, found '{path.suffix or path.name}'; save it as .xlsx in the spreadsheet program"
    elif not path.is_file():
        problem = "no such file"
    elif path.stat().st_size > MAX_BYTES:
        problem = f"the file is larger than {MAX_BYTES // 1024 // 1024} MB"
    if problem:
        raise ImportFailed([ImportProblem(shown, "-", NOWHERE, "-", problem)])
    if suffix == ".csv":
        return [_read_csv(path, shown)]
    return _read_xlsx(path, shown)


def _read_csv(path: Path, shown: str) -> Sheet:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFailed([ImportProblem(shown, path.stem, NOWHERE, "-", "the file is neither UTF-8 nor GB18030 text; save it as 'CSV UTF-8' in the spreadsheet program")])
    sheet = Sheet(path.stem)
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # rows as a spreadsheet program numbers them: a cell's line breaks start no row
            row = [cell if cell != "" else None for cell in cells]
            if any(cell is not None for cell in row):
                sheet.rows.append((number, row))
    except csv.Error as error:
        raise ImportFailed([ImportProblem(shown, sheet.name, number + 1, "-", f"the CSV cannot be read here: {error}")]) from None
    return sheet


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _read_xlsx(path: Path, shown: str) -> list[Sheet]:
    import openpyxl  # only the import command needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False) if _has_formulas(path) else None
        sheets = [_read_sheet(path, worksheet, formulas) for worksheet in book.worksheets]
    except Exception as error:  # a damaged or foreign file: zipfile, XML and openpyxl each raise their own
        raise ImportFailed([ImportProblem(shown, "-", NOWHERE, "-", f"the file cannot be read as an .xlsx workbook ({type(error).__name__}: {error}); open it in the spreadsheet program and save it again as .xlsx")]) from None
    return sheets


def _read_sheet(path: Path, worksheet: Any, formulas: Any) -> Sheet:
    """One sheet, read as a stream (openpyxl's read-only mode: a few times faster), its merged
    ranges from the sheet's XML, which that mode does not read."""
    sheet = Sheet(worksheet.title, hidden=worksheet.sheet_state != "visible")
    grid: dict[tuple[int, int], Any] = {}
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value: Any = cell.value
            if cell.data_type == "e":
                value = Unreadable(f"the cell holds the error {cell.value}")
            grid[(cell.row, cell.column)] = value
    if formulas is not None:
        for row in formulas[worksheet.title].iter_rows():
            for cell in row:
                if cell.data_type == "f" and (cell.row, cell.column) not in grid:
                    grid[(cell.row, cell.column)] = Unreadable(
                        f"the cell is a formula ({cell.value}) whose result the file does not hold; "
                        "open the file in the spreadsheet program and save it, or paste the values"
                    )
    for top, left, bottom, right in _merged_ranges(path, worksheet):
        value = grid.get((top, left))
        if value is None:
            continue
        for row_number in range(top, bottom + 1):
            for column in range(left, right + 1):
                grid[(row_number, column)] = value
    by_row: dict[int, dict[int, Any]] = {}
    for (row_number, column), value in grid.items():
        by_row.setdefault(row_number, {})[column] = value
    for row_number in sorted(by_row):
        cells = by_row[row_number]
        sheet.rows.append((row_number, [cells.get(column) for column in range(1, max(cells) + 1)]))
    return sheet


def _merged_ranges(path: Path, worksheet: Any) -> list[tuple[int, int, int, int]]:
    """``(top row, left column, bottom row, right column)`` of each merged range of the sheet."""
    part = getattr(worksheet, "_worksheet_path", None)
    if part is None:  # an openpyxl that no longer says where the sheet is: never drop merged values silently
        raise RuntimeError("this openpyxl does not give the sheet's part, so its merged cells cannot be read")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part) if part in archive.namelist() else b""
    ranges = []
    for left, top, right, bottom in _MERGED.findall(xml):
        ranges.append((int(top), _column_number(left.decode()), int(bottom), _column_number(right.decode())))
    return ranges


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _has_formulas(path: Path) -> bool:
    """Whether any sheet holds a formula: only then is the workbook read a second time, for
    the formulas behind cells with no saved result."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if _FORMULA.search(archive.read(name)):
                    return True
    return False
