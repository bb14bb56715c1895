"""Find markup in a record's texts that the site would not publish as written.

Record texts come from files anyone can propose a change to, and the web pages they are
taken from have carried injected spam: scripts, hidden elements, empty ``<strike id=…>``
marks, ``javascript:`` links. The renderer passes everything through an allowlist anyway;
this module finds what that allowlist would change, with its line, so the editor removes
it in the pull request instead of the build silently dropping it.

The allowlist itself is defined here, in the core, so that the renderer's sanitizer and
this check share one definition. Raw HTML is read with the standard library's HTML
parser, the same way a browser tokenizes it; Markdown's own link syntax
(``[text](url)``, ``![alt](src)``, ``[ref]: url``) is read from the Markdown text.
"""

from __future__ import annotations

import html
import operator
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import nh3

from .errors import Problem
from .files import content_path_problem
from .filetypes import file_type_problem
from .loader import FieldPath, RawRecord, TextSpan, dotted
from .site_paths import is_record_file

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
"""HTML elements a record's Markdown may produce or contain; every other tag is removed."""
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
}
"""Attributes each allowed element may carry; every other attribute is removed."""
URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link or image address may have; relative paths need none."""
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "noscript", "template", "textarea"})
"""Elements removed together with everything inside them (not just their tags)."""

MARKDOWN_FIELDS = frozenset({"summary"})
"""Record fields whose texts are Markdown, rendered as HTML; every other text is plain,
shown as written."""

URL_ATTRIBUTES = frozenset({"href", "src"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})

_REASONS = {
    "the site publishes no scripts from records": ("script",),
    "its content would not be shown as text": ("noscript", "template"),
    "the site's look comes from its theme, not from records": ("style", "link", "font", "center"),
    "records cannot change the page's settings": ("meta", "base", "head", "html", "body", "title"),
    "the site embeds nothing from other sites; link to it instead: [text](https://…)": (
        "iframe", "frame", "frameset", "object", "embed", "applet", "audio", "video", "source",
    ),
    "a record holds no forms or form fields": (
        "form", "input", "button", "select", "option", "textarea", "label", "fieldset",
    ),
}
ELEMENT_REASONS = {tag: reason for reason, tags in _REASONS.items() for tag in tags}
"""Why an element is never published, for the elements an editor is most likely to meet."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(33)))
_CONTROL_IN_URL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters that break an address. Browsers take line breaks out of an address;
they would take tabs out too, but Markdown turns a tab into spaces first, which they keep."""
_LINK_IN_COMMENT = re.compile(r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//|www\.|href\s*=|src\s*=", re.IGNORECASE)
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d])|opacity\s*:\s*0(?![.\d])",
    re.IGNORECASE,
)
_EMPTY_COMMENT = re.compile(r"<!---?>")
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
"""What makes a ``<`` the start of markup for a browser (HTML's tag-open state)."""
_BANG_COMMENT_END = re.compile(r"--!>")
_BACKTICKS = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_INLINE_LINK = re.compile(
    r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
_IMAGE_REFERENCE = re.compile(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:[ ]?\[([^\[\]]*)\])?(?!\()")
"""``![alt][label]``, ``![alt][]`` and ``![alt]``: an image whose address is in a definition."""


@dataclass(frozen=True)
class Finding:
    """One piece of markup the site would not publish as written."""

    line: int
    """1-based line within the text."""
    message: str
    """What to remove or change, and why."""


@dataclass(frozen=True)
class Link:
    """A link or image address written in a text, by Markdown or by an HTML attribute."""

    line: int
    """1-based line within the text."""
    url: str
    """The address as the browser would read it (entities decoded)."""
    kind: str
    """``link`` or ``image``."""


def check_record_texts(raw: RawRecord, content_dir: Path, scanned: list[ScannedText] | None = None) -> list[Problem]:
    """Every problem in the texts of one record: markup the site would not publish as
    written and, in Markdown, links to files that are not inside ``content/``. ``scanned``
    is ``scan_record_texts(raw)`` made earlier (the live preview keeps it for a file that
    has not changed): only the links' files are looked at again, since files come and go."""
    problems = []
    for at, span, findings, links in scan_record_texts(raw) if scanned is None else scanned:
        findings = findings + [Finding(link.line, message) for link in links if (message := link_path_problem(link, content_dir))]
        problems += [Problem(span.path, span.line_of(f.line), dotted(at), f.message) for f in findings]
    return problems


ScannedText = tuple[FieldPath, TextSpan, list[Finding], list[Link]]
"""A text of a record: where it is (its field's path and its span), what is wrong with its
markup, and the links whose files must be there (Markdown's; none for a plain text)."""


def scan_record_texts(raw: RawRecord) -> list[ScannedText]:
    """What ``check_record_texts`` finds in ``raw``'s texts without looking at any file: the
    texts with something to report or a link to look at, the others left out (most texts
    have neither, and the live preview checks every kept record's on every load)."""
    scanned = []
    for at, text, span in raw.texts():
        is_markdown = at[0] in MARKDOWN_FIELDS
        findings, links = scan_text(text, plain=not is_markdown)
        links = links if is_markdown else []
        if findings or links:
            scanned.append((at, span, findings, links))
    return scanned


def link_path_problem(link: Link, content_dir: Path) -> str | None:
    """Why a link's path does not lead to a record's file or to a file the site publishes
    inside ``content/``, if it does not.

    Paths in a record's Markdown are written from ``content/``, as attachments are."""
    url = browser_url(link.url)
    if url.startswith("//"):
        return f"the {link.kind} '{url}' has no scheme; write the full address, starting with https://"
    if url.startswith(("/", "\\")):
        return f"the {link.kind} '{url}' is an absolute path; write the path from content/, e.g. attachments/x.pdf"
    if not is_relative_path(url):
        return None
    path = linked_path(url)
    if not path:
        return None
    problem = content_path_problem(path, content_dir)
    if problem or is_record_file(path):  # a record's file: the link leads to its page
        return problem
    return file_type_problem(content_dir / path, f"'{path}'")


def find_unsafe_markup(text: str, plain: bool = False) -> list[Finding]:
    """Everything in ``text`` that the allowlist would remove or change, in order. In a
    ``plain`` text, which is shown as written, every HTML tag is a finding."""
    return scan_text(text, plain)[0]


def find_links(text: str) -> list[Link]:
    """Every link and image address in ``text`` the site keeps: Markdown syntax and raw
    HTML alike."""
    return scan_text(text)[1]


def scan_text(text: str, plain: bool = False) -> tuple[list[Finding], list[Link]]:
    """``find_unsafe_markup`` and ``find_links`` of ``text``, read once."""
    if "<" not in text and "[" not in text:  # no tag, comment, autolink or Markdown link
        return [], []
    masked = text if plain else mask_code(text)  # backticks are only code in Markdown
    unreadable: list[Finding] = []
    if not plain and "&#" in masked:  # (a plain text shows references as written)
        masked, unreadable = _read_references(masked)
    scanner = _MarkupScanner(plain)
    scanner.scan(masked)
    findings, links = scanner.findings + unreadable, scanner.links
    for link in markdown_links(masked):
        message = link_scheme_problem(link)
        if message:
            findings.append(Finding(link.line, message))
        else:
            links.append(link)
    by_line = operator.attrgetter("line")
    return sorted(dict.fromkeys(findings), key=by_line), sorted(links, key=by_line)


def link_scheme_problem(link: Link) -> str | None:
    """Why the site would drop ``link``'s address, or ``None`` when it keeps it."""
    if control := _CONTROL_IN_URL.search(link.url):
        return f"the {link.kind}'s address holds the control character U+{ord(control[0]):04X} (written as '&#{ord(control[0])};' or the like); remove it"
    scheme = url_scheme(link.url)
    if link.kind == "image" and scheme is None and browser_url(link.url).startswith(("//", "\\\\", "/\\", "\\/")):
        scheme = "https"  # //host/x.png: on another site, whatever the page's own scheme
    if scheme is None:
        address = browser_url(link.url)
        if link.kind == "image" and not address.startswith(("/", "\\")) and not is_relative_path(address):
            # "", #part or ?query: the page keeps no image address but a file's (an absolute
            # path gets its own message from link_path_problem)
            return (
                f"the image '{_shortened(link.url)}' names no file; write the path of its file under "
                "content/attachments/, e.g. attachments/photo.jpg"
            )
        return None
    if link.kind == "image" and scheme in URL_SCHEMES:
        return (
            f"the image '{_shortened(link.url)}' is on another site; a page shows only images the site publishes "
            "itself (a reader's browser would otherwise contact that site, which may be blocked or may track "
            "readers); put the file under content/attachments/ and write its path, e.g. attachments/photo.jpg"
        )
    if scheme in URL_SCHEMES:
        if _is_parsed(link.url):
            return None
        return (
            f"the {link.kind}'s address '{_shortened(link.url)}' is not a well-formed address (look at its host name "
            "and port, and at any space in them); a page would drop it"
        )
    if scheme in SCRIPT_SCHEMES:
        return f"remove the {scheme}: {link.kind}; the site publishes no scripts from records"
    if scheme == "data":
        return (
            f"remove the data: {link.kind}; put the file under content/attachments/ and write "
            "its path instead, e.g. attachments/photo.jpg"
        )
    return (
        f"the {link.kind} '{_shortened(link.url)}' starts with '{scheme}:', which the site does not publish; "
        "write an address starting with https://, http:// or mailto:, or a path inside content/"
    )


@lru_cache(maxsize=4096)
def _is_parsed(url: str) -> bool:
    """Whether the sanitizer keeps ``url`` as a link's address on its own terms: nh3 drops an
    address it cannot parse (a port past 65535, a host that is no host name), so it is asked."""
    try:
        return ' href="' in nh3.clean(f'<a href="{html.escape(url, quote=True)}"></a>', url_schemes=set(URL_SCHEMES))
    except UnicodeEncodeError:  # a lone surrogate: no address
        return False


_BLANK_LINE_IN = re.compile(r"\n[ \t]*\r?\n")


def is_kept_address(url: str, image: bool) -> bool:
    """Whether a page keeps ``url`` as a link's address (``image`` false) or an image's: the
    sanitizer's rule (``render.markdown``), which ``link_scheme_problem`` and
    ``link_path_problem`` explain to editors, so that what validate passes is what the page
    links to. Dropped: an address holding a control character other than a line break (which
    browsers take out), and an image's address that is not a file's path inside the archive.
    Schemes, and addresses it cannot parse (``_is_parsed``), are nh3's own checks."""
    if _CONTROL_IN_URL.search(url):
        return False
    return not image or is_relative_path(url)


def _shortened(url: str) -> str:
    return url if len(url) <= 60 else url[:57] + "…"


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (``JaVa\\tScRiPt:`` is ``javascript``)."""
    cleaned = _URL_NOISE.sub("", url).lstrip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match[1].lower() if match else None


def linked_path(url: str) -> str:
    """The path of the file a relative address names, read as a browser reads it: without
    its query or fragment (validate checks this file, and the site publishes it)."""
    return re.split(r"[#?]", browser_url(url), maxsplit=1)[0]


def is_relative_path(url: str) -> bool:
    """Whether ``url`` is a path (to a file inside ``content/``), not an address or anchor,
    read as a browser reads it (``"\\x01//host/x"`` is ``//host/x``, on another site)."""
    url = browser_url(url)
    return bool(url) and url_scheme(url) is None and not url.startswith(("#", "?", "/", "\\"))


def browser_url(url: str) -> str:
    """``url`` as a browser parses it (the URL Standard): control characters and spaces
    trimmed from both ends, tabs and line breaks removed everywhere."""
    return _URL_NOISE.sub("", url).strip(_C0_AND_SPACE)


def markdown_links(masked: str) -> list[Link]:
    """Addresses written with Markdown's own syntax in a text whose code spans are masked
    (``mask_code``)."""
    links = []
    for match in _INLINE_LINK.finditer(masked):
        kind = "image" if match[1] else "link"
        links.append(Link(_line_of(masked, match.start(2)), _destination(match[2]), kind))
    images = {_label(match[2] or match[1]) for match in _IMAGE_REFERENCE.finditer(masked)} if "![" in masked else set()
    for match in _LINK_DEFINITION.finditer(masked):
        kind = "image" if _label(match[1]) in images else "link"
        links.append(Link(_line_of(masked, match.start(2)), _destination(match[2]), kind))
    return links


def _label(text: str) -> str:
    """A reference's label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(text.lower().split())


def mask_code(text: str) -> str:
    """``text`` with the inside of Markdown code spans blanked out, lines kept.

    What is written between backticks is shown as code, never read as HTML. A paragraph
    that starts with ``<`` is a raw HTML block, in which backticks are not code, so it is
    left whole."""
    pieces = []
    start = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        paragraph = text[start:end]
        if not paragraph.lstrip().startswith("<"):
            paragraph = _BACKTICKS.sub(_blank_code, paragraph)
        pieces.append(paragraph)
        if gap:
            pieces.append(gap[0])
            start = gap.end()
    return "".join(pieces)


def _blank_code(match: re.Match) -> str:
    ticks, code = match[1], match[2]
    return ticks + re.sub(r"[^\n]", " ", code) + ticks


def _read_references(masked: str) -> tuple[str, list[Finding]]:
    """``masked`` with each numeric character reference that Python's reading of HTML takes
    out (``&#1;``, a control character or a noncharacter) made the character itself, which
    browsers and the sanitizer keep: in an address, ``link_scheme_problem`` then finds the
    control character that makes the sanitizer drop the address. Other references are left
    to be read as Python reads them, which is as browsers do, but for one past U+10FFFF
    (read as U+FFFD, as browsers do; Python's own reading fails on a number of thousands of
    digits). A character that Python's patterns take for a space (U+000B, U+001C-U+001F)
    would end a Markdown address there: its reference is left as written, and found."""
    findings: list[Finding] = []

    def read(reference: re.Match) -> str:
        written = reference[0]
        digits = written[2:].rstrip(";")
        hexadecimal = digits[:1] in "xX"
        digits = (digits[1:] if hexadecimal else digits).lstrip("0")
        if len(digits) > (6 if hexadecimal else 7):
            return "\ufffd"
        if html.unescape(written if written.endswith(";") else written + ";"):
            return written
        character = chr(int(digits or "0", 16 if hexadecimal else 10))
        if character.isspace():
            message = f"'{written}' stands for an invisible control character; remove it"
            findings.append(Finding(_line_of(masked, reference.start()), message))
            return written
        return character

    return _NUMERIC_REFERENCE.sub(read, masked), findings


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]+|[0-9]+);?")


def _destination(raw: str) -> str:
    return html.unescape(raw[1:-1] if raw.startswith("<") else raw)


def _line_of(text: str, position: int) -> int:
    """The line (from 1) of ``position`` in ``text``: a lookup in the text's line ends, not
    a count from its start, which made a text of 20,000 links take seconds to check."""
    return bisect_left(_line_ends(text), position) + 1


@lru_cache(maxsize=4)
def _line_ends(text: str) -> list[int]:
    """Where each line of ``text`` ends; the few texts scanned at a time are kept."""
    return [match.start() for match in re.finditer("\n", text)]


@dataclass
class _Open:
    """An element whose end tag has not been read yet."""

    tag: str
    line: int
    id_only: str | None
    """Its id, when an id is its only attribute (the mark of injected spam if it stays empty)."""
    has_text: bool = False
    pending: list[Finding] = field(default_factory=list)
    """Findings about empty elements inside it, reported unless it is reported itself."""


class _MarkupScanner(HTMLParser):
    """Reads raw HTML in a text and collects findings and link addresses with their lines."""

    def __init__(self, plain: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.plain = plain
        self.findings: list[Finding] = []
        self.links: list[Link] = []
        self.open: list[_Open] = []

    def scan(self, text: str) -> None:
        # Read comments as browsers do, where the standard library's parser (before Python
        # 3.13) differs: "<!-->" and "<!--->" are empty comments, "--!>" ends one, and
        # "<![" starts a comment that ends at the next ">" (the library fails on it).
        text = _BANG_COMMENT_END.sub("-->", _EMPTY_COMMENT.sub("<!---->", text)).replace("<![", "<! [")
        self.lines = text.split("\n")
        try:
            self.feed(text)
            self.close()
        except AssertionError:  # the library's way of giving up on markup it cannot read
            self.report("remove the markup here; it cannot be read as HTML")
        while self.open:
            self._finish(self.open.pop())

    def report(self, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(line or self.getpos()[0], message))

    # elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=_is_void(tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        line = self.getpos()[0]
        if ":" in tag or "@" in tag:  # a Markdown autolink, <https://…> or <name@host>
            self._autolink(self.get_starttag_text() or "", line)
            return
        if not self.plain and _BLANK_LINE_IN.search(self.get_starttag_text() or ""):
            # (a line break written as '&#10;' ends nothing)
            self.report(f"the <{tag}> tag holds a blank line, which ends a paragraph in Markdown: the page would "
                        "show the tag as text; remove the blank line", line)
        if tag == "img":
            self._mark_text()  # an image is content, as text is
        is_id_only = len(attrs) == 1 and attrs[0][0] == "id" and _may_be_spam_mark(tag)
        id_only = (attrs[0][1] or "") if is_id_only else None
        element = _Open(tag, line, id_only)
        if id_only is None:
            self._judge(tag, attrs, line)
        if closed:
            self._finish(element)
        else:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                while len(self.open) > index:
                    self._finish(self.open.pop())
                return
        if tag not in ALLOWED_TAGS or self.plain:
            self.report(f"remove the stray </{tag}> tag; it closes nothing")

    def handle_data(self, data: str) -> None:
        if data.startswith("<!--"):  # a comment never closed: it runs to the end
            self.handle_comment(data[4:])
        elif data.startswith("<") and not self.cdata_elem:
            self._unfinished()
        elif data.strip():
            self._mark_text()

    def _unfinished(self) -> None:
        """A ``<`` that starts a tag or comment the parser could not finish (at the end of
        the text, say): a browser reading it as HTML would swallow what follows."""
        line, column = self.getpos()
        rest = self.lines[line - 1][column:]
        if not _TAG_START.match(rest):
            return  # "1 < 2", "<中>": a sign, not a tag
        shown = rest if len(rest) <= 30 else rest[:29] + "…"
        if rest.startswith("<!--"):
            self.report(f"remove '{shown}'; it starts an HTML comment that is never closed")
        else:
            self.report(f"remove '{shown}'; it starts an HTML tag that is never closed (to show a '<' sign, put a space after it)")

    def _mark_text(self) -> None:
        for element in self.open:
            element.has_text = True

    def _finish(self, element: _Open) -> None:
        """Settle an element at its end: an empty one with only an id is a spam mark."""
        findings = element.pending
        if element.id_only is not None:
            if element.has_text:
                self._judge(element.tag, [("id", element.id_only)], element.line)
            else:
                findings = [Finding(element.line, _spam_mark_message(element))]
        parent = next((e for e in reversed(self.open) if e.id_only is not None), None)
        if parent is not None and not parent.has_text:
            parent.pending += findings  # reported only if the parent is not reported whole
        else:
            self.findings += findings

    def _judge(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        if tag not in ALLOWED_TAGS:
            self.report(_element_message(tag, attrs), line)
            return
        if _is_hidden(attrs):
            self.report(_hidden_message(tag), line)
            return
        if self.plain:
            self.report(f"remove the <{tag}> tag; this field is plain text, where HTML shows as written", line)
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in allowed:
                self.report(_attribute_message(tag, name, allowed), line)
            elif name in URL_ATTRIBUTES and value is not None:
                self._link(Link(line, value, "image" if name == "src" else "link"))

    def _autolink(self, raw: str, line: int) -> None:
        address = raw[1:-1].strip().rstrip("/") if raw.endswith("/>") else raw[1:-1].strip()
        if "@" in address and url_scheme(address) is None:
            return  # an e-mail address
        self._link(Link(line, html.unescape(address), "link"))

    def _link(self, link: Link) -> None:
        message = link_scheme_problem(link)
        if message:
            self.report(message, link.line)
        else:
            self.links.append(link)

    # everything else that is not text

    def handle_comment(self, data: str) -> None:
        if _LINK_IN_COMMENT.search(data):
            self.report("remove the HTML comment; it hides a link, a mark of injected spam")
        elif self.plain:
            self.report("remove the HTML comment; this field is plain text, where it would show as written")

    def handle_decl(self, decl: str) -> None:
        self.report(f"remove '<!{decl[:40]}>'; it is web-page markup, not text")

    def handle_pi(self, data: str) -> None:
        self.report(f"remove '<?{data[:40]}>'; it is web-page markup, not text")


def _may_be_spam_mark(tag: str) -> bool:
    """Elements judged as spam marks when empty with only an id; scripts, frames and forms
    keep their own, stronger message."""
    return ELEMENT_REASONS.get(tag) in (None, ELEMENT_REASONS["noscript"])


def _spam_mark_message(element: _Open) -> str:
    return (
        f'remove the empty <{element.tag} id="{element.id_only}"> element; empty elements that '
        "carry only an id are left by spam injected into web pages, not part of the text"
    )


def _hidden_message(tag: str) -> str:
    return f"remove the hidden <{tag}> element and its content; hidden text in a record is a mark of injected spam"


def _element_message(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    reason = ELEMENT_REASONS.get(tag)
    if reason:
        return f"remove the <{tag}> element; {reason}"
    if _is_hidden(attrs):
        return _hidden_message(tag)
    return f"remove the <{tag}> tag (keep its text); records may use only these HTML elements: {', '.join(sorted(ALLOWED_TAGS))}"


def _attribute_message(tag: str, name: str, allowed: frozenset[str]) -> str:
    if name.startswith("on"):
        return f"remove the {name} attribute of <{tag}>; the site publishes no scripts from records"
    if name == "style":
        return f"remove the style attribute of <{tag}>; the site's look comes from its theme, not from records"
    may = f"may carry only {', '.join(sorted(allowed))}" if allowed else "may carry no attributes"
    return f"remove the {name} attribute of <{tag}>; <{tag}> {may}"


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true"):
            return True
        if name == "style" and value and _HIDING_STYLE.search(value):
            return True
    return False


_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


def _is_void(tag: str) -> bool:
    """Elements that never have content or an end tag."""
    return tag in _VOID
