"""Write a record's data as the editors' guide writes records: YAML in the schema's order of
fields, two-space indents, Chinese as it is, and a value quoted only where YAML would read
it as something else.

Every value written here is read back by the loader before anything is saved (the import
validates the files it is about to write), so a value that needs quoting and is not would be
caught, never saved.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from pydantic import BaseModel
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..field_types import unwrap_field_type
from ..errors import ODD_CHARACTERS, printable
from ..dates import Date
from ..export import LATER_FIELDS
from ..model import Consultation, Record

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`=~][^\n]*$")
_NOT_PLAIN = re.compile(r"(:\s|\s#|:$|\s$)")
_RESOLVER = Resolver()
_ODD = re.compile(f"[{ODD_CHARACTERS}\t\r]")
_ESCAPED = re.compile(f"[{ODD_CHARACTERS}\x85]")


def scalar(value: Any) -> str:
    """``value`` as one YAML scalar: plain where it reads back as the same text, else quoted."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and not _NOT_PLAIN.search(text) and not _ODD.search(text) and _reads_as_text(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return _ESCAPED.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)  # what a YAML file may not hold as it is


def _reads_as_text(text: str) -> bool:
    """Whether YAML reads ``text``, unquoted, as text (not a number, date, yes/no or null)."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def date_scalar(text: str) -> str:
    """A date: plain, as the guide writes dates (``2022-03-05``)."""
    return text if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else scalar(text)


def render_fields(data: dict[str, Any], model: type[BaseModel], indent: str = "", skip: tuple[str, ...] = ()) -> list[str]:
    """The lines of ``data``'s fields, in the order they are written (``field_order``)."""
    lines: list[str] = []
    for name, inner, is_list, is_model in _fields_of(model):
        value = data.get(name)
        if value is None or value == [] or value == {} or name in skip:
            continue
        if is_list:
            lines.append(f"{indent}{name}:")
            for item in value:
                if is_model:
                    body = render_fields(item, inner, indent + "    ")
                    lines.append(f"{indent}  - {body[0].lstrip()}")
                    lines += body[1:]
                else:
                    lines.append(f"{indent}  - {_leaf(item, inner)}")
        elif is_model:
            lines.append(f"{indent}{name}:")
            lines += render_fields(value, inner, indent + "  ")
        elif isinstance(value, str) and "\n" in value:
            lines += _block(name, value, indent)
        else:
            lines.append(f"{indent}{name}: {_leaf(value, inner)}")
    return lines


def field_order(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` in the order they are written: the schema's, with a record's
    long texts (summary, sources) last, as the open data orders them."""
    names = list(model.model_fields)
    if issubclass(model, Record):
        names = [n for n in names if n not in LATER_FIELDS] + [n for n in names if n in LATER_FIELDS]
    return names


@functools.cache
def _fields_of(model: type[BaseModel]) -> tuple[tuple[str, Any, bool, bool], ...]:
    """Each field in order: its name, the type it holds, whether a list, whether a model."""
    fields = []
    for name in field_order(model):
        inner, is_list = unwrap_field_type(model.model_fields[name].annotation)
        fields.append((name, inner, is_list, isinstance(inner, type) and issubclass(inner, BaseModel)))
    return tuple(fields)


def _leaf(value: Any, inner: Any) -> str:
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
