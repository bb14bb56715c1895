"""Issue 14, the checker: what ``shangliang new`` and ``shangliang validate`` let through or said
wrongly in an editor's real attempt. Each case asserts the exact messages."""

from __future__ import annotations

import re
import typing

import pytest

from conftest import run_cli
from helpers import CONSULTATION, OUTCOME, UNIT, edit, report_of
from shangliang.model import RECORD_TYPES, TYPES_BY_KIND
from shangliang.placeholders import vocabulary_of
from shangliang.field_types import unwrap_field_type
from shangliang.validate import _choice_message
from shangliang.vocab import VOCABULARIES

C = "content/consultations/jining-2022-culture.md"
E = "content/consultations/jining-2022-culture.en.md"
TO_FILL = "still the placeholder 【待填写】"
FORMATS_LISTED = (
    "plenary (全体会议), standing-committee (专题议政性常委会会议), forum (专题协商会), sector (对口协商), "
    "proposal-handling (提案办理协商), grassroots (基层议事协商), micro (微协商), online (网络议政), supervision (民主监督), "
    "leader-listening (倾听委员之声), face-to-face (委员与领导面对面), other (其他)"
)
STAGES_LISTED = "topic (议题确定), research (商前调研), meeting (会议协商), conversion (成果转化)"
NEXT = "Next: replace every 【待填写】 with what the sources say, then run shangliang validate\n"


# --- 1. `new` guesses nothing, and what it leaves to fill fails validation -----------------

def test_new_consultation_without_options_leaves_every_fact_to_fill(site_project):
    root = site_project()
    result = run_cli("new", "consultation", "jining-2023-water", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Created content/consultations/undated/jining-2023-water.md\n"
        "Created content/consultations/undated/jining-2023-water.en.md\n" + NEXT
    )
    text = (root / "content/consultations/undated/jining-2023-water.md").read_text()
    assert "date: 【待填写】\n" in text and "platform: 【待填写】\n" in text, "no date of today, no platform found last"
    assert not re.search(r"\d{4}-\d\d-\d\d|jishi|rencheng", text)
    report = run_cli("validate", cwd=root)
    assert (report.returncode, report.stdout) == (1, "")
    path = "content/consultations/undated/jining-2023-water"
    assert report.stderr.splitlines() == [
        f"{path}.en.md:1: summary.en: {TO_FILL}; write the English summary, or delete jining-2023-water.en.md until "
        "there is a translation",
        f"{path}.md:8: sources[1].outlet.zh: {TO_FILL}; write the outlet",
        f"{path}.md:9: sources[1].outlet.en: {TO_FILL}; write the outlet in English, or remove the line 'en:'",
        f"{path}.md:11: sources[1].date: {TO_FILL}; write the date, e.g. 2022-10-15",
        f"{path}.md:15: title.zh: {TO_FILL}; write the consultation's title",
        f"{path}.md:16: title.en: {TO_FILL}; write the consultation's title in English, or remove the line 'en:'",
        f"{path}.md:18: date: {TO_FILL}; write the date, e.g. 2022-10-15, and file the record under its year's folder "
        "(content/consultations/2022/); if the sources do not give the date, remove the line",
        f"{path}.md:20: platform: {TO_FILL}; write the id of the platform it was held on",
        f"{path}.md:22: format: {TO_FILL}; write one of: {FORMATS_LISTED}",
        f"{path}.md:26: stages[1].stage: {TO_FILL}; write one of: {STAGES_LISTED}",
        f"{path}.md:31: summary.zh: {TO_FILL}; write the consultation's summary",
        "11 problems found; nothing was built.",
    ]


