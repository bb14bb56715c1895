"""How far long work has got, told as it goes: records loaded and checked, pages rendered
and written, the search index. The core only reports, through the logger ``LOGGER``; what
the command line shows of it (a live bar on a terminal, a plain line every few seconds in a
CI log, nothing with ``--quiet``) is ``adapters/progress_display.py``'s.

A report is a log record at level INFO carrying ``(stage, done, total)``, so that worker
processes' reports reach the command line the way their log messages do
(``adapters/processes.forwarded_logs``). A stage reports at most every ``EVERY`` seconds,
and once when it is done; nothing is reported when nobody listens (the level is above INFO).
"""

from __future__ import annotations

import logging
import time

LOGGER = "shangliang.progress"
EVERY = 0.2
"""Seconds between two reports of one stage."""

_log = logging.getLogger(LOGGER)


class Stage:
    """One stage of work of a known size: ``advance`` as it goes, ``finish`` at the end."""

    def __init__(self, name: str, total: int):
        self.name, self.total, self.done = name, total, 0
        self._listening = _log.isEnabledFor(logging.INFO)
        self._reported = time.monotonic()
        self._report()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._listening and time.monotonic() - self._reported >= EVERY:
            self._report()

    def finish(self) -> None:
        self.done = self.total
        self._report()

    def _report(self) -> None:
        if self._listening:
            self._reported = time.monotonic()
            _log.info("%s: %d of %d", self.name, self.done, self.total, extra={"progress": (self.name, self.done, self.total)})
