"""A build with a cache kept between builds (``shangliang build --cache DIR``, issue #18):
after each change the site it puts in place is, byte for byte, the site a build without
the cache makes of the same content, though it reads, renders and writes only what
changed; the site of an earlier build keeps its bytes; a cache made by other code or
settings, a damaged one, or one left by a failed build is not trusted."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import run_cli
from shangliang.adapters.assemble import assemble_site
from shangliang.adapters.build_cache import KEY_FILE, BuildCache, open_cache
from shangliang.adapters import engine
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.locks import try_lock
from shangliang.errors import BuildError, ContentError
from shangliang.parts import Part
from helpers import FIRST_PROPOSAL
from test_preview import change, files_of
from test_reproducible import site_differences

TITLE = "zh: 传承优秀传统文化"
RECORD = "consultations/2022/jining-2022-culture.md"
PAGE = "consultations/jining-2022-culture/index.html"
UNTOUCHED = "consultations/rizhao-culture-tourism/index.html"
ATTACHMENT = "attachments/jining-2022-culture-suggestions.csv"


def full_build(root: Path, tmp_path: Path, search: bool = False) -> Path:
    site = tmp_path / "full"
    build_site(find_config(root / "mkdocs.yml"), site, jobs=1, search=search)
    return site


def assert_same(site: Path, full: Path) -> None:
    expected, actual = files_of(full), files_of(site)
    assert sorted(actual) == sorted(expected)
    assert [name for name in expected if expected[name] != actual[name]] == []


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_each_cached_build_equals_a_full_build(sample_copy, tmp_path, start_method):
    config, cache = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache"
    content = sample_copy / "content"

    def cached(site: Path) -> Path:
        build_site(config, site, jobs=2, search=False, start_method=start_method, cache=cache)
        return site

    first = cached(tmp_path / "one")
    assert_same(first, full_build(sample_copy, tmp_path))
    assert json.loads((cache / KEY_FILE).read_text(encoding="utf-8"))["languages"] == ["zh", "en"]
    old_page, old_attachment = (first / PAGE).read_bytes(), (first / ATTACHMENT).read_bytes()

    # A title and an attachment change: the new site follows, the first keeps its bytes
    # (its files are hard links to the cache's, and what is written again is unlinked first).
    change(content / RECORD, TITLE, "zh: 文化两创再出发，传承优秀传统文化")
    (content / ATTACHMENT).write_bytes(b"a,b\n1,2\n")
    (content / "pages/zh/help.md").write_text("# 帮助\n\n一段说明。\n", encoding="utf-8")
    written = os.stat(cache / "site" / PAGE).st_ino, os.stat(cache / "site" / UNTOUCHED).st_ino
    second = cached(tmp_path / "two")
    assert "文化两创再出发" in (second / PAGE).read_text(encoding="utf-8") and (second / "help/index.html").is_file()
    assert (second / ATTACHMENT).read_bytes() == b"a,b\n1,2\n"
    assert (first / PAGE).read_bytes() == old_page and (first / ATTACHMENT).read_bytes() == old_attachment
    assert os.stat(cache / "site" / PAGE).st_ino != written[0]  # written again
    assert os.stat(cache / "site" / UNTOUCHED).st_ino == written[1]  # left as it was
    assert os.stat(second / UNTOUCHED).st_ino == os.stat(cache / "site" / UNTOUCHED).st_ino  # linked, not copied
    assert_same(second, full_build(sample_copy, tmp_path))

    # A record goes (its page, and what linked to it, follow), a static page changes.
    for path in (content / "consultations/undated").glob("jining-2022-zoucheng-potato.*"):
        path.unlink()
    published = content / "published.txt"
    published.write_text("".join(line for line in published.read_text(encoding="utf-8").splitlines(keepends=True)
                                 if "jining-2022-zoucheng-potato" not in line), encoding="utf-8")
    (content / "pages/zh/help.md").unlink()  # MkDocs leaves a dirty build's pages of gone files in place
    static = content / "pages/zh/about.md"
    static.write_text(static.read_text(encoding="utf-8") + "\n多一句话。\n", encoding="utf-8")
    os.utime(static, (1, 1))  # older than its page: only a check of the bytes sees the change
    third = cached(tmp_path / "three")
    assert not (third / "consultations/jining-2022-zoucheng-potato").exists() and not (third / "help").exists()
    assert "多一句话" in (third / "about/index.html").read_text(encoding="utf-8")
    assert_same(third, full_build(sample_copy, tmp_path))


def test_a_cached_build_with_search_equals_a_full_build(sample_copy, tmp_path):
    config, cache, content = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache", sample_copy / "content"
    build_site(config, tmp_path / "one", jobs=2, cache=cache)
    change(content / RECORD, TITLE, "zh: 文化两创再出发，传承优秀传统文化")
    second = tmp_path / "two"
    build_site(config, second, jobs=2, cache=cache)
    assert site_differences(second, full_build(sample_copy, tmp_path, search=True)) == []
    assert "文化两创再出发" in fragments(second)  # the index holds the new title

    # Every record's search words depend on the archive's synonyms and place names.
    (content / "search-synonyms.yml").write_text(
        (content / "search-synonyms.yml").read_text(encoding="utf-8") + "- [济宁, 孔孟之乡]\n", encoding="utf-8")
    third = tmp_path / "three"
    build_site(config, third, jobs=2, cache=cache)
    assert fragments(third) != fragments(second)  # the words are in it as codes of pairs of characters
    assert site_differences(third, full_build(sample_copy, tmp_path, search=True)) == []


def fragments(site: Path) -> str:
    """The text of the Chinese index's page fragments (gzipped JSON after a signature)."""
    import gzip

    found = sorted((site / "search").rglob("*.pf_fragment"))
    assert found
    return "\n".join(gzip.decompress(path.read_bytes())[12:].decode("utf-8") for path in found)


