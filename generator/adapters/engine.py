"""Build every language's site with MkDocs, in parallel, and swap it in whole.

The primary language's config is ``mkdocs.yml``; each other language ``L`` has its own
``mkdocs.L.yml`` beside it (usually ``INHERIT: mkdocs.yml`` plus its language settings),
built into ``site/L/``. Nothing under ``site/`` changes until every language has built
and, unless the build is without search, has its search index (``search_index.py``): a
failed build leaves the previous site as it was.

What a language's build needs from the engine (the checked archive, the search turns, the
build date) is handed to the plugin instance of that build (``mkdocs_plugin.Handover``),
and to worker processes as the arguments they start with: nothing passes through module
globals or the environment.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from multiprocessing.connection import Connection

from ..archive import Archive
from ..load import LoadCache, load_archive
from ..memory import collector_paused, let_go
from ..errors import BuildError, ContentError
from ..languages import LANGUAGES
from ..parts import MANIFEST, Part, content_digest
from .processes import WorkerLogs, forwarded_logs, get_context, get_start_method
from .search_index import SearchTurns
from .build_cache import BuildCache, open_cache, release_cache
from .mkdocs_plugin import Handover, Incremental, ShangliangPlugin, site_language

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

    def settings_files(self) -> list[Path]:
        """Every language's configuration file, and each file they inherit (``INHERIT``)."""
        files: list[Path] = []
        pending = [self.language_config(lang) for lang in self.languages()]
        while pending:
            path = pending.pop(0).resolve()
            if path in files or not path.is_file():
                continue
            files.append(path)
            inherited = re.search(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", path.read_text(encoding="utf-8"), re.M)
            if inherited:
                pending.append(path.parent / inherited.group(1))
        return files

    def theme_dirs(self) -> list[Path]:
        """Each language's own theme folder (``theme.custom_dir``), once each."""
        found: list[Path] = []
        for lang in self.languages():
            custom_dir = _load(self.language_config(lang)).theme.custom_dir
            if custom_dir and Path(custom_dir).resolve() not in found:
                found.append(Path(custom_dir).resolve())
        return found

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


def check_content(site: SiteConfig, owns_process: bool = False, cache: LoadCache | None = None) -> Archive:
    """Load and check the whole archive; raises ``ContentError``. ``owns_process``: the
    caller's process ends with this work (the CLI), so the cycle collector is paused for the
    load and the archive frozen out of its reach; a long-lived caller (the tests, an editor's
    tool) keeps its collector as it was. With a ``cache``, files read before are not read
    again (``load.LoadCache``)."""
    with collector_paused(owns_process):
        return load_archive(site.content_dir, site.root, cache)


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
    ``swap``. With a cache: ``cache read`` first (the first language's state, and
    ``<lang> cache read`` for each other), ``<lang> cache write`` and ``<lang> publish`` (its
    site linked from the cache's folder)."""


def build_site(
    site: SiteConfig, site_dir: Path | None = None, jobs: int = 2, search: bool = True, start_method: str | None = None,
    owns_process: bool = False, part: Part | None = None, cache: Path | None = None,
) -> BuildResult:
    """Check the content, build every language (with its search index unless ``search`` is
    false), then replace ``site_dir`` in one step. With ``jobs`` above 1 the languages build
    side by side, the others in worker processes started by ``start_method``
    (``processes.get_start_method``); with 1, one after another in this process.
    ``owns_process``: this process ends with the build (the CLI), so the cycle collector
    may leave the archive and the pages alone (``check_content``); the workers the build
    starts always end with it. A ``part`` of a build split into parts writes that part
    (``parts.py``), for ``assemble.assemble_site`` to put together with the others. With a
    ``cache`` folder, the build starts from what the last build with it kept, and keeps
    what the next needs (``build_cache.py``); the site is the same."""
    started = time.monotonic()
    start_method = get_start_method(start_method)  # a wrong setting stops the build before it starts
    build_date = get_build_date(site.root)
    site_dir = (site_dir or site.root / "site").resolve()
    languages = site.languages()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    if cache is None:
        kept, archive = None, check_content(site, owns_process)
        stages = dict(archive.timings)
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)  # the builds write beside it
    except FileExistsError:
        raise BuildError(f"--site-dir: {site_dir.parent} is a file, not a folder") from None
    except OSError as error:
        raise BuildError(f"--site-dir: cannot make the folder {site_dir.parent}: {error.strerror}") from None
    if cache is not None:  # the other languages start at once, each from its own state; this one reads its own meanwhile
        kept = open_cache(cache, site.root, site.settings_files(), site.theme_dirs(), search, site_dir, site.content_dir,
                          part, staging)
        prepared = _Prepared(kept, site, languages[0], owns_process)
    parts = {lang: staging if lang == LANGUAGES[0] else staging.with_name(f"{staging.name}-{lang}") for lang in languages}
    for folder in parts.values():
        shutil.rmtree(folder, ignore_errors=True)
    try:
        if kept is not None:
            cached = {lang: kept.site_folder(lang) for lang in languages}
            built = _build_languages(site, prepared, cached, jobs, search, start_method, build_date, owns_process, part, kept)
            archive = prepared.archive
            stages = {"cache read": prepared.seconds, **archive.timings, **built}
            kept.seal(languages)
            swapping = time.monotonic()
        else:
            stages.update(_build_languages(site, archive, parts, jobs, search, start_method, build_date, owns_process, part))
            swapping = time.monotonic()
            for lang, folder in parts.items():
                if folder != staging:
                    folder.rename(staging / lang)
        if part is not None:
            write_manifest(staging, part, archive, languages, search, build_date)
        swap_in(staging, site_dir)
        stages["swap"] = time.monotonic() - swapping
    finally:
        for folder in parts.values():
            shutil.rmtree(folder, ignore_errors=True)
        if kept is not None:
            release_cache(kept)
    return BuildResult(site_dir, languages, len(archive.records), time.monotonic() - started, stages)


def write_manifest(
    folder: Path, part: Part, archive: Archive, languages: list[str], search: bool, build_date: dt.datetime
) -> None:
    """Say, in a part's folder, which part it is, of what, built how (``parts.MANIFEST``)."""
    manifest = {
        "part": part.number, "of": part.total, "content": content_digest(archive), "built": build_date.isoformat(),
        "search": search, "languages": {lang: "" if lang == LANGUAGES[0] else lang for lang in languages},
    }
    path = folder / MANIFEST
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def get_build_date(root: Path) -> dt.datetime:
    """The date MkDocs and the feeds stamp on a build, pinned so that the same content gives
    the same bytes: ``SOURCE_DATE_EPOCH`` when set, else the time of the last git commit of
    the project at ``root``, else now. Raises ``BuildError`` for a ``SOURCE_DATE_EPOCH`` that
    is not a number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not epoch.isdigit():
        raise BuildError(f"SOURCE_DATE_EPOCH: expected seconds since 1970 (such as 1700000000), found '{epoch}'")
    epoch = epoch or last_commit_epoch(root)
    if epoch is None:
        return dt.datetime.now(dt.timezone.utc)
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


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


Task = tuple[str, str, bool]
"""One language's build: its config file, its site folder, and whether with search."""


class _Prepared:
    """A cached build's first language: its state read from the cache, and the archive
    loaded and checked with it (``ContentError``), once the other languages' workers have
    started (each reads its own state and loads the archive with it: its records must be
    the objects its state knows)."""

    def __init__(self, cache: BuildCache, site: SiteConfig, lang: str, owns_process: bool):
        self.cache, self.site, self.lang, self.owns_process = cache, site, lang, owns_process
        self.archive: Archive | None = None
        self.state: Incremental | None = None
        self.seconds = 0.0

    def __call__(self) -> tuple[Archive, Incremental]:
        reading = time.monotonic()
        self.state = self.cache.state(self.lang, self.owns_process)
        self.seconds = time.monotonic() - reading
        self.archive = check_content(self.site, self.owns_process, self.state.load)
        return self.archive, self.state


def _first_language(archive: Archive | _Prepared) -> tuple[Archive, Incremental | None]:
    """The archive the first language builds from, and its state from the cache if any."""
    return archive() if isinstance(archive, _Prepared) else (archive, None)


def _build_languages(
    site: SiteConfig, archive: Archive | _Prepared, parts: dict[str, Path], jobs: int, search: bool,
    start_method: str | None, build_date: dt.datetime, owns_process: bool, part: Part | None = None,
    cache: BuildCache | None = None,
) -> dict[str, float]:
    """Build each language into its part, from ``archive``, side by side in worker processes
    unless ``jobs`` is 1; returns each language's stage times. With a ``cache``, ``archive``
    is the first language's ``_Prepared``, and each other language reads its own."""
    tasks: list[Task] = [(str(site.language_config(lang)), str(part), search) for lang, part in parts.items()]
    if jobs <= 1 or len(tasks) == 1:
        archive, first_state = _first_language(archive)
        handover = Handover(archive, SearchTurns(), build_date=build_date, owns_process=owns_process, part=part,
                            cache=cache, incremental=first_state)
        results = []
        for task in tasks:
            results.append(build_language(*task, handover=handover))
            if results[-1][0]:  # the build has failed: the other languages would only repeat its problems
                break
            if cache is not None:  # the next language's own state, and its own archive
                handover = replace(handover, archive=None, incremental=None)
    else:
        results = _build_in_workers(tasks, archive, min(jobs - 1, len(tasks) - 1), start_method, build_date, owns_process,
                                    part, cache)
    problems = [error for error, _ in results if error]
    if problems:
        raise BuildError("\n".join(problems))
    return {f"{lang} {stage}": seconds for lang, (_, times) in zip(parts, results) for stage, seconds in times.items()}


def _build_in_workers(
    tasks: list[Task], archive: Archive | _Prepared, workers: int, start_method: str | None, build_date: dt.datetime,
    owns_process: bool, part: Part | None = None, cache: BuildCache | None = None,
) -> list[tuple[str | None, dict[str, float]]]:
    """Build the first task in this process and the others in ``workers`` processes, each
    given its share of the tasks and what they need as the arguments it starts with: a
    forked worker holds the engine's archive at no cost, neither copied nor pickled (one
    copy fewer is 250 MB less at 17,000 records); a spawned one reads the content again
    itself. The search turns (a lock and a semaphore) can only be shared this way too, and so
    can the pipes the workers' log records come back by."""
    context = get_context(start_method)
    turns = SearchTurns(context)
    shared = context.get_start_method() == "fork" and isinstance(archive, Archive)
    theirs_handover = Handover(archive if shared else None, turns, build_date=build_date, owns_process=True, part=part,
                               cache=cache)
    started = []
    with forwarded_logs(context) as relay:
        try:
            for number in range(workers):
                ours, theirs = context.Pipe(duplex=False)
                share = tasks[1 + number::workers]
                logs = relay.add()
                process = context.Process(
                    target=_worker, args=(theirs, share, theirs_handover, logs), name=f"shangliang-build-{number + 1}"
                )
                relay.start(process, logs, theirs)
                started.append((share, ours, process))
            try:
                archive, first_state = _first_language(archive)
            except BaseException:  # the content has problems: the others' builds would be for nothing
                for _, _, process in started:
                    process.terminate()
                raise
            here = Handover(archive, turns, build_date=build_date, owns_process=owns_process, part=part, cache=cache,
                            incremental=first_state)
            results = {0: build_language(*tasks[0], handover=here)}
            for share, connection, process in started:
                try:
                    answers = connection.recv()
                except EOFError:
                    process.join()
                    answers = [(f"{Path(task[0]).name}: the build process stopped (exit code {process.exitcode})", {})
                               for task in share]
                results |= {tasks.index(task): answer for task, answer in zip(share, answers)}
        finally:
            for _, connection, process in started:
                connection.close()
                process.join()
    return [results[index] for index in range(len(tasks))]


def _worker(connection: Connection, tasks: list[Task], handover: Handover, logs: WorkerLogs) -> None:
    """A worker process's life: build ``tasks`` with what it was handed, send back the results."""
    logs.install()
    try:
        results = []
        for task in tasks:
            results.append(build_language(*task, handover=handover))
            if results[-1][0]:  # the build has failed: the other languages would only repeat its problems
                break
    except Exception:  # a bug: the message goes back with the traceback
        results = [(f"{Path(task[0]).name}: internal error\n{traceback.format_exc()}", {}) for task in tasks]
    connection.send(results)
    connection.close()


def build_language(
    config_file: str, site_dir: str, search: bool = True, dirty: bool = False, handover: Handover | None = None
) -> tuple[str | None, dict[str, float]]:
    """Build one language's site, with its search index unless ``search`` is false (the
    plugin writes it), from what ``handover`` gives the plugin (nothing: it reads the content
    itself); returns an error message instead of raising, so the message survives the trip
    back from a worker process, and the build's stage times. A ``dirty`` build (the live
    preview's) does not empty ``site_dir`` first."""
    try:
        config = _load(Path(config_file), site_dir=site_dir)
    except BuildError as error:  # named with its file already
        return str(error), {}
    plugin = None
    cache_read = cache_write = None
    try:
        lang = site_language(config)
        plugin = _plugin(config)
        plugin.config["search"] = search
        handover = replace(handover or Handover(), search_after_build=True)
        if handover.cache is not None:
            dirty = True  # into the folder the last build wrote, as the live preview does
            logging.getLogger("mkdocs.commands.build").addFilter(NO_DIRTY_WARNING)
            if handover.incremental is None:
                reading = time.perf_counter()
                handover = replace(handover, incremental=handover.cache.state(lang, handover.owns_process))
                cache_read = time.perf_counter() - reading
        plugin.handover = handover
        mkdocs_build(config, dirty=dirty)
        del config  # what MkDocs made of the pages goes with it
        if handover.cache is not None:  # kept now, while Pagefind works; the cache is sealed once all is done
            assert handover.incremental is not None
            writing = time.perf_counter()
            handover.cache.save(lang, handover.incremental)
            handover.incremental.forget()  # the build holds it elsewhere too: empty, it leaves Pagefind the memory
            cache_write = time.perf_counter() - writing
        if plugin.indexing is not None:  # Pagefind has its heaviest work yet to do: leave it the memory
            plugin.release()
            let_go(plugin.handover.owns_process)
            plugin.finish_search(Path(site_dir), lang)
        if handover.cache is not None:  # this language's site, linked where the build puts the site together
            linking = time.perf_counter()
            handover.cache.publish(lang)
            plugin.timings["publish"] = time.perf_counter() - linking
    except BuildError as error:
        return f"{Path(config_file).name}: {error}", {}
    except ContentError as error:  # a cached build's other language (the plugin), not logged by MkDocs
        return error.report(), {}
    except MkDocsException as error:
        return f"{Path(config_file).name}: {error}", {}
    except SystemExit as error:  # MkDocs aborts with SystemExit on some errors
        return f"{Path(config_file).name}: build aborted ({error})", {}
    finally:
        if plugin is not None and plugin.indexing is not None:  # the build stopped before it
            plugin.indexing.cancel()
    timings = dict(plugin.timings)
    if cache_read is not None:
        timings = {"cache read": cache_read, **timings}
    if cache_write is not None:
        timings["cache write"] = cache_write
    return None, timings


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that links may be wrong; in the live preview's and
    a cached build's every page whose links could change is written again
    (``mkdocs_plugin.Incremental``), so the warning would only hide the messages that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


NO_DIRTY_WARNING = _NoDirtyWarning()


def _plugin(config) -> ShangliangPlugin:
    plugin = config.plugins.get("shangliang")
    if not isinstance(plugin, ShangliangPlugin):
        raise BuildError("the 'shangliang' plugin is not in 'plugins'")
    return plugin


def _load(config_file: Path, **overrides):
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as error:
        raise BuildError(f"{config_file.name}: {error}") from None


def swap_in(new: Path, site_dir: Path) -> None:
    """Put ``new`` in place of ``site_dir`` with renames, so readers never see half a site.

    The previous site is then deleted by a process of its own, which the build does not
    wait for: at 17,000 records a site is a gigabyte in 37,000 folders, and deleting it
    took longer than building it on a disk still writing the new one. That process also
    deletes what earlier ones left, if they were cut short."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():  # left by a build cut short between its two renames
        old.rename(_doomed_name(old))
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    if old.exists():
        old.rename(_doomed_name(old))  # the next build's own .old is free at once
    leftovers = sorted(site_dir.parent.glob(f"{old.name}.*"))
    if leftovers:
        _delete_later(leftovers)


def _doomed_name(folder: Path) -> Path:
    """A name of its own for a folder to delete: ``.site.old.<pid>.<ns>``."""
    return folder.with_name(f"{folder.name}.{os.getpid()}.{time.monotonic_ns()}")


def _delete_later(folders: list[Path]) -> None:
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)",
             *map(str, folders)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
