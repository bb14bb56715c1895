"""Worker processes: the start method is chosen in one place, ``--jobs 1`` starts none, and
the preview watches the theme folder the configuration names."""

from __future__ import annotations

import multiprocessing
import sys
import pytest

from conftest import run_cli
from shangliang.adapters import engine
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.preview import _watched_paths
from shangliang.adapters.processes import get_start_method
from shangliang.errors import BuildError


def test_the_start_method_is_the_option_then_the_environment_then_the_platform(monkeypatch):
    monkeypatch.delenv("SHANGLIANG_START_METHOD", raising=False)
    forks = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    assert get_start_method() == ("fork" if forks else "spawn")
    monkeypatch.setenv("SHANGLIANG_START_METHOD", "spawn")
    assert get_start_method() == "spawn"
    assert get_start_method("fork") == "fork"


def test_an_unknown_start_method_in_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("SHANGLIANG_START_METHOD", "forkserver")
    with pytest.raises(BuildError) as error:
        get_start_method()
    assert str(error.value) == "SHANGLIANG_START_METHOD: expected one of fork, spawn, found 'forkserver'"


def test_build_refuses_an_unknown_start_method_with_a_message(site_project):
    root = site_project()
    result = run_cli("build", "--start-method", "thread", cwd=root)
    assert result.returncode == 2
    assert "argument --start-method: invalid choice: 'thread' (choose from 'fork', 'spawn')" in result.stderr


def test_one_job_builds_every_language_in_this_process(site_project, monkeypatch):
    def no_workers(start_method):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(engine, "get_context", no_workers)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    result = build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=False)
    assert result.languages == ["zh", "en"]
    assert (root / "site" / "index.html").is_file() and (root / "site" / "en" / "index.html").is_file()
    assert multiprocessing.active_children() == []


def test_the_preview_watches_the_configured_theme_folder(site_project):
    root = site_project()
    (root / "theme").rename(root / "look")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "custom_dir: theme" in text
    config.write_text(text.replace("custom_dir: theme", "custom_dir: look"), encoding="utf-8")
    watched = _watched_paths(find_config(config))
    assert watched == [root / "content", config, root / "mkdocs.en.yml", root / "look"]


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_workers_messages_come_out_as_the_engines_do(site_project, start_method):
    """The English build runs in a worker: under -v its progress shows in the engine's
    format, whichever way the worker started (a spawned one showed nothing before)."""
    root = site_project()
    result = run_cli("build", "-v", "--no-search", "--start-method", start_method, cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    built = [line for line in lines if line.startswith("INFO - Building documentation to directory: ")]
    assert len(built) == 2 and built[1].endswith(".site.new-en"), lines
    assert sum(line.startswith("INFO - Documentation built in ") for line in lines) == 2, lines
