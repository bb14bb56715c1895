"""The ``shangliang`` command as editors and CI use it: exact output and exit status."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from shangliang import __version__, starter
from shangliang.errors import ShangliangError
from shangliang.starter import write_archive
from helpers import CONSULTATION, PLATFORM, VALID_RECORDS, edit

OK_LINE = "OK: 6 records, no problems (2 platforms, 1 consultation, 1 proposal, 1 outcome, 1 unit, 0 organisations)\n"


def broken_records() -> dict[str, str]:
    files = dict(VALID_RECORDS)
    files["content/units/jining-culture-bureau.yml"] = VALID_RECORDS[
        "content/units/jining-culture-bureau.yml"
    ].replace("level: city", "levle: city")
    files["content/platforms/rencheng.yml"] = VALID_RECORDS["content/platforms/rencheng.yml"].replace(
        "parent: jishi", "parent: jishi-shangliang"
    )
    return files


BROKEN_REPORT = (
    "content/platforms/rencheng.yml:8: parent: no platform has the id 'jishi-shangliang'\n"
    "content/units/jining-culture-bureau.yml:5: levle: unknown field; did you mean 'level'?\n"
    "2 problems found; nothing was built.\n"
)


def test_validate_accepts_a_valid_archive(site_project):
    root = site_project()
    result = run_cli("validate", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (0, OK_LINE, "")


def test_validate_reports_every_problem_sorted_and_exits_1(site_project):
    root = site_project(broken_records())
    result = run_cli("validate", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", BROKEN_REPORT)


def test_validate_json_lists_problems_with_their_location(site_project):
    root = site_project(broken_records())
    result = run_cli("validate", "--format", "json", cwd=root)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["problems"][1] == {
        "path": "content/units/jining-culture-bureau.yml",
        "line": 5,
        "field": "levle",
        "message": "unknown field; did you mean 'level'?",
    }


def test_build_writes_both_languages(site_project):
    root = site_project()
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Built 6 records in zh, en into site/ in \d+\.\d s\n", result.stdout)
    for path in (
        "index.html",
        "en/index.html",
        "consultations/jining-2022-culture/index.html",
        "en/consultations/jining-2022-culture/index.html",
        "attachments/minutes.txt",
    ):
        assert (root / "site" / path).is_file(), path


class _Head(HTMLParser):
    """The ``<title>``, the meta description and the header's topic of a page, as a browser reads them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title, self.description, self.topic, self.elements = "", None, "", []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.description = attributes["content"]
        if tag == "title" or (tag == "span" and self._in == "topic"):
            self._in = tag
        if attributes.get("data-md-component") == "header-topic":
            self._in = "topic"

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "span":
            self.topic += data

    def handle_endtag(self, tag):
        if tag in ("title", "span") and self._in == tag:
            self._in = None


def test_the_theme_prints_a_record_s_texts_as_text(site_project, valid_records):
    # Material's templates print the page's title and description as they get them
    title = 'Tom & "Jerry" <3 \'x\' &amp;'
    yaml_title = "'" + title.replace("'", "''") + "'"
    valid_records["content/consultations/jining-2022-culture.md"] = edit(
        CONSULTATION, "en: Leading the way in cultural renewal", f"en: {yaml_title}"
    )
    valid_records["content/platforms/jishi.yml"] = edit(PLATFORM, "en: Jishi Shangliang", "en: 'Jishi \"Shangliang\" & <2'")
    root = site_project(valid_records)
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    head = _Head((root / "site/en/consultations/jining-2022-culture/index.html").read_text(encoding="utf-8"))
    assert head.title == f"{title} - Archive of Past Consultations"
    assert head.topic.strip() == title
    assert head.description == '14 October 2022 · Jishi "Shangliang" & <2 · Topical standing-committee meeting'
    assert {"3", "2"}.isdisjoint(head.elements)


