"""Search benchmark: ``python benchmarks/search.py [--size 10000]``.

1. Generates a synthetic archive of SIZE consultations with proposals, outcomes, platforms
   and units in proportion (``synth.py``).
2. Builds it with ``shangliang build --no-search`` and with ``shangliang build``, in turn,
   three times each (``--repeat``), and prints every time and the share the search index adds to
   the fastest build of each kind: other work on the machine only makes builds slower.
3. Serves the built site on 127.0.0.1 the way a static host does (gzip for text files, the
   already compressed index files as they are) with caching forbidden, and in headless
   Chromium, for each query: opens a record page in a fresh browser context, waits until
   it has loaded and the network is idle, clicks the search box and types the query, then
   measures
   - the bytes of every response from the click until the results are shown (what the
     server sent, headers included; uncompressed sizes are printed too), and
   - the milliseconds from the keystroke that completes the query to the results being
     rendered (the next animation frame after the box shows them).
   Pinyin and English are typed a key at a time, ``--key-delay`` ms apart. Chinese is
   committed at once, as an input method does, after the time it takes to type its pinyin
   into the input method; one more run commits it on the click itself, with no time to
   load the search code while composing. After each query the reader opens the filters
   (loaded only then); their bytes and time are printed beside the query's.
4. Prints each query's figures, the worst, and PASS or FAIL against the goals.

Goals (issue #3): at most 300 KB for the first query, at most 500 ms to results, and the
index adding at most 30% to the build time.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import os
import resource
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_project  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
MAX_BYTES = 300 * 1024
MAX_MS = 500
MAX_BUILD_SHARE = 0.30
COMPRESSED_TYPES = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
"""Files a static host gzips; Pagefind's own files (.pf_*, .pagefind) are gzipped already."""

QUERIES = [
    # (site, what it is, query, typed a key at a time)
    ("zh", "Chinese word", "港航物流", False),
    ("zh", "Chinese words", "养老服务", False),
    ("zh", "Traditional", "養老服務", False),
    ("zh", "full pinyin", "yanglaofuwu", True),
    ("zh", "spaced pinyin", "gang hang wu liu", True),
    ("zh", "initials", "ylfw", True),
    ("en", "English", "elderly care", True),
    ("en", "English", "port logistics", True),
]


# --- the server ---------------------------------------------------------------------------

