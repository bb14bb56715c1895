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
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from logging.handlers import QueueHandler, QueueListener
from multiprocessing.context import BaseContext
from typing import Any

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
    ``-v``), and a forked one's lines could break into the engine's own."""

    queue: Any
    levels: dict[str, int]

    def install(self) -> None:
        """In the worker, before it logs anything."""
        handler = QueueHandler(self.queue)
        for name, level in self.levels.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(level)
            logger.propagate = False


@contextmanager
def forwarded_logs(context: BaseContext) -> Iterator[WorkerLogs]:
    """What workers started by ``context`` while this lasts are to be given, to log
    through this process; their records are shown until it ends."""
    queue = context.Queue()
    listener = QueueListener(queue, _Relay())
    listener.start()
    try:
        yield WorkerLogs(queue, {name: logging.getLogger(name).getEffectiveLevel() for name in FORWARDED_LOGGERS})
    finally:
        listener.stop()  # shows what is still queued first
        queue.close()
        queue.join_thread()


class _Relay(logging.Handler):
    """Hands a worker's record to this process's logger of the same name."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)
