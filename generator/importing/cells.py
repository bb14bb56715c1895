"""Turn one spreadsheet cell into a record's value: dates in the spellings proposal systems
export, lists of names, and choices given by their Chinese or English wording.

Each function returns the value or raises ``ValueError`` with what was found and what is
expected, for the editor to fix in the spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..dates import Date

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of the dates Excel stores as numbers (a date cell saved to CSV in the General format)."""
EXCEL_SERIALS = range(10_000, 80_000)
"""The numbers read as Excel dates: 1927-05-18 to 2119-01-10."""
ITEM_SEPARATORS = re.compile(r"\s*[、,，;；/\n]\s*")
"""What separates names in one cell: 张三、李四 / 张三，李四 / 张三;李四 / one per line."""

_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY = re.compile(rf"^(\d{{2,4}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}}){_TIME}$")
_MONTH = re.compile(r"^(\d{2,4})\s*[-/.]\s*(\d{1,2})$")
_CHINESE = re.compile(rf"^(\d{{2,4}})\s*年\s*(?:(\d{{1,2}})\s*月\s*(?:(\d{{1,2}})\s*[日号])?)?{_TIME}$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_SPELLINGS = "2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日, 2022年3月, 2022-03 or 2022"


def normalise(text: str) -> str:
    """``text`` as cells are compared: full-width letters and digits made ASCII (NFKC), white
    space removed, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def cell_text(value: Any) -> str | None:
    """The text a cell shows, or None for an empty one: numbers as written (``12``, not
    ``12.0``), text with its surrounding white space removed."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    text = str(value).strip()
    return text or None


def parse_date(value: Any) -> str:
    """The date in a cell as the archive writes it (``2022-03-05``, ``2022-03`` or ``2022``)."""
    if isinstance(value, (dt.datetime, dt.date)):
        return str(Date.parse(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return str(Date.parse(int(value)))
        if float(value).is_integer() and int(value) in EXCEL_SERIALS:
            return str(Date.parse(EXCEL_EPOCH + dt.timedelta(days=int(value))))
        raise ValueError(f"'{cell_text(value)}' is a number, not a date; write {DATE_SPELLINGS}, or format the column as dates")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for pattern in (_COMPACT, _DAY, _CHINESE, _MONTH):
        match = pattern.match(text)
        if match:
            break
    else:
        if re.fullmatch(r"\d{4}", text):
            return str(Date.parse(text))
        raise ValueError(f"'{text}' is not a date; write {DATE_SPELLINGS}")
    year, month, day = (match.groups() + (None, None))[:3]
    if len(year) != 4:
        raise ValueError(f"'{text}' has a {len(year)}-digit year; write the year in full, e.g. {DATE_SPELLINGS.split(',')[0]}")
    iso = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    try:
        return str(Date.parse(iso))
    except ValueError as error:  # '2022-02-30' has no day 30; that month has 28 days
        raise ValueError(str(error).replace(f"'{iso}'", f"'{text}'")) from None


def split_items(text: str) -> list[str]:
    """The names in one cell, in order, each once."""
    items = []
    for item in ITEM_SEPARATORS.split(text):
        item = item.strip()
        if item and item not in items:
            items.append(item)
    return items


def parse_choice(text: str, choices: dict[str, str], shown: list[str]) -> str:
    """The key ``text`` names: ``choices`` maps each accepted spelling (normalised) to its
    key; ``shown`` is what the message lists."""
    key = choices.get(normalise(text))
    if key is None:
        key = choices.get(normalise(text).removesuffix("类"))  # A类 → A
    if key is None:
        raise ValueError(f"'{text}' is not one of: {', '.join(shown)}")
    return key


def parse_count(value: Any) -> int:
    """A whole number of things."""
    text = cell_text(value) or ""
    if re.fullmatch(r"\d+", unicodedata.normalize("NFKC", text)):
        return int(unicodedata.normalize("NFKC", text))
    raise ValueError(f"'{text}' is not a whole number; write digits only, e.g. 12")


def slug(text: str) -> str:
    """The part of an id made from a proposal number or a name: its ASCII letters and digits,
    lower case, each run joined with ``-`` (``第A-0012号`` → ``a-0012``); empty when it has none."""
    runs = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower())
    return "-".join(runs)
