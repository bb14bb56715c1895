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


def test_the_text_report_keeps_each_problem_on_its_line_whatever_a_record_holds():
    problem = Problem("content/units/a\n::error::b.yml", 2, "x\n::notice::forged", "found 'a\u202eb\x00'")
    assert str(problem) == "content/units/a\\n::error::b.yml:2: x\\n::notice::forged: found 'a\\u202eb\\x00'"


def test_validate_prints_no_line_that_a_record_forged(site_project, valid_records):
    from conftest import run_cli

    valid_records["content/units/forged.yml"] = 'id: forged\nname: {zh: 局}\n"x\\n::notice title=forged::forged": 1\n'
    valid_records["content/units/x\n::error file=a::forged.yml"] = "id: named\nname: {zh: 局}\nbad: 1\n"
    root = site_project(valid_records)
    result = run_cli("validate", cwd=root)
    lines = result.stderr.split("\n")
    assert result.returncode == 1
    assert lines == [
        "content/units/forged.yml:3: x\\n::notice title=forged::forged: unknown field; expected one of: id, summary, sources, name, aliases, level, url",
        "content/units/x\\n::error file=a::forged.yml:1: -: the name of this file holds the line break U+000A; rename it",
        "content/units/x\\n::error file=a::forged.yml:3: bad: unknown field; expected one of: id, summary, sources, name, aliases, level, url",
        "3 problems found; nothing was built.",
        "",
    ]
    github = run_cli("validate", "--format", "github", cwd=root).stdout.strip().split("\n")
    assert len(github) == 3 and all(line.startswith("::error file=content/units/") for line in github)
