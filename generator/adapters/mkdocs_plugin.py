"""The MkDocs plugin: wires MkDocs events to the core, and nothing more.

on_config loads and checks the archive and renders this language's pages and files (feeds,
and the open data in the first language's site only); on_files hands them to MkDocs as
generated files, with the sitemap of every page, once it has checked that every file lands
inside the site at an address of its own; on_page_content swaps in the finished HTML, so
MkDocs' Markdown step has nothing to do for records, and passes static pages through the
allowlist; on_post_build indexes the record
pages for the site search. Everything MkDocs-specific stays here.

The plugin keeps no state outside its instance: whoever runs the build (the engine, the
preview) sets ``handover`` on the instance MkDocs made from the config, and reads
``timings`` back from it afterwards.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import json
import logging
import os
import posixpath
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import nh3
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup, escape
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_build_datetime, markdown_extensions
from mkdocs.utils.templates import TemplateContext

from ..archive import Archive
from ..load import LoadCache, load_archive
from ..errors import BuildError, ContentError
from ..export import ExportCache
from ..history import get_commit_times
from ..memory import collector_paused, freeze_survivors
from ..model import Record
from ..progress import Stage
from ..render import RenderCache, asset_paths, data_root, get_nav, language_roots, render_files, render_site, render_sitemap
from ..render.feeds import feed_titles, get_updated_times
from ..render.compact import compact_html
from ..render.corrections import check_web_address, get_edit_base, render_correction_link
from ..render.footer import footer_info
from ..render.i18n import UI, ui
from ..addresses import SEARCH_FOLDER, record_uri
from ..languages import LANGUAGES
from ..render.page import GeneratedFile, Page, SiteInfo
from ..render.markdown import sanitize_static_page
from ..render.policy import CONTENT_SECURITY_POLICY
from ..render.search import get_search_settings
from ..parts import PART_FOLDER, PART_WORK_PREFIX, PHRASES, SEARCH_SETTINGS, SEARCH_SOURCES, Part
from ..render.traditional import (
    TABLE_PATH, PhraseCache, find_phrases, get_page_texts, get_setting_texts, load_dictionary, render_table,
)
from ..site_paths import destination_of, destination_problems
from ..static_pages import setting_problem
from .build_cache import BuildCache
from .search_index import BUNDLE_PAGES, SearchIndexing, SearchTurns, write_sources
from .icons import ICONS_STYLESHEET, render_icons
from .locks import OwnedFolder, remove_orphans
from .shells import PageValues, Shells
from .theme import add_packaged_theme, drop_unused_theme_files, get_light_frame_tabs, own_theme_dirs, render_frame_script, render_search_dialog

STYLESHEET = "assets/stylesheets/shangliang.css"
"""The site's own styles, its printing too (A4 sheets of record pages: only the content, with
the page's address and QR code)."""
QR_SCRIPT = "assets/javascripts/shangliang-qr.js"
"""Draws record pages' QR codes (it loads its library only where there is one)."""
log = logging.getLogger("mkdocs.plugins.shangliang")
"""MkDocs' own messages' logger: shown by ``shangliang build -v``."""

SHELL_TEMPLATE = "shangliang-page.html"
"""The template of generated pages outside the navigation: their kind's shell, filled
(``shells``), or the theme's whole page (theme/shangliang-page.html)."""


_NEW_MARKS = itertools.count()
"""The live preview's digests of new files: each one a number no other file of the process
had (``ShangliangPlugin._digests``)."""

ASSET_MARK = b"file from content/"
"""What the live preview's ``written`` holds for a file from ``content/``: MkDocs copies it
when it is newer than its copy; the mark says that it was published, so that it is deleted
once no page links it."""


