"""Which column fills which field: the mapping file an editor writes for a spreadsheet, and
the defaults for the headers proposal-handling systems and Shangliang's own open data use.

A mapping file (YAML; every key optional)::

    type: proposal                 # the record type; else --type
    sheet: 2022年提案              # only this sheet; default: every sheet with a header row
    header_row: 2                  # default: the first row that names at least two known columns
    id: "shanwei-{year}-{number}"  # how a row's id is made
    columns:                       # field: header, or several headers any one of which names it
      number: [案号, 提案号]
      units.lead: 承办单位
    values:                        # field: {cell text: key}, over the defaults
      reply.outcome: {A: adopted, B: planned, C: reference}
    set:                           # fields every row gets
      platform: shanwei-2plus2
    unit_aliases:                  # names a unit goes by in the sheet: unit id
      市住建局: shanwei-housing-bureau
    updates: [registration, units, reply.date, reply.outcome]   # replaced on a new import
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ContentError, Problem, ShangliangError
from ..export import get_columns
from ..files import read_text, relative_path
from ..loader import parse_yaml
from ..model import TYPES_BY_KIND, Proposal, Record
from ..vocab import REGISTRATION
from .cells import normalise
from .fields import FieldSpec, choice_labels, find_field

PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("案号", "提案号", "提案编号", "编号", "案件号"),
    "title": ("案由", "标题", "提案标题", "题目", "提案名称", "提案题目"),
    "session": ("届次", "会议", "届次会议", "会次"),
    "date": ("提交日期", "提案日期", "提交时间", "提出日期", "提出时间"),
    "proposers.names": ("提案人", "第一提案人", "领衔人", "提案者", "提案单位"),
    "proposers.type": ("提案形式", "提案类型", "提案方式", "提案人类型"),
    "category": ("类别", "提案类别", "分类", "类型"),
    "registration.status": ("办理状态", "立案情况", "立案状态", "状态", "审查结果"),
    "registration.date": ("立案日期", "立案时间", "审查日期"),
    "units.lead": ("主办单位", "承办单位", "主办", "主办部门", "承办部门"),
    "units.co": ("协办单位", "会办单位", "协办", "会办", "协办部门"),
    "units.assigned": ("交办日期", "交办时间"),
    "reply.date": ("答复日期", "办复日期", "办复时间", "答复时间"),
    "reply.outcome": ("办理结果", "答复类别", "办复类别", "办理类别", "答复类型", "办理结果类别"),
    "reply.proposer_view": ("满意度", "提案人意见", "反馈意见", "提案人评价"),
}
"""The headers proposal-handling systems (提案管理系统) export, for each field they fill."""

DEFAULT_VALUES: dict[str, dict[str, str]] = {
    "reply.outcome": {
        "a": "adopted", "已解决": "adopted", "基本解决": "adopted", "已采纳": "adopted", "采纳": "adopted",
        "所提问题已经解决或基本解决": "adopted", "解决": "adopted",
        "b": "planned", "列入计划": "planned", "正在解决": "planned", "列入计划解决": "planned",
        "跨年度": "multi-year", "跨年度计划": "multi-year", "列入跨年度计划解决": "multi-year",
        "c": "reference", "参考": "reference", "因条件限制留作参考": "reference", "因条件限制或其他原因留作参考": "reference",
    },
    "registration.status": {
        "已立案": "registered", "立案": "registered", "交办": "registered", "已交办": "registered",
        "办理中": "registered", "正在办理": "registered", "承办中": "registered", "已答复": "registered",
        "答复": "registered", "已办复": "registered", "办复": "registered", "办结": "registered", "已办结": "registered",
        "不立案": "not-registered", "未立案": "not-registered", "撤案": "not-registered", "撤回": "not-registered",
        "并案": "not-registered", "转意见建议": "not-registered", "转社情民意": "not-registered", "转来信": "not-registered",
    },
    "proposers.type": {"个人": "individual", "联名": "joint", "集体": "group"},
}
"""Cell texts that name a choice besides its key and its labels (解决或采纳 / Adopted or solved …)."""

NOTHING_WRITTEN = "nothing was written"
PROPOSAL_ID = "{year}-{number}"
"""A proposal's id by default: the year it was submitted and its number (案号 restart each session)."""
PROPOSAL_UPDATES = ("registration", "units", "reply.date", "reply.outcome", "reply.proposer_view")
"""What a new import of proposals replaces by default: what the handling system keeps
changing. Titles, texts, English and links stay as the editor made them."""


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    id: str | None = None
    columns: dict[str, str | list[str]] = {}
    values: dict[str, dict[str, str]] = {}
    set: dict[str, Any] = {}
    unit_aliases: dict[str, str] = {}
    updates: list[str] | None = None


@dataclass
class Mapping:
    """A mapping resolved for one record type."""

    record_type: type[Record]
    fields: dict[str, FieldSpec]
    """Every field a column may fill, by dotted name."""
    headers: dict[str, str]
    """Normalised header → dotted field name."""
    choices: dict[str, dict[str, str]]
    """Dotted field name → normalised spelling → key."""
    id_template: str | None
    sheet: str | None = None
    header_row: int | None = None
    constants: dict[str, Any] = field(default_factory=dict)
    unit_aliases: dict[str, str] = field(default_factory=dict)
    updates: tuple[str, ...] = ()
    source: str = "the default mapping"

    def shown_choices(self, dotted: str) -> list[str]:
        spec = self.fields[dotted]
        return [f"{key} ({zh})" for key, (zh, _) in choice_labels(spec).items()]


