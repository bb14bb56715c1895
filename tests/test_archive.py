"""The whole archive: records linked to each other, and every problem of a run reported at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import CONSULTATION, OUTCOME, PLATFORM, PROPOSAL, SUB_PLATFORM, edit, load_project, report_of
from shangliang.load import load_archive
from shangliang.errors import ContentError, Problem
from shangliang.model import Consultation, Outcome, Platform, Proposal, Unit
from shangliang.platforms import get_children, parent_chain, parent_loop, runs_into_loop

C = "content/consultations/jining-2022-culture.md"
P = "content/platforms/jishi.yml"
S = "content/platforms/rencheng.yml"
R = "content/proposals/proposal-2023-001.yml"
O = "content/outcomes/culture-instruction.yml"
U = "content/units/jining-culture-bureau.yml"


def consultation(record_id: str, date: str) -> str:
    return edit(edit(CONSULTATION, "id: jining-2022-culture", f"id: {record_id}"), "date: 2022-10-14\nplatform", f"date: {date}\nplatform")


# A valid archive


def test_valid_archive_loads_every_record(tmp_path, valid_records):
    archive = load_project(tmp_path, valid_records)
    assert sorted(archive.records) == [
        "culture-instruction", "jining-2022-culture", "jining-culture-bureau", "jishi",
        "proposal-2023-001", "rencheng",
    ]
    assert [type(archive.get(i)) for i in ("jishi", "jining-2022-culture", "proposal-2023-001")] == [
        Platform, Consultation, Proposal,
    ]
    assert isinstance(archive.get("culture-instruction"), Outcome)
    assert isinstance(archive.get("jining-culture-bureau"), Unit)
    assert archive.sources["jining-2022-culture"].path == C
    assert archive.sources["jining-2022-culture"].english_path == C.replace(".md", ".en.md")
    assert archive.broken_ids == set()


def test_valid_archive_indexes(tmp_path, valid_records):
    archive = load_project(tmp_path, valid_records)
    jishi, rencheng = archive.get("jishi"), archive.get("rencheng")
    culture = archive.get("jining-2022-culture")
    proposal, outcome = archive.get("proposal-2023-001"), archive.get("culture-instruction")
    bureau = archive.get("jining-culture-bureau")
    assert archive.platforms == [jishi, rencheng]
    assert archive.children_of(jishi) == [rencheng]
    assert archive.children_of(rencheng) == []
    assert archive.ancestors_of(rencheng) == [jishi]
    assert archive.consultations_of(jishi) == [culture]
    assert archive.consultations_of(rencheng) == []
    assert archive.proposals_of(culture) == [proposal]
    assert archive.proposals_of(bureau) == [proposal]
    assert archive.outcomes_of(culture) == [outcome]
    assert archive.outcomes_of(bureau) == [outcome]
    assert archive.outcomes_of(proposal) == []


def test_consultations_are_newest_first_with_ties_by_id(tmp_path, valid_records):
    valid_records |= {
        "content/consultations/a-2023.md": consultation("a-2023", "2023-03-01"),
        "content/consultations/b-2023.md": consultation("b-2023", "2023-03-01"),
        "content/consultations/only-year.md": consultation("only-year", "2023"),
        "content/consultations/only-month.md": consultation("only-month", "2023-03"),
        "content/consultations/old.md": consultation("old", "2019-12-31"),
    }
    archive = load_project(tmp_path, valid_records)
    assert [c.id for c in archive.consultations] == [
        "a-2023", "b-2023", "only-month", "only-year", "jining-2022-culture", "old",
    ]
    assert [c.id for c in archive.consultations_of(archive.get("jishi"))] == [
        c.id for c in archive.consultations
    ]


def test_content_folder_not_found(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_archive(tmp_path / "content")
    assert caught.value.report() == "content:1: -: content folder not found\n1 problem found; nothing was built."


# Ids and references


def test_duplicate_id_is_reported_at_every_file_that_has_it(tmp_path, valid_records):
    # copy.md is read first, though jining-2022-culture.md was there first: neither is blamed alone
    valid_records["content/consultations/copy.md"] = CONSULTATION
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/copy.md:2: id: duplicate id 'jining-2022-culture', "
        "also used by content/consultations/jining-2022-culture.md:2; each record needs an id of its own",
        "content/consultations/jining-2022-culture.md:2: id: duplicate id 'jining-2022-culture', "
        "also used by content/consultations/copy.md:2; each record needs an id of its own",
        "2 problems found; nothing was built.",
    ]


def test_duplicate_id_across_record_types(tmp_path, valid_records):
    valid_records["content/units/jishi.yml"] = "name: {zh: 局}\nid: jishi\n"
    valid_records["content/outcomes/jishi.yml"] = edit(OUTCOME, "id: culture-instruction", "id: jishi")
    assert report_of(tmp_path, valid_records) == [
        "content/outcomes/jishi.yml:1: id: duplicate id 'jishi', also used by content/platforms/jishi.yml:1, "
        "content/units/jishi.yml:2; each record needs an id of its own",
        "content/platforms/jishi.yml:1: id: duplicate id 'jishi', also used by content/outcomes/jishi.yml:1, "
        "content/units/jishi.yml:2; each record needs an id of its own",
        "content/units/jishi.yml:2: id: duplicate id 'jishi', also used by content/outcomes/jishi.yml:1, "
        "content/platforms/jishi.yml:1; each record needs an id of its own",
        "3 problems found; nothing was built.",
    ]


def test_reference_to_a_missing_id_suggests_the_nearest(tmp_path, valid_records):
    valid_records[O] = edit(OUTCOME, "concerns: jining-2022-culture", "concerns: jining-2022-cultur")
    valid_records[R] = edit(PROPOSAL, "    - jining-culture-bureau", "    - culture-bureau\n  co:\n    - tourism-office")
    assert report_of(tmp_path, valid_records) == [
        "content/outcomes/culture-instruction.yml:4: concerns: no consultation or proposal has the id "
        "'jining-2022-cultur'; did you mean 'jining-2022-culture'?",
        "content/proposals/proposal-2023-001.yml:13: units.lead[1]: no unit has the id 'culture-bureau'; "
        "did you mean 'jining-culture-bureau'?",
        "content/proposals/proposal-2023-001.yml:15: units.co[1]: no unit has the id 'tourism-office'",
        "3 problems found; nothing was built.",
    ]


def test_reference_to_a_record_of_the_wrong_type(tmp_path, valid_records):
    valid_records[O] = edit(OUTCOME, "  - jining-culture-bureau", "  - jining-culture-bureau\n  - jishi")
    valid_records[C] = edit(CONSULTATION, "platform: jishi", "platform: jining-culture-bureau")
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.md:7: platform: 'jining-culture-bureau' is a unit, "
        "expected the id of a platform",
        "content/outcomes/culture-instruction.yml:9: units[2]: 'jishi' is a platform, expected the id of a unit",
        "2 problems found; nothing was built.",
    ]


def test_reference_to_a_record_that_failed_its_own_checks_is_not_reported_again(tmp_path, valid_records):
    valid_records[P] = edit(PLATFORM, "level: city", "level: citty")
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/jishi.yml:8: level: found 'citty', expected one of: national, province, city, county, "
        "district, township; did you mean 'city'?",
        "1 problem found; nothing was built.",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (PLATFORM + "level: county\n", "content/platforms/jishi.yml:10: level: field appears twice (first on line 8); keep one"),
        (PLATFORM + "level county\n", "content/platforms/jishi.yml:10: -: YAML syntax error: could not find expected ':'"),
        (edit(PLATFORM, "id: jishi\n", ""), "content/platforms/jishi.yml:1: id: required field is missing; "
         "expected stable identifier: lower-case letters, digits and hyphens, e.g. 'jining-2022-culture'. "
         "It becomes the page address, so never change it once published"),
    ],
    ids=["duplicate-key", "syntax-error", "no-id"],
)
def test_reference_to_a_record_that_could_not_be_read_is_not_reported_again(tmp_path, valid_records, text, problem):
    valid_records[P] = text
    assert report_of(tmp_path, valid_records) == [problem, "1 problem found; nothing was built."]


# Platforms


def test_sub_platform_without_parent(tmp_path, valid_records):
    valid_records[S] = edit(SUB_PLATFORM, "parent: jishi\n", "")
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/rencheng.yml:7: type: a sub-platform needs a 'parent': the id of the platform it belongs to",
        "1 problem found; nothing was built.",
    ]


def test_parent_loop_is_reported_once(tmp_path, valid_records):
    valid_records[P] = PLATFORM + "parent: rencheng\n"
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/jishi.yml:10: parent: parents form a loop: jishi → rencheng → jishi; "
        "one of them needs a parent outside the loop, or none",
        "1 problem found; nothing was built.",
    ]


def test_platform_that_is_its_own_parent(tmp_path, valid_records):
    valid_records[P] = PLATFORM + "parent: jishi\n"
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/jishi.yml:10: parent: parents form a loop: jishi → jishi; "
        "one of them needs a parent outside the loop, or none",
        "1 problem found; nothing was built.",
    ]


def test_a_loop_is_not_reported_again_on_the_platforms_below_it(tmp_path, valid_records):
    valid_records[P] = PLATFORM + "parent: loop-b\n"
    valid_records["content/platforms/loop-b.yml"] = SUB_PLATFORM.replace("id: rencheng", "id: loop-b").replace("parent: jishi", "parent: loop-c").replace("type: sub-platform", "type: sub-brand")
    valid_records["content/platforms/loop-c.yml"] = SUB_PLATFORM.replace("id: rencheng", "id: loop-c").replace("type: sub-platform", "type: sub-brand")
    for n in range(10):  # ten platforms below the loop, each under the one before
        parent = "rencheng" if n == 0 else f"below-{n - 1}"
        valid_records[f"content/platforms/below-{n}.yml"] = SUB_PLATFORM.replace("id: rencheng", f"id: below-{n}").replace("parent: jishi", f"parent: {parent}").replace("type: sub-platform", "type: sub-brand")
    assert report_of(tmp_path, valid_records) == [
        "content/platforms/jishi.yml:10: parent: parents form a loop: jishi → loop-b → loop-c → jishi; "
        "one of them needs a parent outside the loop, or none",
        "1 problem found; nothing was built.",
    ]


# Consultations


def test_stage_date_earlier_than_the_stage_before_it(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "    date: 2022-06-20", "    date: 2022-02")
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.md:13: stages[2].date: 2022-02 is earlier than the "
        "stage before it ('topic', 2022-03); expected 2022-03 or later",
        "1 problem found; nothing was built.",
    ]


def test_stage_date_in_the_same_month_as_the_stage_before_is_not_earlier(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "    date: 2022-06-20", "    date: 2022-03-01")
    assert load_project(tmp_path, valid_records).get("jining-2022-culture").stage == "meeting"


def test_stages_out_of_order(tmp_path, valid_records):
    valid_records[C] = edit(edit(CONSULTATION, "stage: research", "stage: meeting"), "stage: meeting\n    date: 2022-10-14", "stage: research\n    date: 2022-10-14")
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.md:14: stages[3].stage: stage 'research' comes after "
        "'meeting'; stages go in the order topic → research → meeting → conversion, each once",
        "1 problem found; nothing was built.",
    ]


def test_stage_repeated(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "stage: research", "stage: topic")
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.md:12: stages[2].stage: stage 'topic' comes after "
        "'topic'; stages go in the order topic → research → meeting → conversion, each once",
        "1 problem found; nothing was built.",
    ]


def test_end_date_before_date_and_more_adopted_than_made(tmp_path, valid_records):
    valid_records[C] = edit(CONSULTATION, "platform: jishi", "end_date: 2022-09\nsuggestions:\n  count: 5\n  adopted: 7\nplatform: jishi")
    assert report_of(tmp_path, valid_records) == [
        "content/consultations/jining-2022-culture.md:7: end_date: end_date 2022-09 is before date 2022-10-14",
        "content/consultations/jining-2022-culture.md:10: suggestions.adopted: 7 adopted is more than the 5 suggestions made",
        "2 problems found; nothing was built.",
    ]


# Proposals


def test_proposal_not_registered_with_a_reply(tmp_path, valid_records):
    valid_records[R] = edit(PROPOSAL, "status: registered", "status: not-registered")
    assert report_of(tmp_path, valid_records) == [
        "content/proposals/proposal-2023-001.yml:10: registration.status: a proposal that was not "
        "registered has no units or reply; remove them or set status: registered",
        "1 problem found; nothing was built.",
    ]


def test_reply_without_units_and_before_the_proposal(tmp_path, valid_records):
    valid_records[R] = edit(edit(PROPOSAL, "units:\n  lead:\n    - jining-culture-bureau\n", ""), "date: 2023-05-10", "date: 2022-12")
    assert report_of(tmp_path, valid_records) == [
        "content/proposals/proposal-2023-001.yml:11: reply: a reply needs the 'units' that gave it",
        "content/proposals/proposal-2023-001.yml:12: reply.date: reply date 2022-12 is before the proposal's date 2023-01-05",
        "2 problems found; nothing was built.",
    ]


# Attachments


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("attachments/minute.txt", "no file at content/attachments/minute.txt"),
        ("attachments", "no file at content/attachments"),
        ("../mkdocs.yml", "'../mkdocs.yml' points outside content/; expected a path inside it"),
        ("/etc/hostname", "'/etc/hostname' points outside content/; expected a path inside it"),
        ('"attachments/a\\0.txt"', "the control character U+0000 is not allowed (written here as an escape in double quotes); remove it"),
    ],
)
def test_attachment_path(tmp_path, valid_records, path, problem):
    valid_records["mkdocs.yml"] = "site_name: x\n"
    valid_records[C] = edit(CONSULTATION, "path: attachments/minutes.txt", f"path: {path}")
    assert report_of(tmp_path, valid_records) == [
        f"content/consultations/jining-2022-culture.md:19: attachments[1].path: {problem}",
        "1 problem found; nothing was built.",
    ]


# Collect, then stop once


def test_every_problem_of_a_run_is_reported_at_once_sorted_by_file_then_line(tmp_path, valid_records):
    valid_records[U] = "id: jining-culture-bureau\nname: 文旅局\nlevel: City\n"
    valid_records[S] = edit(SUB_PLATFORM, "parent: jishi", "parent: jishii")
    valid_records[C] = edit(edit(CONSULTATION, "date: 2022-06-20", "date: 2022-13-01"), "format: standing-committee", "format: forum\nformat: online")
    valid_records[O] = edit(OUTCOME, "date: 2022-11", "date: 2022-11\nadopted: -1")
    valid_records["content/consultations/extra.en.md"] = "An orphan.\n"
    valid_records["content/notes.yml"] = "id: notes\n"
    valid_records[R] = edit(PROPOSAL, "consultation: jining-2022-culture", "consultation: jining-2022-culture\nplatform: rencheng\nreply_to: x")
    with pytest.raises(ContentError) as caught:
        load_project(tmp_path, valid_records)
    error = caught.value
    assert error.report() == "\n".join([
        "content/consultations/extra.en.md:1: -: English body without its record: expected 'extra.md' beside it",
        "content/consultations/jining-2022-culture.md:9: format: field appears twice (first on line 8); keep one",
        "content/consultations/jining-2022-culture.md:14: stages[2].date: invalid date: '2022-13-01' has no month 13; "
        "months run from 01 to 12",
        "content/notes.yml:1: -: a record file must sit in one of content/platforms/, content/consultations/, "
        "content/proposals/, content/outcomes/, content/units/, content/organisations/",
        "content/outcomes/culture-instruction.yml:7: adopted: expected a number of 0 or more, found the number -1",
        "content/platforms/rencheng.yml:8: parent: no platform has the id 'jishii'; did you mean 'jishi'?",
        "content/proposals/proposal-2023-001.yml:19: reply_to: unknown field; did you mean 'reply'?",
        "content/units/jining-culture-bureau.yml:2: name: expected the text in both languages, as 'zh: …' "
        "and 'en: …' lines, found '文旅局'",
        "content/units/jining-culture-bureau.yml:3: level: found 'City', expected one of: national, province, city, "
        "county, district, township; did you mean 'city'?",
        "9 problems found; nothing was built.",
    ])
    assert error.problems == sorted(error.problems)
    assert str(error) == error.report()


def test_problems_sort_by_line_as_a_number():
    problems = [Problem("b.yml", 1, "-", "x"), Problem("a.yml", 10, "id", "y"), Problem("a.yml", 9, "id", "z")]
    error = ContentError(problems + problems[:1])
    assert [(p.path, p.line) for p in error.problems] == [("a.yml", 9), ("a.yml", 10), ("b.yml", 1)]
    assert error.report().endswith("\n3 problems found; nothing was built.")


def test_one_problem_is_singular():
    assert ContentError([Problem("a.yml", 1, "-", "x")]).report() == "a.yml:1: -: x\n1 problem found; nothing was built."


@pytest.mark.parametrize(("name", "message"), [
    ("content/consultations/other-name.md",
     "content/consultations/other-name.md:2: id: the id 'jining-2022-culture' and the file name 'other-name.md' differ; "
     "rename the file to jining-2022-culture.md (and other-name.en.md beside it), or, if the file name is right, write id: other-name"),
    ("content/platforms/jishi-old.yml",
     "content/platforms/jishi-old.yml:1: id: the id 'jishi' and the file name 'jishi-old.yml' differ; "
     "rename the file to jishi.yml, or, if the file name is right, write id: jishi-old"),
])
def test_a_record_file_is_named_after_its_id(tmp_path, valid_records, name, message):
    """A file renamed without its id (or an id changed without its file) is caught."""
    old = {"md": "content/consultations/jining-2022-culture.md", "yml": "content/platforms/jishi.yml"}[name.rsplit(".", 1)[1]]
    valid_records[name] = valid_records.pop(old)
    if old.endswith(".md"):
        valid_records[name.replace(".md", ".en.md")] = valid_records.pop(old.replace(".md", ".en.md"))
    assert message in report_of(tmp_path, valid_records)


def test_loading_leaves_the_cycle_collector_as_it_was(tmp_path, valid_records):
    """A library call sets no gc policy: a long-lived caller's permanent generation would
    grow with every load (it doubled over 60 loads when load_archive froze)."""
    import gc

    load_project(tmp_path, valid_records)  # writes the project
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    for _ in range(3):
        for _ in range(1000):  # the caller's own cyclic garbage, which a freeze would keep forever
            cycle: list = []
            cycle.append(cycle)
        del cycle
        load_archive(tmp_path / "content")
    gc.collect()
    assert (gc.get_freeze_count() - frozen, gc.isenabled()) == (0, enabled)


def test_the_platform_tree_is_walked_the_same_way_up_and_down(tmp_path, valid_records):
    brand = SUB_PLATFORM.replace("id: rencheng", "id: {id}").replace("parent: jishi", "parent: {parent}").replace("type: sub-platform", "type: sub-brand")
    valid_records["content/platforms/brand-a.yml"] = brand.format(id="brand-a", parent="rencheng")
    valid_records["content/platforms/brand-b.yml"] = brand.format(id="brand-b", parent="jishi")
    archive = load_project(tmp_path, valid_records)
    jishi, rencheng, brand_a = (archive.get(i) for i in ("jishi", "rencheng", "brand-a"))
    assert [p.id for p in archive.descendants_of(jishi)] == ["brand-b", "rencheng", "brand-a"]
    assert [p.id for p in archive.ancestors_of(brand_a)] == ["rencheng", "jishi"]
    assert {key: [p.id for p in children] for key, children in get_children(archive.platforms).items()} == {
        "jishi": ["brand-b", "rencheng"], "rencheng": ["brand-a"],
    }
    # Up the tree on records not checked yet: a loop ends the walk and is named.
    records = {**archive.records, "jishi": jishi.model_copy(update={"parent": "brand-a"})}
    assert [p.id for p in parent_chain(records, brand_a)[0]] == ["brand-a", "rencheng", "jishi"]
    assert parent_chain(records, brand_a)[1] == ["brand-a", "rencheng", "jishi"]
    assert (runs_into_loop(records, rencheng), parent_loop(records, archive.get("brand-b"))) == (True, [])


@pytest.mark.parametrize(("code", "not_imported"), [
    ("import shangliang.archive", ("shangliang.load", "shangliang.cross_checks", "shangliang.validate", "shangliang.safety")),
    ("import shangliang.site_paths as s; s.reserved_addresses('zh')", ("shangliang.render", "shangliang.export")),
])
def test_imports_run_one_way(code, not_imported):
    # The archive noun comes without what reads and checks an archive (load -> checks ->
    # archive), and the checks of published addresses without the renderer: both take the
    # addresses they need from addresses.py.
    shown = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert [name for name in not_imported if name in shown] == []


@pytest.mark.parametrize("records", ["sample", "valid", "issue14"])
def test_neighbourhoods_holding_a_record_are_those_whose_neighbourhood_holds_it(tmp_path, records):
    """The live preview keeps a neighbourhood while no record it holds changed: it asks
    ``neighbourhoods_holding`` of each changed record instead of computing every record's
    neighbourhood again, so the two must be each other's inverse, over every record."""
    from conftest import REPO
    from helpers import ISSUE14_RECORDS, VALID_RECORDS

    if records == "sample":
        archive = load_archive(REPO / "content")
    else:
        archive = load_project(tmp_path, VALID_RECORDS if records == "valid" else ISSUE14_RECORDS)
    everything = list(archive.records.values())
    holding = {record.id: set() for record in everything}
    for record in everything:
        for near in archive.neighbourhood(record):
            holding[near.id].add(record.id)
    assert any(len(ids) > 1 for ids in holding.values())
    for record in everything:
        assert archive.neighbourhoods_holding(record) == holding[record.id], record.id
    for record in everything:  # what the two rest on: the names a record gives and the records that name it
        for named in archive.references_of(record):
            assert record in archive.referrers_of(named), (record.id, named.id)
        for referrer in archive.referrers_of(record):
            assert record in archive.references_of(referrer), (record.id, referrer.id)
