"""The theme Shangliang ships, put into MkDocs' theme: an archive made by ``shangliang init``
names no theme folder of its own, and one that does (``theme.custom_dir``) overrides the
shipped theme file by file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

from ..packaged import theme_dir
from ..render.page import GeneratedFile


def add_packaged_theme(theme: Theme) -> None:
    """Put the shipped theme right after the archive's own folder (or first, without one),
    before Material's; nothing changes when the archive's folder is the shipped theme."""
    packaged = str(theme_dir())
    if not any(_is_same(folder, packaged) for folder in theme.dirs):
        theme.dirs.insert(1 if theme.custom_dir else 0, packaged)


UNUSED_MATERIAL_FILES = ("*.map",)
"""Material's files that no page uses: its source maps, which only a browser's developer
tools ask for (1.3 MB a language)."""
MATERIAL_SEARCH_FILES = ("assets/javascripts/workers/*", "assets/javascripts/lunr/*")
"""Material's own search: its worker and lunr's languages (0.9 MB a language), which only
Material's search box loads, with its search plugin. Shangliang's box searches with Pagefind;
the theme's header has no Material search box (``[data-md-component=search]``)."""


def get_unused_material_files(uris: Iterable[str], plugins: Iterable[str]) -> list[str]:
    """Of Material's files at ``uris``, those no page of a site with ``plugins`` uses."""
    patterns = UNUSED_MATERIAL_FILES
    if not any(name.rpartition("/")[2] == "search" for name in plugins):
        patterns += MATERIAL_SEARCH_FILES
    return [uri for uri in uris if any(fnmatchcase(uri, pattern) for pattern in patterns)]


def drop_unused_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Take Material's unused files (``get_unused_material_files``) out of ``files``, so
    that they are not written; the archive's and Shangliang's own files are all kept."""
    own = [os.path.abspath(folder) for folder in own_theme_dirs(config.theme)]
    material = {
        file.src_uri: file for file in files.media_files()
        if file.abs_src_path and not _is_in_any(file.abs_src_path, own) and _is_in_any(file.abs_src_path, config.theme.dirs)
    }
    for uri in get_unused_material_files(material, config.plugins):
        files.remove(material[uri])


def _is_in_any(path: str, folders: Iterable[str]) -> bool:
    return any(Path(path).is_relative_to(os.path.abspath(folder)) for folder in folders)  # never an error across drives


def own_theme_dirs(theme: Theme) -> list[str]:
    """The theme folders that are not Material's or MkDocs': the archive's and Shangliang's."""
    folders = [theme.custom_dir] if theme.custom_dir else []
    packaged = str(theme_dir())
    if not any(_is_same(folder, packaged) for folder in folders):
        folders.append(packaged)
    return folders


def _is_same(folder: str, other: str) -> bool:
    return os.path.isdir(folder) and os.path.samefile(folder, other)


SEARCH_DIALOG_TEMPLATE = "partials/search-dialog.html"
SEARCH_DIALOG_SCRIPT = "assets/javascripts/shangliang-search-dialog.js"
"""The search box's inside, rendered once per language from ``SEARCH_DIALOG_TEMPLATE``
(its words, icons and controls, the same on every page) for the search script to put
into the box (``theme/partials/search.html``), instead of into each of the site's pages."""


def _theme_env(config: MkDocsConfig, bytecode: BytecodeCache | None) -> Environment:
    """The theme's templates, for a file rendered once per language; with the live
    preview's compiled templates (``bytecode``), not compiled again on every rebuild (20 ms
    for the frame's script)."""
    env = config.theme.get_env()
    env.autoescape = True  # the settings' words are text, as on the pages (the plugin's on_env)
    if bytecode is not None:
        env.bytecode_cache = bytecode
    return env


def render_search_dialog(config: MkDocsConfig, bytecode: BytecodeCache | None = None) -> GeneratedFile | None:
    """``SEARCH_DIALOG_SCRIPT`` for this language's settings, or None when the site has no
    search box. The shipped theme (``add_packaged_theme``) always has the template."""
    if not config.extra.get("shangliang_search"):
        return None
    html = _theme_env(config, bytecode).get_template(SEARCH_DIALOG_TEMPLATE).render(config=config)
    script = (
        "/* The search box's inside for this language, made by the build from the theme's "
        f"{SEARCH_DIALOG_TEMPLATE}; shangliang-search.js puts it into the box. */\n"
        f"window.shangliangSearchDialog = {json.dumps(html)};\n"
    )
    return GeneratedFile(SEARCH_DIALOG_SCRIPT, script.encode("utf-8"))


FRAME_SCRIPT_TEMPLATE = "partials/frame-script.html"
FRAME_SCRIPT = "assets/javascripts/shangliang-frame.js"
"""The light frame's script (``theme/main.html``): what the pages outside the navigation
carry of Material's frame that is the same on each of them (the tabs, the drawer's button,
the Easy reading switch, the 繁體 entry, the search box's button and place, Material's
settings), rendered once per language from ``FRAME_SCRIPT_TEMPLATE`` instead of into each
of those pages (2.5 KB of a record page's 10.9 KB at 10,000 consultations)."""


def get_tabs(nav: object, use_directory_urls: bool) -> list[tuple[str, str]]:
    """The tabs of a navigation (``config.nav``) of titled pages and links only, as
    (title, address from the site's root, empty for the home page, or a link's own
    address); none when an entry is a section or has no title of its own, which only
    MkDocs can tell (the light frame is then not used, and Material writes the tabs on
    every page)."""
    tabs: list[tuple[str, str]] = []
    for entry in nav if isinstance(nav, list) else []:
        if not (isinstance(entry, dict) and len(entry) == 1):
            return []
        ((title, target),) = entry.items()
        if not (isinstance(title, str) and title and isinstance(target, str)):
            return []
        if target.endswith(".md"):
            url = File(target, "", "", use_directory_urls).url
            tabs.append((title, "" if url == "./" else url))
        elif "://" in target:
            tabs.append((title, target))
        else:
            return []
    return tabs


def get_light_frame_tabs(config: MkDocsConfig) -> list[tuple[str, str]]:
    """The tabs the light frame makes (``get_tabs``), or none when it is not used: without
    Material's tabs, with tabs in the header (``navigation.tabs.sticky``), or with the
    navigation in the table of contents (``toc.integrate``)."""
    features = config.theme.get("features") or []
    if "navigation.tabs" not in features or "navigation.tabs.sticky" in features or "toc.integrate" in features:
        return []
    return get_tabs(config.nav, config.use_directory_urls)


def render_frame_script(config: MkDocsConfig, bytecode: BytecodeCache | None = None) -> GeneratedFile | None:
    """``FRAME_SCRIPT`` for this language's settings, or None when the light frame is not
    used (no tabs from ``get_light_frame_tabs``)."""
    if not config.extra.get("shangliang_tabs"):
        return None
    script = _theme_env(config, bytecode).get_template(FRAME_SCRIPT_TEMPLATE).render(config=config, script_path=FRAME_SCRIPT)
    return GeneratedFile(FRAME_SCRIPT, script.encode("utf-8"))
