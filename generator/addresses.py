"""Where records and pages are published: the one address scheme the checks, the pages,
the feeds, the sitemap, the open data and the command line share.

A record's *address* is its folder and id, ``consultations/jining-2022-culture``: the form
``content/published.txt`` and ``content/redirects.yml`` use. Its page's *uri* is the address
with ``.md`` (``consultations/jining-2022-culture.md``), the same in every language; a page uri
is published at a directory-style *url* relative to the language's site root
(``consultations/jining-2022-culture/``; ``index.md`` at its folder itself).
"""

from __future__ import annotations

import re

from .model import ID_PATTERN, MAX_ID_LENGTH, RESERVED_IDS, TYPES_BY_FOLDER, Record

EXAMPLE = "e.g. 'consultations/old-id'"
PAGE_SUFFIX = ".md"

HOME_URI = "index.md"
PAST_URI = "past/index.md"
SECTIONS = (
    ("past", PAST_URI),
    ("platforms", "platforms/index.md"),
    ("proposals", "proposals/index.md"),
    ("outcomes", "outcomes/index.md"),
    ("units", "units/index.md"),
    ("organisations", "organisations/index.md"),
    ("statistics", "statistics/index.md"),
    ("data", "data/index.md"),
)
"""The top-level pages, by their ``i18n.UI`` key, in the order of the site's navigation."""
DATA_FOLDER = "data"
"""Where the open data is written, in the first language's site root (``render.opendata``);
every language's site has its Open data page there."""
FEEDS = (("feeds/consultations.xml", "feed-consultations"), ("feeds/outcomes.xml", "feed-outcomes"))
"""Each feed's path from the language's site root, and the ``i18n.UI`` key of its title."""
SITEMAP_PATH = "sitemap.xml"
SEARCH_FOLDER = "search"
"""Where each language's search index is written, in its site's root; the search box
(``theme/partials/search.html``) loads it from there."""


def get_address(folder: str, record_id: str) -> str:
    """The address of the record ``record_id`` of the record folder ``folder``."""
    return f"{folder}/{record_id}"


def address_of(record: Record) -> str:
    """A record's address: its folder and id, e.g. ``consultations/jining-2022-culture``."""
    return get_address(record.folder, record.id)


def record_address_problem(address: str) -> str | None:
    """Why ``address`` is not the address of a record, ``<record folder>/<id>``, if it is not."""
    if address.startswith("/"):
        return (
            f"found '{address}', an absolute path; expected a record's address: its folder and id without a leading "
            f"'/', {EXAMPLE}"
        )
    parts = address.split("/")
    if len(parts) != 2 or not all(parts):
        return f"found '{address}', expected a record's address: its folder and id, {EXAMPLE}"
    folder, record_id = parts
    if folder not in TYPES_BY_FOLDER:
        folders = ", ".join(TYPES_BY_FOLDER)
        return f"found '{address}', but '{folder}' is not a folder of records; expected one of {folders}, {EXAMPLE}"
    if not re.fullmatch(ID_PATTERN, record_id) or len(record_id) > MAX_ID_LENGTH:
        return (
            f"found '{address}', but '{record_id}' is not an id; expected at most {MAX_ID_LENGTH} lower-case letters, "
            f"digits and single hyphens, {EXAMPLE}"
        )
    if record_id in RESERVED_IDS:
        return (
            f"found '{address}', but the id '{record_id}' is reserved for the site's index pages; no record has ever "
            "had it"
        )
    return None


def id_of_address(address: str) -> str:
    """The record id in a record's address: ``consultations/x`` → ``x``."""
    return address.split("/", 1)[1]


def uri_of_address(address: str) -> str:
    """The page uri of a record's address: ``consultations/x`` → ``consultations/x.md``."""
    return address + PAGE_SUFFIX


def record_uri(record: Record) -> str:
    """``consultations/<id>.md``: the page of a record, the same in every language."""
    return uri_of_address(address_of(record))


def record_url(record: Record) -> str:
    """``consultations/<id>/``: where a record's page is published, relative to a site root."""
    return url_of_uri(record_uri(record))


def url_of_uri(uri: str) -> str:
    """The directory-style address of a page uri: ``a/b.md`` → ``a/b/``; ``a/index.md`` → ``a/``."""
    stem = uri[: -len(PAGE_SUFFIX)]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """Shortest relative link between two site addresses relative to the root; ``from_url`` is
    directory-style (``a/b/``), ``to_url`` a page (``a/c/``) or a file (``x/f.pdf``)."""
    from_folders = from_url.split("/")[:-1]
    to_parts = to_url.split("/")
    common = 0
    while common < min(len(from_folders), len(to_parts) - 1) and from_folders[common] == to_parts[common]:
        common += 1
    return "../" * (len(from_folders) - common) + "/".join(to_parts[common:]) or "./"
