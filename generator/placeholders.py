"""The placeholder ``shangliang new`` writes for what it cannot know, and finding it again.

``new`` writes one marker, 【待填写】 ("to be filled in"), for every text, date, choice and id
an editor must supply, in both languages. Validation refuses a record while the marker is
anywhere in it (a field, the Chinese body, the English file), one problem per place, so an
unfinished record can never be merged and published.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from pydantic import BaseModel

from .errors import Problem
from .field_types import describe_field, get_model_at, unwrap_field_type
from .loader import FieldPath, RawRecord, TextSpan, dotted
from .model import Text
from .vocab import CHOICE_VOCABULARIES, VOCABULARIES

MARKER = "【待填写】"
"""The placeholder, the same in both languages: brackets no real text uses around words no
report prints, so it is never mistaken for a fact."""
OLD_MARKERS = ("（请填写）", "在这里用中文写这次协商的概述", "Write the English summary here (Markdown)")
"""What earlier versions of ``shangliang new`` wrote instead; a record made with them is just
as unfinished."""
MARKERS = (MARKER, *OLD_MARKERS)
EXAMPLE_DATE = "2022-10-15"


@dataclass(frozen=True)
class Placeholder:
    """Where a placeholder was found."""

    at: FieldPath
    marker: str
    path: str
    line: int


def find_placeholders(raw: RawRecord, record_type: type[BaseModel]) -> list[Placeholder]:
    """Every text of ``raw`` that still holds a placeholder, with its file and line; a
    placeholder under a field ``record_type`` does not have is left to be reported as an
    unknown field (there is nothing to write there)."""
    found = []
    for at, text, span in raw.texts():
        marker = next((marker for marker in MARKERS if marker in text), None)
        if marker is not None and _is_known_field(record_type, at):
            found.append(Placeholder(at, marker, span.path, _line_of(text, marker, span)))
    return found


def _is_known_field(record_type: type[BaseModel], at: FieldPath) -> bool:
    """Whether every field name along ``at`` is a field of the model that holds it."""
    for end, part in enumerate(at):
        if isinstance(part, str):
            owner = get_model_at(record_type, tuple(at[:end]))
            if owner is not None and part not in owner.model_fields:
                return False
    return True


def _line_of(text: str, marker: str, span: TextSpan) -> int:
    return span.line_of(text[: text.index(marker)].count("\n") + 1)


def placeholder_problems(raw: RawRecord, record_type: type[BaseModel], placeholders: list[Placeholder]) -> list[Problem]:
    """One problem for each placeholder: what is still to be written there."""
    return [
        Problem(
            found.path, found.line, dotted(found.at),
            f"still the placeholder {found.marker}; write {_what_to_write(raw, record_type, found)}",
        )
        for found in placeholders
    ]


def is_under(loc: tuple, placeholders: list[Placeholder]) -> bool:
    """Whether a schema complaint at ``loc`` is about a placeholder (reported already)."""
    return any(tuple(loc[: len(found.at)]) == found.at for found in placeholders)


def _what_to_write(raw: RawRecord, record_type: type[BaseModel], found: Placeholder) -> str:
    at = found.at
    kind = getattr(record_type, "kind", "record")
    lang = at[-1] if len(at) > 1 and at[-1] in ("zh", "en") and get_model_at(record_type, at[:-1]) is Text else None
    field_at = at[:-1] if lang else at
    names = [part for part in field_at if isinstance(part, str)]
    if not names:
        return "the value"
    owner = get_model_at(record_type, tuple(field_at[:-1]) if isinstance(field_at[-1], str) else tuple(field_at[:-2]))
    name = names[-1]
    if field_at == ("summary",):
        if lang == "en" and found.path.endswith(".en.md"):
            return f"the English summary, or delete {found.path.rsplit('/', 1)[-1]} until there is a translation"
        return f"the {kind}'s summary" + (" in English, or remove the line 'en:'" if lang == "en" else "")
    annotation = owner.model_fields[name].annotation if owner is not None and name in owner.model_fields else None
    inner = unwrap_field_type(annotation)[0] if annotation is not None else None
    if typing.get_origin(inner) is typing.Literal:
        return "one of: " + describe_keys([str(key) for key in typing.get_args(inner)])
    if getattr(inner, "__name__", "") == "Date":
        if kind == "consultation" and field_at == ("date",):
            return (
                f"the date, e.g. {EXAMPLE_DATE}, and file the record under its year's folder (content/consultations/2022/); "
                "if the sources do not give the date, remove the line"
            )
        return f"the date, e.g. {EXAMPLE_DATE}"
    description = describe_field(owner, name)
    if description.startswith(("id of", "ids of")):
        return f"the {description}"
    english = " in English, or remove the line 'en:'" if lang == "en" else ""
    if len(field_at) == 1:
        return f"the {kind}'s {name.replace('_', ' ')}{english}"
    what = description.split(", e.g.")[0]  # inside a group, the field's own words say what it holds
    return (what if what.startswith("the ") else f"the {name.replace('_', ' ')}") + english


def describe_keys(keys: list[str]) -> str:
    """``plenary (全体会议), forum (专题协商会), …``: the keys, with their Chinese labels when
    they are the keys of a vocabulary."""
    labels = vocabulary_of(keys) or {}
    return ", ".join(f"{key} ({labels[key][0]})" if key in labels else key for key in keys)


def vocabulary_of(keys: list[str]) -> dict[str, tuple[str, str]] | None:
    """The labels of ``keys``, the choices of a record field, from the vocabulary
    ``vocab.CHOICE_VOCABULARIES`` names for the field's type; None for a choice it names none for."""
    name = CHOICE_VOCABULARIES.get(typing.Literal[tuple(keys)]) if keys else None  # Literal types compare as sets
    if name is None:
        return None
    return {key: VOCABULARIES[name][key] for key in keys}
