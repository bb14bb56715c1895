"""Pinyin spellings the search index holds for titles and platform names (render/pinyin.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shangliang.render.pinyin import MAX_WORDS, pinyin_terms, segment, syllables_of


def test_a_name_is_spelled_joined_and_by_initials():
    assert pinyin_terms("济事商量") == ["jishishangliang", "jssl", "shangliang", "sl"]


def test_a_spelling_starts_at_every_word_of_a_long_title():
    terms = pinyin_terms("建设智慧港航和港航物流中心")
    assert segment("建设智慧港航和港航物流中心")[:3] == ["建设", "智慧", "港航"]
    # a reader who remembers 智慧港航 finds it by its pinyin or its initials
    assert any(term.startswith("zhihuiganghang") for term in terms)
    assert any(term.startswith("zhgh") for term in terms)
    assert any(term.startswith("ganghangwuliu") for term in terms)
    assert "wuliuzhongxin" in terms and "wlzx" in terms


def test_spellings_stop_after_a_few_words():
    title = "关于加快推进全市智慧港航和港航物流中心建设的提案"
    words = segment(title)
    assert len(words) > MAX_WORDS
    terms = pinyin_terms(title)
    assert terms[0] == "".join("".join(syllables_of(word)) for word in words[:MAX_WORDS])
    assert not any(term.startswith(terms[0]) and term != terms[0] for term in terms)


def test_characters_with_several_readings_are_read_as_the_word_needs():
    assert syllables_of("重庆") == ("chong", "qing")
    assert syllables_of("银行") == ("yin", "hang")
    assert pinyin_terms("绿色") == ["lvse", "ls"]


def test_only_chinese_characters_are_spelled_and_other_characters_separate_runs():
    assert pinyin_terms("汕尾“2+2”协商平台") == ["shanwei", "sw", "xieshangpingtai", "xspt", "pingtai", "pt"]
    assert pinyin_terms("有事多商量·阳光协商")[:2] == ["youshiduoshangliang", "ysdsl"]
    assert "youshiduoshangliangyangguang" not in pinyin_terms("有事多商量·阳光协商")
    assert pinyin_terms("CPPCC 2022") == []
    assert pinyin_terms("") == []


@given(st.text(alphabet=st.sampled_from("济事商量智慧港航物流中心协商平台 ·2a"), max_size=30))
def test_spellings_are_lower_case_letters_without_repeats(text):
    terms = pinyin_terms(text)
    assert len(terms) == len(set(terms))
    assert all(term.isascii() and term.isalpha() and term.islower() for term in terms)
