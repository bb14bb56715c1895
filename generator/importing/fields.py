"""What a spreadsheet column can fill: a field of a record type, found by its dotted name
(``reply.outcome``, ``title.zh``), and how a cell becomes its value."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, StringConstraints

from ..dates import Date
from ..errors import with_article
from ..field_types import unwrap_field_type
from ..model import ID_PATTERN, Record, Text
from ..vocab import CHOICE_VOCABULARIES, VOCABULARIES

UNIT_FIELDS = {("units", "lead"), ("units", "co"), ("units",)}
"""Fields that name handling units: a cell may give the units' names, matched to unit records."""


@dataclass(frozen=True)
class FieldSpec:
    """One field a column fills."""

    path: tuple[str, ...]
    """Where the value goes in the record (``("title", "zh")``)."""
    kind: str
    """``text`` (one language of a text), ``texts`` (one language of a list of texts),
    ``date``, ``choice``, ``id``, ``ids``, ``units``, ``count``, ``line`` or ``lines``."""
    choices: tuple[str, ...] = ()
    vocabulary: str | None = None

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def find_field(record_type: type[Record], dotted: str) -> FieldSpec | str:
    """The field ``dotted`` names in ``record_type``, or why no column can fill it."""
    parts = tuple(dotted.split("."))
    model: Any = record_type
    for index, name in enumerate(parts):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or name not in model.model_fields:
            return f"'{dotted}' is not a field of {with_article(record_type.kind)}"
        annotation = model.model_fields[name].annotation
        inner, is_list = unwrap_field_type(annotation)
        rest = parts[index + 1:]
        if inner is Text:
            if len(rest) > 1 or (rest and rest[0] not in ("zh", "en")):
                return f"'{dotted}' is not a field of {with_article(record_type.kind)}; a text has 'zh' and 'en'"
            lang = rest[0] if rest else "zh"
            return FieldSpec((*parts[: index + 1], lang), "texts" if is_list else "text")
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if is_list:
                return f"'{dotted}' is a list of groups of fields, which one cell cannot hold; give it with 'set' in the mapping"
            model = inner
            if not rest:
                return f"'{dotted}' is a group of fields; map its fields ({', '.join(f'{dotted}.{n}' for n in inner.model_fields)})"
            continue
        if rest:
            return f"'{dotted}' is not a field of {with_article(record_type.kind)}"
        path = parts[: index + 1]
        if inner is Date:
            return FieldSpec(path, "date")
        if typing.get_origin(inner) is typing.Literal:
            keys = tuple(str(key) for key in typing.get_args(inner))
            return FieldSpec(path, "choice", keys, CHOICE_VOCABULARIES.get(inner))
        if inner is int:
            return FieldSpec(path, "count")
        if _is_id(annotation):
            kind = "units" if path in UNIT_FIELDS else "ids" if is_list else "id"
            return FieldSpec(path, kind)
        return FieldSpec(path, "lines" if is_list else "line")
    return f"'{dotted}' is not a field of {with_article(record_type.kind)}"  # pragma: no cover - the loop always returns


def choice_labels(spec: FieldSpec) -> dict[str, tuple[str, str]]:
    vocabulary = VOCABULARIES.get(spec.vocabulary or "", {})
    return {key: vocabulary.get(key, (key, key)) for key in spec.choices}


def _is_id(annotation: Any) -> bool:
    for argument in (annotation, *typing.get_args(annotation), *getattr(annotation, "__metadata__", ())):
        if isinstance(argument, StringConstraints):
            if argument.pattern == ID_PATTERN:
                return True
        elif argument is not annotation and (typing.get_args(argument) or getattr(argument, "__metadata__", None)):
            if _is_id(argument):
                return True
    return False
