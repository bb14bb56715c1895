"""Problems of a spreadsheet being imported, located by file, sheet, row and column as the
editor's spreadsheet program shows them."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ShangliangError, printable

NOWHERE = 0
"""The row of a problem of the whole sheet or file (printed ``-``)."""


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One row (or sheet, or file) that cannot be imported, and why."""

    file: str
    """The spreadsheet's name as the editor gave it."""
    sheet: str
    """The sheet's name; a CSV file's one sheet is named after the file, as spreadsheet
    programs name it."""
    row: int
    """1-based row number as the spreadsheet program shows it, or ``NOWHERE``."""
    column: str
    """Column letter (``E``), or ``-``."""
    message: str

    def __str__(self) -> str:
        row = str(self.row) if self.row != NOWHERE else "-"
        return printable(f"{self.file}:{self.sheet}:{row}:{self.column}: {self.message}")


class ImportFailed(ShangliangError):
    """Rows could not be imported; every problem is in ``problems``, sorted."""

    def __init__(self, problems: list[ImportProblem], written: bool = False):
        self.problems = sorted(set(problems), key=_order)
        self.written = written
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        tail = "the other rows were written." if self.written else "nothing was written."
        return "\n".join([*map(str, self.problems), f"{count} {noun} found; {tail}"])


def _order(problem: ImportProblem) -> tuple:
    return (problem.file, problem.sheet, problem.row, len(problem.column), problem.column, problem.message)
