"""How the build and the preview start their worker processes: the one place that chooses.

``fork`` (Linux) starts a worker as a copy of the engine's process, archive included, at
no cost; ``spawn`` (Windows, and macOS, where forking a process with threads is unsafe)
starts a fresh interpreter, so everything a worker needs is handed to it as arguments and
nothing is taken from module globals. The method is the ``--start-method`` option, else
the ``SHANGLIANG_START_METHOD`` environment variable, else fork where the platform offers
it and spawn elsewhere.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from logging.handlers import QueueHandler
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler

from ..errors import BuildError
from ..progress import LOGGER as PROGRESS_LOGGER

ENV_VAR = "SHANGLIANG_START_METHOD"
START_METHODS = ("fork", "spawn")
FORWARDED_LOGGERS = ("mkdocs", "shangliang", PROGRESS_LOGGER)
"""The loggers whose records a worker sends to the process that started it."""


def get_start_method(chosen: str | None = None) -> str:
    """``chosen``, else the environment's setting, else the platform's best; raises
    ``BuildError`` for a method this platform does not have."""
    method = chosen or os.environ.get(ENV_VAR) or _platform_default()
    if method not in START_METHODS:
        source = "--start-method" if chosen else ENV_VAR
        raise BuildError(f"{source}: expected one of {', '.join(START_METHODS)}, found '{method}'")
    if method not in multiprocessing.get_all_start_methods():
        source = "--start-method" if chosen else ENV_VAR
        raise BuildError(f"{source}: this platform cannot start processes with '{method}'; use spawn")
    return method


def get_context(chosen: str | None = None) -> BaseContext:
    return multiprocessing.get_context(get_start_method(chosen))


def _platform_default() -> str:
    """Fork on Linux and the other Unixes; spawn on Windows (no fork) and macOS (where
    Python itself defaults to spawn: system libraries there break in a forked child)."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"


@dataclass(frozen=True)
class WorkerLogs:
    """Where a worker sends its log records, and the levels it logs them at: the records
    travel to the process that started it and come out through that process's handlers,
    in its format. A spawned worker starts with no logging set up (MkDocs' messages would
    come out unformatted, its progress not at all, as the English build's did under
    ``-v``), and a forked one's lines could break into the engine's own. Made by
    ``LogRelay.add``."""

    connection: Connection
    """The sending end of this worker's own pipe."""
    levels: dict[str, int]

    def install(self) -> None:
        """In the worker, before it logs anything."""
        handler = _PipeHandler(self.connection)
        for name, level in self.levels.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(level)
            logger.propagate = False


class _PipeHandler(QueueHandler):
    """A worker's handler: each record, made picklable as ``QueueHandler`` makes it (its
    message formatted, its traceback as text), goes down the worker's pipe, which stands
    where ``QueueHandler`` has its queue. ``Handler``'s own lock keeps two threads' records
    apart."""

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.send(record)
        except OSError:  # the process that shows them is gone: nobody is left to tell
            pass


@contextmanager
def forwarded_logs(context: BaseContext) -> Iterator[LogRelay]:
    """A relay for the workers started by ``context`` while this lasts, to log through this
    process; their records are shown until it ends."""
    relay = LogRelay(context)
    try:
        yield relay
    finally:
        relay.stop()


STOP_WAIT = 5.0
"""Seconds ``LogRelay.stop`` goes on showing records at most: a worker still running (the
build interrupted while it waited for them) could write for ever."""
_STOP = "stop"


class LogRelay:
    """Shows in this process what its workers log. Each worker is given the sending end of
    a pipe of its own (``add``); a thread here waits on every pipe at once and hands each
    record to this process's logger of the same name.

    A pipe per worker, not one ``multiprocessing.Queue`` for all: a queue's writers share a
    lock, held while a record is written. A worker stopped while it held it (a build whose
    content has problems stops the other languages' workers; ``kill`` or a signal sent to
    every process) left it held for good, and the next record, or the end of the relay
    (which sends the queue one more), waited forever: a build hung rather than report the
    content's problems. A worker's own pipe is only its own: once the worker is gone, what
    it wrote is read and the pipe ends; once this process stops reading, the worker's next
    record finds the pipe broken and is dropped (a forked worker closes the reading ends it
    was born with, ``_close_in_child``)."""

    def __init__(self, context: BaseContext):
        self._context = context
        self.levels = {name: logging.getLogger(name).getEffectiveLevel() for name in FORWARDED_LOGGERS}
        self._readers: list[Connection] = []
        self._lock = threading.Lock()
        # tells the thread that a pipe came (None) or that it is time to stop (_STOP)
        self._wake, self._waker = context.Pipe(duplex=False)
        multiprocessing.util.register_after_fork(self, LogRelay._close_in_child)
        self._thread = threading.Thread(target=self._relay, name="shangliang-logs", daemon=True)
        self._thread.start()

    def add(self) -> WorkerLogs:
        """What a worker about to start is to be given; ``start`` starts it."""
        reader, writer = self._context.Pipe(duplex=False)
        with self._lock:
            self._readers.append(reader)
        self._waker.send(None)
        return WorkerLogs(writer, self.levels)

    def start(self, process: BaseProcess, logs: WorkerLogs, *handed: Connection) -> None:
        """Start ``process``, given ``logs`` and the connections ``handed``; then, started or
        not, close this process's copies of them: the worker has its own, so its pipes end
        when it does, and a worker forked later does not hold them open."""
        try:
            process.start()
        finally:
            for connection in [*handed, logs.connection]:
                connection.close()

    def stop(self) -> None:
        """Show what the workers have written, and stop. Called once they have ended; a
        worker still writing is read for ``STOP_WAIT`` seconds at most."""
        self._waker.send(_STOP)
        self._thread.join()
        self._waker.close()
        self._wake.close()
        for reader in self._readers:
            reader.close()

    def _close_in_child(self) -> None:
        """In a forked worker: the reading ends it inherited are not its to read, and held
        open they would keep its own pipe from breaking when this process stops reading
        (the worker would then block for good on a full pipe). Not under ``_lock``, which
        the relay's thread may have held when the worker was forked."""
        for connection in [self._wake, self._waker, *self._readers]:
            connection.close()

    def _relay(self) -> None:
        while True:
            with self._lock:
                readers = list(self._readers)
            for ready in wait([*readers, self._wake]):
                if ready is not self._wake:
                    self._show(ready)
                elif self._wake.recv() == _STOP:
                    self._show_the_rest()
                    return

    def _show(self, reader: Connection) -> None:
        """Show the next record from ``reader``; at the pipe's end (the worker is gone, maybe in
        the middle of a record), stop reading it. A record that cannot be read back, or a
        handler here that fails, costs that record only."""
        try:
            message = reader.recv_bytes()
        except (EOFError, OSError):
            with self._lock:
                self._readers.remove(reader)
            reader.close()
            return
        try:
            record = ForkingPickler.loads(message)
            logging.getLogger(record.name).handle(record)
        except Exception:  # the relay goes on: a worker whose records stop being read blocks
            pass

    def _show_the_rest(self) -> None:
        """Show every record already written (what each ended worker wrote before its end),
        for ``STOP_WAIT`` seconds at most."""
        deadline = time.monotonic() + STOP_WAIT
        while time.monotonic() < deadline:
            with self._lock:
                readers = list(self._readers)
            ready = wait(readers, timeout=0) if readers else []
            if not ready:
                return
            for reader in ready:
                self._show(reader)
