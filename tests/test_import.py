"""``shangliang import``: spreadsheets exported from proposal-handling systems become record
files, every row that cannot is reported as FILE:sheet:row:column, and a new import of a
changed export updates only what the system owns.

The spreadsheets are written here with openpyxl (and the csv module), never read from
elsewhere: each builds exactly the case it tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import copy_site_files, run_cli
from helpers import VALID_RECORDS, write_project
from shangliang.importing.cells import parse_date
from shangliang.importing.emit import scalar
from shangliang.importing.importer import plan_import, write_plan
from shangliang.importing.problems import ImportFailed
from shangliang.load import load_archive

HEADERS = ["序号", "案号", "案由", "提案人", "类别", "届次", "提交日期", "立案日期", "主办单位", "协办单位", "交办日期", "答复日期", "答复类别", "满意度", "办理状态"]
"""The columns a proposal-handling system exports, as the default mapping knows them."""


def proposal_row(number: str, title: str = "关于加强文物保护的提案", **cells) -> list:
    """One row under ``HEADERS``; ``cells`` by header replace the defaults (None empties a cell)."""
    row = {
        "序号": 1, "案号": number, "案由": title, "提案人": "张三", "类别": "文化", "届次": "八届二次会议",
        "提交日期": dt.datetime(2023, 1, 5), "立案日期": "2023/1/20", "主办单位": "济宁市文化和旅游局", "协办单位": None,
        "交办日期": None, "答复日期": None, "答复类别": None, "满意度": None, "办理状态": "已立案",
    }
    row.update(cells)
    return [row[header] for header in HEADERS]


def write_workbook(path: Path, sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A valid project (the test records and this repository's mkdocs.yml); returns its root."""
    root = tmp_path / "project"
    copy_site_files(root)
    files = {**VALID_RECORDS, "content/published.txt": "".join(f"{p}\n" for p in (
        "platforms/jishi", "platforms/rencheng", "consultations/jining-2022-culture", "units/jining-culture-bureau",
        "proposals/proposal-2023-001", "outcomes/culture-instruction",
    ))}
    write_project(root, files)
    return root


def run_import(root: Path, sheet: Path, *options: str) -> tuple[int, str, str]:
    result = run_cli("import", str(sheet), "--type", "proposal", *options, cwd=root)
    return result.returncode, result.stdout, result.stderr


def import_rows(root: Path, sheet: Path, kind: str | None = "proposal", mapping: Path | None = None, **options):
    """Plan and write an import in this process; returns the plan."""
    content = (root / "content").resolve()
    plan = plan_import(sheet, kind, mapping, content, root.resolve(), **options)
    if plan.problems and not options.get("partial"):
        raise ImportFailed(plan.problems)
    write_plan(plan, content)
    return plan


def problems_of(root: Path, sheet: Path, kind: str = "proposal", mapping: Path | None = None) -> list[str]:
    content = (root / "content").resolve()
    try:
        plan = plan_import(sheet, kind, mapping, content, root.resolve())
    except ImportFailed as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in ImportFailed(plan.problems).problems]


def files_of(root: Path) -> dict[str, str]:
    content = root / "content"
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8") for p in sorted(content.rglob("*")) if p.is_file()}


# --- Every kind of column, and what the record file looks like -----------------------------

def test_a_full_row_becomes_a_record_with_every_field_in_schema_order(archive, tmp_path):
    sheet = write_workbook(tmp_path / "提案.xlsx", {"2023年提案": [
        ["某市政协八届二次会议提案办理情况一览表"],
        HEADERS,
        proposal_row("0012", 提案人="张三、李四", 协办单位="市住建局", 交办日期="2023年2月1日", 答复日期=dt.date(2023, 5, 10), 答复类别="A类", 满意度="基本满意", 办理状态="已办复"),
    ]}, merged={"2023年提案": ["A1:O1"]})
    plan = import_rows(archive, sheet)
    assert plan.count("create") == 1 and plan.count("create", units=True) == 1
    assert (archive / "content/proposals/2023-0012.yml").read_text(encoding="utf-8") == """\
# Imported by shangliang import from 提案.xlsx. Importing again replaces: registration, units, reply.date, reply.outcome, reply.proposer_view.
# What is added or changed by hand elsewhere is kept.
id: 2023-0012
title:
  zh: 关于加强文物保护的提案
number: "0012"
session:
  zh: 八届二次会议
date: 2023-01-05
proposers:
  type: joint
  names:
    - zh: 张三
    - zh: 李四
category:
  zh: 文化
registration:
  status: registered
  date: 2023-01-20
units:
  lead:
    - jining-culture-bureau
  co:
    - shi-zhu-jian-ju
  assigned: 2023-02-01
reply:
  date: 2023-05-10
  outcome: adopted
  proposer_view: basically-satisfied
"""
    assert (archive / "content/units/shi-zhu-jian-ju.yml").read_text(encoding="utf-8") == """\
# Imported by shangliang import from 提案.xlsx, for the unit named 市住建局 (2023年提案:3).
# Check it is not another name of a unit the archive has: if it is, add the name to that unit's aliases and import again.
id: shi-zhu-jian-ju
name:
  zh: 市住建局
"""
    published = (archive / "content/published.txt").read_text(encoding="utf-8")
    assert published.endswith("outcomes/culture-instruction\nproposals/2023-0012\nunits/shi-zhu-jian-ju\n")
    load_archive(archive / "content")  # the written records pass validation


