"""Build every language's site with MkDocs, in parallel, and swap it in whole.

The primary language's config is ``mkdocs.yml``; each other language ``L`` has its own
``mkdocs.L.yml`` beside it (usually ``INHERIT: mkdocs.yml`` plus its language settings),
built into ``site/L/``. Nothing under ``site/`` changes until every language has built
and, unless the build is without search, has its search index (``search_index.py``): a
failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..archive import Archive
from ..load import load_archive
from ..memory import collector_paused
from ..errors import BuildError
from ..languages import LANGUAGES
from .processes import get_context, get_start_method
from .search_index import SearchTurns
from .mkdocs_plugin import provide_archive
from .mkdocs_plugin import timings as plugin_timings

log = logging.getLogger("shangliang")


@dataclass(frozen=True)
class SiteConfig:
    """Where one project's files are."""

    config_file: Path
    """The primary language's ``mkdocs.yml``."""

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def language_config(self, lang: str) -> Path:
        if lang == LANGUAGES[0]:
            return self.config_file
        return self.config_file.with_name(f"{self.config_file.stem}.{lang}{self.config_file.suffix}")

    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.language_config(lang).is_file()]

    @cached_property
    def content_dir(self) -> Path:
        config = _load(self.config_file)
        plugin = config.plugins.get("shangliang")
        if plugin is None:
            raise BuildError(f"{self.config_file.name}: the 'shangliang' plugin is not in 'plugins'")
        return self.root / plugin.config.content_dir  # type: ignore[attr-defined]

    @cached_property
    def theme_dir(self) -> Path | None:
        """The theme's own folder (``theme.custom_dir``), if the site has one."""
        custom_dir = _load(self.config_file).theme.custom_dir
        return Path(custom_dir) if custom_dir else None


def find_config(config_file: str | Path | None) -> SiteConfig:
    path = Path(config_file or "mkdocs.yml").resolve()
    if not path.is_file():
        raise BuildError(f"{config_file or 'mkdocs.yml'}: no such file; run in the project folder or pass --config-file")
    return SiteConfig(path)


def check_content(site: SiteConfig) -> Archive:
    """Load and check the whole archive; raises ``ContentError``."""
    with collector_paused():  # this process ends with the build
        return load_archive(site.content_dir, site.root)


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    languages: list[str]
    records: int
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: ``load`` and ``validate`` (once, before the languages), then for
    each language ``<lang> render``, ``<lang> pages``, ``<lang> search`` and ``<lang> search
    wait`` (the languages run side by side), with ``zh traditional`` (the 繁體 table), and
    ``swap``."""


def build_site(
    site: SiteConfig, site_dir: Path | None = None, jobs: int = 2, search: bool = True, start_method: str | None = None
) -> BuildResult:
    """Check the content, build every language (with its search index unless ``search`` is
    false), then replace ``site_dir`` in one step. With ``jobs`` above 1 the languages build
    side by side, the others in worker processes started by ``start_method``
    (``processes.get_start_method``); with 1, one after another in this process."""
    started = time.monotonic()
    start_method = get_start_method(start_method)  # a wrong setting stops the build before it starts
    archive = check_content(site)
    stages = dict(archive.timings)
    site_dir = (site_dir or site.root / "site").resolve()
    languages = site.languages()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    parts = {lang: staging if lang == LANGUAGES[0] else staging.with_name(f"{staging.name}-{lang}") for lang in languages}
    for part in parts.values():
        shutil.rmtree(part, ignore_errors=True)
    try:
        with _pinned_build_date(site.root):
            stages.update(_build_languages(site, archive, parts, jobs, search, start_method))
        swapping = time.monotonic()
        for lang, part in parts.items():
            if part != staging:
                part.rename(staging / lang)
        _swap(staging, site_dir)
        stages["swap"] = time.monotonic() - swapping
    finally:
        provide_archive(site.content_dir, None)
        for part in parts.values():
            shutil.rmtree(part, ignore_errors=True)
    return BuildResult(site_dir, languages, len(archive.records), time.monotonic() - started, stages)


class _pinned_build_date:
    """Pin the date MkDocs and the feeds stamp on a build, so the same content gives the
    same bytes: ``SOURCE_DATE_EPOCH`` when set, else the time of the last git commit."""

    def __init__(self, root: Path):
        self.root = root
        self.previous: str | None = None

    def __enter__(self) -> None:
        self.previous = os.environ.get("SOURCE_DATE_EPOCH")
        if self.previous is None:
            epoch = last_commit_epoch(self.root)
            if epoch is not None:
                os.environ["SOURCE_DATE_EPOCH"] = epoch

    def __exit__(self, *exc) -> None:
        if self.previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def last_commit_epoch(root: Path) -> str | None:
    """Seconds since 1970 of the last commit of the repository at ``root``, if it is one."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    epoch = result.stdout.strip()
    return epoch if result.returncode == 0 and epoch.isdigit() else None


