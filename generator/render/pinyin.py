"""Pinyin spellings of Chinese names and titles, so that readers can find a record by typing
pinyin (``jishishangliang``) or its initials (``jssl``) instead of characters.

A search engine matches what a reader types against the start of indexed words. A long
title joined into one word (``jianshezhihuiganghang…``) is therefore only found from its
first syllable; to find 智慧港航 inside 建设智慧港航和港航物流中心, the title is segmented
into words and a joined spelling starts at every word: ``zhihuiganghang…``, ``ganghang…``.
Each spelling stops after ``MAX_WORDS`` words, which keeps the index small: nobody types
more than a few words of pinyin.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba
from pypinyin import Style, lazy_pinyin

MAX_WORDS = 4
"""Words joined into one spelling at most."""

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def pinyin_terms(text: str) -> list[str]:
    """Spellings under which ``text`` is found, without repeats, in this order: for each
    word where a spelling may start, its joined pinyin (``jishishangliang``), then its
    initials (``jssl``). Only the Chinese characters of ``text`` are spelled; other
    characters (digits, Latin letters, punctuation) separate runs that are spelled apart."""
    terms: dict[str, None] = {}
    for run in _HAN_RUN.findall(text):
        words = [syllables_of(word) for word in segment(run)]
        for start in range(len(words)):
            syllables = [syllable for word in words[start : start + MAX_WORDS] for syllable in word]
            terms.setdefault("".join(syllables))
            terms.setdefault("".join(syllable[0] for syllable in syllables))
    return list(terms)


@cache
def syllables_of(word: str) -> tuple[str, ...]:
    """Toneless syllables of one word, read as a word so that characters with several
    readings take the one the word needs (重庆 → chong qing); ü is written ``v`` as in
    pinyin input methods (绿 → lv)."""
    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def segment(text: str) -> list[str]:
    """``text`` cut into words: 建设智慧港航 → 建设, 智慧, 港航."""
    return list(_get_tokenizer().cut(text, HMM=True))


@cache
def _get_tokenizer() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary load is chatty
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer
