"""Live preview: build every language into a temporary folder, serve it, rebuild on change.

Uses MkDocs' live-reload server, so open pages reload themselves after each rebuild. A
rebuild that finds problems prints them and keeps serving the last good site.

Each language is built by a process of its own that lives as long as the preview and keeps
what it can from one build to the next (``mkdocs_plugin.Incremental``, handed to the
plugin with the archive and the build date): after an edit it
reads only the changed files, renders only the pages whose records changed (plus the
indexes and statistics), and writes only the pages whose content changed. The two
languages rebuild side by side. A change to the configuration or the theme makes the next
build write every page again.

The preview has no search index: indexing takes seconds at a few thousand records, and
the preview must follow an editor's changes at once; the search box says so.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import multiprocessing
import os
import re
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from ..load import CAME, CHANGED, MOVED, load_archive, same_path
from ..memory import collector_paused
from ..errors import BuildError, ContentError, ShangliangError
from ..languages import LANGUAGES
from .engine import NO_DIRTY_WARNING, SiteConfig, build_language, get_build_date
from .locks import OwnedFolder, remove_orphans
from .mkdocs_plugin import Handover, Incremental
from .processes import WorkerLogs, forwarded_logs, get_context

log = logging.getLogger("shangliang")


class PreviewBuilder:
    """One process per language, each building its part of ``served`` on request."""

    def __init__(self, site: SiteConfig, served: Path, start_method: str | None = None):
        """``served`` is the folder served; the build date is pinned once for the preview's
        life (``engine.get_build_date``)."""
        self.site = site
        self.served = served
        self.languages = site.languages()
        context = get_context(start_method)  # each process gets all it needs as arguments
        watched = _watched_paths(site)
        build_date = get_build_date(site.root)
        self.logging = ExitStack()
        relay = self.logging.enter_context(forwarded_logs(context))  # until close()
        self.workers: list[tuple[str, Connection, multiprocessing.process.BaseProcess]] = []
        for lang in self.languages:
            ours, theirs = context.Pipe()
            part = served if lang == LANGUAGES[0] else served / lang
            others = [connection for _, connection, _ in self.workers]
            logs = relay.add()
            process = context.Process(
                target=_language_loop,
                args=(theirs, str(site.language_config(lang)), str(part), watched, [ours, *others], build_date, logs),
                daemon=True, name=f"shangliang-preview-{lang}",
            )
            relay.start(process, logs, theirs)
            self.workers.append((lang, ours, process))

    def build(self, same_files: bool = False, changed: dict[str, str] | None = None) -> float:
        """Build every language once more; returns the seconds it took. Raises
        ``BuildError`` with the first language's problems if one failed (the site then keeps
        what the failed language's build had not yet replaced). ``same_files``: no file or
        folder has come, gone or moved in the content folder since the last build
        (``_PreviewServer.take_changes``); ``changed``: how each file changed since, when
        known (``load.load_archive``), so the builds walk the folder only if a file came or
        went, and look again only at the files changed. Without ``changed``,
        ``same_files`` says that no file came, went or moved either."""
        started = time.monotonic()
        for _, connection, _ in self.workers:
            connection.send(("build", same_files, changed))
        errors = []
        for lang, connection, process in self.workers:
            try:
                error = connection.recv()
            except EOFError:
                error = f"the {lang} build process stopped (exit code {process.exitcode})"
            if error:
                errors.append(error)
        if errors:
            raise BuildError(errors[0])
        return time.monotonic() - started

    def close(self) -> None:
        for _, connection, process in self.workers:
            try:
                connection.send(("stop",))
            except OSError:
                pass
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()  # gone before the served folder is deleted: Windows deletes no open file
        self.logging.close()


def _language_loop(connection: Connection, config_file: str, site_dir: str, watched: list[Path],
                   not_ours: list[Connection], build_date: dt.datetime, logs: WorkerLogs) -> None:
    """Build one language into ``site_dir`` each time asked, until told to stop or the
    preview's process is gone."""
    logs.install()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the preview's process, which stops us
    # A stop sent to every process at once (systemd, `pkill -f`) ends this one quietly, not
    # with the preview's KeyboardInterrupt and a traceback; the preview stops as ever.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for other in not_ours:  # the other ends of the pipes, so that each sees the preview end
        other.close()
    logging.getLogger("mkdocs.commands.build").addFilter(NO_DIRTY_WARNING)
    state = Incremental()
    looks = None
    content_dir = watched[0]
    theme_files = _ThemeFiles()
    theme_files.install()
    while (request := _next_request(connection))[0] == "build":
        same_files, changed = request[1:]
        gc.unfreeze()  # what the last build froze (load_archive, the plugin) may be garbage now
        now = _looks(watched[1:])  # the configuration and the theme
        if now != looks:
            state.write_all()  # every page through the (new) theme again
            theme_files.forget()
            looks = now
        try:
            with collector_paused():  # unfrozen again before the next round
                archive = load_archive(content_dir, Path(config_file).parent, state.load, same_files, changed)
        except ContentError as error:
            connection.send(error.report())
            continue
        except Exception:  # a bug: say so, and keep the preview going
            connection.send(f"{Path(config_file).name}: internal error\n{traceback.format_exc()}")
            continue
        handover = Handover(archive, incremental=state, build_date=build_date, owns_process=True)
        try:
            error, _ = build_language(config_file, site_dir, search=False, dirty=True, handover=handover)
        except Exception:
            error = f"{Path(config_file).name}: internal error\n{traceback.format_exc()}"
        if error and state.writing:  # it failed half-way through writing: write all next time
            state.write_all()
            state.writing = False
        connection.send(error)


