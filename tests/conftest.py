"""Fixtures shared by every test file; the helpers themselves live in ``helpers.py``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import VALID_RECORDS, write_project

BUILDS = re.compile(r'run_cli\("build"|build_site\(|build_sample\(')
"""How a test builds a site: through the CLI, the engine, or as the sample is built."""
SITES_BUILT = {"sample_site", "issue14_site", "records_dir_site", "many_platforms_site"}
"""Fixtures that build a site for the tests that use them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``builds`` every test that builds a site (or reads one a fixture built) and
    does not choose its workers' start method itself: ``scripts/test`` runs them all a
    second time with ``SHANGLIANG_START_METHOD=spawn``, as Windows and macOS start them.
    Of the tests on the sample site, the golden comparison stands for the rest: the spawned
    build gives the same bytes or it fails; browser tests only look at what was built."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None or {"start_method", "browser"} & set(item.fixturenames):
            continue
        source = inspect.getsource(function)
        if "--start-method" in source or 'start_method="' in source:
            continue
        fixtures = SITES_BUILT & set(item.fixturenames)
        if fixtures == {"sample_site"} and item.module.__name__ != "test_golden":
            continue
        if fixtures or BUILDS.search(source):
            item.add_marker(pytest.mark.builds)


@pytest.fixture
def valid_records() -> dict[str, str | bytes]:
    """A fresh copy of ``VALID_RECORDS`` that a test may change freely."""
    return dict(VALID_RECORDS)


@pytest.fixture
def project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """``project(files)`` writes ``files`` into ``tmp_path`` and returns the content folder."""
    return lambda files: write_project(tmp_path, files)


# --- Whole sites: a copy of this repository's settings with test records, and the sample ---

import contextlib
import functools
import http.server
import shutil
import socketserver
import subprocess
import sys
import threading

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("mkdocs.yml", "mkdocs.en.yml", "theme", "content/pages")
"""What a test project copies from this repository besides its records."""


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``shangliang ARGS`` in a fresh process, as an editor would."""
    return subprocess.run(
        [sys.executable, "-m", "shangliang.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


def copy_site_files(root: Path, names: tuple[str, ...] = SITE_FILES) -> None:
    """Copy this repository's ``names`` (files or folders) into ``root``."""
    for name in names:
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)


@pytest.fixture
def sample_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of this repository's sample archive (settings, theme and content) to build and
    change, with a fixed build date."""
    root = tmp_path / "project"
    copy_site_files(root, ("mkdocs.yml", "mkdocs.en.yml", "theme", "content"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return root


@pytest.fixture
def site_project(tmp_path: Path, valid_records) -> Callable[..., Path]:
    """``site_project(files=None)``: a buildable project (this repo's mkdocs.yml, mkdocs.en.yml,
    theme and static pages, plus ``files`` or the valid records) in ``tmp_path``; returns its root."""

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        root = tmp_path / "project"
        copy_site_files(root)
        write_project(root, valid_records if files is None else files)
        return root

    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample archive in content/, built once per test run with ``shangliang build``, its
    build date pinned and git history hidden as for the golden site (``golden.BUILD_ENV``),
    which ``test_golden.py`` compares it with."""
    from golden import build_sample

    site = tmp_path_factory.mktemp("sample") / "site"
    result = build_sample(site)
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(site: Path):
    """``site`` served over HTTP on a free loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


@pytest.fixture(scope="session")
def sample_server(sample_site: Path):
    """The built sample site served over HTTP; yields its base URL."""
    with serve(sample_site) as url:
        yield url


# --- A real browser: Debian's chromium, driven by Playwright -----------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desk-sized browser tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized browser tab with touch."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def issue14_site(tmp_path_factory) -> Path:
    """``helpers.ISSUE14_RECORDS`` (channels, a station, an organisation, an undated standing
    practice, consultations awaiting an outcome or with one mentioned) built once per test run."""
    from helpers import ISSUE14_RECORDS

    return _built_site(tmp_path_factory.mktemp("issue14") / "project", ISSUE14_RECORDS)


def _built_site(root: Path, files: dict[str, str | bytes], *options: str) -> Path:
    """A project of this repo's site files and ``files`` at ``root``, built with ``options``;
    returns its site folder."""
    copy_site_files(root)
    write_project(root, files)
    result = run_cli("build", *options, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def issue14_server(issue14_site: Path):
    """The ``issue14_site`` served over HTTP; yields its base URL."""
    with serve(issue14_site) as url:
        yield url


@pytest.fixture(scope="session")
def many_platforms_site(tmp_path_factory) -> Path:
    """``helpers.many_platforms``: more platforms than a filter bar names
    (``indexes.PLATFORM_CHIPS``), built once per test run."""
    from helpers import many_platforms
    from shangliang.render.indexes import PLATFORM_CHIPS

    return _built_site(tmp_path_factory.mktemp("many-platforms") / "project", many_platforms(PLATFORM_CHIPS + 1), "--no-search")


@pytest.fixture(scope="session")
def many_platforms_server(many_platforms_site: Path):
    """The ``many_platforms_site`` served over HTTP; yields its base URL."""
    with serve(many_platforms_site) as url:
        yield url


@pytest.fixture(scope="session")
def records_dir_site(tmp_path_factory) -> Path:
    """``helpers.VALID_RECORDS`` with links from the consultation's Markdown (both languages) to
    the proposal's file, kept in a content folder named ``records/`` (``content_dir: records``) and built once
    per test run; returns the project root (the site is in ``site/``). The English summary and the
    static page ``about`` end in ``helpers.CODE_BLOCK``."""
    from helpers import CODE_BLOCK, CONSULTATION, VALID_RECORDS

    root = tmp_path_factory.mktemp("records-dir") / "project"
    copy_site_files(root, ("mkdocs.yml", "mkdocs.en.yml", "theme"))
    shutil.copytree(REPO / "content" / "pages", root / "records" / "pages")
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        settings = (root / name).read_text(encoding="utf-8")
        settings = settings.replace("docs_dir: content/", "docs_dir: records/")
        settings = settings.replace("content_dir: content", "content_dir: records")
        (root / name).write_text(settings, encoding="utf-8")
    files = dict(VALID_RECORDS)
    files["content/consultations/jining-2022-culture.md"] = CONSULTATION.replace(
        "会议围绕", "[纪要](attachments/minutes.txt) [提案](proposals/proposal-2023-001.yml) 会议围绕"
    )
    files["content/consultations/jining-2022-culture.en.md"] = "[The proposal](proposals/proposal-2023-001.yml).\n" + CODE_BLOCK
    write_project(root, {"records/" + path.removeprefix("content/"): text for path, text in files.items()})
    with (root / "records" / "pages" / "zh" / "about.md").open("a", encoding="utf-8") as about:
        about.write(CODE_BLOCK)  # a static page's code block (test_compact.py)
    (root / "content").rmdir()  # made by write_project; the build must not need it
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return root