@pytest.mark.parametrize(("cell", "expected"), [
    ("2022-03-05", "2022-03-05"), ("2022/3/5", "2022-03-05"), ("2022.3.5", "2022-03-05"), ("2022年3月5日", "2022-03-05"),
    ("2022年3月5号", "2022-03-05"), ("２０２２年３月５日", "2022-03-05"), ("20220305", "2022-03-05"), ("2022-03-05 14:30", "2022-03-05"),
    ("2022年3月", "2022-03"), ("2022-3", "2022-03"), ("2022", "2022"), (2022, "2022"), (44625, "2022-03-05"),
    (dt.datetime(2022, 3, 5, 0, 0), "2022-03-05"), (dt.date(2022, 3, 5), "2022-03-05"),
])
def test_dates_in_the_usual_spellings(cell, expected):
    assert parse_date(cell) == expected


def test_proposer_kind_and_registration_follow_from_the_row(archive, tmp_path):
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [
        HEADERS,
        proposal_row("1", 提案人="民盟某市委会", 办理状态=None),
        proposal_row("2", 办理状态="转社情民意", 主办单位=None, 立案日期=None),
        proposal_row("3", 办理状态="不予立案", 主办单位=None, 立案日期=None),
    ]})
    import_rows(archive, sheet)
    files = files_of(archive)
    assert "proposers:\n  type: group\n" in files["proposals/2023-1.yml"]
    assert "registration:\n  status: registered\n  date: 2023-01-20\n" in files["proposals/2023-1.yml"]  # it has units
    assert "registration:\n  status: not-registered\n  reason:\n    zh: 转社情民意\n" in files["proposals/2023-2.yml"]
    assert "registration:\n  status: not-registered\n" in files["proposals/2023-3.yml"] and "reason" not in files["proposals/2023-3.yml"]


def test_merged_cells_two_row_headers_blank_rows_and_a_second_sheet(archive, tmp_path):
    # Row 1 a title merged across; rows 2-3 a two-row header: 答复 merged over 日期 and 类别,
    # the other headers merged down. The lead unit is merged down two data rows.
    top = HEADERS[:11] + ["答复", None, "满意度", "办理状态"]
    under = HEADERS[:11] + ["日期", "类别", "满意度", "办理状态"]
    first = proposal_row("1", 答复日期="2023-05-01", 答复类别="B")
    second = proposal_row("2", 主办单位=None, 答复日期="2023-05-02", 答复类别="C")
    merged = ["A1:O1", "L2:M2"] + [f"{c}2:{c}3" for c in "ABCDEFGHIJKNO"] + ["I4:I5"]
    sheet = write_workbook(tmp_path / "two.xlsx", {
        "2023": [["提案办理情况"], top, under, first, second, [None] * 15, [], proposal_row("3")],
        "2024": [HEADERS, proposal_row("1", 提交日期="2024-01-08")],
        "说明": [["本表由系统导出"], ["填表人：某某"]],
    }, merged={"2023": merged})
    plan = import_rows(archive, sheet)
    assert sorted(c.path.name for c in plan.changes) == ["2023-1.yml", "2023-2.yml", "2023-3.yml", "2024-1.yml"]
    files = files_of(archive)
    assert "units:\n  lead:\n    - jining-culture-bureau\n" in files["proposals/2023-2.yml"]  # the merged cell's value
    assert "reply:\n  date: 2023-05-02\n  outcome: reference\n" in files["proposals/2023-2.yml"]
    assert "reply:\n  date: 2023-05-01\n  outcome: planned\n" in files["proposals/2023-1.yml"]
    assert plan.notes == [
        "sheet '2023': columns not imported: A (序号)",
        "sheet '2024': columns not imported: A (序号)",
        "sheet '说明' skipped: no header row found in the first rows: none names two of the columns the default mapping knows "
        "(e.g. 案号, 案由, 提案人 for proposals, or the open data's id, title.zh)",
    ]