def test_a_section_that_comes_is_in_every_page_kept_by_the_cache(sample_copy, tmp_path):
    """The navigation gets a tab when the first proposal comes: on every page in the
    navigation, and in the script that makes the tabs of the others."""
    config, cache, content = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache", sample_copy / "content"
    build_site(config, tmp_path / "one", search=False, cache=cache)
    frame = "assets/javascripts/shangliang-frame.js"  # the tabs of a page outside the navigation (theme/main.html)
    for page in ("index.html", frame):
        assert "proposals/" not in (tmp_path / "one" / page).read_text(encoding="utf-8"), page
    (content / "proposals").mkdir(exist_ok=True)
    (content / "proposals/jining-2022-culture-first.yml").write_text(FIRST_PROPOSAL, encoding="utf-8")
    with (content / "published.txt").open("a", encoding="utf-8") as published:
        published.write("proposals/jining-2022-culture-first\n")
    site = tmp_path / "two"
    build_site(config, site, search=False, cache=cache)
    assert 'href="proposals/"' in (site / "index.html").read_text(encoding="utf-8")
    assert '"proposals/"' in (site / frame).read_text(encoding="utf-8") and frame in (site / UNTOUCHED).read_text(encoding="utf-8")
    assert_same(site, full_build(sample_copy, tmp_path))


