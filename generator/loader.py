"""Read record files: YAML, or Markdown with YAML front matter, keeping each field's line.

A loader never renders and never judges a record's fields; it only turns files into
``RawRecord`` values, or into located problems when a file cannot be read at all. It also
keeps hostile or broken files from harming the build: files too large, lines too long,
YAML nested too deeply, odd bytes, and links out of ``content/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from .errors import Problem
from .files import describe_character, find_odd_character, is_file, is_outside, outside_link_problem, planned_files, read_text, relative_path
from .model import TYPES_BY_FOLDER

try:  # the C parser is several times faster and keeps the same marks
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

RECORD_SUFFIXES = (".yml", ".yaml", ".md")
ENGLISH_SUFFIX = ".en.md"
IGNORED_FOLDERS = ("pages", "attachments")
"""Folders of ``content/`` that hold no records: static pages and attached files."""
ARCHIVE_FILES = ("published.txt", "redirects.yml", "search-synonyms.yml")
"""Files at the top of ``content/`` that are about the archive, not records (``published.py``)."""
MAX_NODES = 20_000
"""More YAML nodes than this in one record is an error (guards against alias bombs)."""
MAX_DEPTH = 20
"""Deepest nesting of fields and lists in a record; the deepest real record needs 6."""
C_PARSER_MAX_NESTING = 1_000
"""Above this estimated nesting, YAML is parsed in pure Python: libyaml's C composer
recurses once per level and crashes the whole process at some tens of thousands."""

TOO_DEEP = (
    f"the YAML nests more than {MAX_DEPTH} levels deep, or an alias (*name) repeats a value "
    "that contains it; check the indentation and the brackets"
)
_BRACKET = re.compile(r"[\[\]{}]")

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class TextSpan:
    """Where a text is written: its file and the line its first line is on."""

    path: str
    line: int
    exact: bool = True
    """Whether line ``k`` of the text is line ``line + k - 1`` of the file (true for
    Markdown bodies, ``|`` blocks and one-line values; folded text is only found by its
    first line)."""

    def line_of(self, line_in_text: int) -> int:
        return self.line + line_in_text - 1 if self.exact else self.line


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
    spans: dict[FieldPath, TextSpan] = field(default_factory=dict)
    """Where the text of every text field is written (Markdown bodies included)."""
    stray_bodies: dict[str, tuple[str, TextSpan]] = field(default_factory=dict)
    """Markdown bodies by language that could not become the ``summary`` (a problem says
    why); their text is still checked."""
    fields_unreadable: bool = False
    """The front matter of a Markdown record could not be read (a problem says why): ``data``
    is empty, and only the bodies are there to be checked, so that a broken front matter does
    not hide a problem of the body or of the English file."""
    content_path: str = ""
    """Path relative to the content folder, whatever its name (``proposals/x.yml``): what
    another record's Markdown links to this one by."""

    def line_of(self, path: FieldPath) -> int:
        """The line of ``path``, or of its nearest enclosing field that has one."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.lines.get((), 1)

    def texts(self) -> Iterator[tuple[FieldPath, str, TextSpan]]:
        """Every text of the record, with where it is written: the text fields (the summary
        from the Markdown bodies among them), then any stray bodies."""
        for at, value in _strings(self.data, ()):
            yield at, value, self.spans.get(at) or TextSpan(self.path, self.line_of(at), exact=False)
        for lang, (text, span) in self.stray_bodies.items():
            yield ("summary", lang), text, span


def _strings(value: Any, at: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, at + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, at + (index,))


STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
_RESOLVER = Resolver()
WHOLE_NUMBER = re.compile(r"0|-?[1-9][0-9]*")
"""A whole number as YAML 1.2 and every reader agree on it (matched whole): plain decimal digits."""
_TRUE_FALSE = {"true": True, "false": False}
"""The yes/no values of YAML 1.2 (``true``/``false`` in any case); YAML 1.1's ``yes``, ``no``,
``on`` and ``off`` are text ("No" is an English word)."""


def _is_tagged(node: ScalarNode) -> bool:
    """Whether a tag (``!!binary``, ``!evil``) was written before the value: its tag is not
    the one the value would get by itself. ``!!str`` is allowed: it gives text, as quotes do."""
    if node.tag == STR_TAG:
        return False
    implicit = _RESOLVER.resolve(ScalarNode, node.value, (True, False)) if _is_plain(node) else STR_TAG
    return node.tag != implicit


def _plain_value(node: ScalarNode) -> Any:
    """An unquoted value as its editor wrote it. Only what means one thing in every reading
    of YAML becomes a number or a yes/no value: ``null``/``~``/nothing, ``true``/``false``
    and whole numbers in plain decimal digits. Everything else PyYAML's YAML 1.1 would turn
    into something else stays the text written: ``1_000`` (not 1000), ``1:00:00`` (not 3600),
    ``010`` (not 8), ``0x1F``, ``1e3``, ``yes``, ``2022-10-14 10:00``; the schema then accepts
    it as text, as a date, or says why it is not a number."""
    if not _is_plain(node):
        return node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return _TRUE_FALSE.get(node.value.lower(), node.value)
    if node.tag == "tag:yaml.org,2002:int" and WHOLE_NUMBER.fullmatch(node.value):
        return int(node.value)
    return node.value


def _is_plain(node: ScalarNode) -> bool:
    """Whether the value is written without quotes or block indicator (libyaml's composer
    marks that ``''``, PyYAML's ``None``)."""
    return not node.style


def _shown_tag(tag: str) -> str:
    """A tag as an editor wrote it: ``tag:yaml.org,2002:binary`` is ``!!binary``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    """Turns a YAML node tree into plain data plus a line map, collecting problems."""

    def __init__(self, path: str):
        self.path = path
        self.lines: dict[FieldPath, int] = {}
        self.spans: dict[FieldPath, TextSpan] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def build(self, node: Node, at: FieldPath, line_offset: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge()
        if len(at) > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1 + line_offset)
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (MAP_TAG, SEQ_TAG):
            self._report_tag(node, at, line_offset)
        if isinstance(node, MappingNode):
            return self._mapping(node, at, line_offset)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[at + (index,)] = item.start_mark.line + 1 + line_offset
                items.append(self.build(item, at + (index,), line_offset))
            return items
        return self._scalar(node, at, line_offset)

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
            self._check_text(key_node, at + (key,), line_offset)
            if _is_tagged(key_node):
                self._report_tag(key_node, at + (key,), line_offset)
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

    def _scalar(self, node: ScalarNode, at: FieldPath, line_offset: int) -> Any:
        self._check_text(node, at, line_offset)
        if node.tag != STR_TAG:  # most values are text: nothing to construct
            if _is_tagged(node):
                self._report_tag(node, at, line_offset)
            value = _plain_value(node)
            if not isinstance(value, str):
                return value
        self.spans[at] = _span_of(node, node.value, self.path, line_offset)
        return node.value

    def _check_text(self, node: ScalarNode, at: FieldPath, line_offset: int) -> None:
        """A value (or field name) as YAML decoded it may hold what the file's bytes did not:
        ``"\\0"``, ``"\\e"`` or ``"\\u202E"`` in double quotes write the very characters
        that ``files.read_text`` refuses when typed. Only a double-quoted value has escapes:
        in any other, such a character was in the file, where ``read_text`` found it."""
        if node.style != '"':
            return
        odd = find_odd_character(node.value)
        if odd is not None:
            what = "carriage return U+000D" if odd == "\r" else describe_character(odd)
            message = f"the {what} is not allowed (written here as an escape in double quotes); remove it"
            self.problems.append(Problem(self.path, node.start_mark.line + 1 + line_offset, _dotted(at) or "-", message))

    def _report_tag(self, node: Node, at: FieldPath, line_offset: int) -> None:
        message = (
            f"remove the YAML tag '{_shown_tag(node.tag)}'; a record's values are plain text, whole numbers "
            "and dates, written without tags"
        )
        self.problems.append(Problem(self.path, node.start_mark.line + 1 + line_offset, _dotted(at) or "-", message))


def _span_of(node: ScalarNode, value: str, path: str, line_offset: int) -> TextSpan:
    """Where a text value is written. Only a ``|`` block keeps the text's lines as they
    are in the file; folded and quoted texts are found by their first line."""
    line = node.start_mark.line + 1 + line_offset
    if node.style in ("|", ">"):  # the text starts on the line after the indicator
        return TextSpan(path, line + 1, exact=node.style == "|")
    return TextSpan(path, line, exact="\n" not in value)


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


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


def read_archive_list(file: Path, root: Path, expected: str) -> tuple[list | None, dict, str, list[Problem]]:
    """The items of one of the archive's list files (``ARCHIVE_FILES``: redirects,
    synonyms), their lines, the file's path for messages, and the problems reading it;
    ``None`` for no file, an unreadable one, or one that is not a list (``expected`` says
    what it should be)."""
    path = relative_path(file, root)
    if not file.is_file():
        return None, {}, path, []
    text, problems = read_text(file, root)
    if text is None:
        return None, {}, path, problems
    data, lines, yaml_problems = parse_yaml(text, path)
    problems += yaml_problems
    if data is not None and not isinstance(data, list):
        return None, {}, path, problems + [Problem(path, 1, "-", expected)]
    return data, lines, path, problems


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, dict, list[Problem]]:
    """Parse one YAML document; return its data, line map and problems."""
    data, lines, _, problems = parse_yaml_spans(text, path, line_offset)
    return data, lines, problems


def parse_yaml_spans(text: str, path: str, line_offset: int = 0) -> tuple[Any, dict, dict, list[Problem]]:
    """``parse_yaml``, also giving where each text value is written."""
    loader = _YamlLoader if nesting_bound(text) <= C_PARSER_MAX_NESTING else yaml.SafeLoader
    try:
        node = yaml.compose(text, Loader=loader)
    except RecursionError:  # the pure-Python composer, on thousands of levels
        return None, {}, {}, [Problem(path, 1 + line_offset, "-", TOO_DEEP)]
    except yaml.MarkedYAMLError as error:
        return _parse_after_syntax_error(text, path, line_offset, error, loader)
    except ReaderError as error:
        line = _line_at(text, error.position, loader) + line_offset
        what = f"the character #x{error.character:04x} is not allowed; remove it"
        return None, {}, {}, [Problem(path, line, "-", f"YAML syntax error: {what}")]
    except yaml.YAMLError as error:
        return None, {}, {}, [Problem(path, 1 + line_offset, "-", f"YAML syntax error: {error}")]
    return _build(node, path, line_offset)


def _build(node: Node | None, path: str, line_offset: int) -> tuple[Any, dict, dict, list[Problem]]:
    """The data of a parsed YAML document, its line map, text spans and problems."""
    if node is None:
        return None, {}, {}, []
    builder = _Builder(path)
    builder.lines[()] = node.start_mark.line + 1 + line_offset
    try:
        data = builder.build(node, (), line_offset)
    except _TooLarge:
        message = f"the YAML holds more than {MAX_NODES} values (aliases included); split it"
        return None, {}, {}, [Problem(path, 1 + line_offset, "-", message)]
    except _TooDeep as error:
        return None, {}, {}, [Problem(path, error.line, "-", TOO_DEEP)]
    return data, builder.lines, builder.spans, builder.problems


MAX_REPAIRS = 50
"""How many unquoted ``: `` in values one file may have repaired to look for more problems."""
_COLON_IN_VALUE = re.compile(
    r"^(?P<lead>\s*(?:- +)?)(?P<key>[^\s#'\"\[{][^:#]*?):[ \t]+"
    r"(?P<value>[^'\"\[{|>&*!#](?:(?![ \t]#).)*?:\s(?:(?![ \t]#).)*?)(?P<comment>[ \t]+#.*)?\s*$"
)
"""A ``key: value`` line whose unquoted value holds ``: `` (``title: 会议: 第一次``); the value
ends where a comment (`` #``) starts, as YAML reads it."""


def _parse_after_syntax_error(
    text: str, path: str, line_offset: int, error: yaml.MarkedYAMLError, loader: type
) -> tuple[Any, dict, dict, list[Problem]]:
    """Every syntax problem that can be found, not only the parser's first.

    Lines indented with a tab are all reported (YAML allows only spaces, and the parser's
    words never say "tab"). A value holding ``: `` is reported with the quotes it needs, and
    the file is read again as if quoted, so that its other problems are found in this run;
    the record stays broken all the same, as its syntax problems are reported."""
    problems: list[Problem] = []
    quoted_lines: dict[int, tuple[str, str]] = {}
    errors_before_quoting: dict[int, str] = {}
    tabs = _tab_indented_lines(text)
    for _ in range(MAX_REPAIRS):
        line, what = _locate_syntax_error(error)
        line = min(line, text.count("\n") + 1)  # libyaml puts the end of a file on a line after it
        if tabs and line >= tabs[0]:  # at or after a tab, the tab is the likely cause
            break
        if line in quoted_lines:  # quotes do not clear this line's error (its indentation is wrong): no hint
            del quoted_lines[line]
            what = errors_before_quoting[line]
        lines = text.split("\n")
        is_colon = (error.problem or "").startswith("mapping values are not allowed")
        match = _COLON_IN_VALUE.match(lines[line - 1]) if is_colon else None
        if match is None or line in errors_before_quoting:
            problems.append(Problem(path, line + line_offset, "-", f"YAML syntax error: {what}"))
            break
        key, value, comment = match["key"].strip(), match["value"], match["comment"] or ""
        single = "'" + value.replace("'", "''") + "'"
        shown = f'"{value}"' if '"' not in value and "\\" not in value else single
        quoted_lines[line] = (key, f"{key}: {shown}{comment}")
        errors_before_quoting[line] = what
        lines[line - 1] = f"{match['lead']}{match['key']}: {single}{comment}"
        text = "\n".join(lines)
        try:
            node = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError as next_error:
            error = next_error
            continue
        except (yaml.YAMLError, RecursionError):
            break
        data, lines_of, spans, more = _build(node, path, line_offset)
        fields = {number - line_offset: dotted(at) for at, number in lines_of.items() if at}
        return data, lines_of, spans, _quote_problems(path, line_offset, quoted_lines, fields) + problems + more
    problems += _quote_problems(path, line_offset, quoted_lines, {})
    problems += [
        Problem(path, number + line_offset, "-", f"YAML syntax error: line {number + line_offset} uses a tab for indentation; use spaces")
        for number in tabs
    ]
    return None, {}, {}, problems


def _quote_problems(path: str, line_offset: int, quoted_lines: dict[int, tuple[str, str]], fields: dict[int, str]) -> list[Problem]:
    """A problem for every value that holds an unquoted ``: ``, with the line as it should be."""
    return [
        Problem(
            path, line + line_offset, fields.get(line, key),
            f"YAML syntax error: the value holds ': ', which YAML reads as the start of a field; put the text in quotes: {written}",
        )
        for line, (key, written) in quoted_lines.items()
    ]


def _tab_indented_lines(text: str) -> list[int]:
    """The 1-based lines whose indentation holds a tab."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))] and line.strip():
            found.append(number)
    return found


def nesting_bound(text: str) -> int:
    """A cheap upper bound of how deep the YAML in ``text`` can nest, read before parsing.

    Each block level needs one more column of indentation or one more ``- `` / ``? ``
    marker at the start of a line (a sequence may share its mapping's column, hence the
    factor 2); each flow level needs one more open bracket."""
    flow = deepest_flow = 0
    for match in _BRACKET.finditer(text):
        flow = flow + 1 if match[0] in "[{" else max(flow - 1, 0)
        deepest_flow = max(deepest_flow, flow)
    deepest_block = max((len(line) - len(line.lstrip(" -?")) for line in text.split("\n")), default=0)
    return 2 * deepest_block + 2 + deepest_flow


def _line_at(text: str, position: int, loader: type) -> int:
    """The 1-based line of ``position``, which libyaml counts in UTF-8 bytes and the
    pure-Python reader in characters."""
    if loader is yaml.SafeLoader:
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
    found: list[tuple[str, ...]] = []
    for folder, folders, names in os.walk(content_dir):  # links to folders are not followed
        here = os.path.relpath(folder, content_dir)
        parts = () if here == "." else tuple(here.split(os.sep))
        folders[:] = [name for name in folders if not name.startswith(".") and (parts or name not in IGNORED_FOLDERS)]
        for name in names:
            if name.startswith(".") or name.endswith(ENGLISH_SUFFIX) or (not parts and name in ARCHIVE_FILES):
                continue
            found.append((*parts, name))
    files = []
    for parts in sorted(found):
        file = content_dir.joinpath(*parts)
        if file.is_file():  # a link to a file counts, and is checked when read
            files.append(file)
    planned = [file for file in planned_files() if _is_planned_record(file, content_dir)]
    if planned:
        files = sorted(set(files) | set(planned), key=lambda file: file.relative_to(content_dir).parts)
    return files


def _is_planned_record(file: Path, content_dir: Path) -> bool:
    try:
        parts = file.relative_to(content_dir).parts
    except ValueError:
        return False
    return len(parts) > 1 and parts[0] not in IGNORED_FOLDERS and not file.name.endswith(ENGLISH_SUFFIX) and not any(p.startswith(".") for p in parts)


def english_sibling(file: Path) -> Path | None:
    """Where the English body of a Markdown record file is (``x.md`` → ``x.en.md``)."""
    return file.with_name(file.name[: -len(".md")] + ENGLISH_SUFFIX) if file.suffix == ".md" else None


def load_record_file(file: Path, content_dir: Path, root: Path) -> tuple[RawRecord | None, list[Problem]]:
    """Read one record file (and its English sibling) into a ``RawRecord``."""
    path = relative_path(file, root)
    content_path = relative_path(file, content_dir)
    parts = content_path.split("/")
    folder = parts[0] if len(parts) > 1 else ""
    if folder not in TYPES_BY_FOLDER:
        folders = ", ".join(f"content/{name}/" for name in TYPES_BY_FOLDER)
        return None, [Problem(path, 1, "-", f"a record file must sit in one of {folders}")]
    if file.suffix not in RECORD_SUFFIXES:
        message = f"'{file.name}' is not a record file; records end in .yml or .md"
        return None, [Problem(path, 1, "-", message)]
    if is_outside(file, content_dir):
        return None, [outside_link_problem(file, root)]
    text, problems = read_text(file, root)
    if text is None:
        return None, problems
    if file.suffix != ".md":
        data, lines, spans, yaml_problems = parse_yaml_spans(text, path)
        problems += yaml_problems
        if yaml_problems and data is None:
            return None, problems
        if not isinstance(data, dict):
            return None, problems + [_not_fields(path, data, 1)]
        return RawRecord(path, folder, data, lines, spans=spans, content_path=content_path), problems

    front, body, front_problems = split_front_matter(text, path)
    problems += front_problems
    record = RawRecord(path, folder, {}, fields_unreadable=True, content_path=content_path)
    if front is not None:
        data, lines, spans, yaml_problems = parse_yaml_spans(front, path, 1)
        problems += yaml_problems
        if data is None and not yaml_problems or data is not None and not isinstance(data, dict):
            problems.append(_not_fields(path, data, 2))
        elif isinstance(data, dict):
            record = RawRecord(path, folder, data, lines, spans=spans, content_path=content_path)
    bodies = {}
    if front is not None:
        body_line = text.count("\n") - body.count("\n") + 1
        bodies["zh"] = _body_text(body, TextSpan(path, body_line))
    english, english_problems = _read_english(file, content_dir, root)
    problems += english_problems
    if english is not None:
        record.english_path, bodies["en"] = english
    if record.fields_unreadable:  # its bodies are still checked, as they are
        record.stray_bodies = {lang: text_span for lang, text_span in bodies.items() if text_span[0]}
        return record, problems
    problems += _merge_bodies(record, bodies)
    return record, problems


def _not_fields(path: str, data: Any, line: int) -> Problem:
    return Problem(path, line, "-", "expected the record's fields (name: value lines), found " + _kind_of(data))


def _read_english(file: Path, content_dir: Path, root: Path) -> tuple[tuple[str, tuple[str, TextSpan]] | None, list[Problem]]:
    """The English body of a Markdown record (its path, its text and where the text starts),
    if the record has an English file; and the problems of that file."""
    english = english_sibling(file)
    assert english is not None
    if not (is_file(english) or english.is_symlink()):
        return None, []
    path = relative_path(english, root)
    if is_outside(english, content_dir):
        return (path, ("", TextSpan(path, 1))), [outside_link_problem(english, root)]
    text, problems = read_text(english, root)
    if text is None:
        return (path, ("", TextSpan(path, 1))), problems
    lines = text.split("\n")
    if lines[0].rstrip() == "---" and any(line.rstrip() == "---" for line in lines[1:]):
        record_name = file.name
        message = (f"an English summary file has no front matter; delete its '---' block (lines 1 to the second '---'): "
                   f"the record's fields, and their English texts as 'en:' lines, go only in {record_name}")
        problems.append(Problem(path, 1, "-", message))
        _, text, _ = split_front_matter(text, path)  # its text is still checked
        start = len(lines) - text.count("\n")
        return (path, _body_text(text, TextSpan(path, start))), problems
    return (path, _body_text(text, TextSpan(path, 1))), problems


def _body_text(body: str, span: TextSpan) -> tuple[str, TextSpan]:
    """A body without its surrounding blank lines, and the line its text starts on."""
    text = body.strip()
    skipped = body[: len(body) - len(body.lstrip())].count("\n")
    return text, TextSpan(span.path, span.line + skipped)


def _merge_bodies(record: RawRecord, bodies: dict[str, tuple[str, TextSpan]]) -> list[Problem]:
    """Put a Markdown record's bodies into its ``summary`` field."""
    bodies = {lang: body for lang, body in bodies.items() if body[0]}
    if not bodies:
        return []
    if "summary" in record.data:
        record.stray_bodies = bodies
        line = record.lines[("summary",)]
        message = "the summary is written twice, as a field and as the file's body; keep one"
        return [Problem(record.path, line, "summary", message)]
    if "zh" not in bodies:
        record.stray_bodies = bodies
        message = "the English body has no Chinese body to go with; write the Chinese text first"
        return [Problem(record.path, 1, "summary", message)]
    record.data["summary"] = {lang: text for lang, (text, _) in bodies.items()}
    record.lines[("summary",)] = 1
    for lang, (_, span) in bodies.items():
        record.spans[("summary", lang)] = span
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


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"the value {value!r}"