# --- Rows that cannot be imported: every one reported, nothing written --------------------------

def _formula_with_saved_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the result a spreadsheet program saves with it (openpyxl saves none)."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/>', rf'<c r="{cell}" t="str"><f>\2</f><v>{value}</v>', sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(archive, tmp_path):
    sheet = tmp_path / "bad.xlsx"
    write_workbook(sheet, {"提案": [
        HEADERS,
        proposal_row("1", 提交日期="2023-02-30"),
        proposal_row("2", 立案日期="待定", 答复类别="A"),
        proposal_row("3", 答复日期=44700.5),
        proposal_row("2", 案由="重复的案号"),
        proposal_row("A-4", 案由="=B6&\"号\""),
        proposal_row("5", 答复日期="2023-06-01", 答复类别="D", 满意度="很好"),
        proposal_row("6", 立案日期="#REF!"),
        proposal_row("７", 案由="=B9&\"号\""),
        proposal_row("８", 提交日期="22/3/5"),
        proposal_row("", 办理状态=None, 主办单位=None, 立案日期=None),
    ]})
    _formula_with_saved_value(sheet, "C9", "关于公式的提案")
    before = files_of(archive)
    assert problems_of(archive, sheet) == [
        "bad.xlsx:提案:2:G: 提交日期: '2023-02-30' has no day 30; that month has 28 days",
        "bad.xlsx:提案:3:H: 立案日期: '待定' is not a date; write 2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日, 2022年3月, 2022-03 or 2022",
        "bad.xlsx:提案:3:M: 答复类别: 'A' has no reply date (答复日期) beside it; a reply is recorded with its date",
        "bad.xlsx:提案:4:L: 答复日期: '44700.5' is a number, not a date; write 2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日, 2022年3月, 2022-03 or 2022, or format the column as dates",
        "bad.xlsx:提案:5:B: 案号 '2' gives the id '2023-2', as row 3 does; each record needs its own",
        "bad.xlsx:提案:6:C: 案由: the cell is a formula (=B6&\"号\") whose result the file does not hold; open the file in the spreadsheet program and save it, or paste the values",
        "bad.xlsx:提案:7:M: 答复类别: 'D' is not one of: adopted (解决或采纳), planned (列入计划拟解决), multi-year (列入跨年度计划), reference (留作参考)",
        "bad.xlsx:提案:7:N: 满意度: '很好' is not one of: satisfied (满意), basically-satisfied (基本满意), unsatisfied (不满意)",
        "bad.xlsx:提案:8:H: 立案日期: the cell holds the error #REF!",
        "bad.xlsx:提案:10:G: 提交日期: '22/3/5' has a 2-digit year; write the year in full, e.g. 2022-03-05",
        "bad.xlsx:提案:11:-: nothing says whether the proposal was registered (立案): the row has no 办理状态 (or 立案情况) and no units; add the column, or set registration.status in the mapping",
        "bad.xlsx:提案:11:B: the id is made from {number} (the default mapping: id: \"{year}-{number}\"), but 案号 is empty or has no letters or digits",
    ]
    code, out, err = run_import(archive, sheet)
    assert code == 1 and err.endswith("12 problems found; nothing was written.\n")
    assert files_of(archive) == before
    # The formula with a saved result (row 9) is imported with that result.
    code, out, err = run_import(archive, sheet, "--partial")
    assert code == 1 and err.endswith("12 problems found; the other rows were written.\n")
    assert "title:\n  zh: 关于公式的提案\nnumber: \"7\"\n" in files_of(archive)["proposals/2023-7.yml"]
    assert sorted(name for name in files_of(archive) if name.startswith("proposals/2023")) == ["proposals/2023-7.yml"]
    load_archive(archive / "content")


def test_a_new_record_that_breaks_a_rule_of_the_archive_is_located_by_its_column(archive, tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("set:\n  consultation: no-such-consultation\n", encoding="utf-8")
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [HEADERS, proposal_row("1", 答复日期="2022-12-01", 答复类别="A")]})
    assert problems_of(archive, sheet, mapping=mapping) == [
        "p.xlsx:提案:2:-: consultation: no consultation has the id 'no-such-consultation'",
        "p.xlsx:提案:2:L: 答复日期 (reply.date): reply date 2022-12-01 is before the proposal's date 2023-01-05",
    ]


