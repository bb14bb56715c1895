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

from pathlib import Path

from .errors import Problem
from .files import read_text, relative_path
from .loader import ARCHIVE_FILES, parse_yaml

SYNONYMS_FILE = ARCHIVE_FILES[2]
MAX_WORD_LENGTH = 60
"""Characters of one word at most: a synonym is a word or a name, not a sentence."""
EXAMPLE = "expected a list of groups of words that find each other, one group a line, e.g. - [土豆, 马铃薯]"


def load_synonyms(content_dir: Path, root: Path) -> tuple[list[tuple[str, ...]], list[Problem]]:
    """The synonym groups, and every problem with the file; no file, no groups."""
    file = content_dir / SYNONYMS_FILE
    if not file.is_file():
        return [], []
    path = relative_path(file, root)
    text, problems = read_text(file, root)
    if text is None:
        return [], problems
    data, lines, yaml_problems = parse_yaml(text, path)
    problems += yaml_problems
    if data is None:
        return [], problems
    if not isinstance(data, list):
        return [], problems + [Problem(path, 1, "-", EXAMPLE)]
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
        for word in words:
            key = word.lower()
            if key in line_of_word:
                problems.append(Problem(path, line, field, f"'{word}' is already in the group on line {line_of_word[key]}; "
                                        "a word may be in one group only (merge the two groups)"))
            line_of_word.setdefault(key, line)
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
