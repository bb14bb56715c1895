"""A build split into parts (``shangliang build --part K/N``), for archives too big for one
machine's time: each part loads and checks the whole archive, and renders its share of the
record pages (every N-th, from the K-th, in the order a whole build renders them); the first
part also writes every other page and file, all of them made from the whole archive, so they
are what one build writes. ``shangliang assemble`` then puts the parts together into the
site one build makes, byte for byte (``adapters/assemble.py``), with the search index made
from every part's search views and the 繁體 table from every part's phrases.

A part keeps what only the whole site can be made from in ``PART_FOLDER`` of each
language's folder: the pages' search views, and the Chinese phrases found in its pages;
``MANIFEST`` at the part's root says which part it is, of how many, and of what content.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from .archive import Archive
from .errors import BuildError

PART_WORK_PREFIX = ".shangliang-part-"
"""A part's search views are written to ``<prefix><random>`` beside its site folder, and
moved into ``PART_FOLDER`` once the part is built."""
PART_FOLDER = ".shangliang-part"
"""In each language's folder of a part: what only the assembly can finish."""
MANIFEST = f"{PART_FOLDER}/part.json"
"""At a part's root: ``{"part": K, "of": N, "languages": {"zh": "", "en": "en"}, "content": digest}``."""
SEARCH_SOURCES = "search"
"""The part's search views, in ``PART_FOLDER``: the files Pagefind reads, named as one
build names them (their place among all record pages)."""
SEARCH_SETTINGS = "search.json"
"""``{"bundle_pages": N}`` in ``PART_FOLDER`` of a part built with search: how its language's
index is split (the plugin's ``search_bundle_pages``), which every part must agree on."""
PHRASES = "hant-phrases.json"
"""The Chinese phrases the part's pages hold, in ``PART_FOLDER`` (``traditional.find_phrases``)."""

_PART = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True)
class Part:
    """Part ``number`` of ``total``."""

    number: int
    total: int

    @classmethod
    def parse(cls, text: str) -> Part:
        """``K/N`` with 1 ≤ K ≤ N; raises ``BuildError``."""
        match = _PART.fullmatch(text.strip())
        if match is None or not 1 <= int(match[1]) <= int(match[2]):
            raise BuildError(f"--part: expected K/N, a part's number and how many parts there are, such as 2/3; found '{text}'")
        return cls(int(match[1]), int(match[2]))

    @property
    def first(self) -> bool:
        """Whether this part writes the pages and files that are not record pages."""
        return self.number == 1

    def takes(self, index: int) -> bool:
        """Whether the record page at ``index`` (from 0, in a whole build's order) is this part's."""
        return index % self.total == self.number - 1

    def place(self, index: int) -> int:
        """The place, among all record pages (from 1), of this part's page number ``index`` (from 0)."""
        return index * self.total + self.number

    def __str__(self) -> str:
        return f"{self.number}/{self.total}"


def content_digest(archive: Archive) -> str:
    """What tells one archive's content from another's: every record's fields and files. Parts
    made from different content (another commit) would not assemble into one site."""
    digest = hashlib.blake2b(digest_size=16)
    for record_id in sorted(archive.sources):
        raw = archive.sources[record_id]
        digest.update(json.dumps([record_id, raw.path, raw.english_path, raw.data], ensure_ascii=False, sort_keys=True, default=str).encode())
    for redirect in archive.redirects:
        digest.update(repr(redirect).encode())
    return digest.hexdigest()