# --- Importing again ----------------------------------------------------------------------------

def test_a_new_import_updates_what_the_system_owns_and_keeps_what_editors_added(archive, tmp_path):
    first = write_workbook(tmp_path / "v1.xlsx", {"提案": [HEADERS, proposal_row("1"), proposal_row("2", 案由="关于交通的提案")]})
    import_rows(archive, first)
    record = archive / "content/proposals/2023-1.yml"
    by_hand = record.read_text(encoding="utf-8").replace(
        "  zh: 关于加强文物保护的提案\n", "  zh: 关于加强文物保护的提案\n  en: On protecting cultural relics  # translated by hand\n"
    ) + "summary:\n  zh: 编辑据答复写的概述。\n"
    record.write_text(by_hand, encoding="utf-8")
    second = write_workbook(tmp_path / "v2.xlsx", {"提案": [
        HEADERS,
        proposal_row("1", 案由="系统里改过的标题", 协办单位="济宁市文化和旅游局", 答复日期="2023-06-01", 答复类别="列入计划", 办理状态="已办复"),
        proposal_row("2", 案由="关于交通的提案"),
    ]})
    code, out, err = run_import(archive, second, "--dry-run")
    assert code == 0, err
    assert out == """\
Read 2 rows of v2.xlsx
  sheet '提案': columns not imported: A (序号)
Dry run: nothing is written. It would:
  Update content/proposals/2023-1.yml
      @@ -22,2 +22,7 @@
           - jining-culture-bureau
      +  co:
      +    - jining-culture-bureau
      +reply:
      +  date: 2023-06-01
      +  outcome: planned
       summary:
Would write: 0 new proposal records, 1 updated, 1 unchanged
"""
    assert record.read_text(encoding="utf-8") == by_hand
    code, out, err = run_import(archive, second)
    assert code == 0, err
    assert record.read_text(encoding="utf-8") == by_hand.replace(
        "summary:\n", "  co:\n    - jining-culture-bureau\nreply:\n  date: 2023-06-01\n  outcome: planned\nsummary:\n"
    )  # the title the system changed is the editor's now; the English, the comment and the summary stay
    unchanged = (archive / "content/proposals/2023-2.yml").stat().st_mtime_ns
    code, out, err = run_import(archive, second)
    assert out.endswith("Wrote: 0 new proposal records, 0 updated, 2 unchanged\n")
    assert (archive / "content/proposals/2023-2.yml").stat().st_mtime_ns == unchanged
    load_archive(archive / "content")


def test_a_record_made_by_hand_is_never_overwritten(archive, tmp_path):
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [HEADERS, proposal_row("001", 提交日期="2023-01-05")]})
    mapping = tmp_path / "m.yml"
    mapping.write_text('id: "proposal-{year}-{number}"\n', encoding="utf-8")
    assert problems_of(archive, sheet, mapping=mapping) == [
        "p.xlsx:提案:2:B: content/proposals/proposal-2023-001.yml has the id 'proposal-2023-001' and was not written by "
        "shangliang import, so it is not changed; give the row another id, or remove the file",
    ]


# --- Units ---------------------------------------------------------------------------------------

def test_units_are_found_by_name_alias_or_id_and_the_others_proposed_once(archive, tmp_path):
    unit = (archive / "content/units/jining-culture-bureau.yml")
    unit.write_text(unit.read_text(encoding="utf-8") + "aliases:\n  - 市文旅局\n", encoding="utf-8")
    mapping = tmp_path / "m.yml"
    mapping.write_text("unit_aliases:\n  文化局: jining-culture-bureau\n", encoding="utf-8")
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [
        HEADERS,
        proposal_row("1", 主办单位="济宁市 文化和旅游局"),  # the name, spaced
        proposal_row("2", 主办单位="市文旅局", 协办单位="文化局；市财政局"),  # an alias; the mapping's; a new one
        proposal_row("3", 主办单位="jining-culture-bureau", 协办单位="市财政局"),  # an id; the new one again
    ]})
    plan = import_rows(archive, sheet, mapping=mapping)
    files = files_of(archive)
    assert [files[f"proposals/2023-{n}.yml"].split("units:\n")[1].split("reply")[0] for n in (1, 2, 3)] == [
        "  lead:\n    - jining-culture-bureau\n",
        "  lead:\n    - jining-culture-bureau\n  co:\n    - jining-culture-bureau\n    - shi-cai-zheng-ju\n",
        "  lead:\n    - jining-culture-bureau\n  co:\n    - shi-cai-zheng-ju\n",
    ]
    assert [u.id for u in plan.new_units] == ["shi-cai-zheng-ju"]
    load_archive(archive / "content")