def default_columns(record_type: type[Record]) -> dict[str, tuple[str, ...]]:
    """The headers recognised without a mapping file: each field's dotted name and its Chinese
    label in the open data (``title.zh``, ``标题（中文）``), and for proposals the usual headers
    of proposal-handling systems."""
    columns: dict[str, tuple[str, ...]] = {}
    for column in get_columns(record_type):
        if isinstance(find_field(record_type, column.name), str):  # page, source_date, counts of lists: no field to fill
            continue
        columns[column.name] = (column.name, column.label_zh) if column.label_zh else (column.name,)
    if record_type is Proposal:
        for dotted, headers in PROPOSAL_COLUMNS.items():
            columns[dotted] = headers + columns.get(dotted, ())
    return columns


def load_mapping(kind: str | None, path: Path | None, root: Path) -> Mapping:
    """The mapping for ``kind`` (``--type``), from the file at ``path`` if given, else the
    default. Raises ``ContentError`` for a mapping file with problems."""
    given = MappingFile()
    shown = "the default mapping"
    lines: dict = {}
    if path is not None:
        shown = relative_path(path, root)
        text, problems = read_text(path, root) if path.is_file() else (None, [Problem(shown, 1, "-", "mapping file not found")])
        data, lines, yaml_problems = parse_yaml(text, shown) if text is not None else (None, {}, [])
        problems += yaml_problems
        if problems:
            raise ContentError(problems, NOTHING_WRITTEN)
        try:
            given = MappingFile.model_validate(data or {})
        except ValidationError as error:
            raise ContentError([_mapping_problem(shown, lines, issue) for issue in error.errors()], NOTHING_WRITTEN) from None
    kind = kind or given.type
    if kind is None:
        raise ShangliangError(f"say which record type the rows are: --type ({', '.join(TYPES_BY_KIND)}), or 'type:' in the mapping file")
    if kind not in TYPES_BY_KIND:
        raise ContentError([Problem(shown, lines.get(("type",), 1), "type", f"unknown record type '{kind}'; expected one of: {', '.join(TYPES_BY_KIND)}")], NOTHING_WRITTEN)
    if given.type is not None and given.type != kind:
        raise ContentError([Problem(shown, lines.get(("type",), 1), "type", f"the mapping is for {given.type} records, but --type is {kind}")], NOTHING_WRITTEN)
    record_type = TYPES_BY_KIND[kind]
    problems: list[Problem] = []
    columns = default_columns(record_type)
    for dotted, headers in given.columns.items():
        columns[dotted] = (headers,) if isinstance(headers, str) else tuple(headers)
    fields: dict[str, FieldSpec] = {}
    headers: dict[str, str] = {}
    for dotted, names in columns.items():
        spec = find_field(record_type, dotted)
        if isinstance(spec, str):
            problems.append(Problem(shown, lines.get(("columns", dotted), 1), f"columns.{dotted}", spec))
            continue
        fields[dotted] = spec
        for name in names:
            taken = headers.setdefault(normalise(name), dotted)
            if taken != dotted and dotted in given.columns:
                problems.append(Problem(shown, lines.get(("columns", dotted), 1), f"columns.{dotted}", f"the header '{name}' already fills {taken}"))
    choices = {}
    for dotted, spec in fields.items():
        if spec.kind != "choice":
            continue
        spellings = {}
        for key, (zh, en) in choice_labels(spec).items():
            spellings.update({normalise(key): key, normalise(zh): key, normalise(en): key})
        if dotted == "registration.status":
            spellings.update({normalise(zh): key for key, (zh, _) in REGISTRATION.items()})
        spellings.update({normalise(text): key for text, key in DEFAULT_VALUES.get(dotted, {}).items()})
        for text, key in given.values.get(dotted, {}).items():
            if key not in spec.choices:
                problems.append(Problem(shown, lines.get(("values", dotted, text), 1), f"values.{dotted}", f"'{key}' is not one of: {', '.join(spec.choices)}"))
            spellings[normalise(text)] = key
        choices[dotted] = spellings
    for dotted in given.values:
        if dotted not in choices:
            problems.append(Problem(shown, lines.get(("values", dotted), 1), f"values.{dotted}", f"'{dotted}' is not a field with fixed choices"))
    for dotted in given.updates or ():
        if isinstance(find_field(record_type, dotted), str) and dotted.split(".")[0] not in record_type.model_fields:
            problems.append(Problem(shown, lines.get(("updates",), 1), "updates", f"'{dotted}' is not a field of {record_type.kind}"))
    if problems:
        raise ContentError(problems, NOTHING_WRITTEN)
    updates = tuple(given.updates) if given.updates is not None else PROPOSAL_UPDATES if record_type is Proposal else ()
    template = given.id if given.id is not None else PROPOSAL_ID if record_type is Proposal else None
    return Mapping(
        record_type, fields, headers, choices, template, given.sheet, given.header_row, dict(given.set),
        {normalise(name): unit_id for name, unit_id in given.unit_aliases.items()}, updates, shown,
    )


def _mapping_problem(path: str, lines: dict, issue: dict) -> Problem:
    loc = tuple(issue["loc"])
    where = ".".join(str(part) for part in loc) or "-"
    line = next((lines[loc[:end]] for end in range(len(loc), 0, -1) if loc[:end] in lines), 1)
    expected = {
        "extra_forbidden": "not a mapping key; expected: type, sheet, header_row, id, columns, values, set, unit_aliases, updates",
    }.get(issue["type"], issue["msg"])
    return Problem(path, line, where, expected)
