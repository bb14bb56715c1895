"""Progress people can see: a live bar per stage on a terminal, a plain line every few seconds
in a CI log, nothing with --quiet; the build's worker processes report through the process
that started them."""

from __future__ import annotations

import io
import logging
import re
import time

import pytest

from conftest import run_cli
from shangliang import progress
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.progress_display import showing_progress
from shangliang.progress import Stage


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def work(seconds: float, steps: int = 20, name: str = "records read and checked") -> None:
    stage = Stage(name, steps)
    for _ in range(steps):
        time.sleep(seconds / steps)
        stage.advance()
    stage.finish()


@pytest.fixture
def every_report(monkeypatch):
    """Stages report on every step, and a log line may follow another at once."""
    monkeypatch.setattr(progress, "EVERY", 0.0)
    monkeypatch.setenv("SHANGLIANG_PROGRESS_EVERY", "0")


def test_a_log_gets_plain_lines_with_counts_and_the_time_left(every_report):
    log = io.StringIO()
    with showing_progress(False, log):
        work(0.2, steps=4)
    lines = log.getvalue().splitlines()
    assert lines[0] == "Progress: records read and checked 1 of 4 (25%), about a second left"
    assert [re.sub(r", about .*", "", line) for line in lines] == [
        f"Progress: records read and checked {n} of 4 ({25 * n}%)" for n in (1, 2, 3)
    ]
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", log.getvalue())  # no control characters in a log


def test_a_log_line_comes_only_every_few_seconds(monkeypatch):
    monkeypatch.setattr(progress, "EVERY", 0.0)
    monkeypatch.delenv("SHANGLIANG_PROGRESS_EVERY", raising=False)
    log = io.StringIO()
    with showing_progress(False, log):
        work(0.3)
    assert log.getvalue() == ""  # under five seconds of work: nothing


def test_a_terminal_gets_a_live_bar_once_a_stage_has_run_a_second(every_report):
    terminal = Terminal()
    with showing_progress(False, terminal):
        work(0.3, name="quick")
        work(1.5, name="zh: pages written")
    shown = terminal.getvalue()
    assert "quick" not in shown
    assert re.search(r"\rzh: pages written: +\d+%\|[^|]*\| \d+/20 \[", shown)
    assert "\n" not in shown.rstrip("\n")  # one line, rewritten in place, and cleared at the end


def test_quiet_shows_nothing_and_no_stage_reports(every_report):
    log = io.StringIO()
    with showing_progress(True, log):
        stage = Stage("records read and checked", 3)
        assert not stage._listening
        work(0.1, steps=3)
    assert log.getvalue() == ""


def test_the_cli_shows_progress_on_standard_error_and_quiet_hides_it(site_project, valid_records, monkeypatch):
    units = {f"content/units/unit-{n}.yml": f"id: unit-{n}\nname:\n  zh: 第{n}单位\n" for n in range(4_000)}
    root = site_project({**valid_records, **units})
    monkeypatch.setenv("SHANGLIANG_PROGRESS_EVERY", "0")
    shown = run_cli("validate", cwd=root)
    quiet = run_cli("validate", "--quiet", cwd=root)
    assert shown.stdout == quiet.stdout == "OK: 4006 records, no problems (2 platforms, 1 consultation, 1 proposal, 1 outcome, 4001 units, 0 organisations)\n"
    lines = shown.stderr.splitlines()
    assert lines and all(re.fullmatch(r"Progress: records read and checked [\d,]+ of 4,006 \(\d+%\)(, about .* left)?", line) for line in lines)
    assert quiet.stderr == ""


def test_a_builds_workers_report_their_progress_through_the_engine(site_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    reports: list[tuple[str, int, int]] = []

    class Collect(logging.Handler):
        def emit(self, record):
            reports.append(record.progress)

    logger = logging.getLogger(progress.LOGGER)
    logger.handlers[:], level = [Collect()], logger.level
    logger.setLevel(logging.INFO)
    try:
        build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=2, search=False)
    finally:
        logger.handlers[:] = []
        logger.setLevel(level)
    finished = {name for name, done, total in reports if done == total}
    assert {"records read and checked", "zh: record pages rendered", "en: record pages rendered",
            "zh: pages prepared", "zh: pages written", "en: pages prepared", "en: pages written"} <= finished
