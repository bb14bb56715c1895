"""A build's cache, kept from one build to the next (``shangliang build --cache DIR``).

A CI job builds the whole archive from a fresh checkout, however small the change. With a
cache folder kept between jobs (the platform's cache action), a build does what the live
preview does between two saves (``preview.py``): it reads again only the files whose bytes
changed, renders only the pages those records reach, and writes only the pages whose
content changed, into the folder it wrote last time. The site is then the same, byte for
byte, as a build without the cache.

The folder holds, and nothing else:

- ``shangliang-cache.json``: what the cache was made by (``cache_key``). Written last,
  once every language has built and saved its state, and removed before a build changes
  anything in the folder (``BuildCache.unseal``): a build that fails or is killed after
  that leaves a folder the next build does not trust, and empties.
- ``.lock``: held by the build using the folder (``locks.try_lock``), so that a second
  build at once is refused.
- ``<lang>.pickle``: each language's ``mkdocs_plugin.Incremental``, written by the process
  that built the language.
- ``site`` and ``site-<lang>``: each language's site as last built. The site a build puts
  in place (``--site-dir``) is made of hard links to these files (copies where the system
  will not link), and every file a build writes again is unlinked first
  (``ShangliangPlugin`` in a cached build), so the site of an earlier build never changes
  under its readers. The search index's work folders are made beside these, and deleted.

Pickle runs code from what it reads: the folder is as trusted as the code that builds,
which a CI cache is (a pull request's job writes a cache only its own later jobs read).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import platform
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import BuildError
from ..languages import LANGUAGES
from ..memory import collector_paused
from ..parts import PART_WORK_PREFIX, Part
from ..progress import Stage
from .locks import release, try_lock
from .search_index import BUNDLES_PREFIX

log = logging.getLogger("shangliang")

CACHE_FORMAT = 1
KEY_FILE = "shangliang-cache.json"
LOCK_FILE = ".lock"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildCache:
    """One build's use of a cache folder; made by ``open_cache`` in the build's first
    process and handed to the others (it is small, and pickles)."""

    folder: Path
    key: str
    fresh: bool
    """Whether the folder held no cache this build can use: every language starts anew."""
    staging: Path
    """Where the build puts the site together before it replaces the last (``publish``)."""

    def site_folder(self, lang: str) -> Path:
        return self.folder / ("site" if lang == LANGUAGES[0] else f"site-{lang}")

    def state(self, lang: str, owns_process: bool = False):
        """What the last build of ``lang`` kept (``Incremental``), or a new one.
        ``owns_process``: the process ends with the build, and the cycle collector may leave
        what is read alone (``memory.collector_paused``)."""
        from .mkdocs_plugin import Incremental  # the plugin's module imports this one

        path = self.folder / f"{lang}.pickle"
        state = None
        if not self.fresh:
            stage = Stage(f"{lang}: build cache read", 1)
            try:
                with path.open("rb") as file, collector_paused(owns_process):
                    state = pickle.load(file)
            except Exception as error:  # a damaged cache is only a slower build
                log.warning("--cache: %s could not be read (%s); building %s in full", path, error, lang)
                state = None
            if state is not None and not isinstance(state, Incremental):
                log.warning("--cache: %s is not a language's cache; building %s in full", path, lang)
                state = None
            stage.finish()
        if state is None:
            self.unseal()
            shutil.rmtree(self.site_folder(lang), ignore_errors=True)
            state = Incremental()
        state.load.by_content = True
        return state

    def unseal(self) -> None:
        """Say that the folder no longer holds a whole build's cache: called before a build
        changes anything in it, so that a build that stops half-way (a problem, a kill)
        leaves a cache the next build does not trust; one that stops before, for a problem
        in the content, leaves it as it was."""
        _remove(self.folder / KEY_FILE)

    def save(self, lang: str, state) -> None:
        """Keep ``state`` for the next build (written beside, then renamed over the last)."""
        path = self.folder / f"{lang}.pickle"
        new = path.with_name(f".{path.name}.new")
        stage = Stage(f"{lang}: build cache written", 1)
        try:
            with new.open("wb") as file:
                pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(new, path)
        except OSError as error:
            raise BuildError(f"--cache: could not write {path}: {error.strerror or error}") from None
        stage.finish()

    def seal(self, languages: list[str]) -> None:
        """Say that the folder holds a whole build's cache, usable by the next build."""
        record = {"format": CACHE_FORMAT, "key": self.key, "languages": languages}
        try:
            (self.folder / KEY_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        except OSError as error:
            raise BuildError(f"--cache: could not write {self.folder / KEY_FILE}: {error.strerror or error}") from None

    def publish(self, lang: str) -> None:
        """Put ``lang``'s site, as the cache's folder holds it, where the build puts the
        site together (``staging``): the first language's at its top, each other one in a
        folder of its own. Each language's process does its own, side by side."""
        stage = Stage(f"{lang}: site linked from the build cache", 1)
        _Linker().tree(self.site_folder(lang), self.staging if lang == LANGUAGES[0] else self.staging / lang)
        stage.finish()


def open_cache(folder: Path, project: Path, config_files: list[Path], theme_dirs: list[Path], search: bool,
               site_dir: Path, content_dir: Path, part: Part | None = None, staging: Path | None = None) -> BuildCache:
    """The cache in ``folder`` (made if missing), for a build of the project at ``project``
    (of one ``part`` of it: each part keeps a cache of its own), locked for this process
    until ``release_cache``; raises ``BuildError`` for a folder that is not a cache's, that
    another build holds, or that would overlap the site, the content or a theme folder. A
    cache made by other code, settings or theme, or for another part, or left by a build
    that did not end well, is emptied. ``staging``: where the build puts the site together
    (``BuildCache.publish``)."""
    folder = folder.resolve()
    for other, what in ((site_dir, "the site folder"), (content_dir, "the content folder"),
                        *((theme, "a theme folder") for theme in theme_dirs)):
        if _overlap(folder, other):
            raise BuildError(f"--cache: {folder} overlaps {what} ({other}); keep the cache in a folder of its own")
    if _same(folder.parent, site_dir.parent) and folder.name.startswith(f".{site_dir.name}."):
        raise BuildError(f"--cache: {folder} is a name the build uses beside the site folder; name another folder")
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"--cache: {folder} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(path.name for path in folder.iterdir())
    except OSError as error:
        raise BuildError(f"--cache: cannot make or read the folder {folder}: {error.strerror or error}") from None
    strangers = [name for name in names if not _OURS.fullmatch(name) and not name.startswith(_WORK)]
    if strangers:
        raise BuildError(
            f"--cache: {folder} holds files that are not a build's cache ({', '.join(strangers[:5])}); "
            "name an empty folder, or one an earlier --cache build made"
        )
    _hold(folder)
    try:
        key = cache_key(project, config_files, theme_dirs, search, part)
        record = _read_key(folder)
        fresh = not (isinstance(record, dict) and record.get("format") == CACHE_FORMAT and record.get("key") == key)
        if fresh:
            why = ("is empty" if not set(names) - {LOCK_FILE} else
                   "holds what a build that did not end well left" if record is None else
                   "was made by other code, packages or settings")
            log.info("--cache: %s %s; building everything, and keeping it there", folder, why)
        for name in names if fresh else []:
            if _OURS.fullmatch(name) and name != LOCK_FILE:
                _remove(folder / name)
    except BaseException:
        _let_go(folder)
        raise
    return BuildCache(folder, key, fresh, staging or site_dir.with_name(f".{site_dir.name}.new"))


_OURS = re.compile(r"shangliang-cache\.json|\.lock|site(-[a-z]+)?|\.?[a-z]+\.pickle(\.new)?")
"""The names of what a cache folder holds (a later version's states and sites too)."""
_WORK = (BUNDLES_PREFIX, PART_WORK_PREFIX)
"""The work folders of the search index and of a part's search views, made beside each site
folder, which the next build deletes if this one is killed (``locks``)."""


def _read_key(folder: Path) -> object:
    """What the key file says, or None if there is none (or none that can be read)."""
    try:
        return json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        raise BuildError(f"--cache: cannot delete {error.filename or path}: {error.strerror or error}") from None


def _same(one: Path, other: Path) -> bool:
    """Whether two paths name one folder, as the system compares names (Windows and macOS
    do not tell A from a)."""
    return os.path.normcase(str(one)) == os.path.normcase(str(other))


def _overlap(one: Path, other: Path) -> bool:
    """Whether one folder is, or is inside, the other, either way round."""
    one_name, other_name = os.path.normcase(str(one)), os.path.normcase(str(other.resolve()))
    return one_name == other_name or one_name.startswith(other_name + os.sep) or other_name.startswith(one_name + os.sep)


def _hold(folder: Path) -> None:
    """Take the folder's lock for as long as this process builds (``release_cache``): two
    builds at once would write each other's files. Raises ``BuildError`` if another holds it."""
    if folder in _HELD:  # this process's own, taken already
        return
    try:
        lock = open(folder / LOCK_FILE, "wb")
    except OSError as error:
        raise BuildError(f"--cache: cannot write in {folder}: {error.strerror or error}") from None
    if not try_lock(lock):
        lock.close()
        raise BuildError(f"--cache: {folder} is in use by another build; wait for it to end, or name another folder")
    _HELD[folder] = lock


def release_cache(cache: BuildCache) -> None:
    """Let go of the lock ``open_cache`` took."""
    _let_go(cache.folder)


def _let_go(folder: Path) -> None:
    lock = _HELD.pop(folder, None)
    if lock is not None:
        release(lock)


_HELD: dict[Path, BinaryIO] = {}
"""The cache folders this process builds with, and their locks' open files."""


def cache_key(project: Path, config_files: list[Path], theme_dirs: list[Path], search: bool, part: Part | None = None) -> str:
    """A digest of everything a build's output depends on besides the content: this
    package's files, every installed package's version, the Python and the system, the
    project's place, its settings files and the values of the environment variables they
    read (``!ENV``), each language's theme folder, whether with search, and which part."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape")
            digest.update(len(data).to_bytes(8, "little") + data)

    add(CACHE_FORMAT, sys.version, platform.platform(), project.resolve(), search, part or "whole")
    versions = sorted({f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()})
    add(*versions)
    for folder in (PACKAGE_DIR, *theme_dirs):
        if not folder.is_dir():
            add("-")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                add(path.relative_to(folder).as_posix(), path.read_bytes())
    for path in config_files:
        text = path.read_bytes()
        add(path.name, text)
        for names in _ENV_TAG.findall(text.decode("utf-8", "replace")):
            for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", names):
                add(name, os.environ.get(name, "\0unset"))
    return digest.hexdigest()


_ENV_TAG = re.compile(r"!ENV\s*(\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*)")
"""MkDocs' ``!ENV NAME`` and ``!ENV [NAME, OTHER, default]``: the variables a setting reads
(a default's words are taken for names too, which only makes the key stricter)."""


class _Linker:
    """Hard links from one tree into another, or copies from the first link the system
    refuses (another drive, a file system without links) on."""

    def __init__(self) -> None:
        self.linking = True

    def tree(self, source: Path, target: Path) -> None:
        for folder, names, files in os.walk(source):
            names.sort()
            relative = os.path.relpath(folder, source)
            into = target if relative == "." else target / relative
            into.mkdir(parents=True, exist_ok=True)
            for name in sorted(files):
                self.file(os.path.join(folder, name), into / name)

    def file(self, source: str, target: Path) -> None:
        if self.linking:
            try:
                os.link(source, target)
                return
            except OSError:
                self.linking = False
        shutil.copy2(source, target)
