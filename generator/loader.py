"""Read record files: YAML, or Markdown with YAML front matter, keeping each field's line.

A loader never renders and never judges a record's fields; it only turns files into
``RawRecord`` values, or into located problems when a file cannot be read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .errors import Problem
from .model import TYPES_BY_FOLDER

try:  # the C parser is several times faster and keeps the same marks
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

RECORD_SUFFIXES = (".yml", ".yaml", ".md")
ENGLISH_SUFFIX = ".en.md"
IGNORED_FOLDERS = ("pages", "attachments")
"""Folders of ``content/`` that hold no records: static pages and attached files."""
MAX_NODES = 20_000
"""More YAML nodes than this in one record is an error (guards against alias bombs)."""

FieldPath = tuple[str | int, ...]


@dataclass
class RawRecord:
    """A record file as read, before its fields are checked."""

    path: str
    """Path relative to the project root, as shown in messages."""
    folder: str
    """The record-type folder it sits in (``consultations`` …)."""
    data: dict[str, Any]
    lines: dict[FieldPath, int] = field(default_factory=dict)
    """Line of every field and list item, keyed by its path (``("stages", 0, "date")``)."""
    english_path: str | None = None
    """The sibling ``.en.md`` file holding the English body, if there is one."""

    def line_of(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest enclosing field that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.lines.get((), 1)


class _Builder:
    """Turns a YAML node tree into plain data plus a line map, collecting problems."""

    def __init__(self, path: str):
        self.path = path
        self.lines: dict[FieldPath, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = SafeConstructor()

    def build(self, node: Node, at: FieldPath, line_offset: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge()
        if isinstance(node, MappingNode):
            return self._mapping(node, at, line_offset)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[at + (index,)] = item.start_mark.line + 1 + line_offset
                items.append(self.build(item, at + (index,), line_offset))
            return items
        return self._scalar(node)

    def _mapping(self, node: MappingNode, at: FieldPath, line_offset: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + line_offset
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Problem(self.path, line, _dotted(at) or "-", "a field name must be plain text")
                )
                continue
            key = key_node.value
            if key in result:
                first = self.lines[at + (key,)]
                self.problems.append(
                    Problem(
                        self.path, line, _dotted(at + (key,)),
                        f"field appears twice (first on line {first}); keep one",
                    )
                )
                continue
            self.lines[at + (key,)] = line
            result[key] = self.build(value_node, at + (key,), line_offset)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            return node.value  # e.g. 2022-13-01: the schema reports it as a bad date


class _TooLarge(Exception):
    pass


def _dotted(path: FieldPath) -> str:
    """``("stages", 1, "date")`` → ``stages[2].date`` (list items counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


dotted = _dotted


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, dict, list[Problem]]:
    """Parse one YAML document; return its data, line map and problems."""
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        line, what = _locate_syntax_error(error)
        line = min(line, text.count("\n") + 1)  # libyaml puts the end of a file on a line after it
        return None, {}, [Problem(path, line + line_offset, "-", f"YAML syntax error: {what}")]
    except ReaderError as error:
        line = _line_at(text, error.position) + line_offset
        what = f"the character #x{error.character:04x} is not allowed; remove it"
        return None, {}, [Problem(path, line, "-", f"YAML syntax error: {what}")]
    except yaml.YAMLError as error:
        return None, {}, [Problem(path, 1 + line_offset, "-", f"YAML syntax error: {error}")]
    if node is None:
        return None, {}, []
    builder = _Builder(path)
    builder.lines[()] = node.start_mark.line + 1 + line_offset
    try:
        data = builder.build(node, (), line_offset)
    except _TooLarge:
        message = f"the YAML holds more than {MAX_NODES} values (aliases included); split it"
        return None, {}, [Problem(path, 1 + line_offset, "-", message)]
    except RecursionError:
        message = "the YAML nests too deeply, or an alias (*name) repeats a value that contains it"
        return None, {}, [Problem(path, 1 + line_offset, "-", message)]
    return data, builder.lines, builder.problems


def _line_at(text: str, position: int) -> int:
    """The 1-based line of ``position``, which libyaml counts in UTF-8 bytes."""
    if _YamlLoader is yaml.SafeLoader:  # pragma: no cover - the pure-Python reader counts characters
        return text[:position].count("\n") + 1
    return text.encode("utf-8")[:position].count(b"\n") + 1


