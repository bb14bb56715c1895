"""Open data: every record of every type as JSON and CSV, with a versioned schema.

Published with every build under ``data/``:

* ``<folder>.json`` — ``{"schema_version", "type", "count", "records"}``; each record has
  every field of the record schema (both languages, ``null`` where absent) plus ``page``,
  the address of its page relative to the site root.
* ``<folder>.csv`` — one row per record, UTF-8, a header row, columns generated from the
  record schema (``Columns``): bilingual texts as ``name.zh`` / ``name.en``, nested groups
  as dotted names, lists of ids joined with ``;``, lists of texts with line breaks, the
  stages of a consultation as one date column per stage, and other lists (sources,
  attachments …) as a ``.count`` column — their items are in the JSON file.
* ``schema.json`` — a JSON Schema (2020-12) of the JSON files; ``datapackage.json`` — a
  Frictionless Data Package describing every CSV column.

``SCHEMA_VERSION`` follows semantic versioning: a new column or field is a minor change,
a renamed or removed one a major change. ``docs/open-data.md`` is generated from this module
(``python -m shangliang.export``).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .addresses import DATA_FOLDER, record_url
from .archive import Archive, same_objects
from .dates import Date
from .model import RECORD_TYPES, Consultation, Outcome, Record, Text
from .tracking import outcome_status
from .field_types import unwrap_field_type
from .vocab import STAGES, VOCABULARIES

SCHEMA_VERSION = "2.1.0"
LIST_SEPARATOR = ";"
"""Joins the ids of a list in one CSV cell; ids never contain it."""
TEXT_SEPARATOR = "\n"
"""Joins the texts of a list in one CSV cell."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""How a cell that a spreadsheet program would run as a formula begins, and ``'``, so that
taking the first ``'`` off a cell that has one always gives the text back."""
LATER_FIELDS = ("summary", "sources")
"""Fields every record type has, put after each type's own columns in the CSV files."""


@dataclass(frozen=True)
class Column:
    """One column of a record type's CSV file."""

    name: str
    type: str
    """``string``, ``integer`` or ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)."""
    description: str
    """What the column holds, in English (from the record schema)."""
    label_zh: str
    """The same, in a few Chinese words, for the Chinese data page."""
    get: Callable[[Record], str]
    uses_archive: bool = False
    """Whether ``get`` takes the archive too (a value derived from other records)."""

    def value(self, record: Record, archive: Archive) -> str:
        return self.get(record, archive) if self.uses_archive else self.get(record)  # type: ignore[call-arg]


def get_columns(record_type: type[Record]) -> list[Column]:
    """The CSV columns of ``record_type``: its own fields in schema order, then the long
    texts every record may have (summary, sources), then ``page``."""
    columns = list(_columns_of(record_type, (), record_type))
    later = [c for c in columns if c.name.split(".")[0] in LATER_FIELDS]
    columns = [c for c in columns if c not in later] + later
    columns.append(Column("page", "string", "Address of the record's page, relative to the site root.", "页面地址", record_url))
    return columns


def _columns_of(model: type[BaseModel], path: tuple[str, ...], record_type: type[Record]) -> Iterator[Column]:
    for name, info in model.model_fields.items():
        at = (*path, name)
        dotted = ".".join(at)
        description = " ".join((info.description or "").split())
        inner, is_list = unwrap_field_type(info.annotation)
        is_model = isinstance(inner, type) and issubclass(inner, BaseModel) and inner is not Text
        label = "" if is_model and not is_list else _label_zh(dotted)
        if record_type is Consultation and at == ("stages",):
            yield from _stage_columns()
        elif record_type is Consultation and at == ("outcome_status",):
            yield Column(
                "outcome_status", "string",
                "What is known of the outcome, derived: has-outcome (an outcome record concerns it), else the record's "
                "outcome_status: awaiting, mentioned or not-reported (the default).",
                label, lambda record, archive: outcome_status(record, archive.outcomes_of(record)), uses_archive=True,  # type: ignore[arg-type]
            )
        elif record_type is Consultation and at == ("date",):
            yield Column(dotted, "date", description + " Empty when the sources do not report it.", label, _getter(at, str, False, ""))
            yield Column(
                "source_date", "date", "The earliest source's date: when the consultation was first reported.",
                "报道日期", lambda record: str(record.reported_on or ""),  # type: ignore[attr-defined]
            )
        elif inner is Text:
            for lang, lang_zh, lang_en in (("zh", "中文", "Chinese"), ("en", "英文", "English")):
                yield Column(
                    f"{dotted}.{lang}", "string", f"[{lang_en}{', one per line' if is_list else ''}] {description}",
                    f"{label}（{lang_zh}）", _getter(at, lambda t, lang=lang: getattr(t, lang) or "", is_list, TEXT_SEPARATOR),
                )
        elif is_model:
            if is_list:
                yield Column(
                    f"{dotted}.count", "integer", f"Number of items in '{dotted}' ({description}); the items are in the JSON file.",
                    f"{label}数量", _count_getter(at),
                )
            else:
                yield from _columns_of(inner, at, record_type)
        else:
            kind = "date" if inner is Date else "integer" if inner is int else "string"
            if is_list:
                description += " Several are separated by ';'."
            yield Column(dotted, kind, description, label, _getter(at, str, is_list, LIST_SEPARATOR))


