"""The search bundle of one built language site, in ``<site>/search/``.

Pagefind reads the record pages' search views (``Page.search_html``, which the templates
render with each page: its content without the breadcrumbs and the "propose a correction"
link) and writes an index split into small chunks that the browser loads as a query needs
them. Beside it goes
``t2s.json``, the map the search box uses to read a query typed in Traditional characters
as Simplified, taken from OpenCC's dictionaries at build time. Each language's site gets
its own bundle, so the Chinese site searches only Chinese pages and the English site only
English ones.

An archive with more record pages than one bundle holds (``BUNDLE_PAGES``, the plugin's
``search_bundle_pages``) is indexed in several, by date, newest first: the newest in
``search/``, which the search box searches, and the earlier ones in ``search/earlier/N/``,
which it searches when the reader asks (``BUNDLES_FILE`` lists them). Pagefind holds every
page it indexes in memory (about 150 KB a page), and a reader's first query loads the
bundle's list of pages (7 bytes a page): one bundle of 172,000 pages would need 26 GB to
build and 1.2 MB before a first result.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from multiprocessing.context import BaseContext
from pathlib import Path

from markupsafe import escape

from ..errors import BuildError
from ..addresses import SEARCH_FOLDER, url_of_uri
from ..languages import LANGUAGES
from ..parts import Part
from ..render.page import Page
from ..render.search import UNSEARCHED_CLASSES
from . import locks
from .locks import OwnedFolder

"""The bundle's folder inside each language's site; the search box loads it from there."""
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
"""Pagefind's ready-made interfaces and its web worker, which the site does not use: it has its
own search box, which searches without a worker."""
T2S_FILE = "t2s.json"
BUNDLE_PAGES = 20_000
"""Pages a search bundle holds at most, unless the plugin's ``search_bundle_pages`` says
otherwise. The first query of a session loads the newest bundle's list of pages (about 6.5
bytes a page) and the index chunks of its words: at most 276.6 KB at 17,200 pages (10,000
consultations, measured 2026-12-04), so about 295 KB at 20,000, within issue #3's 300 KB
(docs/search.md). Pagefind needs about 135 KB of memory a page (2.3 GB at 17,200)."""
EARLIER_FOLDER = "earlier"
"""In the newest bundle's folder: the earlier bundles, ``earlier/1/`` the next newest."""
BUNDLES_FILE = "bundles.json"
"""In the newest bundle's folder: ``{"newest": {"from": Y, "to": Y}, "earlier": [{"path":
"earlier/1/", "from": Y, "to": Y}, …]}``, the years each bundle's pages are of (``null`` for a
bundle of pages without a date only), read by the search box."""
LATEST = "latest"
"""What the name of a page's search view starts with when it has no date (``view_name``)."""
SOURCE_PAGE = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
    '<meta data-pagefind-meta="url[content]" content="{url}"></head><body>{html}</body></html>'
)
"""What Pagefind reads for one page: the language, the page's address relative to the site
root (the ``url`` of each result), and the content the theme wraps."""
NOT_SEARCHED = ", ".join(["dt", ".sl-section > h2", *(f".{name}" for name in UNSEARCHED_CLASSES), ".sl-facts"])
"""Parts of a record's content left out of the index's readable text: the labels every page
repeats (field names, section headings, stage names and badges, whose values are filters or
results' facts), the news reports a record cites, whose headlines would match every record
taken from the same report, the outcomes a consultation page retells, found on their own
pages, and the facts, which are indexed hidden (``render/search.py``, whose ``page_text``
leaves out the same parts, by the same classes) so that excerpts are never made of field values."""
HAN_BLOCKS = ((0x4E00, 0x9FFF), (0xF900, 0xFAFF))
"""Characters the map covers: CJK unified ideographs and their compatibility forms. The
rare extension blocks would triple the map for characters nobody types into a search box."""


