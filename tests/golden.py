"""The golden site: the sample archive's pages as they were last reviewed, in ``tests/golden/``.

Every page (record pages, index pages, statistics, static pages), feed and sitemap of both
languages that a build of ``content/`` writes is kept there byte for byte, so that a pull
request that changes what readers see shows the change as a diff of these files, and
``tests/test_golden.py`` fails until they are regenerated. After a change that is meant to
change the pages (a template, a record of the sample, an upgrade of MkDocs or Material),
regenerate them from the repository root with the one command

    .venv/bin/python tests/golden.py --update

and commit ``tests/golden/`` with the change. Left out: the search bundle (``search/``),
the theme's assets (``assets/``), attachments and the open data (``data/*.json``,
``data/*.csv``), which are binary or derived and tested on their own.

Nothing is stripped from the files. Two things that are not the sample's are pinned
instead, in the build's environment (``BUILD_ENV``): the build date
(``SOURCE_DATE_EPOCH``), and the git history, hidden (``GIT_DIR``) so that a feed entry's
``updated`` time is its record's date, as in a build outside a git work tree, rather than the
time of the last commit touching the record (which changes with every commit, including the
one that commits these files, and differs in a shallow clone). The pages carry no per-build
hash nor any path of the machine (``test_golden.py`` checks the second); the hashes in the
theme's asset names are Material's, fixed for each release.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
UPDATE_COMMAND = ".venv/bin/python tests/golden.py --update"
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1700000000", "GIT_DIR": os.devnull}
"""The build date pinned (2023-11-14 22:13:20 UTC), git history hidden."""
SUFFIXES = (".html", ".xml")
"""Pages, feeds and sitemaps."""
LEFT_OUT = frozenset({"search", "assets", "attachments"})
"""Folders of a language's site whose files are not compared (at its root, or under en/)."""
LISTED_FILES = 20
"""How many differing files a failure names."""
DIFF_FILES = 3
"""How many differing files a failure shows the diff of."""
DIFF_LINES = 40
"""How many lines of each file's diff a failure shows."""


def build_sample(site: Path, *options: str) -> subprocess.CompletedProcess:
    """Build the sample archive (``content/``) into ``site`` as the golden files were built,
    with the build's ``options`` (``--start-method spawn``)."""
    return run_pinned("build", "--site-dir", str(site), *options)


def run_pinned(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run ``shangliang ARGS`` in ``cwd`` as the golden files were built (``BUILD_ENV``)."""
    return subprocess.run(
        [sys.executable, "-m", "shangliang.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, **BUILD_ENV},
    )


def is_golden(name: str) -> bool:
    """Whether the site's file ``name`` (``en/past/index.html``) is kept in the golden site."""
    parts = name.split("/")
    folders = parts[1:-1] if parts[0] == "en" else parts[:-1]
    return name.endswith(SUFFIXES) and not (folders and folders[0] in LEFT_OUT)


def read_files(folder: Path) -> dict[str, bytes]:
    """The golden files below ``folder`` (a built site, or ``GOLDEN``), by their path in it."""
    if not folder.is_dir():
        return {}
    names = (path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return {name: (folder / name).read_bytes() for name in sorted(names) if is_golden(name)}


def find_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Names of the files missing, new or changed in ``actual``, sorted."""
    return sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))


def render_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """What a failing golden test says: every differing file, the unified diff of the first
    few, and the command that regenerates the golden files."""
    names = find_differences(expected, actual)
    lines = [f"{len(names)} file(s) differ from tests/golden/:"]
    lines += [f"  {_state(name, expected, actual)} {name}" for name in names[:LISTED_FILES]]
    lines += [f"  ... and {len(names) - LISTED_FILES} more"] if len(names) > LISTED_FILES else []
    for name in names[:DIFF_FILES]:
        diff = list(difflib.unified_diff(
            _lines(expected.get(name)), _lines(actual.get(name)),
            f"tests/golden/{name}", f"built/{name}", lineterm="",
        ))
        lines += [""] + diff[:DIFF_LINES] + ([f"... {len(diff) - DIFF_LINES} more lines"] if len(diff) > DIFF_LINES else [])
    lines += ["", f"If the change is meant, regenerate the golden files with `{UPDATE_COMMAND}` and commit tests/golden/."]
    return "\n".join(lines)


def _state(name: str, expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    return "missing" if name not in actual else "new    " if name not in expected else "changed"


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").splitlines()


def write_golden(files: dict[str, bytes]) -> None:
    """Make ``GOLDEN`` hold exactly ``files``."""
    for name in read_files(GOLDEN).keys() - files.keys():
        (GOLDEN / name).unlink()
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for folder in sorted((p for p in GOLDEN.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare the sample's build with tests/golden/, or regenerate it.")
    parser.add_argument("--update", action="store_true", help="rewrite tests/golden/ from a fresh build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        result = build_sample(site)
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        built = read_files(site)
        if args.update:
            write_golden(built)
            print(f"Wrote {len(built)} files to tests/golden/")
            return 0
        if find_differences(read_files(GOLDEN), built):
            print(render_differences(read_files(GOLDEN), built))
            return 1
        print(f"The build matches tests/golden/ ({len(built)} files)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
