"""The taint sweep (issue 12): every value a record can hold reaches every output inert.

Records come from pull requests anyone can open, so "validate is green" must mean that the
published site runs no script, makes no request and goes nowhere because of a record. This
module puts a hostile payload into every field of every record type (found by walking the
record models, so a new field is swept without a change here), into YAML keys, into
``content/redirects.yml`` and into attachment file names, builds the site and checks each
field × payload pair had one of two outcomes:

(a) **refused**: loading the archive reports a problem located at the record's file and at
    the field (or its line); the test then puts the field's harmless value back so that the
    rest of the archive builds; or
(b) **published inertly**: after ``shangliang build`` (with the search index) no page of
    the site, loaded in Debian's headless Chromium, opens a dialog, requests evil.example,
    navigates away, or holds an element, attribute or comment made by a payload; the feeds
    and sitemaps are XML, the open data parses and no CSV cell starts a formula; and the
    ``validate`` output forges no CI workflow command.

Whether a payload is refused or published does not matter here, only that the outcome is
safe: the fixes may choose either. Every payload carries a marker number unique to its
placement (``alert(700123)``, ``data-slx=700123``, ``evil.example/700123``), which is how a
finding in a page, a feed or a log line is traced back to its field and payload.

One build holds ``COPIES_PER_BUILD`` copies of a set of records (a sub-platform, a
consultation in Markdown, a proposal, an outcome, a unit, a redirect), each field of each
copy with its own payload, rotated so that over ``BUILDS`` builds every field meets every
payload once. The builds run once per module (``sweep``), the next one prepared while the
browser loads the pages of the last; each test reads one kind of outcome from it, and its
failure message lists every field, payload and page concerned. The whole module takes
about 75 s on two cores, two thirds of it in the browser (some 520 pages).
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import math
import re
import shutil
import socketserver
import threading
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pydantic import BaseModel

from conftest import REPO, copy_site_files, run_cli
from shangliang.load import load_archive
from shangliang.errors import ContentError, Problem
from shangliang.model import ID_PATTERN, RECORD_TYPES, Consultation, Organisation, Outcome, Platform, Proposal, Record, Unit
from shangliang.render import SiteInfo, render_site
from shangliang.addresses import url_of_uri
from shangliang.render.listing import DIMENSIONS
from shangliang.render.policy import CONTENT_SECURITY_POLICY
from shangliang.field_types import unwrap_field_type


# --- Payloads ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payload:
    name: str
    template: str
    """The value as the record holds it once YAML has read it; ``{n}`` is the marker."""

    def value(self, n: int) -> str:
        return self.template.replace("{n}", str(n))


PAYLOADS: tuple[Payload, ...] = (
    Payload("tag left open at the end", "x<img data-slx={n} src=x onerror=alert({n})"),
    Payload("tag inside backticks", "`<img data-slx={n} src=x onerror=alert({n})>`"),
    Payload("comment opener", "<!-- slx{n}"),
    Payload(
        "quote breaking out of an attribute into a refresh",
        '"0;url=http://evil.example/{n} " http-equiv="refresh" data-slx="{n}',
    ),
    Payload("end of title, then a script", "</title><script>alert({n})</script>"),
    Payload("end of script, then a script", "</script><script>alert({n})</script>"),
    Payload("single quote, then svg", "'><svg data-slx={n} onload=alert({n})>"),
    Payload("entity-encoded tag", "&lt;img data-slx={n} src=x onerror=alert({n})&gt;"),
    Payload("template syntax", '{{ 7*7 }}{{ "slxj{n}"|upper }}{% raw %}'),
    Payload("CDATA end", "slx{n}]]>"),
    Payload("CDATA section", "<![CDATA[<img data-slx={n} src=x onerror=alert({n})>]]>"),
    Payload("NUL (YAML \\0)", "ab\0cd slx{n}"),
    Payload("escape character (YAML \\e)", "\x1b[31mslx{n}\x1b[0m"),
    Payload("bell (YAML \\x07)", "\x07slx{n}"),
    Payload("right-to-left override (YAML \\u202E)", "\u202eslx{n}"),
    Payload("line separator (YAML \\L)", "slx{n}\u2028::notice::forged"),
    Payload("non-character (YAML \\uFFFE)", "slx{n}\ufffe"),
    Payload("spreadsheet HYPERLINK formula", '=HYPERLINK("http://evil.example/{n}","x")'),
    Payload("spreadsheet + formula", "+{n}+1"),
    Payload("spreadsheet - formula", "-{n}+1"),
    Payload("spreadsheet @ formula", "@SUM({n})"),
    Payload("newline, then a workflow command", "slx{n}\n::notice::forged {n}"),
    Payload("carriage return, then a workflow command", "slx{n}\r::error::forged {n}"),
    Payload("javascript: address", "javascript:alert({n})"),
    Payload("javascript: link in HTML", '<a href="javascript:alert({n})">slx{n}</a>'),
    Payload("javascript: link in Markdown", "[slx{n}](javascript:alert({n}))"),
    Payload("web address breaking out of its attribute", 'https://evil.example/{n}"data-slx="{n}"onfocus="alert({n})"autofocus="'),
    Payload("path out of the site", "../../../slx{n}"),
)
MARKER_BASE = 700_000
MARKER = re.compile(r"(?<!\d)7\d{5}(?!\d)")
"""Marker numbers: one per placement, so every finding names its field and payload."""

BUILDS = 2
COPIES_PER_BUILD = math.ceil(len(PAYLOADS) / BUILDS)


# --- Fields, from the record models -------------------------------------------------------

FieldPath = tuple[str | int, ...]


unwrap = unwrap_field_type


def leaf_fields(model: type[BaseModel], prefix: FieldPath = ()) -> Iterator[FieldPath]:
    """Every value a record of ``model`` can hold, as a path with list items at index 0:
    texts in both languages, lines, addresses, ids, dates, numbers, choices."""
    for name, info in model.model_fields.items():
        inner, is_list = unwrap(info.annotation)
        path = prefix + (name,) + ((0,) if is_list else ())
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from leaf_fields(inner, path)
        else:
            yield path


def dotted(path: FieldPath) -> str:
    """``("stages", 0, "note", "zh")`` → ``stages[1].note.zh``, as problems name fields."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- The records of one copy: every field filled, all valid -------------------------------

def text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def source(what: str) -> dict:
    return {
        "outlet": text("大众网", "Dazhong.com"), "date": "2022-10-15",
        "title": text(f"{what}的报道", f"A report on the {what}"), "url": "https://example.org/report",
    }