# --- CSV ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_spreadsheet_programs_save_with_rows_numbered_as_shown(archive, tmp_path, encoding):
    rows = [HEADERS, proposal_row("1", 案由="关于\n两行标题的提案"), proposal_row("2", 提交日期="2023-13-01")]
    rows = [[cell.strftime("%Y-%m-%d") if isinstance(cell, dt.datetime) else cell for cell in row] for row in rows]
    sheet = write_csv(tmp_path / "提案.csv", rows, encoding)
    assert problems_of(archive, sheet) == ["提案.csv:提案:3:G: 提交日期: '2023-13-01' has no month 13; months run from 01 to 12"]


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_one_line(archive, tmp_path):
    (tmp_path / "p.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "latin.csv").write_bytes("案号,案由\n".encode("utf-16"))
    assert problems_of(archive, tmp_path / "p.xls") == ["p.xls:-:-:-: a spreadsheet must be an .xlsx or .csv file, found '.xls'; save it as .xlsx in the spreadsheet program"]
    assert problems_of(archive, tmp_path / "broken.xlsx")[0].startswith("broken.xlsx:-:-:-: the file cannot be read as an .xlsx workbook (")
    assert problems_of(archive, tmp_path / "latin.csv") == ["latin.csv:latin:-:-: the file is neither UTF-8 nor GB18030 text; save it as 'CSV UTF-8' in the spreadsheet program"]
    assert problems_of(archive, tmp_path / "none.csv") == ["none.csv:-:-:-: no such file"]


# --- A mapping file ---------------------------------------------------------------------------

def test_a_mapping_file_names_other_headers_values_constants_and_ids(archive, tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("""\
type: proposal
sheet: 本年度
header_row: 3
id: "jn-{year}-{number}"
columns:
  number: 编号
  title.zh: [题目, 提案题目]
  proposers.names: 领衔委员
  units.lead: 牵头部门
  reply.outcome: 结论
values:
  reply.outcome: {甲: adopted, 乙: planned}
set:
  platform: jishi
  category.zh: 未分类
""", encoding="utf-8")
    sheet = write_workbook(tmp_path / "p.xlsx", {
        "往年": [["编号", "题目"], ["x", "y"]],
        "本年度": [["说明：……"], ["编号", "题目"], ["编号", "题目", "领衔委员", "提交日期", "牵头部门", "答复日期", "结论"],
                ["7", "关于乡村振兴的提案", "王五", "2023-02-01", "济宁市文化和旅游局", "2023-06-01", "乙"]],
    })
    import_rows(archive, sheet, kind=None, mapping=mapping)
    text = files_of(archive)["proposals/jn-2023-7.yml"]
    assert "category:\n  zh: 未分类\n" in text and "platform: jishi\n" in text and "reply:\n  date: 2023-06-01\n  outcome: planned\n" in text


def test_a_mapping_file_with_mistakes_is_reported_by_line(archive, tmp_path):
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("""\
columns:
  titel: 标题
  reply: 答复
  stages: 流程
values:
  reply.outcome: {甲: solved}
  category: {x: y}
colums: {}
""", encoding="utf-8")
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [HEADERS]})
    code, out, err = run_import(archive, sheet, "--mapping", str(mapping))
    shown = mapping.as_posix()
    assert (code, err) == (1, f"{shown}:8: colums: not a mapping key; expected: type, sheet, header_row, id, columns, values, set, unit_aliases, updates\n1 problem found; nothing was written.\n")
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("colums: {}\n", ""), encoding="utf-8")
    code, out, err = run_import(archive, sheet, "--mapping", str(mapping))
    assert (code, err) == (1, f"""\
{shown}:2: columns.titel: 'titel' is not a field of a proposal
{shown}:3: columns.reply: 'reply' is a group of fields; map its fields (reply.date, reply.outcome, reply.text, reply.proposer_view)
{shown}:4: columns.stages: 'stages' is not a field of a proposal
{shown}:6: values.reply.outcome: 'solved' is not one of: adopted, planned, multi-year, reference
{shown}:7: values.category: 'category' is not a field with fixed choices
5 problems found; nothing was written.
""")


