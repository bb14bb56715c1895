"""The sitemap of one language's site: every page, each with its other-language alternates.

Every language has the same page addresses (see ``page``), so a page's alternate is the
same address under the other language's root. With ``site_url`` configured the roots, and
so every address, are absolute, as search engines want; without it they are relative to
the sitemap file (``./past/``, ``en/past/``), which keeps the file well-formed and every
address resolvable, but search engines need ``site_url`` to use it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from urllib.parse import urljoin

from ..addresses import SITEMAP_PATH, url_of_uri
from .page import XML_DECLARATION, GeneratedFile

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"



def render_sitemap(uris: Iterable[str], lang: str, roots: Mapping[str, str]) -> GeneratedFile:
    """The sitemap of the ``lang`` site holding the pages ``uris``. ``roots`` gives each
    language's site root, absolute or relative to this site's root, ``lang`` included."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for url in sorted({url_of_uri(uri) for uri in uris}):
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = roots[lang] + url
        for other, root in roots.items():
            ET.SubElement(entry, "xhtml:link", rel="alternate", hreflang=other, href=root + url)
    ET.indent(urlset, space=" ")
    return GeneratedFile(SITEMAP_PATH, XML_DECLARATION + ET.tostring(urlset, encoding="unicode").encode("utf-8") + b"\n")


def language_roots(site_url: str | None, links: Mapping[str, str]) -> dict[str, str]:
    """Each language's root from the language switcher's ``links`` (the path from this
    site's root to each language's root, ``""`` for this one): absolute under ``site_url``,
    else relative (``./`` for this site)."""
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
        return {lang: urljoin(base, link) for lang, link in links.items()}
    return {lang: link or "./" for lang, link in links.items()}
