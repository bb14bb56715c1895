"""Where each published file lands on a language's site, and which addresses are taken.

A language's site holds the pages and files the generator makes (the home page, the
indexes, the record pages in their record folders, the open data page, feeds, the sitemap,
and in the first language's site the open data beside its page), the theme's files
(``assets/``, ``404.html``), the search index (``search/``), the files records
publish from ``content/attachments/`` and ``content/pages/`` at their own paths and, around
them, the static pages and files of ``content/pages/<lang>/``. The last ones may not take an
address of the others: MkDocs lets a static file replace a theme's file without a word.

The check is on the address a file will be written at, not on the path as written: a static
page ``feeds.md`` is written at ``feeds/index.html``, in the feeds' folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from functools import cache

from .addresses import DATA_FOLDER, FEEDS, HOME_URI, SEARCH_FOLDER, SECTIONS, SITEMAP_PATH
from .filetypes import PAGE_EXTENSION
from .languages import LANGUAGES
from .loader import ENGLISH_SUFFIX, IGNORED_FOLDERS, RECORD_SUFFIXES
from .model import TYPES_BY_FOLDER

THEME_ADDRESSES = {
    "assets": "the theme's scripts, styles and icons",
    "404.html": "the theme's page for addresses that do not exist",
}
"""What the theme publishes: Material and ``theme/`` keep their files under ``assets/``, and
Material writes ``404.html`` (its one static template). A test checks this against both."""
MOVE = "rename it or move it into another folder"


def destination_of(path: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes the file at ``path`` of a docs folder: a page ``a/b.md`` at
    ``a/b/index.html`` (``a/b.html`` without ``directory_urls``), ``a/index.md`` (or
    ``a/README.md``) at ``a/index.html``; any other file at its own path."""
    if not path.endswith(PAGE_EXTENSION):
        return path
    folder, name = posixpath.split(path[: -len(PAGE_EXTENSION)])
    if name == "README":
        name = "index"
    page = f"{name}/index.html" if directory_urls and name != "index" else f"{name}.html"
    return posixpath.join(folder, page)


@cache
def reserved_addresses(lang: str) -> dict[str, str]:
    """The first part (a folder or a file name, lower case) of every address the ``lang``
    site keeps for itself, with what is there; the first language's site holds the other
    languages' sites in folders of their own."""
    reserved = {_first(destination_of(uri)): "pages the site makes" for _, uri in SECTIONS}
    reserved[destination_of(HOME_URI)] = "the home page"
    reserved |= {folder: "the records' pages" for folder in TYPES_BY_FOLDER}
    reserved |= {folder: f"the files that records publish from content/{folder}/" for folder in IGNORED_FOLDERS}
    reserved |= {SITEMAP_PATH: "the sitemap", SEARCH_FOLDER: "the search index"}
    # the open data is published once, in the first language's site; every site has its page
    reserved[DATA_FOLDER] = "the open data and its page" if lang == LANGUAGES[0] else "the open data page"
    reserved |= {_first(path): "the news feeds" for path, _ in FEEDS}
    reserved |= THEME_ADDRESSES
    if lang == LANGUAGES[0]:
        reserved |= {other: f"the '{other}' site" for other in LANGUAGES[1:]}
    return {name.lower(): owner for name, owner in reserved.items()}


def static_address_problem(path: str, lang: str) -> str | None:
    """Why the static page or file at ``path`` (relative to its language's folder,
    ``content/pages/<lang>/``) may not be published where MkDocs would write it, if it may not.
    Names are compared in lower case: some disks and servers do not tell them apart."""
    destination = destination_of(path)
    first = _first(destination)
    owner = reserved_addresses(lang).get(first.lower())
    if owner is None:
        return None
    kind = "page" if path.endswith(PAGE_EXTENSION) else "file"
    where = f"'{first}/' holds" if "/" in destination else f"'{first}' is"
    return f"the {kind} would be published at '{destination}', but {where} {owner}; {MOVE}"


def is_record_file(path: str) -> bool:
    """Whether ``path`` (relative to ``content/``) is where a record file is: a link to it
    leads to the record's page, and the file itself is never published."""
    folder, _, name = posixpath.normpath(path).partition("/")
    return folder in TYPES_BY_FOLDER and name.endswith(RECORD_SUFFIXES) and not name.endswith(ENGLISH_SUFFIX)


def destination_problems(
    destinations: Iterable[tuple[str, str, str]], site_dir: str, folders: Mapping[str, str] | None = None
) -> list[str]:
    """What keeps files from being written where ``destinations`` says: each is a path
    relative to ``site_dir``, what the file is (``generated page``) and where it comes from
    (``consultations/x.md``). A path may not lead out of ``site_dir``, two files may not
    share one, a file may not stand where another needs a folder, nor lie inside one of
    ``folders`` (folders something else fills later, with what fills them)."""
    problems = []
    taken: dict[str, tuple[str, str]] = {}
    for destination, kind, source in destinations:
        path = posixpath.normpath(destination)
        if path.startswith(("/", "../")) or path in (".", ".."):
            site = os.path.abspath(site_dir)
            written = os.path.normpath(os.path.join(site, destination))
            problems.append(f"the {kind} '{source}' would be written at '{written}', outside the site folder '{site}'")
        elif path in taken:
            other = _describe(taken[path])
            problems.append(f"the {kind} '{source}' would be written at '{path}', where the {other} is written")
        else:
            taken[path] = (kind, source)
    folders = folders or {}
    for path, (kind, source) in taken.items():
        end = path.find("/")
        while end != -1 and path[:end] not in taken and path[:end] not in folders:
            end = path.find("/", end + 1)
        folder = path[:end] if end != -1 else path
        if folder in folders:
            owner = folders[folder]
            problems.append(f"the {kind} '{source}' would be written at '{path}', but '{folder}/' holds {owner}")
        elif end != -1:
            problems.append(
                f"the {kind} '{source}' would be written at '{path}', inside '{folder}', "
                f"where the {_describe(taken[folder])} is written as a file"
            )
    return problems


def _describe(origin: tuple[str, str]) -> str:
    kind, source = origin
    return f"{kind} '{source}'"


def _first(path: str) -> str:
    return path.split("/", 1)[0]
