"""A build's cache, kept from one build to the next (``shangliang build --cache DIR``).

A CI job builds the whole archive from a fresh checkout, however small the change. With a
cache folder kept between jobs (the platform's cache action), a build does what the live
preview does between two saves (``preview.py``): it reads again only the files whose bytes
changed, renders only the pages those records reach, and writes only the pages whose
content changed, into the folder it wrote last time. The site is then the same, byte for
byte, as a build without the cache.

The folder holds, and nothing else:

- ``shangliang-cache.json``: what the cache was made by (``cache_key``: this code, every
  installed package's version, the Python, the project's place and its settings and theme
  files, whether with search). Written last, once every language has built and saved its
  state, and removed when a build starts using the cache: a build that fails or is killed
  leaves a folder the next build does not trust, and empties.
- ``<lang>.pickle``: each language's ``mkdocs_plugin.Incremental``, written by the process
  that built the language.
- ``site`` and ``site-<lang>``: each language's site as last built. The site a build puts
  in place (``--site-dir``) is made of hard links to these files (copies where the system
  will not link), and every file a build writes again is unlinked first
  (``ShangliangPlugin`` in a cached build), so the site of an earlier build never changes
  under its readers.

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
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import BuildError
from ..languages import LANGUAGES
from ..memory import collector_paused
from ..parts import Part
from ..progress import Stage
from .locks import try_lock
from .search_index import BUNDLES_PREFIX

PART_WORK_PREFIX = ".shangliang-part-"
"""A part's search views are written to ``<prefix><random>`` beside its site folder
(``mkdocs_plugin``, which takes the name from here)."""

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
            except Exception as error:  # noqa: BLE001 - a damaged cache is only a slower build
                log.warning("--cache: %s could not be read (%s); building %s in full", path, error, lang)
                state = None
            if state is not None and not isinstance(state, Incremental):
                log.warning("--cache: %s is not a language's cache; building %s in full", path, lang)
                state = None
            stage.finish()
        if state is None:
            shutil.rmtree(self.site_folder(lang), ignore_errors=True)
            state = Incremental()
        state.load.by_content = True
        state.cached = True
        return state

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


def open_cache(folder: Path, project: Path, config_files: list[Path], theme_dir: Path | None, search: bool,
               site_dir: Path, content_dir: Path, part: Part | None = None, staging: Path | None = None) -> BuildCache:
    """The cache in ``folder`` (made if missing), for a build of the project at ``project``
    (of one ``part`` of it: each part keeps a cache of its own); raises ``BuildError`` for a
    folder that is not a cache's or would overlap the site or the content. A cache made by
    other code, settings or theme, or for another part, is emptied. ``staging``: where the
    build puts the site together (``BuildCache.publish``)."""
    folder = folder.resolve()
    for other, what in ((site_dir, "the site folder"), (content_dir, "the content folder")):
        if folder == other or other in folder.parents or folder in other.parents:
            raise BuildError(f"--cache: {folder} overlaps {what} ({other}); keep the cache in a folder of its own")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"--cache: cannot make the folder {folder}: {error.strerror or error}") from None
    ours = {KEY_FILE, LOCK_FILE, *(f"{lang}.pickle" for lang in LANGUAGES), *(f".{lang}.pickle.new" for lang in LANGUAGES),
            "site", *(f"site-{lang}" for lang in LANGUAGES[1:])}
    # the work folders of the search index and of a part's search views are made beside each site folder
    work = (BUNDLES_PREFIX, PART_WORK_PREFIX)
    strangers = sorted(path.name for path in folder.iterdir() if path.name not in ours and not path.name.startswith(work))
    if strangers:
        raise BuildError(
            f"--cache: {folder} holds files that are not a build's cache ({', '.join(strangers[:5])}); "
            "name an empty folder, or one an earlier --cache build made"
        )
    _hold(folder)
    key = cache_key(project, config_files, theme_dir, search, part)
    try:
        record = json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
        fresh = not (isinstance(record, dict) and record.get("format") == CACHE_FORMAT and record.get("key") == key)
    except (OSError, ValueError):
        fresh = True
    (folder / KEY_FILE).unlink(missing_ok=True)  # in use: untrusted until this build ends well
    if fresh:
        for name in sorted(ours - {KEY_FILE}):
            path = folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        log.info("--cache: no cache made by this code and these settings in %s; building everything", folder)
    return BuildCache(folder, key, fresh, staging or site_dir.with_name(f".{site_dir.name}.new"))


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
    lock = _HELD.pop(cache.folder, None)
    if lock is not None:
        lock.close()


_HELD: dict[Path, BinaryIO] = {}
"""The cache folders this process builds with, and their locks' open files."""


def cache_key(project: Path, config_files: list[Path], theme_dir: Path | None, search: bool, part: Part | None = None) -> str:
    """A digest of everything a build's output depends on besides the content: this
    package's files, every installed package's version, the Python and the system, the
    project's place, its settings files and its theme folder, whether with search, and
    which part."""
    digest = hashlib.blake2b(digest_size=20)

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape")
            digest.update(len(data).to_bytes(8, "little") + data)

    add(CACHE_FORMAT, sys.version, platform.platform(), project.resolve(), search, part or "whole")
    versions = sorted({f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()})
    add(*versions)
    for folder in (PACKAGE_DIR, theme_dir):
        if folder is None or not folder.is_dir():
            add("-")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                add(path.relative_to(folder).as_posix(), path.read_bytes())
    for path in config_files:
        add(path.name, path.read_bytes())
    return digest.hexdigest()


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
