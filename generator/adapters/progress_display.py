"""What the command line shows of the progress the core reports (``progress.py``).

On a terminal, a live bar per stage (tqdm), with its count and the time left, shown once a
stage has run for a second and cleared when it ends. Elsewhere (a CI log), a plain line
every few seconds, with no control characters, naming each stage under way, its count and
the time left. With ``--quiet``, neither. Either way, output goes to standard error, so that
what a command prints on standard output stays as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ..progress import LOGGER

EVERY_VARIABLE = "SHANGLIANG_PROGRESS_EVERY"
"""Seconds between two progress lines in a log (default ``EVERY``)."""
EVERY = 5.0
LIVE_AFTER = 1.0
"""A stage's bar shows on a terminal once the stage has run this long."""


class ProgressDisplay(logging.Handler):
    def __init__(self, stream: TextIO, live: bool, every: float):
        super().__init__(logging.INFO)
        self.stream, self.live, self.every = stream, live, every
        self.stages: dict[str, tuple[int, int, float, int]] = {}
        """Stage → done, total, when it was first reported, what was done then."""
        self.bars: dict[str, Any] = {}
        self.last_line = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        progress = getattr(record, "progress", None)
        if progress is None:
            return
        name, done, total = progress
        first = self.stages.get(name)
        self.stages[name] = (done, total, first[2] if first else time.monotonic(), first[3] if first else done)
        if self.live:
            self._bar(name, done, total)
        else:
            self._line()
        if done >= total:
            del self.stages[name]

    def _bar(self, name: str, done: int, total: int) -> None:
        from tqdm import tqdm  # only a terminal needs it

        bar = self.bars.get(name)
        if bar is None:
            width = shutil.get_terminal_size().columns  # a terminal that says it has no width gets 80
            bar = self.bars[name] = tqdm(total=total, desc=name, file=self.stream, delay=LIVE_AFTER, leave=False, unit="", ncols=width)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            del self.bars[name]

    def _line(self) -> None:
        now = time.monotonic()
        if now - self.last_line < self.every:
            return
        self.last_line = now
        parts = []
        for name, (done, total, started, at_start) in self.stages.items():
            if done >= total or done == 0:
                continue
            share = f" ({100 * done // total}%)" if total else ""
            rate = (done - at_start) / (now - started) if now > started else 0
            left = f", about {_duration((total - done) / rate)} left" if rate > 0 else ""
            parts.append(f"{name} {done:,} of {total:,}{share}{left}")
        if parts:
            print("Progress: " + "; ".join(parts), file=self.stream, flush=True)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()
        super().close()


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "a second"
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def progress_every() -> float:
    """The seconds between two lines in a log: ``SHANGLIANG_PROGRESS_EVERY``, else ``EVERY``."""
    try:
        return max(0.0, float(os.environ.get(EVERY_VARIABLE, EVERY)))
    except ValueError:
        return EVERY


@contextmanager
def showing_progress(quiet: bool, stream: TextIO | None = None) -> Iterator[None]:
    """Show the progress the core reports while this lasts, unless ``quiet``."""
    stream = stream or sys.stderr
    logger = logging.getLogger(LOGGER)
    if quiet:
        yield
        return
    display = ProgressDisplay(stream, live=stream.isatty(), every=progress_every())
    logger.handlers[:] = [display]
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(logging.WARNING)
        logger.handlers[:] = []
        display.close()
