"""Where the theme comes from: the one Shangliang ships, overridden file by file by an
archive's own folder (``theme.custom_dir``), both before Material's; and which of Material's
files are left out of the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.theme import Theme

from conftest import REPO
from shangliang.adapters.theme import add_packaged_theme, drop_unused_theme_files, get_unused_material_files, own_theme_dirs
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


MATERIAL_FILES = [
    "assets/javascripts/bundle.a5f9d56c.min.js", "assets/javascripts/bundle.a5f9d56c.min.js.map",
    "assets/javascripts/workers/search.a7633da7.min.js", "assets/javascripts/lunr/min/lunr.zh.min.js",
    "assets/stylesheets/main.57a0d79d.min.css", "assets/stylesheets/main.57a0d79d.min.css.map",
    "assets/images/favicon.png", "404.html",
]


def test_material_s_maps_and_search_are_left_out_without_its_search_plugin():
    assert get_unused_material_files(MATERIAL_FILES, ["shangliang"]) == [
        "assets/javascripts/bundle.a5f9d56c.min.js.map", "assets/javascripts/workers/search.a7633da7.min.js",
        "assets/javascripts/lunr/min/lunr.zh.min.js", "assets/stylesheets/main.57a0d79d.min.css.map",
    ]


@pytest.mark.parametrize("plugin", ["search", "material/search"])
def test_material_s_search_is_kept_with_its_search_plugin(plugin):
    assert get_unused_material_files(MATERIAL_FILES, ["shangliang", plugin]) == [
        "assets/javascripts/bundle.a5f9d56c.min.js.map", "assets/stylesheets/main.57a0d79d.min.css.map",
    ]


def test_the_built_site_leaves_out_material_s_maps_and_search_and_keeps_what_pages_use(sample_site: Path):
    for root in (sample_site, sample_site / "en"):
        assets = sorted(path.relative_to(root).as_posix() for path in (root / "assets").rglob("*") if path.is_file())
        assert [uri for uri in assets if uri.endswith(".map") or "/lunr/" in uri or "/workers/" in uri] == []
        pages = "".join(page.read_text(encoding="utf-8") for page in root.glob("*/*/index.html"))
        referenced = {uri for uri in assets if uri.rpartition("/")[2] in pages}
        used = {uri.removeprefix("assets/").split(".")[0] for uri in referenced}
        assert {"javascripts/bundle", "stylesheets/main"} <= used
        assert "stylesheets/palette" not in used  # no rule of it applies to the site's own colours (theme/main.html)



def test_only_material_s_own_files_are_dropped(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "figure.js.map").write_text("{}", encoding="utf-8")
    (tmp_path / "overrides" / "assets").mkdir(parents=True)
    (tmp_path / "overrides" / "assets" / "own.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: {name: material, custom_dir: overrides}\nplugins: []\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    add_packaged_theme(config.theme)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    assert any(file.src_uri.startswith("assets/javascripts/lunr/") for file in files)
    drop_unused_theme_files(files, config)
    uris = {file.src_uri for file in files}
    assert sorted(uri for uri in uris if uri.endswith(".map") or "/lunr/" in uri or "/workers/" in uri) == [
        "assets/own.css.map", "figure.js.map",
    ]
    assert {"assets/javascripts/shangliang-search.js", "assets/stylesheets/shangliang.css"} <= uris
