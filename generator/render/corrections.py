""""Propose a correction": a link from a page to its file in the repository's web editor.

Readers who spot a mistake follow it to the file in the web editor of the archive's
repository (GitHub, GitLab, Gitea …), where saving a change starts a pull request. The
address is the editor's base for the repository root (``edit_base``) followed by the file's
path from the repository root, one URL-encoded segment at a time. Where that base comes from
(MkDocs' ``repo_url`` and ``edit_uri``) is the adapter's business (``get_edit_base``)."""

from __future__ import annotations

import posixpath
from urllib.parse import quote, urljoin, urlsplit

from markupsafe import Markup

from ..errors import BuildError
from . import i18n

URL_SCHEMES = ("http", "https")


def get_edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> str | None:
    """The address of the web editor for the repository root, ending in ``/``, from
    ``repo_url`` and ``edit_uri`` (MkDocs' settings); ``None`` unless both are given.

    MkDocs reads ``edit_uri`` relative to ``docs_dir``; record files live outside it, so a
    trailing ``docs_dir`` (a path relative to the config file's folder, which is the
    repository root) is removed: ``edit/main/content/pages/zh/`` and ``edit/main/`` both
    give ``<repo_url>/edit/main/``. Another language's docs folder (a sibling of
    ``docs_dir``, which a config inherits through ``INHERIT``) is removed too. An absolute
    ``edit_uri`` stands on its own, as in MkDocs. Raises ``BuildError`` unless the result
    is an http(s) address: settings come through pull requests too."""
    if not repo_url or not edit_uri:
        return None
    check_web_address("repo_url", repo_url)
    if any(mark in edit_uri for mark in "?#"):
        raise BuildError(f"edit_uri: '{edit_uri}' has a query or fragment; expected a path such as edit/main/")
    path = _without_docs_dir(edit_uri.strip("/"), docs_dir)
    base = urljoin(repo_url.rstrip("/") + "/", path + "/" if path else "")
    check_web_address("edit_uri", base)
    return base


def _without_docs_dir(path: str, docs_dir: str) -> str:
    """``path`` less a trailing ``docs_dir`` or sibling of it (``content/pages/<any>``)."""
    docs = posixpath.normpath(docs_dir.replace("\\", "/")).strip("/")
    parent = posixpath.dirname(docs)
    head, _, last = ("/" + path).rpartition("/")
    for folder, rest in ((docs, "/" + path), (parent, head)):
        if folder and (rest == "/" + folder or rest.endswith("/" + folder)):
            return rest[: -len(folder) - 1].strip("/")
    return path


def check_web_address(setting: str, url: str) -> None:
    """Raise ``BuildError`` unless ``url`` is an http(s) address a page can print as it is."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc or any(c.isspace() or c in "\"'<>`" for c in url):
        raise BuildError(
            f"{setting}: '{url}' is not an http(s) address; expected e.g. https://github.com/OWNER/REPO"
        )


def edit_url(edit_base: str, path: str) -> str:
    """The editor's address of the file at ``path`` (from the repository root), each
    segment URL-encoded: ``content/consultations/2022/a b.yml`` → ``…/2022/a%20b.yml``."""
    return edit_base + "/".join(quote(segment, safe="") for segment in path.split("/"))


def render_correction_link(edit_base: str | None, paths: list[tuple[str, str]], lang: str) -> Markup:
    """The "propose a correction" footer of a page: one link per ``(ui key, path)``, the
    first the page's main file; nothing without an ``edit_base``."""
    if not edit_base or not paths:
        return Markup("")
    links = [
        Markup('<a class="sl-correction__link" href="{}" rel="noopener">{}</a>').format(edit_url(edit_base, path), i18n.ui(key, lang))
        for key, path in paths
    ]
    return Markup('<footer class="sl-correction" data-pagefind-ignore><p>{} {}</p></footer>').format(
        i18n.ui("correction-lead", lang), Markup('<span class="sl-sep" aria-hidden="true"> · </span>').join(links)
    )
