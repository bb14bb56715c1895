"""The live preview's incremental builds: after each edit (a title, a platform's name, an
English body, a broken record and its fix, a record added and removed, the theme), every
file it serves is the file a full build of the same content gives, byte for byte, though it
reads, renders and writes only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIRST_PROPOSAL
from shangliang.adapters.engine import build_site, find_config
from shangliang.adapters.preview import PreviewBuilder
from shangliang.errors import BuildError

def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_full_build(root: Path, served: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    build_site(find_config(root / "mkdocs.yml"), full, jobs=1, search=False)
    expected, actual = files_of(full), files_of(served)
    assert sorted(actual) == sorted(expected)
    different = [name for name in expected if expected[name] != actual[name]]
    assert different == []


def change(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_each_incremental_build_equals_a_full_build(sample_copy, tmp_path, start_method):
    root = sample_copy
    content = root / "content"
    served = tmp_path / "served"
    served.mkdir()
    builder = PreviewBuilder(find_config(root / "mkdocs.yml"), served, start_method)
    try:
        builder.build()
        assert_same_as_full_build(root, served, tmp_path)
        # the open data once, in the Chinese site, which the English data page links to
        data = served / "data/consultations.csv"
        assert [path.name for path in (served / "en/data").iterdir()] == ["index.html"]
        assert 'href="../../data/consultations.csv"' in (served / "en/data/index.html").read_text(encoding="utf-8")
        consultation = content / "consultations/2022/jining-2022-culture.md"
        page = served / "consultations/jining-2022-culture/index.html"
        listing = served / "past/index.html"
        before = listing.stat().st_mtime_ns
        untouched = served / "consultations/rizhao-culture-tourism/index.html"
        untouched_time = untouched.stat().st_mtime_ns

        # A consultation's title: its page, the lists that show it, its outcomes' pages.
        change(consultation, "zh: 传承优秀传统文化", "zh: 文化两创再出发，传承优秀传统文化")
        builder.build()
        assert "文化两创再出发" in page.read_text(encoding="utf-8")
        assert listing.stat().st_mtime_ns != before
        assert untouched.stat().st_mtime_ns == untouched_time  # not written again
        assert "文化两创再出发" in data.read_text(encoding="utf-8")  # the one copy of the open data follows
        assert [path.name for path in (served / "en/data").iterdir()] == ["index.html"]
        assert_same_as_full_build(root, served, tmp_path)

        # A consultation's format: the statistics count it under another format, and the
        # statistics pages no figure of which changed are not written again.
        statistics, year = served / "statistics/index.html", served / "statistics/year/2023/index.html"
        statistics_text, year_time = statistics.read_text(encoding="utf-8"), year.stat().st_mtime_ns
        change(consultation, "format: standing-committee", "format: forum")
        builder.build()
        assert statistics.read_text(encoding="utf-8") != statistics_text
        assert year.stat().st_mtime_ns == year_time
        assert_same_as_full_build(root, served, tmp_path)

        # An outcome moves to another year: the figures of both years' scopes, and of every
        # scope whose consultations it concerns, follow (they are kept while the records
        # they are computed from are the same).
        year_2022 = served / "statistics/year/2022/index.html"
        year_2022_text = year_2022.read_text(encoding="utf-8")
        change(content / "outcomes/jining-2022-culture-instruction.yml", "date: 2022", "date: 2023")
        builder.build()
        assert year_2022.read_text(encoding="utf-8") != year_2022_text
        assert_same_as_full_build(root, served, tmp_path)
        change(content / "outcomes/jining-2022-culture-instruction.yml", "date: 2023", "date: 2022")
        builder.build()
        assert year_2022.read_text(encoding="utf-8") == year_2022_text
        assert_same_as_full_build(root, served, tmp_path)

        # An outcome comes to concern another consultation: both consultations' pages follow
        # (the neighbourhoods the preview keeps from one build to the next are those no
        # change reached).
        change(content / "outcomes/jining-2022-culture-instruction.yml", "concerns: jining-2022-culture", "concerns: jining-2022-manufacturing")
        builder.build()
        assert "jining-2022-culture-instruction" in (served / "consultations/jining-2022-manufacturing/index.html").read_text(encoding="utf-8")
        assert_same_as_full_build(root, served, tmp_path)
        change(content / "outcomes/jining-2022-culture-instruction.yml", "concerns: jining-2022-manufacturing", "concerns: jining-2022-culture")
        builder.build()
        assert_same_as_full_build(root, served, tmp_path)

        # A platform's name shows on every page of its consultations and their outcomes.
        change(content / "platforms/jishi-shangliang.yml", "zh: 济事商量", "zh: 济事好商量")
        builder.build()
        assert_same_as_full_build(root, served, tmp_path)

        # An English body comes and goes.
        english = consultation.with_name("jining-2022-culture.en.md")
        english_text = english.read_text(encoding="utf-8")
        english.write_text(english_text + "\nOne more sentence.\n", encoding="utf-8")
        builder.build()
        assert_same_as_full_build(root, served, tmp_path)

        # A record stops attaching its file: the file is no longer published; then again.
        attachment = served / "attachments/jining-2022-culture-suggestions.csv"
        attached = consultation.read_text(encoding="utf-8")
        start, end = attached.index("attachments:\n"), attached.index("sources:\n")
        consultation.write_text(attached[:start] + attached[end:], encoding="utf-8")
        builder.build()
        assert not attachment.exists()
        assert_same_as_full_build(root, served, tmp_path)
        consultation.write_text(attached, encoding="utf-8")
        builder.build()
        assert attachment.is_file()
        assert_same_as_full_build(root, served, tmp_path)

        # A broken record: the build fails and the served site stays as it was.
        good = files_of(served)
        change(consultation, "date: 2022-10-14", "date: 2022-13-14")
        with pytest.raises(BuildError, match="jining-2022-culture.md"):
            builder.build()
        assert files_of(served) == good
        change(consultation, "date: 2022-13-14", "date: 2022-10-14")
        builder.build()
        assert_same_as_full_build(root, served, tmp_path)

        # A new record comes (with its published address), then goes again: its pages
        # appear, then are deleted, and the lists follow.
        published = content / "published.txt"
        published_text = published.read_text(encoding="utf-8")
        source = content / "consultations/undated/jining-2022-zoucheng-potato.md"
        added = content / "consultations/undated/jining-2022-zoucheng-potato-2.md"
        added.write_text(source.read_text(encoding="utf-8").replace(
            "id: jining-2022-zoucheng-potato", "id: jining-2022-zoucheng-potato-2"), encoding="utf-8")
        published.write_text(published_text + "consultations/jining-2022-zoucheng-potato-2\n", encoding="utf-8")
        builder.build()
        assert (served / "consultations/jining-2022-zoucheng-potato-2/index.html").is_file()
        assert (served / "en/consultations/jining-2022-zoucheng-potato-2/index.html").is_file()
        assert_same_as_full_build(root, served, tmp_path)
        added.unlink()
        published.write_text(published_text, encoding="utf-8")
        builder.build()
        assert not (served / "consultations/jining-2022-zoucheng-potato-2").exists()
        assert_same_as_full_build(root, served, tmp_path)

        # The first proposal comes: the navigation gets its tab, on every page in it and in the
        # script that makes the tabs of the others; it goes again.
        frame = served / "assets/javascripts/shangliang-frame.js"
        proposal = content / "proposals/jining-2022-culture-first.yml"
        proposal.parent.mkdir(exist_ok=True)
        proposal.write_text(FIRST_PROPOSAL, encoding="utf-8")
        published.write_text(published_text + "proposals/jining-2022-culture-first\n", encoding="utf-8")
        builder.build()
        assert 'href="../proposals/"' in listing.read_text(encoding="utf-8") and '"proposals/"' in frame.read_text(encoding="utf-8")
        assert_same_as_full_build(root, served, tmp_path)
        proposal.unlink()
        published.write_text(published_text, encoding="utf-8")
        builder.build()
        assert 'href="../proposals/"' not in listing.read_text(encoding="utf-8") and '"proposals/"' not in frame.read_text(encoding="utf-8")
        assert_same_as_full_build(root, served, tmp_path)

        # The theme changes: every page goes through it again.
        change(root / "theme/main.html", "{% block site_meta %}", "{% block site_meta %}<!-- theme changed -->")
        builder.build()
        assert "theme changed" in untouched.read_text(encoding="utf-8")
        assert_same_as_full_build(root, served, tmp_path)

        # A static file comes to the theme: the theme's files are listed again, and it is published.
        (root / "theme/assets/extra.txt").write_text("theme file", encoding="utf-8")
        builder.build()
        assert (served / "assets/extra.txt").read_text(encoding="utf-8") == "theme file"
        assert_same_as_full_build(root, served, tmp_path)
    finally:
        builder.close()