def _stage_columns() -> Iterator[Column]:
    yield Column(
        "stages", "string", "The stages the consultation reached, in order, separated by ';'; the last is its current stage.",
        "已进行的协商流程", lambda record: LIST_SEPARATOR.join(stage.stage for stage in record.stages),  # type: ignore[attr-defined]
    )
    for key, (zh, en) in STAGES.items():
        yield Column(
            f"stages.{key}.date", "date", f"When the stage '{key}' ({en}) was reached, if recorded.",
            f"{zh}日期", lambda record, key=key: _stage_date(record, key),
        )


def _stage_date(record: Record, key: str) -> str:
    for stage in record.stages:  # type: ignore[attr-defined]
        if stage.stage == key and stage.date is not None:
            return str(stage.date)
    return ""


def _getter(at: tuple[str, ...], convert: Callable[[Any], str], is_list: bool, separator: str) -> Callable[[Record], str]:
    def get(record: Record) -> str:
        value = _value_at(record, at)
        if value is None:
            return ""
        if is_list:
            return separator.join(convert(item) for item in value)
        return convert(value)

    return get


def _count_getter(at: tuple[str, ...]) -> Callable[[Record], str]:
    def get(record: Record) -> str:
        value = _value_at(record, at)
        return str(len(value)) if value is not None else ""

    return get


def _value_at(record: Record, at: tuple[str, ...]) -> Any:
    value: Any = record
    for name in at:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def records_of(archive: Archive, record_type: type[Record]) -> list[Record]:
    """The records of one type in the order the site lists them."""
    lists = {
        "consultation": archive.consultations, "platform": archive.platforms, "proposal": archive.proposals,
        "outcome": archive.outcomes, "unit": archive.units, "organisation": archive.organisations,
    }
    return list(lists[record_type.kind])


@dataclass
class ExportCache:
    """What the open data's last render kept for the next (the live preview): each record's
    JSON object and CSV line as written, made again only when the record, or the outcomes a
    consultation's derived status is read from, are not the same objects as before (the
    load cache gives an unchanged file's record as the very same object); and each file,
    kept while it would be made of the very same rows."""

    rows: dict[tuple[str, str], tuple[tuple, tuple[bytes, bytes]]] = field(default_factory=dict)
    """By (record type, id): the objects the row was made from, and its JSON text and CSV
    line, encoded."""
    files: dict[str, tuple[tuple[Record, ...], list[tuple[bytes, bytes]], bytes, bytes]] = field(default_factory=dict)
    """By record type (its folder): the records and the rows its files were made of, in
    their order, its JSON file and its CSV file."""
    outcomes: tuple[Outcome, ...] = ()
    """The outcomes of the last export, which consultations' rows read."""


def render_json(archive: Archive, record_type: type[Record], cache: ExportCache | None = None) -> bytes:
    return _render_json(record_type, [_row(archive, record, cache)[0] for record in records_of(archive, record_type)])


def _render_json(record_type: type[Record], objects: list[bytes]) -> bytes:
    """The JSON file of ``record_type``: its header, then its records' objects as
    ``_json_object`` wrote them, one a line (a change of one record is a change of one line),
    with no other whitespace (an indented file was 20% larger). Made from the parts, so
    that an unchanged record's part is kept rather than written again."""
    header = {"schema_version": SCHEMA_VERSION, "type": record_type.kind, "count": len(objects)}
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1].encode("utf-8")
    records = b"\n" + b",\n".join(objects) + b"\n" if objects else b""
    return b"".join([text, b',"records":[', records, b"]}\n"])


