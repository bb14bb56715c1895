"""Problems written for the machines that show them on a pull request.

* ``github``: one workflow command per problem, ``::error file=…,line=…,title=…::message``;
  GitHub Actions turns each into an annotation on that line of the pull request's diff.
* ``gitlab``: a Code Quality report (a JSON list), which GitLab shows in the merge request.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

from .errors import Problem

GITLAB_SEVERITY = "blocker"
"""Every problem stops the build, so every problem blocks the merge."""


def format_github(problems: list[Problem]) -> str:
    """One ``::error`` workflow command per problem."""
    lines = []
    for problem in problems:
        properties = {"file": problem.path, "line": str(problem.line), "title": _title(problem)}
        written = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
        lines.append(f"::error {written}::{_escape_data(problem.message)}")
    return "\n".join(lines)


def format_gitlab(problems: list[Problem]) -> str:
    """A GitLab Code Quality report: a JSON list with one issue per problem."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for problem in problems:
        key = (problem.path, problem.field, problem.message)
        seen[key] += 1
        issues.append({
            "description": f"{problem.field}: {problem.message}" if problem.field != "-" else problem.message,
            "check_name": check_name(problem),
            "fingerprint": fingerprint(problem, seen[key]),
            "severity": GITLAB_SEVERITY,
            "location": {"path": problem.path, "lines": {"begin": problem.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def check_name(problem: Problem) -> str:
    """The kind of check, by the field it concerns: ``shangliang/stages.date``, or
    ``shangliang/file`` for a problem with the file as a whole."""
    field = re.sub(r"\[\d+\]", "", problem.field)
    return "shangliang/" + ("file" if field == "-" else field)


def fingerprint(problem: Problem, occurrence: int = 1) -> str:
    """A hash that stays the same while the problem does, wherever its line moves; the
    occurrence tells apart the same problem written twice in one file."""
    key = "\0".join([problem.path, problem.field, problem.message, str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _title(problem: Problem) -> str:
    return "file" if problem.field == "-" else problem.field


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