def test_new_consultation_left_undated_validates_once_its_source_is_filled_in(site_project):
    root = site_project()
    assert run_cli("new", "consultation", "jining-2023-water", "--platform", "rencheng", cwd=root).returncode == 0
    record = root / "content/consultations/undated/jining-2023-water.md"
    text = record.read_text().replace("    date: 【待填写】", "    date: 2023-08-20")  # the source's date
    text = text.replace("\ndate: 【待填写】\n", "\n")  # the sources do not give the consultation's
    text = text.replace("format: 【待填写】", "format: forum")
    text = text.replace("stage: 【待填写】", "stage: topic").replace("【待填写】 在这里用中文写这次协商的概述（Markdown）。", "会议讨论了节约用水。")
    record.write_text(text.replace("【待填写】", "节约用水"))
    record.with_name("jining-2023-water.en.md").write_text("Saving water.\n")
    report = run_cli("validate", cwd=root)
    assert (report.returncode, report.stderr, report.stdout.startswith("OK: ")) == (0, "", True)


def test_new_records_of_every_type_fail_only_for_their_placeholders(site_project):
    root = site_project()
    for kind in TYPES_BY_KIND:
        result = run_cli("new", kind, f"new-{kind}", cwd=root)
        assert (result.returncode, result.stderr) == (0, "")
    written = [path for path in (root / "content").rglob("new-*") if path.is_file()]
    assert len(written) == len(TYPES_BY_KIND) + 1  # and a consultation's .en.md
    assert not [path for path in written if "``" in path.read_text(encoding="utf-8")], "comments in plain words, not reST"
    report = run_cli("validate", cwd=root).stderr.splitlines()
    assert report[-1].endswith(" problems found; nothing was built.")
    assert [line for line in report[:-1] if TO_FILL not in line] == []
    assert {line.split(":")[0] for line in report[:-1]} == {
        "content/platforms/new-platform.yml", "content/consultations/undated/new-consultation.md",
        "content/consultations/undated/new-consultation.en.md", "content/proposals/new-proposal.yml",
        "content/outcomes/new-outcome.yml", "content/units/new-unit.yml", "content/organisations/new-organisation.yml",
    }


