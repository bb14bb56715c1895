"""Words that find each other in the site search: ``content/search-synonyms.yml``.

Editors list groups of words a reader may type for the same thing (土豆 and 马铃薯; 政协 and
人民政协), one group per line::

    - [土豆, 马铃薯]
    - [政协, 人民政协]

A record whose text has one word of a group is also found by the others, a little below the
records that have the word itself (``render/search.py``). Words are matched as written, in
Chinese or English: a group does not need both languages. A word may be in one group only,
so that what a group means stays clear; a word as common as 建议 finds every record that
says any word of its group, so keep groups to words that mean the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ODD_CHARACTERS, Problem
from .loader import ARCHIVE_FILES, read_archive_list

SYNONYMS_FILE = ARCHIVE_FILES[2]
MAX_WORD_LENGTH = 60
"""Characters of one word at most: a synonym is a word or a name, not a sentence."""
_INVISIBLE = re.compile(f"[{ODD_CHARACTERS}\u200b-\u200f\u2060\u00ad]")
"""Characters that would make a word differ from the same word typed: zero widths, soft
hyphens, controls."""
EXAMPLE = "expected a list of groups of words that find each other, one group a line, e.g. - [土豆, 马铃薯]"


def load_synonyms(content_dir: Path, root: Path) -> tuple[list[tuple[str, ...]], list[Problem]]:
    """The synonym groups, and every problem with the file; no file, no groups."""
    data, lines, path, problems = read_archive_list(content_dir / SYNONYMS_FILE, root, EXAMPLE)
    if data is None:
        return [], problems
    groups: list[tuple[str, ...]] = []
    line_of_word: dict[str, int] = {}
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        field = f"[{index + 1}]"
        if not isinstance(item, list) or not all(isinstance(word, str) for word in item):
            problems.append(Problem(path, line, field, f"{EXAMPLE}; found {_kind(item)}"))
            continue
        words = [" ".join(word.split()) for word in item]
        problem = _group_problem(words)
        if problem:
            problems.append(Problem(path, line, field, problem))
            continue
        taken = [word for word in words if word.lower() in line_of_word]
        for word in taken:
            problems.append(Problem(path, line, field, f"'{word}' is already in the group on line {line_of_word[word.lower()]}; "
                                    "a word may be in one group only (merge the two groups)"))
        if taken:
            continue
        line_of_word.update((word.lower(), line) for word in words)
        groups.append(tuple(words))
    return groups, problems


def _group_problem(words: list[str]) -> str | None:
    if len(words) < 2:
        return "a group needs at least two words that find each other"
    for word in words:
        if not word:
            return "a word is empty"
        if len(word) > MAX_WORD_LENGTH:
            return f"'{word[:MAX_WORD_LENGTH]}…' is longer than {MAX_WORD_LENGTH} characters: a synonym is a word or a name"
        if _INVISIBLE.search(word):
            return f"'{word}' has an invisible or control character; type the word again"
        if not any(character.isalnum() for character in word):
            return f"'{word}' has no letter or character to search for"
    lowered = [word.lower() for word in words]
    if len(set(lowered)) < len(lowered):
        return "a word is in the group twice"
    return None


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list with something other than words in it"
    return {dict: "a mapping", str: f"'{value}'"}.get(type(value), type(value).__name__)
