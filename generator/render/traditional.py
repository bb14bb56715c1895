"""Traditional characters (繁體) on the Chinese site: the table a reader's browser converts with.

The records are written in Simplified characters. A reader who picks 繁體 in the language
menu has every Chinese page converted in the browser (``theme/assets/javascripts/
shangliang-hant.js``), phrase by phrase as OpenCC converts: at each place the longest
phrase of OpenCC's phrase dictionary that starts there (发展 → 發展, 头发 → 頭髮, 干部 →
幹部 but 干燥 → 乾燥), otherwise the character's own Traditional form. ``convert`` is the
same algorithm in Python; the tests hold it to ``opencc_purepy``'s.

The variant is OpenCC's ``s2t``, its standard Traditional characters, not Taiwan's
(``s2twp``) or Hong Kong's (``s2hk``) conventions: those also replace mainland words by
local ones (信息 → 資訊, 网络 → 網路, 软件 → 軟體), which would rename the institutions,
platforms and programmes the archive records. ``s2t`` changes the script and nothing else.

OpenCC's phrase dictionary is 51,000 phrases (430 KB compressed), too much to send to every
reader who switches. The table (``render_table``) holds the phrases whose Simplified form
occurs in this site's text and all 4,000 characters (20 KB compressed), so text the
build did not see still gets each character's Traditional form. Any text the build saw,
or any part of it, converts exactly as with the whole dictionary: every phrase that could
match in it is in the table. Its file name carries a digest of its content, so a browser
never holds an old table under a new page's name.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..errors import BuildError
from .page import GeneratedFile, Page

TABLE_FOLDER = "assets/hant"
"""Where the Chinese site's table is written, as ``s2t.<digest>.json``."""
VARIANT = "s2t"
"""OpenCC's configuration the table follows (standard Traditional, see above)."""

_TEXT = re.compile(r">([^<]+)<")
_ATTRIBUTE = re.compile(r'\s(?:title|aria-label|alt|placeholder)="([^"]*)"')
_HAN_RUN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]{2,}")


@dataclass(frozen=True)
class Dictionary:
    """OpenCC's Simplified-to-Traditional dictionaries, each key with its first (usual) form."""

    phrases: dict[str, str]
    characters: dict[str, str]
    longest: int
    """Characters of the longest phrase."""
    starts: frozenset[str]
    """The first two characters of every phrase (a phrase has at least two)."""


@cache
def load_dictionary() -> Dictionary:
    """OpenCC's ``STPhrases`` and ``STCharacters``, as the ``opencc-purepy`` package ships them."""
    phrases = _read_opencc("STPhrases.txt")
    characters = {key: value for key, value in _read_opencc("STCharacters.txt").items() if key != value}
    if not phrases or not characters or min(map(len, phrases)) < 2:
        raise BuildError("繁體: OpenCC's STPhrases or STCharacters table is empty or not as expected")
    return Dictionary(phrases, characters, max(map(len, phrases)), frozenset(key[:2] for key in phrases))


def _read_opencc(name: str) -> dict[str, str]:
    try:
        text = (files("opencc_purepy") / "dicts" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError) as error:
        raise BuildError(f"繁體: OpenCC's {name} is missing ({error}); run pip install opencc-purepy") from None
    table = {}
    for line in text.splitlines():
        key, _, forms = line.partition("\t")
        if key and forms.split():
            table[key] = forms.split()[0]
    return table


def get_texts(fragment: str) -> Iterable[str]:
    """The text of an HTML fragment that a reader sees or hears: the text between its tags
    and its ``title``, ``aria-label``, ``alt`` and ``placeholder`` values, unescaped."""
    for pattern in (_TEXT, _ATTRIBUTE):
        for match in pattern.finditer(fragment):
            text = match[1]
            yield html.unescape(text) if "&" in text else text


def find_phrases(texts: Iterable[str], dictionary: Dictionary) -> dict[str, str]:
    """Every phrase of ``dictionary`` that occurs somewhere in ``texts``, with its form."""
    phrases, starts, longest = dictionary.phrases, dictionary.starts, dictionary.longest
    found: dict[str, str] = {}
    runs = {run for text in texts for run in _HAN_RUN.findall(text)}
    for run in runs:
        size = len(run)
        for start in range(size - 1):
            if run[start:start + 2] not in starts:
                continue
            for end in range(start + 2, min(start + longest, size) + 1):
                key = run[start:end]
                if key in phrases:
                    found[key] = phrases[key]
    return found


def render_table(texts: Iterable[str], dictionary: Dictionary | None = None) -> GeneratedFile:
    """The browser's conversion table for a site whose text is ``texts``:
    ``{"variant": "s2t", "longest": 4, "phrases": {...}, "characters": {...}}``, at
    ``assets/hant/s2t.<digest>.json``."""
    dictionary = dictionary or load_dictionary()
    phrases = find_phrases(texts, dictionary)
    table = {
        "variant": VARIANT,
        "longest": max(map(len, phrases), default=1),
        "phrases": dict(sorted(phrases.items())),
        "characters": dictionary.characters,
    }
    content = json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.blake2b(content, digest_size=6).hexdigest()
    return GeneratedFile(f"{TABLE_FOLDER}/{VARIANT}.{digest}.json", content)


def convert(text: str, phrases: Mapping[str, str], characters: Mapping[str, str], longest: int) -> str:
    """``text`` in Traditional characters: at each place the longest of ``phrases`` that
    starts there, else the character's form in ``characters``, else the character itself.
    The browser's converter does the same."""
    out = []
    start, size = 0, len(text)
    while start < size:
        for end in range(min(start + longest, size), start + 1, -1):
            form = phrases.get(text[start:end])
            if form is not None:
                out.append(form)
                start = end
                break
        else:
            out.append(characters.get(text[start], text[start]))
            start += 1
    return "".join(out)


def get_page_texts(pages: Iterable[Page]) -> Iterable[str]:
    """The text of rendered pages: titles, descriptions and what their HTML shows."""
    for page in pages:
        yield page.title
        yield page.description
        yield from get_texts(page.html)


def get_setting_texts(value: object) -> Iterable[str]:
    """Every string in a setting (site name, navigation, ``extra``), however nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from get_setting_texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from get_setting_texts(item)
