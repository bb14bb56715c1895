"""The one small exception hierarchy of Shangliang. Library code raises; adapters report."""

from __future__ import annotations

import re
from dataclasses import dataclass

ODD_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff"
"""A regular-expression class of the characters no record needs and that hide text or
confuse line counts: control characters (tab and line ends excepted), Unicode line and
paragraph separators, text-direction marks, a byte-order mark inside the text, and what XML
may not hold (U+FFFE, U+FFFF, halves of surrogate pairs, which only an escape such as
``"\\uD800"`` or a name that is not UTF-8 can give)."""
_UNPRINTABLE = re.compile(f"[{ODD_CHARACTERS}\n\r]")
"""Characters a report line must not print as they are: a line break in a field or file name
would start a new line that CI reads as its own (``::error::`` on GitHub), and invisible
characters would hide or reorder what the editor reads."""


def printable(text: str) -> str:
    """``text`` with line breaks, control and invisible characters written as escapes
    (``\\n``, ``\\x00``, ``\\u202e``), so that it stays on one line and shows what is there."""
    return _UNPRINTABLE.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def with_article(noun: str) -> str:
    """``a platform``, ``an outcome``: a record type or field named in a message."""
    return f"{'an' if noun[0] in 'aeio' else 'a'} {noun}"  # a unit: the u of unit sounds like 'you'


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located for the editor who must fix it."""

    path: str
    """File path relative to the project (POSIX separators)."""
    line: int
    """1-based line in that file."""
    field: str
    """Dotted field name (list items counted from 1, e.g. ``stages[2].date``), or ``-``."""
    message: str
    """What is wrong and what is expected."""

    def __str__(self) -> str:
        """One line: file, line, field and message, each printed with ``printable``."""
        return printable(f"{self.path}:{self.line}: {self.field}: {self.message}")


class ShangliangError(Exception):
    """Base of every error Shangliang raises on purpose."""


class ContentError(ShangliangError):
    """The archive's content has problems; all of them are in ``problems``, sorted."""

    def __init__(self, problems: list[Problem], outcome: str = "nothing was built"):
        self.problems = sorted(set(problems))
        self.outcome = outcome
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} {noun} found; {self.outcome}.")
        return "\n".join(lines)


class BuildError(ShangliangError):
    """The site could not be built for a reason other than the content."""
