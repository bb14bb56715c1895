"""Build benchmark: ``python benchmarks/build.py [--sizes 1000 10000] [--repeat 2]``.

For each size (consultations; proposals, outcomes, platforms and units come in proportion,
one text in ten untranslated, see ``synth.py``) it

1. generates the archive as a git repository with one commit (builds read its history);
2. builds it with ``shangliang build --timings``, with the search index and without, and
   records wall time, each stage's time (load, validate, then per language render, pages,
   search), CPU time over wall time (2.0 means both cores busy all along), the peak memory
   of the whole process tree (the sum of each process's proportional set size, so pages
   shared by forked processes count once, sampled every 0.25 s) and the output's size;
3. builds the baseline (``baseline.py``): the same pages as plain Markdown files, out of
   the navigation, with MkDocs + Material and no generator, both languages side by side as
   Shangliang builds them; once without search and once with Material's built-in search,
   the like-for-like comparison for a build with a search index;
4. times ``shangliang validate``;
5. serves the archive with ``shangliang serve``, opens a consultation's page in headless
   Chromium, changes that record's title in its file, and times the change from the save
   to the reloaded page showing the new title (three edits; the slowest is reported).

``--parts-only N`` does none of this but build each size in N parts without the search index
(with it, and ``--search``: the assembly makes it, in bundles), one after another, and
assemble them: for an archive too big for one build on this machine (100,000
consultations, issue #18).

``--cache-edits N`` does none of this either but time CI jobs that build with ``--cache``:
each a fresh clone of the archive at the same path, the cache folder kept between them; the
first fills it, each of the N next follows a commit that changes one title, and its site is
compared with a build without the cache (issue #18).

Each build runs ``--repeat`` times and the fastest run counts: other work on the machine
only ever makes a build slower. It prints every figure and PASS or FAIL against the goals
of issue #6 (and the search index's share, issue #3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import write_baseline  # noqa: E402
from synth import make_project  # noqa: E402

from shangliang.render.traditional import TABLE_PATH  # noqa: E402

BIN = Path(sys.executable).parent
SHANGLIANG = [str(BIN / "shangliang")]
MKDOCS = [str(BIN / "mkdocs")]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

MAX_RATIO = 1.2
MAX_GROWTH = 11.0
MAX_MEMORY = 2.0 * 1024**3
"""Peak memory with the search index at 10,000 consultations (issue #18)."""
MAX_SECONDS = 60.0
"""A build with the search index at 10,000 consultations (issue #18)."""
MAX_OUTPUT = 500 * 1024**2
"""The built site at 10,000 consultations (issue #18: GitHub Pages' 1 GB limit, with room)."""
MAX_RELOAD = {1000: 0.5, 10_000: 1.0}
"""The live preview, save to reloaded page (issue #18)."""
MAX_VALIDATE = 10.0
MAX_SEARCH_SHARE = 0.30


# --- measuring a run ----------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    cpu: float
    """CPU seconds of every process of the run (user + system)."""
    peak_bytes: int
    output: str = ""
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def cores(self) -> float:
        return self.cpu / self.seconds if self.seconds else 0.0


class MemorySampler:
    """The largest sum of proportional set sizes (PSS) of a set of processes and all their
    descendants, sampled every ``interval`` seconds until ``stop``."""

    def __init__(self, pids: list[int], interval: float = 0.25):
        self.pids, self.interval = pids, interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pids)))
            self._stop.wait(self.interval)


