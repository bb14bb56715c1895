"""What a record page tells the site search (Pagefind) beyond what readers see.

Only record pages are indexed: the index reads each one's search view (``layout.html``'s
``search_view``, handed over as ``Page.search_html``), never the page readers get. This
module adds, at the end of that content, the facts a result shows (type, date, platform, a
short summary), the filters a reader narrows results by (type, year, platform), all in the
page's language, and, hidden after a heading (``TERMS_ANCHOR``), the words the index finds
the record by beyond its readable text:

- **Chinese as overlapping pairs of characters.** Pagefind cuts Chinese into words twice,
  with different dictionaries: when it indexes (邹城|市|政协) and, in the browser, the
  reader's query (邹|城市). A query cut differently from the text finds nothing, and which
  way a name is cut depends on the characters around it. So every run of Chinese in a
  record is also indexed as its pairs of neighbouring characters (邹城 城市 市政 政协), and
  the search box turns a Chinese query into its pairs the same way: 邹城市 finds the text
  邹城市政协, whatever the word boundaries. Each pair is written as a code of ASCII
  digits (``PAIR_PREFIX`` and five digits per character) that neither segmenter cuts:
  Pagefind reads it as one word on both sides. The site now runs Pagefind without its
  Chinese segmentation (``pagefind[bin]``): the pairs do all the finding, and the words
  written against Chinese (第12345号) are indexed on their own (``attached_words``).
- **Names.** The record's platform's name (and, on the English site, the record's and
  its platform's Chinese names), with pinyin and initials (``pinyin.py``); and, for each
  place whose name the archive writes with 市/县/区/省 (济宁市政协), the pairs across the
  suffix as if it were there or not, so 济宁市 finds "济宁各县" and 济宁政协 finds 济宁市政协.
- **Synonyms** that editors list in ``content/search-synonyms.yml`` (``synonyms.py``): a
  record that says 土豆 is also found by 马铃薯, a little below records that say it.

The record's facts (``.sl-facts``) are indexed only here, not as readable text: results'
excerpts come from the record's prose, never from field values. The search box cuts a
result's text at the hidden heading's text (``TERMS_MARK``), so nothing after it is shown.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from ..archive import Archive
from ..model import Consultation, Organisation, Outcome, Platform, Proposal, Record, Text, Unit
from . import i18n
from .i18n import localize
from .view import PageView

TERMS_ANCHOR = "sl-search-terms"
"""Id of the hidden heading before the search words; the search box knows it."""
TERMS_MARK = "⁂"
"""The hidden heading's text: in a result's text, what follows it is not for readers."""
TITLE_WEIGHT = 7.0
"""Weight of the title's words: Pagefind's weight for the ``h1`` they spell."""
NAME_WEIGHT = 4.0
"""Weight of the names of what a record is of (its platform, the body that runs or
organised it): a record on a platform matters less than the platform itself, whose name is
its title, and more than a record that mentions it."""
SYNONYM_WEIGHT = 0.5
"""Weight of the words a record is found by through a synonym, as a share of the weight of
where the synonym is (title or text): below the words it has."""
SUMMARY_LENGTH = 90
"""Characters of the summary kept for results whose match is only in the hidden words."""
PAIR_PREFIX = "q"
"""First letter of a pair's code: digits alone could be a number of the text."""
MAX_REPEATS = 3
"""Times a pair is indexed at most in one block: enough to rank a record's own topic
above a passing mention, without a long record's common pairs filling the index."""
PLACE_SUFFIXES = "省市县区"
"""What a place's name may end with, or be written without: 济宁市 / 济宁."""

