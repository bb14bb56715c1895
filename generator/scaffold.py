"""Scaffold a new record with its required fields, generated from the schema itself."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .archive import Archive
from .dates import Date
from .errors import ShangliangError
from .model import ID_PATTERN, TYPES_BY_KIND, Consultation, Platform, Proposal, Record, Text, Unit
from .validate import _unwrap

REFERENCES: dict[str, tuple[type[Record], ...]] = {
    "platform": (Platform,),
    "parent": (Platform,),
    "concerns": (Consultation, Proposal),
    "lead": (Unit,),
}
"""Required reference fields, and the record types a placeholder id is taken from."""
SCAFFOLDED: dict[type[Record], set[str]] = {Consultation: {"date", "format", "stages"}}
"""Optional fields a new record of a type starts with all the same: a consultation (the
default activity) needs its format and stages, and most have a date."""


def scaffold_record(kind: str, record_id: str, content_dir: Path, archive: Archive | None, today: dt.date) -> dict[Path, str]:
    """The files of a new record of type ``kind``: path → text. Nothing is written here."""
    import re

    if kind not in TYPES_BY_KIND:
        raise ShangliangError(f"unknown record type '{kind}'; expected one of: {', '.join(TYPES_BY_KIND)}")
    if not re.match(ID_PATTERN, record_id):
        raise ShangliangError(f"'{record_id}' is not a valid id; use lower-case letters, digits and single hyphens, e.g. 'jining-2022-culture'")
    if archive is not None and record_id in archive.records:
        raise ShangliangError(f"the id '{record_id}' is already used by {archive.sources[record_id].path}")
    record_type = TYPES_BY_KIND[kind]
    writer = _Writer(archive, today)
    lines = [f"# {_first_line(record_type.__doc__)}", f"id: {record_id}"]
    lines += writer.fields(record_type, indent="", skip={"id", "summary"}, also=SCAFFOLDED.get(record_type, set()))
    folder = content_dir / record_type.folder
    if record_type is Consultation:
        folder = folder / str(today.year)
        front = "---\n" + "\n".join(lines) + "\n---\n"
        return {
            folder / f"{record_id}.md": front + "\n在这里用中文写这次协商的概述（Markdown）。\n",
            folder / f"{record_id}.en.md": "Write the English summary here (Markdown). Delete this file if there is no translation yet.\n",
        }
    return {folder / f"{record_id}.yml": "\n".join(lines) + "\n"}


class _Writer:
    def __init__(self, archive: Archive | None, today: dt.date):
        self.archive = archive
        self.today = today

    def fields(self, model: type[BaseModel], indent: str, skip: set[str] = set(), also: set[str] = set()) -> list[str]:
        lines = []
        optional = []
        for name, info in model.model_fields.items():
            if name in skip:
                continue
            if not info.is_required() and name not in also:
                optional.append(name)
                continue
            lines.append(f"{indent}# {_first_line(info.description)}")
            lines += self.value(name, info.annotation, indent)
        if optional:
            lines.append(f"{indent}# Optional: {', '.join(optional)} (see docs/reference.md)")
        return lines

    def value(self, name: str, annotation: Any, indent: str) -> list[str]:
        inner = _unwrap(annotation)
        is_list = typing.get_origin(_strip_annotated(annotation)) is tuple
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if inner is Text:
                body = [f"{indent}  zh: （请填写）", f"{indent}  # en: the English text, once translated"]
            else:
                body = self.fields(inner, indent + "  ")
            if is_list:
                first, *rest = body
                return [f"{indent}{name}:", f"{indent}  - {first.strip()}"] + ["  " + line for line in rest]
            return [f"{indent}{name}:"] + body
        scalar = self.scalar(name, inner)
        if is_list:
            return [f"{indent}{name}:", f"{indent}  - {scalar}"]
        return [f"{indent}{name}: {scalar}"]

    def scalar(self, name: str, inner: Any) -> str:
        if inner is Date:
            return self.today.isoformat()
        if typing.get_origin(inner) is typing.Literal:
            return str(typing.get_args(inner)[0])
        if name in REFERENCES:
            return self.reference(REFERENCES[name])
        return "（请填写）"

    def reference(self, types: tuple[type[Record], ...]) -> str:
        if self.archive is not None:
            for record in self.archive.records.values():
                if isinstance(record, types):
                    return record.id
        return f"{types[0].kind}-id-to-fill"


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _first_line(text: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    paragraph = (text or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines())
