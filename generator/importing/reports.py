"""A saved news report → its source metadata and its cleaned text, for ``shangliang draft``.

``read_report(data, name)`` is pure: bytes in, a ``Report`` out. The metadata is taken from
the page's own declarations first (Open Graph, then the metas of Chinese government sites,
then ``<title>``), then from the labelled lines of its visible text (来源, 发布时间, 标题,
原文链接); each value says where it came from, so the editor knows what was guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..dates import Date
from ..errors import ShangliangError
from .cleaning import drop_blank, drop_chrome, drop_spam, mark_garbled, strip_ruby, to_simplified
from .pages import Page, decode_report, get_report_kind, read_page

_LABEL_END = r"(?=\s|\||丨|$|(?:作者|编辑|分享到|时间|发布时间|日期|来源)\s*[:：])"
MAX_REPORT_BYTES = 20 * 1024 * 1024
"""A larger file is refused before it is read."""
MAX_LABELLED_LINE = 500
"""Longest line searched for a label (来源, 标题, a date, a copyright line)."""
SOURCE_LINE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<value>[^\s|丨]+?)" + _LABEL_END)
TITLE_LINE = re.compile(r"^(?:标题|標題)\s*[:：]\s*(?P<value>.+?)\s*(?:\[\s*打印本[页頁]\s*\])?$")
URL_LINE = re.compile(r"原文(?:链接|鏈接|地址)\s*[:：]\s*(?P<value>\S+)")
DATE_LABEL = re.compile(r"(?:发布时间|發布時間|发布日期|發布日期|时间|時間|日期)\s*[:：]\s*")
DATE_TEXT = re.compile(
    r"(?P<year>\d{4})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
HOST_LINES = (
    re.compile(r"^欢迎(?:光临|来到)\s*(?P<value>[^\s!！(（|]+)"),
    re.compile(r"^(?P<value>[^\s©]+?)\s*(?:[\w.-]+\.[a-z]{2,}\s*)?版权所有"),
)
TITLE_SUFFIX = re.compile(r"\s*(?:[-_|–—]|丨)\s*(?P<site>[^-_|–—丨]+)$")
BREADCRUMB = re.compile(r"(?:首\s*页\s*(?:>|＞|»|›)|当前(?:所在|位置)\s*[:：])")
MAX_TITLE = 120


@dataclass(frozen=True)
class Found:
    """A value read from the report, and where it was read."""

    value: str
    how: str


@dataclass
class Report:
    """A report's source metadata and its cleaned lines, with what the cleaning removed."""

    kind: str
    encoding: str
    lines: list[str]
    title: Found | None = None
    outlet: Found | None = None
    date: Found | None = None
    url: Found | None = None
    skipped_url: str | None = None
    """An address the report gives that is not http(s), left out of the record."""
    counts: dict[str, int] = field(default_factory=dict)
    """What the cleaning removed, converted and marked, by what it is (``spam lines``: 2)."""


def read_report(data: bytes, name: str) -> Report:
    """The report saved in ``data`` (its file name ``name`` tells HTML from text)."""
    kind = get_report_kind(name)
    text, encoding = decode_report(data, name, kind)
    page = read_page(text, kind)
    lines, spam = drop_spam(drop_blank(page.lines))
    text, readings = strip_ruby("\n".join(lines))
    text, converted = to_simplified(text)
    lines = text.split("\n")
    report = Report(kind, encoding, lines)
    _find_metadata(report, page, lines)
    if report.title is None:
        raise ShangliangError(f"{name}: no title found (no og:title, ArticleTitle or <title>, and no 标题 line or headline above the date)")
    if report.date is None:
        raise ShangliangError(f"{name}: no publication date found (no article:published_time or PubDate meta, and no date such as 2022-03-05 or 2022年3月5日 near the top)")
    lines, chrome = drop_chrome(lines)
    report.lines, garbled = mark_garbled(lines)
    report.counts = {
        "spam lines": spam, "hidden elements": page.hidden, "empty elements": page.empty,
        "pinyin readings": readings, "page-chrome lines": chrome, "characters converted from Traditional": converted,
        "garbled lines marked": garbled,
    }
    return report


def _find_metadata(report: Report, page: Page, lines: list[str]) -> None:
    metas = {name: _simplified(value) for name, value in page.metas.items()}
    page_title, title_site = _title_and_site(_simplified(page.title))
    date_line = _find_date(report, metas, lines)
    report.title = (
        _meta(metas, "og:title", "articletitle")
        or (Found(page_title, "from <title>") if page_title else None)
        or _labelled(lines, TITLE_LINE, "标题 line")
        or _headline_above(lines, date_line)
    )
    _find_outlet(report, metas, lines, title_site)
    _find_url(report, metas, lines)


