"""Generate the editors' field reference (docs/reference.md) from the record schema.

Run ``python -m shangliang.reference > docs/reference.md`` after changing ``model.py``;
a test fails while the committed file is stale.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from .dates import Date
from .model import ID_PATTERN, RECORD_TYPES, Text
from .field_types import get_field_type
from .vocab import VOCABULARIES


def render_reference() -> str:
    lines = [
        "# Record reference",
        "",
        "<!-- Generated from generator/model.py by `python -m shangliang.reference`; do not edit. -->",
        "",
        "Every record type, its folder under `content/`, and every field. See the",
        "[editor's guide](editors-guide.md) for complete examples.",
        "",
        "Types: *text* is one line; *bilingual text* is a group `zh:` (required) and `en:`",
        "(optional; when missing the English site shows the Chinese text, marked as not yet",
        "translated); *date* is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; *id* is lower-case letters,",
        "digits and single hyphens; a *list* is written as lines starting with `- `.",
        "",
    ]
    seen: set[type[BaseModel]] = set()
    for record_type in RECORD_TYPES:
        lines += [f"## {record_type.kind} — `content/{record_type.folder}/`", "", _doc(record_type), ""]
        lines += _table(record_type)
        for nested in _nested_models(record_type):
            if nested in seen or nested is Text:
                continue
            seen.add(nested)
            lines += [f"### {nested.__name__.rstrip('_')}", "", _doc(nested), ""]
            lines += _table(nested)
    lines += ["## Vocabularies", "", "The values some fields take, with the labels shown on the site.", ""]
    for name, vocabulary in VOCABULARIES.items():
        lines += [f"### {name.replace('-', ' ')}", "", "| value | 中文 | English |", "| --- | --- | --- |"]
        lines += [f"| `{key}` | {zh} | {en} |" for key, (zh, en) in vocabulary.items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def _table(model: type[BaseModel]) -> list[str]:
    rows = ["| field | required | type | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        required = "yes" if info.is_required() else ""
        meaning = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {required} | {_type_name(info.annotation, info.metadata)} | {meaning} |")
    return rows + [""]


def _type_name(annotation: Any, metadata: list) -> str:
    inner = get_field_type(annotation)
    stripped = annotation
    while typing.get_origin(stripped) in (typing.Annotated,):
        stripped = typing.get_args(stripped)[0]
    is_list = typing.get_origin(stripped) is tuple
    if inner is Text:
        name = "bilingual text"
    elif inner is Date:
        name = "date"
    elif typing.get_origin(inner) is typing.Literal:
        name = "one of " + ", ".join(f"`{v}`" for v in typing.get_args(inner))
    elif isinstance(inner, type) and issubclass(inner, BaseModel):
        name = f"[{inner.__name__.rstrip('_')}](#{inner.__name__.rstrip('_').lower()})"
    elif inner is int:
        name = "whole number"
    elif _is_id(annotation, metadata):
        name = "id"
    else:
        name = "text"
    return f"list of {name}" if is_list else name


def _is_id(annotation: Any, metadata: list) -> bool:
    """Ids are strings constrained by ``ID_PATTERN``, directly or inside a list."""
    constraints = list(metadata)
    for arg in typing.get_args(annotation):
        constraints += list(getattr(arg, "__metadata__", ()))
    return any(getattr(item, "pattern", None) == ID_PATTERN for item in constraints)


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = []
    for info in model.model_fields.values():
        inner = get_field_type(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found.append(inner)
            found += _nested_models(inner)
    return found


if __name__ == "__main__":
    print(render_reference(), end="")