# --- The archive's own open data comes back as the same archive ---------------------------------

def test_the_open_data_of_a_build_imports_into_an_empty_archive_that_builds_the_same_pages(sample_site, tmp_path):
    from golden import BUILD_ENV, REPO, find_differences, read_files

    root = tmp_path / "again"
    copy_site_files(root)
    for name in ("published.txt", "redirects.yml", "search-synonyms.yml", "attachments"):  # the archive's files, not records
        source = REPO / "content" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / "content" / name)
    data = sample_site / "data"
    alone = tmp_path / "consultations.csv"  # without the JSON beside it: the lists it counts are not there
    shutil.copy(data / "consultations.csv", alone)
    problems = problems_of(root, alone, "consultation")
    assert ("consultations.csv:consultations:2:AM: sources.count is 1, but a CSV holds only their number: "
            "put the open data's consultations.json beside the CSV to import them") in problems
    for kind in ("platform", "unit", "organisation", "consultation", "proposal", "outcome"):  # each after what it names
        code, out, err = run_cli_import(root, data / f"{kind}s.csv", kind)
        assert code == 0, err
    assert sorted(p.name for p in (root / "content/consultations/2022").iterdir())[:2] == ["jining-2022-culture.en.md", "jining-2022-culture.md"]
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "shangliang.cli", "build", "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, timeout=600, env={**os.environ, **BUILD_ENV},
    )
    assert result.returncode == 0, result.stderr
    assert find_differences(read_files(sample_site), read_files(site)) == []
    for name in sorted(p.name for p in data.glob("*.json")):
        assert (site / "data" / name).read_bytes() == (data / name).read_bytes(), name


def run_cli_import(root: Path, sheet: Path, kind: str) -> tuple[int, str, str]:
    result = run_cli("import", str(sheet), "--type", kind, cwd=root)
    return result.returncode, result.stdout, result.stderr


# --- Hostile cells ---------------------------------------------------------------------------

