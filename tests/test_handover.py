"""What the engine and the preview give a build goes to the plugin instance, not through
module globals or the environment; what a build or a preview cut short leaves behind is
deleted by the next one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from shangliang.adapters import engine
from shangliang.adapters.engine import build_site, find_config, get_build_date
from shangliang.adapters.preview import SERVED_PREFIX, served_folder, sweep_served_folders
from shangliang.archive import Archive
from shangliang.errors import BuildError


def test_the_build_date_reaches_the_build_without_the_environment(site_project, valid_records, monkeypatch):
    del valid_records["content/outcomes/culture-instruction.yml"], valid_records["content/proposals/proposal-2023-001.yml"]
    root = site_project(valid_records)
    with open(root / "theme/partials/copyright.html", "a", encoding="utf-8") as partial:  # what MkDocs dates
        partial.write("<i>{{ build_date_utc.isoformat() }} {{ page.update_date }}</i>")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(engine, "last_commit_epoch", lambda root: "1700000000")
    seen = []
    real_build = engine.mkdocs_build

    def build(config, dirty=False):
        seen.append(os.environ.get("SOURCE_DATE_EPOCH"))
        return real_build(config, dirty=dirty)

    monkeypatch.setattr(engine, "mkdocs_build", build)
    build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=False)
    assert seen == [None, None]
    for page in ("site/index.html", "site/en/index.html"):
        assert "<i>2023-11-14T22:13:20+00:00 2023-11-14</i>" in (root / page).read_text(encoding="utf-8")
    for feed in ("site/feeds/outcomes.xml", "site/en/feeds/outcomes.xml"):  # no entry: the build's date
        assert "<entry>" not in (root / feed).read_text(encoding="utf-8")
        assert "<updated>2023-11-14T22:13:20Z</updated>" in (root / feed).read_text(encoding="utf-8")


def test_a_source_date_epoch_that_is_not_seconds_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2023-11-14")
    with pytest.raises(BuildError) as error:
        get_build_date(tmp_path)
    assert str(error.value) == "SOURCE_DATE_EPOCH: expected seconds since 1970 (such as 1700000000), found '2023-11-14'"


def test_forked_workers_build_from_the_engines_archive_without_pickling_it(site_project, monkeypatch):
    def refuse(self, protocol):
        raise AssertionError("the archive was pickled")

    monkeypatch.setattr(Archive, "__reduce_ex__", refuse, raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    result = build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=2, search=False, start_method="fork")
    assert result.languages == ["zh", "en"]
    assert "load" in result.stages and "en render" in result.stages
    assert "en load" not in result.stages  # the worker did not read the content again


def test_a_worker_that_dies_is_reported_and_the_site_is_left_as_it_was(site_project, monkeypatch):
    engines_process, real_build = os.getpid(), engine.build_language

    def build_or_die(*args, **kwargs):
        if os.getpid() != engines_process:
            os._exit(3)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(engine, "build_language", build_or_die)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    with pytest.raises(BuildError) as error:
        build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=2, search=False, start_method="fork")
    assert str(error.value) == "mkdocs.en.yml: the build process stopped (exit code 3)"
    assert not (root / "site").exists()


def test_a_build_deletes_what_earlier_deletions_of_the_old_site_left(site_project, monkeypatch):
    root = site_project()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for leftover in (".site.old", ".site.old.4242.17", "site"):  # cut short between renames; deletion killed; the site
        (root / leftover / "a").mkdir(parents=True)
        (root / leftover / "a" / "index.html").write_text("old", encoding="utf-8")
    started = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=False)
    for process in started:
        process.wait()
    assert sorted(path.name for path in root.iterdir() if path.name.startswith(".site")) == []
    assert not (root / "site" / "a").exists() and (root / "site" / "index.html").is_file()


HOLD_A_SERVED_FOLDER = """
import sys
from pathlib import Path
from shangliang.adapters.preview import served_folder
with served_folder(Path(sys.argv[1])) as served:
    print(served, flush=True)
    sys.stdin.read()
