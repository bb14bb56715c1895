"""Write a record's data as the editors' guide writes records: YAML in the schema's order of
fields, two-space indents, Chinese as it is, and a value quoted only where YAML would read
it as something else.

Every value written here is read back by the loader before anything is saved (the import
validates the files it is about to write), so a value that needs quoting and is not would be
caught, never saved.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..field_types import unwrap_field_type
from ..errors import printable
from ..export import LATER_FIELDS
from ..model import Consultation, Record

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`=~][^\n]*$")
_NOT_PLAIN = re.compile(r"(:\s|\s#|:$|\s$)")
_RESOLVER = Resolver()
_ODD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def scalar(value: Any) -> str:
    """``value`` as one YAML scalar: plain where it reads back as the same text, else quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and not _NOT_PLAIN.search(text) and not _ODD.search(text) and _reads_as_text(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _reads_as_text(text: str) -> bool:
    """Whether YAML reads ``text``, unquoted, as text (not a number, date, yes/no or null)."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def date_scalar(text: str) -> str:
    """A date: plain, as the guide writes dates (``2022-03-05``)."""
    return text if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else scalar(text)


def render_fields(data: dict[str, Any], model: type[BaseModel], indent: str = "", skip: tuple[str, ...] = ()) -> list[str]:
    """The lines of ``data``'s fields, in ``model``'s order."""
    lines: list[str] = []
    for name in field_order(model):
        info = model.model_fields[name]
        if name not in data or name in skip or data[name] in (None, [], {}):
            continue
        lines += render_value(name, data[name], info.annotation, indent)
    return lines


def field_order(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` in the order they are written: the schema's, with a record's
    long texts (summary, sources) last, as the open data orders them."""
    names = list(model.model_fields)
    if issubclass(model, Record):
        names = [n for n in names if n not in LATER_FIELDS] + [n for n in names if n in LATER_FIELDS]
    return names


def render_value(name: str, value: Any, annotation: Any, indent: str) -> list[str]:
    inner, is_list = unwrap_field_type(annotation)
    is_model = isinstance(inner, type) and issubclass(inner, BaseModel)
    if is_list:
        lines = [f"{indent}{name}:"]
        for item in value:
            if is_model:
                body = render_fields(item, inner, indent + "    ")
                lines.append(f"{indent}  - {body[0].lstrip()}")
                lines += body[1:]
            else:
                lines.append(f"{indent}  - {_leaf(item, inner)}")
        return lines
    if is_model:
        return [f"{indent}{name}:"] + render_fields(value, inner, indent + "  ")
    text = str(value)
    if "\n" in text:
        return _block(name, text, indent)
    return [f"{indent}{name}: {_leaf(value, inner)}"]


def _leaf(value: Any, inner: Any) -> str:
    from ..dates import Date

    return date_scalar(str(value)) if inner is Date else scalar(value)


def _block(name: str, text: str, indent: str) -> list[str]:
    """A text of several lines as a literal block (``|``), kept as it is."""
    if text != text.strip() or _ODD.search(text) or any(line != line.rstrip() for line in text.split("\n")):
        return [f"{indent}{name}: {scalar(text)}"]
    return [f"{indent}{name}: |-"] + [f"{indent}  {line}" if line else "" for line in text.split("\n")]


def render_record(record_type: type[Record], data: dict[str, Any], header: str) -> dict[str, str]:
    """The files of a record: ``{suffix: text}`` — ``.yml``, or for a consultation ``.md`` with
    its Chinese summary as the body and ``.en.md`` with the English one."""
    comment = [f"# {printable(line)}" for line in header.split("\n")]  # a file or sheet name is the editor's, but may hold anything
    if record_type is not Consultation:
        return {".yml": "\n".join(comment + render_fields(data, record_type)) + "\n"}
    summary = data.get("summary") or {}
    front = "\n".join(["---", *comment, *render_fields(data, record_type, skip=("summary",)), "---"]) + "\n"
    files = {".md": front + (f"\n{summary['zh'].strip()}\n" if summary.get("zh") else "")}
    if summary.get("en"):
        files[".en.md"] = summary["en"].strip() + "\n"
    return files