class _ThemeFiles:
    """MkDocs lists every file in the theme's folders on every build, to publish its static
    files: with Material's 14,500 (its icons, which it leaves out one by one) about 60 ms, a
    sixth of a rebuild at 1,000 consultations. A preview's language process lists them once,
    and again after the theme or the settings change (``forget``). What the site's own
    files hold still wins over the theme's, as in MkDocs."""

    def __init__(self) -> None:
        self.known: dict[tuple, list[tuple[str, str]]] = {}

    def install(self) -> None:
        """From now on in this process (a preview's language process, which builds nothing
        else), ``Files.add_files_from_theme`` is this one's."""
        listed = Files.add_files_from_theme
        known = self.known

        def add_files_from_theme(files: Files, env, config) -> None:
            key = (tuple(config.theme.dirs), frozenset(config.theme.static_templates), config.site_dir, config.use_directory_urls)
            if key not in known:
                found = Files([])
                listed(found, env, config)
                known[key] = [(file.src_uri, file.src_dir) for file in found]
            for path, folder in known[key]:
                if files.get_file_from_path(path) is None:
                    files.append(File(path, folder, config.site_dir, config.use_directory_urls))

        Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]

    def forget(self) -> None:
        self.known.clear()


def _next_request(connection: Connection) -> tuple:
    try:
        return connection.recv()
    except (EOFError, OSError):
        return ("stop",)


def _looks(paths: list[Path]) -> tuple:
    """Every file's path, size and time under ``paths``: whether the theme or settings changed."""
    marks = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            try:
                st = file.stat()
            except OSError:
                continue
            marks.append((str(file), st.st_size, st.st_mtime_ns))
    return tuple(marks)


def serve_site(site: SiteConfig, host: str = "127.0.0.1", port: int = 8000, start_method: str | None = None) -> None:
    """Serve the site at http://host:port/ until interrupted. The first build must succeed."""
    signal.signal(signal.SIGTERM, _stop)  # stop as on Ctrl+C: the build processes go too
    with served_folder() as served:
        _serve(site, served, host, port, start_method)


def _serve(site: SiteConfig, served: Path, host: str, port: int, start_method: str | None) -> None:
    builder = PreviewBuilder(site, served, start_method)
    try:
        def rebuild() -> None:
            # A failed rebuild is reported and the last good site stays served (MkDocs' own
            # server would hold every request until the error is fixed).
            moved, changed = server.take_changes()
            try:
                seconds = builder.build(same_files=not moved, changed=changed)
            except ShangliangError as error:
                log.error("%s\nStill serving the last good site.", error)
                return
            finally:
                server.loaded()
            log.info("Rebuilt %s in %.1f s", ", ".join(builder.languages), seconds)

        server = _PreviewServer(builder=rebuild, host=host, port=port, root=str(served))
        for path in _watched_paths(site):
            server.watch(str(path))
        server.observer.start()  # before the first build: what is saved meanwhile is built once it is served
        try:
            seconds = builder.build()
            server.loaded()
            log.info("Built %s in %.1f s", ", ".join(builder.languages), seconds)
            try:
                server.serve()
            except KeyboardInterrupt:
                log.info("Stopped.")
        finally:
            server.shutdown()
    finally:
        builder.close()


