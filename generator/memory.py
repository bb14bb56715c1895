"""The cycle collector's policy for a process that builds a site and then ends.

A library call leaves the collector alone: a long-lived caller (the test session, an editor's
tool) would otherwise find its permanent generation growing with every archive it loads. The
build's own processes opt in here, around the load.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(owned: bool = True) -> Iterator[None]:
    """Pause the cycle collector, then freeze what survives out of its reach: an archive
    holds no cycles to collect, yet each pass would walk all of it again, which cost 40% of
    the load time at 17,000 records. For processes that end with the build, or that call
    ``gc.unfreeze()`` before the next one (the preview): ``owned`` false (a long-lived
    caller's process) does nothing."""
    if not owned:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze_survivors()
        if enabled:
            gc.enable()


def freeze_survivors() -> None:
    """Move every object alive now out of the cycle collector's reach, for the rest of a
    process that ends with the build, or until its ``gc.unfreeze()`` (the preview): what
    outlives the step that made it (an archive, a build's rendered pages) holds no cycles
    to collect, and each pass would walk all of it again."""
    gc.freeze()


def let_go(owned: bool = True) -> None:
    """Free what the process no longer holds and hand the memory back to the system: for a
    build that has written its pages and waits for its search index, whose Pagefind needs
    memory most at the end (at 10,000 consultations each language's process fell from about
    1.1 GB to 0.5 GB). In a process that ends with the build (``owned``), what was frozen
    out of the collector's reach is collected too: MkDocs' pages and files, in cycles, were
    among it. Then the C library, which keeps freed memory for later, gives it back
    (``malloc_trim``, glibc on Linux; elsewhere nothing)."""
    if owned:
        gc.unfreeze()
        gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # a C library without it (musl)
        return
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