def test_a_cache_is_used_only_by_the_same_code_and_settings(sample_copy, tmp_path):
    config, cache, site = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache", tmp_path / "site"

    def opened(search: bool = False):
        return open_cache(cache, sample_copy, config.settings_files(), config.theme_dirs(), search, site, sample_copy / "content")

    assert opened().fresh
    with open(cache / ".lock", "r+b") as other:  # opened for this process's build, and held
        assert not try_lock(other)
    build_site(config, site, jobs=1, search=False, cache=cache)  # the languages one after another, in this process
    assert not opened().fresh
    assert (cache / KEY_FILE).is_file()  # removed only once a build changes the folder (see below)
    build_site(config, site, search=False, cache=cache)
    assert opened(search=True).fresh  # with search the pages differ
    build_site(config, site, search=False, cache=cache)
    change(sample_copy / "theme" / "main.html", "{%", "{# a comment #}{%")
    assert opened().fresh  # the theme changed
    build_site(config, site, search=False, cache=cache)
    change(sample_copy / "mkdocs.yml", "site_name:", "site_name: 新")
    assert opened().fresh  # the settings changed
    build_site(config, site, search=False, cache=cache)
    change(sample_copy / "mkdocs.en.yml", "INHERIT: mkdocs.yml", "INHERIT: mkdocs.yml\ncopyright: !ENV [SL_COPYRIGHT, x]")
    assert opened().fresh
    build_site(config, site, search=False, cache=cache)
    assert not opened().fresh
    os.environ["SL_COPYRIGHT"] = "© 2026"
    try:
        assert opened().fresh  # what a setting reads from the environment changed
    finally:
        del os.environ["SL_COPYRIGHT"]
    build_site(config, site, search=False, cache=cache)
    shutil.copytree(sample_copy / "theme", sample_copy / "theme-en")
    change(sample_copy / "mkdocs.en.yml", "  language: en", "  language: en\n  custom_dir: theme-en")
    assert opened().fresh
    build_site(config, site, search=False, cache=cache)
    (sample_copy / "theme-en" / "extra.css").write_text("p {}", encoding="utf-8")
    assert opened().fresh  # the English site's own theme folder changed
    build_site(config, site, jobs=1, search=False, cache=cache)
    change(sample_copy / "content" / RECORD, TITLE, "zh: 再出发")
    build_site(config, site, jobs=1, search=False, cache=cache)
    assert_same(site, full_build(sample_copy, tmp_path))


def test_a_damaged_or_failed_cache_makes_a_full_build(sample_copy, tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="shangliang")
    config, cache, site = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache", tmp_path / "site"
    build_site(config, site, search=False, cache=cache)
    (cache / "zh.pickle").write_bytes(b"not a pickle")
    (cache / "site" / "stray.html").write_text("left over", encoding="utf-8")
    change(sample_copy / "content" / RECORD, TITLE, "zh: 再出发")
    build_site(config, site, search=False, cache=cache)
    assert "could not be read" in caplog.text
    assert_same(site, full_build(sample_copy, tmp_path))

    # A problem in the content stops the build before it changes the cache: still good.
    change(sample_copy / "content" / RECORD, "date: 2022-10-14", "date: 2022-13-14")
    with pytest.raises(ContentError):
        build_site(config, site, search=False, cache=cache)
    assert (cache / KEY_FILE).is_file()
    change(sample_copy / "content" / RECORD, "date: 2022-13-14", "date: 2022-10-14")
    change(sample_copy / "content" / RECORD, "zh: 再出发", "zh: 又出发")
    caplog.clear()
    build_site(config, site, search=False, cache=cache)
    assert "building everything" not in caplog.text
    assert_same(site, full_build(sample_copy, tmp_path))

    # A build that fails once it has changed the cache leaves it untrusted; the next builds everything, right.
    def fail(*args) -> None:
        raise BuildError("--cache: could not write the state (a full disk)")

    monkeypatch.setattr(BuildCache, "save", fail)
    change(sample_copy / "content" / RECORD, "zh: 又出发", "zh: 再次出发")
    with pytest.raises(BuildError, match="a full disk"):
        build_site(config, site, jobs=1, search=False, cache=cache)
    assert not (cache / KEY_FILE).exists()
    monkeypatch.undo()
    change(sample_copy / "content" / RECORD, "zh: 再次出发", "zh: 又一次出发")
    build_site(config, site, search=False, cache=cache)
    assert "left" in caplog.text and "building everything" in caplog.text
    assert_same(site, full_build(sample_copy, tmp_path))


