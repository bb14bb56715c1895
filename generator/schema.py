"""Generate a JSON Schema for each record type (schema/<type>.schema.json) from the record model.

Editors' tools read them while typing: with the Red Hat YAML extension for VS Code (see
``.vscode/settings.json``) a ``.yml`` record gets field-name completion, the description
of each field on hover, and its mistakes underlined before ``shangliang validate`` runs.
The model stays the one definition; these files only mirror it.

Run ``python -m shangliang.schema`` (from the project folder) after changing ``model.py``;
a test fails while the committed files are stale.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .dates import DATE_PATTERN
from .model import RECORD_TYPES, Record

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest draft the YAML language server behind VS Code's YAML extension
(and other editors) fully supports."""
SCHEMA_ID = "urn:shangliang:schema:{kind}"
"""The ``$id`` of each schema: a name, not an address to fetch."""
SCHEMA_FOLDER = "schema"

RECORD_DATE = {
    "description": "A date known to the day, the month or only the year.",
    "anyOf": [
        {
            "type": "string",
            "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
            "description": "YYYY-MM-DD, YYYY-MM or YYYY",
        },
        {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "YYYY"},
    ],
    "examples": ["2022-10-14", "2022-10", 2022],
}
"""What a date field accepts as written in YAML: ``2022-10-14``, ``2022-10`` and ``2022``
(which YAML reads as a number). The day's upper bound per month is left to ``validate``."""


def schema_file_name(record_type: type[Record]) -> str:
    return f"{record_type.kind}.schema.json"


def render_schema(record_type: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one record type, as a record file is written."""
    generated = _tidy(record_type.model_json_schema(mode="validation", ref_template="#/definitions/{model}"))
    schema = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID.format(kind=record_type.kind),
        "title": f"Shangliang {record_type.kind} record (content/{record_type.folder}/)",
        "description": generated.pop("description", ""),
    }
    generated.pop("title", None)
    definitions = generated.pop("$defs", {}) | {"Date": RECORD_DATE}
    return schema | generated | {"definitions": dict(sorted(definitions.items()))}


def render_schemas() -> dict[str, str]:
    """Every record type's schema file, by file name, as committed text."""
    return {
        schema_file_name(record_type): json.dumps(render_schema(record_type), ensure_ascii=False, indent=2) + "\n"
        for record_type in RECORD_TYPES
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _tidy(node: Any) -> Any:
    """Dates as YAML reads them (``#/definitions/Date``), descriptions without the docstrings'
    line breaks, and no property titles made up from field names."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("pattern") == DATE_PATTERN:
        return {"$ref": "#/definitions/Date"} | ({"description": node["description"]} if "description" in node else {})
    tidy = {key: _tidy(value) for key, value in node.items()}
    if isinstance(tidy.get("description"), str):
        tidy["description"] = _one_line(tidy["description"])
    if isinstance(tidy.get("properties"), dict):
        for value in tidy["properties"].values():
            value.pop("title", None)
    return tidy


def _one_line(docstring: str) -> str:
    """A docstring's paragraphs joined, ````code```` written as `code`."""
    paragraphs = [" ".join(part.split()) for part in docstring.strip().split("\n\n")]
    return re.sub(r"``(.+?)``", r"`\1`", "\n\n".join(paragraphs))


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else SCHEMA_FOLDER)
    for path in write_schemas(folder):
        print(f"Wrote {path.as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
