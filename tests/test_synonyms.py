"""content/search-synonyms.yml: groups of words that find each other in the site search,
checked like any record file, and the words they add to a record's search view."""

from __future__ import annotations

from helpers import VALID_RECORDS, load_project, report_of
from shangliang.render import SiteInfo, render_site
from shangliang.render.search import SYNONYM_WEIGHT, TITLE_WEIGHT, pair_codes


def with_synonyms(text: str) -> dict[str, str]:
    return {**VALID_RECORDS, "content/search-synonyms.yml": text}


def test_groups_load_and_add_the_other_words_to_records_that_have_one(tmp_path):
    archive = load_project(tmp_path, with_synonyms("# comment\n- [两创, 创造性转化]\n- [CPPCC, People's Political Consultative Conference]\n"))
    assert archive.synonyms == [("两创", "创造性转化"), ("CPPCC", "People's Political Consultative Conference")]
    zh = {page.uri: page for page in render_site(archive, SiteInfo("zh", "S", search=True))}
    culture = zh["consultations/jining-2022-culture.md"].search_html  # its title says 两创: half the title's weight
    assert f'<p hidden data-pagefind-weight="{TITLE_WEIGHT * SYNONYM_WEIGHT}">{" ".join(pair_codes("创造性转化"))}</p>' in culture
    en = {page.uri: page for page in render_site(archive, SiteInfo("en", "S", search=True))}
    english = en["platforms/jishi.md"].search_html  # says CPPCC
    assert f'data-pagefind-weight="{SYNONYM_WEIGHT}">People&#39;s Political Consultative Conference</p>' in english
    # a record with no word of a group gets none of it
    without = [page for page in zh.values() if page.search_html and "两创" not in page.html]
    assert without and not any(" ".join(pair_codes("创造性转化")) in page.search_html for page in without)


def test_no_file_no_groups(tmp_path):
    assert load_project(tmp_path, VALID_RECORDS).synonyms == []


def test_every_problem_is_reported_with_its_line(tmp_path):
    report = report_of(tmp_path, with_synonyms(
        "- [土豆, 马铃薯]\n"
        "- [土豆, 洋芋]\n"
        "- [政协]\n"
        "- 政协: 人民政协\n"
        "- [' ', 空]\n"
        "- [建议, 建议]\n"
        f"- [{'长' * 61}, 短]\n"
        "- [---, 横线]\n"
        '- ["零\u200b宽", 零宽]\n'
    ))
    path = "content/search-synonyms.yml"
    assert f"{path}:2: [2]: '土豆' is already in the group on line 1; a word may be in one group only (merge the two groups)" in report
    assert f"{path}:3: [3]: a group needs at least two words that find each other" in report
    assert any(line.startswith(f"{path}:4: [4]: expected a list of groups of words") and "found a mapping" in line for line in report)
    assert f"{path}:5: [5]: a word is empty" in report
    assert f"{path}:6: [6]: a word is in the group twice" in report
    assert any(line.startswith(f"{path}:7: [7]: '{'长' * 60}…' is longer than 60 characters") for line in report)
    assert f"{path}:8: [8]: '---' has no letter or character to search for" in report
    assert f"{path}:9: [9]: '零\u200b宽' has an invisible or control character; type the word again" in report


def test_words_with_chinese_and_latin_are_found_as_written(tmp_path):
    from shangliang.render.search import SearchLexicon, coded

    lexicon = SearchLexicon(synonyms=[("5G基站", "通信基站"), ("port", "harbour")])
    assert lexicon.synonyms_of("建设5G基站") == ["通信基站"]
    assert lexicon.synonyms_of("a report on support") == [] and lexicon.synonyms_of("the port.") == ["harbour"]
    assert coded("5G基站") == "5G " + " ".join(pair_codes("基站"))


def test_a_file_that_is_not_a_list_or_not_yaml_is_an_error(tmp_path):
    assert any(line.startswith("content/search-synonyms.yml:1: -: expected a list of groups")
               for line in report_of(tmp_path / "a", with_synonyms("土豆: 马铃薯\n")))
    assert any(line.startswith("content/search-synonyms.yml:2: -: YAML syntax error")
               for line in report_of(tmp_path / "b", with_synonyms("- [土豆, 马铃薯\n")))