SERVED_PREFIX = "shangliang-preview-"
"""The name of the temporary folders the previews serve (``locks.OwnedFolder``, the site in
``site`` inside), each owned by its preview while it runs."""


@contextmanager
def served_folder(temp: Path | None = None) -> Iterator[Path]:
    """A new folder for the preview to serve, in ``temp`` (the system's temporary folder),
    deleted at the end. Folders of previews that are gone (killed before they could delete
    theirs) are deleted first."""
    temp = Path(temp or tempfile.gettempdir())
    sweep_served_folders(temp)
    folder = OwnedFolder(temp, SERVED_PREFIX)
    try:
        served = folder.path / "site"
        served.mkdir()
        yield served
    finally:
        folder.remove()  # what is left (a worker still exiting) is swept by the next preview


def sweep_served_folders(temp: Path) -> list[Path]:
    """Delete the served folders in ``temp`` whose preview is gone; returns them. Never raises."""
    return remove_orphans(temp, SERVED_PREFIX)


BUILD_DELAY = 0.025
"""Seconds without another change before a rebuild starts (MkDocs waits 0.1 s): a save
comes as one to three events within milliseconds, and a checkout of many files as a stream
whose every event starts the wait again."""
CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed", "attrib"})
"""The kinds of file-system event that are a change (``closed``: after writing; ``attrib``:
``touch``, as MkDocs' polling saw it); a file opened or closed unwritten is not."""
MOVES = frozenset({"created", "moved", "deleted"})
"""Changes of a folder after which the content folder holds other files than before."""


class _Watcher:
    """The system's file-system observer (watchdog's ``Observer``), or MkDocs' polling where
    the system refuses to watch (Linux's limit on inotify watches is met when the observer
    starts, not when a folder is scheduled). Started once: the preview starts it before its
    first build, MkDocs' server asks again when it starts serving."""

    def __init__(self) -> None:
        self.observer: BaseObserver = Observer()
        self.polling = False
        self.started = False
        self.schedules: list[tuple[FileSystemEventHandler, str, bool]] = []

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False) -> None:
        self.schedules.append((handler, path, recursive))
        try:
            self.observer.schedule(handler, path, recursive=recursive)
        except OSError as error:
            self._poll(error)

    def start(self) -> None:
        if self.started:
            return
        try:
            self.observer.start()
        except OSError as error:
            self._poll(error)
            self.observer.start()
        self.started = True

    def _poll(self, error: OSError) -> None:
        if self.polling:
            raise error
        log.warning("The system would not watch the files for changes (%s): looking at them twice a second instead.", error)
        try:
            self.observer.unschedule_all()
            self.observer.stop()
        except Exception:  # what it had started (an emitter before the one refused) is let go
            pass
        self.observer, self.polling = PollingObserver(timeout=0.5), True
        for handler, path, recursive in self.schedules:
            self.observer.schedule(handler, path, recursive=recursive)
        if self.started:  # a folder refused after the start: the polling takes over at once
            self.observer.start()

    def stop(self) -> None:
        if self.started:
            self.observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.started:
            self.observer.join(timeout)