@dataclass
class Incremental:
    """What the live preview keeps from one build of a language to the next, in the process
    that builds that language: the files as read, the record pages as rendered, and a
    digest of each page and file as last handed to MkDocs. A build then reads only changed
    files, renders only pages whose records changed, and has MkDocs write only pages whose
    content changed (a ``dirty`` build, which leaves the others in place)."""

    load: LoadCache = field(default_factory=LoadCache)
    render: RenderCache = field(default_factory=RenderCache)
    export: ExportCache = field(default_factory=ExportCache)
    phrases: PhraseCache = field(default_factory=PhraseCache)
    written: dict[str, bytes] = field(default_factory=dict)
    pending: dict[str, bytes] = field(default_factory=dict)
    """Digests of this build's output, kept once the build has succeeded."""
    bytecode: BytecodeCache = field(default_factory=lambda: _MemoryBytecode())
    """The theme's templates, compiled (a template that changes gets a new key)."""
    writing: bool = False
    """Whether the current build has started to write: if it fails after that, what is on
    disk is no longer what ``written`` says."""
    digests: dict[str, tuple[Page, bytes]] = field(default_factory=dict)
    """Each page's digest with the page it is of: a page the render kept (the same object)
    is not hashed again."""
    assets: dict[str, tuple[Record, tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    """What each record attaches and links to (``render.asset_paths``)."""
    destinations: tuple[bool, dict[str, str]] = (True, {})
    """Where each page was written (``use_directory_urls``, then by page address)."""
    checked: tuple[tuple, set[str]] | None = None
    """What the last build's destinations were checked from, and the paths it wrote, when
    they had no problem (``ShangliangPlugin.check_destinations``)."""
    feeds: dict = field(default_factory=dict)
    """The records each feed chose, with what it chose them from (``feeds.render_feeds``)."""
    commits: dict = field(default_factory=dict)
    """The files' commit times, with the commit they were read at (``history.get_commit_times``)."""
    file_digests: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    """Each generated file's digest with the content it is of: a file the render kept (the
    open data of records that did not change) is not hashed again."""
    sitemap: tuple[tuple, GeneratedFile] | None = None
    """The last sitemap, with what it was made of."""
    everything: bool = True
    """Whether the next build writes every page (the first, or ``write_all``)."""
    nav: list | None = None
    """The navigation of the last build, which every page shows (a section comes with the
    first record of its kind, and goes with the last)."""

    def write_all(self) -> None:
        """Have the next build write every page again (the theme or the navigation changed),
        still deleting the pages gone since the last."""
        self.written = dict.fromkeys(self.written, b"")
        self.everything = True

    def forget(self) -> None:
        """Let go of everything kept (once it is saved in a build's cache)."""
        self.__init__()  # type: ignore[misc]


class _MemoryBytecode(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Handover:
    """What the engine or the preview hands one language's build (``ShangliangPlugin.handover``);
    a plain ``mkdocs build`` hands nothing, and the plugin then does it all itself."""

    archive: Archive | None = None
    """The archive, loaded and checked already: a build whose content folder it is takes it
    instead of reading every file again (none: the build reads the content itself)."""
    turns: SearchTurns | None = None
    """The search indexes' turns, shared with the other languages' builds."""
    incremental: Incremental | None = None
    """What the live preview keeps from one build of this language to the next."""
    cache: BuildCache | None = None
    """The cache kept between builds (``build_cache.py``), from which a build takes its
    language's ``incremental`` when it is handed none. The site folder the build writes
    into is then shared, by hard links, with the site of the last build, and must hold
    nothing a build of its own would not (``on_files``)."""
    build_date: dt.datetime | None = None
    """The date stamped on the build (MkDocs' ``build_date_utc`` and pages' ``update_date``,
    a feed with no entry), pinned by the engine so that the same content gives the same
    bytes; none: ``SOURCE_DATE_EPOCH`` when set, else now (MkDocs' own rule)."""
    owns_process: bool = False
    """Whether the process ends with this build (the engine's workers, the CLI's, the
    preview's): the cycle collector is then paused while the build reads the content itself
    (a spawned worker), and what survives the load and the rendering is frozen out of its
    reach (``memory``): an archive and its pages hold no cycles to collect, and each pass
    would walk all of them again. The collector is the process's business, so only its owner
    asks; a plain ``mkdocs build`` leaves it alone."""
    part: Part | None = None
    """The part of a build split into parts (``parts.py``) that this build is; none: the whole site."""
    search_after_build: bool = False
    """Whether whoever runs the build waits for the search index itself, once MkDocs has
    returned and the build has let go of its pages (``engine.build_language``); false: the
    build waits at its end (a plain ``mkdocs build``)."""

    @property
    def previewing(self) -> bool:
        """Whether this is a live preview's build: what it keeps for the next build lives as
        long as its process. A build's cache (``cache``) keeps it for the next run instead,
        which meets a new checkout: other commits, records read anew, files to hash."""
        return self.incremental is not None and self.cache is None


class ShangliangConfig(Config):
    content_dir = c.Type(str, default="content")
    """The archive's records, relative to mkdocs.yml."""
    search = c.Type(bool, default=True)
    """Whether record pages carry the data the site search indexes; the engine turns it off
    for builds without a search index (``shangliang build --no-search``, ``serve``)."""
    search_bundle_pages = c.Type(int, default=BUNDLE_PAGES)
    """Record pages a search bundle holds at most: a language with more is indexed in
    several, by date, and its search box searches the newest and, on request, the earlier
    ones (``search_index.py``). Lower it when Pagefind's memory (about 135 KB a page) is
    more than the build's machine has; much above 20,000, a reader's first query loads more
    than 300 KB."""


class ShangliangPlugin(BasePlugin[ShangliangConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.assets: list[str] = []
        self.files: list[GeneratedFile] = []
        self.roots: dict[str, str] = {}
        self.nav_uris: set[str] = set()
        self.content_dir: Path | None = None
        self.indexing: SearchIndexing | None = None
        self.progress: Stage | None = None
        """The stage of MkDocs' work under way: the pages prepared, then written."""
        self.rendered_at = 0.0
        self.error_base: str | None = None
        """The not-found page's base where MkDocs' ("/") is another language's site
        (``_error_page_base``)."""
        self.written_at = 0.0
        """When MkDocs had written the last page (``on_post_build``)."""
        self.static_correction: tuple[str | None, str, str] = (None, "", LANGUAGES[0])
        """The editor base, the docs folder from the repository root, and the language:
        for static pages' "propose a correction" link."""
        self.handover = Handover()
        """Set by whoever runs the build, before it starts."""
        self.shells = Shells()
        self.part_work: OwnedFolder | None = None
        """A part's search views, written as its records are rendered (the site folder is
        emptied after that), moved into the part's folder at the end."""
        self.part_record_uris: list[str] = []
        """The first part's sitemap lists every record page, its own and the other parts'."""
        self.stubs: set[str] = set()
        """The navigation's pages a part other than the first writes only so that MkDocs lays
        the navigation out as one build does; removed once written."""
        self.phrases: dict[str, str] | None = None
        """A part's Chinese phrases, for the assembly's 繁體 table (none: the site has no table)."""
        self.shell_groups: dict[str, tuple] = {}
        """The shell group of each generated page outside the navigation, by source path."""
        self.build_date = dt.datetime.fromtimestamp(0, dt.timezone.utc)
        """The date stamped on the build, set by ``on_config`` (``Handover.build_date``)."""
        self.timings: dict[str, float] = {}
        """Seconds the last build spent on each stage: ``render`` (the core's pages and
        files), ``traditional`` (the Chinese site's 繁體 table), ``pages`` (MkDocs putting
        them into the theme and writing them), ``search`` (Pagefind, start to finish, beside
        the writing) and ``search wait`` (what the build waited for it after the writing);
        ``load`` and ``validate`` when the build read the content itself."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lang = site_language(config)
        add_packaged_theme(config.theme)
        if isinstance(self.config.search_bundle_pages, bool) or self.config.search_bundle_pages < 1:
            raise PluginError(f"{Path(config.config_file_path).name}: plugins: shangliang: search_bundle_pages: expected a number "
                              f"of record pages of at least 1, found {self.config.search_bundle_pages}")
        try:
            config.extra["shangliang_footer"] = footer_info(config.extra, lang)  # theme/partials/copyright.html
        except BuildError as error:
            raise PluginError(str(error)) from None
        root = Path(config.config_file_path).resolve().parent
        self.content_dir = root / self.config.content_dir
        self.timings = timings = {}
        self.shells, self.shell_groups = Shells(), {}
        self.phrases = None
        self.build_date = self.handover.build_date or get_build_datetime()
        incremental = self.handover.incremental
        started = time.perf_counter()
        archive = self.handover.archive
        if archive is not None and archive.content_dir.resolve() != self.content_dir.resolve():
            archive = None  # this language's config names a content folder of its own
        if archive is None:
            try:
                with collector_paused(self.handover.owns_process):
                    archive = load_archive(self.content_dir, root, incremental.load if incremental is not None else None)
            except ContentError as error:
                if self.handover.cache is not None:  # the engine reports what its first language found: the same, said once
                    raise
                raise PluginError(error.report()) from None
            timings.update(archive.timings)
            started = time.perf_counter()
        links = _switcher_links(config, lang)
        self.roots = _language_roots(config, lang, links)
        self.error_base = _error_page_base(config, lang, links)
        site = SiteInfo(
            lang=lang,
            site_name=config.site_name,
            description=config.site_description or "",
            edit_base=_edit_base(config, root),
            search=self.config.search,
            site_url=config.site_url or None,
            data_root=data_root(links, lang),  # the open data is published once, in the first language's site
        )
        self.static_correction = (site.edit_base, os.path.relpath(config.docs_dir, root).replace(os.sep, "/"), lang)
        part = self.handover.part
        # the search index is built while the other pages are rendered and the site is written
        if not self.config.search:
            indexed = None
        elif part is None:
            indexed = partial(self._start_indexing, lang, Path(config.site_dir).parent)
        else:  # the assembly indexes every part's pages
            indexed = partial(self._write_part_sources, lang, Path(config.site_dir).parent, part)
        rendered = render_site(archive, site, incremental.render if incremental else None, indexed, part)
        self.pages = {page.uri: page for page in rendered}
        self.part_record_uris = [record_uri(record) for record in archive.records.values()] if part and part.first else []
        if part is None or part.first:
            self.assets = asset_paths(archive, incremental.assets if incremental else None)
            previewing = self.handover.previewing
            commits = get_commit_times(root, self.config.content_dir, incremental.commits if previewing else None)  # type: ignore[union-attr]
            updated = get_updated_times(archive, commits)
            self.files = render_files(archive, site, updated, self.build_date, incremental.export if incremental else None,
                                      incremental.feeds if previewing else None)  # type: ignore[union-attr]
        else:
            self.assets, self.files = [], []
        # The sitemap, with every page's other-language alternates, is written in on_files.
        config.theme.static_templates.discard("sitemap.xml")
        config.extra["shangliang_feeds"] = [{"href": path, "title": title} for path, title in feed_titles(site)]  # theme/main.html
        nav = get_nav(lang, archive)
        self.nav_uris = {uri for item in nav for uri in item.values()}
        self.stubs = set()
        if part is not None and not part.first:
            for item in nav:
                for title, uri in item.items():
                    self.pages[uri] = Page(uri=uri, title=title, html="")
                    self.stubs.add(uri)
        if not config.nav:
            config.nav = nav
        if incremental is not None and incremental.nav != config.nav:  # every page shows it: write them all
            incremental.write_all()
            incremental.nav = copy.deepcopy(config.nav)
        for stylesheet in (STYLESHEET, ICONS_STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if QR_SCRIPT not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(QR_SCRIPT)
            script.defer = True
            config.extra_javascript.append(script)
        config.extra["shangliang_search"] = get_search_settings(lang, self.config.search)  # for theme/partials/search.html
        # theme/main.html, in a double-quoted attribute: its ' need no escaping (48 bytes a page)
        config.extra["shangliang_policy"] = Markup(str(escape(CONTENT_SECURITY_POLICY)).replace("&#39;", "'"))
        # the skip link and the Easy reading switch (theme/main.html, theme/partials/reading.html)
        config.extra["shangliang_frame"] = {key.removeprefix("frame-"): ui(key, lang) for key in UI if key.startswith("frame-")}
        config.extra["shangliang_tabs"] = get_light_frame_tabs(config)  # the light frame's (theme/main.html)
        # the 繁體 entry's name, which the light frame's script makes (theme/partials/frame-script.html)
        chinese = [alt for alt in config.extra.get("alternate") or [] if isinstance(alt, dict) and alt.get("lang") == "zh"]
        config.extra["shangliang_traditional"] = chinese[0].get("traditional") if chinese else None
        if self.handover.owns_process:
            freeze_survivors()
        timings["render"] = time.perf_counter() - started
        self.rendered_at = time.perf_counter()
        return config

    def _write_part_sources(self, lang: str, work_dir: Path, part: Part, records: Iterable[Page]) -> None:
        """Write this part's search views in a folder of its own beside the site (the site
        folder is emptied once this has run); a build killed before the end leaves it to
        the next build to delete (``locks``)."""
        try:
            remove_orphans(work_dir, PART_WORK_PREFIX)
            self.part_work = OwnedFolder(work_dir, PART_WORK_PREFIX)
            write_sources(records, lang, self.part_work.path / SEARCH_SOURCES, part)
        except OSError as error:
            raise PluginError(f"search index: could not write the part's search views: {error}") from None

    def _start_indexing(self, lang: str, work_dir: Path, records: Iterable[Page]) -> None:
        try:
            self.indexing = SearchIndexing(records, lang, work_dir, self.handover.turns, bundle_pages=self.config.search_bundle_pages)
        except BuildError as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        drop_unused_theme_files(files, config)  # Material's source maps, and its search without its plugin
        nav_uris = self.nav_uris
        part = self.handover.part
        uris = [file.src_uri for file in files.documentation_pages()] + list(self.pages) + self.part_record_uris
        sitemap = self._sitemap(uris, site_language(config))
        table = self._render_traditional(files, config)
        incremental = self.handover.incremental
        bytecode = incremental.bytecode if incremental is not None else None
        theme_files = [render_icons(config), *filter(None, [render_search_dialog(config, bytecode), render_frame_script(config, bytecode)])]  # once, not on every page
        generated = [*self.files, *([sitemap] if part is None or part.first else []), *table, *theme_files]
        theirs = files.get_file_from_path(sitemap.uri)  # the theme's own sitemap template
        if theirs is not None and not _is_static(theirs, config):
            files.remove(theirs)
        destinations = self.check_destinations(files, config, generated)
        outputs = self._digests(generated) if incremental is not None else {}
        if incremental is not None:  # files from content/, which MkDocs copies when newer: deleted once no page links them
            outputs |= dict.fromkeys(self.assets, ASSET_MARK)
        cache = self.handover.cache
        if cache is not None:
            cache.unseal()  # what follows changes the cache's folder
        if incremental is not None and incremental.everything:
            # Everything is written anew (a new theme, say): MkDocs' dirty build would skip
            # static pages whose source is older than their page, so remove those pages.
            for file in files.documentation_pages():
                Path(file.abs_dest_path).unlink(missing_ok=True)
        unchanged = _unchanged(outputs, config, incremental) - nav_uris  # the navigation needs its pages
        for page in self.pages.values():
            if page.uri not in unchanged:
                inclusion = InclusionLevel.UNDEFINED if page.uri in nav_uris else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
        assert self.content_dir is not None
        for asset in self.assets:
            files.append(File.generated(config, asset, abs_src_path=str(self.content_dir / asset)))
        for file in generated:
            if file.uri not in unchanged:
                files.append(File.generated(config, file.uri, content=file.content))
        if cache is not None:  # static pages too: a checkout gives every file a new time
            _prepare_shared_folder(Path(config.site_dir), destinations, files, config)
        pages = sum(1 for file in files.documentation_pages() if not file.inclusion.is_excluded())
        self.progress = Stage(f"{site_language(config)}: pages prepared", pages)
        return files

    def _sitemap(self, uris: list[str], lang: str) -> GeneratedFile:
        """``render_sitemap``; in the live preview, the last one while the pages and the
        languages' roots are the same (most edits change neither)."""
        incremental = self.handover.incremental
        if incremental is None:
            return render_sitemap(uris, lang, self.roots)
        made_of = (tuple(sorted(uris)), lang, tuple(self.roots.items()))
        if incremental.sitemap is None or incremental.sitemap[0] != made_of:
            incremental.sitemap = (made_of, render_sitemap(uris, lang, self.roots))
        return incremental.sitemap[1]

    def _digests(self, generated: list[GeneratedFile]) -> dict[str, bytes]:
        """A digest of every page and file the live preview's build hands MkDocs, to tell
        which changed since the last build. A page or a file's content kept by the render is
        the very object hashed last time, and keeps its digest."""
        incremental = self.handover.incremental
        assert incremental is not None
        known = incremental.digests
        incremental.digests = {
            page.uri: (page, last[1] if (last := known.get(page.uri)) is not None and last[0] is page else _digest(page))
            for page in self.pages.values()
        }
        outputs = {uri: digest for uri, (_, digest) in incremental.digests.items()}
        known_files = incremental.file_digests
        # The live preview's digests last as long as its process: a file's new content (a
        # new object) needs no hashing to be told from the last, only a mark never used
        # before (hashing the open data was 25 ms of a rebuild at 10,000 consultations).
        # A build's cache keeps them for the next build, which must know equal files.
        marked = self.handover.previewing
        incremental.file_digests = {
            file.uri: (file.content, last[1] if (last := known_files.get(file.uri)) is not None and last[0] is file.content
                       else b"new %d" % next(_NEW_MARKS) if marked else hashlib.blake2b(file.content).digest())
            for file in generated
        }
        return outputs | {uri: digest for uri, (_, digest) in incremental.file_digests.items()}

    def _render_traditional(self, files: Files, config: MkDocsConfig) -> list[GeneratedFile]:
        """The Chinese site's 繁體 table (``render/traditional.py``), made from the text of
        every page and of the settings and theme around them, when the language switcher
        offers 繁體 (``traditional`` on its Chinese entry); the theme finds it in
        ``extra.shangliang_hant``."""
        config.extra.pop("shangliang_hant", None)
        switcher = config.extra.get("alternate") or []
        if site_language(config) != LANGUAGES[0] or not any(alt.get("traditional") for alt in switcher):
            return []
        started = time.perf_counter()
        texts = [*get_page_texts(self.pages.values()), *_theme_texts(config)]
        texts += get_setting_texts([config.site_name, config.site_description, config.copyright, config.nav, dict(config.extra)])
        texts += [file.content_string for file in files.documentation_pages()]
        if self.handover.part is not None:  # the assembly makes the table from every part's phrases
            self.phrases = find_phrases(texts, load_dictionary())
            config.extra["shangliang_hant"] = {"table": TABLE_PATH}
            self.timings["traditional"] = time.perf_counter() - started
            return []
        table = render_table(texts, cache=self.handover.incremental.phrases if self.handover.incremental else None)
        config.extra["shangliang_hant"] = {"table": table.uri}  # for theme/partials/alternate.html
        self.timings["traditional"] = time.perf_counter() - started
        return [table]

    def check_destinations(self, files: Files, config: MkDocsConfig, generated: list[GeneratedFile]) -> set[str]:
        """Raise ``PluginError`` unless every page and file of the build, ours (``generated``
        among them) and MkDocs' (``files``: static and theme files), is written inside the
        site folder, each at an address of its own, and no static file replaces a theme's
        file. The archive's checks keep content from doing any of this
        (``addresses``, ``site_paths``); this is the last guard before anything is written.
        Returns where they are written (paths in the site folder)."""
        directory_urls = config.use_directory_urls
        incremental = self.handover.incremental
        known = incremental.destinations if incremental is not None and incremental.destinations[0] == directory_urls else (directory_urls, {})
        pages = {uri: known[1].get(uri) or destination_of(uri, directory_urls) for uri in self.pages}
        destinations = [(destination, "generated page", uri) for uri, destination in pages.items()]
        destinations += [(file.uri, "generated file", file.uri) for file in generated]
        destinations += [(destination_of(path, directory_urls), "file from content/", path) for path in self.assets]
        written = [file for file in files if not file.inclusion.is_excluded()]  # hidden files are not written
        destinations += [(file.dest_uri, _kind_of(file, config), file.src_uri) for file in written]
        destinations += [(name, "theme's page", name) for name in config.theme.static_templates]
        folders = {SEARCH_FOLDER: "the search index"} if self.config.search else {}
        checked = (destinations, config.site_dir, folders)
        if incremental is not None and incremental.checked is not None and incremental.checked[0] == checked:
            problems, paths = [], incremental.checked[1]  # the same as the last build's, which had no problem
        else:
            problems = destination_problems(destinations, config.site_dir, folders)
            paths = {posixpath.normpath(destination) for destination, _, _ in destinations}
        if incremental is not None:
            incremental.destinations = (directory_urls, pages)
            incremental.checked = (checked, paths) if not problems else None
        problems += [
            f"the file from content/ '{path}' would be rendered as a page; only files published as they are may be attached"
            for path in self.assets if path.lower().endswith(markdown_extensions)
        ]
        problems += [
            f"the {_kind_of(file, config)} '{file.src_uri}' would replace the theme's file of that name"
            for file in written if _is_static(file, config) and _is_theme_file(file.src_uri, config)
        ]
        if problems:
            raise PluginError("\n".join(problems) + "\nNothing was written.")
        return paths

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs' theme environment does not escape what templates print: a record's title
        # would reach <title>, the header and the meta tags as raw HTML. Every value is
        # escaped unless it is markup already made safe (``on_page_content``).
        env.autoescape = True
        # JSON the theme prints into a page (Material's settings, say) keeps Chinese as it is,
        # not as \uXXXX: a third of the bytes. Jinja's tojson still escapes < > & ' for HTML.
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
        if self.progress is not None:  # every page has been read and converted; now each is put into the theme and written
            self.progress.finish()
            self.progress = Stage(f"{site_language(config)}: pages written", self.progress.total)
        incremental = self.handover.incremental
        if incremental is not None:  # the preview: compile the theme's templates once, not on every build
            env.bytecode_cache = incremental.bytecode
        return env

    def on_pre_page(self, page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
        page.update_date = self.build_date.strftime("%Y-%m-%d")  # MkDocs' own sitemap's <lastmod>
        return page

    def on_template_context(self, context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
        context["build_date_utc"] = self.build_date
        if template_name == "404.html" and self.error_base is not None:
            context["base_url"] = self.error_base  # the theme's links and assets all go through it
        return context

    def on_page_context(self, context: TemplateContext, page: MkDocsPage, config: MkDocsConfig, nav) -> TemplateContext:
        context["build_date_utc"] = self.build_date
        group = self.shell_groups.get(page.file.src_uri)
        if group is not None:
            made = self.shells.page_for(group, _shell_values(page))
            context["shangliang_page"] = None if made is None else Markup(made)  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta = {"title": generated.title, "description": generated.description, **generated.meta}
            if page.file.src_uri not in self.nav_uris and not generated.meta:
                # the pages of a kind differ only in their values (shells.py); the navigation's have an active tab
                page.meta["template"] = SHELL_TEMPLATE
                self.shell_groups[page.file.src_uri] = (
                    page.url.split("/")[0], page.url.count("/"), bool(generated.title), bool(generated.description),
                )
        else:  # a static page: its settings were checked with the archive; this is the last guard
            settings = {str(key): value for key, value in page.meta.items()}
            problems = [f"{key}: {message}" for key, value in settings.items() if (message := setting_problem(key, value))]
            if problems:
                raise PluginError(f"{page.file.src_uri}: " + "; ".join(problems))
        return markdown

    @event_priority(-100)  # after every plugin's on_post_page: MkDocs writes the output next
    def _release_content(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Let go of a generated page's content once the theme has made the page of it:
        MkDocs would hold every page's until the whole site is written (at 10,000
        consultations about 150 MB a language, with our copy let go in ``on_page_content``).
        Not in the live preview, which keeps its pages from one build to the next."""
        if page.file.src_uri in self.pages and self.handover.incremental is None:
            page.content = None
        return output

    @event_priority(100)  # the theme's own output, before any other plugin changes it
    def _learn_and_compact(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.progress.advance()
        group = self.shell_groups.get(page.file.src_uri)
        if group is not None:  # learnt from the theme's page as it made it, before the compaction
            self.shells.learn(group, _shell_values(page), output)
        return compact_html(output)  # the same page, without the whitespace a browser ignores

    on_post_page = CombinedEvent(_learn_and_compact, _release_content)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's static pages (Material's ``404.html``), as compact as the others."""
        return compact_html(output_content)

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> Markup:
        if self.progress is not None:
            self.progress.advance()
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            content = Markup(generated.html)  # rendered and sanitized by the core
            if self.handover.incremental is None:  # MkDocs holds it now; two copies of every page are too many
                self.pages[page.file.src_uri] = replace(generated, html="")
            return content
        _mark_headings_safe(page)
        edit_base, docs_dir, lang = self.static_correction
        correction = render_correction_link(edit_base, [("propose-correction", f"{docs_dir}/{page.file.src_uri}")], lang)
        return Markup(sanitize_static_page(html)) + correction  # MkDocs rendered it, without the allowlist

    def on_post_build(self, config: MkDocsConfig) -> None:
        incremental, timings = self.handover.incremental, self.timings
        if incremental is not None:
            incremental.written, incremental.pending, incremental.writing = incremental.pending, {}, False
            incremental.everything = False
        finished = time.perf_counter()
        timings["pages"] = finished - self.rendered_at - timings.get("traditional", 0.0)
        log.info("%s: %d of %d pages made from their kind's shell", site_language(config), self.shells.filled, len(self.shell_groups))
        if self.progress is not None:
            self.progress.finish()
            self.progress = None
        if self.handover.part is not None:
            self._finish_part(config)
        self.written_at = finished
        if self.indexing is not None and not self.handover.search_after_build:
            try:
                self.finish_search(Path(config.site_dir), site_language(config))
            except BuildError as error:
                raise PluginError(str(error)) from None

    def finish_search(self, site_dir: Path, lang: str) -> None:
        """Wait for the search index, if one is being made, and put it into ``site_dir``.
        Raises ``BuildError``."""
        if self.indexing is None:
            return
        indexing, self.indexing = self.indexing, None
        waiting = Stage(f"{lang}: search index", 1)
        indexing.finish(site_dir)
        waiting.finish()
        self.timings["search"] = indexing.seconds
        self.timings["search wait"] = time.perf_counter() - self.written_at

    def release(self) -> None:
        """Let go of the pages and files this build rendered, once MkDocs has written them:
        the search index may take a while yet, and the memory is better left to Pagefind."""
        self.pages, self.files, self.assets, self.roots = {}, [], [], {}
        self.nav_uris, self.part_record_uris, self.stubs = set(), [], set()
        self.shells, self.shell_groups = Shells(), {}

    def _finish_part(self, config: MkDocsConfig) -> None:
        """Keep what the assembly needs in the part's folder, and remove the navigation's
        stand-in pages."""
        site_dir = Path(config.site_dir)
        folder = site_dir / PART_FOLDER
        try:
            folder.mkdir(exist_ok=True)
            if self.part_work is not None:
                shutil.move(str(self.part_work.path / SEARCH_SOURCES), str(folder / SEARCH_SOURCES))
                (folder / SEARCH_SETTINGS).write_text(json.dumps({"bundle_pages": self.config.search_bundle_pages}), encoding="utf-8")
            if self.phrases is not None:
                (folder / PHRASES).write_text(json.dumps(self.phrases, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        except OSError as error:
            raise PluginError(f"could not keep the part's search views and phrases: {error}") from None
        finally:
            self._remove_part_work()
        for uri in self.stubs:
            page = Path(File.generated(config, uri, content="").abs_dest_path)
            page.unlink(missing_ok=True)
            if page.parent != site_dir and not any(page.parent.iterdir()):
                page.parent.rmdir()

    def _remove_part_work(self) -> None:
        if self.part_work is not None:
            self.part_work.remove()
            self.part_work = None

    def on_build_error(self, error: Exception) -> None:
        self._remove_part_work()
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None


MKDOCS_DEFAULT_EDIT_URIS = ("edit/master/docs/", "src/default/docs/")
"""What MkDocs puts in ``edit_uri`` when a GitHub, GitLab or Bitbucket ``repo_url`` comes
without one: a guess (branch ``master``, folder ``docs/``) that is wrong for this project."""


def _edit_base(config: MkDocsConfig, root: Path) -> str | None:
    """The web editor of the repository root (``render.corrections``), from ``repo_url``
    and ``edit_uri``; none when ``edit_uri`` is MkDocs' own guess rather than the project's
    setting. The config file's folder is taken to be the repository root. Stops the build
    unless these addresses and ``site_url`` are http(s): config comes by pull request too."""
    docs_dir = os.path.relpath(config.docs_dir, root).replace(os.sep, "/")
    edit_uri = config.edit_uri
    if edit_uri in MKDOCS_DEFAULT_EDIT_URIS and docs_dir != "docs":
        edit_uri = None
    try:
        if config.site_url:  # record pages print their address and its QR code
            check_web_address("site_url", config.site_url)
        return get_edit_base(config.repo_url, edit_uri, docs_dir)
    except BuildError as error:
        raise PluginError(str(error)) from None


def _mark_headings_safe(page: MkDocsPage) -> None:
    """A static page's title taken from its first heading, and its table of contents, are
    HTML as Markdown wrote them (``&amp;`` and all): hand them to the autoescaping theme as
    markup, reduced to their text, so they are neither escaped twice nor read as tags."""
    if page.title is not None and page.title is getattr(page, "_title_from_render", None):
        page.title = _heading_text(page.title)
    todo = list(page.toc)
    while todo:
        item = todo.pop()
        item.title = _heading_text(item.title)
        todo += item.children


def _heading_text(html: str) -> Markup:
    """The text of a heading's HTML, escaped for any place (nh3 leaves a '"' as it is,
    which would end an attribute such as the footer link's aria-label)."""
    return escape(Markup(nh3.clean(html, tags=set())).unescape())


def _theme_texts(config: MkDocsConfig) -> list[str]:
    """The words the theme itself puts on pages: this site's templates and scripts, and
    Material's Chinese strings."""
    paths = [path for folder in own_theme_dirs(config.theme) for path in Path(folder).rglob("*") if path.suffix in (".html", ".js")]
    paths += [Path(folder, "partials", "languages", "zh.html") for folder in config.theme.dirs]
    return [path.read_text(encoding="utf-8") for path in paths if path.is_file()]


def _is_static(file: File, config: MkDocsConfig) -> bool:
    """Whether ``file`` comes from the docs folder (``content/pages/<lang>/``)."""
    return file.src_dir is not None and os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir)


def _is_theme_file(path: str, config: MkDocsConfig) -> bool:
    return any(os.path.isfile(os.path.join(folder, path)) for folder in config.theme.dirs)


def _kind_of(file: File, config: MkDocsConfig) -> str:
    if file.generated_by is not None:
        return "generated file"
    if _is_static(file, config):
        return "static page" if file.is_documentation_page() else "static file"
    return "theme's file"


def _shell_values(page: MkDocsPage) -> PageValues:
    """What the theme prints of a generated page, as it prints it (autoescaped)."""
    return PageValues(
        content=str(page.content or ""),
        address=page.url.rstrip("/"),
        description=str(escape(page.meta.get("description") or "")),
        title=str(escape(page.meta.get("title") or "")),
    )


def _digest(page: Page) -> bytes:
    """What tells a page's content apart, cheaply: the page's HTML (the bulk) is hashed as
    it is, not copied into one serialised whole first."""
    digest = hashlib.blake2b()
    meta = json.dumps(page.meta, ensure_ascii=False, sort_keys=True, default=str)
    for part in (page.title, page.description, meta, page.html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.digest()


def _prepare_shared_folder(site_dir: Path, destinations: set[str], files: Files, config: MkDocsConfig) -> None:
    """Before a cached build writes into the folder of the last one (``build_cache.py``):
    delete what this build would not write (a full build's site holds nothing else; the
    search index is put in afresh), and unlink every file MkDocs is handed (the pages and
    files that changed, and the theme's and the content's files, few, which MkDocs would
    skip by their times, unreliable in a new checkout), so that it writes each anew and the
    site of the last build, whose files are hard links to these, keeps its bytes."""
    try:
        for folder, names, names_of_files in os.walk(site_dir, topdown=False):
            relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
            for name in names_of_files:
                path = name if relative == "." else f"{relative}/{name}"
                if path not in destinations:
                    os.unlink(os.path.join(folder, name))
            if relative != "." and not os.listdir(folder):
                os.rmdir(folder)
        rewritten = [file.abs_dest_path for file in files if not file.inclusion.is_excluded()]
        rewritten += [os.path.join(config.site_dir, name) for name in config.theme.static_templates]
        for path in rewritten:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    except OSError as error:  # a file another program holds open (Windows), or that may not be deleted
        raise PluginError(f"--cache: cannot delete {error.filename}: {error.strerror or error}") from None


def _unchanged(outputs: dict[str, bytes], config: MkDocsConfig, incremental: Incremental | None) -> set[str]:
    """In a live-preview build, the pages and files whose content is what was written last
    time (MkDocs leaves them in place); pages and files gone since are deleted from the
    site. Outside the preview, none."""
    if incremental is None:
        return set()
    incremental.pending = outputs
    incremental.writing = True
    for uri in incremental.written.keys() - outputs.keys():
        output = Path(File.generated(config, uri, content="").abs_dest_path)
        output.unlink(missing_ok=True)
        if output.name == "index.html" and output.parent.is_dir() and not any(output.parent.iterdir()):
            output.parent.rmdir()
    return {uri for uri, digest in outputs.items() if incremental.written.get(uri) == digest}


def _error_page_base(config: MkDocsConfig, lang: str, links: dict[str, str]) -> str | None:
    """The base of this language's not-found page, when MkDocs' own is wrong: without
    ``site_url`` MkDocs takes the server's root ("/") for it, which is the first language's
    site; the engine puts each other language's site in ``<lang>/`` beside it, and the
    switcher then links to the first as ``../``. None: MkDocs' base is right."""
    if config.site_url or data_root(links, lang) != "../":  # the first language's root, as the open data finds it
        return None
    return f"/{lang}/"  # MkDocs' bases of not-found pages end in "/" (Material's scope and "base" are read raw)


def _switcher_links(config: MkDocsConfig, lang: str) -> dict[str, str]:
    """The path from this site's root to each language's root, from the language switcher
    (``extra.alternate``), this site's (``""``) included."""
    switcher = config.extra.get("alternate") or []
    needs = "each entry needs 'lang' (zh, en) and 'link', the path from this site's root to that language's root (\"\" for this site, en/, ../)"
    if not isinstance(switcher, list):
        raise PluginError(f"extra.alternate: expected a list of the switcher's languages; {needs}")
    links = {}
    for number, alt in enumerate(switcher, 1):
        if not isinstance(alt, dict) or not isinstance(alt.get("lang"), str) or not isinstance(alt.get("link") or "", str):
            raise PluginError(f"extra.alternate: entry {number} is not one of the switcher's languages; {needs}")
        links[alt["lang"]] = alt.get("link") or ""
    links.setdefault(lang, "")
    return links


def _language_roots(config: MkDocsConfig, lang: str, links: dict[str, str]) -> dict[str, str]:
    """Each language's site root, from ``site_url`` and the language switcher's ``links``
    (``_switcher_links``); each language needs its own root, so a non-primary language's
    config must set its own ``site_url`` when the primary one does."""
    roots = language_roots(config.site_url, links)
    if len(set(roots.values())) < len(roots):
        raise PluginError(
            f"site_url: '{config.site_url}' is the address of the '{lang}' site and of another language's; "
            f"set site_url in each language's config to that language's own address (e.g. the English site's ends in en/)"
        )
    return roots


def site_language(config: MkDocsConfig) -> str:
    """The site's language from Material's ``theme.language`` (``zh`` unless ``en``)."""
    language = str(config.theme.get("language") or LANGUAGES[0])
    if language not in LANGUAGES:
        raise PluginError(f"theme.language: '{language}' is not a site language; expected one of: {', '.join(LANGUAGES)}")
    return language
