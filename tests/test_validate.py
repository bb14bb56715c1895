"""Checking one record against its schema: every message verbatim, with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from helpers import CONSULTATION, PLATFORM, PROPOSAL, edit, write_project
from shangliang.field_types import describe_field, get_field_annotation, get_field_type, get_model_at, unwrap_field_type
from shangliang.loader import load_record_file
from shangliang.model import Consultation, Unit
from shangliang.validate import validate_record

C = "content/consultations/c.md"
P = "content/platforms/p.yml"
R = "content/proposals/r.yml"
U = "content/units/u.yml"


def problems_in(root: Path, name: str, text: str) -> list[str]:
    """Write one record file, load and validate it; its problems sorted as in a report."""
    content = write_project(root, {name: text})
    raw, problems = load_record_file(root / name, content, root)
    assert raw is not None and problems == [], problems
    record, problems = validate_record(raw)
    assert (record is None) == bool(problems)
    return [str(problem) for problem in sorted(problems)]


def test_valid_records_validate(tmp_path):
    assert problems_in(tmp_path, C, CONSULTATION) == []
    content = write_project(tmp_path, {U: "id: u\nname:\n  zh: 局\nurl: https://example.gov.cn\n"})
    raw, _ = load_record_file(tmp_path / U, content, tmp_path)
    record, _ = validate_record(raw)
    assert isinstance(record, Unit) and record.url == "https://example.gov.cn"


def test_validated_record_is_typed_and_immutable(tmp_path):
    content = write_project(tmp_path, {C: CONSULTATION})
    raw, _ = load_record_file(tmp_path / C, content, tmp_path)
    record, _ = validate_record(raw)
    assert isinstance(record, Consultation)
    assert record.stage == "meeting"
    assert str(record.stages[0].date) == "2022-03"
    with pytest.raises(ValidationError):
        record.id = "other"  # type: ignore[misc]


# Missing and unknown fields


def test_missing_required_fields_are_named_at_the_top_of_the_record(tmp_path):
    assert problems_in(tmp_path, P, "id: jishi\nlevel: city\n") == [
        "content/platforms/p.yml:1: body: required field is missing; "
        "expected the body that runs it, e.g. 济宁市政协 / Jining Municipal CPPCC Committee",
        "content/platforms/p.yml:1: name: required field is missing; "
        "expected the platform's name, e.g. 济事商量 / Jishi Shangliang (\"Let's talk it over, Jining\")",
    ]


def test_missing_field_in_front_matter_is_on_its_first_line(tmp_path):
    text = edit(CONSULTATION, "format: standing-committee\n", "")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:2: format: required field is missing; expected how it was held: "
        "plenary, standing-committee, forum, sector, proposal-handling, grassroots, micro, online, "
        "supervision, leader-listening, face-to-face or other (or set 'activity' if it was not a consultation)"
    ]


def test_missing_nested_field_is_on_the_line_of_its_group(tmp_path):
    text = edit(PROPOSAL, "  names:\n    - zh: 张三\n", "")
    assert problems_in(tmp_path, R, text) == [
        "content/proposals/r.yml:5: proposers.names: required field is missing; expected the proposers' names"
    ]


def test_missing_field_of_a_list_item_is_on_the_item_line(tmp_path):
    text = edit(CONSULTATION, "  - stage: research\n", "  - note: {zh: 调研}\n")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:12: stages[2].stage: required field is missing; expected "
        "topic (议题确定), research (商前调研), meeting (会议协商) or conversion (成果转化)"
    ]


def test_unknown_field_suggests_the_nearest_name(tmp_path):
    text = edit(edit(PLATFORM, "name:", "nmae:"), "launched:", "lanched:")
    assert problems_in(tmp_path, P, text) == [
        "content/platforms/p.yml:1: name: required field is missing; "
        "expected the platform's name, e.g. 济事商量 / Jishi Shangliang (\"Let's talk it over, Jining\")",
        "content/platforms/p.yml:2: nmae: unknown field; did you mean 'name'?",
        "content/platforms/p.yml:9: lanched: unknown field; did you mean 'launched'?",
    ]


def test_unknown_field_in_a_list_item(tmp_path):
    text = edit(CONSULTATION, "    date: 2022-06-20", "    dat: 2022-06-20")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:13: stages[2].dat: unknown field; did you mean 'date'?"
    ]


def test_unknown_field_with_no_near_name_lists_the_fields(tmp_path):
    text = edit(CONSULTATION, "format:", "colour: red\nformat:")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:8: colour: unknown field; expected one of: id, summary, sources, "
        "title, activity, recurrence, date, end_date, platform, channel, format, organiser, participants, "
        "organisations, stages, outcome_status, outcome_note, suggestions, public_input, attachments"
    ]


def test_unknown_language_in_a_text(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname: {zh: 局, fr: bureau}\n") == [
        "content/units/u.yml:2: name.fr: unknown field; expected one of: zh, en"
    ]


# Wrong types


def test_text_where_a_number_is_expected(tmp_path):
    text = edit(CONSULTATION, "format: standing-committee\n", "format: forum\nsuggestions:\n  count: many\n  adopted: 1.5\n")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:10: suggestions.count: expected a whole number, found 'many'",
        "content/consultations/c.md:11: suggestions.adopted: expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '1.5'",
    ]


def test_plain_string_where_a_bilingual_text_is_expected(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname: 济宁市文化和旅游局\n") == [
        "content/units/u.yml:2: name: expected the text in both languages, as 'zh: …' and 'en: …' lines, "
        "found '济宁市文化和旅游局'"
    ]


def test_plain_string_as_a_list_item_where_a_bilingual_text_is_expected(tmp_path):
    text = edit(PROPOSAL, "    - zh: 张三\n", "    - 张三\n")
    assert problems_in(tmp_path, R, text) == [
        "content/proposals/r.yml:8: proposers.names[1]: expected the text in both languages, "
        "as 'zh: …' and 'en: …' lines, found '张三'"
    ]


def test_list_expected(tmp_path):
    text = edit(CONSULTATION, "format: standing-committee\n", "format: forum\nparticipants: 委员\n")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:9: participants: expected a list (lines starting with '- '), found '委员'"
    ]


def test_list_expected_but_a_word_given(tmp_path):
    text = CONSULTATION.split("stages:")[0] + "stages: meeting\n---\n"
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:9: stages: expected a list (lines starting with '- '), found 'meeting'"
    ]


def test_empty_list_where_one_item_is_required(tmp_path):
    text = CONSULTATION.split("stages:")[0] + "stages: []\n---\n"
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:9: stages: expected at least one item, found none (or set 'activity' if it was not a consultation)"
    ]


def test_a_list_whose_only_item_is_invalid_is_not_also_called_empty(tmp_path):
    text = CONSULTATION.split("stages:")[0] + "stages:\n  - stage: meting\n---\n"
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:10: stages[1].stage: found 'meting', expected one of: "
        "topic, research, meeting, conversion; did you mean 'meeting'?"
    ]


def test_group_of_fields_expected(tmp_path):
    text = "id: u\nname: {zh: 局}\nsources:\n  - just a newspaper\n"
    assert problems_in(tmp_path, U, text) == [
        "content/units/u.yml:4: sources[1]: expected a group of fields (name: value lines), found 'just a newspaper'"
    ]


def test_a_number_where_text_is_expected_is_the_text_written(tmp_path):
    content = write_project(tmp_path, {U: "id: 123\nname: {zh: 2022, en: 010}\nsummary:\n  zh: 1_000\n  en: No\n"})
    raw, problems = load_record_file(tmp_path / U, content, tmp_path)
    assert raw is not None and problems == []
    record, problems = validate_record(raw)
    assert problems == []
    assert (record.id, record.name.zh, record.name.en, record.summary.zh, record.summary.en) == ("123", "2022", "010", "1_000", "No")


def test_yes_no_value_where_text_is_expected(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname:\n  zh: 局\n  en: false\n") == [
        "content/units/u.yml:4: name.en: expected text, found 'false' (a yes/no value)"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1_000", "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '1_000'"),
        ("1:00:00", "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '1:00:00'"),
        ("010", "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '010'"),
        ("0x1F", "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '0x1F'"),
        ("1e3", "expected a whole number in plain digits, e.g. 1000 (no sign, '_', ':', '.', exponent or leading 0), found '1e3'"),
        ("'20'", "expected a whole number, found the text '20'; write the number without quotes"),
        ("yes", "expected a whole number, found 'yes'"),
        ("-3", "expected a number of 0 or more, found the number -3"),
    ],
)
def test_a_count_is_the_number_written_or_refused(tmp_path, written, message):
    text = edit(CONSULTATION, "format: standing-committee\n", f"format: forum\nsuggestions:\n  count: {written}\n")
    assert problems_in(tmp_path, C, text) == [f"content/consultations/c.md:10: suggestions.count: {message}"]


def test_empty_text(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname: {zh: \"  \"}\n") == [
        "content/units/u.yml:2: name.zh: must not be empty"
    ]


def test_web_address(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname: {zh: 局}\nurl: www.example.com\n") == [
        "content/units/u.yml:3: url: expected a web address starting with http:// or https://, found 'www.example.com'"
    ]


# Dates


def test_month_13(tmp_path):
    text = edit(PROPOSAL, "date: 2023-01-05", "date: 2023-13")
    assert problems_in(tmp_path, R, text) == [
        "content/proposals/r.yml:4: date: invalid date: '2023-13' has no month 13; months run from 01 to 12"
    ]


def test_february_30_in_a_nested_field(tmp_path):
    text = edit(PROPOSAL, "date: 2023-05-10", "date: 2023-02-30")
    assert problems_in(tmp_path, R, text) == [
        "content/proposals/r.yml:15: reply.date: invalid date: '2023-02-30' has no day 30; that month has 28 days"
    ]


def test_free_text_date_in_a_list_item(tmp_path):
    text = "id: u\nname: {zh: 局}\nsources:\n  - outlet: {zh: 大众网}\n    date: 去年秋天\n"
    assert problems_in(tmp_path, U, text) == [
        "content/units/u.yml:5: sources[1].date: invalid date: '去年秋天' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
    ]


def test_date_left_empty(tmp_path):
    text = edit(CONSULTATION, "date: 2022-10-14\nplatform", "date:\nplatform")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:6: date: invalid date: found nothing; write YYYY-MM-DD, YYYY-MM or YYYY, "
        "or leave the field out when the sources do not report the date"
    ]


def test_optional_date_left_empty_is_no_date(tmp_path):
    assert problems_in(tmp_path, P, edit(PLATFORM, "launched: 2021-06", "launched:")) == []


# Ids and vocabularies


def test_bad_id(tmp_path):
    assert problems_in(tmp_path, U, "id: Jining_Bureau\nname: {zh: 局}\n") == [
        "content/units/u.yml:1: id: found 'Jining_Bureau', expected an id of lower-case letters, "
        "digits and single hyphens, e.g. 'jining-2022-culture'"
    ]


def test_bad_id_in_a_reference(tmp_path):
    text = edit(PROPOSAL, "consultation: jining-2022-culture", "consultation: jining--2022")
    assert problems_in(tmp_path, R, text) == [
        "content/proposals/r.yml:17: consultation: found 'jining--2022', expected an id of lower-case "
        "letters, digits and single hyphens, e.g. 'jining-2022-culture'"
    ]


def test_unknown_vocabulary_value_suggests_the_nearest(tmp_path):
    text = edit(edit(CONSULTATION, "format: standing-committee", "format: standing-comittee"), "stage: topic", "stage: meting")
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:8: format: found 'standing-comittee', expected one of: plenary, "
        "standing-committee, forum, sector, proposal-handling, grassroots, micro, online, supervision, "
        "leader-listening, face-to-face, other; did you mean 'standing-committee'?",
        "content/consultations/c.md:10: stages[1].stage: found 'meting', expected one of: "
        "topic, research, meeting, conversion; did you mean 'meeting'?",
    ]


def test_unknown_vocabulary_value_without_a_near_one(tmp_path):
    assert problems_in(tmp_path, U, "id: u\nname: {zh: 局}\nlevel: metropolis\n") == [
        "content/units/u.yml:3: level: found 'metropolis', expected one of: national (全国), province (省级), city (市级), county (县级), "
        "district (区级), township (乡镇级)"
    ]


def test_negative_count(tmp_path):
    text = edit(
        CONSULTATION,
        "format: standing-committee\n",
        "format: forum\nsuggestions:\n  groups:\n    - title: {zh: 营商环境}\n      count: -3\n",
    )
    assert problems_in(tmp_path, C, text) == [
        "content/consultations/c.md:12: suggestions.groups[1].count: expected a number of 0 or more, found the number -3"
    ]


def test_the_schema_is_read_through_one_public_module():
    stage_type, is_list = unwrap_field_type(Consultation.model_fields["stages"].annotation)
    assert (is_list, get_field_type(Consultation.model_fields["stages"].annotation)) == (True, stage_type)
    assert get_model_at(Consultation, ("stages", 0)) is stage_type
    assert (get_field_annotation(Consultation, "nonsense"), get_model_at(Consultation, ("format",))) == (None, None)
    assert describe_field(Consultation, "nonsense") == "a value"
    assert describe_field(Consultation, "stages")[0].islower()