def test_new_takes_the_date_and_platform_from_options_and_validates_once_filled(site_project):
    root = site_project()
    result = run_cli("new", "consultation", "jining-2023-water", "--date", "2022-10-15", "--platform", "rencheng", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Created content/consultations/2022/jining-2023-water.md\n")
    record = root / "content/consultations/2022/jining-2023-water.md"
    text = record.read_text()
    assert "date: 2022-10-15\n" in text and "platform: rencheng\n" in text
    # The editor fills in the rest: the record is then valid as it stands.
    text = text.replace("format: 【待填写】", "format: forum").replace("stage: 【待填写】", "stage: topic")
    text = text.replace("    date: 【待填写】", "    date: 2022-10-16")  # the source's date
    text = text.replace("【待填写】 在这里用中文写这次协商的概述（Markdown）。", "会议讨论了节约用水。")
    record.write_text(text.replace("【待填写】", "节约用水"))
    record.with_name("jining-2023-water.en.md").write_text("Saving water.\n")
    report = run_cli("validate", cwd=root)
    assert (report.returncode, report.stderr) == (0, "")
    assert report.stdout.startswith("OK: 7 records")


def test_new_outcome_takes_what_it_concerns_from_an_option(site_project):
    root = site_project()
    result = run_cli("new", "outcome", "water-instruction", "--concerns", "jining-2022-culture", "--date", "2023-01", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    text = (root / "content/outcomes/water-instruction.yml").read_text()
    assert "concerns: jining-2022-culture\n" in text and "date: 2023-01\n" in text
    assert "type: 【待填写】\n" in text, "no kind of outcome guessed"


@pytest.mark.parametrize(("args", "error"), [
    (("consultation", "x", "--platform", "jishii"), "--platform: no platform has the id 'jishii'; did you mean 'jishi'?"),
    (("consultation", "x", "--platform", "jining-culture-bureau"),
     "--platform: 'jining-culture-bureau' is a unit (content/units/jining-culture-bureau.yml), expected the id of a platform"),
    (("outcome", "x", "--concerns", "jishi"),
     "--concerns: 'jishi' is a platform (content/platforms/jishi.yml), expected the id of a consultation or proposal"),
    (("outcome", "x", "--concerns", "nothing-like-it"), "--concerns: no consultation or proposal has the id 'nothing-like-it'"),
    (("consultation", "x", "--concerns", "jining-2022-culture"), "--concerns: a consultation has no concerns"),
    (("unit", "x", "--date", "2022-10-15"), "--date: a unit has no date"),
    (("consultation", "x", "--date", "2022-13-01"), "--date: '2022-13-01' has no month 13; months run from 01 to 12"),
])
def test_new_checks_its_options_and_writes_nothing_when_one_is_wrong(site_project, args, error):
    root = site_project()
    result = run_cli("new", *args, cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"Error: {error}\n")
    assert not list((root / "content").rglob("x.*"))


def test_new_starts_a_record_while_another_record_is_broken(site_project, valid_records):
    valid_records[C] = edit(CONSULTATION, "format: standing-committee", "format: 微协商")
    root = site_project(valid_records)
    result = run_cli("new", "outcome", "x", "--concerns", "jining-2022-culture", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize(("where", "text", "problem"), [
    ("a source's outlet, inside a list",
     UNIT + "sources:\n  - outlet:\n      zh: 【待填写】\n    date: 2023-01-01\n",
     f"content/units/jining-culture-bureau.yml:8: sources[1].outlet.zh: {TO_FILL}; write the outlet"),
    ("the middle of a text",
     edit(UNIT, "  en: Jining Culture and Tourism Bureau", "  en: Jining 【待填写】 Bureau"),
     f"content/units/jining-culture-bureau.yml:4: name.en: {TO_FILL}; write the unit's name in English, or remove the line 'en:'"),
    ("what earlier versions of new wrote",
     edit(UNIT, "  zh: 济宁市文化和旅游局", "  zh: （请填写）"),
     "content/units/jining-culture-bureau.yml:3: name.zh: still the placeholder （请填写）; write the unit's name"),
    ("a vocabulary field, refused once only",
     edit(UNIT, "level: city", "level: 【待填写】"),
     f"content/units/jining-culture-bureau.yml:5: level: {TO_FILL}; write one of: national (全国), province (省级), city (市级), county (县级), "
     "district (区级), township (乡镇级)"),
    ("a field the record type does not have, reported as unknown",
     UNIT + "unknownfield: 【待填写】\n",
     "content/units/jining-culture-bureau.yml:6: unknownfield: unknown field; expected one of: id, summary, sources, name, aliases, level, url"),
    ("a field of a text that is neither zh nor en, reported as unknown",
     edit(UNIT, "  en: Jining Culture and Tourism Bureau", "  fr: 【待填写】"),
     "content/units/jining-culture-bureau.yml:4: name.fr: unknown field; expected one of: zh, en"),
    ("an outcome's date, refused once only",
     edit(OUTCOME, "date: 2022-11", "date: 【待填写】"),
     f"content/outcomes/culture-instruction.yml:6: date: {TO_FILL}; write the date, e.g. 2022-10-15"),
])
def test_a_placeholder_fails_wherever_it_is(tmp_path, valid_records, where, text, problem):
    path = "content/outcomes/culture-instruction.yml" if text.startswith("id: culture") else "content/units/jining-culture-bureau.yml"
    valid_records[path] = text
    assert report_of(tmp_path, valid_records) == [problem, "1 problem found; nothing was built."], where


def test_a_placeholder_in_either_body_is_found_on_its_line(tmp_path, valid_records):
    valid_records[C] = CONSULTATION + "\n第二段。\n\n【待填写】\n"
    valid_records[E] = "\nFirst paragraph.\n\nWrite the English summary here (Markdown). Delete this file if there is no translation yet.\n"
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.en.md:4: summary.en: still the placeholder Write the English summary "
        "here (Markdown); write the English summary, or delete jining-2022-culture.en.md until there is a translation",
        f"{C}:25: summary.zh: {TO_FILL}; write the consultation's summary",
        "2 problems found; nothing was built.",
    ]


# --- 2. An English summary file holds no front matter ---------------------------------------

def test_an_english_file_with_front_matter_is_refused_and_its_text_still_checked(tmp_path, valid_records):
    valid_records[E] = "---\nid: jining-2022-culture\n---\n\nThe text.\n\n<script>alert(1)</script>\n"
    assert report_of(tmp_path, valid_records) == [
        f"{E}:1: -: an English summary file has no front matter; delete its '---' block (lines 1 to the second '---'): "
        f"the record's fields, and their English texts as 'en:' lines, go only in jining-2022-culture.md",
        f"{E}:7: summary.en: remove the <script> element; the site publishes no scripts from records",
        "2 problems found; nothing was built.",
    ]


# --- 3. published.txt and renames -----------------------------------------------------------

PUBLISHED = (
    "consultations/jining-2022-culture\nplatforms/jishi\nplatforms/rencheng\nunits/jining-culture-bureau\n"
    "proposals/proposal-2023-001\noutcomes/culture-instruction\n"
)


def test_a_line_no_record_has_names_both_fixes(tmp_path, valid_records):
    valid_records["content/published.txt"] = PUBLISHED + "units/water-bureau\n"  # added and renamed in one branch
    assert report_of(tmp_path, valid_records) == [
        "content/published.txt:7: -: 'units/water-bureau' is in content/published.txt but no record has that address now; "
        "if this record was renamed or removed before it was ever published, change or delete this line; if it was "
        "published, keep the line and add to content/redirects.yml: '- from: units/water-bureau' and '  to: <the address "
        "readers should go to>'",
        "1 problem found; nothing was built.",
    ]


def test_a_removed_address_and_an_unrelated_new_one_are_not_taken_for_a_rename(tmp_path, valid_records):
    valid_records["content/published.txt"] = PUBLISHED + "units/water-bureau\n"
    valid_records["content/units/port-authority.yml"] = "id: port-authority\nname:\n  zh: 港航局\n"
    assert report_of(tmp_path, valid_records) == [
        "content/published.txt:7: -: 'units/water-bureau' is in content/published.txt but no record has that address now; "
        "if this record was renamed or removed before it was ever published, change or delete this line; if it was "
        "published, keep the line and add to content/redirects.yml: '- from: units/water-bureau' and '  to: <the address "
        "readers should go to>'",
        "content/units/port-authority.yml:1: id: the address 'units/port-authority' is not in content/published.txt; add "
        "the line 'units/port-authority' to it (shangliang new does this for you)",
        "2 problems found; nothing was built.",
    ]


@pytest.mark.parametrize(("broken", "problem"), [
    (edit(UNIT, "level: city", "level: 市级"),
     "content/units/jining-culture-bureau.yml:5: level: found '市级'; records use the English keys: write `city` (市级)"),
    (edit(UNIT, "id: jining-culture-bureau", "id: Jining_Culture"),
     "content/units/jining-culture-bureau.yml:1: id: found 'Jining_Culture', expected an id of lower-case letters, digits "
     "and single hyphens, e.g. 'jining-2022-culture'"),
    (edit(UNIT, "level: city", "\tlevel: city"),
     "content/units/jining-culture-bureau.yml:5: -: YAML syntax error: line 5 uses a tab for indentation; use spaces"),
])
def test_a_record_with_a_problem_gets_no_published_complaint_too(tmp_path, valid_records, broken, problem):
    valid_records["content/published.txt"] = PUBLISHED
    valid_records["content/units/jining-culture-bureau.yml"] = broken
    assert report_of(tmp_path, valid_records) == [problem, "1 problem found; nothing was built."]


# --- 4. YAML syntax errors say what to do, and hide nothing they need not -------------------

def test_every_line_indented_with_a_tab_is_reported(tmp_path, valid_records):
    valid_records["content/units/jining-culture-bureau.yml"] = edit(UNIT, "  zh:", "\tzh:").replace("  en:", "\ten:")
    path = "content/units/jining-culture-bureau.yml"
    assert report_of(tmp_path, valid_records) == [
        f"{path}:3: -: YAML syntax error: line 3 uses a tab for indentation; use spaces",
        f"{path}:4: -: YAML syntax error: line 4 uses a tab for indentation; use spaces",
        "2 problems found; nothing was built.",
    ]


def test_a_syntax_error_above_the_tabs_is_reported_with_them(tmp_path, valid_records):
    valid_records["content/units/jining-culture-bureau.yml"] = "id: jining-culture-bureau\nlevel city\nname:\n\tzh: 局\n"
    path = "content/units/jining-culture-bureau.yml"
    assert report_of(tmp_path, valid_records) == [
        f"{path}:2: -: YAML syntax error: could not find expected ':'",
        f"{path}:4: -: YAML syntax error: line 4 uses a tab for indentation; use spaces",
        "2 problems found; nothing was built.",
    ]


def test_a_colon_in_a_value_asks_for_quotes_and_the_other_problems_are_found_too(tmp_path, valid_records):
    valid_records[C] = edit(
        edit(CONSULTATION, "  zh: 推动“两创”工作走在前列", "  zh: 会议: 第一次"), "format: standing-committee", "format: 基层协商"
    )
    assert report_of(tmp_path, valid_records) == [
        f"{C}:4: title.zh: YAML syntax error: the value holds ': ', which YAML reads as the start of a field; put the "
        "text in quotes: zh: \"会议: 第一次\"",
        f"{C}:8: format: found '基层协商', expected one of the English keys; did you mean `grassroots` (基层议事协商)?",
        "2 problems found; nothing was built.",
    ]


def test_a_colon_on_a_wrongly_indented_line_gets_no_quoting_hint(tmp_path, valid_records):
    valid_records["content/units/jining-culture-bureau.yml"] = edit(UNIT, "  en: Jining", "   en: Note: Jining")
    assert report_of(tmp_path, valid_records) == [
        "content/units/jining-culture-bureau.yml:4: -: YAML syntax error: mapping values are not allowed in this context",
        "1 problem found; nothing was built.",
    ]


def test_the_quoting_hint_leaves_a_comment_after_the_value_a_comment(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "  zh: 推动“两创”工作走在前列", "  zh: 会议: 第三次 # 备注")
    assert report_of(tmp_path, valid_records) == [
        f"{C}:4: title.zh: YAML syntax error: the value holds ': ', which YAML reads as the start of a field; put the "
        "text in quotes: zh: \"会议: 第三次\" # 备注",
        "1 problem found; nothing was built.",
    ]


def test_a_broken_front_matter_hides_no_problem_of_the_english_file(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "format: standing-committee", "format standing-committee")
    valid_records[E] = "【待填写】 The English summary.\n"
    assert report_of(tmp_path, valid_records) == [
        f"{E}:1: summary.en: {TO_FILL}; write the English summary, or delete jining-2022-culture.en.md until there is "
        "a translation",
        f"{C}:8: -: YAML syntax error: could not find expected ':'",
        "2 problems found; nothing was built.",
    ]


def test_a_broken_english_file_hides_no_problem_of_the_record(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "format: standing-committee", "format: 微协商")
    valid_records[E] = "---\ntitle: x\n---\nText.\n"
    assert report_of(tmp_path, valid_records) == [
        f"{E}:1: -: an English summary file has no front matter; delete its '---' block (lines 1 to the second '---'): "
        f"the record's fields, and their English texts as 'en:' lines, go only in jining-2022-culture.md",
        f"{C}:8: format: found '微协商'; records use the English keys: write `micro` (微协商)",
        "2 problems found; nothing was built.",
    ]


# --- 5. Vocabulary typed in Chinese: refused, with the key to write -------------------------

@pytest.mark.parametrize(("old", "new", "problem"), [
    ("format: standing-committee", "format: 基层协商",
     "8: format: found '基层协商', expected one of the English keys; did you mean `grassroots` (基层议事协商)?"),
    ("format: standing-committee", "format: 微协商", "8: format: found '微协商'; records use the English keys: write `micro` (微协商)"),
    ("  - stage: research", "  - stage: 会议协商",
     "12: stages[2].stage: found '会议协商'; records use the English keys: write `meeting` (会议协商)"),
    ("format: standing-committee", "format: Online micro-consultation",
     "8: format: found 'Online micro-consultation'; records use the English keys: write `micro` (微协商)"),
    ("format: standing-committee", "format: 其它", "8: format: found '其它', expected one of the English keys; did you mean `other` (其他)?"),
    ("format: standing-committee", "format: 座谈", f"8: format: found '座谈', expected one of: {FORMATS_LISTED}"),
])
def test_a_label_or_a_near_label_names_the_key(tmp_path, valid_records, old, new, problem):
    valid_records[C] = edit(CONSULTATION, old, new)
    assert report_of(tmp_path, valid_records) == [f"{C}:{problem}", "1 problem found; nothing was built."]


def test_a_level_in_chinese_names_the_key(tmp_path, valid_records):
    valid_records["content/platforms/jishi.yml"] = valid_records["content/platforms/jishi.yml"].replace("level: city", "level: 市级")
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/jishi.yml:8: level: found '市级'; records use the English keys: write `city` (市级)",
        "1 problem found; nothing was built.",
    ]


def _choice_fields(model, seen=None) -> typing.Iterator[tuple[str, list[str]]]:
    """Every field of ``model`` (and of the groups inside it) that takes a choice: name, keys."""
    seen = seen if seen is not None else set()
    for name, info in model.model_fields.items():
        inner = unwrap_field_type(info.annotation)[0]
        if typing.get_origin(inner) is typing.Literal:
            yield f"{model.__name__}.{name}", [str(key) for key in typing.get_args(inner)]
        elif isinstance(inner, type) and hasattr(inner, "model_fields") and inner not in seen:
            seen.add(inner)
            yield from _choice_fields(inner, seen)


CHOICE_FIELDS = sorted({field: keys for model in RECORD_TYPES for field, keys in _choice_fields(model)}.items())


@pytest.mark.parametrize(("field", "keys"), CHOICE_FIELDS, ids=[field for field, _ in CHOICE_FIELDS])
def test_every_choice_field_answers_its_labels_with_its_keys(field, keys):
    vocabulary = vocabulary_of(keys)
    assert vocabulary is not None, f"{field}: its keys are no vocabulary of vocab.VOCABULARIES, whose labels name them"
    for key, (zh, _) in vocabulary.items():
        assert _choice_message(zh, keys) == f"found '{zh}'; records use the English keys: write `{key}` ({zh})"


def test_no_vocabulary_is_listed_twice_to_match_a_field():
    """The reference and the open-data docs list each vocabulary once: a field whose keys are
    a part of a vocabulary is mapped to it (vocab.CHOICE_VOCABULARIES), not given a copy."""
    repeated = [
        (name, other) for name, vocabulary in VOCABULARIES.items() for other, bigger in VOCABULARIES.items()
        if name != other and vocabulary.items() <= bigger.items()
    ]
    assert repeated == []


def test_the_walk_finds_the_choice_fields():
    assert {"Consultation.format", "Stage_.stage", "Platform.level", "Proposers.type"} <= {field for field, _ in CHOICE_FIELDS}
    assert len(VOCABULARIES) >= 9
