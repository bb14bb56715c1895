"""What the record schema says of a field: the type inside its annotation, the model that
holds the fields at a path, and its description. Validation, placeholders, the reference,
the open data and ``shangliang new`` read the schema through these."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def unwrap_field_type(annotation: Any) -> tuple[Any, bool]:
    """The model, literal or plain type inside ``X | None``, ``tuple[X, ...]`` and
    ``Annotated[X, …]``, and whether the field holds a list of them."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is tuple:
            is_list = True
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, is_list


def get_field_type(annotation: Any) -> Any:
    """The model, literal or plain type a field holds, whether one or a list of them."""
    return unwrap_field_type(annotation)[0]


def get_field_annotation(owner: type[BaseModel] | None, name: Any) -> Any:
    """The type the field ``name`` of ``owner`` holds, or None when there is no such field."""
    if owner is None or name not in owner.model_fields:
        return None
    return get_field_type(owner.model_fields[name].annotation)


def get_model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the fields at ``loc`` (list indexes skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        current = get_field_annotation(current, part)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
    return current


def describe_field(owner: type[BaseModel] | None, name: Any) -> str:
    """The first sentence of a field's description, to say what is expected; ``a value`` when
    there is none."""
    if owner is None or name not in owner.model_fields:
        return "a value"
    description = (owner.model_fields[name].description or "a value").strip()
    paragraph = " ".join(description.split("\n\n")[0].split())  # docstrings wrap lines
    first = paragraph.replace("``", "'").rstrip(".")
    return first[0].lower() + first[1:] if first else "a value"