def _meta(metas: dict[str, str], *names: str) -> Found | None:
    for name in names:
        if metas.get(name):
            return Found(metas[name], f"from the {name} meta")
    return None


def _labelled(lines: list[str], pattern: re.Pattern, how: str, last: bool = False) -> Found | None:
    for line in reversed(lines) if last else lines:
        if len(line) > MAX_LABELLED_LINE:  # a label's line is short; a long one would cost its patterns time by the square of its length
            continue
        match = pattern.search(line)
        if match and clean_value(match["value"]):
            return Found(clean_value(match["value"]), f"from the {how}")
    return None


def _find_date(report: Report, metas: dict[str, str], lines: list[str]) -> int | None:
    """Sets the report's date; returns the line it was found on, if it was a line."""
    for name in ("article:published_time", "pubdate", "publishdate", "og:release_date"):
        date = _parse_date(metas.get(name, ""))
        if date:
            report.date = Found(date, f"from the {name} meta")
            return None
    for number, line in enumerate(lines):  # a labelled date, then a date on the 来源 line, then one alone on a short line
        label = DATE_LABEL.search(line)
        date = _parse_date(line[label.end():], at_start=True) if label else None
        if date:
            report.date = Found(date, f"from the {label[0].rstrip(' :：')} line")
            return number
    for number, line in enumerate(lines[:40]):
        date = _parse_date(line)
        if date and (SOURCE_LINE.search(line) or len(line) <= 40):
            report.date = Found(date, "guessed: the date at the top, under the headline")
            return number
    return None


def _parse_date(text: str, at_start: bool = False) -> str | None:
    match = DATE_TEXT.match(text.strip()) if at_start else DATE_TEXT.search(text)
    if not match:
        return None
    try:
        return Date.parse(f"{match['year']}-{int(match['month']):02d}-{int(match['day']):02d}").isoformat()
    except ValueError:
        return None


def _headline_above(lines: list[str], date_line: int | None) -> Found | None:
    """The line above the date line, when it is short and no breadcrumb: a page's headline."""
    if not date_line:
        return None
    line = lines[date_line - 1]
    if len(line) <= MAX_TITLE and not BREADCRUMB.search(line) and not line.endswith("。"):
        return Found(clean_value(line), "guessed: the line above the date")
    return None


def _title_and_site(title: str) -> tuple[str, str]:
    """``<title>`` without its `` - site`` / ``_site`` end, and the site it names."""
    match = TITLE_SUFFIX.search(title)
    if match and match.start() > 0:
        return title[: match.start()].strip(), match["site"].strip()
    return title, ""


def _find_outlet(report: Report, metas: dict[str, str], lines: list[str], title_site: str) -> None:
    """The original outlet (ContentSource, a 来源 line) and the site hosting the page; a
    repost names both, as ``OUTLET（HOST转载）``."""
    host = _meta(metas, "og:site_name", "sitename") or (Found(title_site, "from the end of <title>") if title_site else None)
    for pattern in HOST_LINES:
        host = host or _labelled(lines, pattern, "site's welcome or copyright line")
    original = _meta(metas, "contentsource") or _labelled(lines, SOURCE_LINE, "来源 line")
    if original and host and host.value not in original.value and original.value not in host.value:
        report.outlet = Found(
            f"{original.value}（{host.value}转载）",
            f"guessed: {original.how.removeprefix('from ')} names {original.value}; the page is on {host.value}, "
            f"{host.how}: a repost",
        )
    else:
        report.outlet = original or host


def _find_url(report: Report, metas: dict[str, str], lines: list[str]) -> None:
    url = _meta(metas, "canonical", "og:url", "url") or _labelled(lines, URL_LINE, "原文链接 line")
    if url is None:
        return
    if re.match(r"https?://[^\s/]+", url.value, re.IGNORECASE):
        report.url = url
    else:
        report.skipped_url = url.value


def _simplified(value: str) -> str:
    """A value the page declares, cleaned as its text is: no readings, Simplified."""
    return clean_value(to_simplified(strip_ruby(value)[0])[0])


def clean_value(value: str) -> str:
    """One line of plain text: whitespace collapsed, control and format characters removed."""
    value = "".join(" " if unicodedata.category(character) in ("Cc", "Cf") else character for character in value)
    return " ".join(value.split())
