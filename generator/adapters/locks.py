"""Folders owned by a running process: the preview's served folders and the search index's
work folders, which a process killed before it could delete them leaves behind, and which
the next preview or build deletes (``remove_orphans``).

An owned folder ``<prefix><random>`` holds ``LOCK_FILE``, locked by its owner while it
lives (``flock`` on POSIX, ``msvcrt.locking`` on Windows; the system lets go of the lock
when the process ends, however it ends: a process id would not do, ids are reused), and
``READY_FILE``, written only once the owner holds the lock. A folder is an orphan when it
is ready and its lock is free. A folder without the marker is being made (or removed) and
is left alone, unless it is older than ``UNFINISHED_AGE``.

The owner makes its folder itself, under a new random name (``tempfile.mkdtemp``): no
folder, and no lock file, is ever handed from one owner to another, so a sweeper that has
taken a lock only ever deletes a folder whose owner is gone. Deleting never raises: a
sweep must not fail a build or a preview, and what could not be deleted (on Windows, a
file still open in a process that is exiting) keeps its lock file and marker, so that a
later sweep tries again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

LOCK_FILE = ".lock"
"""The file in an owned folder that its owner holds locked while it lives."""
READY_FILE = ".ready"
"""The marker written once the owner holds the lock: before it, the lock is free though the
owner lives."""
UNFINISHED_AGE = 24 * 3600
"""Seconds after which a folder without the marker whose lock is free is taken for an
orphan too: its owner was killed in the moment between making the folder and marking it
(or between unmarking and deleting it), or it is a work folder of a version without
markers. Making a folder takes milliseconds, so a day leaves room for clocks set back."""


class OwnedFolder:
    """A new folder ``<prefix><random>`` in ``parent``, owned by this process until
    ``remove``. Raises ``OSError``."""

    def __init__(self, parent: Path, prefix: str):
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        self._lock: BinaryIO | None = None
        try:
            self._lock = open(self.path / LOCK_FILE, "wb")
            # no sweeper opens the lock of a folder without the marker, so it is free
            if not try_lock(self._lock):
                raise OSError(f"could not lock {self.path / LOCK_FILE}")
            (self.path / READY_FILE).touch()
        except BaseException:
            self.remove()
            raise

    def remove(self) -> bool:
        """Let go of the folder and delete it; false if some of it is left (swept later)."""
        lock, self._lock = self._lock, None
        if lock is None:  # not ours (any more), or made before the lock: unmarked
            return _remove_unmarked(self.path)
        return _remove_locked(self.path, lock)


def remove_orphans(parent: Path, prefix: str) -> list[Path]:
    """Delete the folders ``<prefix>*`` in ``parent`` whose owner is gone; returns those
    that are gone now. Never raises."""
    removed = []
    for path in sorted(parent.glob(f"{prefix}*")):
        lock = _orphans_lock(path)
        if lock is not None and _remove_locked(path, lock):
            removed.append(path)
    return removed


def _orphans_lock(path: Path) -> BinaryIO | None:
    """The lock of ``path``, taken, if it is an orphan's."""
    try:
        if not path.is_dir() or path.is_symlink():
            return None
        if not (path / READY_FILE).exists() and time.time() - path.stat().st_mtime < UNFINISHED_AGE:
            return None  # being made, or being removed by its owner
        lock = open(path / LOCK_FILE, "r+b")
    except OSError:
        return None
    if try_lock(lock):
        return lock
    lock.close()  # its owner lives
    return None


def _remove_locked(path: Path, lock: BinaryIO) -> bool:
    """Delete the folder whose lock ``lock`` holds: its content first, then, once that is
    gone, the marker, the lock and the folder. ``lock`` is closed."""
    try:
        if not _remove_content(path):
            return False  # marked, with its lock free once closed: a later sweep tries again
        _unlink(path / READY_FILE)
    finally:
        release(lock)
    return _remove_unmarked(path)


def _remove_content(path: Path) -> bool:
    """Delete what ``path`` holds besides the lock file and the marker; false if some is left."""
    try:
        entries = [entry for entry in path.iterdir() if entry.name not in (LOCK_FILE, READY_FILE)]
    except OSError:
        return not path.exists()
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            _unlink(entry)
    return not any(entry.exists() or entry.is_symlink() for entry in entries)


def _remove_unmarked(path: Path) -> bool:
    """Delete a folder that has no marker (any more): nobody else touches it for a day."""
    shutil.rmtree(path, ignore_errors=True)
    return not path.exists()


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # on Windows: open in another process
        pass


def try_lock(file: BinaryIO) -> bool:
    """Take ``file``'s lock (its first byte on Windows, the whole file elsewhere) unless
    another open file holds it; ``file`` must be open for writing. The lock goes when
    ``file`` is closed, or its process ends however it ends."""
    try:
        if os.name == "nt":
            import msvcrt

            file.seek(0)
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def release(lock: BinaryIO) -> None:
    """Let go of a lock ``try_lock`` took and close its file. Windows releases a closed
    file's locks only when it gets to it, so they are released first."""
    try:
        if os.name == "nt":
            import msvcrt

            lock.seek(0)
            msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)
    except OSError:
        pass
    finally:
        try:
            lock.close()
        except OSError:
            pass
