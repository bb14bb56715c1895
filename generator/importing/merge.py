"""Import again over records an earlier import wrote: replace only the fields the import owns
(the mapping's ``updates``: a proposal's registration, units and reply by default), line by
line, so that everything an editor added by hand — a summary, English texts, links, comments —
stays as it is, and the pull request's diff shows only what the handling system changed."""

from __future__ import annotations

import re
from typing import Any

from ..loader import parse_yaml, split_front_matter
from .emit import date_scalar, scalar

Leaf = tuple[str, ...]


def owned_leaves(data: dict[str, Any], updates: tuple[str, ...], path: Leaf = ()) -> dict[Leaf, Any]:
    """The values in the imported ``data`` that the import owns: every scalar or list of
    scalars at or below one of ``updates`` (a list of texts is owned as a whole)."""
    leaves: dict[Leaf, Any] = {}
    for key, value in data.items():
        at = (*path, key)
        dotted = ".".join(at)
        owned = any(dotted == u or dotted.startswith(u + ".") for u in updates)
        below = any(u.startswith(dotted + ".") for u in updates)
        if isinstance(value, dict) and (owned or below):
            leaves.update(owned_leaves(value, updates, at))
        elif owned:
            leaves[at] = value
    return leaves


def value_at(data: Any, path: Leaf) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def same(old: Any, new: Any) -> bool:
    if isinstance(new, list):
        return isinstance(old, list) and [str(v) for v in old] == [str(v) for v in new]
    return old is not None and str(old) == str(new)


def patch(text: str, is_markdown: bool, changes: dict[Leaf, Any], dates: set[Leaf], order: list[str]) -> tuple[str | None, Leaf | None]:
    """``text`` with each leaf of ``changes`` set to its value; or None and the leaf whose lines
    are not laid out so that this can change them safely (the caller then leaves the file as
    it is and says so). A comment at the end of a changed line is kept; a leaf whose lines hold
    other comments is not changed. ``order`` is the record's fields in the order they are
    written: a new group goes before the first field written after it."""
    for path, value in changes.items():
        patched = _patch_one(text, is_markdown, path, value, path in dates, order)
        data = _fields(patched, is_markdown)[0] if patched is not None else None
        if data is None or not same(value_at(data, path), value):
            return None, path
        text = patched
    return text, None


def _fields(text: str, is_markdown: bool) -> tuple[dict | None, dict, int, int]:
    """The fields, their lines, and the first and last line of the YAML in the file (1-based)."""
    if is_markdown:
        front, _, problems = split_front_matter(text, "-")
        if front is None:
            return None, {}, 0, 0
        data, lines, problems = parse_yaml(front, "-", 1)
        return (data if isinstance(data, dict) and not problems else None), lines, 2, front.count("\n") + 2
    data, lines, problems = parse_yaml(text, "-")
    return (data if isinstance(data, dict) and not problems else None), lines, 1, text.rstrip("\n").count("\n") + 1


def _patch_one(text: str, is_markdown: bool, path: Leaf, value: Any, is_date: bool, order: list[str]) -> str | None:
    data, lines, first, last = _fields(text, is_markdown)
    if data is None:
        return None
    rows = text.split("\n")
    existing = next((path[:end] for end in range(len(path), 0, -1) if path[:end] in lines), ())
    if existing == path:
        start = lines[path]
        line = rows[start - 1]
        indent = _indent(line)
        if not line.lstrip().startswith(f"{path[-1]}:"):
            return None  # a flow mapping or another layout: not changed by hand here
        end = _block_end(rows, start, indent, last)
        if any("#" in row for row in rows[start:end]):
            return None  # a comment among the lines: an editor's note that a rewrite would lose
        items = next((_indent(row) for row in rows[start:end] if row.lstrip().startswith("- ")), indent + "  ")
        new = _render(path[-1], value, indent, is_date, items)
        new[0] += _comment_of(line)
        return "\n".join(rows[: start - 1] + new + rows[end:])
    # The leaf is missing: add it (and the groups it is in) at the end of its nearest group.
    if existing:
        start = lines[existing]
        indent = _indent(rows[start - 1])
        if rows[start - 1].rstrip().endswith(("}", "]")) or not rows[start - 1].rstrip().endswith(":"):
            return None
        end = _block_end(rows, start, indent, last)
        child = next((_indent(rows[i]) for i in range(start, end) if rows[i].strip() and not rows[i].lstrip().startswith("#")), indent + "  ")
    else:
        child = ""
        later = [lines[(name,)] for name in order[order.index(path[0]) + 1:] if (name,) in lines] if path[0] in order else []
        end = min(later) - 1 if later else last
        while end > first and (not rows[end - 1].strip() or rows[end - 1].lstrip().startswith("#")):
            end -= 1
    new = []
    for depth, key in enumerate(path[len(existing):-1]):
        new.append(f"{child}{'  ' * depth}{key}:")
    new += _render(path[-1], value, child + "  " * (len(path) - len(existing) - 1), is_date)
    return "\n".join(rows[:end] + new + rows[end:])


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def _block_end(rows: list[str], start: int, indent: str, last: int) -> int:
    """The last line (1-based) of the field that starts on line ``start``: the lines after it
    indented deeper, or list items at its own indent."""
    end = start
    for number in range(start + 1, last + 1):
        line = rows[number - 1]
        if not line.strip():
            continue
        deeper = len(_indent(line)) > len(indent)
        item = _indent(line) == indent and line.lstrip().startswith("- ")
        if not (deeper or item):
            break
        end = number
    return end


def _render(key: str, value: Any, indent: str, is_date: bool, items: str | None = None) -> list[str]:
    if isinstance(value, list):
        items = items if items is not None else indent + "  "
        return [f"{indent}{key}:"] + [f"{items}- {scalar(item)}" for item in value]
    return [f"{indent}{key}: {date_scalar(str(value)) if is_date else scalar(value)}"]


def _comment_of(line: str) -> str:
    """The comment at the end of a ``key: value`` line, with the spaces before it, or ''."""
    rest = line.partition(":")[2]
    value = rest.lstrip()
    start = len(rest) - len(value)
    if value[:1] in ("'", '"'):  # a quoted value may hold a '#': the comment starts after its closing quote
        quote, position = value[0], 1
        while position < len(value):
            if quote == '"' and value[position] == "\\":
                position += 2
                continue
            if value[position] == quote and not (quote == "'" and value[position + 1: position + 2] == "'"):
                break
            position += 2 if value[position] == quote else 1
        start += position + 1
    match = re.search(r"\s+#.*$", rest[start:])
    return match[0] if match else ""