class _PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering "not found" to an address no file can have: a
    NUL (``%00``) makes opening the file raise, which the server answers with an error
    page and a traceback in the editor's terminal. The pages it serves lose their Content
    Security Policy, which would refuse the inline script that reloads them; the files on
    disk keep it.

    It hears of changes from the system (inotify on Linux, FSEvents on macOS,
    ReadDirectoryChangesW on Windows: ``_Watcher``) rather than by looking at every watched
    file twice a second, as MkDocs' server does: at 1,000 consultations that look took a
    quarter of a second from the save to the reloaded page on average, and at 10,000 it
    stats 26,000 files twice a second while the editor works. A file (the configuration) is
    watched through its folder, whose events name it, since editors that save by renaming a
    new file over the old one leave a watch on the file itself with nothing to watch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_delay = BUILD_DELAY
        self.observer = _Watcher()  # type: ignore[assignment]
        self._changes_lock = threading.Lock()
        self._moves = False
        """Whether a folder came, went or moved since ``take_changes``. The preview starts
        watching before its first build walks the folder (``_serve``), so whatever comes or
        goes after that walk is told here."""
        self._changes: dict[str, str] = {}
        """The files changed since ``take_changes`` (``load.same_path``), each ``CAME``,
        ``MOVED`` or ``CHANGED`` (``load.load_archive``)."""
        self._loading = True
        """Whether a build may be reading the files (from ``take_changes``, and before the
        first build, to ``loaded``): a file created meanwhile may have been seen by it."""

    @property
    def polling(self) -> bool:
        return self.observer.polling

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1
        if os.path.isdir(path):
            self.observer.schedule(_Changes(self._changed), path, recursive)
        else:
            self.observer.schedule(_Changes(self._changed, only=same_path(path)), os.path.dirname(path), False)

    def take_changes(self) -> tuple[bool, dict[str, str]]:
        """Whether a folder came, went or moved since the last call (the rebuild then walks
        the content folder again), and how each file changed since (``load.same_path``:
        ``load.CAME``, ``MOVED`` or ``CHANGED``), from which the rebuild knows whether a
        file came or went, and which files to look at again."""
        with self._changes_lock:
            moved, self._moves = self._moves, False
            changes, self._changes = self._changes, {}
            self._loading = True
        return moved, changes

    def loaded(self) -> None:
        """The build that followed ``take_changes`` (or the first build) is over."""
        with self._changes_lock:
            self._loading = False

    def _changed(self, event: FileSystemEvent) -> None:
        with self._changes_lock:
            if event.is_directory:
                # A folder "modified" comes with each change of a file in it, which the
                # file's own event names: it is no change of the folder's.
                self._moves = self._moves or event.event_type in MOVES
            elif event.event_type == "moved":
                self._note(event.src_path, MOVED)
                self._note(event.dest_path, CAME)
            else:
                self._note(event.src_path, CAME if event.event_type == "created" else MOVED if event.event_type == "deleted" else CHANGED)
        with self._rebuild_cond:  # as MkDocs' own watch does
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _note(self, path: str | bytes, how: str) -> None:
        """A path's first change since ``take_changes`` says whether the last build saw it
        (not if it came first, and no build was reading the files then); a later coming or
        going makes a change a move."""
        path = same_path(path)
        if not path:  # the other end of a move from or to outside the watched folders
            return
        if how == CAME and self._loading and path not in self._changes:
            how = MOVED  # the build reading the files may have seen it
        first = self._changes.setdefault(path, how)
        if first == CHANGED and how != CHANGED:
            self._changes[path] = MOVED

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if "\0" in path:
            return None  # not found
        if _FINGERPRINTED.search(path):  # the same name, the same file: kept by the browser across reloads
            def start_kept(status, headers, *rest):
                return start_response(status, [*headers, ("Cache-Control", "max-age=31536000, immutable")], *rest)

            return super()._serve_request(environ, start_kept)
        return super()._serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return super()._inject_js_into_html(_POLICY.sub(b"", content, count=1), epoch)


_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
_FINGERPRINTED = re.compile(r"/assets/(stylesheets|javascripts)/[\w.-]+\.[0-9a-f]{8}\.min\.(css|js)$")
"""Material's stylesheets and script, whose names change with their content
(``main.57a0d79d.min.css``): a reloaded page need not ask for them again."""


class _Changes(FileSystemEventHandler):
    """Calls ``changed`` on every change under the watched folder, or, with ``only``, on
    every change that names that file (as where it was or where it went)."""

    def __init__(self, changed: Callable[[FileSystemEvent], None], only: str | None = None):
        self.changed, self.only = changed, only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return
        if self.only is not None and self.only not in (same_path(event.src_path), same_path(event.dest_path)):
            return
        self.changed(event)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _watched_paths(site: SiteConfig) -> list[Path]:
    """The content folder first, then the configuration files and the theme's folder
    (``theme.custom_dir``)."""
    paths = [site.content_dir] + [site.language_config(lang) for lang in site.languages()]
    theme = site.theme_dir
    if theme is not None and theme.is_dir():
        paths.append(theme)
    return paths
