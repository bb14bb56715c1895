"""The CI set-ups a new archive gets (``generator/starter/archive/github/workflows/pages.yml``
and ``generator/starter/archive/gitlab-ci.yml``): this repository's own
(``.github/workflows/pages.yml``, ``.gitlab-ci.yml``) with Shangliang installed from the
archive's ``requirements.txt`` instead of from this repository's source (``INSTALL_FROM_SOURCE``).

The copies are kept in the package, rather than the repository's files mapped into it at build
time, so that nothing outside ``generator/`` and ``theme/`` is packaged. ``test_workflows.py``
fails when a copy differs from what this module makes of the repository's file; after a change
to either CI file, regenerate them from the repository root with

    .venv/bin/python tests/starter_ci.py --update

and commit them with the change. Without ``--update`` it compares only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STARTER = REPO / "generator" / "starter" / "archive"
COPIES = {
    REPO / ".github" / "workflows" / "pages.yml": STARTER / "github" / "workflows" / "pages.yml",
    REPO / ".gitlab-ci.yml": STARTER / "gitlab-ci.yml",
}
"""The repository's CI file → its copy in the starter archive."""

CHECK_REQUIREMENTS = (
    "python -c \"import sys; lines = open('requirements.txt', encoding='utf-8').read().splitlines();"
    " any(line.strip() and not line.strip().startswith('#') for line in lines) or sys.exit("
    "'requirements.txt: write where Shangliang comes from (a release on your package index,"
    " or the address of its wheel)')\""
)
"""Stops CI while ``requirements.txt`` has no requirement, as ``shangliang init`` leaves it
unless given ``--requirement``: nothing named shangliang is installed from an index the office
did not choose. Plain Python, without ``$``, backquotes or inner double quotes, so that bash,
sh and PowerShell (GitHub's Windows runner) pass it alike."""

INSTALL_FROM_SOURCE = {
    "      - name: Install Shangliang\n        run: python -m pip install .\n": (
        "      - name: Check that requirements.txt says where Shangliang comes from\n"
        f"        run: >-\n          {CHECK_REQUIREMENTS}\n"
        "      - name: Install Shangliang\n        run: python -m pip install -r requirements.txt\n"
    ),
    "    - python -m pip install --quiet .\n": (
        f"    - >-\n      {CHECK_REQUIREMENTS}\n    - python -m pip install --quiet -r requirements.txt\n"
    ),
    "cache-dependency-path: pyproject.toml": "cache-dependency-path: requirements.txt",
}
"""How the repository's CI installs Shangliang (from its source) → how an archive's does."""


def render_archive_ci(text: str) -> str:
    """A CI file of this repository as a new archive gets it."""
    for source, archive in INSTALL_FROM_SOURCE.items():
        text = text.replace(source, archive)
    return text


def find_stale_copies() -> list[Path]:
    """The copies that differ from what their repository file makes."""
    return [
        copy for source, copy in COPIES.items()
        if not copy.is_file() or copy.read_text(encoding="utf-8") != render_archive_ci(source.read_text(encoding="utf-8"))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the copies")
    stale = find_stale_copies()
    if parser.parse_args().update:
        for source, copy in COPIES.items():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(render_archive_ci(source.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
        print(f"Updated {len(stale)} of {len(COPIES)} copies")
        return 0
    for copy in stale:
        print(f"{copy.relative_to(REPO).as_posix()}: differs from the repository's CI file", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