def _tree(roots: list[int]) -> set[int]:
    """``roots`` and their descendants, from each thread's list of children (cheap: the
    sampler must not take CPU time from the build it measures)."""
    found: set[int] = set()
    todo = list(roots)
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.add(pid)
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                todo += [int(child) for child in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
            except OSError:
                pass
    return found


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run(commands: list[list[str]], cwd: Path) -> Run:
    """Run ``commands`` side by side; fail loudly if one fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [subprocess.Popen(c, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for c in commands]
    sampler = MemorySampler([p.pid for p in processes])
    outputs = [p.communicate()[0] for p in processes]
    seconds = time.perf_counter() - started
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for process, command, output in zip(processes, commands, outputs):
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu, peak, "\n".join(outputs))


def fastest(repeat: int, make) -> Run:
    runs = [make() for _ in range(repeat)]
    best = min(runs, key=lambda r: r.seconds)
    best.peak_bytes = max(r.peak_bytes for r in runs)
    return best


# --- the builds -----------------------------------------------------------------------------

def clear(*folders: Path) -> None:
    """Start each build from nothing, on a disk done with earlier writes: deleting a site
    and writing back the last one are not what is measured."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["sync"], check=False)


def build(project: Path, search: bool) -> Run:
    clear(project / "site")
    command = [*SHANGLIANG, "build", "--timings"] + ([] if search else ["--no-search"])
    return with_stages(run([command], project))


def with_stages(result: Run) -> Run:
    """``result`` with the stage times ``shangliang build --timings`` printed."""
    for line in result.output.splitlines():
        match = re.match(r"\s+(\w+(?: \w+)*?)\s+([\d.]+) s$", line)
        if match:
            result.stages[match[1]] = float(match[2])
    return result


def build_baseline(base: Path, search: bool) -> Run:
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        config = (base / name).read_text(encoding="utf-8")
        config = re.sub(r"^plugins:.*$", "plugins: [search]" if search else "plugins: []", config, flags=re.M)
        (base / name).write_text(config, encoding="utf-8")
    clear(*base.glob("site-*"))
    return run([[*MKDOCS, "build", "-q", "-f", name] for name in ("mkdocs.yml", "mkdocs.en.yml")], base)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- the live preview -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_reloads(project: Path, edits: int = 3) -> list[float]:
    """Seconds from saving a changed title to the open page showing it, for each edit."""
    from playwright.sync_api import sync_playwright

    record = [path for path in sorted((project / "content" / "consultations").rglob("c-*.md")) if not path.name.endswith(".en.md")][edits]
    record_id = record.name.split(".")[0]
    url_path = f"consultations/{record_id}/"
    port = free_port()
    server = subprocess.Popen([*SHANGLIANG, "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    original = record.read_text(encoding="utf-8")
    times = []
    try:
        _wait_for(f"http://127.0.0.1:{port}/{url_path}", timeout=1800)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{url_path}")
            for number in range(1, edits + 1):
                marker = f"预览测试{number}"
                text = re.sub(r"^(title:\n\s+zh: )(.*)$", lambda m: m[1] + marker + m[2], original, count=1, flags=re.M)
                assert text != original, "the record has no zh title line to change"
                time.sleep(1.0)  # the server settles after the last rebuild
                saved = time.perf_counter()
                record.write_text(text, encoding="utf-8")
                page.wait_for_function("m => document.querySelector('h1') && document.querySelector('h1').textContent.includes(m)",
                                       arg=marker, timeout=600_000, polling=20)
                times.append(time.perf_counter() - saved)
            browser.close()
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    return times


def _wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the preview did not answer at {url}")


# --- one size -------------------------------------------------------------------------------

@dataclass
class Figures:
    size: int
    records: int
    pages: int
    build: Run
    build_search: Run
    baseline: Run | None
    baseline_search: Run | None
    site_bytes: int
    site_files: int
    validate: Run
    reloads: list[float]
    traditional_gzip: int = 0
    """Bytes of the 繁體 table gzipped (benchmarks/traditional.py has the rest)."""
    parts: list[Run] = field(default_factory=list)
    """``--parts N``: each part's build, then the assembly."""
    parts_differing: list[str] = field(default_factory=list)
    """Files in which the assembled parts differ from the whole build."""


def make_repository(project: Path, size: int):
    """``synth.make_project`` of ``size`` at ``project``, as a git repository with one commit
    (builds read its history); returns its counts."""
    counts = make_project(project, size)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "archive"],
                   cwd=project, check=True)
    return counts


def measure(size: int, work: Path, repeat: int, reload_edits: int, baseline: bool = True, parts: int = 0) -> Figures:
    project = work / f"archive-{size}"
    counts = make_repository(project, size)
    print(f"\n== {size:,} consultations: {counts.records:,} records "
          f"({counts.consultations} consultations, {counts.proposals} proposals, {counts.outcomes} outcomes, "
          f"{counts.platforms} platforms, {counts.units} units)", flush=True)
    base = work / f"baseline-{size}"
    pages = write_baseline(project, base)
    if baseline:
        print(f"   baseline written: {pages:,} Markdown pages per language", flush=True)
    build_plain = fastest(repeat, lambda: build(project, search=False))
    print(f"   shangliang build --no-search: {build_plain.seconds:.1f} s", flush=True)
    build_search = fastest(repeat, lambda: build(project, search=True))
    print(f"   shangliang build: {build_search.seconds:.1f} s", flush=True)
    site_bytes, site_files = folder_size(project / "site")
    table = project / "site" / TABLE_PATH
    traditional_gzip = len(gzip.compress(table.read_bytes(), 9)) if table.is_file() else 0
    split, differing = build_parts(project, parts) if parts else ([], [])
    if split:
        print(f"   in {parts} parts: {', '.join(f'{r.seconds:.1f} s' for r in split[:-1])}, assembled in {split[-1].seconds:.1f} s; "
              f"files unlike the whole build's: {len(differing)} {differing[:5]}", flush=True)
    if baseline:
        baseline_run = fastest(repeat, lambda: build_baseline(base, search=False))
        print(f"   baseline: {baseline_run.seconds:.1f} s", flush=True)
        baseline_search = fastest(repeat, lambda: build_baseline(base, search=True))
        print(f"   baseline with Material's search: {baseline_search.seconds:.1f} s", flush=True)
    else:
        baseline_run = baseline_search = None
    subprocess.run(["sync"], check=False)
    validate = fastest(max(repeat, 3), lambda: run([[*SHANGLIANG, "validate"]], project))  # the first reads a cold disk
    print(f"   shangliang validate: {validate.seconds:.1f} s", flush=True)
    reloads = preview_reloads(project, reload_edits) if reload_edits else []
    if reloads:
        print(f"   preview reloads: {', '.join(f'{t:.2f} s' for t in reloads)}", flush=True)
    return Figures(size, counts.records, pages, build_plain, build_search, baseline_run, baseline_search,
                   site_bytes, site_files, validate, reloads, traditional_gzip, split, differing)


def build_parts(project: Path, parts: int) -> tuple[list[Run], list[str]]:
    """Build the archive in ``parts`` parts one after another (as CI jobs would side by side),
    then assemble them; each part's run, then the assembly's, and the files in which the
    assembled site differs from the whole build found in ``site/`` (Pagefind's files that
    differ between any two runs left out)."""
    whole = digests(project / "site")
    folders = [project / f"part-{number}" for number in range(1, parts + 1)]
    clear(project / "site", *folders)
    runs = [run([[*SHANGLIANG, "build", "-q", "--part", f"{number}/{parts}", "--site-dir", str(folder)]], project)
            for number, folder in enumerate(folders, 1)]
    runs.append(run([[*SHANGLIANG, "assemble", "-q", *map(str, folders), "--site-dir", "site"]], project))
    clear(*folders)
    assembled = digests(project / "site")
    return runs, sorted(name for name in whole.keys() | assembled.keys() if whole.get(name) != assembled.get(name))


def measure_in_parts_only(size: int, work: Path, parts: int, search: bool = False) -> str:
    """An archive too big for one build (``--parts-only``): built in ``parts`` parts one after
    another, without its search index unless ``search``, then assembled (with ``search``,
    the assembly makes the index, in bundles); the report's lines (each run's wall and CPU
    time and peak memory, the first two parts' stages, the site's size)."""
    project = work / f"archive-{size}"
    counts = make_repository(project, size)  # the parts take their build date from its commit
    index = "with the search index" if search else "no search index"
    print(f"\n== {size:,} consultations: {counts.records:,} records, in {parts} parts, {index}", flush=True)
    folders = [project / f"part-{number}" for number in range(1, parts + 1)]
    clear(project / "site", *folders)
    runs = []
    for number, folder in enumerate(folders, 1):
        command = [*SHANGLIANG, "build", "-q", "--timings", *([] if search else ["--no-search"]), "--part", f"{number}/{parts}",
                   "--site-dir", str(folder)]
        runs.append(with_stages(run([command], project)))
        print(f"   part {number}: {runs[-1].seconds:.1f} s", flush=True)
    assembly = run([[*SHANGLIANG, "assemble", "-q", *map(str, folders), "--site-dir", "site"]], project)
    clear(*folders)
    site_bytes, site_files = folder_size(project / "site")
    lines = [f"## {size:,} consultations = {counts.records:,} records, {parts} parts one after another, {index}"]
    for number, r in enumerate(runs, 1):
        lines.append(f"  part {number:>2}  {r.seconds:7.1f} s   CPU {r.cpu:7.1f} s   peak memory {mb(r.peak_bytes)}")
        if number <= 2:
            lines += [f"      {stage:<16} {seconds:7.2f} s" for stage, seconds in r.stages.items()]
    lines += [
        f"  assembly {assembly.seconds:7.1f} s   CPU {assembly.cpu:7.1f} s   peak memory {mb(assembly.peak_bytes)}",
        f"  in all   {sum(r.seconds for r in runs) + assembly.seconds:7.1f} s; with a CI job per part "
        f"{max(r.seconds for r in runs) + assembly.seconds:.1f} s",
        f"  output   {site_bytes / 1024**2:7.1f} MB in {site_files:,} files",
    ]
    if search:
        for lang, root in (("zh", project / "site"), ("en", project / "site" / "en")):
            bundles = json.loads((root / "search" / "bundles.json").read_text(encoding="utf-8"))
            index_bytes, _ = folder_size(root / "search")
            lines.append(f"  {lang} search {index_bytes / 1024**2:7.1f} MB in {1 + len(bundles['earlier'])} bundles: newest "
                         f"{bundles['newest']['from']}–{bundles['newest']['to']}, then "
                         + ", ".join(f"{bundle['from']}–{bundle['to']}" for bundle in bundles["earlier"]))
    return "\n".join(lines)


def measure_cached(size: int, work: Path, edits: int, search: bool) -> str:
    """A CI job's build with ``--cache`` (``--cache-edits``): each job a fresh clone of the
    archive at the same path, the cache folder kept between jobs. The first job fills the
    cache; each next one follows a commit that changes one consultation's title. Each
    rebuild's site is compared with a build of the same checkout without the cache."""
    project = work / f"archive-{size}"
    if not (project / ".git").is_dir():
        make_repository(project, size)
    checkout, cache = work / f"checkout-{size}", work / f"cache-{size}"
    index = "with the search index" if search else "no search index"
    print(f"\n== {size:,} consultations, rebuilt with --cache, {index}", flush=True)
    clear(cache)
    records = [path for path in sorted((project / "content" / "consultations").rglob("c-*.md")) if not path.name.endswith(".en.md")]
    command = [*SHANGLIANG, "build", "-q", "--timings", "--cache", str(cache), *([] if search else ["--no-search"])]
    lines = [f"## {size:,} consultations, a CI job's build with --cache ({index})"]
    for job in range(edits + 1):
        if job:
            record = records[job * 7]
            original = record.read_text(encoding="utf-8")
            text = re.sub(r"^(title:\n\s+zh: )(.*)$", lambda m: f"{m[1]}缓存测试{job}{m[2]}", original, count=1, flags=re.M)
            record.write_text(text, encoding="utf-8")
            subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-am",
                            f"title {job}"], cwd=project, check=True)
        clear(checkout)
        subprocess.run(["git", "clone", "-q", str(project), str(checkout)], check=True)
        result = with_stages(run([command], checkout))
        what = "the cache filled" if job == 0 else "one title changed"
        line = f"  job {job} ({what}) {result.seconds:7.1f} s   CPU {result.cpu:6.1f} s   peak memory {mb(result.peak_bytes)}"
        if job:
            cached = digests(checkout / "site")
            clear(checkout / "site")
            run([[*SHANGLIANG, "build", "-q", *([] if search else ["--no-search"])]], checkout)
            whole = digests(checkout / "site")
            differing = sorted(name for name in whole.keys() | cached.keys() if whole.get(name) != cached.get(name))
            line += f"   the same site as a build without the cache: {verdict(not differing)} ({len(differing)} files differ {differing[:3]})"
        print(line, flush=True)
        lines.append(line)
        if job == edits:
            lines += [f"      {stage:<16} {seconds:7.2f} s" for stage, seconds in result.stages.items()]
    cache_bytes, cache_files = folder_size(cache)
    lines.append(f"  the cache folder {cache_bytes / 1024**2:7.1f} MB in {cache_files:,} files")
    clear(checkout)
    return "\n".join(lines)


