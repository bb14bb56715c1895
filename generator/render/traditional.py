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

OpenCC's phrase dictionary is 51,000 phrases (440 KB compressed as a table, 280 KB in the
table's form), more than a reader who switches should fetch. The table (``render_table``)
holds the phrases whose Simplified form occurs in this site's text and all 3,900
characters (20 KB compressed), so text the build did not see still gets each character's
Traditional form. Any text the build saw, or any part of it, converts exactly as with the
whole dictionary: every phrase that could match in it is in the table. The table keeps its address from build to build, so pages
whose content did not change need not be written again (the live preview writes only
those that did); a reader's browser keeps a copy and asks the server each time whether
it is still current (a conditional request, usually answered "not modified"), converting
again at once if it is not, so no copy outlives the table it was made from.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from ..errors import BuildError
from .page import GeneratedFile, Page

VARIANT = "s2t"
"""OpenCC's configuration the table follows (standard Traditional, see above)."""
TABLE_PATH = f"assets/hant/{VARIANT}.json"
"""Where the Chinese site's table is written, from its root."""

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


@dataclass
class PhraseCache:
    """What the last search for phrases kept for the next (the live preview): each text's
    runs of Chinese, each run's phrases, and how many texts hold each run and how many runs
    each phrase, so that a search finds what changed from the texts that came and went.
    Most pages are the same from one build to the next, and reading their text again was
    most of the table's time (2.5 s at 10,000 consultations); going through every text's
    runs again took a tenth of a second more."""

    runs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The runs of Chinese of each text of the last search."""
    phrases: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """The phrases of each run of those texts."""
    texts_with: dict[str, int] = field(default_factory=dict)
    """For each run, how many of those texts hold it."""
    runs_with: dict[tuple[str, str], int] = field(default_factory=dict)
    """For each phrase found (with its form), how many times those runs hold it."""

    def add_run(self, run: str, dictionary: Dictionary) -> None:
        held = self.texts_with.get(run, 0)
        self.texts_with[run] = held + 1
        if held == 0:
            found = self.phrases[run] = _phrases_in(run, dictionary)
            for phrase in found:
                self.runs_with[phrase] = self.runs_with.get(phrase, 0) + 1

    def drop_run(self, run: str) -> None:
        held = self.texts_with.pop(run) - 1
        if held:
            self.texts_with[run] = held
            return
        for phrase in self.phrases.pop(run):
            left = self.runs_with.pop(phrase) - 1
            if left:
                self.runs_with[phrase] = left


def find_phrases(texts: Iterable[str], dictionary: Dictionary, cache: PhraseCache | None = None) -> dict[str, str]:
    """Every phrase of ``dictionary`` that occurs somewhere in ``texts`` (text, or HTML:
    only runs of Chinese characters are read), with its form. A ``cache`` keeps what it
    read of each text and run for the next call, and only those of this one: that call
    reads the texts it has not seen, and lets go of those it does not see again."""
    if cache is None:
        cache = PhraseCache()
    now = dict.fromkeys(texts)
    for text in now:  # the new texts first: a run they share with a text gone is kept
        if text not in cache.runs:
            runs = cache.runs[text] = tuple(set(_HAN_RUN.findall(text)))
            for run in runs:
                cache.add_run(run, dictionary)
    for text in [text for text in cache.runs if text not in now]:
        for run in cache.runs.pop(text):
            cache.drop_run(run)
    return {key: form for key, form in cache.runs_with}


def _phrases_in(run: str, dictionary: Dictionary) -> tuple[tuple[str, str], ...]:
    phrases, starts, longest = dictionary.phrases, dictionary.starts, dictionary.longest
    found = []
    size = len(run)
    for start in range(size - 1):
        if run[start:start + 2] not in starts:
            continue
        for end in range(start + 2, min(start + longest, size) + 1):
            key = run[start:end]
            if key in phrases:
                found.append((key, phrases[key]))
    return tuple(found)


def render_table(texts: Iterable[str], dictionary: Dictionary | None = None, cache: PhraseCache | None = None) -> GeneratedFile:
    """The browser's conversion table for a site whose text is ``texts``, at
    ``TABLE_PATH``: ``{"variant": "s2t", "phrases": {"发展": "發展", …},
    "segments": "一台 人民代表 …", "characters": {"发": "發", …}}``. Four phrases in five
    convert character by character and are there only so that the text is cut where OpenCC
    cuts it (一台风 is 一臺 + 風 to OpenCC, not 一 + 颱風); ``segments`` lists them without
    their forms, which keeps even a table of every phrase under 300 KB compressed."""
    dictionary = dictionary or load_dictionary()
    return render_table_of(find_phrases(texts, dictionary, cache), dictionary)


def render_table_of(found: Mapping[str, str], dictionary: Dictionary | None = None) -> GeneratedFile:
    """``render_table`` for the phrases ``found`` in a site's text (``find_phrases``): the
    parts of a build split into parts each find those of their own pages (``parts.py``)."""
    dictionary = dictionary or load_dictionary()
    phrases, segments = {}, []
    for key, form in sorted(found.items()):
        if _by_character(key, dictionary.characters) == form:
            segments.append(key)
        else:
            phrases[key] = form
    table = {"variant": VARIANT, "phrases": phrases, "segments": " ".join(segments), "characters": dictionary.characters}
    return GeneratedFile(TABLE_PATH, json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def read_table(content: bytes) -> Dictionary:
    """A table written by ``render_table``, read as the browser reads it."""
    table = json.loads(content)
    characters = table["characters"]
    phrases = dict(table["phrases"])
    phrases |= {key: _by_character(key, characters) for key in table["segments"].split()}
    return Dictionary(phrases, characters, max(map(len, phrases), default=1), frozenset(key[:2] for key in phrases))


def _by_character(text: str, characters: Mapping[str, str]) -> str:
    return "".join(characters.get(character, character) for character in text)


def convert(text: str, dictionary: Dictionary) -> str:
    """``text`` in Traditional characters: at each place the longest phrase of
    ``dictionary`` that starts there, else the character's form, else the character
    itself. The browser's converter does the same."""
    phrases, characters, starts, longest = dictionary.phrases, dictionary.characters, dictionary.starts, dictionary.longest
    out = []
    start, size = 0, len(text)
    while start < size:
        form = None
        if text[start:start + 2] in starts:
            end = min(start + longest, size)
            while end > start + 1 and (form := phrases.get(text[start:end])) is None:
                end -= 1
        if form is None:
            form, end = characters.get(text[start], text[start]), start + 1
        out.append(form)
        start = end
    return "".join(out)


def get_page_texts(pages: Iterable[Page]) -> Iterable[str]:
    """The text of rendered pages for ``find_phrases``: titles, descriptions and their HTML
    as it is. Chinese in HTML is text or an attribute's value (tags are cut out with the
    other characters that end a run of Chinese), and reading it so is twice as fast as
    taking the text out first: at 10,000 consultations that is seconds."""
    for page in pages:
        yield page.title
        yield page.description
        yield page.html


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
