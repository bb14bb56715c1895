"""Where the theme comes from: the one Shangliang ships, overridden file by file by an
archive's own folder (``theme.custom_dir``), both before Material's."""

from __future__ import annotations

from pathlib import Path

from mkdocs.theme import Theme

from conftest import REPO
from shangliang.adapters.theme import add_packaged_theme, own_theme_dirs
from shangliang.packaged import theme_dir


def test_the_shipped_theme_is_this_repository_s_theme_folder():
    assert theme_dir() == REPO / "theme"


def test_an_archive_without_a_theme_folder_gets_the_shipped_theme_first():
    theme = Theme(name="material")
    materials = list(theme.dirs)
    add_packaged_theme(theme)
    assert theme.dirs == [str(REPO / "theme"), *materials]
    assert own_theme_dirs(theme) == [str(REPO / "theme")]


def test_an_archive_s_own_theme_folder_comes_before_the_shipped_one(tmp_path: Path):
    theme = Theme(name="material", custom_dir=str(tmp_path))
    materials = theme.dirs[1:]
    add_packaged_theme(theme)
    add_packaged_theme(theme)  # a second build in the same process adds nothing
    assert theme.dirs == [str(tmp_path), str(REPO / "theme"), *materials]
    assert own_theme_dirs(theme) == [str(tmp_path), str(REPO / "theme")]


def test_the_repository_s_own_settings_name_the_shipped_theme_once():
    theme = Theme(name="material", custom_dir=str(REPO / "theme"))
    before = list(theme.dirs)
    add_packaged_theme(theme)
    assert theme.dirs == before
    assert own_theme_dirs(theme) == [str(REPO / "theme")]
