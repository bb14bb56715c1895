"""Published addresses never break silently: a renamed or removed record needs a redirect."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import run_cli
from helpers import OUTCOME, edit, report_of
from shangliang.addresses import (
    address_of, get_address, id_of_address, record_address_problem, record_uri, record_url, relative_url, uri_of_address, url_of_uri,
)

PUBLISHED = (
    "# published addresses\n"
    "consultations/jining-2022-culture\nplatforms/jishi\nplatforms/rencheng\nunits/jining-culture-bureau\n"
    "proposals/proposal-2023-001\noutcomes/culture-instruction\n"
)


def test_every_published_address_still_leads_somewhere(tmp_path, valid_records):
    valid_records["content/published.txt"] = PUBLISHED
    # The outcome is renamed: its old address has no record and no redirect.
    del valid_records["content/outcomes/culture-instruction.yml"]
    valid_records["content/outcomes/culture-written-instruction.yml"] = edit(OUTCOME, "id: culture-instruction", "id: culture-written-instruction")
    # One message, on the old line, names both fixes and the new address: the record's own
    # "not in published.txt" is part of it.
    assert report_of(tmp_path, valid_records) == [
        "content/published.txt:7: -: 'outcomes/culture-instruction' is in content/published.txt but no record has that "
        "address now, and 'outcomes/culture-written-instruction' is not in it; if this record was renamed before it was "
        "ever published, rename this line to 'outcomes/culture-written-instruction'; if it was published, keep this line, "
        "add the line 'outcomes/culture-written-instruction' and add to content/redirects.yml: "
        "'- from: outcomes/culture-instruction' and '  to: outcomes/culture-written-instruction'",
        "1 problem found; nothing was built.",
    ]


def test_a_record_with_problems_of_its_own_is_not_reported_as_gone(tmp_path, valid_records):
    valid_records["content/published.txt"] = PUBLISHED
    valid_records["content/redirects.yml"] = "- from: outcomes/old\n  to: outcomes/culture-instruction\n"
    valid_records["content/outcomes/culture-instruction.yml"] = edit(OUTCOME, "type: instruction", "type: instuction")
    assert report_of(tmp_path, valid_records) == [
        "content/outcomes/culture-instruction.yml:5: type: found 'instuction', expected one of: instruction, adoption, "
        "measure, plan, recommendation, follow-up, other; did you mean 'instruction'?",
        "1 problem found; nothing was built.",
    ]


def test_redirects_are_checked(tmp_path, valid_records):
    valid_records["content/redirects.yml"] = (
        "- from: platforms/jishi\n  to: platforms/rencheng\n"
        "- from: outcomes/old\n  to: outcomes/culture-instructoin\n"
        "- to: outcomes/x\n"
    )
    assert report_of(tmp_path, valid_records) == [
        "content/redirects.yml:1: from: 'platforms/jishi' is the address of a record; a redirect is only for an address "
        "no record has any more",
        "content/redirects.yml:3: to: no record has the address 'outcomes/culture-instructoin'; did you mean "
        "'outcomes/culture-instruction'?",
        "content/redirects.yml:5: [3]: expected 'from: <old address>' and 'to: <new address>', e.g. from: consultations/old-id",
        "3 problems found; nothing was built.",
    ]


def test_a_renamed_record_with_its_redirect_builds_and_the_old_address_forwards(site_project, valid_records):
    files = dict(valid_records)
    files["content/published.txt"] = PUBLISHED
    del files["content/outcomes/culture-instruction.yml"]
    files["content/outcomes/culture-written-instruction.yml"] = edit(OUTCOME, "id: culture-instruction", "id: culture-written-instruction")
    files["content/published.txt"] += "outcomes/culture-written-instruction\n"
    files["content/redirects.yml"] = "- from: outcomes/culture-instruction\n  to: outcomes/culture-written-instruction\n"
    root = site_project(files)
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        html = (root / "site" / prefix / "outcomes/culture-instruction/index.html").read_text()
        assert '<meta http-equiv="refresh" content="0; url=../culture-written-instruction/">' in html
        assert 'href="../culture-written-instruction/"' in html
        assert (root / "site" / prefix / "outcomes/culture-written-instruction/index.html").is_file()


def test_new_adds_the_address_to_the_published_list(site_project, valid_records):
    files = dict(valid_records)
    files["content/published.txt"] = PUBLISHED
    root = site_project(files)
    result = run_cli("new", "unit", "shanwei-housing-bureau", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "\nAdded units/shanwei-housing-bureau to content/published.txt\n" in result.stdout
    assert (root / "content/published.txt").read_text().endswith("\nunits/shanwei-housing-bureau\n")
    record = root / "content/units/shanwei-housing-bureau.yml"
    record.write_text(record.read_text().replace("【待填写】", "汕尾市住房和城乡建设局"))  # the editor fills it in
    assert run_cli("validate", cwd=root).returncode == 0


def test_a_records_address_page_and_url_come_from_one_scheme():
    record = SimpleNamespace(folder="consultations", id="jining-2022-culture")
    address = address_of(record)
    assert (address, record_uri(record), record_url(record)) == (
        "consultations/jining-2022-culture", "consultations/jining-2022-culture.md", "consultations/jining-2022-culture/",
    )
    assert get_address("consultations", "jining-2022-culture") == address
    assert (record_address_problem(address), id_of_address(address), uri_of_address(address)) == (None, record.id, record_uri(record))
    assert [url_of_uri(uri) for uri in ("index.md", "past/index.md", "feeds.md")] == ["", "past/", "feeds/"]
    assert relative_url(record_url(record), "platforms/jishi/") == "../../platforms/jishi/"
