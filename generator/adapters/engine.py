"""Build every language's site with MkDocs, in parallel, and swap it in whole.

The primary language's config is ``mkdocs.yml``; each other language ``L`` has its own
``mkdocs.L.yml`` beside it (usually ``INHERIT: mkdocs.yml`` plus its language settings),
built into ``site/L/``. Nothing under ``site/`` changes until every language has built
and, unless the build is without search, has its search index (``search_index.py``): a
failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..archive import Archive, load_archive
from ..errors import BuildError
from ..render.page import LANGUAGES

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

    @property
    def content_dir(self) -> Path:
        config = _load(self.config_file)
        plugin = config.plugins.get("shangliang")
        if plugin is None:
            raise BuildError(f"{self.config_file.name}: the 'shangliang' plugin is not in 'plugins'")
        return self.root / plugin.config.content_dir  # type: ignore[attr-defined]


def find_config(config_file: str | Path | None) -> SiteConfig:
    path = Path(config_file or "mkdocs.yml").resolve()
    if not path.is_file():
        raise BuildError(f"{config_file or 'mkdocs.yml'}: no such file; run in the project folder or pass --config-file")
    return SiteConfig(path)


def check_content(site: SiteConfig) -> Archive:
    """Load and check the whole archive; raises ``ContentError``."""
    return load_archive(site.content_dir, site.root)


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    languages: list[str]
    records: int
    seconds: float


def build_site(site: SiteConfig, site_dir: Path | None = None, jobs: int = 2, search: bool = True) -> BuildResult:
    """Check the content, build every language (with its search index unless ``search`` is
    false), then replace ``site_dir`` in one step."""
    started = time.monotonic()
    archive = check_content(site)
    site_dir = (site_dir or site.root / "site").resolve()
    languages = site.languages()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    parts = {lang: staging if lang == LANGUAGES[0] else staging.with_name(f"{staging.name}-{lang}") for lang in languages}
    for part in parts.values():
        shutil.rmtree(part, ignore_errors=True)
    try:
        with _pinned_build_date(site.root):
            _build_languages(site, parts, jobs, search)
        for lang, part in parts.items():
            if part != staging:
                part.rename(staging / lang)
        _swap(staging, site_dir)
    finally:
        for part in parts.values():
            shutil.rmtree(part, ignore_errors=True)
    return BuildResult(site_dir, languages, len(archive.records), time.monotonic() - started)


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


def _build_languages(site: SiteConfig, parts: dict[str, Path], jobs: int, search: bool) -> None:
    tasks = [(str(site.language_config(lang)), str(part), search) for lang, part in parts.items()]
    if jobs <= 1 or len(tasks) == 1:
        errors = [build_language(*task) for task in tasks]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
            errors = list(pool.map(build_language, *zip(*tasks)))
    problems = [error for error in errors if error]
    if problems:
        raise BuildError("\n".join(problems))


def build_language(config_file: str, site_dir: str, search: bool = True) -> str | None:
    """Build one language's site, with its search index unless ``search`` is false (the
    plugin writes it); returns an error message instead of raising, so the message survives
    the trip back from a worker process."""
    try:
        config = _load(Path(config_file), site_dir=site_dir)
        _plugin_config(config)["search"] = search
        mkdocs_build(config)
    except BuildError as error:
        return f"{Path(config_file).name}: {error}"
    except MkDocsException as error:
        return f"{Path(config_file).name}: {error}"
    except SystemExit as error:  # MkDocs aborts with SystemExit on some errors
        return f"{Path(config_file).name}: build aborted ({error})"
    return None


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
    """Put ``new`` in place of ``site_dir`` with renames, so readers never see half a site."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
