"""The MkDocs plugin: wires MkDocs events to the core, and nothing more.

on_config loads and checks the archive and renders this language's pages; on_files hands
them to MkDocs as generated files; on_page_content swaps in the finished HTML, so MkDocs'
Markdown step has nothing to do for records. Everything MkDocs-specific stays here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from ..archive import load_archive
from ..errors import ContentError
from ..render import asset_paths, get_nav, render_site
from ..render.page import LANGUAGES, Page, SiteInfo

STYLESHEET = "assets/stylesheets/shangliang.css"


class ShangliangConfig(Config):
    content_dir = c.Type(str, default="content")
    """The archive's records, relative to mkdocs.yml."""


class ShangliangPlugin(BasePlugin[ShangliangConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.assets: list[str] = []
        self.content_dir: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lang = site_language(config)
        root = Path(config.config_file_path).resolve().parent
        self.content_dir = root / self.config.content_dir
        try:
            archive = load_archive(self.content_dir, root)
        except ContentError as error:
            raise PluginError(error.report()) from None
        site = SiteInfo(
            lang=lang,
            site_name=config.site_name,
            description=config.site_description or "",
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
        )
        self.pages = {page.uri: page for page in render_site(archive, site)}
        self.assets = asset_paths(archive)
        if not config.nav:
            config.nav = get_nav(lang)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        nav_uris = {uri for item in get_nav(site_language(config)) for uri in item.values()}
        for page in self.pages.values():
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(f"{page.uri}: a static page has the address of a generated page; rename it")
            inclusion = InclusionLevel.UNDEFINED if page.uri in nav_uris else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
        assert self.content_dir is not None
        for asset in self.assets:
            files.append(File.generated(config, asset, abs_src_path=str(self.content_dir / asset)))
        return files

    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = {"title": generated.title, "description": generated.description, **generated.meta}
        return markdown

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        return generated.html if generated is not None else html


def site_language(config: MkDocsConfig) -> str:
    """The site's language from Material's ``theme.language`` (``zh`` unless ``en``)."""
    language = str(config.theme.get("language") or LANGUAGES[0])
    if language not in LANGUAGES:
        raise PluginError(f"theme.language: '{language}' is not a site language; expected one of: {', '.join(LANGUAGES)}")
    return language