_HAN_CHARACTER = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN = re.compile(f"[{_HAN_CHARACTER}]")
_HAN_RUN = re.compile(f"[{_HAN_CHARACTER}]+")
_WORD_MARKS = "，。、；：？！“”‘’（）《》【】「」『』·…—,;:?!()[]'\""
"""Punctuation that ends a sentence or wraps a word, not part of it (unlike the point and
the per cent sign of 88.9%)."""
_OTHER_WORD = re.compile(f"[^\\s{_HAN_CHARACTER}{re.escape(_WORD_MARKS)}]+")
"""A word of other characters than Chinese, between spaces, Chinese and punctuation."""
_JOIN_MARKS = "·・•‧“”‘’「」『』《》〈〉"
"""Marks between two characters that readers leave out of a query: the dot inside a name
(任·诚协商) and quotation marks (推动“两创”工作). No gap: the pair across them is indexed."""
_JOINED = re.compile(f"(?<=[{_HAN_CHARACTER}])[{_JOIN_MARKS}]+(?=[{_HAN_CHARACTER}])")
_CHINESE_PIECE = re.compile(f"([{_HAN_CHARACTER}{_JOIN_MARKS}]+)")
_COMPATIBILITY = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
"""Radicals and compatibility ideographs (from text copied out of PDFs), which the search box
turns into the usual characters (NFKC) before coding a query."""
_PLACE = re.compile(f"^(?:中共)?([{_HAN_CHARACTER}]{{2,3}}?)([{PLACE_SUFFIXES}])")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`#>|]+")
_HTML_TAG = re.compile(r"<[^>]*>")
_INLINE = "a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u|var"
"""Tags inside a line of text: their ends are no gap between words (济事商量</a>平台)."""
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE})\b[^>]*>")
UNSEARCHED_CLASSES = ("sl-badges", "sl-badge", "sl-timeline__name", "sl-timeline__date", "sl-sources", "sl-outcomes")
"""Classes of the parts of a record page that are not searched (labels, badges, sources,
retold outcomes); ``adapters/search_index.NOT_SEARCHED`` tells Pagefind the same."""
_ATTRIBUTES = r'(?:\s+[\w:-]+(?:="[^"]*")?)*?'
_LEFT_OUT = re.compile(
    r"<(?P<label>dt|h2)\b[^>]*>"
    rf'|<(?P<tag>[a-z][a-z0-9]*)(?={_ATTRIBUTES}\s+(?:data-pagefind-ignore\b|class="(?:[^"]*\s)?(?:'
    + "|".join(UNSEARCHED_CLASSES)
    + r'|(?P<facts>sl-facts))[\s"]))[^>]*>'
)
"""The start of a part left out of a page's readable text (the facts: kept apart). Whole
attributes are matched, so a record's words in a ``title`` attribute are no marker."""
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


@dataclass(frozen=True)
class SearchEntry:
    """What the index holds about one record page, in the page's language."""

    title: str
    kind: str
    """The record type's name, e.g. 协商活动 / Consultation."""
    date: str = ""
    year: str = ""
    platform: str = ""
    """Name of the platform the record belongs to (a platform's own name for a platform)."""
    platform_shown: str = ""
    """The platform a result names: the record's platform, or a platform's parent."""
    summary: str = ""
    blocks: tuple[tuple[float, str], ...] = ()
    """The hidden words, each block with its weight."""


@dataclass
class SearchLexicon:
    """What the words of every record page depend on beyond the record: the archive's
    places and synonyms. Made once per site (``get_lexicon``)."""

    places: dict[str, str] = field(default_factory=dict)
    """Each place's name without its suffix, and the suffix: 济宁 → 市."""
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    _place_pattern: re.Pattern = field(init=False, repr=False, compare=False)
    _synonym_patterns: list[list[tuple[str, re.Pattern]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = sorted(self.places, key=len, reverse=True)  # longest first: 邹城 before 邹
        self._place_pattern = re.compile("|".join(map(re.escape, names)) or "(?!)")  # no place, no match
        self._synonym_patterns = [[(word, _word_pattern(word)) for word in group] for group in self.synonyms]

    def place_pairs(self, text: str) -> list[str]:
        """Pairs across each place's suffix in ``text``, as if it were written with it
        where it is not (济宁各县: 宁市) and without it where it is (济宁市政协: 宁政)."""
        pairs = []
        for match in self._place_pattern.finditer(text):
            name, end = match.group(), match.end()
            suffix = self.places[name]
            if text[end : end + 1] == suffix:
                after = text[end + 1 : end + 2]
                if after and _HAN.match(after):
                    pairs.append(pair_code(name[-1], after))
            else:
                pairs.append(pair_code(name[-1], suffix))
        return pairs

    def places_in(self, text: str) -> list[str]:
        """The places ``text`` names, each once, with their suffix: 济宁市."""
        return list(dict.fromkeys(name + self.places[name] for name in self._place_pattern.findall(text)))

    def synonyms_of(self, text: str) -> list[str]:
        """The other words of each synonym group one of whose words ``text`` has: a word
        with Chinese in it anywhere, other words as whole words (port is not in report)."""
        found = []
        for group in self._synonym_patterns:
            present = {word for word, pattern in group if pattern.search(text)}
            if present:
                found += [word for word, _ in group if word not in present]
        return found


def _word_pattern(word: str) -> re.Pattern:
    """Where ``word`` is in a text: its Latin ends not inside a Latin word or number."""
    start = "" if _HAN.match(word[0]) else r"(?<![A-Za-z0-9])"
    end = "" if _HAN.match(word[-1]) else r"(?![A-Za-z0-9])"
    return re.compile(start + re.escape(word) + end, re.IGNORECASE)


def get_lexicon(view: PageView) -> SearchLexicon:
    """The site's lexicon, made on first use."""
    context = view.context
    if context.search_lexicon is None:
        context.search_lexicon = make_lexicon(view.archive)
    return context.search_lexicon


def make_lexicon(archive: Archive) -> SearchLexicon:
    """The places the archive's bodies, units and organisations name, and its synonyms."""
    places: dict[str, str] = {}
    for record in archive.records.values():
        names = _bodies(record) + ([record.title_text.zh] if isinstance(record, (Unit, Organisation)) else [])
        for name in names:
            match = _PLACE.match(name)
            if match:
                places.setdefault(match.group(1), match.group(2))
    return SearchLexicon(places, list(archive.synonyms))


def search_date(record: Record) -> tuple[int, int, int] | None:
    """The date of a consultation, proposal or outcome, which files its page in a search
    bundle (``Page.search_date``); ``None`` for the bodies (platforms, units, organisations)
    and for a consultation whose date is not reported."""
    if isinstance(record, (Consultation, Proposal, Outcome)) and record.date is not None:
        return (record.date.year, record.date.month or 0, record.date.day or 0)
    return None


def get_search_entry(view: PageView, record: Record, shown: str) -> SearchEntry:
    """The search entry of ``record``'s page in the language of ``view``; ``shown`` is the
    page's content as readers see it (HTML), whose text is indexed as pairs."""
    platform = get_platform(view, record)
    date = getattr(record, "date", None) or getattr(record, "launched", None) or getattr(record, "founded", None)
    shown_date = view.date(date) if date else ""
    year = view.year(date.year) if date and not isinstance(record, (Platform, Organisation)) else ""
    if isinstance(record, Consultation) and record.date is None:
        shown_date, year = view.ui("date-not-reported"), view.ui("undated-year")
    if isinstance(record, Platform):
        parent = view.archive.get(record.parent) if record.parent else None
        shown_platform = _text(view, parent.name) if parent else ""
    else:
        shown_platform = _text(view, platform.name) if platform else ""
    return SearchEntry(
        title=_text(view, record.title_text),
        kind=view.ui(f"kind-{record.kind}"),
        date=shown_date,
        year=year,
        platform=_text(view, platform.name) if platform else "",
        platform_shown=shown_platform,
        summary=_plain_summary(view, record.summary),
        blocks=tuple(get_search_blocks(view, record, platform, shown)),
    )


def get_search_blocks(view: PageView, record: Record, platform: Platform | None, shown: str) -> list[tuple[float, str]]:
    """The hidden words of ``record``'s page, by weight (see the module's docstring)."""
    lexicon = get_lexicon(view)
    prose, facts = page_text(shown)
    title = record.title_text.zh
    own_platform = platform if platform is not None and platform is not record else None
    blocks: list[tuple[float, str]] = []
    names: list[str] = []
    """Words of the names the record carries beyond its title and platform."""
    if view.lang == "zh":
        blocks.append((TITLE_WEIGHT, " ".join(pair_codes(title) + [get_spellings(title)] + attached_words(title))))
        text = f"{prose}\n{facts}"
        chinese = f"{title}\n{text}"
        people = getattr(record, "participants", ())
        names += [get_spellings(person.zh) for person in people if person.zh]
    else:
        # the English text is Pagefind's to index; the Chinese it carries is not: the
        # record's Chinese name (spelled too for a platform, whose name readers type in
        # pinyin), the places its Chinese text names, and whatever is in brackets
        spelled = [get_spellings(title)] if isinstance(record, Platform) else []
        blocks.append((TITLE_WEIGHT, " ".join(pair_codes(title) + spelled)))
        text = "\n".join(_HAN_RUN.findall(f"{prose}\n{facts}"))
        if facts:
            blocks.append((1.0, facts))  # the facts are left out of the readable text
        chinese = "\n".join([title, text, record.summary.zh if record.summary else "", *_bodies(record)])
    places = lexicon.places_in(chinese)
    names += [get_spellings(place[:-1]) for place in places]  # zoucheng, the way the place is said
    if view.lang != "zh":
        names += [coded(place) for place in places]
    # what the record is of: its platform, and the body that runs it or organised it (the
    # consultation 微山县政协 held, before those that mention 微山)
    own = [own_platform.name.zh] if own_platform else []
    bodies = _bodies(record)
    if own or bodies:
        blocks.append((NAME_WEIGHT, " ".join([code for name in own + bodies for code in pair_codes(name)]
                                             + [get_spellings(name) for name in own])))
    if names:
        blocks.append((1.0, " ".join(names)))
    searched = f"{title}\n{text}"
    attached = attached_words(text) if view.lang == "zh" else []
    blocks.append((1.0, " ".join(_capped(pair_codes(text) + lexicon.place_pairs(searched)) + attached)))
    # a synonym of a word in the title weighs half the title, one elsewhere half the text
    shown_title = _text(view, record.title_text)
    in_title = lexicon.synonyms_of(f"{title}\n{shown_title}")
    elsewhere = [word for word in lexicon.synonyms_of(searched if view.lang == "zh" else f"{searched}\n{prose}\n{facts}")
                 if word not in in_title]
    for weight, words in ((TITLE_WEIGHT * SYNONYM_WEIGHT, in_title), (SYNONYM_WEIGHT, elsewhere)):
        if words:
            blocks.append((weight, " ".join(coded(word) for word in words)))
    return [(weight, words.strip()) for weight, words in blocks if words.strip()]


def _bodies(record: Record) -> list[str]:
    """The Chinese names of the bodies a record is of: a platform's (the body that runs it),
    a consultation's organiser."""
    return [value.zh for value in (getattr(record, "body", None), getattr(record, "organiser", None)) if value is not None and value.zh]


def attached_words(text: str) -> list[str]:
    """The words of ``text`` written against Chinese without a space (the number in
    第12345号, 88.9% in 增长88.9%, CPPCC in 济宁CPPCC), each once, on their own: Pagefind cuts
    text at spaces and punctuation only (the site runs it without Chinese word segmentation,
    which the pairs make unneeded), so it would read 第12345号 as one word."""
    words = []
    for match in _OTHER_WORD.finditer(text):
        start, end = match.span()
        if (start and _touches(text[start - 1])) or (end < len(text) and _touches(text[end])):
            words.append(match[0])
    return list(dict.fromkeys(words))


def _touches(character: str) -> bool:
    """Whether a word next to ``character`` is written against it: Chinese, or Chinese
    punctuation, which Pagefind may not take for a gap (it does a space and ASCII marks)."""
    return not character.isascii() and not character.isspace()


def pair_code(first: str, second: str = "") -> str:
    """The code of two neighbouring characters (or of one alone): ``PAIR_PREFIX`` and five
    digits for each, its distance from the start of the CJK blocks."""
    return PAIR_PREFIX + "".join(map(_character_code, first + second))


@lru_cache(maxsize=None)
def _character_code(character: str) -> str:
    """A character's five digits. Cached: a build codes millions of pairs (2.5 million
    per language at 10,000 consultations) of a few thousand characters."""
    return f"{ord(character) - 0x3400:05d}"


def pair_codes(text: str) -> list[str]:
    """The codes of every pair of neighbouring Chinese characters in ``text``, in order; a
    character alone between other text is coded alone. The search box does the same to a
    query (``coded`` in shangliang-search.js). A dot or quotation mark between two
    characters (任·诚, “两创”工作) is left out, as readers leave it out of a query."""
    if _COMPATIBILITY.search(text):
        text = unicodedata.normalize("NFKC", text)
    codes = []
    for run in _HAN_RUN.findall(_JOINED.sub("", text)):
        if len(run) == 1:
            codes.append(pair_code(run))
        else:
            digits = [_character_code(character) for character in run]
            codes += [PAIR_PREFIX + a + b for a, b in zip(digits, digits[1:])]
    return codes


def coded(text: str) -> str:
    """``text`` with each run of Chinese written as its pairs' codes, its other words kept:
    5G基站 → 5G and the codes of 基站."""
    parts = []
    for piece in _CHINESE_PIECE.split(text):
        parts += pair_codes(piece) if _HAN.search(piece) else piece.split()
    return " ".join(parts)


def _capped(codes: list[str]) -> list[str]:
    """``codes`` with each kept ``MAX_REPEATS`` times at most, in their order."""
    seen: dict[str, int] = {}
    kept = []
    for code in codes:
        times = seen[code] = seen.get(code, 0) + 1
        if times <= MAX_REPEATS:
            kept.append(code)
    return kept


def page_text(shown: str) -> tuple[str, str]:
    """The text of a record page's content (HTML) that is searched: its prose, and the
    values of its facts (``.sl-facts``). Left out, as for Pagefind: labels (``dt``, section
    headings), badges, the stages' names and dates, sources, retold outcomes and whatever
    is marked ``data-pagefind-ignore``. Regular expressions over the templates' own HTML,
    not an HTML parser: this runs for every record page, and a parser took a third as long
    as rendering the page."""
    prose: list[str] = []
    facts: list[str] = []
    position = 0
    while True:
        start = _LEFT_OUT.search(shown, position)
        if start is None:
            prose.append(shown[position:])
            break
        prose.append(shown[position : start.start()])
        end = _element_end(shown, start)
        if start.group("facts"):
            facts.append(page_text(shown[start.end() : end])[0])
        prose.append(" ")
        position = end
    return _plain(_tags_as_gaps("".join(prose))), _plain(" ".join(facts))


def _element_end(shown: str, start: re.Match) -> int:
    """Where the element that ``start`` opens ends (after its end tag), counting the
    elements of the same name inside it."""
    tag = start.group("tag") or start.group("label")
    if tag in _VOID:
        return start.end()
    depth = 1
    for match in _tag_pattern(tag).finditer(shown, start.end()):
        depth += -1 if match.group(1) else 1
        if not depth:
            return match.end()
    return len(shown)


@lru_cache(maxsize=64)
def _tag_pattern(tag: str) -> re.Pattern:
    return re.compile(rf"<(/?){tag}\b[^>]*>")


def _tags_as_gaps(html_text: str) -> str:
    """``html_text`` without its tags: a block's edge is a gap between words, an inline
    element's is none (济事商量</a>平台)."""
    return _HTML_TAG.sub(" ", _INLINE_TAG.sub("", html_text))


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).split())


def render_search_data(view: PageView, record: Record, shown: str) -> Markup:
    """The hidden part of a record's search view that only the search index reads;
    ``shown`` is the record page's content. Nothing when the site is built without search."""
    if not view.context.site.search:
        return Markup("")
    entry = get_search_entry(view, record, str(shown))
    fields = [("meta", "title", entry.title), ("meta", "kind", entry.kind), ("meta", "date", entry.date),
              ("meta", "platform", entry.platform_shown), ("meta", "summary", entry.summary),
              ("filter", "type", entry.kind), ("filter", "year", entry.year), ("filter", "platform", entry.platform)]
    # plain string building: this runs for every record of both languages
    tagged = "".join(f'<span data-pagefind-{role}="{name}">{escape(value)}</span>' for role, name, value in fields if value)
    parts = [f'<div class="sl-search-data" hidden data-pagefind-ignore>{tagged}</div>']
    if entry.blocks:
        parts.append(f'<h2 id="{TERMS_ANCHOR}" hidden>{TERMS_MARK}</h2>')
        parts += [f'<p hidden data-pagefind-weight="{weight}">{escape(words)}</p>' for weight, words in entry.blocks]
    return Markup("".join(parts))


def get_platform(view: PageView, record: Record) -> Platform | None:
    """The platform a record belongs to: a consultation's, a proposal's (or its
    consultation's), an outcome's through what it concerns, a platform itself."""
    if isinstance(record, Platform):
        return record
    if isinstance(record, Consultation):
        return view.archive.get(record.platform)
    if isinstance(record, Proposal):
        if record.platform:
            return view.archive.get(record.platform)
        if record.consultation:
            return get_platform(view, view.archive.get(record.consultation))
        return None
    if isinstance(record, Outcome):
        return get_platform(view, view.archive.get(record.concerns))
    if isinstance(record, Organisation) and record.platform:
        return view.archive.get(record.platform)
    return None


def _text(view: PageView, text: Text | None) -> str:
    """``text`` in the page's language, or its Chinese. Unlike ``view.plain``, this does not
    count as a fallback shown to the reader: the index's copy is not what the page shows."""
    return localize(text, view.lang)[0] if text is not None else ""


@lru_cache(maxsize=4096)
def get_spellings(chinese: str) -> str:
    """Pinyin and initials of ``chinese``. Cached: every record on a platform repeats the
    platform's name."""
    from .pinyin import pinyin_terms  # its dictionaries load in a second: only for searchable sites

    return " ".join(pinyin_terms(chinese))


def _plain_summary(view: PageView, summary: Text | None) -> str:
    """The summary's first paragraph as plain text, cut to ``SUMMARY_LENGTH`` characters
    (at a space, in a text with spaces)."""
    text = _text(view, summary).strip()
    if not text:
        return ""
    paragraph = text.split("\n\n", 1)[0]
    paragraph = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", _HTML_TAG.sub("", paragraph)))
    paragraph = " ".join(paragraph.split())
    if len(paragraph) <= SUMMARY_LENGTH:
        return paragraph
    cut = paragraph[: SUMMARY_LENGTH - 1]
    if " " in cut and paragraph[SUMMARY_LENGTH - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]  # a word cut short would be indexed as a word
    return cut.rstrip() + "…"


def get_search_settings(lang: str, enabled: bool) -> dict:
    """What the search box in the page header needs: whether the site has an index, the
    hidden heading's id and text, how pairs of characters are coded, and its words in
    ``lang``."""
    keys = [key for key in i18n.UI if key.startswith("search")]
    return {"enabled": enabled, "terms_anchor": TERMS_ANCHOR, "terms_mark": TERMS_MARK, "pair_prefix": PAIR_PREFIX,
            "strings": {key: i18n.ui(key, lang) for key in keys}}
