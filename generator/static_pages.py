"""The static pages and files of ``content/pages/<lang>/``, which MkDocs publishes itself.

MkDocs renders those Markdown pages without the records' allowlist (its ``attr_list``
extension puts any attribute on an element: ``# Title {: onclick="…" }``), takes settings
from their front matter (``template:`` picks any template of the theme, Material's redirect
page among them), and copies every other file as it is, at its own address. So every file
there is checked here: the pages' markup, attribute lists and settings, the type of every
other file, and that nothing takes an address the site keeps for itself (``site_paths``).
The adapter passes the pages' HTML through ``STATIC_PAGE_TAGS`` and
``STATIC_PAGE_ATTRIBUTES`` as well.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .filetypes import PAGE_EXTENSION, file_type_problem
from .files import read_text, relative_path
from .loader import parse_yaml
from .safety import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, find_unsafe_markup, mask_code
from .site_paths import destination_of, static_address_problem

PAGES_FOLDER = "pages"
"""``content/pages/``: a folder per language, each the docs folder of that language's site."""

STATIC_PAGE_TAGS = ALLOWED_TAGS | {"h1", "h2", "div"}
"""Elements a static page may hold: a record's, and the page's own title and sections, and
the ``div`` of an admonition."""
LISTED_ATTRIBUTES = frozenset({"id", "class"})
"""Attributes an attribute list (``{: #name .name }``) may set, on any element: the table of
contents links to headings by id; admonitions and Material's ``headerlink`` are classes."""
STATIC_PAGE_ATTRIBUTES: dict[str, frozenset[str]] = {
    **ALLOWED_ATTRIBUTES,
    "*": LISTED_ATTRIBUTES,
    "th": ALLOWED_ATTRIBUTES["th"] | {"style"},
    "td": ALLOWED_ATTRIBUTES["td"] | {"style"},
}
"""Attributes each element of a static page may carry; a table cell's ``style`` only as
the column's alignment (``TABLE_ALIGNMENT``), which is how Markdown tables write it."""
TABLE_ALIGNMENT = re.compile(r"text-align: (left|center|right);?")

SETTINGS = {
    "title": "a text",
    "description": "a text",
    "hide": "a list of navigation, toc, footer, path, tags or feedback",
}
"""The front-matter settings a static page may have, and what each holds; the others can
pick another template of the theme or send readers elsewhere."""
HIDDEN_PARTS = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})
"""What Material's ``hide`` setting can hide."""

# MkDocs' own reading of a page's settings (mkdocs.utils.meta): YAML between '---' lines,
# else MultiMarkdown 'key: value' lines up to the first blank line.
_YAML_SETTINGS = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_SETTING_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_LINE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

# Python-Markdown's attribute lists (markdown.extensions.attr_list): '{' with an optional
# ':' and, up to the last '}' of the line, words, #ids, .classes and key=value pairs.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)\}")
_FENCE_ATTRIBUTES = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})[^\n{]*\{:?[ ]*([^}\n]*)\}", re.MULTILINE)
"""A fenced code block's opening line with an attribute list: ``` ```{ .py onclick="…" }``."""
_ATTRIBUTE = re.compile(r"""([^ =}]+)=(?:".*?"|'.*?'|[^ =}]+)|([^ =}]+)| """)


def check_static_pages(content_dir: Path, root: Path) -> list[Problem]:
    """Every problem of the files under ``content/pages/``. MkDocs publishes them itself,
    without the allowlist, so this check is their only guard."""
    problems = []
    pages_dir = content_dir / PAGES_FOLDER
    published: dict[tuple[str, str], list[str]] = {}
    for file in find_static_files(pages_dir):
        path = relative_path(file, root)
        lang, _, inside = file.relative_to(pages_dir).as_posix().partition("/")
        if file.name.endswith(PAGE_EXTENSION):
            problems += _page_problems(file, root)
        if inside:  # in a language's folder, so published
            message = file_type_problem(file, "the file", pages=True) or static_address_problem(inside, lang)
            if message:
                problems.append(Problem(path, 1, "-", message))
            published.setdefault((lang, destination_of(inside).lower()), []).append(path)
    return problems + _shared_addresses(published)


def _shared_addresses(published: dict[tuple[str, str], list[str]]) -> list[Problem]:
    """A problem at each file that MkDocs would write where another one is written too
    (``about.md`` and ``about/index.md``; ``A.pdf`` and ``a.pdf`` on a host that ignores case)."""
    problems = []
    for (_, destination), paths in published.items():
        for path in paths if len(paths) > 1 else ():
            others = ", ".join(other for other in paths if other != path)
            message = f"the file would be published at '{destination}', as {others} would; keep one of them"
            problems.append(Problem(path, 1, "-", message))
    return problems


