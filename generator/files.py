"""Read content files defensively, and keep every path a record names inside ``content/``.

Record files come from pull requests. A file may be huge, start with a byte-order mark,
hide control characters, hold one enormous line, or be a symbolic link to a file elsewhere
on the machine that builds the site. Each is a located problem here, before any parser
sees the text.
"""

from __future__ import annotations

import math
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path, PureWindowsPath

from .errors import ODD_CHARACTERS, Problem

MAX_FILE_BYTES = 256 * 1024
"""Largest record file (or English body): long tables and texts belong in attachments."""
MAX_LINE_CHARS = 10_000
"""Longest line in a record file."""
BOM = b"\xef\xbb\xbf"

_ODD = ODD_CHARACTERS
_ODD_CHARACTER = re.compile(f"[{_ODD}]|\r(?!\n)")
"""What a file may not hold: ``errors.ODD_CHARACTERS``, and a carriage return without its
line feed."""
_ODD_IN_VALUE = re.compile(f"[{_ODD}\r]")
"""The same characters in a value as YAML decoded it, where a carriage return can only come
from an escape (``"\\r"``): the file's own line ends are gone by then."""
_ODD_IN_NAME = re.compile(f"[{_ODD}\r\n\t]")


_PLANNED: ContextVar[Mapping[Path, str]] = ContextVar("planned", default={})


@contextmanager
def as_if_written(texts: Mapping[Path, str]) -> Iterator[None]:
    """Read the archive as it would be with ``texts`` (absolute path → text) written over it:
    ``shangliang import`` checks the files it plans before it writes any."""
    token = _PLANNED.set(texts)
    try:
        yield
    finally:
        _PLANNED.reset(token)


def planned_files() -> Mapping[Path, str]:
    """The files ``as_if_written`` stands in for, if any."""
    return _PLANNED.get()


def is_file(file: Path) -> bool:
    """Whether ``file`` is a file, or a planned one (``as_if_written``)."""
    return file in _PLANNED.get() or file.is_file()


