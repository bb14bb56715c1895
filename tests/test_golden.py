"""The sample's pages, feeds and sitemaps, both languages, byte for byte as in ``tests/golden/``.

A failure lists the differing files and shows the diff of the first few. If the change is
meant, regenerate the golden files with

    .venv/bin/python tests/golden.py --update

and commit ``tests/golden/`` with it (see ``golden.py`` for what is compared and why).
"""

from __future__ import annotations

from pathlib import Path

from golden import GOLDEN, REPO, find_differences, read_files, render_differences


def test_the_sample_builds_as_the_golden_site(sample_site: Path):
    expected, built = read_files(GOLDEN), read_files(sample_site)
    assert len(expected) > 150, "tests/golden/ is missing; run .venv/bin/python tests/golden.py --update"
    assert not find_differences(expected, built), render_differences(expected, built)


def test_both_languages_pages_feeds_and_sitemaps_are_golden():
    names = set(read_files(GOLDEN))
    for root in ("", "en/"):
        assert {f"{root}sitemap.xml", f"{root}feeds/consultations.xml", f"{root}feeds/outcomes.xml"} <= names
        assert f"{root}consultations/jining-2022-culture/index.html" in names
        assert f"{root}past/index.html" in names
    assert not [name for name in names if name.removeprefix("en/").split("/")[0] in ("search", "assets")]


def test_the_golden_files_hold_no_path_of_the_machine(sample_site: Path):
    machine = [str(REPO).encode(), str(sample_site.parent).encode(), str(Path.home()).encode()]
    assert [name for name, data in read_files(GOLDEN).items() if any(path in data for path in machine)] == []


def test_a_changed_page_is_shown_as_a_diff_with_the_command_that_regenerates():
    expected = {"past/index.html": b"<p>one</p>\n<p>two</p>\n", "feeds/outcomes.xml": b"<feed/>\n"}
    built = {"past/index.html": b"<p>one</p>\n<p>2</p>\n", "sitemap.xml": b"<urlset/>\n"}
    assert render_differences(expected, built).splitlines() == [
        "3 file(s) differ from tests/golden/:",
        "  missing feeds/outcomes.xml",
        "  changed past/index.html",
        "  new     sitemap.xml",
        "",
        "--- tests/golden/feeds/outcomes.xml",
        "+++ built/feeds/outcomes.xml",
        "@@ -1 +0,0 @@",
        "-<feed/>",
        "",
        "--- tests/golden/past/index.html",
        "+++ built/past/index.html",
        "@@ -1,2 +1,2 @@",
        " <p>one</p>",
        "-<p>two</p>",
        "+<p>2</p>",
        "",
        "--- tests/golden/sitemap.xml",
        "+++ built/sitemap.xml",
        "@@ -0,0 +1 @@",
        "+<urlset/>",
        "",
        "If the change is meant, regenerate the golden files with "
        "`.venv/bin/python tests/golden.py --update` and commit tests/golden/.",
    ]
