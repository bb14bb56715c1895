"""Problems as CI systems read them: GitHub workflow commands and GitLab Code Quality."""

from __future__ import annotations

import json

from shangliang.errors import Problem
from shangliang.reports import check_name, fingerprint, format_github, format_gitlab


def test_github_escapes_what_would_end_a_property_or_the_message():
    problem = Problem("content/a,b:c.yml", 3, "stages[2].date", "50% done\nnext line")
    assert format_github([problem]) == (
        "::error file=content/a%2Cb%3Ac.yml,line=3,title=stages[2].date::50%25 done%0Anext line"
    )


def test_github_titles_a_problem_with_the_whole_file_as_file():
    assert format_github([Problem("a.yml", 1, "-", "x")]) == "::error file=a.yml,line=1,title=file::x"


def test_gitlab_fingerprints_stay_when_the_line_moves_and_differ_for_a_repeated_problem():
    first = Problem("a.yml", 3, "summary.zh", "remove it")
    moved = Problem("a.yml", 9, "summary.zh", "remove it")
    assert fingerprint(first) == fingerprint(moved)
    issues = json.loads(format_gitlab([first, moved]))
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert [issue["location"]["lines"]["begin"] for issue in issues] == [3, 9]


def test_gitlab_check_names_group_problems_by_field_without_list_positions():
    assert check_name(Problem("a.yml", 1, "stages[2].date", "x")) == "shangliang/stages.date"
    assert check_name(Problem("a.yml", 1, "-", "x")) == "shangliang/file"


def test_gitlab_report_of_no_problem_is_an_empty_list():
    assert format_gitlab([]) == "[]"