PAGEFIND_UNSTABLE = re.compile(r"(^|/)search/(earlier/[0-9]+/)?(filter/[a-z]+_[0-9a-f]+\.pf_filter|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")
"""Pagefind writes these in a different order on every run (Pagefind issue #638)."""


def digests(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): hashlib.blake2b(path.read_bytes()).digest()
            for path in site.rglob("*") if path.is_file() and not PAGEFIND_UNSTABLE.search(path.relative_to(site).as_posix())}


# --- the report ---------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(all_figures: list[Figures]) -> str:
    lines = [f"Shangliang build benchmark, {dt.date.today().isoformat()}, {machine()}", ""]
    for f in all_figures:
        b, s = f.build, f.build_search
        lines += [
            f"## {f.size:,} consultations = {f.records:,} records, {f.pages:,} pages per language, 2 languages",
            f"  build, no search index   {b.seconds:7.1f} s   peak memory {mb(b.peak_bytes)}   CPU/wall {b.cores:.2f}",
            f"  build, with search index {s.seconds:7.1f} s   peak memory {mb(s.peak_bytes)}   CPU/wall {s.cores:.2f}",
            "  stages (with search; languages run side by side):",
            *[f"    {stage:<16} {seconds:7.2f} s" for stage, seconds in s.stages.items()],
            f"  output                   {f.site_bytes / 1024**2:7.1f} MB in {f.site_files:,} files",
            f"  繁體 (converted in the browser): the table {s.stages.get('zh traditional', 0.0):.2f} s, "
            f"{s.stages.get('zh traditional', 0.0) / s.seconds:+.1%} of the build; {f.traditional_gzip / 1024:.1f} KB gzipped, "
            "fetched only by readers who pick 繁體 (switch times: benchmarks/traditional.py)",
            *(_baseline_lines(f) if f.baseline and f.baseline_search else ["  baseline: not built (--no-baseline)"]),
            f"  search index adds {s.seconds / b.seconds - 1:+.0%} to the build   "
            f"{verdict(s.seconds / b.seconds - 1 <= MAX_SEARCH_SHARE)} (goal <= +{MAX_SEARCH_SHARE:.0%}, issue #3)",
            f"  both cores used: CPU/wall {s.cores:.2f}   {verdict(s.cores >= 1.5)} (>= 1.5 on 2 cores)",
            f"  shangliang validate      {f.validate.seconds:7.1f} s   {verdict(f.validate.seconds < MAX_VALIDATE)} "
            f"(goal < {MAX_VALIDATE:.0f} s at 10,000)" if f.size >= 10_000 else
            f"  shangliang validate      {f.validate.seconds:7.1f} s",
        ]
        if f.size in MAX_RELOAD and f.reloads:
            worst, goal = max(f.reloads), MAX_RELOAD[f.size]
            lines.append(f"  live preview, save to reloaded page: worst {worst:.2f} s of {len(f.reloads)} edits   "
                         f"{verdict(worst <= goal)} (goal <= {goal} s at {f.size:,})")
        elif f.reloads:
            lines.append(f"  live preview, save to reloaded page: worst {max(f.reloads):.2f} s of {len(f.reloads)} edits")
        if f.parts:
            lines.append(f"  in {len(f.parts) - 1} parts, one after another: " + ", ".join(f"{r.seconds:.1f} s" for r in f.parts[:-1])
                         + f"; assembled in {f.parts[-1].seconds:.1f} s (peak {mb(f.parts[-1].peak_bytes)}); "
                         f"wall time with a CI job per part: {max(r.seconds for r in f.parts[:-1]) + f.parts[-1].seconds:.1f} s; "
                         f"the same site as one build: {verdict(not f.parts_differing)} ({len(f.parts_differing)} files differ)")
        if f.size == 10_000:
            lines += [
                f"  issue #18: build with search {s.seconds:.1f} s   {verdict(s.seconds <= MAX_SECONDS)} (goal <= {MAX_SECONDS:.0f} s); "
                f"peak {mb(s.peak_bytes)}   {verdict(s.peak_bytes <= MAX_MEMORY)} (goal <= {mb(MAX_MEMORY)}); "
                f"output {f.site_bytes / 1024**2:.0f} MB   {verdict(f.site_bytes <= MAX_OUTPUT)} (goal <= {MAX_OUTPUT / 1024**2:.0f} MB)",
            ]
        lines.append("")
    by_size = {f.size: f for f in all_figures}
    if 1000 in by_size and 10_000 in by_size:
        small, large = by_size[1000], by_size[10_000]
        for label, pick in (("no search", lambda f: f.build), ("with search", lambda f: f.build_search)):
            growth = pick(large).seconds / pick(small).seconds
            lines.append(f"10k/1k build time, {label}: {growth:.1f}x   {verdict(growth <= MAX_GROWTH)} (goal <= {MAX_GROWTH:.0f}x)")
    return "\n".join(lines)


