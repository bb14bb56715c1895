"""The editor's guide's examples of new records work when an editor copies them.

Editors copy the guide's examples into files and change what they must. An example that
points at a record nowhere to be found (a station that the guide never shows), or that the
check refuses, teaches them to distrust every other example. Each complete record below is
taken from docs/editors-guide.md as printed, added to a copy of the sample archive, and the
archive must load without a problem.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from shangliang.load import load_archive
from shangliang.errors import ContentError
from shangliang.model import TYPES_BY_KIND

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "editors-guide.md"

NEW_RECORDS = {
    "rencheng-station": "platforms/rencheng-station.yml",
    "rencheng-station-residents-meeting": "consultations/undated/rencheng-station-residents-meeting.yml",
    "jining-members-entrepreneurs": "organisations/jining-members-entrepreneurs.yml",
    "example-2022-proposal-001": "proposals/example-2022-proposal-001.yml",
}
"""The guide's examples of records that are not in the sample archive, by id, and the file
each one goes into."""


def guide_example(record_id: str) -> str:
    """The guide's ```yaml block that starts with ``id: record_id``."""
    blocks = re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.S | re.M)
    found = [block for block in blocks if block.startswith(f"id: {record_id}\n")]
    assert len(found) == 1, f"the guide has {len(found)} examples of {record_id}"
    return found[0]


def test_the_guides_new_record_examples_load_with_the_sample_archive(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    published = content / "published.txt"
    lines = published.read_text(encoding="utf-8")
    for record_id, relative in NEW_RECORDS.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(guide_example(record_id), encoding="utf-8")
        lines += f"{relative.split('/')[0]}/{record_id}\n"
    published.write_text(lines, encoding="utf-8")
    try:
        archive = load_archive(content)
    except ContentError as error:
        pytest.fail(f"a copied example is refused:\n{error.report()}")
    meeting = next(c for c in archive.consultations if c.id == "rencheng-station-residents-meeting")
    assert meeting.platform == "rencheng-station"
    assert meeting.date is None


def test_the_outcome_note_example_does_not_repeat_the_pages_label():
    """The page prints 来源所述： / What the sources say: before ``outcome_note``; a note that
    starts "the source says" reads twice over."""
    example = next(
        block for block in re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.S | re.M)
        if block.startswith("outcome_status:")
    )
    note = re.search(r"outcome_note:\n  zh: (.*)\n  en: (.*)\n", example)
    assert note, example
    assert not note.group(1).startswith(("来源称", "来源说", "报道称"))
    assert not note.group(2).lower().startswith(("the source says", "the sources say", "the report says"))


def test_the_guide_names_every_type_shangliang_new_makes():
    """The guide's table of commands says which ``<type>`` ``shangliang new`` takes; a type it
    leaves out (``organisation`` was) is one an editor never learns to make."""
    row = next(line for line in GUIDE.read_text(encoding="utf-8").splitlines()
               if line.startswith("| `shangliang new <type> <id>` |"))
    named = set(re.findall(r"`(\w+)`", row.split("`<type>` is", 1)[1].split(".", 1)[0]))
    assert named == set(TYPES_BY_KIND)


def test_no_document_carries_a_merge_conflict():
    """A conflict left in a page of the docs reads as garbage to the editors who follow it."""
    marked = [
        f"{path.relative_to(REPO)}:{number}"
        for path in [*(REPO / "docs").glob("*.md"), REPO / "README.md"]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "======="
    ]
    assert not marked
