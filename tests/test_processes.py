"""Worker processes: the start method is chosen in one place, ``--jobs 1`` starts none, and
the preview watches the theme folder the configuration names."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
from contextlib import contextmanager

import pytest

from conftest import run_cli
from shangliang.adapters import engine
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.preview import _watched_paths
from shangliang.adapters.processes import STOP_WAIT, WorkerLogs, forwarded_logs, get_context, get_start_method
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


def _log_without_end(logs: WorkerLogs, size: int = 20_000) -> None:
    """Log records of ``size`` characters for ever: large ones are written in two parts,
    small ones fill every place of a pipe (one each)."""
    logs.install()
    while True:
        logging.getLogger("shangliang.test").info("x" * size)


def _log_and_end(logs: WorkerLogs, count: int) -> None:
    logs.install()
    for number in range(count):
        logging.getLogger("shangliang.test").info("%d %d", os.getpid(), number)


def _log_after(logs: WorkerLogs, go, count: int) -> None:
    """Wait for ``go``, then log ``count`` records of 10 KB: more than a pipe holds."""
    logs.install()
    go.wait()
    for _ in range(count):
        logging.getLogger("shangliang.test").info("x" * 10_000)


def _within(seconds: float, work) -> None:
    """Run ``work`` in a thread and fail if it has not ended in ``seconds``: a hang fails the
    test rather than stopping the suite (the test's workers are daemons, ended with it)."""
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


def _start(relay, context, target, *args):
    """A daemon worker started with ``relay``'s logs."""
    logs = relay.add()
    process = context.Process(target=target, args=(logs, *args), daemon=True)
    relay.start(process, logs)
    return process


@contextmanager
def _worker(relay, context, target, *args):
    """``_start``, and the worker stopped at the end if still running."""
    process = _start(relay, context, target, *args)
    try:
        yield process
    finally:
        process.kill()
        process.join()


class _Slow(logging.Handler):
    """Shows records slower than workers write them: what they wrote last is still in their
    pipes when they end. Slow only in the process that made it (a forked worker has it too)."""

    def __init__(self) -> None:
        super().__init__()
        self.pid = os.getpid()

    def emit(self, record: logging.LogRecord) -> None:
        if os.getpid() == self.pid:
            time.sleep(0.001)


@contextmanager
def _slow_records():
    slow = _Slow()
    logging.getLogger("shangliang.test").addHandler(slow)
    try:
        yield
    finally:
        logging.getLogger("shangliang.test").removeHandler(slow)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_stopped_while_it_logs_leaves_the_relay_free(caplog, start_method):
    """A build whose content has problems stops the other languages' workers, whatever they
    are doing. One stopped in the middle of sending a record used to leave the log queue's
    lock held, and the build hung for good at its end (seen once in CI; at once here)."""
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context(start_method)

    def stop_workers_mid_record() -> None:
        for _ in range(3):
            with forwarded_logs(context) as relay, _worker(relay, context, _log_without_end) as process:
                while not any(record.name == "shangliang.test" for record in caplog.records):
                    time.sleep(0.01)
                process.terminate()
                process.join()
            caplog.clear()

    _within(60, stop_workers_mid_record)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_what_workers_log_before_they_end_is_all_shown_in_order(caplog, start_method):
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context(start_method)

    def log_in_two_workers() -> None:
        with forwarded_logs(context) as relay:
            with _worker(relay, context, _log_and_end, 1000) as first, _worker(relay, context, _log_and_end, 1000) as second:
                first.join()
                second.join()

    with _slow_records():
        _within(60, log_in_two_workers)
    numbers: dict[str, list[int]] = {}
    for record in caplog.records:
        if record.name == "shangliang.test":
            worker, number = record.getMessage().split()
            numbers.setdefault(worker, []).append(int(number))
    assert list(numbers.values()) == [list(range(1000))] * 2


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_worker_that_logs_after_the_relay_stopped_goes_on(caplog, start_method):
    """Its records are dropped; it does not wait for ever on a full pipe (a forked worker
    held the reading ends it was born with, so its pipe never broke)."""
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context(start_method)
    go = context.Event()

    def log_after_the_end() -> None:
        with forwarded_logs(context) as relay:
            process = _start(relay, context, _log_after, go, 100)
        try:
            go.set()
            process.join(20)
            assert process.exitcode == 0, "the worker is still sending"
        finally:
            process.kill()
            process.join()

    _within(60, log_after_the_end)


def test_the_relay_stops_though_a_worker_still_logs(caplog):
    """A build interrupted while it waited for its workers stops the relay with them still
    running: it shows what it can for ``STOP_WAIT`` seconds, then stops."""
    caplog.set_level(logging.INFO, logger="shangliang")
    context = get_context()

    def stop_while_it_logs() -> None:
        process = None
        try:
            with forwarded_logs(context) as relay:
                process = _start(relay, context, _log_without_end, 10)  # the pipe never runs dry
                while not any(record.name == "shangliang.test" for record in caplog.records):
                    time.sleep(0.01)
        finally:  # the relay has stopped with the worker running
            if process is not None:
                process.kill()
                process.join()

    with _slow_records():
        _within(STOP_WAIT + 20, stop_while_it_logs)
