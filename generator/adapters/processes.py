"""How the build and the preview start their worker processes: the one place that chooses.

``fork`` (Linux) starts a worker as a copy of the engine's process, archive included, at
no cost; ``spawn`` (Windows, and macOS, where forking a process with threads is unsafe)
starts a fresh interpreter, so everything a worker needs is handed to it as arguments and
nothing is taken from module globals. The method is the ``--start-method`` option, else
the ``SHANGLIANG_START_METHOD`` environment variable, else fork where the platform offers
it and spawn elsewhere.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from multiprocessing.context import BaseContext

from ..errors import BuildError

ENV_VAR = "SHANGLIANG_START_METHOD"
START_METHODS = ("fork", "spawn")


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