@dataclass
class Traffic:
    """What the server sent since the last ``reset``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    wire: int = 0
    raw: int = 0
    requests: list[tuple[str, int]] = field(default_factory=list)

    def reset(self) -> None:
        with self.lock:
            self.wire, self.raw, self.requests = 0, 0, []

    def add(self, path: str, wire: int, raw: int) -> None:
        with self.lock:
            self.wire += wire
            self.raw += raw
            self.requests.append((path, wire))


def serve(root: Path, traffic: Traffic) -> tuple[socketserver.TCPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 - the base class's name
            path = root / unquote(urlsplit(self.path).path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or root.resolve() not in path.resolve().parents:
                body, status, kind = b"not found", 404, "text/plain"
            else:
                body, status = path.read_bytes(), 200
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            raw = len(body)
            zipped = path.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
            if zipped and status == 200:
                body = gzip.compress(body, 6)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if zipped and status == 200:
                self.send_header("Content-Encoding", "gzip")
            headers = sum(len(line) for line in self._headers_buffer) + 2  # noqa: SLF001
            self.end_headers()
            self.wfile.write(body)
            traffic.add(self.path, headers + len(body), raw)

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    mimetypes.add_type("text/javascript", ".js")
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- building -----------------------------------------------------------------------------

@dataclass
class Build:
    seconds: float
    cpu: float
    """Processor time of the build and everything it started, in seconds."""


def build(project: Path, site: Path, search: bool) -> Build:
    command = [sys.executable, "-m", "shangliang.cli", "build", "--site-dir", str(site)] + ([] if search else ["--no-search"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Build(seconds, cpu)


def compare_builds(project: Path, work: Path, repeat: int) -> float:
    """Builds without and with the index, alternately, ``repeat`` times each; prints every
    time and returns the share the index adds to the fastest build of each kind (other
    work on the machine only ever makes a build slower)."""
    plain, indexed = [], []
    for _ in range(repeat):
        plain.append(build(project, work / "site-plain", search=False))
        shutil.rmtree(work / "site-plain")
        indexed.append(build(project, work / "site", search=True))
    for name, builds in (("without search", plain), ("with search   ", indexed)):
        times = ", ".join(f"{b.seconds:.1f} s (processor {b.cpu:.0f} s)" for b in builds)
        print(f"Build {name}: {times}")
    best_plain = min(b.seconds for b in plain)
    best_indexed = min(b.seconds for b in indexed)
    share = best_indexed / best_plain - 1
    cpu_share = min(b.cpu for b in indexed) / min(b.cpu for b in plain) - 1
    print(f"Fastest: {best_plain:.1f} s without, {best_indexed:.1f} s with search: the index adds {share:+.0%} "
          f"(processor time {cpu_share:+.0%})")
    return share


def bundle_facts(site: Path) -> str:
    bundle = site / "search"
    total = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    chunks = list((bundle / "index").glob("*.pf_index"))
    meta = sum(f.stat().st_size for f in bundle.glob("*.pf_meta"))
    largest = max((f.stat().st_size for f in chunks), default=0)
    return (f"{total / 1e6:.1f} MB in all, {len(chunks)} index chunks (largest {largest / 1024:.0f} KB), "
            f"page list {meta / 1024:.0f} KB")


# --- the browser --------------------------------------------------------------------------

TIMING_SCRIPT = """
window.__keys = [];
window.__shown = [];
document.addEventListener("keydown", () => window.__keys.push(performance.now()), true);
document.addEventListener("input", () => window.__keys.push(performance.now()), true);
window.__filters = [];
document.addEventListener("sl-search-results", (event) => {
  const query = event.detail.query;
  requestAnimationFrame(() => window.__shown.push({ query, at: performance.now(), count: event.detail.count }));
}, true);
document.addEventListener("sl-search-filters", () => requestAnimationFrame(() => window.__filters.push(performance.now())), true);
"""


@dataclass
class Measure:
    site: str
    kind: str
    query: str
    wire: int
    raw: int
    requests: int
    ms: float
    results: int
    filter_wire: int = 0
    filter_ms: float = 0.0
    fetched: list[tuple[str, int]] = field(default_factory=list)


def measure(browser, base: str, page_path: str, site: str, kind: str, query: str, typed: bool, key_delay: int,
            traffic: Traffic, cold: bool = False) -> Measure:
    """One reader's first query on a freshly loaded page; then opening the filters."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(TIMING_SCRIPT)
    page.goto(base + page_path, wait_until="load")
    traffic.reset()  # everything after the page's load event counts
    page.wait_for_load_state("networkidle")
    box = page.locator(".md-search__input")
    box.click()
    if typed:
        box.press_sequentially(query, delay=key_delay)
    else:
        if not cold:  # the reader types the pinyin into the input method, then commits
            page.wait_for_timeout(len(lazy_pinyin_letters(query)) * key_delay)
        page.keyboard.insert_text(query)
    page.wait_for_function("q => window.__shown.some(s => s.query === q)", arg=query, timeout=60_000, polling=10)
    keys, shown = page.evaluate("[window.__keys, window.__shown]")
    done = next(s for s in shown if s["query"] == query)
    ms = done["at"] - max(keys)
    page.wait_for_timeout(300)  # nothing more arrives for this query
    result = Measure(site, kind, query, traffic.wire, traffic.raw, len(traffic.requests), ms, done["count"],
                     fetched=list(traffic.requests))
    if done["count"]:
        traffic.reset()
        clicked = page.evaluate("performance.now()")
        page.locator(".sl-search__show-filters").click()
        page.wait_for_function("() => window.__filters.length > 0", timeout=60_000, polling=10)
        result.filter_ms = page.evaluate("window.__filters[0]") - clicked
        result.filter_wire = traffic.wire
    context.close()
    return result


