"""Reading record files: YAML and front matter, each field's line, and files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CONSULTATION, CONSULTATION_EN, write_project
from shangliang.loader import (
    RawRecord,
    find_orphan_english_files,
    find_record_files,
    load_record_file,
    nesting_bound,
    parse_yaml,
    split_front_matter,
)

NESTED = """\
id: x
stages:
  - stage: topic
    date: 2022
  - stage: meeting
    note:
      zh: 好
participants: [a, b]
"""


def load(root: Path, files: dict[str, str | bytes], name: str) -> tuple[RawRecord | None, list[str]]:
    """Write ``files``, then load the one at ``name``; problems as the editor reads them."""
    content = write_project(root, files)
    raw, problems = load_record_file(root / name, content, root)
    return raw, [str(problem) for problem in problems]


# YAML


def test_parse_yaml_gives_data_and_the_line_of_every_field_and_list_item():
    data, lines, problems = parse_yaml(NESTED, "f.yml")
    assert problems == []
    assert data == {
        "id": "x",
        "stages": [{"stage": "topic", "date": 2022}, {"stage": "meeting", "note": {"zh": "好"}}],
        "participants": ["a", "b"],
    }
    assert lines == {
        (): 1,
        ("id",): 1,
        ("stages",): 2,
        ("stages", 0): 3,
        ("stages", 0, "stage"): 3,
        ("stages", 0, "date"): 4,
        ("stages", 1): 5,
        ("stages", 1, "stage"): 5,
        ("stages", 1, "note"): 6,
        ("stages", 1, "note", "zh"): 7,
        ("participants",): 8,
        ("participants", 0): 8,
        ("participants", 1): 8,
    }


def test_parse_yaml_shifts_every_line_by_the_offset():
    _, lines, _ = parse_yaml(NESTED, "f.md", line_offset=1)
    assert lines[("stages", 1, "note", "zh")] == 8
    assert lines[()] == 2


def test_parse_yaml_keeps_an_impossible_date_as_text_for_the_schema_to_judge():
    data, _, problems = parse_yaml("date: 2022-13-01\n", "f.yml")
    assert (data, problems) == ({"date": "2022-13-01"}, [])


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("12", 12), ("-3", -3), ("0", 0), ("true", True), ("False", False), ("~", None), ("", None), ("null", None),
        # YAML 1.1 would read these as something other than what was written
        ("010", "010"), ("1_000", "1_000"), ("1:00:00", "1:00:00"), ("0x1F", "0x1F"), ("1e3", "1e3"), ("1.5", "1.5"),
        ("+5", "+5"), ("yes", "yes"), ("No", "No"), ("off", "off"), (".inf", ".inf"),
        ("2022-10-14", "2022-10-14"), ("2022-10-14 10:00:00", "2022-10-14 10:00:00"),
        ("'12'", "12"), ('"yes"', "yes"), ("!!str 12", "12"),
    ],
)
def test_parse_yaml_reads_a_value_as_written_not_as_yaml_1_1_would(written, value):
    data, _, problems = parse_yaml(f"a: {written}\n", "f.yml")
    assert (data, problems) == ({"a": value}, [])


TAGGED = "remove the YAML tag '{}'; a record's values are plain text, whole numbers and dates, written without tags"


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("!custom x", "!custom"), ("!!binary aGVsbG8=", "!!binary"), ("!!python/name:os.system x", "!!python/name:os.system"),
        ('!!int "5"', "!!int"), ("!!float 1", "!!float"), ("!!set {x, y}", "!!set"), ("!!omap [x: 1]", "!!omap"),
        ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system"),
    ],
)
def test_parse_yaml_refuses_a_tag_instead_of_ignoring_it(written, tag):
    _, _, problems = parse_yaml(f"id: x\na: {written}\n", "f.yml")
    assert [str(problem) for problem in problems] == [f"f.yml:2: a: {TAGGED.format(tag)}"]


@pytest.mark.parametrize(
    ("escape", "described"),
    [
        ("\\0", "control character U+0000"), ("\\e", "control character U+001B"), ("\\x07", "control character U+0007"),
        ("\\u202E", "invisible text-direction character U+202E (right-to-left override)"),
        ("\\L", "line separator U+2028"), ("\\P", "paragraph separator U+2029"), ("\\r", "carriage return U+000D"),
        ("\\x85", "control character U+0085"), ("\\uFEFF", "invisible character U+FEFF (a byte-order mark inside the text)"),
        ("\\uFFFE", "non-character U+FFFE"), ("\\uFFFF", "non-character U+FFFF"),
    ],
)
def test_parse_yaml_refuses_odd_characters_written_as_escapes(escape, described):
    _, _, problems = parse_yaml(f'id: x\ntitle:\n  zh: "ab{escape}cd"\n', "f.yml")
    message = f"the {described} is not allowed (written here as an escape in double quotes); remove it"
    assert [str(problem) for problem in problems] == [f"f.yml:3: title.zh: {message}"]


def test_parse_yaml_refuses_an_odd_character_in_a_field_name():
    _, _, problems = parse_yaml('"ti\\u202Etle": x\n', "f.yml")
    message = "the invisible text-direction character U+202E (right-to-left override) is not allowed (written here as an escape in double quotes); remove it"
    assert [str(problem) for problem in problems] == [f"f.yml:1: ti\\u202etle: {message}"]


def test_parse_yaml_of_an_empty_file_is_nothing():
    assert parse_yaml("# just a comment\n", "f.yml") == (None, {}, [])


def test_line_of_falls_back_to_the_nearest_enclosing_field():
    _, lines, _ = parse_yaml(NESTED, "f.yml")
    raw = RawRecord("f.yml", "consultations", {}, lines)
    assert raw.line_of(("stages", 1, "note", "en")) == 6
    assert raw.line_of(("stages", 1, "date")) == 5
    assert raw.line_of(("format",)) == 1


def test_duplicate_key_is_reported_at_the_second_with_the_first_line():
    data, _, problems = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "f.yml")
    assert data == {"a": 1, "b": {"c": 2}}
    assert [str(p) for p in problems] == ["f.yml:4: b.c: field appears twice (first on line 3); keep one"]


def test_a_field_name_that_is_not_plain_text_is_reported():
    _, _, problems = parse_yaml("? [a]\n: 1\nb: 2\n", "f.yml")
    assert [str(p) for p in problems] == ["f.yml:1: -: a field name must be plain text"]


def syntax_errors(text: str) -> list[str]:
    data, _, problems = parse_yaml(text, "f.yml")
    assert data is None
    return [str(p) for p in problems]


def test_syntax_error_missing_colon_is_on_the_line_lacking_it():
    assert syntax_errors("id: x\nname\nlevel: city\n") == [
        "f.yml:2: -: YAML syntax error: could not find expected ':'"
    ]


def test_syntax_error_unclosed_list():
    assert syntax_errors("id: x\nunits: [a, b\nlevel: city\n") == [
        "f.yml:3: -: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_syntax_error_at_the_end_of_a_file_without_a_final_line_break_is_on_its_last_line():
    assert syntax_errors('id: x\nname: "abc') == ["f.yml:2: -: YAML syntax error: found unexpected end of stream"]


def test_syntax_error_bad_indentation():
    assert syntax_errors("id: x\nname: a\n  zh: b\n") == [
        "f.yml:3: -: YAML syntax error: mapping values are not allowed in this context"
    ]


def test_syntax_error_tab_indentation():
    assert syntax_errors("id: x\nname:\n\tzh: b\n") == [
        "f.yml:3: -: YAML syntax error: line 3 uses a tab for indentation; use spaces"
    ]


def test_syntax_error_second_document():
    assert syntax_errors("id: x\n---\nid: y\n") == [
        "f.yml:2: -: YAML syntax error: expected a single document in the stream but found another document"
    ]


def test_syntax_error_control_character_is_on_its_line_after_chinese_text():
    assert syntax_errors("name: 济宁市政协\nnote: \"a\x07\"\n") == [
        "f.yml:2: -: YAML syntax error: the character #x0007 is not allowed; remove it"
    ]


def test_an_alias_that_contains_itself_is_a_problem_not_a_crash():
    assert syntax_errors("id: x\nloop: &a [*a]\n") == [
        "f.yml:2: -: the YAML nests more than 20 levels deep, or an alias (*name) repeats a value "
        "that contains it; check the indentation and the brackets"
    ]


# Front matter


def test_split_front_matter():
    assert split_front_matter("---\nid: x\n---\nBody.\n", "f.md") == ("id: x", "Body.\n", [])


def test_split_front_matter_accepts_windows_line_ends():
    front, body, problems = split_front_matter("---\r\nid: x\r\n---\r\nBody.", "f.md")
    assert (body, problems) == ("Body.", [])
    assert front.strip() == "id: x"


def test_front_matter_never_closed(tmp_path):
    raw, problems = load(tmp_path, {"content/consultations/c.md": "---\nid: c\ntitle: x\n"}, "content/consultations/c.md")
    assert (raw.fields_unreadable, raw.data) == (True, {})  # only its bodies are checked
    assert problems == [
        "content/consultations/c.md:1: -: front matter opened with '---' on line 1 is never closed by a line '---'"
    ]


def test_markdown_without_front_matter(tmp_path):
    raw, problems = load(tmp_path, {"content/consultations/c.md": "id: c\n"}, "content/consultations/c.md")
    assert (raw.fields_unreadable, raw.data) == (True, {})  # only its bodies are checked
    assert problems == [
        "content/consultations/c.md:1: -: a Markdown record starts with a line '---', then its fields, then '---'"
    ]


def test_front_matter_lines_count_from_the_top_of_the_file(tmp_path):
    files = {"content/consultations/c.md": CONSULTATION}
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == []
    assert raw.lines[("id",)] == 2
    assert raw.lines[("stages", 1)] == 12
    assert raw.lines[("stages", 1, "date")] == 13
    assert raw.lines[("attachments", 0, "title", "zh")] == 18


def test_syntax_error_in_front_matter_is_on_the_file_line(tmp_path):
    text = CONSULTATION.replace("format: standing-committee", "format standing-committee")
    raw, problems = load(tmp_path, {"content/consultations/c.md": text}, "content/consultations/c.md")
    assert (raw.fields_unreadable, raw.data) == (True, {})  # only its bodies are checked
    assert problems == ["content/consultations/c.md:8: -: YAML syntax error: could not find expected ':'"]


def test_duplicate_key_in_front_matter_is_on_the_file_line(tmp_path):
    text = CONSULTATION.replace("format: standing-committee", "format: forum\nformat: online")
    raw, problems = load(tmp_path, {"content/consultations/c.md": text}, "content/consultations/c.md")
    assert problems == [
        "content/consultations/c.md:9: format: field appears twice (first on line 8); keep one"
    ]


def test_empty_front_matter(tmp_path):
    raw, problems = load(tmp_path, {"content/consultations/c.md": "---\n---\nBody\n"}, "content/consultations/c.md")
    assert (raw.fields_unreadable, raw.data) == (True, {})  # only its bodies are checked
    assert problems == [
        "content/consultations/c.md:2: -: expected the record's fields (name: value lines), found nothing"
    ]


# Record files


def test_yaml_record_file(tmp_path):
    raw, problems = load(tmp_path, {"content/units/u.yml": "id: u\nname:\n  zh: 局\n"}, "content/units/u.yml")
    assert problems == []
    assert (raw.path, raw.folder, raw.english_path) == ("content/units/u.yml", "units", None)
    assert raw.data == {"id": "u", "name": {"zh": "局"}}
    assert raw.lines[("name", "zh")] == 3


def test_english_sibling_is_merged_into_the_summary(tmp_path):
    files = {
        "content/consultations/c.md": CONSULTATION,
        "content/consultations/c.en.md": CONSULTATION_EN,
    }
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == []
    assert raw.data["summary"] == {
        "zh": "会议围绕“两创”工作提出建议。",
        "en": "The meeting made suggestions on cultural renewal.",
    }
    assert raw.english_path == "content/consultations/c.en.md"
    assert raw.line_of(("summary", "en")) == 1


def test_chinese_body_alone_makes_a_chinese_summary(tmp_path):
    raw, problems = load(tmp_path, {"content/consultations/c.md": CONSULTATION}, "content/consultations/c.md")
    assert problems == []
    assert raw.data["summary"] == {"zh": "会议围绕“两创”工作提出建议。"}
    assert raw.english_path is None


def test_no_body_means_no_summary(tmp_path):
    text = CONSULTATION.replace("会议围绕“两创”工作提出建议。\n", "\n\n")
    raw, problems = load(tmp_path, {"content/consultations/c.md": text}, "content/consultations/c.md")
    assert problems == []
    assert "summary" not in raw.data


def test_summary_written_twice(tmp_path):
    text = CONSULTATION.replace("platform: jishi\n", "platform: jishi\nsummary:\n  zh: 摘要\n")
    raw, problems = load(tmp_path, {"content/consultations/c.md": text}, "content/consultations/c.md")
    assert problems == [
        "content/consultations/c.md:8: summary: the summary is written twice, as a field and as the file's body; keep one"
    ]


def test_english_body_without_a_chinese_body(tmp_path):
    files = {
        "content/consultations/c.md": CONSULTATION.replace("会议围绕“两创”工作提出建议。\n", ""),
        "content/consultations/c.en.md": CONSULTATION_EN,
    }
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == [
        "content/consultations/c.md:1: summary: the English body has no Chinese body to go with; write the Chinese text first"
    ]


def test_byte_order_mark_is_a_problem_and_the_rest_is_still_read(tmp_path):
    files = {"content/consultations/c.md": "\ufeff" + CONSULTATION, "content/consultations/c.en.md": "\ufeffEnglish."}
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == [
        "content/consultations/c.md:1: -: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        "content/consultations/c.en.md:1: -: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
    ]
    assert raw.data["id"] == "jining-2022-culture"
    assert raw.data["summary"]["en"] == "English."


def test_file_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    files = {"content/units/u.yml": "id: u\nname:\n  zh: 局\n".encode("utf-8") + "  en: 局\n".encode("gbk")}
    raw, problems = load(tmp_path, files, "content/units/u.yml")
    assert raw is None
    assert problems == ["content/units/u.yml:4: -: the file is not UTF-8 text; save it as UTF-8"]


def test_english_sibling_not_utf8(tmp_path):
    files = {
        "content/consultations/c.md": CONSULTATION,
        "content/consultations/c.en.md": "Fine.\n".encode() + "第二行".encode("gbk"),
    }
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == ["content/consultations/c.en.md:2: -: the file is not UTF-8 text; save it as UTF-8"]


def test_file_outside_a_record_folder(tmp_path):
    expected = (
        "a record file must sit in one of content/platforms/, content/consultations/, "
        "content/proposals/, content/outcomes/, content/units/, content/organisations/"
    )
    for name in ("content/x.yml", "content/notes/x.yml"):
        raw, problems = load(tmp_path, {name: "id: x\n"}, name)
        assert raw is None
        assert problems == [f"{name}:1: -: {expected}"]


def test_file_that_is_not_a_record_file(tmp_path):
    raw, problems = load(tmp_path, {"content/units/notes.txt": "hello"}, "content/units/notes.txt")
    assert raw is None
    assert problems == ["content/units/notes.txt:1: -: 'notes.txt' is not a record file; records end in .yml or .md"]


def test_record_file_holding_a_list(tmp_path):
    raw, problems = load(tmp_path, {"content/units/u.yml": "- id: u\n"}, "content/units/u.yml")
    assert raw is None
    assert problems == ["content/units/u.yml:1: -: expected the record's fields (name: value lines), found a list"]


def test_record_file_holding_text(tmp_path):
    raw, problems = load(tmp_path, {"content/units/u.yml": "just a sentence\n"}, "content/units/u.yml")
    assert problems == [
        "content/units/u.yml:1: -: expected the record's fields (name: value lines), found the text 'just a sentence'"
    ]


def test_find_record_files_skips_english_bodies_attachments_pages_and_dotfiles(tmp_path):
    content = write_project(
        tmp_path,
        {
            "content/consultations/c.md": "",
            "content/consultations/c.en.md": "",
            "content/units/u.yml": "",
            "content/units/.DS_Store": "",
            "content/attachments/a.pdf": "",
            "content/pages/about.md": "",
        },
    )
    found = [file.relative_to(content).as_posix() for file in find_record_files(content)]
    assert found == ["consultations/c.md", "units/u.yml"]


def test_orphan_english_body(tmp_path):
    content = write_project(
        tmp_path,
        {
            "content/consultations/c.md": CONSULTATION,
            "content/consultations/c.en.md": CONSULTATION_EN,
            "content/consultations/gone.en.md": CONSULTATION_EN,
            "content/pages/about.en.md": "About.",
        },
    )
    assert [str(p) for p in find_orphan_english_files(content, tmp_path)] == [
        "content/consultations/gone.en.md:1: -: English body without its record: expected 'gone.md' beside it"
    ]


# Where each text is written, for the checks of what texts hold


def test_texts_give_the_file_and_first_line_of_every_text(tmp_path):
    text = (
        "id: u\n"
        "name:\n"
        "  zh: 局\n"
        "  en: >\n"
        "    Folded\n"
        "    text\n"
        "summary:\n"
        "  zh: |\n"
        "    第一段。\n"
        "\n"
        "    第二段。\n"
        '  en: "Two\\nlines"\n'
    )
    raw, problems = load(tmp_path, {"content/units/u.yml": text}, "content/units/u.yml")
    assert problems == []
    spans = {at: (span.path, span.line, span.exact) for at, _, span in raw.texts()}
    assert spans == {
        ("id",): ("content/units/u.yml", 1, True),
        ("name", "zh"): ("content/units/u.yml", 3, True),
        ("name", "en"): ("content/units/u.yml", 5, False),
        ("summary", "zh"): ("content/units/u.yml", 9, True),
        ("summary", "en"): ("content/units/u.yml", 12, False),
    }


def test_texts_of_markdown_bodies_start_after_their_blank_lines(tmp_path):
    files = {
        "content/consultations/c.md": CONSULTATION.replace("---\n会议", "---\n\n\n会议"),
        "content/consultations/c.en.md": "\nEnglish.\n",
    }
    raw, problems = load(tmp_path, files, "content/consultations/c.md")
    assert problems == []
    spans = {at: (span.path, span.line) for at, _, span in raw.texts() if at[0] == "summary"}
    assert spans == {
        ("summary", "zh"): ("content/consultations/c.md", 23),
        ("summary", "en"): ("content/consultations/c.en.md", 2),
    }


def test_texts_include_bodies_that_could_not_become_the_summary(tmp_path):
    text = CONSULTATION.replace("platform: jishi\n", "platform: jishi\nsummary:\n  zh: 摘要\n")
    raw, _ = load(tmp_path, {"content/consultations/c.md": text}, "content/consultations/c.md")
    summaries = [(at, value, span.line) for at, value, span in raw.texts() if at[0] == "summary"]
    assert summaries == [(("summary", "zh"), "摘要", 9), (("summary", "zh"), "会议围绕“两创”工作提出建议。", 23)]


# Deep nesting


def test_nesting_bound_counts_brackets_and_indentation():
    assert nesting_bound("a: [[1], {b: [2]}]\n") == 5
    assert nesting_bound("a:\n  - - - x\n") == 2 * 8 + 2
    assert nesting_bound("") == 2


def test_deep_flow_nesting_is_parsed_without_the_c_parser_and_reported():
    text = "a: " + "[" * 5_000 + "]" * 5_000 + "\n"
    assert syntax_errors(text) == [
        "f.yml:1: -: the YAML nests more than 20 levels deep, or an alias (*name) repeats a value "
        "that contains it; check the indentation and the brackets"
    ]


def test_nesting_up_to_the_limit_is_fine():
    data, _, problems = parse_yaml("a: " + "[" * 19 + "]" * 19 + "\n", "f.yml")
    assert problems == [] and data["a"] == [[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]


def test_a_file_kept_between_loads_is_still_checked_against_the_files_of_now(tmp_path, valid_records):
    """The live preview reads a file again only when it changed, but a link in it leads to
    another file, which may have gone since; and a markup problem is still reported while
    the file that has it stays as it was."""
    from shangliang.errors import ContentError
    from shangliang.load import LoadCache, load_archive

    files = dict(valid_records)
    path = "content/consultations/jining-2022-culture.md"
    files[path] = CONSULTATION.replace("会议围绕", "[纪要](attachments/minutes.txt) 会议围绕")
    write_project(tmp_path, files)
    root = tmp_path
    cache = LoadCache()
    load_archive(root / "content", root, cache)
    (root / "content/attachments/minutes.txt").unlink()
    with pytest.raises(ContentError) as gone:
        load_archive(root / "content", root, cache)
    assert "attachments/minutes.txt" in str(gone.value) and "jining-2022-culture.md" in str(gone.value)
    (root / "content/attachments/minutes.txt").write_text("Minutes.\n", encoding="utf-8")
    load_archive(root / "content", root, cache)  # back: the same kept file passes again

    proposal = root / "content/proposals/proposal-2023-001.yml"
    (root / path).write_text(files[path].replace("会议围绕", '<span onclick="x()">会议</span>围绕'), encoding="utf-8")
    messages = []
    for _ in range(2):  # read, then kept: the same problem each time
        with pytest.raises(ContentError) as unsafe:
            load_archive(root / "content", root, cache)
        messages.append(str(unsafe.value))
        proposal.touch()  # another file changes meanwhile
    assert messages[0] == messages[1] and "remove the <span> tag" in messages[0]


def test_a_load_told_the_same_files_are_there_does_not_walk_the_folder_again(tmp_path, valid_records):
    """The live preview's promise (the system said files only changed): a changed file is
    read again, the folder's walk is the last one's; without the promise a new file is found."""
    from shangliang.load import LoadCache, load_archive

    write_project(tmp_path, valid_records)
    cache = LoadCache()
    before = load_archive(tmp_path / "content", tmp_path, cache)
    path = tmp_path / "content/consultations/jining-2022-culture.md"
    path.write_text(CONSULTATION.replace("推动“两创”工作走在前列", "改过的题目"), encoding="utf-8")
    (tmp_path / "content/consultations/extra.md").write_text(
        CONSULTATION.replace("id: jining-2022-culture", "id: extra"), encoding="utf-8")
    same = load_archive(tmp_path / "content", tmp_path, cache, same_files=True)
    assert same.get("jining-2022-culture").title.zh == "改过的题目"
    assert set(same.records) == set(before.records)
    walked = load_archive(tmp_path / "content", tmp_path, cache)
    assert set(walked.records) == set(before.records) | {"extra"}


def test_a_load_told_which_files_changed_looks_at_those_only(tmp_path, valid_records):
    """The live preview's other promise (the system named the files that changed and how):
    only those are looked at again. A change it cannot place (a file that is no record's, or
    a load before that stopped half-way) has every file looked at."""
    from shangliang.load import CHANGED, LoadCache, load_archive, same_path

    write_project(tmp_path, valid_records)
    content = tmp_path / "content"
    consultation = content / "consultations/jining-2022-culture.md"
    proposal = next(content.glob("proposals/*"))
    cache = LoadCache()
    before = load_archive(content, tmp_path, cache)
    consultation.write_text(CONSULTATION.replace("推动“两创”工作走在前列", "改过的题目"), encoding="utf-8")
    proposal.write_text(proposal.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    told = load_archive(content, tmp_path, cache, same_files=True, changed={same_path(consultation): CHANGED})
    assert told.get("jining-2022-culture").title.zh == "改过的题目"
    for record_id, record in before.records.items():  # the proposal's file was not looked at
        assert (told.records[record_id] is record) == (record_id != "jining-2022-culture"), record_id
    cache.files[proposal] = ((0,), cache.files[proposal][1])  # as if it had changed: it is looked at only if told
    again = load_archive(content, tmp_path, cache, same_files=True, changed={same_path(consultation): CHANGED})
    assert again.records == told.records and cache.files[proposal][0] == (0,)
    static = load_archive(content, tmp_path, cache, same_files=True, changed={same_path(content / "about.md"): CHANGED})
    assert cache.files[proposal][0] != (0,) and static.records == told.records
    cache.files[proposal] = ((0,), cache.files[proposal][1])
    cache.settled = False  # the load before stopped half-way
    load_archive(content, tmp_path, cache, same_files=True, changed={})
    assert cache.files[proposal][0] != (0,) and cache.settled


def test_a_load_told_of_files_that_came_or_went_walks_the_folder_only_if_the_records_files_did(tmp_path, valid_records):
    """A record saved as many editors save it (a new file renamed over the old) is the same
    file changed, and the new file, come and gone, is nothing: no walk. A record file that
    came or went, or an English body that came, is found."""
    from shangliang.load import CAME, MOVED, LoadCache, load_archive, same_path

    write_project(tmp_path, valid_records)
    content = tmp_path / "content"
    consultation = content / "consultations/jining-2022-culture.md"
    cache = LoadCache()
    load_archive(content, tmp_path, cache)
    walked = cache.walked

    def told(**changes) -> object:
        return load_archive(content, tmp_path, cache, same_files=True, changed={same_path(path): how for path, how in changes.values()})

    temporary = consultation.with_name("4913")
    temporary.write_text(CONSULTATION.replace("推动“两创”工作走在前列", "另存的题目"), encoding="utf-8")
    temporary.replace(consultation)
    archive = told(new=(temporary, CAME), saved=(consultation, CAME))
    assert archive.get("jining-2022-culture").title.zh == "另存的题目" and cache.walked is walked
    extra = content / "consultations/extra.md"
    extra.write_text(CONSULTATION.replace("id: jining-2022-culture", "id: extra"), encoding="utf-8")
    assert "extra" in told(extra=(extra, CAME)).records and cache.walked is not walked
    extra.unlink()
    assert "extra" not in told(extra=(extra, MOVED)).records
    english = consultation.with_name("jining-2022-culture.en.md")
    english.write_text("An English body.\n", encoding="utf-8")
    walked = cache.walked
    summary = told(english=(english, CAME)).get("jining-2022-culture").summary
    assert "An English body." in (summary.en or "") and cache.walked is walked
    hidden, outside = content / "consultations/.jining-2022-culture.md.swp", tmp_path / "mkdocs.yml"
    hidden.write_text("swap", encoding="utf-8")
    told(hidden=(hidden, CAME), settings=(outside, MOVED))  # what no walk reads: nothing
    assert cache.walked is walked
    gone = content / "attachments/gone.txt"  # came while the last load read the files, and went
    told(gone=(gone, MOVED))
    assert cache.walked is not walked
    walked = cache.walked
    cache.settled = False  # the load before stopped half-way: what it was told may be in no walk
    told()
    assert cache.walked is not walked


def test_the_cross_checks_kept_between_loads_find_what_a_fresh_load_finds(tmp_path):
    """The live preview checks again only the records an edit may have changed the checks
    of: the edited record, and the consultations an edited outcome concerned or concerns
    (a consultation with an outcome may not say outcome_status), or every record when a
    platform changed. Each load told of its one change reports what a load without a cache
    reports."""
    import shutil

    from shangliang.errors import ContentError
    from shangliang.load import CHANGED, LoadCache, load_archive, same_path

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", content)
    outcome = content / "outcomes/jining-2022-culture-instruction.yml"
    consultation = content / "consultations/2022/jining-2022-metropolitan.md"
    platform = content / "platforms/jishi-shangliang.yml"
    original = {path: path.read_text(encoding="utf-8") for path in (outcome, consultation, platform)}
    edits = [
        (consultation, original[consultation].replace("platform: jishi-shangliang", "platform: jishi-shangliangg")),
        (consultation, original[consultation]),
        # the outcome now concerns a consultation that says it has none reported
        (outcome, original[outcome].replace("concerns: jining-2022-culture", "concerns: rizhao-marine-fisheries")),
        (outcome, original[outcome]),
        # the platform's sub-platforms, at county level, are no longer below it
        (platform, original[platform].replace("level: city", "level: county")),
        (platform, original[platform]),
    ]

    def problems(cache=None, changed=None) -> list[str]:
        try:
            load_archive(content, tmp_path, cache, same_files=cache is not None, changed=changed)
        except ContentError as error:
            return [str(problem) for problem in error.problems]
        return []

    cache = LoadCache()
    assert problems(cache) == []
    found = []
    for path, text in edits:
        path.write_text(text, encoding="utf-8")
        found.append(problems(cache, {same_path(path): CHANGED}))
        assert found[-1] == problems(), path.name
    assert [bool(step) for step in found] == [True, False, True, False, True, False]


def test_a_load_told_of_changed_records_takes_the_rest_from_the_last_load_and_reads_all_on_a_problem(tmp_path, valid_records):
    """The live preview's load keeps the last load's records and reads only the files
    changed, while it had no problem and they have none and keep their ids; otherwise it
    reads and reports as a full load does."""
    from shangliang.errors import ContentError
    from shangliang.load import CHANGED, LoadCache, load_archive, same_path

    write_project(tmp_path, valid_records)
    content = tmp_path / "content"
    consultation = content / "consultations/jining-2022-culture.md"
    cache = LoadCache()
    first = load_archive(content, tmp_path, cache)

    def told() -> object:
        return load_archive(content, tmp_path, cache, same_files=True, changed={same_path(consultation): CHANGED})

    consultation.write_text(CONSULTATION.replace("推动“两创”工作走在前列", "改过的题目"), encoding="utf-8")
    edited = told()
    assert list(edited.records) == list(first.records) and edited.get("jining-2022-culture").title.zh == "改过的题目"
    assert edited.records == load_archive(content, tmp_path).records
    consultation.write_text(CONSULTATION.replace("id: jining-2022-culture", "id: jining-2022-culture-renamed"), encoding="utf-8")
    with pytest.raises(ContentError) as renamed:  # another id: read as a full load reads it, and its name reported
        told()
    fresh = pytest.raises(ContentError, load_archive, content, tmp_path)
    assert [str(p) for p in renamed.value.problems] == [str(p) for p in fresh.value.problems]
    consultation.write_text(CONSULTATION.replace("date: 2022-10-14", "date: 2022-13-14"), encoding="utf-8")
    with pytest.raises(ContentError, match="jining-2022-culture.md"):
        told()
    consultation.write_text(CONSULTATION, encoding="utf-8")
    assert told().records == first.records