def test_the_cache_folder_is_refused_when_it_is_not_a_caches(sample_copy, tmp_path):
    config = find_config(sample_copy / "mkdocs.yml")
    with pytest.raises(BuildError, match=r"--cache: .*content.* holds files that are not a build's cache|overlaps the content"):
        build_site(config, tmp_path / "site", search=False, cache=sample_copy / "content" / "cache")
    with pytest.raises(BuildError, match="overlaps the site folder"):
        build_site(config, tmp_path / "site", search=False, cache=tmp_path / "site" / "cache")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match=r"holds files that are not a build's cache \(todo.txt\)"):
        build_site(config, tmp_path / "site", search=False, cache=tmp_path / "notes")
    assert (tmp_path / "notes" / "todo.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "busy").mkdir()
    with open(tmp_path / "busy" / ".lock", "wb") as held:  # as another build's process holds it
        assert try_lock(held)
        with pytest.raises(BuildError, match="is in use by another build"):
            build_site(config, tmp_path / "site", search=False, cache=tmp_path / "busy")
    build_site(config, tmp_path / "site", search=False, cache=tmp_path / "busy")  # free again
    assert (tmp_path / "busy" / ".lock").is_file()  # kept while a new cache is made: the next build takes it
    for reserved in (tmp_path / ".site.new", sample_copy / "theme" / "cache"):
        with pytest.raises(BuildError, match="a name the build uses beside the site folder|overlaps a theme folder"):
            build_site(config, tmp_path / "site", search=False, cache=reserved)
    (tmp_path / "odd" / "shangliang-cache.json").mkdir(parents=True)  # what a key file should be, as a folder
    build_site(config, tmp_path / "site", search=False, cache=tmp_path / "odd")
    assert (tmp_path / "odd" / "shangliang-cache.json").is_file()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match="is a file, not a folder"):
        build_site(config, tmp_path / "site", search=False, cache=tmp_path / "afile")
    result = run_cli("build", "--no-search", "--cache", "content/cache", cwd=sample_copy)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--cache: " in result.stderr and "overlaps the content folder" in result.stderr


def test_parts_built_with_caches_assemble_into_the_site_one_build_makes(sample_copy, tmp_path):
    """The CI template's parts on the main branch each keep a cache of their own."""
    config = find_config(sample_copy / "mkdocs.yml")

    def assembled(name: str) -> Path:
        folders = []
        for number in (1, 2, 3):
            folders.append(tmp_path / name / f"part{number}")
            build_site(config, folders[-1], jobs=2, part=Part(number, 3), cache=tmp_path / f"cache{number}")
        site = tmp_path / name / "site"
        assemble_site(folders, site)
        return site

    assembled("one")
    change(sample_copy / "content" / RECORD, TITLE, "zh: 文化两创再出发，传承优秀传统文化")
    site = assembled("two")
    assert "文化两创再出发" in (site / PAGE).read_text(encoding="utf-8")
    assert site_differences(site, full_build(sample_copy, tmp_path, search=True)) == []
    with pytest.raises(BuildError, match="holds files that are not a build's cache"):  # a part is no cache folder
        build_site(config, tmp_path / "site", search=False, cache=tmp_path / "one" / "part1")


def test_the_command_line_builds_with_a_cache(sample_copy, tmp_path):
    for _ in range(2):
        result = run_cli("build", "--no-search", "--cache", ".cache", cwd=sample_copy)
        assert result.returncode == 0, result.stderr
    assert "dirty" not in result.stderr  # MkDocs' warning about dirty builds is ours to judge
    assert (sample_copy / ".cache" / KEY_FILE).is_file()
    assert_same(sample_copy / "site", full_build(sample_copy, tmp_path))


def test_a_problem_in_the_content_is_reported_once_by_a_cached_build(sample_copy, tmp_path, caplog, monkeypatch):
    """Each language of a cached build loads the content with its own state, side by side.
    The other languages' workers found the same problems as the first, and MkDocs logged
    them: an editor read every problem twice. Now only the first language's are reported."""
    caplog.set_level(logging.INFO)
    config, cache, site = find_config(sample_copy / "mkdocs.yml"), tmp_path / "cache", tmp_path / "site"
    build_site(config, site, search=False, cache=cache)
    change(sample_copy / "content" / RECORD, "date: 2022-10-14", "date: 2022-13-14")
    first_language = engine._first_language

    def later(archive):  # the English worker finds the problem before the first language does
        time.sleep(3)
        return first_language(archive)

    monkeypatch.setattr(engine, "_first_language", later)
    caplog.clear()
    with pytest.raises(ContentError) as raised:
        build_site(config, site, search=False, cache=cache, jobs=2)
    assert RECORD in raised.value.report()
    assert [record.getMessage() for record in caplog.records if RECORD in record.getMessage()] == []
