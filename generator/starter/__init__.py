"""``shangliang init``: a new archive with one example record of each type, the site's
settings, the CI templates and a README, ready to validate and build.

The archive's files are in ``archive/`` beside this module. Its CI templates there are copies
of the ones the generator's repository runs for itself, installing Shangliang from
``requirements.txt`` instead of from the repository's source (``tests/starter_ci.py`` makes
them and checks that they are up to date).
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import __version__
from ..errors import ShangliangError

ARCHIVE = Path(__file__).resolve().parent / "archive"
RENAMED = {
    "gitignore": ".gitignore",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github/workflows/pages.yml": ".github/workflows/pages.yml",
}
"""Files kept under another name in the package (their path in ``archive/`` → in the archive):
a wheel leaves out names with a leading dot that its patterns do not name."""
REQUIREMENTS_HELP = f"""\
# Where CI installs Shangliang from: write it on a line of its own, either a release on your
# package index (shangliang=={__version__}, with a line --index-url https://... above it when that
# index is not the one pip uses by default) or the address of its wheel
# (https://.../shangliang-{__version__}-py3-none-any.whl). Until then CI stops and asks for it.
# No package named shangliang is published on PyPI: shangliang==... alone, with no index of
# your own, would install whatever someone may publish there under that name, and run it in
# this archive's CI.
"""


def get_archive_files(requirement: str | None = None) -> dict[str, str]:
    """Every file of a new archive: its path in the archive (``/``-separated) → its text.
    ``requirement`` is the line of ``requirements.txt`` that says where Shangliang comes from;
    without it the file only says what to write there."""
    files = {}
    for path in sorted(ARCHIVE.rglob("*")):
        if path.is_file():
            relative = path.relative_to(ARCHIVE).as_posix()
            files[RENAMED.get(relative, relative)] = path.read_text(encoding="utf-8")
    files["requirements.txt"] = _requirements(requirement)
    return files


def write_archive(folder: Path, requirement: str | None = None) -> list[Path]:
    """Write a new archive into ``folder``, which must be empty or not exist yet; returns the
    files written. When a file cannot be written, what was written is removed again, and so
    are the folders made for it: a half-written archive would pass for a whole one."""
    files = get_archive_files(requirement)
    written: list[Path] = []
    made: list[Path] = []
    try:
        _check_new_folder(folder)
        for relative, text in files.items():
            written.append(_write(folder / relative, text, made))
        return written
    except OSError as error:
        _remove(written, made)
        raise ShangliangError(_os_error_message(folder, error)) from error


def _check_new_folder(folder: Path) -> None:
    if folder.is_symlink() and not folder.exists():
        raise ShangliangError(f"{folder}: is a link to {os.readlink(folder)}, which does not exist; give the name of a new folder")
    if folder.exists() and not folder.is_dir():
        raise ShangliangError(f"{folder}: is a file; give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ShangliangError(f"{folder}: the folder is not empty; give the name of a new or empty folder, so that nothing in it is overwritten")


def _write(path: Path, text: str, made: list[Path]) -> Path:
    """Write ``path``, adding to ``made`` the folders made for it, outermost first."""
    missing = [parent for parent in reversed(path.parents) if not parent.exists()]
    for parent in missing:
        parent.mkdir()
        made.append(parent)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _remove(written: list[Path], made: list[Path]) -> None:
    """Remove ``written`` files and then the ``made`` folders, innermost first; what cannot be
    removed stays (the error being reported says why)."""
    for path in written:
        try:
            path.unlink()
        except OSError:
            pass
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            pass


def _os_error_message(folder: Path, error: OSError) -> str:
    """What went wrong, said of the folder given, with the path the system refused when it is
    another one (a folder without write permission) or the file in the way."""
    files = [parent for parent in folder.parents if parent.is_file()]
    if isinstance(error, NotADirectoryError) and files:
        return f"{folder}: cannot write the new archive there: {files[0]} is a file, not a folder"
    refused = f" ({error.filename})" if error.filename and Path(error.filename) != folder else ""
    return f"{folder}: cannot write the new archive there: {error.strerror or error}{refused}"


def _requirements(requirement: str | None) -> str:
    if requirement is None:
        return REQUIREMENTS_HELP
    if not requirement.strip() or "\n" in requirement or "\r" in requirement:
        raise ShangliangError(f"--requirement: expected one line saying where Shangliang comes from, e.g. shangliang=={__version__} or the address of its wheel; found {requirement!r}")
    return REQUIREMENTS_HELP + requirement.strip() + "\n"
