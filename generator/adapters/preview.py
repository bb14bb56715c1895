"""Live preview: build every language into a temporary folder, serve it, rebuild on change.

Uses MkDocs' live-reload server, so open pages reload themselves after each rebuild. A
rebuild that finds problems prints them and keeps serving the last good site.
The preview has no search index: indexing takes seconds at a few thousand records, and
the preview must follow an editor's changes at once; the search box says so.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..errors import ContentError, ShangliangError
from .engine import SiteConfig, build_site

log = logging.getLogger("shangliang")


def serve_site(site: SiteConfig, host: str = "127.0.0.1", port: int = 8000, jobs: int = 2) -> None:
    """Serve the site at http://host:port/ until interrupted. The first build must succeed."""
    served = Path(tempfile.mkdtemp(prefix="shangliang-")) / "site"

    def rebuild() -> None:
        # A failed rebuild is reported and the last good site stays served (MkDocs' own
        # server would hold every request until the error is fixed).
        try:
            result = build_site(site, served, jobs=jobs, search=False)
        except ContentError as error:
            log.error("%s\nStill serving the last good site.", error.report())
            return
        except ShangliangError as error:
            log.error("%s\nStill serving the last good site.", error)
            return
        log.info("Built %d records in %s (%.1f s)", result.records, ", ".join(result.languages), result.seconds)

    try:
        build_site(site, served, jobs=jobs, search=False)
    except ShangliangError:
        shutil.rmtree(served.parent, ignore_errors=True)
        raise
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(served))
    for path in _watched_paths(site):
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Stopped.")
    finally:
        server.shutdown()
        shutil.rmtree(served.parent, ignore_errors=True)


def _watched_paths(site: SiteConfig) -> list[Path]:
    paths = [site.content_dir] + [site.language_config(lang) for lang in site.languages()]
    theme = site.root / "theme"
    if theme.is_dir():
        paths.append(theme)
    return paths
