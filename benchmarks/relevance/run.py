"""Relevance benchmark: ``python benchmarks/relevance/run.py [--site DIR] [--json OUT] [--only KIND] [-v]``.

Runs the judged query set (``queries.yml`` beside this file) through the site's own search
box, as a reader does, and measures how well it finds what the judges listed:

1. builds the sample archive (``content/``) once into a temporary folder with
   ``shangliang build --site-dir`` (or takes the site built in ``--site DIR``),
2. serves it on 127.0.0.1 and opens each language's home page (``/``, ``/en/``) in headless
   Chromium (Debian's, ``/usr/bin/chromium``; Playwright never downloads one here),
3. for each query types it into the header search box (``[data-sl-search]``), waits until the
   box says it is done with exactly that text, and reads the first 10 hits' links,
4. turns each link into a record id through the generator's own address scheme, and prints
   recall@10 and MRR per kind and overall, the failing queries and the queries that found
   nothing although the judges expect records.

recall@10 of a query: ``|top 10 ∩ expected| / min(|expected|, 10)``; MRR: the mean of
``1 / rank`` of the first expected record in the top 10 (0 when there is none). Queries with
``expect: []`` must find nothing: they are reported apart ("should be empty") and count in
neither figure.

Exit status 1 when recall@10 < 0.95, MRR < 0.85 or a query with a judged set found nothing
(the goals of issue #16); 0 otherwise; 2 on wrong usage or an unusable query file.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUERIES_FILE = Path(__file__).resolve().parent / "queries.yml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LANGUAGES = {"zh": "", "en": "en/"}
"""Each site language and its root below the served folder."""
KINDS = ("word", "words", "name", "name-suffix", "pinyin", "pinyin-spaced", "initials", "traditional", "english",
         "english-name", "chinese-on-en", "synonym", "outcome", "number", "platform")
"""The kinds of query the set covers (issue #16)."""
FIELDS = {"query", "lang", "kind", "expect", "note"}
TOP = 10
MIN_RECALL = 0.95
MIN_MRR = 0.85
MAX_EMPTY = 3
"""At most this many queries that must find nothing."""
WAIT_MS = 10_000

BOX = "[data-sl-search]"
INPUT = BOX + " .md-search__input"
WAIT_FOR_HITS = """async ([typed, waitMs]) => {
  const box = document.querySelector("[data-sl-search]");
  const started = performance.now();
  while (performance.now() - started < waitMs) {
    if (box.dataset.state === "done" && box.dataset.query === typed) {
      return Array.from(box.querySelectorAll(".sl-hit a"), (link) => link.href);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}"""
"""Wait until the box shows its results for ``typed`` and return its hits' links; ``null``
on a timeout. A function, not a string: the site's CSP forbids eval."""
WAIT_FOR_EMPTY = """async (waitMs) => {
  const box = document.querySelector("[data-sl-search]");
  const started = performance.now();
  while (box.querySelector(".sl-hit") && performance.now() - started < waitMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}"""
"""Wait until an emptied box shows no hits (the previous query's are gone)."""
CLEAR_WAIT_MS = 2_000


class QueryFileError(Exception):
    """The query file cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Query:
    query: str
    lang: str
    kind: str
    expect: tuple[str, ...]
    note: str
    line: int


@dataclass
class Result:
    query: str
    lang: str
    kind: str
    expect: list[str]
    got: list[str]
    recall: float | None = None
    reciprocal_rank: float | None = None
    seconds: float = 0.0
    timed_out: bool = False


@dataclass
class Figures:
    count: int
    recall: float
    mrr: float


@dataclass
class Report:
    overall: Figures
    kinds: dict[str, Figures]
    zero_results: list[str] = field(default_factory=list)
    should_be_empty: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    results: list[Result] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return (self.overall.recall >= MIN_RECALL and self.overall.mrr >= MIN_MRR and not self.zero_results
                and self.overall.count > 0)


# --- the query set ------------------------------------------------------------------------


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """The judged queries of ``path``; ``QueryFileError`` names every entry that is not one."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        entries = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise QueryFileError(f"{_shown(path)}: not YAML: {error}") from None
    if not isinstance(entries, list) or node is None:
        raise QueryFileError(f"{_shown(path)}:1: expected a list of queries")
    problems: list[str] = []
    queries = []
    for entry, entry_node in zip(entries, node.value):
        line = entry_node.start_mark.line + 1
        found = _entry_problems(entry)
        problems += [f"{_shown(path)}:{line}: {problem}" for problem in found]
        if not found:
            queries.append(Query(entry["query"], entry["lang"], entry["kind"], tuple(entry["expect"]), entry["note"],
                                 line))
    problems += [f"{_shown(path)}:{q.line}: query: {q.query!r} is asked on the {q.lang} site twice"
                 for q in _repeated(queries)]
    empty = [q for q in queries if not q.expect]
    if len(empty) > MAX_EMPTY:
        problems.append(f"{_shown(path)}: {len(empty)} queries with 'expect: []'; expected at most {MAX_EMPTY}")
    if problems:
        raise QueryFileError("\n".join(problems))
    return queries


def _repeated(queries: list[Query]) -> list[Query]:
    """Queries asked on the same site as an earlier one."""
    seen: set[tuple[str, str]] = set()
    repeated = []
    for query in queries:
        if (query.lang, query.query) in seen:
            repeated.append(query)
        seen.add((query.lang, query.query))
    return repeated


def _entry_problems(entry: object) -> list[str]:
    if not isinstance(entry, dict):
        return [f"found {type(entry).__name__}, expected a query: {{query, lang, kind, expect, note}}"]
    problems = [f"{name}: missing" for name in sorted(FIELDS - entry.keys())]
    problems += [f"{name}: unknown field; expected one of {', '.join(sorted(FIELDS))}"
                 for name in sorted(entry.keys() - FIELDS)]
    for name in ("query", "note"):
        if name in entry and not (isinstance(entry[name], str) and entry[name].strip()):
            problems.append(f"{name}: found {entry[name]!r}, expected text (quote a number: \"2023\")")
    if "lang" in entry and entry["lang"] not in LANGUAGES:
        problems.append(f"lang: found {entry['lang']!r}, expected one of {', '.join(LANGUAGES)}")
    if "kind" in entry and entry["kind"] not in KINDS:
        problems.append(f"kind: found {entry['kind']!r}, expected one of {', '.join(KINDS)}")
    expect = entry.get("expect")
    if "expect" in entry and not (isinstance(expect, list) and all(isinstance(i, str) for i in expect)):
        problems.append(f"expect: found {expect!r}, expected a list of record ids")
    elif isinstance(expect, list) and len(set(expect)) != len(expect):
        problems.append(f"expect: a record id is listed twice in {expect}")
    return problems


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def unknown_ids(queries: list[Query], record_ids: set[str], path: Path = QUERIES_FILE) -> list[str]:
    """A line for each expected id that is no record's id, naming the query's line."""
    return [f"{_shown(path)}:{q.line}: expect: '{record_id}' is not the id of a record in content/"
            for q in queries for record_id in q.expect if record_id not in record_ids]


def get_record_urls(content_dir: Path = ROOT / "content") -> dict[str, str]:
    """Each record's page url relative to a language's site root (``consultations/x/``), to its
    id, from the archive as the generator loads it."""
    from shangliang.addresses import record_url
    from shangliang.load import load_archive

    archive = load_archive(content_dir)
    return {record_url(record): record.id for record in archive.records.values()}


# --- measuring ----------------------------------------------------------------------------


def score(query: Query, got: list[str]) -> tuple[float | None, float | None]:
    """recall@10 and reciprocal rank of ``got`` for ``query``; ``None`` for a query that must find nothing."""
    if not query.expect:
        return None, None
    top = got[:TOP]
    found = len(set(top) & set(query.expect))
    rank = next((i for i, record_id in enumerate(top, 1) if record_id in query.expect), None)
    return found / min(len(query.expect), TOP), (1 / rank if rank else 0.0)


def summarise(results: list[Result], seconds: float) -> Report:
    judged = [r for r in results if r.expect]
    by_kind: dict[str, list[Result]] = defaultdict(list)
    for result in judged:
        by_kind[result.kind].append(result)
    return Report(
        overall=_figures(judged),
        kinds={kind: _figures(by_kind[kind]) for kind in KINDS if kind in by_kind},
        zero_results=[f"{r.lang} {r.query}" for r in judged if not r.got],
        should_be_empty=[{"lang": r.lang, "query": r.query, "got": r.got} for r in results if not r.expect],
        seconds=seconds,
        results=results,
    )


def _figures(results: list[Result]) -> Figures:
    if not results:
        return Figures(0, 0.0, 0.0)
    return Figures(len(results), sum(r.recall for r in results) / len(results),
                   sum(r.reciprocal_rank for r in results) / len(results))


def record_id_of(href: str, base: str, lang: str, record_urls: dict[str, str]) -> str:
    """The record id of a hit's link, or the page's path (``/about/``) when it is no record's page."""
    path = unquote(urlsplit(href).path)
    prefix = urlsplit(base).path + LANGUAGES[lang]
    if path.startswith(prefix):
        relative = path[len(prefix):]
        relative = relative.removesuffix("index.html")
        if relative in record_urls:
            return record_urls[relative]
    return path


def run_queries(site: Path, queries: list[Query], record_urls: dict[str, str]) -> list[Result]:
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    results: list[Result] = []
    with serve(site) as base, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            raise SystemExit(f"Error: cannot start Chromium ({CHROMIUM}): {error.message.splitlines()[0]}") from None
        pages = {}
        for query in queries:
            page = pages.get(query.lang)
            if page is None:
                page = pages[query.lang] = browser.new_page()
                page.goto(base + LANGUAGES[query.lang], wait_until="load")
            results.append(_ask(page, query, base, record_urls))
        browser.close()
    return results


def _ask(page, query: Query, base: str, record_urls: dict[str, str]) -> Result:
    box = page.locator(INPUT)
    box.focus()
    box.fill("")
    page.evaluate(WAIT_FOR_EMPTY, CLEAR_WAIT_MS)
    started = time.perf_counter()
    box.fill(query.query)
    hrefs = page.evaluate(WAIT_FOR_HITS, [query.query, WAIT_MS])
    seconds = time.perf_counter() - started
    got = [record_id_of(href, base, query.lang, record_urls) for href in hrefs or []][:TOP]
    recall, reciprocal_rank = score(query, got)
    return Result(query.query, query.lang, query.kind, list(query.expect), got, recall, reciprocal_rank, seconds,
                  hrefs is None)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free port of 127.0.0.1; yields the base address."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def build_sample(site: Path) -> None:
    shangliang = Path(sys.executable).with_name("shangliang")
    command = [str(shangliang) if shangliang.exists() else "shangliang", "build", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"Error: shangliang build failed (exit status {done.returncode}):\n{done.stdout}{done.stderr}")


# --- printing -----------------------------------------------------------------------------


def print_report(report: Report, verbose: bool) -> None:
    for result in report.results:
        failed = result.expect and (result.recall < 1 or result.reciprocal_rank < 1)
        wrong_empty = not result.expect and result.got
        if verbose or failed or wrong_empty:
            mark = "ok  " if not (failed or wrong_empty) else "FAIL"
            figures = "" if not result.expect else f"  recall {result.recall:.2f}  rr {result.reciprocal_rank:.2f}"
            print(f"{mark} [{result.lang}] {result.kind}: {result.query}{figures}"
                  f"{'  (timed out)' if result.timed_out else ''}")
            print(f"       expected: {', '.join(result.expect) or '(nothing)'}")
            print(f"       got:      {', '.join(result.got) or '(nothing)'}")
    print()
    print(f"{'kind':<15} {'count':>5} {'recall@10':>10} {'MRR':>6}")
    for kind, figures in report.kinds.items():
        print(f"{kind:<15} {figures.count:>5} {figures.recall:>10.3f} {figures.mrr:>6.3f}")
    overall = report.overall
    print(f"{'overall':<15} {overall.count:>5} {overall.recall:>10.3f} {overall.mrr:>6.3f}"
          f"   (goals: recall@10 >= {MIN_RECALL}, MRR >= {MIN_MRR})")
    print()
    print(f"Zero results although records are expected ({len(report.zero_results)}): "
          f"{'; '.join(report.zero_results) or 'none'}")
    for entry in report.should_be_empty:
        verdict = "ok, nothing found" if not entry["got"] else "found " + ", ".join(entry["got"])
        print(f"Should be empty: [{entry['lang']}] {entry['query']}: {verdict}")
    print(f"{len(report.results)} queries in {report.seconds:.1f} s: {'PASS' if report.passed else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built from content/ (default: build one)")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, metavar="FILE",
                        help="another judged query set in the same form (default: queries.yml beside this script)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures and every query's result here")
    parser.add_argument("--only", choices=KINDS, metavar="KIND", help=f"run one kind of query: {', '.join(KINDS)}")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query, not only the failures")
    args = parser.parse_args(argv)
    try:
        queries = load_queries(args.queries)
    except QueryFileError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    if args.only:
        queries = [q for q in queries if q.kind == args.only]
    if args.site and not (args.site / "index.html").is_file():
        print(f"Error: --site {args.site}: no index.html there; expected a folder built by shangliang build",
              file=sys.stderr)
        return 2
    record_urls = get_record_urls()
    unknown = unknown_ids(queries, set(record_urls.values()), args.queries)
    if unknown:
        print("Error: " + "\n".join(unknown), file=sys.stderr)
        return 2
    work = None if args.site else Path(tempfile.mkdtemp(prefix="shangliang-relevance-"))
    try:
        site = args.site
        if site is None:
            site = work / "site"
            build_sample(site)
        started = time.perf_counter()
        results = run_queries(site, queries, record_urls)
        report = summarise(results, time.perf_counter() - started)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    print_report(report, args.verbose)
    if args.json:
        args.json.write_text(json.dumps(asdict(report) | {"passed": report.passed}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