def _baseline_lines(f: Figures) -> list[str]:
    b, s, base, base_search = f.build, f.build_search, f.baseline, f.baseline_search
    return [
        f"  baseline (MkDocs + Material, same pages as Markdown, no search)   {base.seconds:7.1f} s   "
        f"peak memory {mb(base.peak_bytes)}   CPU/wall {base.cores:.2f}",
        f"  baseline with Material's built-in search                          {base_search.seconds:7.1f} s   "
        f"peak memory {mb(base_search.peak_bytes)}",
        f"  ratio to baseline, no search:    {b.seconds / base.seconds:.2f}   "
        f"{verdict(b.seconds / base.seconds <= MAX_RATIO)} (goal <= {MAX_RATIO})",
        f"  ratio to baseline, with search:  {s.seconds / base_search.seconds:.2f}   "
        f"{verdict(s.seconds / base_search.seconds <= MAX_RATIO)} (goal <= {MAX_RATIO}; "
        "Pagefind index vs Material's search index)",
    ]


def mb(count: int) -> str:
    return f"{count / 1024**2:,.0f} MB"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000], help="consultations (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind; the fastest counts (default: 2)")
    parser.add_argument("--reload-edits", type=int, default=3, help="preview edits timed per size (0: skip the preview)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the archives (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the MkDocs + Material baseline builds")
    parser.add_argument("--parts", type=int, default=0, metavar="N", help="also build in N parts and assemble them (issue #18)")
    parser.add_argument("--parts-only", type=int, default=0, metavar="N",
                        help="only build in N parts, without the search index, and assemble them: for archives too big "
                             "for one build (100,000 consultations, issue #18)")
    parser.add_argument("--search", action="store_true", help="with --parts-only or --cache-edits: with the search index")
    parser.add_argument("--cache-edits", type=int, default=0, metavar="N",
                        help="only time CI jobs building with --cache: one that fills it, then N after a commit each "
                             "(issue #18)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="shangliang-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    only = (partial(measure_cached, edits=args.cache_edits, search=args.search) if args.cache_edits else
            partial(measure_in_parts_only, parts=args.parts_only, search=args.search) if args.parts_only else None)
    if only is not None:  # one kind of run, its own report
        text = "\n\n".join(only(size, work) for size in args.sizes)
        print(f"\nShangliang build benchmark, {dt.date.today().isoformat()}, {machine()}\n\n{text}")
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        return 0
    figures = [measure(size, work, args.repeat, args.reload_edits, args.baseline, args.parts) for size in args.sizes]
    text = report(figures)
    print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps([_as_dict(f) for f in figures], indent=2), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _as_dict(f: Figures) -> dict:
    def runs(r: Run) -> dict:
        return {"seconds": r.seconds, "cpu": r.cpu, "peak_bytes": r.peak_bytes, "stages": r.stages}
    return {"size": f.size, "records": f.records, "pages_per_language": f.pages, "build": runs(f.build),
            "build_search": runs(f.build_search), "baseline": f.baseline and runs(f.baseline),
            "baseline_search": f.baseline_search and runs(f.baseline_search), "parts": [runs(r) for r in f.parts],
            "site_bytes": f.site_bytes, "site_files": f.site_files, "validate": runs(f.validate), "reloads": f.reloads}


if __name__ == "__main__":
    sys.exit(main())