def _build_languages(
    site: SiteConfig, archive: Archive, parts: dict[str, Path], jobs: int, search: bool, start_method: str | None
) -> dict[str, float]:
    """Build each language into its part, from ``archive``, side by side in worker processes
    unless ``jobs`` is 1; returns each language's stage times."""
    tasks = [(str(site.language_config(lang)), str(part), search) for lang, part in parts.items()]
    if jobs <= 1 or len(tasks) == 1:
        provide_archive(site.content_dir, archive, SearchTurns())
        results = [build_language(*task) for task in tasks]
    else:
        # The first language builds in this process, the others in workers. A forked
        # worker holds the engine's archive at no cost (one copy fewer is 250 MB less at
        # 17,000 records); a spawned one reads the content again itself. Workers get the
        # search turns (a lock and an event) when they start: the only way to share them.
        context = get_context(start_method)
        turns = SearchTurns(context)
        provide_archive(site.content_dir, archive, turns)
        handed = archive if context.get_start_method() == "fork" else None
        with ProcessPoolExecutor(
            max_workers=min(jobs - 1, len(tasks) - 1), mp_context=context,
            initializer=provide_archive, initargs=(site.content_dir, handed, turns),
        ) as pool:
            others = [pool.submit(build_language, *task) for task in tasks[1:]]
            results = [build_language(*tasks[0])] + [future.result() for future in others]
    problems = [error for error, _ in results if error]
    if problems:
        raise BuildError("\n".join(problems))
    return {f"{lang} {stage}": seconds for lang, (_, times) in zip(parts, results) for stage, seconds in times.items()}


def build_language(
    config_file: str, site_dir: str, search: bool = True, dirty: bool = False
) -> tuple[str | None, dict[str, float]]:
    """Build one language's site, with its search index unless ``search`` is false (the
    plugin writes it); returns an error message instead of raising, so the message survives
    the trip back from a worker process, and the build's stage times. A ``dirty`` build (the
    live preview's) does not empty ``site_dir`` first."""
    try:
        config = _load(Path(config_file), site_dir=site_dir)
        _plugin_config(config)["search"] = search
        mkdocs_build(config, dirty=dirty)
    except BuildError as error:
        return f"{Path(config_file).name}: {error}", {}
    except MkDocsException as error:
        return f"{Path(config_file).name}: {error}", {}
    except SystemExit as error:  # MkDocs aborts with SystemExit on some errors
        return f"{Path(config_file).name}: build aborted ({error})", {}
    return None, dict(plugin_timings)


def _plugin_config(config):
    plugin = config.plugins.get("shangliang")
    if plugin is None:
        raise BuildError("the 'shangliang' plugin is not in 'plugins'")
    return plugin.config


def _load(config_file: Path, **overrides):
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as error:
        raise BuildError(f"{config_file.name}: {error}") from None


def _swap(new: Path, site_dir: Path) -> None:
    """Put ``new`` in place of ``site_dir`` with renames, so readers never see half a site.

    The previous site is then deleted by a process of its own, which the build does not
    wait for: at 17,000 records a site is a gigabyte in 37,000 folders, and deleting it
    took longer than building it on a disk still writing the new one."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)  # left by a deletion that was cut short
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    if old.exists():
        _delete_later(old)


def _delete_later(folder: Path) -> None:
    doomed = folder.with_name(f"{folder.name}.{os.getpid()}.{time.monotonic_ns()}")
    folder.rename(doomed)  # the next build's own .old is free at once
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(doomed)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        shutil.rmtree(doomed, ignore_errors=True)