def _json_object(archive: Archive, record: Record) -> bytes:
    """A record's object in the JSON file, on one line."""
    item = {**record.model_dump(mode="json"), **_derived(archive, record), "page": record_url(record)}
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _csv_line(archive: Archive, record: Record) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(neutralise_cell(column.value(record, archive)) for column in get_columns(type(record)))
    return buffer.getvalue().encode("utf-8")


def _row(archive: Archive, record: Record, cache: ExportCache | None) -> tuple[bytes, bytes]:
    """A record's JSON object and CSV line, kept in ``cache`` while they would be the same
    (the very same tuple)."""
    if cache is None:
        return _json_object(archive, record), _csv_line(archive, record)
    made_from = (record, *archive.outcomes_of(record)) if isinstance(record, Consultation) else (record,)
    key = (record.kind, record.id)
    kept = cache.rows.get(key)
    if kept is not None and same_objects(kept[0], made_from):
        return kept[1]
    row = _json_object(archive, record), _csv_line(archive, record)
    cache.rows[key] = (made_from, row)
    return row


DERIVED_FIELDS = {
    "source_date": {"type": ["string", "null"], "description": "The earliest source's date: when the consultation was first reported."},
    "derived_outcome_status": {
        "enum": ["has-outcome", "awaiting", "mentioned", "not-reported"],
        "description": "has-outcome when an outcome record concerns the consultation, else its outcome_status (not-reported when it has none).",
    },
}
"""Fields of a consultation in the JSON file derived from other fields and records."""


def _derived(archive: Archive, record: Record) -> dict[str, Any]:
    if not isinstance(record, Consultation):
        return {}
    return {
        "source_date": str(record.reported_on) if record.reported_on else None,
        "derived_outcome_status": outcome_status(record, archive.outcomes_of(record)),
    }


def render_csv(archive: Archive, record_type: type[Record], cache: ExportCache | None = None) -> bytes:
    return _render_csv(record_type, [_row(archive, record, cache)[1] for record in records_of(archive, record_type)])


def _render_csv(record_type: type[Record], lines: list[bytes]) -> bytes:
    """The CSV file of ``record_type``: its header, then its records' lines (``_csv_line``)."""
    header = io.StringIO(newline="")
    csv.writer(header).writerow(column.name for column in get_columns(record_type))
    return b"".join([header.getvalue().encode("utf-8"), *lines])


