"""繁體 benchmark: ``python benchmarks/traditional.py [--sizes 1000 10000]``.

What reading the Chinese pages in Traditional characters costs, converted in the reader's
browser (generator/render/traditional.py, theme/assets/javascripts/shangliang-hant.js),
and what building them as a third rendition would cost instead. For each size it

1. generates the archive (``synth.py``) as a git repository and builds it with
   ``shangliang build --no-search --timings`` (the table does not depend on the search
   index); the fastest of ``--repeat`` builds counts;
2. reports the ``zh traditional`` stage (making the table) and its share of the build,
   and the table: phrases, bytes, bytes gzipped (issue #13: at most 300 KB);
3. estimates a built rendition: it would repeat the Chinese site's ``render`` and ``pages``
   stages, plus converting every page's text (timed on ``--sample`` pages and scaled), in
   a third process beside the two languages; on two cores that work is shared by both, so
   the build grows by half of it (issue #13: at most +25%);
4. serves the site (gzip, no caching, as ``search.py`` does) and, in headless Chromium,
   opens a consultation page in a fresh browser (empty storage), picks 繁體中文 and reads
   the ``sl-hant-switch`` measure (fetching the table, reading it, converting the page;
   issue #13: under 300 ms), then opens another consultation and reads ``sl-hant-load``
   (the table from storage, converting as the page loads), ``--switches`` times.

Stage times are wall times: other work on the machine makes them longer, never shorter.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import CHROMIUM, build, fastest  # noqa: E402
from search import Traffic, serve  # noqa: E402
from synth import make_project  # noqa: E402

from shangliang.render.traditional import TABLE_PATH, Dictionary, convert, get_texts, read_table  # noqa: E402

MAX_TABLE = 300 * 1024
MAX_SWITCH_MS = 300
MAX_BUILT_SHARE = 0.25


@dataclass
class Figures:
    size: int
    records: int
    build_seconds: float
    stages: dict[str, float]
    phrases: int
    table_bytes: int
    table_gzip: int
    convert_seconds: float
    """Converting the text of every Chinese page in Python, scaled from a sample."""
    switches: list[float]
    loads: list[float]

    @property
    def table_share(self) -> float:
        return self.stages.get("zh traditional", 0.0) / self.build_seconds

    @property
    def built_share(self) -> float:
        """A third rendition's work, shared by the cores with the two languages' (each a
        process of its own, all three busy to the end)."""
        repeated = self.stages.get("zh render", 0.0) + self.stages.get("zh pages", 0.0)
        cores = min(os.cpu_count() or 1, 3)
        return (repeated + self.convert_seconds) / cores / self.build_seconds


def measure(size: int, work: Path, repeat: int, sample: int, switches: int) -> Figures:
    project = work / f"archive-{size}"
    counts = make_project(project, size)
    for command in (["git", "init", "-q"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "archive"]):
        subprocess.run(command, cwd=project, check=True)
    print(f"\n== {size:,} consultations: {counts.records:,} records", flush=True)
    run = fastest(repeat, lambda: build(project, search=False))
    print(f"   shangliang build --no-search: {run.seconds:.1f} s", flush=True)
    site = project / "site"
    path = site / TABLE_PATH
    content = path.read_bytes()
    table = read_table(content)
    seconds = conversion_seconds(site, table, sample)
    print(f"   converting the Chinese pages' text in Python: {seconds:.1f} s (from {sample} pages)", flush=True)
    switch_times, load_times = switch_in_browser(site, switches)
    print(f"   switches: {', '.join(f'{t:.0f} ms' for t in switch_times)}", flush=True)
    return Figures(size, counts.records, run.seconds, run.stages, len(table.phrases), len(content),
                   len(gzip.compress(content, 9)), seconds, switch_times, load_times)


def chinese_pages(site: Path) -> list[Path]:
    return [path for path in site.rglob("index.html") if path.relative_to(site).parts[0] not in ("en", "search")]


def conversion_seconds(site: Path, table: Dictionary, sample: int) -> float:
    """Seconds to convert the text of every Chinese page, scaled from ``sample`` of them."""
    pages = chinese_pages(site)
    chosen = random.Random(1).sample(pages, min(sample, len(pages)))
    texts = [list(get_texts(path.read_text(encoding="utf-8"))) for path in chosen]
    started = time.perf_counter()
    for page in texts:
        for text in page:
            convert(text, table)
    return (time.perf_counter() - started) * len(pages) / len(chosen)


def switch_in_browser(site: Path, switches: int) -> tuple[list[float], list[float]]:
    """Milliseconds of each switch to 繁體 on a consultation page, and of each conversion
    of the next page as it loads, each in a fresh browser context."""
    from playwright.sync_api import sync_playwright

    records = sorted(path.parent.name for path in (site / "consultations").glob("*/index.html"))
    server, base = serve(site, Traffic())
    switch_times, load_times = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for number in range(switches):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(f"{base}consultations/{records[number]}/", wait_until="networkidle")
                page.locator(".md-header__option .md-select").hover()
                page.locator("a[data-sl-script=hant]").click()
                switch_times.append(_measure(page, "sl-hant-switch"))
                page.goto(f"{base}consultations/{records[-1 - number]}/")
                load_times.append(_measure(page, "sl-hant-load"))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return switch_times, load_times


def _measure(page, name: str) -> float:
    page.wait_for_function("name => performance.getEntriesByName(name).length > 0", arg=name, timeout=30_000)
    return page.evaluate("name => performance.getEntriesByName(name)[0].duration", name)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(figures: list[Figures]) -> str:
    lines = ["繁體 (Traditional characters) benchmark", ""]
    for f in figures:
        render, pages = f.stages.get("zh render", 0.0), f.stages.get("zh pages", 0.0)
        lines += [
            f"## {f.size:,} consultations = {f.records:,} records",
            f"  build, no search index    {f.build_seconds:7.1f} s",
            f"  the table (zh traditional) {f.stages.get('zh traditional', 0.0):6.2f} s   {f.table_share:+.1%} of the build",
            f"  table: {f.phrases:,} phrases + every character, {f.table_bytes / 1024:.1f} KB, "
            f"{f.table_gzip / 1024:.1f} KB gzipped   {verdict(f.table_gzip <= MAX_TABLE)} (goal <= 300 KB, fetched "
            "only when a reader picks 繁體)",
            f"  switch on a consultation page: median {statistics.median(f.switches):.0f} ms, worst {max(f.switches):.0f} ms "
            f"of {len(f.switches)}   {verdict(max(f.switches) < MAX_SWITCH_MS)} (goal < {MAX_SWITCH_MS} ms)",
            f"  next page converted as it loads: median {statistics.median(f.loads):.0f} ms, worst {max(f.loads):.0f} ms",
            f"  a built rendition instead: the Chinese render + pages stages again ({render:.1f} + {pages:.1f} s) "
            f"and converting its pages ({f.convert_seconds:.1f} s) on {min(os.cpu_count() or 1, 3)} cores: about {f.built_share:+.0%} of the build   "
            f"{verdict(f.built_share <= MAX_BUILT_SHARE)} (goal <= +{MAX_BUILT_SHARE:.0%})",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000], help="consultations (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest counts (default: 1)")
    parser.add_argument("--sample", type=int, default=300, help="pages converted in Python to time a built rendition")
    parser.add_argument("--switches", type=int, default=5, help="switches timed in the browser per size")
    parser.add_argument("--work", type=Path, default=None, help="folder for the archives (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="shangliang-hant-"))
    work.mkdir(parents=True, exist_ok=True)
    figures = [measure(size, work, args.repeat, args.sample, args.switches) for size in args.sizes]
    print("\n" + report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