def find_static_files(pages_dir: Path) -> list[Path]:
    """Every file below ``pages_dir`` that MkDocs would publish, in a stable order: links to
    folders followed, as MkDocs does (once each), hidden files and folders left out, as
    MkDocs leaves them out."""
    found = []
    seen: set[str] = set()
    for folder, folders, names in os.walk(pages_dir, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [Path(folder, name) for name in names if not name.startswith(".")]
    return sorted(found)


def _page_problems(file: Path, root: Path) -> list[Problem]:
    text, problems = read_text(file, root)
    if text is None:
        return problems
    path = relative_path(file, root)
    problems += [Problem(path, f.line, "-", f.message) for f in find_unsafe_markup(text)]
    problems += [Problem(path, line, "-", message) for line, message in attribute_list_problems(text)]
    return problems + settings_problems(text, path)


# Attribute lists


def attribute_list_problems(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for each attribute an attribute list in ``text`` sets beyond an
    id and classes. Every ``{…}`` outside code spans is read as one: where Python-Markdown
    reads them depends on the elements around them (a heading's ``{…}`` counts when an
    element follows it), and a brace meant as text is written ``\\{``."""
    problems = []
    for number, line in enumerate(mask_code(text).split("\n"), start=1):
        for cell in line.split("|"):
            for attributes in _attribute_lists(cell):
                problems += [(number, _attribute_message(name)) for name in _attribute_names(attributes)]
    for fence in _FENCE_ATTRIBUTES.finditer(text):  # masked above as code, yet read by attr_list
        number = text.count("\n", 0, fence.start()) + 1
        problems += [(number, _attribute_message(name)) for name in _attribute_names(fence[1])]
    return sorted(dict.fromkeys(problems))  # a '~~~' fence is not masked: found by both


def _attribute_lists(cell: str) -> Iterator[str]:
    """The inside of each ``{…}`` of ``cell``, each read from its own brace: one list can
    end where the next begins (``*a*{…} *b*{…}``)."""
    start = cell.find("{")
    while start != -1:
        match = _ATTRIBUTE_LIST.match(cell, start)
        if match is not None and not cell[:start].endswith("\\"):  # an escaped brace is text
            yield match[1]
        start = cell.find("{", start + 1)


def _attribute_names(attributes: str) -> list[str]:
    """The attributes an attribute list sets, other than an id and classes, as written."""
    names = []
    position = 0
    while (match := _ATTRIBUTE.match(attributes, position)) and match.end() > position:
        position = match.end()
        name = match[1] or match[2]
        if name and not name.startswith((".", "#")) and name.lower() not in LISTED_ATTRIBUTES:
            names.append(name)
    return names


def _attribute_message(name: str) -> str:
    if name.lower().startswith("on"):
        reason = "the site publishes no scripts from its pages"
    elif name.lower() == "style":
        reason = "the site's look comes from its theme"
    else:
        reason = "an attribute list may set only an id (#name) and classes (.name)"
    return f"remove '{name}' from the attribute list; {reason}"


# Settings (front matter)


def settings_problems(text: str, path: str) -> list[Problem]:
    """Settings of a static page that it may not have, or that hold the wrong thing."""
    settings, problems = read_settings(text, path)
    for key, (value, line) in settings.items():
        message = setting_problem(key, value)
        if message:
            problems.append(Problem(path, line, key, message))
    return problems


def read_settings(text: str, path: str) -> tuple[dict[str, tuple[Any, int]], list[Problem]]:
    """The settings MkDocs reads from the top of a page, each with the value MkDocs gives it
    and its line. MkDocs reads the file with its line ends made ``\\n``; it reads YAML as
    YAML 1.1 (``title: 2024-05-01`` is a date for it), and in 'key: value' lines joins a
    repeated key's values and the lines that continue one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _YAML_SETTINGS.match(text)
    if match:
        data, lines, problems = parse_yaml(match[1], path, line_offset=1)
        if not isinstance(data, dict) or problems:
            return {}, problems
        try:  # what MkDocs reads, as MkDocs reads it (mkdocs.utils.meta.get_data)
            theirs = yaml.load(match[1], Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            theirs = None
        if not isinstance(theirs, dict):
            return {}, problems  # MkDocs then reads no settings at all
        return {str(key): (value, lines.get((str(key),), 2)) for key, value in theirs.items()}, problems
    settings: dict[str, tuple[Any, int]] = {}
    key = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        if setting := _SETTING_LINE.match(line):
            key = setting["key"].lower().strip()
            value = setting["value"].strip()
            settings[key] = (f"{settings[key][0]} {value}", settings[key][1]) if key in settings else (value, number)
        elif key and (more := _MORE_LINE.match(line)):
            settings[key] = (f"{settings[key][0]} {more['value'].strip()}", settings[key][1])
        else:
            break
    return settings, []


def setting_problem(key: str, value: Any) -> str | None:
    """Why a static page may not have the setting ``key: value``, if it may not."""
    if key not in SETTINGS:
        *others, last = SETTINGS
        allowed = f"{', '.join(others)} or {last}"
        return (
            f"'{key}' is not a setting a static page may have; expected only {allowed} "
            "(other settings can pick another template of the theme or send readers elsewhere)"
        )
    if key == "hide":
        parts = [value] if isinstance(value, str) else value
        if not isinstance(parts, list) or not all(isinstance(part, str) and part in HIDDEN_PARTS for part in parts):
            return f"found {value!r}, expected {SETTINGS[key]}"
        return None
    if not isinstance(value, str):
        shown = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value).lower() if isinstance(value, bool) else value
        return f"found {shown!r}, which is not {SETTINGS[key]} for MkDocs; write the text in quotes"
    findings = find_unsafe_markup(value, plain=True)
    return findings[0].message if findings else None
