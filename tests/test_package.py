"""The built wheel, installed outside this repository, starts an archive and builds its site
with the full theme: what an archive office that installs a Shangliang release gets.

One test, and a slow one (about 20 s: the wheel, a virtualenv, ``init``, a build of both
languages). The virtualenv borrows the dependencies already installed for the tests (a
``.pth`` line naming their folder, read after its own), so nothing is downloaded but what
``pip wheel`` needs to build (setuptools, from the package index or pip's cache); Shangliang
itself comes only from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import yaml

from conftest import REPO

THEME = REPO / "theme"
PACKAGED = {"shangliang": REPO / "generator", "shangliang/theme": THEME}
"""Where each folder of the installed package comes from in the repository."""
LEFT_OUT = (".git", ".venv", "build", "site", "site.*", "*.egg-info", "__pycache__", "tests")
"""What a fresh checkout does not have, and the tests, which the wheel does not carry."""
RECORD_PAGES = [
    "consultations/example-2024-consultation/index.html",
    "platforms/example-platform/index.html",
    "proposals/example-2024-proposal/index.html",
    "outcomes/example-2024-outcome/index.html",
    "units/example-unit/index.html",
    "organisations/example-organisation/index.html",
]


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH and the like would let the repository's copy in; the wheel's must be the one.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def repository_files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix() for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def expected_wheel_files() -> dict[str, Path]:
    """Every file the wheel should carry (its path in the wheel → the repository's file): all of
    ``generator/`` and ``theme/``, and nothing else of the repository."""
    return {
        f"{installed}/{relative}": folder / relative
        for installed, folder in PACKAGED.items() for relative in repository_files(folder)
    }


def build_wheel(tmp_path: Path) -> Path:
    # from a copy: setuptools builds in the source folder and would reuse what an earlier
    # build left in build/, hiding a file the package data no longer names
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*LEFT_OUT))
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels, source, cwd=tmp_path)
    (wheel,) = wheels.glob("shangliang-*.whl")
    return wheel


def install_wheel(tmp_path: Path, wheel: Path) -> Path:
    """Install the wheel into a new virtualenv outside the repository; returns the
    virtualenv's ``bin`` folder (``Scripts`` on Windows)."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = next(path for path in (venv / "bin" / "python", venv / "Scripts" / "python.exe") if path.exists())
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).stdout.strip())
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    return python.parent


def test_the_installed_wheel_starts_an_archive_and_builds_it_with_the_whole_theme(tmp_path):
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        carried = {name: archive.read(name) for name in archive.namelist() if not name.startswith("shangliang-")}
    expected = expected_wheel_files()
    assert sorted(carried.keys() - expected.keys()) == []  # nothing from elsewhere in the repository
    assert sorted(expected.keys() - carried.keys()) == []  # every theme file, every module
    assert [name for name, path in expected.items() if carried[name] != path.read_bytes()] == []

    bin_dir = install_wheel(tmp_path, wheel)
    package = run(bin_dir / "python", "-c", "import shangliang; print(shangliang.__file__)", cwd=tmp_path).stdout
    assert Path(package).resolve().is_relative_to((tmp_path / "venv").resolve()), package

    shangliang = next(path for path in bin_dir.iterdir() if path.stem == "shangliang")
    run(shangliang, "init", "archive", cwd=tmp_path)
    archive = tmp_path / "archive"
    for ci in (".github/workflows/pages.yml", ".gitlab-ci.yml"):  # the starter's copies, not the repository's
        assert "-r requirements.txt" in (archive / ci).read_text(encoding="utf-8"), ci
    assert not (archive / "theme").exists()
    assert "custom_dir" not in yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]
    validated = run(shangliang, "validate", cwd=archive)
    assert validated.stdout == "OK: 6 records, no problems (1 platform, 1 consultation, 1 proposal, 1 outcome, 1 unit, 1 organisation)\n"
    run(shangliang, "build", cwd=archive)

    site = archive / "site"
    theme_assets = sorted(path.relative_to(THEME) for path in (THEME / "assets").rglob("*") if path.suffix in (".css", ".js"))
    assert [path for path in theme_assets if (site / path).read_bytes() != (THEME / path).read_bytes()] == []
    for lang_root in (site, site / "en"):
        for uri in RECORD_PAGES:
            html = (lang_root / uri).read_text(encoding="utf-8")
            assert 'data-md-component="header"' in html, uri
            assert "assets/javascripts/shangliang-frame.js" in html, uri  # the tabs and the Easy reading button
            assert "assets/stylesheets/shangliang.css" in html, uri
            assert "assets/javascripts/shangliang-search.js" in html, uri
            assert "Not yet translated" not in html, uri  # every example record is bilingual
    for lang_root in (site, site / "en"):
        assert "sl-reading" in (lang_root / "assets/javascripts/shangliang-frame.js").read_text(encoding="utf-8")
    assert (site / "search" / "pagefind.js").is_file()
