"""Worker processes: the start method is chosen in one place, ``--jobs 1`` starts none, and
the preview watches the theme folder the configuration names."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time

import pytest

from conftest import run_cli
from shangliang.adapters import engine
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.preview import _watched_paths
from shangliang.adapters.processes import WorkerLogs, forwarded_logs, get_context, get_start_method
from shangliang.errors import BuildError


def test_the_start_method_is_the_option_then_the_environment_then_the_platform(monkeypatch):
    monkeypatch.delenv("SHANGLIANG_START_METHOD", raising=False)
    forks = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    assert get_start_method() == ("fork" if forks else "spawn")
    monkeypatch.setenv("SHANGLIANG_START_METHOD", "spawn")
    assert get_start_method() == "spawn"
    assert get_start_method("fork") == "fork"


def test_an_unknown_start_method_in_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("SHANGLIANG_START_METHOD", "forkserver")
    with pytest.raises(BuildError) as error:
        get_start_method()
    assert str(error.value) == "SHANGLIANG_START_METHOD: expected one of fork, spawn, found 'forkserver'"


def test_build_refuses_an_unknown_start_method_with_a_message(site_project):
    root = site_project()
    result = run_cli("build", "--start-method", "thread", cwd=root)
    assert result.returncode == 2
    assert "argument --start-method: invalid choice: 'thread' (choose from 'fork', 'spawn')" in result.stderr


def test_one_job_builds_every_language_in_this_process(site_project, monkeypatch):
    def no_workers(start_method):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(engine, "get_context", no_workers)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    result = build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=False)
    assert result.languages == ["zh", "en"]
    assert (root / "site" / "index.html").is_file() and (root / "site" / "en" / "index.html").is_file()
    assert multiprocessing.active_children() == []


def test_the_preview_watches_the_configured_theme_folder(site_project):
    root = site_project()
    (root / "theme").rename(root / "look")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "custom_dir: theme" in text
    config.write_text(text.replace("custom_dir: theme", "custom_dir: look"), encoding="utf-8")
    watched = _watched_paths(find_config(config))
    assert watched == [root / "content", config, root / "mkdocs.en.yml", root / "look"]


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_workers_messages_come_out_as_the_engines_do(site_project, start_method):
    """The English build runs in a worker: under -v its progress shows in the engine's
    format, whichever way the worker started (a spawned one showed nothing before)."""
    root = site_project()
    result = run_cli("build", "-v", "--no-search", "--start-method", start_method, cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    built = [line for line in lines if line.startswith("INFO - Building documentation to directory: ")]
    assert sorted(line.endswith(".site.new-en") for line in built) == [False, True], lines  # the two build side by side
    assert sum(line.startswith("INFO - Documentation built in ") for line in lines) == 2, lines


def _log_without_end(logs: WorkerLogs) -> None:
    logs.install()
    while True:
        logging.getLogger("shangliang.test").info("x" * 20_000)


def _log_and_end(logs: WorkerLogs, count: int) -> None:
    logs.install()
    for number in range(count):
        logging.getLogger("shangliang.test").info("%d %d", os.getpid(), number)


def _within(seconds: float, work) -> None:
    """Run ``work`` in a thread and fail if it has not ended in ``seconds``: a hang fails the
    test rather than stopping the suite."""
    failures = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # noqa: B036 - reported below, in the test's thread
            failures.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if failures:
        raise failures[0]


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_stopped_while_it_logs_leaves_the_relay_free(caplog, start_method):
    """A build whose content has problems stops the other languages' workers, whatever they
    are doing. One stopped in the middle of sending a record used to leave the log queue's
    lock held, and the build hung for good at its end (seen once in CI; at once here)."""
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context(start_method)

    def stop_workers_mid_record() -> None:
        for _ in range(3):
            with forwarded_logs(context) as relay:
                logs = relay.add()
                process = context.Process(target=_log_without_end, args=(logs,))
                process.start()
                relay.started(logs)
                while not any(record.name == "shangliang.test" for record in caplog.records):
                    time.sleep(0.01)
                process.terminate()
                process.join()
            caplog.clear()

    _within(60, stop_workers_mid_record)


class _Slow(logging.Handler):
    """Shows records slower than workers write them: what they wrote last is still in their
    pipes when they end."""

    def emit(self, record: logging.LogRecord) -> None:
        time.sleep(0.001)


def test_what_workers_log_before_they_end_is_all_shown_in_order(caplog):
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context()
    slow = _Slow()
    logging.getLogger("shangliang.test").addHandler(slow)

    def log_in_two_workers() -> None:
        with forwarded_logs(context) as relay:
            processes = []
            for _ in range(2):
                logs = relay.add()
                process = context.Process(target=_log_and_end, args=(logs, 1000))
                process.start()
                relay.started(logs)
                processes.append(process)
            for process in processes:
                process.join()

    try:
        _within(60, log_in_two_workers)
    finally:
        logging.getLogger("shangliang.test").removeHandler(slow)
    numbers: dict[str, list[int]] = {}
    for record in caplog.records:
        if record.name == "shangliang.test":
            worker, number = record.getMessage().split()
            numbers.setdefault(worker, []).append(int(number))
    assert list(numbers.values()) == [list(range(1000))] * 2
