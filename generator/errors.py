"""The one small exception hierarchy of Shangliang. Library code raises; adapters report."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ShangliangError(Exception):
    """Base of every error Shangliang raises on purpose."""


class ContentError(ShangliangError):
    """The archive's content has problems; all of them are in ``problems``, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [str(problem) for problem in self.problems]
        lines.append(f"{count} {noun} found; nothing was built.")
        return "\n".join(lines)


class BuildError(ShangliangError):
    """The site could not be built for a reason other than the content."""
