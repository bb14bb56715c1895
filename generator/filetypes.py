"""The kinds of file the site publishes beside its pages: an allowlist, checked by the file's
name and by its first bytes.

Every file the archive publishes (attachments, files linked from summaries, the files
beside the static pages) is served from the site's own address, where a web page, an SVG
image or a script would run with the site's authority, and where a stylesheet or a script
would replace the theme's own. So only documents, images and tables that browsers show or
download without running anything are published, as GOV.UK's publishing does with its
attachment types; and a file must be what its name says, since a ``.pdf`` that is a web page
is a web page to a browser that sniffs it.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .files import BOM

PAGE_EXTENSION = ".md"
"""Static pages under ``content/pages/``: MkDocs renders them, after their own checks."""


@dataclass(frozen=True)
class FileType:
    """One kind of file the site publishes."""

    name: str
    """What editors call it, e.g. ``PDF``."""
    description: str
    """What it is, after "is not": ``a PDF document``."""
    extensions: tuple[str, ...]
    """File-name endings, lower case, with the dot."""
    signatures: tuple[bytes, ...] = ()
    """What the file starts with; a text type has none and is checked as text instead."""

    @property
    def is_text(self) -> bool:
        return not self.signatures


_ZIP = b"PK\x03\x04"
"""Office Open XML and OpenDocument files are zip archives."""
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Word, Excel and PowerPoint files before 2007 are OLE compound files."""