def neutralise_cell(text: str) -> str:
    """A CSV cell as spreadsheet programs must read it: text that begins like a formula
    (``=HYPERLINK(…)``, ``+1+1``, ``-1``, ``@SUM(…)``, or a tab or carriage return before
    one) gets a ``'`` before it, so that it is not run as one (OWASP's advice on CSV
    injection). Numbers and dates never begin so."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@functools.cache
def render_schema() -> bytes:
    """The JSON Schema of every ``<folder>.json`` file. The code's alone, made once a process:
    pydantic takes about 25 ms to make it, a tenth of a live preview's rebuild at 1,000."""
    _, definitions = models_json_schema(
        [(record_type, "validation") for record_type in RECORD_TYPES], ref_template="#/$defs/{model}"
    )
    defs = definitions["$defs"]
    for record_type in RECORD_TYPES:
        defs[record_type.__name__]["properties"]["page"] = {
            "type": "string", "description": "Address of the record's page, relative to the site root.",
        }
        defs[record_type.__name__]["required"] = sorted({*defs[record_type.__name__].get("required", ()), "page"})
    defs["Consultation"]["properties"].update(DERIVED_FIELDS)
    defs["Consultation"]["required"] = sorted({*defs["Consultation"]["required"], *DERIVED_FIELDS})
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "schema.json",
        "title": "Shangliang open data",
        "description": "One file per record type: data/<type>.json. Both languages' texts are kept: zh (Simplified Chinese) and en (English, null when not yet translated).",
        "version": SCHEMA_VERSION,
        "type": "object",
        "required": ["schema_version", "type", "count", "records"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "type": {"enum": [record_type.kind for record_type in RECORD_TYPES]},
            "count": {"type": "integer", "minimum": 0},
            "records": {"type": "array"},
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": record_type.kind}}},
                "then": {"properties": {"records": {"items": {"$ref": f"#/$defs/{record_type.__name__}"}}}},
            }
            for record_type in RECORD_TYPES
        ],
        "$defs": defs,
    }
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@functools.cache
def render_datapackage() -> bytes:
    """A Frictionless Data Package describing the CSV files and their columns (the code's
    alone, made once a process)."""
    resources = [
        {
            "name": record_type.folder,
            "path": f"{record_type.folder}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": c.name, "type": c.type if c.type != "date" else "string", "description": c.description}
                    | ({"constraints": {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"}} if c.type == "date" else {})
                    for c in get_columns(record_type)
                ],
                "primaryKey": "id",
            },
        }
        for record_type in RECORD_TYPES
    ]
    package = {
        "name": "shangliang-archive",
        "title": "Archive of past consultations",
        "version": SCHEMA_VERSION,
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_files(archive: Archive, cache: ExportCache | None = None) -> dict[str, bytes]:
    """Every open-data file, by its path relative to the site root; with a ``cache``, the
    rows of records unchanged since the last export with it are taken from it."""
    files: dict[str, bytes] = {}
    if cache is not None and len(cache.rows) > len(archive.records):  # rows of records gone since, once more are gone than came
        present = {(record.kind, record.id) for record in archive.records.values()}
        cache.rows = {key: row for key, row in cache.rows.items() if key in present}
    outcomes = tuple(archive.outcomes)
    same_outcomes = cache is not None and same_objects(cache.outcomes, outcomes)  # what consultations' rows read of others
    for record_type in RECORD_TYPES:
        records = tuple(records_of(archive, record_type))
        kept = cache.files.get(record_type.folder) if cache is not None else None
        if kept is not None and len(kept[0]) == len(records) and (same_outcomes or record_type is not Consultation):
            # a row is kept where its record is the one that was there: no other is read
            rows = [row if last is record else _row(archive, record, cache) for last, row, record in zip(kept[0], kept[1], records)]
        else:
            rows = [_row(archive, record, cache) for record in records]
        if kept is not None and same_objects(kept[1], rows):
            json_file, csv_file = kept[2], kept[3]
        else:
            json_file = _render_json(record_type, [row[0] for row in rows])
            csv_file = _render_csv(record_type, [row[1] for row in rows])
        if cache is not None:
            cache.files[record_type.folder] = (records, rows, json_file, csv_file)
        files[f"{DATA_FOLDER}/{record_type.folder}.json"] = json_file
        files[f"{DATA_FOLDER}/{record_type.folder}.csv"] = csv_file
    files[f"{DATA_FOLDER}/schema.json"] = render_schema()
    files[f"{DATA_FOLDER}/datapackage.json"] = render_datapackage()
    if cache is not None:
        cache.outcomes = outcomes
    return files


def _label_zh(dotted: str) -> str:
    try:
        return LABELS_ZH[dotted]
    except KeyError:
        raise KeyError(f"export.LABELS_ZH has no Chinese label for the field '{dotted}'; add one") from None


LABELS_ZH: dict[str, str] = {
    "id": "标识符",
    "summary": "概述",
    "sources": "资料来源",
    "name": "名称",
    "body": "主办机构",
    "level": "层级",
    "type": "类型",
    "parent": "上级平台标识符",
    "launched": "设立时间",
    "channels": "渠道",
    "activity": "活动类型",
    "recurrence": "举办频次",
    "channel": "渠道标识符",
    "organisations": "参与组织标识符",
    "outcome_status": "成果情况",
    "outcome_note": "成果说明",
    "partners": "合作方",
    "members": "成员",
    "founded": "成立时间",
    "title": "标题",
    "date": "日期",
    "end_date": "结束日期",
    "platform": "协商平台标识符",
    "format": "协商形式",
    "organiser": "组织单位",
    "participants": "参加人员",
    "stages": "协商流程",
    "suggestions.count": "建议总数",
    "suggestions.aspects": "归纳方面数",
    "suggestions.adopted": "已采纳建议数",
    "suggestions.groups": "建议分组",
    "public_input.people": "参与人数",
    "public_input.posts": "跟帖留言数",
    "public_input.suggestions": "网民建议数",
    "public_input.channel": "渠道",
    "public_input.excerpts": "留言摘录",
    "attachments": "附件",
    "number": "提案号",
    "session": "届次",
    "proposers.type": "提案人类型",
    "proposers.names": "提案人",
    "category": "类别",
    "registration.status": "立案情况",
    "registration.date": "立案日期",
    "registration.reason": "说明",
    "units.lead": "主办单位标识符",
    "units.co": "会办单位标识符",
    "units.assigned": "交办日期",
    "reply.date": "办复时间",
    "reply.outcome": "办理结果",
    "reply.text": "答复内容",
    "reply.proposer_view": "提案人意见",
    "consultation": "相关协商标识符",
    "concerns": "来源记录标识符",
    "by": "作出者",
    "adopted": "采纳建议数",
    "units": "承办单位标识符",
    "url": "网站",
    "aliases": "别称",
}
"""A few Chinese words for each field, by its dotted path; every field needs one."""


def render_dictionary() -> str:
    """``docs/open-data.md``: the files, the versioning rule, every column and vocabulary."""
    lines = [
        "# Open data",
        "",
        "<!-- Generated from generator/export.py by `python -m shangliang.export`; do not edit. -->",
        "",
        f"Every build publishes every record as open data under `{DATA_FOLDER}/` at the site root, once",
        "for both languages: one JSON file and one CSV file per record type, UTF-8, with both",
        f"languages' texts. Both languages' *Open data* pages (`{DATA_FOLDER}/`, `en/{DATA_FOLDER}/`) link these",
        "files. A site whose language switcher has no Chinese site to link to (an English-only",
        f"site) publishes its own copy under its `{DATA_FOLDER}/`.",
        "",
        f"Schema version: **{SCHEMA_VERSION}** (semantic versioning: a new column or field is a",
        "minor change, a renamed or removed one a major change). Each JSON file states the",
        "version it follows in `schema_version`.",
        "",
        "| file | what it holds |",
        "| --- | --- |",
    ]
    for record_type in RECORD_TYPES:
        lines.append(f"| `{record_type.folder}.json` | every {record_type.kind}, every field, nested as in the records |")
        lines.append(f"| `{record_type.folder}.csv` | every {record_type.kind}, one row each, the columns below |")
    lines += [
        "| `schema.json` | JSON Schema (2020-12) of the JSON files |",
        "| `datapackage.json` | Frictionless Data Package: every CSV column, its type and meaning |",
        "",
        "In the JSON files a record has every field of the [record reference](reference.md), `null`",
        "where the record leaves it out, plus `page`: the address of its page relative to the",
        "site root (prefix `en/` for the English page). Dates are written as in the records:",
        "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`. A consultation also has `source_date` (the earliest",
        "source's date; for a consultation whose date is not reported, `date` is `null`) and",
        "`derived_outcome_status` (`has-outcome` when an outcome record concerns it, else its",
        "`outcome_status`, `not-reported` when it has none).",
        "",
        "Version 2.0.0 renamed `public_input.comments` to `public_input.posts` and added the",
        "organisations, platforms' channels, consultations' activity, outcome status, channel and",
        "organisations, and the public's suggestions posted online (`public_input.suggestions`).",
        "Version 2.1.0 added units' other names (`aliases`).",
        "",
        "In the CSV files bilingual texts have a `.zh` and an `.en` column; lists of ids are",
        f"joined with `{LIST_SEPARATOR}`, lists of texts with line breaks; other lists (sources,",
        "attachments, suggestion groups, excerpts of posts) appear as a `.count` column and in",
        "full in the JSON file. An empty cell means the record does not give the value.",
        "",
        "A text cell that would begin with `=`, `+`, `-`, `@`, a tab or a carriage return has a",
        "`'` put before it, so that spreadsheet programs show it as text instead of running it as",
        "a formula (OWASP's advice on CSV injection); so has a cell that would begin with `'`.",
        "Take the first `'` off a cell that begins with one to get the text as the record has it.",
        "The JSON files hold every text as it is.",
        "",
        "The figures on the statistics pages can be recomputed from these files; the rules",
        "(rounding, partial dates) are stated on each statistics page.",
        "",
    ]
    for record_type in RECORD_TYPES:
        lines += [f"## `{record_type.folder}.csv`", "", "| column | type | meaning | 中文 |", "| --- | --- | --- | --- |"]
        for column in get_columns(record_type):
            meaning = column.description.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{column.name}` | {column.type} | {meaning} | {column.label_zh} |")
        lines.append("")
    lines += ["## Vocabularies", "", "Keys used in the files, with their labels on the site.", ""]
    for name, vocabulary in VOCABULARIES.items():
        lines.append(f"- **{name}**: " + ", ".join(f"`{key}` ({zh} / {en})" for key, (zh, en) in vocabulary.items()))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render_dictionary(), end="")