def read_text(file: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """The text of ``file``, or ``None`` and why it cannot be read.

    Problems that leave the text readable (a byte-order mark, odd characters, long lines)
    come with the text, which has the mark dropped and the odd characters replaced (see
    ``_replacement``), so that later checks report their own problems on the same lines."""
    path = relative_path(file, root)
    planned = _PLANNED.get().get(file)
    try:
        if planned is not None:
            data = planned.encode("utf-8")
            size = len(data)
        else:
            size = file.stat().st_size
            data = file.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as error:  # e.g. no permission to read it
        return None, [Problem(path, 1, "-", f"the file cannot be read ({error.strerror or error}); check it")]
    if size > MAX_FILE_BYTES:
        message = (
            f"the file is {math.ceil(size / 1024):,} KiB; a record file may be at most "
            f"{MAX_FILE_BYTES // 1024} KiB; move long texts or tables into an attachment"
        )
        return None, [Problem(path, 1, "-", message)]
    problems = []
    if data.startswith(BOM):
        message = "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
        problems.append(Problem(path, 1, "-", message))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, problems + [Problem(path, line, "-", "the file is not UTF-8 text; save it as UTF-8")]
    problems += _odd_characters(text, path) + _long_lines(text, path)
    return _ODD_CHARACTER.sub(_replacement, text), problems


def _replacement(match: re.Match) -> str:
    """A lone carriage return ends a line, in YAML as in most editors; anything else odd
    becomes a space, so every later check counts lines as the editor sees them."""
    return "\n" if match[0] == "\r" else " "


def _odd_characters(text: str, path: str) -> list[Problem]:
    """One problem at the first odd character, counting the others (a file saved in the
    wrong encoding can hold thousands)."""
    found = list(_ODD_CHARACTER.finditer(text))
    if not found:
        return []
    message = f"the {describe_character(found[0][0])} is not allowed; remove it"
    if len(found) > 1:
        following = text.count("\n", 0, found[1].start()) + 1
        message += f" (and {len(found) - 1} more odd characters in this file, the next on line {following})"
    return [Problem(path, text.count("\n", 0, found[0].start()) + 1, "-", message)]


def find_odd_character(value: str) -> str | None:
    """The first character of a decoded value (after YAML has turned escapes such as
    ``"\\0"`` or ``"\\u202E"`` into characters) that no record may hold, if any."""
    match = _ODD_IN_VALUE.search(value)
    return match[0] if match else None


def describe_character(character: str) -> str:
    """``control character U+0007`` and the like, for a character an editor cannot see."""
    code = f"U+{ord(character[0]):04X}"
    if character == "\r":
        return f"carriage return {code} without a line feed"
    if character == "\ufeff":
        return f"invisible character {code} (a byte-order mark inside the text)"
    if unicodedata.category(character) == "Cc":
        return f"control character {code}"
    if character in "\u2028\u2029":
        return f"{unicodedata.name(character).lower()} {code}"
    if "\udc80" <= character <= "\udcff":  # how Python keeps a byte that is not UTF-8 in a file name
        return f"byte 0x{ord(character) - 0xDC00:02X} that is not UTF-8"
    if character in "\ufffe\uffff" or "\ud800" <= character <= "\udfff":
        return f"non-character {code}"
    return f"invisible text-direction character {code} ({unicodedata.name(character).lower()})"


def _long_lines(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            message = (
                f"the line is {len(line):,} characters long; a line may hold at most "
                f"{MAX_LINE_CHARS:,} characters; break it into shorter lines"
            )
            problems.append(Problem(path, number, "-", message))
    return problems


# Symbolic links


def is_outside(path: Path, folder: Path) -> bool:
    """Whether ``path``, every symbolic link on the way followed, leads out of ``folder``
    (or nowhere, round a loop of links)."""
    return _leads_outside(path, _resolved(str(folder)))


@cache
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


@cache
def _resolved_inside(folder: str, inside: str) -> bool:
    """Whether the folder at ``folder`` resolves into ``inside`` (both absolute); cached by
    ``folder`` for one load of the archive (``forget_folders``)."""
    try:
        return Path(folder).resolve(strict=True).is_relative_to(inside)
    except (OSError, RuntimeError):
        return False


def forget_folders() -> None:
    """Drop what ``is_outside`` learnt about folders: a folder may since have become a link."""
    _resolved_inside.cache_clear()
    _resolved.cache_clear()


def _leads_outside(path: Path, inside: Path) -> bool:
    # A file that is not a link lies where its folder leads: records share a few folders,
    # so each folder is resolved once instead of every file's whole path.
    try:
        if path in _PLANNED.get() and not os.path.lexists(path):  # a new file lies where its nearest folder leads
            folder = path.parent
            while not os.path.exists(folder) and folder != folder.parent:
                folder = folder.parent
            return not _resolved_inside(str(folder), str(inside))
        if not os.path.islink(path) and os.path.exists(path):
            return not _resolved_inside(str(path.parent), str(inside))
        return not path.resolve(strict=True).is_relative_to(inside)
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        return True


def outside_link_problem(path: Path, root: Path) -> Problem:
    what, fix = ("folder", "the files themselves") if path.is_dir() else ("file", "the file itself")
    message = f"the {what} is a symbolic link that leads outside content/ or nowhere; put {fix} into content/"
    return Problem(relative_path(path, root), 1, "-", message)


def find_outside_links(content_dir: Path, root: Path) -> list[Problem]:
    """Every symbolic link in ``content/`` that leads out of it (or nowhere), hidden folders
    excepted: the build must never publish a file from elsewhere on its machine. Every
    file or folder whose name holds a line break, a control or an invisible character too:
    its name is shown in messages, build logs and addresses."""
    problems = []
    for folder, folders, files in os.walk(content_dir):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in [*folders, *sorted(files)]:
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.is_symlink() and is_outside(path, content_dir):
                problems.append(outside_link_problem(path, root))
            odd = _ODD_IN_NAME.search(name)
            if odd:
                what = "line break U+000A" if odd[0] == "\n" else describe_character(odd[0])
                message = f"the name of this {'folder' if path.is_dir() else 'file'} holds the {what}; rename it"
                problems.append(Problem(relative_path(path, root), 1, "-", message))
    return problems


# Paths written in records


def content_path_problem(path: str, content_dir: Path) -> str | None:
    """Why ``path``, written in a record relative to ``content/``, is not a file inside it,
    or ``None`` when it is one. The path is published as written, so it must not climb out
    of ``content/`` (nor the site) by ``..``, an absolute path, a backslash or a link, nor
    name a hidden file or folder (``.well-known/`` is for the site's owner alone)."""
    if "\\" in path:
        return f"'{path}' has a backslash '\\'; write '/' between folders, e.g. attachments/x.pdf"
    try:
        target = (content_dir / path).resolve()
        is_file = target.is_file()
    except (OSError, ValueError, RuntimeError):  # e.g. a NUL written as "\0", a loop of links
        return f"{path!r} is not a usable file path"
    if path.startswith("/") or PureWindowsPath(path).drive or not target.is_relative_to(content_dir.resolve()):
        return f"'{path}' points outside content/; expected a path inside it"
    if ".." in path.split("/"):
        return f"'{path}' goes through '..'; write the path from content/ without it: '{posixpath.normpath(path)}'"
    hidden = next((name for name in posixpath.normpath(path).split("/") if name.startswith(".")), None)
    if hidden:
        return (
            f"'{path}' is hidden: '{hidden}' starts with '.', and the site publishes no hidden files; put the file "
            "into content/attachments/"
        )
    if not is_file:
        return f"no file at content/{path}"
    return None


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to the project root, as messages show it."""
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):  # the usual case, without pathlib's cost
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