HOSTILE_TITLES = [
    '关于"x": #y 的提案', "- 一项", "{a: b}", "[x]", "&anchor *alias", "!!python/object:os.system", "'单引号'",
    "=HYPERLINK(\"http://x\")", "yes", "null", "2022-03-05", "12", "0x1F", "1:20", "~", "% 百分", "@at", "`tick`",
    "关于<script>alert(1)</script>的提案", "末尾空格 ", "a\nid: injected",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_cell_is_written_so_that_it_reads_back_as_the_same_text(title):
    import yaml

    from shangliang.loader import parse_yaml

    line = f"title: {scalar(title)}"
    assert parse_yaml(line, "-")[0] == {"title": title}
    assert yaml.safe_load(line) == {"title": title}


def test_hostile_cells_become_valid_records_or_located_problems_never_other_files(archive, tmp_path):
    rows = [HEADERS] + [proposal_row(str(n), 案由=title) for n, title in enumerate(HOSTILE_TITLES, start=1)]
    rows += [
        proposal_row("90", 案由="关于\x07响铃的提案"),
        proposal_row("91", 案由="【待填写】"),
        proposal_row("../../evil", 案由="路径"),
        proposal_row("92", 主办单位="../../etc/passwd"),
    ]
    sheet = write_csv(tmp_path / "evil\u202e.csv", [[c.strftime("%Y-%m-%d") if isinstance(c, dt.datetime) else c for c in row] for row in rows])
    problems = problems_of(archive, sheet)
    assert problems == [
        "evil\\u202e.csv:evil\\u202e:20:C: 案由 (title.zh): remove the <script> element; the site publishes no scripts from records",
        "evil\\u202e.csv:evil\\u202e:23:C: 案由 (title.zh): the control character U+0007 is not allowed (written here as an escape in double quotes); remove it",
        "evil\\u202e.csv:evil\\u202e:24:C: 案由 (title.zh): still the placeholder 【待填写】; write the proposal's title",
        "evil\\u202e.csv:evil\\u202e:26:I: 主办单位: '..' is not the name of a unit",
    ]
    before = set(files_of(archive))
    import_rows(archive, sheet, partial=True)
    written = set(files_of(archive)) - before
    assert "proposals/2023-evil.yml" in written and all(re.fullmatch(r"proposals/2023-[a-z0-9-]+\.yml", name) for name in written)
    assert len(written) == len(HOSTILE_TITLES) - 1 + 1  # less the <script> title, and 案号 ../../evil
    assert not (tmp_path / "etc").exists()
    archive_after = load_archive(archive / "content")
    titles = {r.title.zh for r in archive_after.proposals}
    assert set(HOSTILE_TITLES[:-2]) - {"末尾空格 ", HOSTILE_TITLES[18]} <= titles and "末尾空格" in titles and "a\nid: injected" in titles
    assert archive_after.records["2023-21"].id == "2023-21"  # the injected line is text of the title, not a field


def test_the_guides_mapping_file_is_one_import_accepts(tmp_path):
    from shangliang.importing.mapping import load_mapping

    guide = (Path(__file__).resolve().parent.parent / "docs/editors-guide.md").read_text(encoding="utf-8")
    example = guide.split("# mapping.yml, for: shangliang import", 1)[1].split("```", 1)[0]
    file = tmp_path / "mapping.yml"
    file.write_text("#" + example, encoding="utf-8")
    mapping = load_mapping(None, file, tmp_path)
    assert (mapping.record_type.kind, mapping.sheet, mapping.header_row, mapping.id_template) == ("proposal", "本年度", 3, "shanwei-{year}-{number}")
    assert mapping.headers["牵头部门"] == "units.lead" and mapping.choices["reply.outcome"]["乙"] == "planned"
    assert mapping.constants == {"platform": "shanwei-2plus2", "session.zh": "八届二次会议"}


def test_consultations_from_a_sheet_with_what_every_row_shares(archive, tmp_path):
    mapping = tmp_path / "m.yml"
    mapping.write_text("""\
type: consultation
columns:
  id: 编号
  title.zh: 议题
  date: 日期
  summary.zh: 概述
  summary.en: Summary
set:
  platform: jishi
  format: micro
  stages: [{stage: meeting}]
""", encoding="utf-8")
    sheet = write_csv(tmp_path / "议题.csv", [
        ["编号", "议题", "日期", "概述", "Summary"],
        ["jining-2023-water", "城区供水", "2023年4月2日", "委员们就供水提出建议。", "Members advised on the water supply."],
        ["jining-undated-parks", "口袋公园", "", "建议增建口袋公园。", ""],
    ])
    result = run_cli("import", str(sheet), "--mapping", str(mapping), "--dry-run", cwd=archive)
    assert result.returncode == 1 and result.stderr.startswith("议题.csv:议题:3:C: 日期 (date): the date is left out")
    assert not (archive / "content/consultations/2023").exists()
    plan = import_rows(archive, sheet, kind=None, mapping=mapping, partial=True)
    assert [str(p) for p in plan.problems] == [
        "议题.csv:议题:3:C: 日期 (date): the date is left out (not reported), so the record needs a source: add the report that tells of it under 'sources'",
    ]
    files = files_of(archive)
    assert files["consultations/2023/jining-2023-water.md"].endswith("""\
date: 2023-04-02
platform: jishi
format: micro
stages:
  - stage: meeting
---

委员们就供水提出建议。
""")
    assert files["consultations/2023/jining-2023-water.en.md"] == "Members advised on the water supply.\n"


def test_ten_thousand_rows_import_into_records_that_pass_validation(archive, tmp_path):
    rows = [HEADERS] + [
        proposal_row(
            str(n), f"关于第{n}件事的提案", 提案人="张三、李四" if n % 3 else "王五", 提交日期="2022-03-01", 立案日期="2022-03-15",
            协办单位=f"市第{n % 7}局" if n % 2 else None, 答复日期="2022-06-01" if n % 4 == 0 else None, 答复类别="A" if n % 4 == 0 else None,
        )
        for n in range(1, 10_001)
    ]
    sheet = write_csv(tmp_path / "万条.csv", rows)
    plan = import_rows(archive, sheet)
    assert (plan.count("create"), plan.count("create", units=True)) == (10_000, 7)
    archive_after = load_archive(archive / "content")
    assert len(archive_after.proposals) == 10_001 and sum(1 for p in archive_after.proposals if p.reply) == 2_500 + 1


from hypothesis import given, settings, strategies as st  # noqa: E402

from shangliang.errors import ODD_CHARACTERS  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_written_so_that_it_reads_back_as_itself(text):
    import yaml

    from shangliang.loader import parse_yaml

    line = f"key: {scalar(text)}\n"
    assert "\n" not in line[:-1] and yaml.safe_load(line) == {"key": text}
    data, _, problems = parse_yaml(line, "-")
    assert data == {"key": text}
    assert [p.field for p in problems] == (["key"] if re.search(f"[{ODD_CHARACTERS}\r\x85]", text) else [])  # the loader refuses them, located


# --- What a review found ---------------------------------------------------------------------

def test_a_header_merged_over_two_columns_names_them_before_their_own_words_do(archive, tmp_path):
    top = ["案号", "案由", "提案人", "提交日期", "主办单位", "答 复", None]
    under = ["案号", "案由", "提案人", "提交日期", "主办单位", "日期", "类别"]
    sheet = write_workbook(tmp_path / "p.xlsx", {
        "汇总": [top, under, ["1", "关于停车的提案", "张三", "2023-01-05", "济宁市文化和旅游局", "2023-05-01", "B类"]],
        "隐藏": [HEADERS, proposal_row("9")],
    }, merged={"汇总": ["F1:G1", "A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2"]})
    book = openpyxl.load_workbook(sheet)
    book["隐藏"].sheet_state = "hidden"
    book.save(sheet)
    plan = import_rows(archive, sheet)
    assert "reply:\n  date: 2023-05-01\n  outcome: planned\n" in files_of(archive)["proposals/2023-1.yml"]
    assert "category" not in files_of(archive)["proposals/2023-1.yml"]
    assert plan.notes == ["sheet '隐藏' skipped: it is hidden in the workbook (--sheet imports it)"]
    assert [c.path.name for c in import_rows(archive, sheet, sheet_name="隐藏").changes if c.action == "create"] == ["2023-9.yml"]


def test_a_new_import_keeps_line_ends_and_comments_and_refuses_to_drop_one(archive, tmp_path):
    sheet = write_workbook(tmp_path / "v1.xlsx", {"提案": [HEADERS, proposal_row("1", 答复日期="2023-05-01", 答复类别="A"), proposal_row("2")]})
    import_rows(archive, sheet)
    first, second = archive / "content/proposals/2023-1.yml", archive / "content/proposals/2023-2.yml"
    first.write_bytes(first.read_bytes().replace(b"outcome: adopted\n", b"outcome: adopted  # see the reply letter\n").replace(b"\n", b"\r\n"))
    second.write_text(second.read_text(encoding="utf-8").replace("    - jining-culture-bureau\n", "    # the lead since 2023\n    - jining-culture-bureau\n"), encoding="utf-8")
    changed = write_workbook(tmp_path / "v2.xlsx", {"提案": [
        HEADERS, proposal_row("1", 答复日期="2023-05-01", 答复类别="C"), proposal_row("2", 主办单位="济宁市文化和旅游局、市财政局"),
    ]})
    assert problems_of(archive, changed) == [
        "v2.xlsx:提案:3:I: content/proposals/2023-2.yml was laid out by hand where units.lead is written (another layout, or a comment "
        "among its lines), so it is not updated; write the new value (jining-culture-bureau, shi-cai-zheng-ju) there by hand",
    ]
    import_rows(archive, changed, partial=True)
    text = first.read_bytes()
    assert b"  outcome: reference  # see the reply letter\r\n" in text and text.count(b"\r\n") == text.count(b"\n")
    assert not (archive / "content/units/shi-cai-zheng-ju.yml").exists()  # named only by the row left out


def test_a_file_that_cannot_be_written_leaves_none_written(archive, tmp_path):
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [HEADERS, proposal_row("1"), proposal_row("2")]})
    (archive / "content/proposals/.2023-2.yml.importing").mkdir()
    before = files_of(archive)
    code, out, err = run_import(archive, sheet)
    assert (code, err) == (1, "Error: content/proposals/2023-2.yml cannot be written (Is a directory); nothing was written\n") or os.name == "nt"
    assert files_of(archive) == before


def test_a_unit_name_that_cannot_be_a_record_is_located_where_it_was_named(archive, tmp_path):
    sheet = write_workbook(tmp_path / "p.xlsx", {"提案": [
        HEADERS, proposal_row("1", 协办单位="市\u202e财政局"), proposal_row("2", 案由="长" * 30_000),
    ]})
    assert problems_of(archive, sheet) == [
        "p.xlsx:提案:2:J: the unit '市\\u202e财政局' cannot have a record of its own (shi-cai-zheng-ju.yml): name.zh: the invisible "
        "text-direction character U+202E (right-to-left override) is not allowed (written here as an escape in double quotes); remove it",
        "p.xlsx:提案:3:C: 案由 (title.zh): the line is 30,006 characters long; a line may hold at most 10,000 characters; break it into shorter lines",
    ]
