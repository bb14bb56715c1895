"""Reading an archive: every record file below ``content/`` loaded and checked, every
reference resolved, into one ``Archive``.

"First gather all data from all files to ensure all data is consistent across all pages":
only an archive with no problem at all comes out of ``load_archive``.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive
from .cross_checks import LinkCache, check_links
from .errors import ContentError, Problem
from .files import find_outside_links, forget_folders, planned_files
from .loader import RawRecord, english_sibling, find_orphan_english_files, find_record_files, load_record_file
from .model import ID_PATTERN, Record
from .progress import Stage
from .published import check_addresses
from .synonyms import load_synonyms
from .safety import check_record_texts, scan_record_texts
from .static_pages import check_static_pages
from .validate import validate_record


@dataclass
class LoadCache:
    """What one file gave the last time it was read, kept between loads of the same archive
    (the live preview): a file whose size, time and inode (and its English sibling's) have
    not changed is not read again, and gives the very same record object."""

    walked: tuple[list[Path], list[Problem]] | None = None
    """The record files found and the problems of the folder's names and links, from the
    last walk of the content folder (``load_archive``'s ``same_files``)."""
    files: dict[Path, tuple[tuple, tuple]] = field(default_factory=dict)
    """Per record file: its signature, and ``(raw, file problems, record, record problems,
    scanned texts)`` (``safety.scan_record_texts``)."""
    by_content: bool = False
    """Whether a file is known by its bytes rather than its size, time and inode: a cache
    kept between builds (``adapters/build_cache.py``) meets files written anew by each
    checkout, with new times, and must still know an unchanged one."""
    named: dict[str, tuple[Path, bool]] | None = None
    """The record files of the last walk by every name a change may come under, as
    ``same_path`` writes them, each with whether that name is its English sibling's: which
    record a changed path is the file of (``load_archive``'s ``changed``)."""
    links: LinkCache = field(default_factory=LinkCache)
    """The cross-checks' findings, record by record (``cross_checks.check_links``): kept in
    the live preview's cache, not in a build's (``by_content``)."""
    content: str | None = None
    """The content folder of the last walk, as ``same_path`` writes it."""
    last: Archive | None = None
    """The last load's archive, when it had no problem (the live preview's: ``_read_again``,
    ``Archive.take_order``)."""
    settled: bool = False
    """Whether the last load got through every file: a load cut short by an error kept the
    signatures of the load before, which the changes it was told of are not in."""

    def plan(self, changed: Mapping[str, str] | None) -> tuple[bool, set[Path] | None]:
        """Whether the folder must be walked again after the files ``changed`` (by their
        paths as ``same_path`` writes them, each ``CAME``, ``MOVED`` or ``CHANGED``), and
        if not, the record files to look at again (``None``: every one).

        A record file saved by writing a new file and renaming it over the old (as many
        editors do) is the same file changed; the new file, come and gone before the last
        load could see it, is nothing. A file that came or went otherwise means a walk, as
        does a load before that did not get through (the changes it was told of may be
        in no walk yet: ``load_archive`` walks without asking); a changed file that is no
        record's (a static page, an attachment) means every file is looked at. What no walk
        reads is left out: hidden files and folders, and what is outside the content folder
        (the settings, the theme)."""
        if changed is None or self.named is None:
            return False, None
        walk, unknown, files = False, False, set()
        for path, how in changed.items():
            named = self.named.get(path)
            if named is not None:
                if named[1] or os.path.lexists(path):  # its English sibling, there or not, or the record file, there
                    files.add(named[0])
                else:  # a record file gone
                    walk = True
                continue
            parts = _parts_below(path, self.content)
            if parts is None or any(part.startswith(".") for part in parts):
                continue
            if how == CHANGED:
                unknown = True
            elif how == CAME and not os.path.lexists(path):
                continue  # came and went: an editor's temporary file
            else:
                walk = True
        return walk, None if walk or unknown else files


def _parts_below(path: str, folder: str | None) -> list[str] | None:
    """The parts of ``path`` below ``folder`` (both as ``same_path`` writes them), or
    ``None`` if it is not below it."""
    if folder is None or not path.startswith(folder + os.sep):
        return None
    return path[len(folder) + 1:].split(os.sep)


def _signature(file: Path, by_content: bool = False) -> tuple:
    if by_content:
        return tuple(_digest_of(path) for path in (file, english_sibling(file)))
    marks = []
    for path in (file, english_sibling(file)):
        try:
            st = os.lstat(path) if path is not None else None
            if st is not None and stat.S_ISLNK(st.st_mode):  # a link to a file: the file's, too
                marks.append((st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode))
                st = os.stat(path)
        except OSError:
            st = None
        marks.append(None if st is None else (st.st_mtime_ns, st.st_size, st.st_ino, st.st_mode))
    return tuple(marks)


def same_path(path: str | os.PathLike) -> str:
    """``path`` as the same file is named whichever way: macOS reports /private/var for
    /var (``realpath``), and Windows does not tell A from a (``normcase``)."""
    return os.path.normcase(os.path.realpath(os.fsdecode(path))) if path else ""


CAME, MOVED, CHANGED = "came", "moved", "changed"
"""How a path changed since the last load, as the live preview tells ``load_archive``: it
came first (created, or moved there), it came or went after some other change, or it was
only changed."""


def _names(files: list[Path]) -> dict[str, tuple[Path, bool]]:
    """``LoadCache.named`` of the walk that found ``files`` below the content folder, whose
    path is its real one (``load_archive`` resolves it): a file's own name is its
    ``same_path`` unless it is a link (the system then names it otherwise, and a change
    of it is one that is no record's)."""
    named = {}
    for file in files:
        named[os.path.normcase(str(file))] = (file, False)
        sibling = english_sibling(file)
        if sibling is not None:
            named[os.path.normcase(str(sibling))] = (file, True)
    return named


def _digest_of(path: Path | None) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=20).digest() if path is not None else None
    except OSError:
        return None


def load_archive(
    content_dir: Path, root: Path | None = None, cache: LoadCache | None = None, same_files: bool = False,
    changed: Mapping[str, str] | None = None,
) -> Archive:
    """Load, check and link every record below ``content_dir``. With a ``cache`` and
    ``same_files`` (the live preview, told by the system that no folder came, went or
    moved since the last load), the folder is not walked again unless ``changed`` (the
    files the system said changed, by their paths as ``same_path`` writes them, each
    ``CAME``, ``MOVED`` or ``CHANGED``) has a file come or gone; and only the files it
    names are looked at again (``LoadCache.plan``). Without ``changed``, ``same_files``
    says that no file came, went or moved either, and every file is looked at.

    Raises ``ContentError`` with every problem found, sorted by file and line. The cycle
    collector is left as it is: a build process pauses it around this call
    (``memory.collector_paused``).
    """
    started = time.perf_counter()
    checking = 0.0
    settled = cache is not None and cache.settled
    if cache is not None:  # until this load gets through
        cache.settled = False
    content_dir = Path(content_dir).resolve()
    root = (Path(root) if root else content_dir.parent).resolve()
    forget_folders()
    if not content_dir.is_dir():
        raise ContentError([Problem(_relative(content_dir, root), 1, "-", "content folder not found")])
    planned = planned_files()  # files about to be written (shangliang import) are read from there, never from the cache
    looked_at = None  # the files to look at again, when not every one
    walk = True
    if cache is not None and same_files and cache.walked is not None and not planned and settled:
        walk, looked_at = cache.plan(changed)
    if walk:
        walk_problems = find_orphan_english_files(content_dir, root) + find_outside_links(content_dir, root)
        files = find_record_files(content_dir)
        if cache is not None:
            cache.walked = (files, walk_problems)
            cache.named = _names(files) if not cache.by_content else None
            cache.content = os.path.normcase(str(content_dir))
    else:
        files, walk_problems = cache.walked  # type: ignore[union-attr]
    problems: list[Problem] = [*walk_problems, *check_static_pages(content_dir, root)]
    archive = Archive(content_dir)
    kept: dict[Path, tuple[tuple, tuple]] = {}
    claimed: dict[str, list[RawRecord]] = {}
    named: list[tuple[Path, RawRecord, Record]] = []
    last = cache.last if cache is not None and looked_at is not None and not planned else None
    again = _read_again(cache, last, looked_at, content_dir, root) if last is not None else None  # type: ignore[arg-type]
    if again is not None:  # the last load's records, with the files changed read again
        archive.records, archive.sources, kept, changed_ids = again
        archive.take_order(last, changed_ids)  # type: ignore[arg-type]
        files = []  # nothing else to read
    progress = Stage("records read and checked", len(files))
    for file in files:
        progress.advance()
        stale = planned and (file in planned or english_sibling(file) in planned)
        known = cache.files.get(file) if cache is not None and not stale else None
        if known is not None and looked_at is not None and file not in looked_at:
            signature = known[0]  # unchanged, the system says
        else:
            signature = _signature(file, cache.by_content) if cache is not None else ()
        if known is not None and known[0] == signature:
            raw, read_problems, record, record_problems, scanned = known[1]
        else:
            (raw, read_problems, record, record_problems, scanned), seconds = _read(file, content_dir, root, cache is not None)
            checking += seconds
        kept[file] = (signature, (raw, read_problems, record, record_problems, scanned))
        # The links in texts are checked on every load: they lead to other files, which may
        # have come or gone since.
        file_problems = read_problems + (check_record_texts(raw, content_dir, scanned) if raw is not None else [])
        problems += file_problems
        if raw is None:
            archive.broken_ids.update(_claimed_ids(file, None))
            continue
        problems += record_problems
        if record is None or file_problems:
            archive.broken_ids.update(_claimed_ids(file, raw))
            continue
        named.append((file, raw, record))
        claimed.setdefault(record.id, []).append(raw)
        if record.id in archive.records:
            continue
        archive.records[record.id] = record
        archive.sources[record.id] = raw
    progress.finish()
    duplicates = {record_id: raws for record_id, raws in claimed.items() if len(raws) > 1}
    for record_id in duplicates:  # which record a reference means is unknown: none is checked against it
        del archive.records[record_id], archive.sources[record_id]
        archive.broken_ids.add(record_id)
    problems += _duplicate_ids(duplicates)
    for file, raw, record in named:  # a duplicated id is reported as such: no file can take its name
        problems += [] if record.id in duplicates else _file_name_problems(file, raw, record)
    before = time.perf_counter()
    links = cache.links if cache is not None and not cache.by_content else None
    problems += check_links(archive, links, records_only=looked_at is not None)
    archive.redirects, address_problems = check_addresses(
        archive.records, archive.sources, content_dir, root, frozenset(archive.broken_ids)
    )
    problems += address_problems
    archive.synonyms, synonym_problems = load_synonyms(content_dir, root)
    problems += synonym_problems
    checking += time.perf_counter() - before
    archive.timings = {"load": time.perf_counter() - started - checking, "validate": checking}
    if cache is not None:
        cache.files, cache.settled = kept, True
        # what the next load may take as it is, if only some record files change (not in a
        # build's cache, which meets a new checkout)
        cache.last = archive if not problems and not cache.by_content else None
    if problems:
        raise ContentError(problems)
    return archive


def _read_again(
    cache: LoadCache, last: Archive, looked_at: set[Path], content_dir: Path, root: Path
) -> tuple[dict[str, Record], dict[str, RawRecord], dict[Path, tuple[tuple, tuple]], list[str]] | None:
    """The last load's records and sources (it had no problem), with the record files
    ``looked_at`` read again, what ``LoadCache.files`` is to hold then, and the ids of the
    records read again; or ``None`` if a file read again has a problem of its own or another
    id: the whole load then reads and reports as ever. The other files are the last load's,
    which no file came to or went from, and their problems none (at 10,000 consultations,
    going over the 17,200 files was 0.09 s of each live preview rebuild)."""
    records, sources, files = dict(last.records), dict(last.sources), dict(cache.files)
    changed = []
    for file in looked_at:
        known = files.get(file)
        if known is None or known[1][2] is None:
            return None
        signature = _signature(file)
        if known[0] == signature:
            continue
        read, _ = _read(file, content_dir, root, True)
        raw, read_problems, record, record_problems, scanned = read
        if raw is None or record is None or read_problems or record_problems or record.id != known[1][2].id:
            return None
        if check_record_texts(raw, content_dir, scanned) or _file_name_problems(file, raw, record):
            return None
        files[file] = (signature, read)
        records[record.id], sources[record.id] = record, raw
        changed.append(record.id)
    return records, sources, files, changed


def _read(file: Path, content_dir: Path, root: Path, scan: bool) -> tuple[tuple, float]:
    """A record file read and checked on its own: ``(raw, file problems, record, record
    problems, scanned texts (when ``scan``: a cache keeps them))``, and the seconds its
    fields' checks took. The fields are checked even when the file had a problem (a
    duplicate key, say), so that the editor sees every problem of the file in this run,
    not one more in the next."""
    raw, read_problems = load_record_file(file, content_dir, root)
    before = time.perf_counter()
    record, record_problems = validate_record(raw) if raw is not None else (None, [])
    seconds = time.perf_counter() - before
    scanned = scan_record_texts(raw) if raw is not None and scan else None
    return (raw, read_problems, record, record_problems, scanned), seconds


def _duplicate_ids(duplicates: dict[str, list[RawRecord]]) -> list[Problem]:
    """A problem at every file of an id that several files use: none of them is to blame
    more than the others (the one read first is only first in the alphabet)."""
    problems = []
    for record_id, raws in duplicates.items():
        for raw in raws:
            others = ", ".join(f"{other.path}:{other.line_of(('id',))}" for other in raws if other is not raw)
            message = f"duplicate id '{record_id}', also used by {others}; each record needs an id of its own"
            problems.append(Problem(raw.path, raw.line_of(("id",)), "id", message))
    return problems


def _file_name_problems(file: Path, raw: RawRecord, record: Record) -> list[Problem]:
    """A record's file is named after its id: an editor finds a record by its address, and a
    file renamed without its id (or the other way round) would leave the two telling apart."""
    name, _, extension = file.name.partition(".")
    if name == record.id or not re.fullmatch(ID_PATTERN, name):  # a name that is no id is reported as such
        return []
    english = f" (and {name}.en.md beside it)" if extension == "md" and english_sibling(file).exists() else ""
    message = (f"the id '{record.id}' and the file name '{file.name}' differ; rename the file to "
               f"{record.id}.{extension}{english}, or, if the file name is right, write id: {name}")
    return [Problem(raw.path, raw.line_of(("id",)), "id", message)]


def _claimed_ids(file: Path, raw: RawRecord | None) -> set[str]:
    """The ids a broken record file may have: its ``id`` field when that is an id, else also
    its file name (records are named after their id), so that an address in published.txt
    or a reference is not reported as gone when the record is only broken."""
    written = raw.data.get("id") if raw is not None else None
    if isinstance(written, str) and re.fullmatch(ID_PATTERN, written):
        return {written}
    return {file.name.split(".")[0]} | ({written} if isinstance(written, str) else set())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