def _locate_syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The 1-based line an editor should look at, and what is wrong there."""
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "unreadable YAML"
    if error.context == "while scanning a simple key" and error.context_mark:
        mark = error.context_mark  # the line lacking its ':', not the line after it
    elif error.context and error.problem and not error.context.startswith("while "):
        what = f"{error.context} {error.problem}"  # e.g. "expected a single document …"
    return (mark.line + 1 if mark else 1), what


def split_front_matter(text: str, path: str) -> tuple[str | None, str, list[Problem]]:
    """Split a Markdown record into its front matter and body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        message = "a Markdown record starts with a line '---', then its fields, then '---'"
        return None, text, [Problem(path, 1, "-", message)]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), []
    message = "front matter opened with '---' on line 1 is never closed by a line '---'"
    return None, "", [Problem(path, 1, "-", message)]


def find_record_files(content_dir: Path) -> list[Path]:
    """Every record file below ``content_dir``, in a stable order (English bodies excluded).

    Hidden files and folders (an editor's ``.obsidian/``, ``.DS_Store``) are not records."""
    files = []
    for file in sorted(content_dir.rglob("*")):
        relative = file.relative_to(content_dir)
        if not file.is_file() or relative.parts[0] in IGNORED_FOLDERS:
            continue
        if any(part.startswith(".") for part in relative.parts) or file.name.endswith(ENGLISH_SUFFIX):
            continue
        files.append(file)
    return files


def load_record_file(file: Path, content_dir: Path, root: Path) -> tuple[RawRecord | None, list[Problem]]:
    """Read one record file (and its English sibling) into a ``RawRecord``."""
    path = file.relative_to(root).as_posix()
    relative = file.relative_to(content_dir)
    folder = relative.parts[0] if len(relative.parts) > 1 else ""
    if folder not in TYPES_BY_FOLDER:
        folders = ", ".join(f"content/{name}/" for name in TYPES_BY_FOLDER)
        return None, [Problem(path, 1, "-", f"a record file must sit in one of {folders}")]
    if file.suffix not in RECORD_SUFFIXES:
        message = f"'{file.name}' is not a record file; records end in .yml or .md"
        return None, [Problem(path, 1, "-", message)]
    text, problems = read_text(file, root)
    if text is None:
        return None, problems

    body = None
    line_offset = 0
    if file.suffix == ".md":
        front, body, problems = split_front_matter(text, path)
        if front is None:
            return None, problems
        text, line_offset = front, 1
    data, lines, problems = parse_yaml(text, path, line_offset)
    if problems and data is None:
        return None, problems
    if not isinstance(data, dict):
        message = "expected the record's fields (name: value lines), found " + _kind_of(data)
        return None, problems + [Problem(path, 1 + line_offset, "-", message)]

    record = RawRecord(path, folder, data, lines)
    english = file.with_name(file.name[: -len(".md")] + ENGLISH_SUFFIX) if body is not None else None
    english_body = None
    if english is not None and english.is_file():
        record.english_path = english.relative_to(root).as_posix()
        english_body, english_problems = read_text(english, root)
        if english_body is None:
            return record, problems + english_problems
    if body is not None:
        problems += _merge_bodies(record, body, english_body)
    return record, problems


def _merge_bodies(record: RawRecord, body: str, english_body: str | None) -> list[Problem]:
    """Put a Markdown record's bodies into its ``summary`` field."""
    texts = {"zh": body.strip(), "en": (english_body or "").strip()}
    texts = {lang: text for lang, text in texts.items() if text}
    if not texts:
        return []
    if "summary" in record.data:
        line = record.lines[("summary",)]
        message = "the summary is written twice, as a field and as the file's body; keep one"
        return [Problem(record.path, line, "summary", message)]
    if "zh" not in texts:
        message = "the English body has no Chinese body to go with; write the Chinese text first"
        return [Problem(record.path, 1, "summary", message)]
    record.data["summary"] = texts
    record.lines[("summary",)] = 1
    return []


def find_orphan_english_files(content_dir: Path, root: Path) -> list[Problem]:
    """English bodies (``x.en.md``) with no ``x.md`` record beside them."""
    problems = []
    for file in sorted(content_dir.rglob("*" + ENGLISH_SUFFIX)):
        if file.relative_to(content_dir).parts[0] in IGNORED_FOLDERS:
            continue
        partner = file.with_name(file.name[: -len(ENGLISH_SUFFIX)] + ".md")
        if not partner.is_file():
            message = f"English body without its record: expected '{partner.name}' beside it"
            problems.append(Problem(file.relative_to(root).as_posix(), 1, "-", message))
    return problems


def read_text(file: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """The text of ``file`` (a leading byte-order mark dropped), or why it cannot be read."""
    try:
        return file.read_text(encoding="utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        message = "the file is not UTF-8 text; save it as UTF-8"
        return None, [Problem(file.relative_to(root).as_posix(), line, "-", message)]


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"the value {value!r}"
