"""A build split into parts (``shangliang build --part K/N``, ``shangliang assemble``) is
the site one build makes, byte for byte; parts that are not every part of one build are
refused with a message, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from golden import run_pinned
from test_reproducible import site_differences


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> list[Path]:
    """The sample archive in three parts, built as the golden site (``sample_site``) is."""
    folder = tmp_path_factory.mktemp("parts")
    made = []
    for number in (1, 2, 3):
        made.append(folder / f"part{number}")
        result = run_pinned("build", "-q", "--part", f"{number}/3", "--site-dir", str(made[-1]))
        assert result.returncode == 0, result.stderr
        assert f"Built part {number}/3 of the site of" in result.stdout
    return made


def test_three_parts_assembled_are_the_site_one_build_makes(parts, sample_site, tmp_path):
    pages = [sorted(path.relative_to(part).as_posix() for path in part.rglob("*/index.html")) for part in parts]
    assert all(len(part_pages) > 20 for part_pages in pages[1:])  # each later part has record pages of its own
    site = tmp_path / "site"
    result = run_pinned("assemble", "-q", *map(str, reversed(parts)), "--site-dir", str(site))  # in any order
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Assembled 3 parts into ")
    assert site_differences(sample_site, site) == []


def test_parts_that_are_not_every_part_of_one_build_are_refused(parts, tmp_path):
    site = tmp_path / "site"
    missing = run_pinned("assemble", str(parts[0]), str(parts[2]), "-d", str(site))
    assert missing.returncode == 1
    assert missing.stderr == "Error: missing part 2/3\nNothing was written.\n"
    twice = run_pinned("assemble", str(parts[0]), str(parts[1]), str(parts[1]), "-d", str(site))
    assert twice.stderr == "Error: missing part 3/3\npart given twice: 2/3\nNothing was written.\n"
    other = tmp_path / "other"
    assert run_pinned("build", "-q", "--no-search", "--part", "2/3", "-d", str(other)).returncode == 0
    mixed = run_pinned("assemble", str(parts[0]), str(other), str(parts[2]), "-d", str(site))
    assert mixed.stderr == f"Error: {other}: part 2/3 differs from {parts[0]} in whether it has the search index\nNothing was written.\n"
    stray = run_pinned("assemble", str(parts[0]), str(tmp_path), "-d", str(site))
    assert stray.stderr == (
        f"Error: {tmp_path}: not a part of a build (no .shangliang-part/part.json); make parts with shangliang build --part K/N\n"
        "Nothing was written.\n"
    )
    assert not site.exists()


def test_a_part_spoilt_on_its_way_is_named_with_what_is_wrong(parts, tmp_path):
    copies = [tmp_path / part.name for part in parts]
    for part, copy in zip(parts, copies):
        shutil.copytree(part, copy)
    site = tmp_path / "site"

    def assemble() -> str:
        result = run_pinned("assemble", *map(str, copies), "-d", str(site))
        assert result.returncode == 1 and not site.exists()
        assert "Traceback" not in result.stderr
        return result.stderr

    manifest = copies[1] / ".shangliang-part" / "part.json"
    kept = manifest.read_text(encoding="utf-8")
    manifest.write_text(kept.replace('"part": 2', '"part": "2"'), encoding="utf-8")
    assert assemble() == f"Error: {manifest}: not a part's description; make the part again with shangliang build --part K/N\nNothing was written.\n"
    manifest.write_text(kept.replace('"en": "en"', '"en": "../../elsewhere"'), encoding="utf-8")
    assert assemble().startswith(f"Error: {manifest}: not a part's description")
    manifest.write_text(kept, encoding="utf-8")
    phrases = copies[2] / ".shangliang-part" / "hant-phrases.json"
    phrases.write_text('["发展"]', encoding="utf-8")
    assert assemble() == f"Error: {phrases}: not the phrases a part's build writes; make the part again\nNothing was written.\n"
    phrases.write_text("{", encoding="utf-8")
    assert assemble().startswith(f"Error: {phrases}: cannot be read: ")
    shutil.copy(parts[2] / ".shangliang-part" / "hant-phrases.json", phrases)
    views = copies[1] / "en" / ".shangliang-part" / "search"
    (views / ".DS_Store").write_bytes(b"\0")
    assert assemble() == f"Error: {views / '.DS_Store'}: not a search view a build wrote; remove it\nNothing was written.\n"
    (views / ".DS_Store").unlink()
    (views / "17.html").write_text("<p>a view of an earlier version</p>", encoding="utf-8")
    assert assemble() == (f"Error: {views}: made by an earlier version of Shangliang (its search views are not filed by year); "
                          "build the part again\nNothing was written.\n")
    (views / "17.html").unlink()
    settings = copies[2] / "en" / ".shangliang-part" / "search.json"
    kept = settings.read_text(encoding="utf-8")
    settings.write_text('{"bundle_pages": 7}', encoding="utf-8")
    assert assemble() == ("Error: the parts were built with different search_bundle_pages (20000, 20000, 7); build them all with "
                          "the same mkdocs.yml\nNothing was written.\n")
    for spoilt in ('{"bundle_pages": 0}', '{"bundle_pages": true}', "[]"):
        settings.write_text(spoilt, encoding="utf-8")
        assert assemble() == f"Error: {settings}: not the search settings a part's build writes; make the part again\nNothing was written.\n"
    settings.write_text(kept, encoding="utf-8")
    shutil.rmtree(views)
    assert assemble().startswith(f"Error: {views}: missing: a part built with search keeps its search views there; ")


def test_a_file_two_parts_wrote_differently_is_named(parts, tmp_path):
    copies = [tmp_path / part.name for part in parts]
    for part, copy in zip(parts, copies):
        shutil.copytree(part, copy)
    (copies[1] / "404.html").write_text("<p>another theme</p>", encoding="utf-8")
    site = tmp_path / "site"
    result = run_pinned("assemble", *map(str, copies), "-d", str(site))
    assert result.returncode == 1
    assert result.stderr == "Error: the parts wrote 1 file(s) differently, so they are not parts of one build:\n  404.html\nNothing was written.\n"
    assert not site.exists()


@pytest.mark.parametrize("given", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_part_is_k_of_n(given, tmp_path):
    result = run_pinned("build", "--part", given, "-d", str(tmp_path / "site"))
    assert result.returncode == 1
    assert result.stderr == f"Error: --part: expected K/N, a part's number and how many parts there are, such as 2/3; found '{given}'\n"