def specimens(g: int) -> dict[type[Record], dict]:
    """The records of copy ``g``, each holding every field of its type (the summary of the
    consultation is its Markdown bodies). ``test_the_specimens_fill_every_field`` holds
    these to the models."""
    ids = {kind: f"taint-{g}-{kind}" for kind in ("platform", "consultation", "proposal", "outcome", "unit", "organisation")}
    return {
        Platform: {
            "id": ids["platform"], "name": text(f"第{g}平台", f"Platform {g}"), "body": text("某区政协", "A district committee"),
            "level": "district", "type": "sub-platform", "parent": "taint-parent", "launched": "2021-06",
            "channels": [{"id": "micro", "name": text("微协商", "Micro-consultation"), "summary": text("网上协商。", "Online.")}],
            "summary": text("平台简介。", "About the platform."), "sources": [source("平台")],
        },
        Consultation: {
            "id": ids["consultation"], "title": text(f"第{g}次协商", f"Consultation {g}"), "activity": "consultation",
            "recurrence": text("每月一次", "Once a month"), "date": "2022-10-14",
            "end_date": "2022-10-20", "platform": ids["platform"], "channel": "micro", "format": "forum",
            "organisations": [ids["organisation"]], "outcome_status": "awaiting",
            "outcome_note": text("来源称将研究办理。", "The source says it will be studied."),
            "organiser": text("经济委员会", "The economic subcommittee"), "participants": [text("政协委员", "Members")],
            "stages": [{"stage": "topic", "date": "2022-03", "note": text("确定议题。", "The topic was set.")}],
            "suggestions": {
                "count": 5, "aspects": 2, "adopted": 3,
                "groups": [{"title": text("营商环境", "Business environment"), "count": 2, "items": [text("简化审批。", "Simplify approvals.")]}],
            },
            "public_input": {
                "people": 10, "posts": 20, "suggestions": 5, "channel": text("小程序", "The mini-program"),
                "excerpts": [
                    {"name": "网友甲", "text": text("很好。", "Good."), "quote": text("好！", "Good!"), "date": "2022-10-01"},
                    {"name": "网友甲", "text": text("赞成。", "In favour.")},  # summary only: see Build._records
                ],
            },
            "attachments": [{"title": text("会议纪要", "Minutes"), "path": f"attachments/taint-{g}.txt"}],
            "summary": text("会议提出建议。", "The meeting made suggestions."), "sources": [source("会议")],
        },
        Proposal: {
            "id": ids["proposal"], "title": text(f"第{g}号提案", f"Proposal {g}"), "number": str(g), "session": text("八届二次会议", "2nd session"),
            "date": "2023-01-05", "proposers": {"type": "individual", "names": [text("张三", "Zhang San")]},
            "category": text("经济", "Economy"),
            "registration": {"status": "registered", "date": "2023-01-10", "reason": text("符合立案条件。", "It qualified.")},
            "units": {"lead": [ids["unit"]], "co": ["taint-shared-unit"], "assigned": "2023-01-15"},
            "reply": {"date": "2023-05-10", "outcome": "adopted", "text": text("已采纳。", "Adopted."), "proposer_view": "satisfied"},
            "consultation": ids["consultation"], "platform": ids["platform"],
            "summary": text("提案摘要。", "What the proposal asked."), "sources": [source("提案")],
        },
        Outcome: {
            "id": ids["outcome"], "title": text("市委书记作出批示", "A written instruction"), "concerns": ids["proposal"],
            "type": "instruction", "date": "2022-11", "by": text("市委书记", "The party secretary"), "adopted": 2,
            "units": [ids["unit"]], "summary": text("成果摘要。", "What came of it."), "sources": [source("成果")],
        },
        Unit: {
            "id": ids["unit"], "name": text(f"第{g}承办单位", f"Handling unit {g}"), "aliases": [f"第{g}单位"], "level": "city",
            "url": "https://example.org/unit", "summary": text("单位简介。", "About the unit."), "sources": [source("单位")],
        },
        Organisation: {
            "id": ids["organisation"], "name": text(f"第{g}联盟", f"Alliance {g}"), "type": "alliance",
            "platform": ids["platform"], "partners": [text("济宁学院", "Jining University")],
            "members": text("企业家委员", "Entrepreneur members"), "founded": "2021-09",
            "summary": text("联盟简介。", "About the alliance."), "sources": [source("联盟")],
        },
    }


SHARED_FILES = {
    "content/platforms/taint-parent.yml": "id: taint-parent\nname:\n  zh: 上级平台\n  en: Parent platform\nbody:\n  zh: 市政协\nlevel: city\n",
    "content/units/taint-shared-unit.yml": "id: taint-shared-unit\nname:\n  zh: 会办单位\n  en: Co-handling unit\n",
}
"""Records every copy of a build refers to, never given a payload."""

KEY_PARENTS: tuple[tuple[type[Record], FieldPath], ...] = (
    *((record_type, ()) for record_type in RECORD_TYPES),
    (Consultation, ("stages", 0)),
    (Proposal, ("registration",)),
)
"""Mappings that get an extra key whose name is a payload."""


@dataclass(frozen=True)
class Slot:
    """A place a payload can go."""

    kind: str
    """``field`` (a record's value), ``key`` (a field name) or ``redirect``."""
    record_type: type[Record] | None
    path: FieldPath

    @property
    def label(self) -> str:
        if self.kind == "redirect":
            return f"redirects.yml {self.path[0]}"
        where = f"{self.record_type.kind} "  # type: ignore[union-attr]
        if self.kind == "key":
            return where + f"field name in {dotted(self.path) or 'the record'}"
        if self.record_type is Consultation and self.path[0] == "summary":
            return where + f"Markdown body {dotted(self.path)}"
        if self.path[-1] == "path" and self.path[0] == "attachments":
            return where + "attachment file name (attachments[1].path)"
        return where + dotted(self.path)


def get_slots() -> list[Slot]:
    slots = [Slot("field", record_type, path) for record_type in RECORD_TYPES for path in leaf_fields(record_type)]
    slots += [Slot("key", record_type, path) for record_type, path in KEY_PARENTS]
    slots += [Slot("redirect", None, ("from",)), Slot("redirect", None, ("to",))]
    return slots


SLOTS = get_slots()


# --- Writing one build's project, with the line of every payload ------------------------

