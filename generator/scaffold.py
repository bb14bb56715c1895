"""Scaffold a new record with its required fields, generated from the schema itself.

``shangliang new`` never guesses a fact: what the editor did not give on the command line
(``--date``, ``--platform``, ``--concerns``) is written as the placeholder 【待填写】, which
validation refuses until it is replaced (``placeholders.py``).
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .dates import Date
from .errors import ShangliangError, with_article
from .loader import find_record_files, load_record_file
from .model import ID_PATTERN, TYPES_BY_FOLDER, TYPES_BY_KIND, Consultation, Record, Text, consultation_folder
from .placeholders import MARKER, describe_keys
from .field_types import unwrap_field_type

ASKED = ("date", "format", "stages")
"""Fields written even where the schema lets them be left out, because most records have
them: the editor fills them in, or removes them when the sources do not give them."""
ASKED_OF = {Consultation: ("sources",)}
"""Optional fields written for one record type: a consultation is undated until the editor
gives its date, and an undated record needs the source that tells of it."""
REFERENCE_OPTIONS = {"platform": ("platforms",), "concerns": ("consultations", "proposals")}
"""Options naming another record: the field they fill and the folders of the records they may name."""


@dataclass(frozen=True)
class KnownRecord:
    """A record file already in the archive, read only for its id."""

    folder: str
    path: str


@dataclass(frozen=True)
class Facts:
    """What the editor gave on the command line; everything else is a placeholder."""

    date: Date | None = None
    platform: str | None = None
    concerns: str | None = None

    def given(self) -> dict[str, str]:
        values = {"date": self.date.isoformat() if self.date else None, "platform": self.platform, "concerns": self.concerns}
        return {name: value for name, value in values.items() if value is not None}


def find_known_records(content_dir: Path, root: Path) -> dict[str, KnownRecord]:
    """Every record id in the archive, even of records that have problems: the id written in
    the file, else (when the file cannot be read) the file's name."""
    known: dict[str, KnownRecord] = {}
    for file in find_record_files(content_dir):
        raw, _ = load_record_file(file, content_dir, root)
        if raw is None or raw.folder not in TYPES_BY_FOLDER:
            continue
        record_id = raw.data.get("id")
        record_id = record_id if isinstance(record_id, str) else file.name.split(".")[0]
        known.setdefault(record_id, KnownRecord(raw.folder, raw.path))
    return known


def parse_date_option(text: str) -> Date:
    """The date given with ``--date``, or why it is not one."""
    try:
        return Date.parse(text)
    except ValueError as error:
        raise ShangliangError(f"--date: {error}") from None


def scaffold_record(kind: str, record_id: str, content_dir: Path, known: dict[str, KnownRecord], facts: Facts = Facts()) -> dict[Path, str]:
    """The files of a new record of type ``kind``: path → text. Nothing is written here."""
    if kind not in TYPES_BY_KIND:
        raise ShangliangError(f"unknown record type '{kind}'; expected one of: {', '.join(TYPES_BY_KIND)}")
    if not re.match(ID_PATTERN, record_id):
        raise ShangliangError(f"'{record_id}' is not a valid id; use lower-case letters, digits and single hyphens, e.g. 'jining-2022-culture'")
    if record_id in known:
        raise ShangliangError(f"the id '{record_id}' is already used by {known[record_id].path}")
    record_type = TYPES_BY_KIND[kind]
    given = facts.given()
    _check_facts(record_type, given, known)
    writer = _Writer(given)
    lines = [f"# {_first_line(record_type.__doc__)}", f"id: {record_id}"]
    lines += writer.fields(record_type, indent="", skip={"id", "summary"}, asked=(*ASKED, *ASKED_OF.get(record_type, ()), *given))
    folder = content_dir / record_type.folder
    if record_type is Consultation:
        folder = folder / consultation_folder(facts.date)  # undated/ until the date is known
        front = "---\n" + "\n".join(lines) + "\n---\n"
        return {
            folder / f"{record_id}.md": front + f"\n{MARKER} 在这里用中文写这次协商的概述（Markdown）。\n",
            folder / f"{record_id}.en.md": (
                f"{MARKER} Write the English summary here (Markdown), or delete this file until there is a translation.\n"
            ),
        }
    return {folder / f"{record_id}.yml": "\n".join(lines) + "\n"}


def _check_facts(record_type: type[Record], given: dict[str, str], known: dict[str, KnownRecord]) -> None:
    """Each option names a field of the record type, and a reference names a record of the
    right type."""
    for name, value in given.items():
        if name not in record_type.model_fields:
            raise ShangliangError(f"--{name}: {with_article(record_type.kind)} has no {name}")
        folders = REFERENCE_OPTIONS.get(name)
        if folders is None:
            continue
        wanted = " or ".join(TYPES_BY_FOLDER[folder].kind for folder in folders)
        found = known.get(value)
        if found is None:
            candidates = [record_id for record_id, record in known.items() if record.folder in folders]
            guess = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            raise ShangliangError(f"--{name}: no {wanted} has the id '{value}'{hint}")
        if found.folder not in folders:
            raise ShangliangError(f"--{name}: '{value}' is {with_article(TYPES_BY_FOLDER[found.folder].kind)} ({found.path}), expected the id of {with_article(wanted)}")


class _Writer:
    def __init__(self, given: dict[str, str]):
        self.given = given

    def fields(self, model: type[BaseModel], indent: str, skip: set[str] = set(), asked: tuple[str, ...] = ()) -> list[str]:
        lines = []
        optional = []
        for name, info in model.model_fields.items():
            if name in skip:
                continue
            if not info.is_required() and name not in asked:
                optional.append(name)
                continue
            inner = unwrap_field_type(info.annotation)[0]
            if typing.get_origin(inner) is typing.Literal:  # the choices, with their Chinese labels
                lines.append(f"{indent}# one of: {describe_keys([str(key) for key in typing.get_args(inner)])}")
            else:
                lines.append(f"{indent}# {_first_line(info.description)}")
            lines += self.value(name, info.annotation, indent, top=not indent)
        if optional:
            lines.append(f"{indent}# Optional: {', '.join(optional)} (see docs/reference.md)")
        return lines

    def value(self, name: str, annotation: Any, indent: str, top: bool) -> list[str]:
        inner, is_list = unwrap_field_type(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if inner is Text:
                body = [f"{indent}  zh: {MARKER}", f"{indent}  en: {MARKER}  # or remove this line until there is a translation"]
            else:
                body = self.fields(inner, indent + "  ")
            if is_list:
                first, *rest = body
                return [f"{indent}{name}:", f"{indent}  - {first.strip()}"] + ["  " + line for line in rest]
            return [f"{indent}{name}:"] + body
        scalar = self.given.get(name, MARKER) if top else MARKER
        if is_list:
            return [f"{indent}{name}:", f"{indent}  - {scalar}"]
        return [f"{indent}{name}: {scalar}"]


def _first_line(text: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    paragraph = (text or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines()).replace("``", "`")  # docstrings quote as reST