"""
"""A preview in another process: it makes its served folder, says where, and serves until told."""


def test_the_preview_deletes_the_folders_of_previews_that_are_gone(tmp_path):
    import sys

    killed = subprocess.Popen([sys.executable, "-c", HOLD_A_SERVED_FOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    dead = Path(killed.stdout.readline().strip())
    (dead / "index.html").write_text("stale", encoding="utf-8")
    killed.kill()  # no clean-up of its own
    killed.wait()
    with served_folder(tmp_path) as served:
        assert [path.name for path in tmp_path.iterdir()] == [served.parent.name]
        assert sweep_served_folders(tmp_path) == []  # another preview starting: this one's folder is in use
        assert served.is_dir()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_its_lock_file_is_not_taken_for_a_dead_previews(tmp_path):
    unknown = tmp_path / f"{SERVED_PREFIX}unknown"
    unknown.mkdir()
    sweep_served_folders(tmp_path)
    assert unknown.is_dir()


def test_a_build_called_as_a_library_leaves_the_cycle_collector_as_it_was(site_project, monkeypatch):
    """Only a process that ends with the build may freeze what it made: a long-lived caller
    (this test session, an editor's tool) would keep every build's garbage forever."""
    import gc

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=False)
    assert (gc.get_freeze_count() - frozen, gc.isenabled()) == (0, enabled)


def test_a_language_lets_go_of_its_pages_before_it_waits_for_its_search_index(site_project, monkeypatch):
    """Pagefind needs most memory at its end, when the language's pages are long written: the
    build waits for it only once MkDocs has returned and the plugin holds no page, and the
    content MkDocs held of each generated page was let go as the page was written."""
    from mkdocs.commands import build as mkdocs_commands
    from shangliang.adapters import mkdocs_plugin

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    events = []
    real_build, real_finish = engine.mkdocs_build, mkdocs_plugin.ShangliangPlugin.finish_search
    real_page, real_let_go = mkdocs_commands._build_page, engine.let_go
    written = []

    def build(config, dirty=False):
        real_build(config, dirty=dirty)
        events.append("mkdocs returned")

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        real_page(page, config, doc_files, nav, env, dirty=dirty, excluded=excluded)
        written.append((page.file.src_uri, page.content))

    def finish_search(plugin, site_dir, lang):
        events.append(("waits", lang, len(plugin.pages), len(plugin.files), plugin.indexing is not None))
        return real_finish(plugin, site_dir, lang)

    monkeypatch.setattr(engine, "mkdocs_build", build)
    monkeypatch.setattr(mkdocs_commands, "_build_page", build_page)
    monkeypatch.setattr(mkdocs_plugin.ShangliangPlugin, "finish_search", finish_search)
    monkeypatch.setattr(engine, "let_go", lambda owned: events.append(("let go", owned)) or real_let_go(False))
    result = build_site(find_config(root / "mkdocs.yml"), root / "site", jobs=1, search=True)
    assert events == [
        "mkdocs returned", ("let go", False), ("waits", "zh", 0, 0, True),
        "mkdocs returned", ("let go", False), ("waits", "en", 0, 0, True),
    ]
    assert result.stages["zh search"] > 0 and result.stages["en search"] > 0  # both Pagefinds ran, and were timed
    for site in (root / "site", root / "site/en"):
        assert (site / "search/pagefind.js").is_file()
    generated = {uri: content for uri, content in written if uri.startswith(("consultations/", "past/"))}
    static = {uri: content for uri, content in written if uri.startswith("about")}
    assert generated and set(generated.values()) == {None}  # let go once written
    assert static and all(static.values())  # the static pages' MkDocs keeps, as ever


def test_a_plain_mkdocs_build_waits_for_its_own_search_index(site_project, monkeypatch):
    """Without the engine (``mkdocs build`` with the plugin), nobody else waits for the index:
    the build does, at its end, and the bundle is in the site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = site_project()
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / "plain")))
    assert (root / "plain/search/pagefind.js").is_file()
    assert list((root / "plain/search/fragment").iterdir())


def test_letting_go_leaves_a_library_caller_s_frozen_objects_frozen(monkeypatch):
    import gc

    from shangliang.memory import let_go

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        let_go(owned=False)
        # still frozen (a frozen object whose last reference went, in another test's thread, leaves the count)
        assert gc.get_freeze_count() > frozen * 0.9 > 0
        let_go(owned=True)  # a process that ends with the build: all of it within reach again
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr("sys.platform", "win32")
        let_go(owned=False)  # no malloc_trim to look for
    finally:
        gc.unfreeze()
