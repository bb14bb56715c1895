"""``shangliang init``: a new archive with one example record of each type, the site's
settings, the CI templates and a README, ready to validate and build.

The archive's files are in ``archive/`` beside this module; the CI templates are the ones
the generator's repository runs for itself, installing Shangliang from ``requirements.txt``
instead of from the repository's own source.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..errors import ShangliangError
from ..packaged import ci_templates

ARCHIVE = Path(__file__).resolve().parent / "archive"
RENAMED = {"gitignore": ".gitignore"}
"""Files kept under another name in the package: a wheel leaves out names with a leading dot
that its patterns do not name."""
INSTALL_FROM_SOURCE = {
    "python -m pip install --quiet .": "python -m pip install --quiet -r requirements.txt",
    "python -m pip install .": "python -m pip install -r requirements.txt",
    "cache-dependency-path: pyproject.toml": "cache-dependency-path: requirements.txt",
}
"""How the repository's CI installs Shangliang (from its source) → how an archive's does."""


def get_archive_files() -> dict[str, str]:
    """Every file of a new archive: its path in the archive (``/``-separated) → its text."""
    files = {
        RENAMED.get(path.name, path.relative_to(ARCHIVE).as_posix()): path.read_text(encoding="utf-8")
        for path in sorted(ARCHIVE.rglob("*")) if path.is_file()
    }
    for target, template in ci_templates().items():
        files[target] = _install_from_requirements(template.read_text(encoding="utf-8"))
    files["requirements.txt"] = _requirements()
    return files


def write_archive(folder: Path) -> list[Path]:
    """Write a new archive into ``folder``, which must be empty or not exist yet; returns the
    files written."""
    if folder.exists() and not folder.is_dir():
        raise ShangliangError(f"{folder}: is a file; give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ShangliangError(f"{folder}: the folder is not empty; give the name of a new or empty folder, so that nothing in it is overwritten")
    written = []
    for relative, text in get_archive_files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _install_from_requirements(text: str) -> str:
    for source, archive in INSTALL_FROM_SOURCE.items():
        text = text.replace(source, archive)
    return text


def _requirements() -> str:
    return (
        "# The Shangliang release this archive is checked and built with (CI installs it from here).\n"
        "# Where your package index does not have it, write the address of its wheel instead.\n"
        f"shangliang=={__version__}\n"
    )
