"""Clean a report's visible lines of what saved news pages carry besides the report.

Each step is a pure function over lines, and says how much it removed, so that the editor
is told: SEO spam lines, pinyin ruby (``頁(yè)``), Traditional characters (converted to
Simplified, as the archive is written), page chrome. Lines of garbled characters cannot be
repaired; they are marked so that nobody quotes them.
"""

from __future__ import annotations

import functools
import re

from opencc_purepy import OpenCC
from pypinyin import pinyin

SPAM_WORDS = (
    "无码", "午夜", "在线观看", "免费视频", "国产", "欧美", "日韩", "久久", "精品", "成人", "色情", "婬", "麻豆", "超碰",
    "偷拍", "自拍", "av", "黄色", "一区", "二区", "伦理",
)
"""Words of the pornographic SEO spam that compromised servers put at the top and bottom of
a page. A line is spam only when it also looks like a keyword list (see ``is_spam_line``)."""
SPAM_HITS = 2
"""Different spam words a keyword line must hold to be dropped: one is a coincidence."""
SENTENCE_MARKS = "。！？；：“”"
_PARTS = re.compile(r"[,，、|\s]+")
_RUBY = re.compile(r"(\w)\(([a-zA-Zü\u00c0-\u024f\u1e00-\u1eff]{1,7})\)")
"""A character followed by an ASCII-parenthesised reading in letters with tone marks."""
CHROME = (
    re.compile(r"^(?:当前(?:所在|位置)\s*[:：]\s*)?首\s*页\s*(?:>|＞|»|›|&gt;)"),  # breadcrumbs
    re.compile(r"^首\s*页(?:\s+\S{2,8}){2,}$"),  # a navigation bar
    re.compile(r"^Powered by\b", re.IGNORECASE),
    re.compile(r"^欢迎(?:光临|来到)"),
    re.compile(r"^微信图片_\d{8,}"),  # a photo's file name for its caption
    re.compile(r"^(?:编辑|责任编辑|责编)\s*[:：]"),
    re.compile(r"版权所有"),
    re.compile(r"^\[?免责声明\]?"),
    re.compile(r"^(?:联系(?:电话|方式|QQ)|监督电话|举报电话|地址)\s*[:：]", re.IGNORECASE),  # a site's footer
    re.compile(r"^本(?:网|站)部分"),
    re.compile(r"主办\s*-{2}"),
    re.compile(r"^(?:分享到|打印本页|关闭窗口|返回顶部)\s*[:：]?\s*$"),
)
"""Whole lines of page chrome, matched on the Simplified text."""
CHROME_TAILS = re.compile(r"\s*(?:分享到\s*[:：]?|\[\s*打印本页\s*\]|【\s*打印本页\s*】)\s*$")
GARBLED_MARK = "【疑似乱码，勿引用】"
"""Put before a line of garbled characters in the cleaned text."""
_RARE_WINDOW, _RARE_IN_WINDOW = 6, 3
_QUESTION_IN_HAN = re.compile(r"[\u3400-\u9fff]\?[\u3400-\u9fffa-zA-Z(]|\ufffd")


@functools.lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def _readings(character: str) -> frozenset[str]:
    return frozenset(pinyin(character, heteronym=True)[0])


def is_spam_line(line: str) -> bool:
    """A line of short comma-joined keywords, without sentence punctuation, holding at least
    ``SPAM_HITS`` different spam words."""
    if not line or any(mark in line for mark in SENTENCE_MARKS):
        return False
    if any(len(part) > 24 for part in _PARTS.split(line)):
        return False
    lowered = line.lower()
    return sum(word in lowered for word in SPAM_WORDS) >= SPAM_HITS


def drop_spam(lines: list[str]) -> tuple[list[str], int]:
    kept = [line for line in lines if not is_spam_line(line)]
    return kept, len(lines) - len(kept)


def strip_ruby(text: str) -> tuple[str, int]:
    """``text`` without the pinyin readings after its characters: ``頁(yè)`` → ``頁``, but
    ``(街道)`` and ``(市、區(qū))`` → ``(市、區)`` keep their parentheses, because a reading is
    removed only when it is one of the character's own."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if match[2].lower() in _readings(match[1]):
            count += 1
            return match[1]
        return match[0]

    return _RUBY.sub(replace, text), count


def to_simplified(text: str) -> tuple[str, int]:
    """``text`` in Simplified characters, and how many characters were changed."""
    converted = _t2s().convert(text)
    return converted, sum(a != b for a, b in zip(text, converted))


def drop_chrome(lines: list[str]) -> tuple[list[str], int]:
    """``lines`` without navigation, breadcrumbs, share and print buttons, credits and
    footers; a line that only ends with a share or print button loses that end."""
    kept, dropped = [], 0
    for line in lines:
        trimmed = CHROME_TAILS.sub("", line)
        if any(pattern.search(trimmed) for pattern in CHROME) or (line and not trimmed):
            dropped += 1
        else:
            kept.append(trimmed)
    return kept, dropped


def is_garbled(line: str) -> bool:
    """A line with a run of rare characters (outside the 3,755 common ones of GB 2312) or a
    ``?`` between characters: text decoded with the wrong encoding, which cannot be repaired."""
    if _QUESTION_IN_HAN.search(line):
        return True
    marks = [_is_rare(character) and character != previous for previous, character in zip(" " + line, line)]
    return any(sum(marks[start:start + _RARE_WINDOW]) >= _RARE_IN_WINDOW for start in range(len(marks)))


def _is_rare(character: str) -> bool:
    if character == "?":
        return True
    if not "\u3400" <= character <= "\u9fff":
        return False
    try:
        return character.encode("gb2312")[0] >= 0xD8  # GB 2312 level 2, rarer characters
    except UnicodeEncodeError:
        return True


def mark_garbled(lines: list[str]) -> tuple[list[str], int]:
    marked = [GARBLED_MARK + line if is_garbled(line) else line for line in lines]
    return marked, sum(a != b for a, b in zip(lines, marked))


def drop_blank(lines: list[str]) -> list[str]:
    """Lines with a letter, digit or character in them: what is left of a line of stray bullets is not text."""
    return [line for line in lines if any(character.isalnum() for character in line)]
