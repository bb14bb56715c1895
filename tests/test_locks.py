"""Folders owned by a running process (``adapters.locks``): what a sweep deletes and what it
leaves, with owners in processes of their own, as the previews and builds are."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shangliang.adapters import locks
from shangliang.adapters.locks import LOCK_FILE, READY_FILE, UNFINISHED_AGE, OwnedFolder, remove_orphans
from shangliang.adapters.preview import SERVED_PREFIX, sweep_served_folders

PREFIX = "owned-"

OWN_A_FOLDER = """
import sys
from pathlib import Path
from shangliang.adapters import locks
if sys.argv[2] == "stop-before-locking":  # the moment between making the lock file and locking it
    def stop(file):
        print(Path(file.name).parent, flush=True)
        sys.stdin.read()
        return True
    locks.try_lock = stop
owned = locks.OwnedFolder(Path(sys.argv[1]), "owned-")  # held: its lock goes with it
print(owned.path, flush=True)
sys.stdin.read()
"""
"""An owner in another process: it makes its folder, says where, and lives until told."""


def start_owner(parent: Path, how: str = "") -> tuple[subprocess.Popen, Path]:
    owner = subprocess.Popen([sys.executable, "-c", OWN_A_FOLDER, str(parent), how], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return owner, Path(owner.stdout.readline().strip())


def stop(*owners: subprocess.Popen) -> None:
    for owner in owners:
        owner.kill()
        owner.wait()


def test_a_folder_being_made_is_not_swept_until_a_day_after_its_owner_was_killed(tmp_path):
    owner, folder = start_owner(tmp_path, "stop-before-locking")
    try:
        assert (folder / LOCK_FILE).is_file() and not (folder / READY_FILE).exists()
        assert remove_orphans(tmp_path, PREFIX) == [] and folder.is_dir()
    finally:
        stop(owner)
    assert remove_orphans(tmp_path, PREFIX) == [] and folder.is_dir()  # killed a moment ago
    long_ago = time.time() - UNFINISHED_AGE - 60
    os.utime(folder, (long_ago, long_ago))
    assert remove_orphans(tmp_path, PREFIX) == [folder] and list(tmp_path.iterdir()) == []


def test_a_killed_owners_folder_is_swept_and_a_living_ones_kept(tmp_path):
    living, living_folder = start_owner(tmp_path)
    killed, killed_folder = start_owner(tmp_path)
    (killed_folder / "site").mkdir()
    (killed_folder / "site" / "index.html").write_text("left behind")
    stop(killed)  # no clean-up of its own
    ours = OwnedFolder(tmp_path, PREFIX)
    try:
        assert remove_orphans(tmp_path, PREFIX) == [killed_folder]
        assert living_folder.is_dir() and ours.path.is_dir()
        living.stdin.close()  # it ends without deleting its folder
        living.wait()
        assert remove_orphans(tmp_path, PREFIX) == [living_folder]
        assert ours.remove() and list(tmp_path.iterdir()) == []
    finally:
        stop(living, killed)


@pytest.fixture
def undeletable(monkeypatch):
    """``undeletable(path)``: deleting a file named as ``path`` fails from now on, as on
    Windows while another process has it open (``shutil.rmtree`` deletes by name in an open
    folder, so only the name is compared)."""
    real_unlink = os.unlink
    kept = set()

    def unlink(path, *args, **kwargs):
        if os.path.basename(path) in kept:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    return lambda path: kept.add(os.path.basename(path))


def test_a_sweep_that_cannot_delete_a_folder_does_not_raise_and_tries_again_later(tmp_path, undeletable, monkeypatch):
    killed, folder = start_owner(tmp_path)
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text("held open by a worker still exiting")
    stop(killed)
    for path in (folder / "site" / "index.html", folder / LOCK_FILE, folder / READY_FILE):
        undeletable(path)
    assert remove_orphans(tmp_path, PREFIX) == []  # nothing was deleted: nothing is said to be
    assert (folder / READY_FILE).is_file() and (folder / LOCK_FILE).is_file()
    monkeypatch.undo()
    assert remove_orphans(tmp_path, PREFIX) == [folder] and not folder.exists()


def test_a_preview_sweep_that_cannot_delete_a_lock_file_does_not_raise(tmp_path, undeletable):
    killed, folder = start_owner(tmp_path)
    stop(killed)
    served = folder.rename(tmp_path / f"{SERVED_PREFIX}killed")
    undeletable(served / LOCK_FILE), undeletable(served / READY_FILE)
    assert sweep_served_folders(tmp_path) == [] and (served / LOCK_FILE).is_file()


def test_an_owner_that_cannot_delete_its_folder_leaves_it_marked_for_a_later_sweep(tmp_path, undeletable, monkeypatch):
    ours = OwnedFolder(tmp_path, PREFIX)
    (ours.path / "site").mkdir()
    undeletable(ours.path / "site" / "worker.log")
    (ours.path / "site" / "worker.log").write_text("still open")
    assert not ours.remove()
    assert (ours.path / READY_FILE).is_file() and (ours.path / LOCK_FILE).is_file()
    monkeypatch.undo()
    assert remove_orphans(tmp_path, PREFIX) == [ours.path] and list(tmp_path.iterdir()) == []


def test_each_owner_makes_a_new_folder_and_holds_its_lock(tmp_path):
    first, second = OwnedFolder(tmp_path, PREFIX), OwnedFolder(tmp_path, PREFIX)
    try:
        assert first.path != second.path
        with open(first.path / LOCK_FILE, "r+b") as lock:
            assert not locks.try_lock(lock)
    finally:
        first.remove(), second.remove()
    assert list(tmp_path.iterdir()) == []