YAML_ESCAPES = {"\0": "\\0", "\x07": "\\x07", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\e",
                '"': '\\"', "\\": "\\\\", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def yaml_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar; odd characters become YAML escapes, as an
    editor would write them (the file itself holds none)."""
    out = []
    for character in value:
        if character in YAML_ESCAPES:
            out.append(YAML_ESCAPES[character])
        elif not character.isprintable():
            code = ord(character)
            out.append(f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'


def yaml_scalar(value: Any) -> str:
    return str(value) if isinstance(value, int) else yaml_quoted(value)


def yaml_key(key: str) -> str:
    return key if re.fullmatch(r"[a-z_]+", key) else yaml_quoted(key)


class YamlWriter:
    """Block YAML with one scalar per line, remembering the line of every key and item."""

    def __init__(self, first_line: int = 1):
        self.lines: list[str] = []
        self.first_line = first_line
        self.at: dict[FieldPath, int] = {}

    def _add(self, path: FieldPath, line: str) -> None:
        self.at[path] = self.first_line + len(self.lines)
        self.lines.append(line)

    def mapping(self, data: dict, path: FieldPath = (), indent: int = 0) -> None:
        pad = " " * indent
        for key, value in data.items():
            here = path + (key,)
            if isinstance(value, dict):
                self._add(here, f"{pad}{yaml_key(key)}:")
                self.mapping(value, here, indent + 2)
            elif isinstance(value, list):
                self._add(here, f"{pad}{yaml_key(key)}:")
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        self._add(here + (index,), f"{pad}  -")
                        self.mapping(item, here + (index,), indent + 4)
                    else:
                        self._add(here + (index,), f"{pad}  - {yaml_scalar(item)}")
            else:
                self._add(here, f"{pad}{yaml_key(key)}: {yaml_scalar(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Placement:
    """One payload in one slot of one copy."""

    n: int
    slot: Slot
    payload: Payload
    copy: int
    file: str = ""
    """Project-relative path of the file that holds it."""
    field_name: str = ""
    """The field as a problem names it."""
    lines: frozenset[int] = frozenset()
    """The lines it is written on (a Markdown body: every line of the body)."""
    item_lines: frozenset[int] = frozenset()
    """The line of its list item (a redirect), where problems about the item point."""
    refused: list[Problem] = field(default_factory=list)
    harmless: bool = False
    """Replaced by the field's harmless value (after being refused, or after breaking the build)."""

    @property
    def value(self) -> str:
        return self.payload.value(self.n)

    @property
    def is_body(self) -> bool:
        """Whether it is a Markdown body, which has no field name in its file."""
        return self.slot.record_type is Consultation and self.slot.kind == "field" and self.slot.path[0] == "summary"

    def __str__(self) -> str:
        return f"{self.slot.label} [copy {self.copy}] with payload '{self.payload.name}' (marker {self.n})"


def set_at(data: Any, path: FieldPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def get_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


FOLDERS = {
    Platform: "platforms", Consultation: "consultations", Proposal: "proposals", Outcome: "outcomes", Unit: "units",
    Organisation: "organisations",
}


@dataclass
class Build:
    """One build of the sweep: its copies, placements, project and site."""

    number: int
    copies: list[int]
    root: Path
    placements: list[Placement] = field(default_factory=list)

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def site(self) -> Path:
        # deep, so that a path climbing out of the site (../../../) still lands inside root/out
        return self.root / "out" / "deep" / "deeper" / "site"

    def by_marker(self) -> dict[int, Placement]:
        return {p.n: p for p in self.placements}

    def record_id(self, copy: int, record_type: type[Record]) -> str:
        return f"taint-{copy}-{record_type.kind}"

    def write(self) -> None:
        """Write the project's content: a payload where a placement is live, the field's
        harmless value (the specimen's) where it is not; note where each payload is."""
        content = self.project / "content"
        for folder in (*FOLDERS.values(), "attachments"):
            shutil.rmtree(content / folder, ignore_errors=True)
        files: dict[str, str] = dict(SHARED_FILES)
        attachments: list[str] = []
        for copy in self.copies:
            records = self._records(copy, attachments)
            for record_type, data in records.items():
                files |= self._write_record(copy, record_type, data)
        files["content/redirects.yml"] = self._write_redirects()
        for relative, text_ in files.items():
            path = self.project / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text_, encoding="utf-8", newline="\n")
        for relative in attachments:
            path = content / relative
            try:  # a path out of content/ gets no file: the record names one that is not there
                if "\0" not in relative and path.resolve().is_relative_to((content / "attachments").resolve()):
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("Minutes.\n", encoding="utf-8")
            except (OSError, ValueError):
                pass  # a name no file can have

    def _of_copy(self, copy: int, kind: str) -> list[Placement]:
        return [p for p in self.placements if p.copy == copy and p.slot.kind == kind]

    def _records(self, copy: int, attachments: list[str]) -> dict[type[Record], dict]:
        """The specimens of ``copy`` with its live payloads in their fields and keys; the
        attachments they name are added to ``attachments``."""
        records = specimens(copy)
        attachments.append(get_at(records[Consultation], ("attachments", 0, "path")))
        for placement in self._of_copy(copy, "field"):
            if not placement.harmless:
                value = placement.value
                if placement.slot.path == ("attachments", 0, "path"):  # a file of that name beside the records
                    value = "attachments/" + value
                    attachments.append(value)
                set_at(records[placement.slot.record_type], placement.slot.path, value)
        # A summary-only excerpt shows its poster's name inside a label ("…'s post, in summary:"),
        # not beside a quote: the second excerpt carries the first one's name, so the name's
        # payload meets both ways it is shown (a refusal of the copy goes with the first's).
        excerpts = records[Consultation]["public_input"]["excerpts"]
        excerpts[1]["name"] = excerpts[0]["name"]
        for placement in self._of_copy(copy, "key"):
            if not placement.harmless:
                get_at(records[placement.slot.record_type], placement.slot.path)[placement.value] = "x"
        return records

    def _write_record(self, copy: int, record_type: type[Record], data: dict) -> dict[str, str]:
        """The file (and, for a consultation, the English body) of one record."""
        name = f"content/{FOLDERS[record_type]}/{self.record_id(copy, record_type)}"
        if record_type is Consultation:  # Markdown: the summary is its bodies
            summary = data.pop("summary")
            writer = YamlWriter(first_line=2)
            writer.mapping(data)
            front = "---\n" + writer.text() + "---\n"
            files = {f"{name}.md": front + summary["zh"] + "\n", f"{name}.en.md": summary["en"] + "\n"}
            bodies = {"zh": (f"{name}.md", front.count("\n") + 1), "en": (f"{name}.en.md", 1)}
        else:
            writer = YamlWriter()
            writer.mapping(data)
            files = {f"{name}.yml": writer.text()}
            bodies = {}
        for placement in self.placements:
            slot = placement.slot
            if placement.copy != copy or slot.record_type is not record_type:
                continue
            if placement.is_body:
                placement.file, first = bodies[slot.path[1]]  # type: ignore[index]
                breaks = placement.value.count("\n") + placement.value.count("\r")
                placement.lines = frozenset(range(first, first + breaks + 1))
                placement.field_name = dotted(slot.path)
            elif slot.kind == "field":
                placement.file, placement.field_name = next(iter(files)), dotted(slot.path)
                placement.lines = frozenset({writer.at[slot.path]})
            else:
                placement.file, placement.field_name = next(iter(files)), dotted(slot.path + (placement.value,))
                placement.lines = frozenset({writer.at.get(slot.path + (placement.value,), 0)})
        return files

    def _write_redirects(self) -> str:
        """``content/redirects.yml``: one redirect per copy, from an old address of its
        consultation to the consultation, each written on two lines."""
        lines = []
        for copy in self.copies:
            redirect = {"from": f"consultations/taint-{copy}-old", "to": f"consultations/{self.record_id(copy, Consultation)}"}
            placements = self._of_copy(copy, "redirect")
            redirect |= {p.slot.path[0]: p.value for p in placements if not p.harmless}
            item = len(lines) + 1
            lines += [f"- from: {yaml_quoted(redirect['from'])}", f"  to: {yaml_quoted(redirect['to'])}"]
            for placement in placements:
                placement.file, placement.field_name = "content/redirects.yml", placement.slot.path[0]
                placement.lines = frozenset({item if placement.field_name == "from" else item + 1})
                placement.item_lines = frozenset({item})
        return "\n".join(lines) + "\n"


def plan_builds(base: Path) -> list[Build]:
    """Spread ``len(PAYLOADS)`` copies over ``BUILDS`` builds; in copy ``g`` slot ``s``
    gets payload ``(s + g) % len(PAYLOADS)``, so every slot meets every payload once."""
    builds = []
    serial = MARKER_BASE
    for number in range(BUILDS):
        copies = [g for g in range(number * COPIES_PER_BUILD, (number + 1) * COPIES_PER_BUILD) if g < len(PAYLOADS)]
        build = Build(number, copies, base / f"build-{number}")
        for copy in copies:
            for index, slot in enumerate(SLOTS):
                build.placements.append(Placement(serial, slot, PAYLOADS[(index + copy) % len(PAYLOADS)], copy))
                serial += 1
        builds.append(build)
    return builds


# --- Refusals ------------------------------------------------------------------------------

def explains(placement: Placement, problem: Problem, same_field: int) -> bool:
    """Whether ``problem`` is located at ``placement``: its file and its field (the line
    tells apart fields of the same name in one file, the redirects). A field name and a
    Markdown body are found by their line: a report may show an odd name escaped."""
    if problem.path != placement.file or placement.harmless:
        return False
    field_matches = problem.field == placement.field_name or problem.field.startswith((placement.field_name + ".", placement.field_name + "["))
    if placement.slot.kind == "key" or placement.is_body:
        return field_matches or problem.line in placement.lines
    return field_matches and (same_field == 1 or problem.line in placement.lines | placement.item_lines)


def settle_refusals(build: Build, findings: Findings) -> bool:
    """Load the archive, attribute each problem to the placement it locates and put that
    field's harmless value back, until the archive loads (true). A problem no placement
    explains is a finding; the payloads of its file are then set aside too."""
    for _ in range(40):
        build.write()
        try:
            load_archive(build.project / "content", build.project)
            return True
        except ContentError as error:
            problems = error.problems
        live = [p for p in build.placements if not p.harmless]
        same_field = defaultdict(int)
        for placement in live:
            same_field[(placement.file, placement.field_name)] += 1
        unexplained = []
        for problem in problems:
            owners = [p for p in live if explains(p, problem, same_field[(p.file, p.field_name)])]
            for owner in owners:
                owner.refused.append(problem)
                owner.harmless = True
            if not owners:
                unexplained.append(problem)
        if len(unexplained) < len(problems):
            continue  # the explained ones first: what is left may go with them
        for problem in unexplained:
            in_file = [p for p in live if p.file == problem.path]
            suspects = "; ".join(str(p) for p in in_file[:6]) or "none"
            findings.add("refusal not located", f"build {build.number}: validate reports '{problem}', which names no "
                         f"field or line holding a payload; payloads in that file: {suspects}")
            for placement in in_file:
                placement.harmless = True
    findings.add("refusal not located", f"build {build.number}: the archive still does not load after 40 rounds of refusals")
    return False


# --- Findings ------------------------------------------------------------------------------

class Findings:
    """What the sweep found, by kind; each line says which field, payload and page."""

    def __init__(self) -> None:
        self.kinds: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()  # builds are prepared beside the browser

    def add(self, kind: str, line: str) -> None:
        with self.lock:
            if line not in self.kinds[kind]:
                self.kinds[kind].append(line)

    def report(self, *kinds: str) -> str:
        lines = [line for kind in kinds for line in self.kinds.get(kind, [])]
        shown = lines[:400]
        more = f"\n… and {len(lines) - len(shown)} more" if len(lines) > len(shown) else ""
        return f"{len(lines)} findings:\n" + "\n".join(shown) + more


def blame(text: str, build: Build) -> list[Placement]:
    """The placements whose marker appears in ``text``."""
    placements = build.by_marker()
    return [placements[int(m)] for m in dict.fromkeys(MARKER.findall(text)) if int(m) in placements]


def blamed(text: str, build: Build) -> str:
    found = blame(text, build)
    return "; ".join(str(p) for p in found) if found else "no marker: cause unknown"


# --- CI logs ------------------------------------------------------------------------------

LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""How a CI runner splits a log into lines (GitHub's reads \\n, \\r and \\r\\n)."""


def check_validate_output(build: Build, findings: Findings) -> None:
    """``validate`` on the project with every payload in place: the text report forges no
    workflow command, and the GitHub format has one line per problem."""
    build.write()
    try:
        load_archive(build.project / "content", build.project)
        problems: list[Problem] = []
    except ContentError as error:
        problems = error.problems
    text = run_cli("validate", cwd=build.project)
    for stream, output in (("stdout", text.stdout), ("stderr", text.stderr)):
        for line in LINE_BREAK.split(output):
            if line.lstrip().startswith("::"):
                findings.add("workflow command", f"build {build.number}: 'shangliang validate' {stream} has the line "
                             f"{line[:120]!r}, a workflow command forged by {blamed(line, build)}")
    github = run_cli("validate", "--format", "github", cwd=build.project)
    lines = [line for line in LINE_BREAK.split(github.stdout) if line]
    if len(lines) != len(problems):
        extra = [line for line in lines if not line.startswith("::error file=")] or lines
        findings.add("workflow command", f"build {build.number}: 'validate --format github' printed {len(lines)} lines for "
                     f"{len(problems)} problems; lines that are not one annotation each, e.g. {extra[0][:160]!r}, come from "
                     f"{blamed(' '.join(extra), build)}")
    for line in LINE_BREAK.split(github.stderr):
        if line.lstrip().startswith("::"):
            findings.add("workflow command", f"build {build.number}: 'validate --format github' stderr has {line[:120]!r}, "
                         f"forged by {blamed(line, build)}")


# --- Building ------------------------------------------------------------------------------

def build_site(build: Build, findings: Findings) -> bool:
    """``shangliang build`` with the search index; a build that fails is traced to the
    payloads that break it (by their markers in its output, else by halving the suspects),
    which are set aside so the rest can still be built and checked."""
    for _ in range(8):
        build.write()
        result = run_cli("build", "--site-dir", str(build.site), cwd=build.project)
        for stream, output in (("stdout", result.stdout), ("stderr", result.stderr)):
            for line in LINE_BREAK.split(output):
                if line.lstrip().startswith("::"):
                    findings.add("workflow command", f"build {build.number}: 'shangliang build' {stream} has the line "
                                 f"{line[:120]!r}, forged by {blamed(line, build)}")
        if result.returncode == 0:
            return True
        output = (result.stderr or result.stdout).strip()
        culprits = [p for p in blame(output, build) if not p.harmless] or isolate_breakers(build)
        if not culprits:
            findings.add("build failed", f"build {build.number}: 'shangliang build' failed and no payload alone "
                         f"explains it: {output[-600:]}")
            return False
        for culprit in culprits:
            findings.add("build failed", f"{culprit}: 'shangliang build' fails (exit {result.returncode}): "
                         f"{output.splitlines()[-1][:300] if output else 'no output'}")
            culprit.harmless = True
    return False


def isolate_breakers(build: Build, budget: int = 14) -> list[Placement]:
    """The live placement without which the build succeeds, found by halving the suspects
    (built without the search index, unless only the build with it fails); none when no
    single payload breaks the build or the budget of builds runs out."""
    suspects = [p for p in build.placements if not p.harmless]
    probe = build.root / "probe" / "deep" / "deeper" / "site"

    def fails_with(active: list[Placement], search: bool) -> bool:
        saved = {p.n: p.harmless for p in build.placements}
        chosen = {p.n for p in active}
        for p in suspects:
            p.harmless = p.n not in chosen
        build.write()
        result = run_cli("build", *([] if search else ["--no-search"]), "--site-dir", str(probe), cwd=build.project)
        for p in build.placements:
            p.harmless = saved[p.n]
        return result.returncode != 0

    search = not fails_with(suspects, search=False)
    while len(suspects) > 1 and budget > 0:
        half = suspects[: len(suspects) // 2]
        budget -= 1
        suspects = half if fails_with(half, search) else suspects[len(half):]
    return suspects if len(suspects) == 1 and fails_with(suspects, search) else []


# --- Files the site publishes -----------------------------------------------------------

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XML_FORBIDDEN_REFERENCE = re.compile(r"&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef])|0*(?:[0-8]|1[1-24-9]|2\d|3[01]|6553[45]));", re.I)
XML_LINE_BREAK = re.compile(r"\r\n|\r|\n")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_files(build: Build, findings: Findings) -> None:
    """The files beside the pages: feeds and sitemaps, open data, and nothing outside the site."""
    for name in ("feeds/consultations.xml", "feeds/outcomes.xml", "sitemap.xml"):
        for lang in ("", "en/"):
            check_xml(build, lang + name, findings)
    check_open_data(build, findings)
    for path in sorted(build.root.rglob("*")):
        ours = (build.site, build.project, build.root / "probe")
        if not any(path == folder or folder in path.parents for folder in ours) and MARKER.search(path.name):
            findings.add("outside site", f"{blamed(path.name, build)}: the build wrote {path.relative_to(build.root)}, "
                         "outside the site folder")


def check_xml(build: Build, name: str, findings: Findings) -> None:
    """``name`` parses as XML and holds no character XML 1.0 forbids, raw or as a reference."""
    file = build.site / name
    if not file.is_file():
        findings.add("xml", f"build {build.number}: {name} is missing")
        return
    raw = file.read_bytes()
    lines = XML_LINE_BREAK.split(raw.decode("utf-8", errors="replace"))  # as an XML parser counts them
    forbidden = []
    for line in lines:
        for match in [*XML_FORBIDDEN.finditer(line), *XML_FORBIDDEN_REFERENCE.finditer(line)]:
            # the payload's marker is the one next to the character; a line may hold several
            nearest = min(MARKER.finditer(line), key=lambda m: min(abs(m.start() - match.end()), abs(match.start() - m.end())), default=None)
            forbidden.append(nearest[0] if nearest else "")
            findings.add("xml", f"{blamed(nearest[0] if nearest else '', build)}: {name} holds {match[0]!r}, which XML forbids, "
                         f"in {line.strip()[:120]!r}")
    try:
        ET.fromstring(raw)
    except ET.ParseError as error:
        line = lines[error.position[0] - 1] if 0 < error.position[0] <= len(lines) else ""
        cause = blamed(" ".join(forbidden) if forbidden else line, build)
        findings.add("xml", f"{cause}: {name} is not XML ({error}): {line.strip()[:120]!r}")


def check_open_data(build: Build, findings: Findings) -> None:
    """Every JSON file parses; no CSV cell starts what a spreadsheet runs as a formula,
    unless it is neutralised with a leading apostrophe. The files are published once, at the
    site root (the English site's data page links to them)."""
    site = build.site
    copies = sorted(path.name for path in site.glob("en/data/*") if path.name != "index.html")
    if copies or not list(site.glob("data/*.csv")):
        findings.add("open data", f"build {build.number}: the open data is not published once at data/ (en/data/ holds {copies})")
    for file in sorted(site.glob("data/*.json")):
        try:
            json.loads(file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            findings.add("open data", f"build {build.number}: {file.relative_to(site).as_posix()} does not parse: {error}")
    for file in sorted(site.glob("data/*.csv")):
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
        header = rows[0] if rows else []
        for row in rows[1:]:
            for column, cell in zip(header, row):
                if cell.startswith(FORMULA_START):
                    findings.add("open data", f"{blamed(cell, build)}: {file.relative_to(site).as_posix()} column "
                                 f"'{column}' starts with {cell[:40]!r}, a formula when opened in a spreadsheet")


def check_site_complete(build: Build, findings: Findings) -> None:
    """Every record has its page in both languages: nothing was half written."""
    for copy in build.copies:
        for record_type in RECORD_TYPES:
            for lang in ("", "en/"):
                page = build.site / f"{lang}{FOLDERS[record_type]}/{build.record_id(copy, record_type)}/index.html"
                if not page.is_file():
                    live = [p for p in build.placements if p.copy == copy and p.slot.record_type is record_type and not p.harmless]
                    findings.add("build failed", f"build {build.number}: the page {page.relative_to(build.site)} is missing; "
                                 f"payloads of that record: {'; '.join(map(str, live[:5]))}")


# --- Pages in a browser -------------------------------------------------------------------

DIALOG_RECORDER = r"""(() => {
  // Name the page a dialog comes from: the dialog itself still opens, and the tab's
  // listener still sees it; this only notes where it was called.
  const calls = [];
  Object.defineProperty(window, "__taintDialogs", {value: calls});
  for (const name of ["alert", "confirm", "prompt"]) {
    const original = window[name];
    window[name] = function (...args) {
      calls.push(`${name}(${String(args[0] ?? "")})`);
      return original.apply(this, args);
    };
  }
})();"""

DOM_CHECK = r"""(selector) => {
  // The whole page, or only the part of it that ``selector`` picks (the search results).
  // Neither Material nor theme/ sets an event handler attribute, a script address or a
  // foreign element (checked on a build of VALID_RECORDS): every one found is a payload's.
  const scope = selector ? document.querySelector(selector) : document.documentElement;
  const marker = /slx|(?<!\d)7\d{5}(?!\d)/i;
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"]);
  const foreign = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"]);
  const found = [];
  const brief = (element) => element.outerHTML.replace(/\s+/g, " ").slice(0, 240);
  for (const element of [scope, ...scope.querySelectorAll("*")]) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (marker.test(name)) {
        found.push(`a payload made the attribute ${attribute.name} on <${element.localName}>: ${brief(element)}`);
      } else if (name.startsWith("on")) {
        found.push(`event handler attribute ${attribute.name} on <${element.localName}>: ${brief(element)}`);
      } else if (urlAttributes.has(name) && /^(javascript|vbscript|data):/i.test(attribute.value.replace(/[\u0000-\u0020]/g, ""))) {
        found.push(`script address in ${attribute.name} of <${element.localName}>: ${brief(element)}`);
      }
    }
    const tag = element.localName;
    if (foreign.has(tag)) found.push(`foreign element <${tag}>: ${brief(element)}`);
    if (tag === "script" && !element.src && /alert\(\d+\)/.test(element.textContent)) found.push(`a payload made a script: ${brief(element)}`);
    if (tag === "style" && marker.test(element.textContent)) found.push(`a payload made a style element: ${brief(element)}`);
  }
  const comments = document.createTreeWalker(selector ? scope : document, NodeFilter.SHOW_COMMENT);
  while (comments.nextNode()) {
    const data = comments.currentNode.data;
    if (marker.test(data)) found.push(`a payload opened a comment that swallows the page: <!--${data.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  const evaluated = scope.outerHTML.match(/SLXJ\d+/);
  if (evaluated) found.push(`a template evaluated record text: ${evaluated[0]}`);
  if (selector) return {found, refreshes: []};
  for (const call of window.__taintDialogs || []) found.push(`opened a dialog: ${call}`);
  const refreshes = [...document.querySelectorAll("meta")]
    .filter((meta) => meta.hasAttribute("http-equiv"))
    .map((meta) => [meta.getAttribute("http-equiv"), meta.getAttribute("content") || "", brief(meta)]);
  return {found, refreshes};
}"""

LOAD_FRAMES = r"""async (urls) => {
  document.body.replaceChildren();
  await Promise.all(urls.map((url, index) => new Promise((done) => {
    const frame = document.createElement("iframe");
    frame.name = `page-${index}`;
    frame.style.cssText = "display:block;border:0;width:1280px;height:900px";
    const timer = setTimeout(done, 20000);
    frame.addEventListener("load", () => { clearTimeout(timer); done(); }, {once: true});
    frame.src = url;
    document.body.append(frame);
  })));
}"""

HARNESS = "taint-harness.html"
"""An empty page the site's pages are loaded into, a batch of frames at a time."""
BATCH = 12
"""Pages loaded side by side: a page in a frame costs less than half a page in the tab."""


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        if not self.path.endswith((".html", "/")):
            self.send_header("Cache-Control", "max-age=3600")  # the theme's files, once per run
        super().end_headers()

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser stopped reading: a navigation that was aborted


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True


@dataclass
class Loaded:
    """What loading one page showed."""

    url: str
    found: list[str] = field(default_factory=list)
    refreshes: list[list[str]] = field(default_factory=list)


class Browser:
    """One browser context that loads the site's pages and records what they do: every
    dialog, every request to evil.example, every navigation away (stopped, so that the page
    stays to be checked), every window opened. Pages are loaded as frames of an empty page,
    ``BATCH`` at a time; the search box is used in the tab itself."""

    def __init__(self, browser, folder: Path):
        self.folder = folder
        (folder / HARNESS).write_text("<!doctype html><meta charset=utf-8><title>pages</title><body></body>", encoding="utf-8")
        handler = functools.partial(_Handler, directory=str(folder))
        self.server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(DIALOG_RECORDER)
        # Only documents and requests leaving the server are intercepted (matched in the
        # browser): the theme's scripts and styles load without a detour through Python.
        self.context.route(re.compile("^(?!" + re.escape(self.base) + ")|\\.html$|/$"), self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("dialog", self._dialog)
        self.context.on("page", self._popup)
        self.top = ""
        """The address the tab itself may be at."""
        self.pending: set[str] = set()
        """Pages about to load in frames."""
        self.events: list[tuple[str, str]] = []
        """``(address of the page that did it, or "", what it did)``."""

    def close(self) -> None:
        self.context.close()
        self.server.shutdown()
        self.server.server_close()

    def _popup(self, popup) -> None:
        opener = popup.opener()
        self.events.append((opener.url if opener else "", f"opened a window at {popup.url}"))
        popup.close()

    def _dialog(self, dialog) -> None:
        self.events.append(("", f"opened a {dialog.type} dialog saying {dialog.message!r}"))
        dialog.dismiss()

    def _route(self, route) -> None:
        request = route.request
        url = request.url
        frame = request.frame
        navigation = request.is_navigation_request()
        if (urlsplit(url).hostname or "").endswith("evil.example"):
            self.events.append((frame.url, f"{'navigated to' if navigation else 'requested'} {url}"))
            self._refuse(route, navigation)
        elif not url.startswith(self.base):
            self._refuse(route, navigation)  # the theme's web fonts: the tests run offline
        elif not navigation:
            route.continue_()
        elif frame == self.page.main_frame and unquote(url) == unquote(self.top):
            route.continue_()
        elif frame != self.page.main_frame and unquote(url) in self.pending:
            self.pending.discard(unquote(url))
            route.continue_()
        else:
            self.events.append((frame.url, f"navigated to {url}"))
            self._refuse(route, navigation)

    @staticmethod
    def _refuse(route, navigation: bool) -> None:
        """Stop a request; a navigation is answered "204 No Content", which leaves the page
        where it is, to be checked (an aborted one would put an error page in its place)."""
        if navigation:
            route.fulfill(status=204, body="")
        else:
            route.abort()

    def url_of(self, path: Path) -> str:
        return self.base + quote(path.as_posix())

    def goto(self, url: str) -> None:
        """Load ``url`` in the tab itself."""
        self.top = url
        self.page.goto(url, wait_until="load")

    def load(self, urls: list[str]) -> tuple[list[Loaded], list[tuple[str, str]]]:
        """Load ``urls`` as frames, ``BATCH`` at a time; what each page showed, and what
        the pages did."""
        self.events = []
        if unquote(self.page.url) != unquote(self.base + HARNESS):
            self.goto(self.base + HARNESS)
        results = []
        for start in range(0, len(urls), BATCH):
            batch = urls[start: start + BATCH]
            self.pending = {unquote(url) for url in batch}
            try:
                self.page.evaluate(LOAD_FRAMES, batch)
            except Exception as error:  # noqa: BLE001 - a page that stops the loading is a finding
                self.events.append(("", f"stopped the loading of {', '.join(batch)}: {str(error).splitlines()[0]}"))
                self.goto(self.base + HARNESS)
            frames = {f.name: f for f in self.page.frames if f.parent_frame == self.page.main_frame}
            for index, url in enumerate(batch):
                loaded = Loaded(url)
                frame = frames.get(f"page-{index}")
                try:
                    if frame is None:
                        raise LookupError("its frame is gone")
                    checked = frame.evaluate(DOM_CHECK)
                    loaded.found, loaded.refreshes = checked["found"], checked["refreshes"]
                except Exception as error:  # noqa: BLE001 - any failure to load is a finding
                    loaded.found.append(f"could not be loaded and checked: {str(error).splitlines()[0]}")
                results.append(loaded)
        return results, self.events


REFRESH = re.compile(r"^\s*0\s*;\s*url=(.+)$", re.I)


def page_address(url: str) -> str:
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def check_pages(build: Build, browser: Browser, findings: Findings, expected_refresh: dict[str, str] | None = None) -> int:
    """Load every HTML page of the build's site; returns how many were loaded.
    ``expected_refresh`` maps the address of each redirect page to where it must lead."""
    site_url = browser.url_of(build.site.relative_to(browser.folder)) + "/"
    expected = expected_refresh if expected_refresh is not None else redirect_targets(build, site_url)
    pages = sorted(build.site.rglob("*.html"))
    urls = [browser.url_of(file.relative_to(browser.folder)) for file in pages]

    def shown(url: str) -> str:
        return unquote(url[len(site_url):]) if url.startswith(site_url) else unquote(url)

    results, events = browser.load(urls)
    dialogs = set()
    for loaded in results:
        for what in loaded.found:
            findings.add("page", f"{blamed(what, build)}: page {shown(loaded.url)}: {what}")
            dialogs.update(MARKER.findall(what) if what.startswith("opened a dialog") else ())
        policies = [content for equiv, content, _ in loaded.refreshes if equiv == "Content-Security-Policy"]
        for equiv, content, html in loaded.refreshes:
            if equiv == "Content-Security-Policy" and policies == [CONTENT_SECURITY_POLICY]:
                continue  # the theme's own policy (render/policy.py), once and unchanged
            match = REFRESH.match(content)
            target = urljoin(page_address(loaded.url), match[1].strip()) if match else None
            if equiv.lower() == "refresh" and target is not None and unquote(target) == unquote(expected.get(page_address(loaded.url), "")):
                continue
            findings.add("page", f"{blamed(html, build)}: page {shown(loaded.url)} has {html}, which is not a redirect "
                         f"made from redirects.yml to a record page of this site")
    for source, event in events:
        if event.startswith("navigated to ") and unquote(event[len("navigated to "):]) == unquote(expected.get(page_address(source), "")):
            continue  # a redirect page leading on to its record
        if event.startswith("opened a ") and " dialog " in event and set(MARKER.findall(event)) <= dialogs and MARKER.search(event):
            continue  # reported with its page above
        where = f"page {shown(source)}" if source.startswith(browser.base) else "a page of this build"
        findings.add("page", f"{blamed(event, build)}: {where} {event}")
    return len(pages)


def redirect_targets(build: Build, site_url: str) -> dict[str, str]:
    """Where each redirect page of the build must lead, by the page's address: a renamed
    record's old address to the record's page, and the address of a filter of the past index
    that every consultation passes (``Facts.filters``: the same one activity, say) to the
    past index itself, which lists them all."""
    targets = {}
    for lang in ("", "en/"):
        for page in (build.site / lang / "past").glob("*/*/index.html"):
            dimension, value = page.parent.parent.name, page.parent.name
            if dimension in DIMENSIONS and re.fullmatch(r"[a-z0-9-]+", value):
                targets[urljoin(site_url, f"{lang}past/{dimension}/{value}/")] = urljoin(site_url, f"{lang}past/")
    for copy in build.copies:
        source = next((p for p in build.placements if p.copy == copy and p.slot.path == ("from",)), None)
        old = source.value if source and not source.harmless else f"consultations/taint-{copy}-old"
        old = old.strip().strip("/")
        for lang in ("", "en/"):
            page = urljoin(site_url, lang + quote(old) + "/")
            targets[page] = urljoin(site_url, f"{lang}consultations/{build.record_id(copy, Consultation)}/")
    return targets


def check_search(build: Build, browser: Browser, findings: Findings) -> None:
    """Search each language's site for the payloads, open the filters and show every
    result: the search box builds them in the browser from the index's metadata, filter
    values and excerpts."""
    for lang in ("", "en/"):
        browser.events = []
        page = browser.page
        try:
            browser.goto(browser.url_of((build.site / lang / "index.html").relative_to(browser.folder)))
            browser.events = []  # the page itself is checked with the others; from here on, the search
            page.locator(".md-search__input").fill("slx")
            page.wait_for_selector("[data-sl-search][data-state=done]")
            filters = page.locator(".sl-search__show-filters")
            if filters.count() and filters.is_visible():
                filters.click()
                page.wait_for_selector(".sl-search__facet", timeout=5_000)
            more = page.locator(".sl-search__more")
            for _ in range(60):
                if not more.is_visible():
                    break
                try:
                    more.click(timeout=5_000)
                except PlaywrightTimeout:  # hidden between the look and the click: every result is shown
                    if more.is_visible():
                        raise
                    break
                page.wait_for_timeout(100)
            count = page.locator(".sl-hit").count()
            checked = page.evaluate(DOM_CHECK, ".md-search__output")
        except Exception as error:  # noqa: BLE001 - a search that fails is a finding
            findings.add("search", f"build {build.number}: searching the {lang or 'zh/'} site failed: {str(error).splitlines()[0]}")
            continue
        if count == 0:
            findings.add("search", f"build {build.number}: searching the {lang or 'zh/'} site for 'slx' found nothing to check")
        for _, event in browser.events:
            findings.add("search", f"{blamed(event, build)}: search results on {lang}index.html: {event}")
        for what in checked["found"]:
            findings.add("search", f"{blamed(what, build)}: search results on {lang}index.html: {what}")


# --- The sweep -----------------------------------------------------------------------------

@dataclass
class Sweep:
    builds: list[Build]
    findings: Findings
    pages: int
    seconds: dict[str, float]

    @property
    def placements(self) -> list[Placement]:
        return [p for build in self.builds for p in build.placements]


make_project = copy_site_files
"""This repository's settings, theme and static pages, as ``site_project`` copies them."""


def prepare(build: Build, findings: Findings, seconds: dict[str, float]) -> bool:
    """Everything of one build before the browser: the CI output of ``validate``, the
    refusals, the build itself and the files it wrote. True when there is a site to load."""
    make_project(build.project)
    started = time.perf_counter()
    check_validate_output(build, findings)
    settled = settle_refusals(build, findings)
    seconds["validate"] += time.perf_counter() - started
    if not settled:
        return False
    started = time.perf_counter()
    build.site.parent.mkdir(parents=True, exist_ok=True)
    built = build_site(build, findings)
    seconds["build"] += time.perf_counter() - started
    if built:
        check_site_complete(build, findings)
        check_files(build, findings)
    return built


@pytest.fixture(scope="module")
def sweep(tmp_path_factory, browser) -> Sweep:
    """Every build of the sweep, and what was found. The next build is prepared while the
    browser loads the pages of the one before."""
    base = tmp_path_factory.mktemp("taint")
    findings = Findings()
    seconds: dict[str, float] = defaultdict(float)
    builds = plan_builds(base)
    viewer = Browser(browser, base)
    pages = 0
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            prepared = [pool.submit(prepare, build, findings, seconds) for build in builds]
            for build, built in zip(builds, prepared):
                if not built.result():
                    continue
                started = time.perf_counter()
                pages += check_pages(build, viewer, findings)
                check_search(build, viewer, findings)
                seconds["browser"] += time.perf_counter() - started
    finally:
        viewer.close()
    return Sweep(builds, findings, pages, dict(seconds))


# --- The tests -----------------------------------------------------------------------------

def assert_no_findings(sweep: Sweep, kind: str) -> None:
    """Fail with every finding of ``kind``, one per line, and nothing else."""
    if sweep.findings.kinds.get(kind):
        pytest.fail(f"{kind}: " + sweep.findings.report(kind), pytrace=False)


def test_the_sweep_covers_every_field_and_payload():
    """Every leaf of every record model is a slot, and every slot meets every payload
    exactly once over the builds."""
    assert len(PAYLOADS) >= 15
    # A payload that is a valid id would rename its record and break the references to it
    # that the other copies' records hold; refused by the id pattern, it is put back.
    assert not [p.name for p in PAYLOADS if re.fullmatch(ID_PATTERN, p.value(MARKER_BASE))]
    for record_type in RECORD_TYPES:
        assert any(s.record_type is record_type and s.kind == "field" for s in SLOTS), record_type
    met = defaultdict(set)
    for build in plan_builds(Path("/nonexistent")):
        for placement in build.placements:
            met[placement.slot].add(placement.payload.name)
    missing = [f"{slot.label}: {sorted({p.name for p in PAYLOADS} - names)}" for slot, names in met.items() if len(names) != len(PAYLOADS)]
    assert not missing, "slots that do not meet every payload: " + "; ".join(missing)
    assert len(met) == len(SLOTS)


def test_the_specimens_fill_every_field(tmp_path):
    """The records a payload is put into hold every field of their type and load without a
    problem, so that a refusal is the payload's doing and a new field cannot go unswept."""
    records = specimens(0)
    for record_type, data in records.items():
        for path in leaf_fields(record_type):
            try:
                get_at(data, path)
            except (KeyError, IndexError):
                raise AssertionError(f"specimens(): the {record_type.kind} has no value for {dotted(path)}; add one so the sweep puts payloads there") from None
    build = Build(0, [0], tmp_path)
    build.write()
    load_archive(build.project / "content", build.project)


def test_validate_output_forges_no_workflow_command(sweep: Sweep):
    """CI logs: no record makes a line of ``validate`` or ``build`` output that GitHub reads
    as a workflow command, and ``--format github`` prints exactly one line per problem."""
    assert_no_findings(sweep, "workflow command")


def test_every_refusal_is_located(sweep: Sweep):
    """A refused payload is reported at its record's file, field or line."""
    assert_no_findings(sweep, "refusal not located")


def test_no_payload_breaks_the_build(sweep: Sweep):
    """A payload that was not refused builds: no crash, no half-written site."""
    assert_no_findings(sweep, "build failed")


def test_pages_run_load_and_go_nowhere_from_a_record(sweep: Sweep):
    """Every page of every build, in headless Chromium: no dialog, no request to
    evil.example, no navigation but a redirect page's, no element, attribute or comment
    made by a payload, no event handler attribute (the theme sets none)."""
    assert sweep.pages > 0
    assert_no_findings(sweep, "page")


def test_search_results_show_payloads_inertly(sweep: Sweep):
    assert_no_findings(sweep, "search")


def test_feeds_and_sitemaps_are_xml(sweep: Sweep):
    assert_no_findings(sweep, "xml")


def test_open_data_parses_and_starts_no_formula(sweep: Sweep):
    assert_no_findings(sweep, "open data")


def test_nothing_is_written_outside_the_site(sweep: Sweep):
    assert_no_findings(sweep, "outside site")


def test_every_payload_was_refused_or_published(sweep: Sweep):
    """Each field × payload pair ended one way or the other, and some of each: the sweep
    exercised both the checks and the renderer."""
    placements = sweep.placements
    assert len(placements) == len(SLOTS) * len(PAYLOADS)
    refused = [p for p in placements if p.refused]
    published = [p for p in placements if not p.harmless]
    assert refused and published
    print(f"\n{len(placements)} placements: {len(refused)} refused, {len(published)} published; "
          f"{sweep.pages} pages loaded; seconds: {sweep.seconds}")


def test_the_page_checks_catch_planted_payloads(browser, tmp_path):
    """The page checks are not blind: each kind of escape planted in a page is reported,
    with its page and marker, and a redirect page made from redirects.yml is not."""
    site = tmp_path / "build-0" / "out" / "deep" / "deeper" / "site"
    planted = {
        "index.html": (
            '<meta name="description" content="" http-equiv="refresh" data-slx="700001">'
            "<p>x<img data-slx=700002 src=x onerror=alert(700002)></p>"
            '<a href="javascript:alert(700003)">a</a><script>alert(700004)</script><!-- slx700005'
        ),
        "refresh/index.html": '<meta http-equiv="refresh" content="0;url=http://evil.example/700006"><img src="http://evil.example/700007/x.png">',
        "moved/index.html": '<meta http-equiv="refresh" content="0; url=../consultations/x/">',
        "consultations/x/index.html": "<p>The record.</p>",
    }
    for name, body in planted.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f'<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>{body}</body></html>', encoding="utf-8")
    build = Build(0, [], tmp_path / "build-0")
    build.placements = [Placement(700000 + i, SLOTS[0], PAYLOADS[0], 0) for i in range(1, 8)]
    findings = Findings()
    viewer = Browser(browser, tmp_path)
    try:
        site_url = viewer.url_of(site.relative_to(tmp_path)) + "/"
        assert check_pages(build, viewer, findings, {site_url + "moved/": site_url + "consultations/x/"}) == 4
    finally:
        viewer.close()
    report = "\n".join(findings.kinds["page"])
    for expected in (
        "page index.html: opened a dialog: alert(700002)", "attribute data-slx", "event handler attribute onerror",
        "script address in href", "made a script", "comment that swallows", "http-equiv",
        "requested http://evil.example/700007/x.png", "page refresh/index.html navigated to http://evil.example/700006",
        "page refresh/index.html has <meta http-equiv=\"refresh\"",
    ):
        assert expected in report, f"{expected!r} not reported:\n{report}"
    assert "moved" not in report and "consultations/x" not in report, report


# --- The sample archive's meta descriptions ------------------------------------------------

class _MetaDescriptions(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and ("name", "description") in attrs:
            self.found.append(attrs)


def test_sample_site_meta_descriptions_are_the_pages_descriptions(sample_site: Path):
    """Every page of the sample archive has one ``<meta name="description">`` whose content
    is exactly the page's description: a quote in a record's text (Jishi Shangliang ("Let's
    talk it over, Jining")) must not end the attribute."""
    archive = load_archive(REPO / "content", REPO)
    expected: dict[str, str] = {}
    for lang, config in (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")):
        settings = yaml.safe_load((REPO / config).read_text(encoding="utf-8"))
        fallback = settings["site_description"]
        prefix = "" if lang == "zh" else "en/"
        for page in render_site(archive, SiteInfo(lang, settings["site_name"], fallback, search=False)):
            expected[prefix + url_of_uri(page.uri) + "index.html"] = page.description or fallback
        expected[prefix + "404.html"] = fallback  # the theme's
        for static in (REPO / "content" / "pages" / lang).rglob("*.md"):  # no descriptions of their own
            expected.setdefault(prefix + url_of_uri(static.relative_to(REPO / "content" / "pages" / lang).as_posix()) + "index.html", fallback)
    wrong = []
    for file in sorted(sample_site.rglob("*.html")):
        name = file.relative_to(sample_site).as_posix()
        parser = _MetaDescriptions()
        parser.feed(file.read_text(encoding="utf-8"))
        want = expected.get(name)
        if want is None:
            wrong.append(f"page {name}: not a page the renderer made or a static page")
        elif len(parser.found) != 1:
            wrong.append(f"page {name}: {len(parser.found)} meta descriptions, expected 1")
        elif sorted(parser.found[0], key=str) != sorted([("name", "description"), ("content", want)], key=str):
            attributes = parser.found[0]
            extra = [key for key, _ in attributes if key not in ("name", "content")]
            wrong.append(f"page {name}: the description is {dict(attributes).get('content')!r}, expected {want!r}"
                         + (f"; the rest became the attributes {extra}" if extra else ""))
    if wrong:
        pytest.fail(f"{len(wrong)} pages whose <meta name=\"description\"> is not the page's description:\n" + "\n".join(wrong), pytrace=False)