class SearchIndexing:
    """A Pagefind run over one language's record pages (``Page`` values as the core rendered
    them), started as soon as they are rendered, so that it runs while the other pages are
    rendered and the site engine writes the site; ``finish`` waits for it and puts the
    bundle in place. Raises ``BuildError``.

    Pagefind reads the record pages' content only, so it is given just their search views
    (``Page.search_html``), one small file per record, rather than the built pages, whose theme
    (header, navigation, icons) makes each ten times larger: reading those took about as
    long as indexing itself. The files share one folder and each gives its page's address
    as metadata: a folder per page, as the site has, takes ten times longer to write on some
    file systems. Pagefind writes the bundle in memory too; it is then copied into
    ``work_dir``, which should be on the site's file system, while the site is still being
    written, so that ``finish`` only moves it into place."""

    def __init__(
        self, pages: Iterable[Page], lang: str, work_dir: Path | None = None, turns: SearchTurns | None = None,
        written: list[Path] | None = None, bundle_pages: int = BUNDLE_PAGES,
    ):
        self.turns = turns or SearchTurns()
        memory = Path(_memory_folder() or tempfile.gettempdir())
        work_dir = Path(work_dir or tempfile.gettempdir())
        for folder in {memory, work_dir}:
            remove_orphans(folder)
        try:
            self._work = WorkFolder(memory, work_dir)
        except OSError as error:
            raise BuildError(f"search index: could not make a work folder: {error}") from None
        self.folder = self._work.next_to_site
        self.sources = self._work.path
        self.seconds = 0.0
        """How long Pagefind ran, once ``finish`` has returned."""
        self.process: subprocess.Popen | None = None
        self._running = 0
        """The bundle whose Pagefind runs, or ran last."""
        self.output = ""
        self.failure: str | None = None
        self.cancelled = threading.Event()
        self._claim_lock = threading.Lock()
        self._claimed = False
        """Whether the run is taken: by the thread waiting for its turn, by ``finish`` (the
        turn did not come before the pages were written) or by ``cancel`` (no run)."""
        self.done = threading.Event()
        """Set once the run that was taken has ended (or none will happen)."""
        self.lang = lang
        try:
            views = self.sources / "pages"
            if written is not None:  # the views the parts of a build wrote (shangliang assemble)
                self.count = _copy_sources(written, views)
            else:
                self.count = write_sources(pages, lang, views)
            self.bundles = arrange_bundles(views, self.sources / "bundles", bundle_pages)
            pagefind = str(_pagefind_executable())
            self.commands = [
                [*_lower_priority(), pagefind, "--site", str(bundle.folder), "--output-path", str(self._output(number)),
                 "--exclude-selectors", NOT_SEARCHED, "--silent"]
                for number, bundle in enumerate(self.bundles)
            ]
        except (OSError, BuildError) as error:
            self.cancel()
            raise BuildError(f"search index: Pagefind could not run: {error}") from None
        self._thread = threading.Thread(target=self._take_turn, daemon=True)
        self._thread.start()

    def _take_turn(self) -> None:
        """Wait for this language's turn (its index first, the others once it has started;
        then one at a time), and run Pagefind in it unless ``finish`` or ``cancel`` has taken
        the run meanwhile. The waits block without a timeout: if the turn never comes (the
        other language's build stopped holding it), ``finish`` runs Pagefind itself, and this
        thread, a daemon, ends with the process. A waiting thread holds only semaphores,
        which a process may leave waiting on at no one's cost."""
        first = self.lang == LANGUAGES[0]
        if not first:
            self.turns.wait_for_first()
        with self.turns.one_at_a_time:
            if self._claim():
                self._run()

    def _claim(self) -> bool:
        """Take the run, if no one has; the first language's taken run (by anyone: run, or
        cancelled) lets the other languages' indexes go."""
        with self._claim_lock:
            taken, self._claimed = self._claimed, True
        if not taken and self.lang == LANGUAGES[0]:
            self.turns.first_has_started()
        return not taken

    def _output(self, number: int) -> Path:
        """Where Pagefind writes bundle ``number`` (0 the newest)."""
        return self.sources / SEARCH_FOLDER / str(number)

    def _run(self) -> None:
        """Run Pagefind on each bundle in turn, then copy the finished bundles next to the
        site; ``done`` is set at the end."""
        try:
            if self.cancelled.is_set():
                return
            started = time.perf_counter()
            for number in range(len(self.commands)):
                self._run_one(number)
                if self.failure is not None or self.cancelled.is_set() or not self._succeeded():
                    break
            self.seconds = time.perf_counter() - started
            if self.failure is None and not self.cancelled.is_set() and self._succeeded():
                try:
                    self._put_next_to_site()
                except OSError as error:
                    self.failure = f"could not copy the index next to the site: {error}"
        except BuildError as error:  # in a thread: what goes wrong must reach finish, not the thread's end
            self.failure = str(error).removeprefix("search index: ")
        except Exception as error:
            self.failure = f"internal error: {error!r}"
        finally:
            self.done.set()

    def _run_one(self, number: int) -> None:
        """Run bundle ``number``'s Pagefind; what goes wrong is left in ``failure``."""
        self._running = number
        try:
            self.process = subprocess.Popen(self.commands[number], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if self.cancelled.is_set():
                self.process.kill()
            self.output, _ = self.process.communicate(timeout=1800)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            self.failure = "Pagefind took more than 30 minutes"
        except OSError as error:
            self.failure = f"Pagefind could not run: {error}"

    def _succeeded(self) -> bool:
        """Whether the last Pagefind run ended well and wrote its bundle."""
        if self.process is None or self.process.returncode != 0:
            return False
        return (self._output(self._running) / "pagefind.js").is_file()

    def _put_next_to_site(self) -> None:
        """Copy the bundles from memory to ``folder``, on the site's file system, without
        Pagefind's unused interfaces, the earlier bundles inside the newest, which gets the
        Traditional-to-Simplified map and the list of bundles. One copy after another is
        much cheaper than Pagefind's own writing there: it creates its tens of thousands of
        files from many threads at once, which contend for the same folders (measured on
        ext4: 7-14 s of system time for 17,200 pages, against 1-2 s for writing them in
        memory and copying them)."""
        newest = self._output(0)
        (newest / T2S_FILE).write_text(get_t2s_json(), encoding="utf-8")
        (newest / BUNDLES_FILE).write_text(bundles_json(self.bundles), encoding="utf-8")
        for number in range(len(self.bundles)):
            for name in UNUSED_FILES:
                (self._output(number) / name).unlink(missing_ok=True)
            target = self.folder / SEARCH_FOLDER
            if number:
                target = target / EARLIER_FOLDER / str(number)
                target.parent.mkdir(exist_ok=True)
            _copy_tree(self._output(number), target)

    def finish(self, site_dir: Path) -> int:
        """Wait for Pagefind, then move the bundle to ``site_dir/search/``; returns how many
        pages were indexed. Raises ``BuildError``. Called once the site's pages are written.
        A Pagefind still waiting for its turn then runs here, once it is this language's
        turn, or after ``SearchTurns.wait`` seconds without it (a process that died holding
        the turn must not stop the build)."""
        try:
            if self._claim():
                turn = self.turns.one_at_a_time.acquire(timeout=self.turns.wait)
                try:
                    self._run()
                finally:
                    if turn:
                        self.turns.one_at_a_time.release()
            self.done.wait()
            if self.failure:
                raise BuildError(f"search index: {self.failure}")
            assert self.process is not None
            if not self._succeeded():
                message = self.output.strip() or f"exit status {self.process.returncode}"
                where = ""
                if len(self.bundles) > 1:
                    bundle = self.bundles[self._running]
                    years = "–".join(str(year) for year in dict.fromkeys((bundle.first, bundle.last)) if year is not None)
                    where = f" on bundle {self._running + 1} of {len(self.bundles)} ({years or 'pages without a date'})"
                raise BuildError(f"search index: Pagefind failed{where}: {message}")
            shutil.rmtree(site_dir / SEARCH_FOLDER, ignore_errors=True)
            try:
                shutil.move(str(self.folder / SEARCH_FOLDER), str(site_dir / SEARCH_FOLDER))
            except OSError as error:
                raise BuildError(f"search index: could not move the index into the site: {error}") from None
            return self.count
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop Pagefind if it runs or has yet to, and remove the working folders."""
        self.cancelled.set()
        if self._claim():  # no run will happen
            self.done.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
        self.done.wait()  # a run under way sees the cancellation, or its Pagefind killed
        self._work.remove()


class SearchTurns:
    """Whose turn it is to run Pagefind, shared by the languages' builds of one site: made
    by the engine for each build (with the start method's lock and semaphore when the languages
    build in processes of their own, handed to them; with threads' otherwise) and given to
    each ``SearchIndexing``.

    ``one_at_a_time`` is held while a Pagefind runs: one at a time, always. Pagefind takes
    about 150 KB of memory per page (2.8 GB for the 17,200 Chinese pages of 10,000
    consultations), and two at once took a 10,000-consultation build's peak memory from
    3.25 GB to 4.24 GB (docs/performance.md). A language whose pages were written used to
    start its Pagefind without the lock, its build having nothing left to do but wait; once
    record pages came from shells (issue 18) the pages were written long before the first
    index was done, the two ran together, and the peak was 6.2 GB.

    The other languages' indexes wait until the first language's has started. The first
    language (Chinese) has the costlier index, a third more processor time than the English
    one's for the same records (cutting text into words, and the pinyin spellings), so it
    goes first, beside the page writing, and the cheaper one is left for the end, when the
    build waits for it.

    Both are semaphores, waited on without timeouts (no polling): a thread may be left
    waiting on one when its process ends (its build ran Pagefind itself), and a
    multiprocessing ``Event`` would then hang the next ``set()``, which waits for every
    sleeper it counts to wake; a semaphore counts none."""

    def __init__(self, context: BaseContext | None = None, wait: float = 1800.0):
        self.one_at_a_time = context.Lock() if context else threading.Lock()
        self.wait = wait
        """Seconds a language whose pages are written waits for its turn before it runs
        its Pagefind all the same: the turn is held by another language's Pagefind (a
        minute at 10,000 consultations, more at 100,000), or by a process that died."""
        self._first_started = context.Semaphore(0) if context else threading.Semaphore(0)

    def first_has_started(self) -> None:
        """The first language's Pagefind has started (or will not): the others may go."""
        self._first_started.release()

    def wait_for_first(self) -> None:
        self._first_started.acquire()
        self._first_started.release()  # for the next language


def _lower_priority() -> list[str]:
    """``nice``, where there is one: Pagefind runs while the site's pages are written, and
    should take the processors only when the writing leaves them idle (waiting on the
    disk), not slow the writing down; it catches up once the writing is done."""
    nice = shutil.which("nice")
    return [nice, "-n", "10"] if nice and os.name == "posix" else []


SOURCES_PREFIX = "shangliang-search-"
"""The pages written for Pagefind go to ``<prefix><random>`` in memory (``WorkFolder``)."""
BUNDLES_PREFIX = ".shangliang-search-"
"""The bundle is copied to ``<prefix><random>`` next to the site (``WorkFolder``)."""


class WorkFolder:
    """The folders of one index, each a ``locks.OwnedFolder``, so that the next build
    deletes them if this one is killed (``remove_orphans``): ``path``, a
    ``SOURCES_PREFIX<random>`` folder in ``memory``, for the pages Pagefind reads and the
    bundle it writes, and ``next_to_site``, in a ``BUNDLES_PREFIX<random>`` folder in
    ``work_dir`` (on the site's file system), where the bundle is copied. Raises ``OSError``."""

    def __init__(self, memory: Path, work_dir: Path | None = None):
        self._sources = OwnedFolder(memory, SOURCES_PREFIX)
        self.path = self._sources.path
        try:
            self._bundles = OwnedFolder(Path(work_dir or tempfile.gettempdir()), BUNDLES_PREFIX)
        except BaseException:
            self._sources.remove()
            raise
        # a folder inside the owned one, beside its lock and marker, which outlive it
        self.next_to_site = self._bundles.path / "index"
        try:
            self.next_to_site.mkdir()
        except BaseException:
            self.remove()
            raise

    def remove(self) -> None:
        """Delete both folders (what cannot be deleted now, a later build will)."""
        self._bundles.remove()
        self._sources.remove()


def remove_orphans(folder: Path) -> list[Path]:
    """Delete the work folders in ``folder`` whose build is gone (``WorkFolder``): a build
    stopped by a signal (or killed) cannot clean up, and what it left in ``/dev/shm`` would
    hold memory until the machine restarts. Returns what was deleted; never raises."""
    return [*locks.remove_orphans(folder, SOURCES_PREFIX), *locks.remove_orphans(folder, BUNDLES_PREFIX)]


def _memory_folder() -> str | None:
    """A folder in memory (Linux's ``/dev/shm``) for the pages Pagefind reads, when there is
    one: they are thrown away after indexing, and writing thousands of files to a disk can
    take longer than indexing them. Elsewhere the system's temporary folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _copy_tree(source: Path, target: Path) -> None:
    """Copy the folder ``source`` to ``target`` (which must not exist): with ``cp`` at low
    priority where there is one, so that the copy runs beside the page writing without
    taking the build's interpreter lock; otherwise with ``shutil``."""
    cp = shutil.which("cp")
    if cp and os.name == "posix":
        done = subprocess.run([*_lower_priority(), cp, "-R", str(source), str(target)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise OSError(done.stderr.strip() or f"cp exited with {done.returncode}")
    else:
        shutil.copytree(source, target)


def write_sources(pages: Iterable[Page], lang: str, folder: Path, part: Part | None = None) -> int:
    """Write each searched page's search view (``Page.search_html``) for Pagefind, named by
    its page's date (``view_name``) and place among the site's record pages (a ``part`` of
    the build has every N-th of them), so that a whole build and its parts name it alike;
    returns how many there are."""
    folder.mkdir(exist_ok=part is not None)
    count = 0
    for index, page in enumerate(pages):
        if page.search_html is None:
            continue
        place = part.place(index) if part is not None else index + 1
        count += 1
        source = SOURCE_PAGE.format(lang=lang, title=escape(page.title), url=escape(url_of_uri(page.uri)), html=page.search_html)
        (folder / view_name(page.search_date, place)).write_text(source, encoding="utf-8")
    return count


def view_name(date: tuple[int, int, int] | None, place: int) -> str:
    """``20240512-17.html``: the search view of the page at ``place``, dated ``date``
    (``00`` for a month or day not given); ``latest-17.html`` for a page without a date."""
    stamp = LATEST if date is None else f"{date[0]:04d}{date[1]:02d}{date[2]:02d}"
    return f"{stamp}-{place}.html"


_VIEW_NAME = re.compile(rf"(?:([0-9]{{8}})|{LATEST})-([0-9]+)\.html")


def read_views(folder: Path) -> list[tuple[tuple[int, int, int] | None, int, Path]]:
    """The search views ``write_sources`` wrote into ``folder``: each one's date, place and
    path. Raises ``BuildError`` for anything else in it."""
    views = []
    for path in folder.iterdir():
        match = _VIEW_NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            raise BuildError(f"search index: {path}: not a search view a build wrote")
        stamp = match[1]
        date = (int(stamp[:4]), int(stamp[4:6]), int(stamp[6:])) if stamp else None
        views.append((date, int(match[2]), path))
    return views


@dataclass(frozen=True)
class Bundle:
    """One search bundle: the places of the pages it holds (in order) and their years."""

    places: tuple[int, ...]
    first: int | None
    """The earliest year of its pages; ``None`` if none has a date."""
    last: int | None
    folder: Path = Path()
    """Where its search views are, once ``arrange_bundles`` has moved them there."""


def plan_bundles(views: Iterable[tuple[tuple[int, int, int] | None, int]], limit: int) -> list[Bundle]:
    """Put the pages ``views`` names (each page's date and place) into bundles of ``limit``
    pages, newest first, each full but the last: the pages without a date first (the
    archive's bodies, which readers look for most, and the consultations whose date is not
    reported), never split however many they are, then the dated pages from the latest
    (within a date, in the order of their places). A year may so be split between two
    bundles, its latest pages in the newer one."""
    if limit < 1:
        raise BuildError(f"search_bundle_pages: expected a number of pages of at least 1, found {limit}")
    pages = sorted(views, key=lambda view: (view[0] is not None, tuple(-part for part in view[0] or ()), view[1]))
    bundles: list[Bundle] = []
    current: list[tuple[tuple[int, int, int] | None, int]] = []

    def close() -> None:
        years = [date[0] for date, _ in current if date is not None]
        bundles.append(Bundle(tuple(sorted(place for _, place in current)), min(years, default=None), max(years, default=None)))
        current.clear()

    for date, place in pages:
        if len(current) >= limit and date is not None:
            close()
        current.append((date, place))
    if current or not bundles:
        close()
    return bundles


def arrange_bundles(views: Path, target: Path, limit: int) -> list[Bundle]:
    """Move the search views in ``views`` (``write_sources``) into a folder of ``target`` per
    bundle (``plan_bundles``), each in the order of its pages' places: Pagefind reads a
    folder in the order its files were made, and the index it writes depends on that order,
    which is therefore the same whichever wrote the views (a whole build, or the parts of
    one). Returns the bundles, each with its folder."""
    found = read_views(views)
    paths = {place: path for _, place, path in found}
    target.mkdir()
    bundles = []
    for number, bundle in enumerate(plan_bundles(((date, place) for date, place, _ in found), limit)):
        folder = target / str(number)
        folder.mkdir()
        for place in bundle.places:
            paths[place].rename(folder / paths[place].name)
        bundles.append(replace(bundle, folder=folder))
    return bundles


def bundles_json(bundles: Sequence[Bundle]) -> str:
    """The list of bundles the search box reads (``BUNDLES_FILE``)."""
    newest, *earlier = bundles
    return json.dumps({
        "newest": {"from": newest.first, "to": newest.last},
        "earlier": [{"path": f"{EARLIER_FOLDER}/{number}/", "from": bundle.first, "to": bundle.last}
                    for number, bundle in enumerate(earlier, start=1)],
    })


def _copy_sources(views: Iterable[Path], target: Path) -> int:
    """Copy the search views parts of a build wrote (``write_sources``, read by
    ``read_views``) into ``target``; ``arrange_bundles`` then puts them in a whole build's
    order."""
    target.mkdir()
    count = 0
    for source in views:
        shutil.copyfile(source, target / source.name)
        count += 1
    return count


@cache
def get_t2s_json() -> str:
    """``{"t": "濟協…", "s": "济协…"}``: each Traditional character and, at the same position,
    the Simplified one, from OpenCC's character table (``TSCharacters``). A character that
    Simplified Chinese also keeps in some words (乾 in 乾隆, 於 as a surname) is left as it
    is: changing it would lose those words."""
    table = _opencc_table("TSCharacters.txt")
    pairs = []
    for line in table.splitlines():
        traditional, _, candidates = line.partition("\t")
        simplified = candidates.split()
        if len(traditional) != 1 or not simplified or traditional in simplified or len(simplified[0]) != 1:
            continue
        if any(first <= ord(traditional) <= last for first, last in HAN_BLOCKS) and ord(simplified[0]) <= 0xFFFF:
            pairs.append((traditional, simplified[0]))
    if not pairs:
        raise BuildError("search index: OpenCC's TSCharacters table is empty")
    return json.dumps({"t": "".join(t for t, _ in pairs), "s": "".join(s for _, s in pairs)}, ensure_ascii=False)


def _opencc_table(name: str) -> str:
    """One of the dictionaries the ``opencc-purepy`` package ships."""
    try:
        return (files("opencc_purepy") / "dicts" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError) as error:
        raise BuildError(f"search index: OpenCC's {name} is missing ({error}); run pip install opencc-purepy") from None


def _pagefind_executable() -> Path:
    """The Pagefind binary, shipped in the ``pagefind-bin`` wheel that ``pagefind[bin]``
    installs. Not the extended one: its Chinese word segmentation costs a fifth of
    Pagefind's memory and a quarter of its time, and the search box never asks for a
    Chinese word, only for the codes of pairs of characters (``render/search.py``)."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError("search index: the Pagefind binary is not installed; run pip install 'pagefind[bin]'") from None
    return Path(get_executable())