def lazy_pinyin_letters(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def record_page(site: Path) -> str:
    """The address of a consultation page to search from."""
    first = next(iter(sorted((site / "consultations").iterdir())))
    return f"consultations/{first.name}/"


# --- main ---------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search benchmark on a synthetic archive (see the module's docstring).")
    parser.add_argument("--size", type=int, default=10_000, help="consultations in the archive (default: 10000)")
    parser.add_argument("--work", type=Path, help="folder for the project and sites (default: a temporary folder, removed)")
    parser.add_argument("--key-delay", type=int, default=100, help="ms between keys when typing (default: 100)")
    parser.add_argument("--show-requests", action="store_true", help="list every request of each query")
    parser.add_argument("--site", type=Path, help="measure the queries on this built site; no archive, no builds")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind, the fastest counts (default: 3)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows while it runs, even into a file

    work = args.work or Path(tempfile.mkdtemp(prefix="shangliang-bench-"))
    try:
        if args.site:
            measures = measure_queries(args.site, args.key_delay, args.show_requests)
            return report(measures, None)
        project = work / "project"
        started = time.monotonic()
        counts = make_project(project, args.size)
        print(f"Archive: {counts.records} records ({counts.consultations} consultations, {counts.proposals} proposals, "
              f"{counts.outcomes} outcomes, {counts.platforms} platforms, {counts.units} units), "
              f"written in {time.monotonic() - started:.0f} s")
        print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before building")
        share = compare_builds(project, work, args.repeat)
        print(f"Load average after building: {os.getloadavg()[0]:.1f}")
        site = work / "site"
        print(f"Chinese bundle: {bundle_facts(site)}")
        print(f"English bundle: {bundle_facts(site / 'en')}")

        measures = measure_queries(site, args.key_delay, args.show_requests)
        return report(measures, share)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def measure_queries(site: Path, key_delay: int, show_requests: bool) -> list[Measure]:
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    server, base = serve(site, traffic)
    start_page = record_page(site)
    measures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"\nQueries from {start_page} (typing {key_delay} ms a key; Chinese committed at once):")
        print(f"  {'site':4} {'query':32} {'results':>7} {'KB sent':>8} {'KB unzipped':>11} {'requests':>8} {'ms':>6}"
              f"   then filters: {'KB':>6} {'ms':>5}")
        for lang, kind, query, typed in QUERIES:
            path = ("en/" if lang == "en" else "") + start_page
            m = measure(browser, base, path, lang, kind, query, typed, key_delay, traffic)
            measures.append(m)
            print(f"  {lang:4} {query + ' (' + kind + ')':32} {m.results:7} {m.wire / 1024:8.1f} {m.raw / 1024:11.1f} "
                  f"{m.requests:8} {m.ms:6.0f}   {'':14}{m.filter_wire / 1024:6.1f} {m.filter_ms:5.0f}")
            if show_requests:
                for path, size in m.fetched:
                    print(f"       {size / 1024:7.1f} KB  {path}")
        lang, kind, query, _ = QUERIES[0]
        cold = measure(browser, base, start_page, lang, kind, query, False, key_delay, traffic, cold=True)
        measures.append(cold)
        print(f"  {lang:4} {query + ' (committed on the click)':32} {cold.results:7} {cold.wire / 1024:8.1f} "
              f"{cold.raw / 1024:11.1f} {cold.requests:8} {cold.ms:6.0f}")
        browser.close()
    server.shutdown()
    return measures


def report(measures: list[Measure], share: float | None) -> int:
    worst_bytes = max(m.wire for m in measures)
    worst_ms = max(m.ms for m in measures)
    print(f"\nWorst: {worst_bytes / 1024:.1f} KB sent, {worst_ms:.0f} ms to results")
    verdicts = [
        ("bytes fetched by the first query", f"{worst_bytes / 1024:.1f} KB", f"<= {MAX_BYTES // 1024} KB", worst_bytes <= MAX_BYTES),
        ("keystroke to results", f"{worst_ms:.0f} ms", f"<= {MAX_MS} ms", worst_ms <= MAX_MS),
    ]
    if share is not None:
        verdicts.append(("build time the index adds", f"{share:+.0%}", f"<= +{MAX_BUILD_SHARE:.0%}", share <= MAX_BUILD_SHARE))
    for name, value, goal, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value} (goal {goal})")
    return 0 if all(ok for *_, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