def test_build_timings_name_every_stage_and_the_old_site_goes(site_project):
    root = site_project()
    assert run_cli("build", "--no-search", cwd=root).returncode == 0
    (root / "site" / "stale.html").write_text("from the build before")
    result = run_cli("build", "--no-search", "--timings", cwd=root)
    assert result.returncode == 0, result.stderr
    stages = re.findall(r"^  (\w+(?: \w+)*?) +(\d+\.\d\d) s$", result.stdout, flags=re.M)
    # a spawned worker (Windows, macOS) reads the content again itself, and says so
    spawned = ["en load", "en validate"] if os.environ.get("SHANGLIANG_START_METHOD") == "spawn" else []
    assert [name for name, _ in stages] == [
        "load", "validate", "zh render", "zh traditional", "zh pages", *spawned, "en render", "en pages", "swap"
    ]
    total = float(re.search(r"in (\d+\.\d) s", result.stdout)[1])
    assert sum(float(seconds) for name, seconds in stages if name.startswith(("load", "validate", "zh"))) <= total + 0.1
    assert not (root / "site" / "stale.html").exists()
    # The previous site is deleted by a process of its own, which the build does not wait for.
    deadline = time.monotonic() + 60
    while any(p.name.startswith(".site") for p in root.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_build_with_bad_content_writes_nothing_and_keeps_the_old_site(site_project):
    root = site_project(broken_records())
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous site")
    result = run_cli("build", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", BROKEN_REPORT)
    assert (root / "site" / "index.html").read_text() == "previous site"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_a_build_failing_midway_leaves_the_previous_site(site_project):
    root = site_project()
    assert run_cli("build", cwd=root).returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    # A language the site does not have fails the English build only, beside the Chinese one
    # (a static page at a generated page's address no longer gets this far: validate stops it).
    config = root / "mkdocs.en.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", "language: fr"), encoding="utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "theme.language: 'fr' is not a site language; expected one of: zh, en" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert (root / "site" / "en" / "index.html").is_file()


@pytest.mark.parametrize(
    ("switcher", "problem"),
    [
        ("  alternate: English\n", "extra.alternate: expected a list of the switcher's languages"),
        ("  alternate:\n    - name: 简体中文\n      link: ../\n", "extra.alternate: entry 1 is not one of the switcher's languages"),
        ("  alternate:\n    - lang: zh\n      link: [../]\n", "extra.alternate: entry 1 is not one of the switcher's languages"),
    ],
)
def test_a_language_switcher_that_is_not_one_is_a_clear_error(site_project, switcher, problem):
    """The switcher says where each language's site is, the open data's among them
    (``opendata.data_root``): an entry without its language or path stops the build."""
    root = site_project()
    config = root / "mkdocs.en.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("  alternate:\n")] + switcher, encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 1
    assert problem in result.stderr
    assert "each entry needs 'lang' (zh, en) and 'link'" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_refuses_an_id_in_use_and_a_bad_id(site_project):
    root = site_project()
    taken = run_cli("new", "unit", "jishi", cwd=root)
    assert (taken.returncode, taken.stdout, taken.stderr) == (
        1, "", "Error: the id 'jishi' is already used by content/platforms/jishi.yml\n"
    )
    bad = run_cli("new", "unit", "Bad Id", cwd=root)
    assert bad.returncode == 1
    assert bad.stderr == (
        "Error: 'Bad Id' is not a valid id; use lower-case letters, digits and single hyphens, "
        "e.g. 'jining-2022-culture'\n"
    )


def test_missing_config_file_is_a_clear_error(tmp_path):
    result = run_cli("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "Error: mkdocs.yml: no such file; run in the project folder or pass --config-file\n"
    )


def test_wrong_usage_exits_2(tmp_path):
    result = run_cli("publish", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'publish'" in result.stderr


def test_validate_github_writes_one_annotation_per_problem(site_project):
    root = site_project(broken_records())
    result = run_cli("validate", "--format", "github", cwd=root)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "::error file=content/platforms/rencheng.yml,line=8,title=parent::no platform has the id 'jishi-shangliang'\n"
        "::error file=content/units/jining-culture-bureau.yml,line=5,title=levle::unknown field; did you mean 'level'?\n",
        "2 problems found; nothing was built.\n",
    )


def test_validate_gitlab_writes_a_code_quality_report(site_project):
    root = site_project(broken_records())
    result = run_cli("validate", "--format", "gitlab", cwd=root)
    assert (result.returncode, result.stderr) == (1, BROKEN_REPORT)
    issues = json.loads(result.stdout)
    assert [issue.pop("fingerprint") for issue in issues] == [
        hashlib.sha256(key.encode()).hexdigest()
        for key in (
            "content/platforms/rencheng.yml\0parent\0no platform has the id 'jishi-shangliang'\0" "1",
            "content/units/jining-culture-bureau.yml\0levle\0unknown field; did you mean 'level'?\0" "1",
        )
    ]
    assert issues == [
        {
            "description": "parent: no platform has the id 'jishi-shangliang'",
            "check_name": "shangliang/parent",
            "severity": "blocker",
            "location": {"path": "content/platforms/rencheng.yml", "lines": {"begin": 8}},
        },
        {
            "description": "levle: unknown field; did you mean 'level'?",
            "check_name": "shangliang/levle",
            "severity": "blocker",
            "location": {"path": "content/units/jining-culture-bureau.yml", "lines": {"begin": 5}},
        },
    ]


def test_validate_ci_formats_on_a_valid_archive(site_project):
    root = site_project()
    github = run_cli("validate", "--format", "github", cwd=root)
    assert (github.returncode, github.stdout, github.stderr) == (0, OK_LINE, "")
    gitlab = run_cli("validate", "--format", "gitlab", cwd=root)
    assert (gitlab.returncode, gitlab.stdout, gitlab.stderr) == (0, "[]\n", "")


def test_a_static_page_s_heading_reaches_the_theme_as_text_safe_in_an_attribute():
    from shangliang.adapters.mkdocs_plugin import _heading_text

    # Material prints a page's title in the footer link's aria-label="…" when the page is in the nav
    heading = _heading_text('About "x" style="position:fixed" &amp; &lt;b&gt; <em>e</em>')
    assert str(heading) == "About &#34;x&#34; style=&#34;position:fixed&#34; &amp; &lt;b&gt; e"


def test_init_writes_an_archive_that_validates_and_installs_shangliang_in_ci(tmp_path):
    result = run_cli("init", "new-archive", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert "Before CI runs: write in new-archive/requirements.txt where Shangliang comes from (a release on your package index, or the address of its wheel)\n" in result.stdout
    archive = tmp_path / "new-archive"
    validated = run_cli("validate", cwd=archive)
    assert (validated.returncode, validated.stdout, validated.stderr) == (
        0, "OK: 6 records, no problems (1 platform, 1 consultation, 1 proposal, 1 outcome, 1 unit, 1 organisation)\n", ""
    )
    published = (archive / "content" / "published.txt").read_text(encoding="utf-8").split("\n")
    assert "consultations/example-2024-consultation" in published
    # the archive has no pyproject.toml: its CI installs what requirements.txt names, which
    # is nothing until the office writes it (no shangliang is published on PyPI)
    requirements = (archive / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == []
    for ci in (".github/workflows/pages.yml", ".gitlab-ci.yml"):
        text = (archive / ci).read_text(encoding="utf-8")
        assert "pip install -r requirements.txt" in text or "pip install --quiet -r requirements.txt" in text, ci
        assert not re.search(r"pip install( --quiet)? \.$|pyproject", text, re.MULTILINE), ci
    assert (archive / ".gitignore").read_text(encoding="utf-8").startswith("/site/\n")


def requirements_checks(archive: Path) -> list[str]:
    """The commands the archive's CI runs to check requirements.txt before installing from it."""
    github = yaml.safe_load((archive / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((archive / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for job in github["jobs"].values() for step in job["steps"] if "requirements.txt" in step.get("run", "")]
    commands += gitlab["default"]["before_script"]
    return [command for command in commands if "pip install" not in command]


def test_the_archive_s_ci_stops_until_requirements_txt_says_where_shangliang_comes_from(tmp_path):
    run_cli("init", "archive", cwd=tmp_path)
    archive = tmp_path / "archive"
    checks = requirements_checks(archive)
    assert len(checks) == 5  # four GitHub jobs (pull request, other systems, a part, the assembly) and GitLab's before_script
    for command in set(checks):
        words = shlex.split(command)
        assert words[:2] == ["python", "-c"]
        stopped = subprocess.run([sys.executable, *words[1:]], cwd=archive, capture_output=True, text=True)
        assert (stopped.returncode, stopped.stderr) == (
            1, "requirements.txt: write where Shangliang comes from (a release on your package index, or the address of its wheel)\n"
        )
        with (archive / "requirements.txt").open("a", encoding="utf-8") as requirements:
            requirements.write("https://example.org/shangliang-1.0-py3-none-any.whl\n")
        passed = subprocess.run([sys.executable, *words[1:]], cwd=archive, capture_output=True, text=True)
        assert (passed.returncode, passed.stderr) == (0, "")


def test_init_writes_the_requirement_it_is_given(tmp_path):
    result = run_cli("init", "archive", "--requirement", f"shangliang=={__version__}", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert "requirements.txt" not in result.stdout
    requirements = (tmp_path / "archive" / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [f"shangliang=={__version__}"]


def test_init_refuses_an_empty_requirement(tmp_path):
    result = run_cli("init", "archive", "--requirement", " ", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"Error: --requirement: expected one line saying where Shangliang comes from, e.g. shangliang=={__version__} or the address of its wheel; found ' '\n"
    )
    assert not (tmp_path / "archive").exists()


def test_init_refuses_a_link_to_nothing(tmp_path):
    (tmp_path / "archive").symlink_to(tmp_path / "gone")
    result = run_cli("init", "archive", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", f"Error: archive: is a link to {tmp_path / 'gone'}, which does not exist; give the name of a new folder\n"
    )


def test_init_refuses_a_folder_inside_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("init", "notes.txt/archive", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "Error: notes.txt/archive: cannot write the new archive there: notes.txt is a file, not a folder\n"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_init_says_which_folder_it_may_not_write(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)  # as chmod would, for a user who is not root
    with pytest.raises(ShangliangError) as error:
        write_archive(tmp_path / "archive")
    assert str(error.value) == f"{tmp_path / 'archive'}: cannot write the new archive there: Permission denied"


def test_init_says_which_file_it_may_not_write(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    (tmp_path / "archive").mkdir()
    monkeypatch.setattr(Path, "write_text", refuse)
    with pytest.raises(ShangliangError) as error:
        write_archive(tmp_path / "archive")
    assert str(error.value) == f"{tmp_path / 'archive'}: cannot write the new archive there: Permission denied ({tmp_path / 'archive' / 'README.md'})"


def test_init_that_cannot_finish_leaves_nothing_behind(tmp_path, monkeypatch):
    written = []
    write_text = Path.write_text

    def fail_on_the_sixth(self, *args, **kwargs):
        if len(written) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        written.append(self)
        return write_text(self, *args, **kwargs)

    (tmp_path / "given").mkdir()  # a folder the editor made stays; the one init makes goes
    monkeypatch.setattr(Path, "write_text", fail_on_the_sixth)
    for folder in (tmp_path / "given", tmp_path / "new" / "archive"):
        written.clear()
        with pytest.raises(ShangliangError, match="No space left on device"):
            write_archive(folder)
        assert len(written) == 5 and not any(path.exists() for path in written)
    assert (tmp_path / "given").is_dir() and not any((tmp_path / "given").iterdir())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["given"]


def test_init_names_a_file_gitignore_only_at_the_archive_s_root(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    for name in ("gitignore", "content/gitignore", "gitlab-ci.yml"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    monkeypatch.setattr(starter, "ARCHIVE", tmp_path)
    files = starter.get_archive_files()
    assert {path: text for path, text in files.items() if path != "requirements.txt"} == {
        ".gitignore": "gitignore", "content/gitignore": "content/gitignore", ".gitlab-ci.yml": "gitlab-ci.yml",
    }


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("init", "old", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "Error: old: the folder is not empty; give the name of a new or empty folder, so that nothing in it is overwritten\n"
    )
    assert [path.name for path in (tmp_path / "old").iterdir()] == ["notes.txt"]


def test_build_makes_the_folders_of_a_new_site_dir_and_refuses_a_file_in_its_way(site_project):
    root = site_project()
    result = run_cli("build", "--site-dir", "out/2026/site", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "out/2026/site/index.html").is_file() and (root / "out/2026/site/search/pagefind.js").is_file()
    (root / "plain").write_text("not a folder")
    result = run_cli("build", "--site-dir", "plain/site", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"Error: --site-dir: {(root / 'plain').resolve()} is a file, not a folder" in result.stderr