FILE_TYPES: tuple[FileType, ...] = (
    FileType("PDF", "a PDF document", (".pdf",), (b"%PDF-",)),
    FileType("PNG", "a PNG image", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    FileType("JPEG", "a JPEG image", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    FileType("GIF", "a GIF image", (".gif",), (b"GIF87a", b"GIF89a")),
    FileType("WebP", "a WebP image", (".webp",), (b"RIFF",)),
    FileType("CSV", "CSV text", (".csv",)),
    FileType("TXT", "plain text", (".txt",)),
    FileType("DOCX", "a Word document", (".docx",), (_ZIP,)),
    FileType("XLSX", "an Excel workbook", (".xlsx",), (_ZIP,)),
    FileType("PPTX", "a PowerPoint presentation", (".pptx",), (_ZIP,)),
    FileType("ODT", "an OpenDocument text", (".odt",), (_ZIP,)),
    FileType("ODS", "an OpenDocument spreadsheet", (".ods",), (_ZIP,)),
    FileType("DOC", "a Word document", (".doc",), (_OLE,)),
    FileType("XLS", "an Excel workbook", (".xls",), (_OLE,)),
    FileType("PPT", "a PowerPoint presentation", (".ppt",), (_OLE,)),
)
"""Every kind of file the site publishes; anything else is refused."""
TYPES_BY_EXTENSION = {extension: file_type for file_type in FILE_TYPES for extension in file_type.extensions}
ALLOWED_NAMES = ", ".join(file_type.name for file_type in FILE_TYPES[:-1]) + f" and {FILE_TYPES[-1].name}"

_RUNS = "which can carry scripts that would run on the site"
_WEB_PAGE = (f"a web page, {_RUNS}", "save it as PDF", "write it as a Markdown page (.md)")
_SCRIPT = ("a script, and the site publishes no scripts from the archive", "remove it", None)
_XSLT = (f"an XSLT stylesheet, {_RUNS}", "remove it", None)
_REFUSED: dict[str, tuple[str, str, str | None]] = {
    ".svg": (f"an SVG image, {_RUNS}", "convert the SVG to PNG", None),
    ".svgz": (f"an SVG image, {_RUNS}", "convert the SVG to PNG", None),
    ".html": _WEB_PAGE, ".htm": _WEB_PAGE, ".xhtml": _WEB_PAGE, ".xht": _WEB_PAGE, ".shtml": _WEB_PAGE,
    ".js": _SCRIPT, ".mjs": _SCRIPT, ".cjs": _SCRIPT,
    ".css": ("a stylesheet, and the site's look comes from its theme, not from the archive", "remove it", None),
    ".xml": (f"an XML file, {_RUNS}", "save the data as CSV", None),
    ".xsl": _XSLT, ".xslt": _XSLT,
    ".md": (
        "a Markdown text, which the site would turn into a page of its own, without a record's checks",
        "save it as PDF or TXT, or put the text into the record's summary",
        None,
    ),
}
"""Why the kinds of file an editor is most likely to try are refused: what the file is, what
to do instead, and what to do instead under ``content/pages/`` when that differs."""
_MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd")
"""Other endings MkDocs renders as pages: under ``content/pages/`` they would be pages that
miss the static pages' checks."""

_MARKUP_STARTS: tuple[tuple[bytes, str], ...] = (
    *((tag, "a web page") for tag in (
        b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
        b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--",
    )),
    (b"<svg", "an SVG image"),
    (b"<?xml", "an XML file"),
)
"""Starts (lower case, after leading white space) that browsers read as a web page or as XML
when they sniff a file (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME
type"); a tag's name must end there."""
_TAG_ENDS = (b" ", b">", b"\t", b"\n", b"\x0c", b"\r", b"/")
_SNIFF_BYTES = 1445
"""How much of a file browsers read to sniff it."""


def file_type_problem(file: Path, subject: str, pages: bool = False) -> str | None:
    """Why the site does not publish ``file`` (called ``subject`` in the message, e.g.
    ``'attachments/x.svg'``), or ``None`` when it is of an allowed type and its first bytes
    say so. With ``pages`` it is a file under ``content/pages/``, where a ``.md`` file is a
    static page: allowed here, and checked as one elsewhere."""
    written = os.path.splitext(file.name)[1]
    extension = written.lower()
    if pages and written == PAGE_EXTENSION:
        return None
    if pages and extension == PAGE_EXTENSION:  # MkDocs tells pages by their exact ending
        return f"{subject} ends in '{written}', so MkDocs would publish it as it is, not as a page; rename it to end in {PAGE_EXTENSION}"
    file_type = TYPES_BY_EXTENSION.get(extension)
    if file_type is None:
        return _extension_problem(subject, extension, pages)
    try:
        stat = file.stat()
        return _content_problem(str(file), (stat.st_mtime_ns, stat.st_size, stat.st_ino), file_type, subject)
    except OSError as error:
        return f"{subject} cannot be read ({error.strerror or error}); check it"


def _extension_problem(subject: str, extension: str, pages: bool) -> str:
    if pages and extension in _MARKDOWN_EXTENSIONS:
        return f"{subject} would be a page that misses the checks of static pages; rename it to end in {PAGE_EXTENSION}"
    if extension in _REFUSED:
        what, instead, instead_in_pages = _REFUSED[extension]
        return f"{subject} is {what}; {instead_in_pages if pages and instead_in_pages else instead}"
    found = f"a '{extension}' file" if extension else "a file without an extension (such as .pdf)"
    pages_too = " (and .md pages)" if pages else ""
    return f"{subject} is {found}; the site publishes only {ALLOWED_NAMES} files{pages_too}; convert it to one of them"


@lru_cache(maxsize=65_536)
def _content_problem(file: str, signature: tuple, file_type: FileType, subject: str) -> str | None:
    """``signature`` (modification time, size, inode) keys the cache: the live preview checks
    every file on every change, and reads only the files that changed."""
    with open(file, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        if file_type.is_text:
            return _text_problem(head, handle, file_type, subject)
    if _is_of_type(head, file_type):
        return None
    actual = _identify(head)
    if actual is None:
        name = file_type.name
        return f"{subject} is not {file_type.description}: it does not start as {name} files do; save it again as {name}"
    description, extension = actual
    fix = f"rename it to end in {extension}" if extension else f"save it again as {file_type.name}"
    return f"{subject} is not {file_type.description} but {description}; {fix}"


def _is_of_type(head: bytes, file_type: FileType) -> bool:
    if file_type.name == "WebP":  # RIFF is also the start of WAV and AVI files
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    return head.startswith(file_type.signatures)


def _identify(head: bytes) -> tuple[str, str | None] | None:
    """What a file's first bytes show it to be, and the ending to rename it to when that is
    an allowed type of its own."""
    for file_type in FILE_TYPES:
        if not file_type.is_text and _is_of_type(head, file_type):
            if file_type.signatures == (_ZIP,):
                return "a zip archive (a .docx, .xlsx, .pptx, .odt or .ods file is one too)", None
            if file_type.signatures == (_OLE,):
                return "an OLE file (a .doc, .xls or .ppt file is one too)", None
            return file_type.description, file_type.extensions[0]
    markup = _markup(head)
    if markup is not None:
        return markup, None
    if b"\0" not in head and _is_utf8(head):
        return "text", None
    return None


def _markup(head: bytes) -> str | None:
    """``a web page``, ``an SVG image`` or ``an XML file`` when a browser that sniffs would
    read a file starting with ``head`` as one."""
    start = head.removeprefix(BOM).lstrip(b" \t\n\x0c\r").lower()
    for pattern, description in _MARKUP_STARTS:
        rest = start[len(pattern):len(pattern) + 1]
        if start.startswith(pattern) and (pattern in (b"<!--", b"<?xml") or rest in _TAG_ENDS):
            return description
    return None


def _is_utf8(head: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a character cut at the end is fine
    except UnicodeDecodeError:
        return False
    return True


def _text_problem(head: bytes, handle: BinaryIO, file_type: FileType, subject: str) -> str | None:
    """Text must be UTF-8 (a byte-order mark is fine: spreadsheets need it to read UTF-8),
    hold no NUL bytes, and not start as markup that a browser would run."""
    markup = _markup(head)
    if markup is not None:
        return (
            f"{subject} is not {file_type.description} but {markup}, which a browser could show as one; save it as "
            "PDF, or remove the markup"
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    while True:
        if b"\0" in chunk:
            return f"{subject} holds NUL bytes, so it is not {file_type.description}; save it as UTF-8 text"
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            return f"{subject} is not UTF-8 text; save it as UTF-8"
        if not chunk:
            return None
        chunk = handle.read(1 << 20)
