"""The CI templates a deploying organisation copies as they are: every ``shangliang`` command
they run exists with those options, and the jobs a pull request needs are all there."""

from __future__ import annotations

import ast
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import starter_ci
from shangliang.cli import _parser
from starter_ci import find_stale_copies, render_archive_ci

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github" / "workflows" / "pages.yml"
GITLAB = REPO / ".gitlab-ci.yml"
PRE_COMMIT = REPO / ".pre-commit-hooks.yaml"


def load(path: Path) -> dict | list:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def commands_in(script: str) -> Iterator[list[str]]:
    """Each simple command of a shell script, as its words (operators and redirections cut)."""
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words: list[str] = []
        for token in [*lexer, ";"]:
            if token in ("{", "}") or (token and set(token) <= set("();<>|&")):
                if words:
                    yield words
                words = []
                if token.startswith(">") or token.startswith("<"):
                    words = [">"]  # the next word is a file name, not a command
            elif words == [">"]:
                words = []
            else:
                words.append(token)


def shangliang_commands(scripts: list[str]) -> list[list[str]]:
    found = [words for script in scripts for words in commands_in(script) if words[0] == "shangliang"]
    assert found, "no shangliang command found"
    return found


def check_cli_accepts(words: list[str]) -> None:
    try:
        _parser().parse_args(words[1:])
    except SystemExit as error:  # argparse's way of refusing
        pytest.fail(f"`{shlex.join(words)}` is not a valid shangliang command (exit {error.code})")


def test_commands_in_splits_a_shell_line_into_commands():
    assert list(commands_in("a --x 'b c' > out.json || { d; exit 1; }")) == [["a", "--x", "b c"], ["d"], ["exit", "1"]]


def test_check_cli_accepts_refuses_an_option_that_does_not_exist():
    with pytest.raises(pytest.fail.Exception):
        check_cli_accepts(["shangliang", "validate", "--format", "sarif"])


# GitHub Actions


def github_steps(job: str) -> list[dict]:
    return load(GITHUB)["jobs"][job]["steps"]


def uses(steps: list[dict]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps if "uses" in step]


def test_github_commands_exist_in_the_cli():
    workflow = load(GITHUB)
    scripts = [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
               if "run" in step and step.get("shell") != "python"]
    commands = shangliang_commands(scripts)
    for words in commands:
        check_cli_accepts(words)
    assert ["shangliang", "validate", "--format", "github"] in commands
    assert ["shangliang", "build"] in commands


def test_github_runs_on_pull_requests_and_on_pushes_to_main():
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_github_pull_request_job_validates_builds_and_uploads_a_preview():
    job = load(GITHUB)["jobs"]["check"]
    assert job["if"] == "github.event_name == 'pull_request'"
    steps = job["steps"]
    assert uses(steps) == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-artifact"]
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ["python -m pip install .", "shangliang validate --format github", "shangliang build --cache .shangliang-cache"]
    # by the pull request's number: a branch's name may hold a comma, which a cache's key may not
    assert_keeps_the_cache(steps, "shangliang-check-${{ runner.os }}-${{ github.event.pull_request.number }}-")
    upload = steps[-1]
    assert upload["with"]["path"] == "site/"


def assert_keeps_the_cache(steps: list[dict], prefix: str) -> None:
    """The build's cache (``--cache .shangliang-cache``) is restored before the build from
    the newest cache whose key starts with ``prefix`` (the same branch, or part) and saved
    under a key of the run's own (GitHub's caches cannot be replaced)."""
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    build = next(index for index, step in enumerate(steps) if "--cache" in step.get("run", ""))
    assert steps.index(cache) < build
    assert cache["with"]["path"] == ".shangliang-cache"
    assert cache["with"]["restore-keys"] == prefix
    assert cache["with"]["key"] == prefix + "${{ github.run_id }}-${{ github.run_attempt }}"


def test_github_pull_request_builds_on_windows_and_macos():
    """Editors preview on Windows and macOS, where worker processes start by spawn."""
    job = load(GITHUB)["jobs"]["other-systems"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    assert uses(job["steps"]) == ["actions/checkout", "actions/setup-python"]
    shell = [step["run"] for step in job["steps"] if "run" in step and step.get("shell") != "python"]
    assert shell == ["python -m pip install .", "shangliang build"]
    # then the preview: a Python script (the same on every system) that starts it and waits for the home page
    (preview,) = [step["run"] for step in job["steps"] if step.get("shell") == "python"]
    compile(preview, "preview step", "exec")
    serve = re.search(r"Popen\((\[.*?\])\)", preview)
    words = ast.literal_eval(serve.group(1))
    assert words[:2] == ["shangliang", "serve"]
    check_cli_accepts(words)
    assert "server.terminate()" in preview


def test_github_push_builds_in_parts_assembles_and_deploys_with_the_official_pages_actions():
    jobs = load(GITHUB)["jobs"]
    build = jobs["build"]
    assert "github.event_name != 'pull_request'" in build["if"] and "refs/heads/main" in build["if"]
    assert build["strategy"]["matrix"]["part"] == [1]  # an archive lists more parts to split the build
    assert uses(build["steps"]) == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-artifact"]
    step = next(step for step in build["steps"] if "--part" in step.get("run", ""))
    assert step["run"] == 'shangliang build --part "$PART/$PARTS" --site-dir part --cache .shangliang-cache'
    assert_keeps_the_cache(build["steps"], "shangliang-part-${{ matrix.part }}-of-${{ strategy.job-total }}-${{ runner.os }}-")
    assert step["env"] == {"PART": "${{ matrix.part }}", "PARTS": "${{ strategy.job-total }}"}
    kept = build["steps"][-1]["with"]
    assert (kept["name"], kept["path"], kept["include-hidden-files"]) == ("site-part-${{ matrix.part }}", "part/", True)
    assemble = jobs["assemble"]
    assert assemble["needs"] == "build"
    assert uses(assemble["steps"]) == [
        "actions/checkout", "actions/setup-python", "actions/download-artifact", "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    fetched = next(step for step in assemble["steps"] if step.get("uses", "").startswith("actions/download-artifact"))
    assert (fetched["with"]["pattern"], fetched["with"]["path"]) == ("site-part-*", "parts")
    assert "shangliang assemble parts/* --site-dir site" in [step.get("run") for step in assemble["steps"]]
    assert assemble["steps"][-1]["with"]["path"] == "site/"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "assemble"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy["steps"]) == ["actions/deploy-pages"]


# GitLab CI


def gitlab_scripts(config: dict) -> list[str]:
    scripts = list(config["default"].get("before_script", []))
    for job in config.values():
        if isinstance(job, dict) and "script" in job:
            scripts += job.get("before_script", []) + job["script"]
    return scripts


def test_gitlab_commands_exist_in_the_cli():
    config = load(GITLAB)
    commands = shangliang_commands(gitlab_scripts(config))
    for words in commands:
        check_cli_accepts(words)
    assert ["shangliang", "validate", "--format", "gitlab"] in commands


def test_gitlab_validates_into_a_code_quality_report_kept_even_when_it_fails():
    config = load(GITLAB)
    assert config["default"]["image"] == "python:3.11"
    job = config["validate"]
    assert job["script"] == ["shangliang validate --format gitlab > gl-code-quality-report.json"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}


def test_gitlab_keeps_the_built_site_for_merge_requests():
    job = load(GITLAB)["build"]
    assert job["script"] == ["shangliang build --cache .shangliang-cache"]
    assert job["cache"] == [{"key": "pip", "paths": [".cache/pip"]},  # a job's caches replace the default's
                            {"key": "shangliang-build-$CI_COMMIT_REF_SLUG", "paths": [".shangliang-cache/"]}]
    assert job["artifacts"]["paths"] == ["site/"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]


def test_gitlab_builds_the_default_branch_in_parts_and_publishes_them_assembled():
    config = load(GITLAB)
    part = config["site-part"]
    assert part["stage"] == "build" and "parallel" not in part  # an archive adds "parallel: N" to split the build
    assert part["script"] == ['shangliang build --part "${CI_NODE_INDEX:-1}/${CI_NODE_TOTAL:-1}" --site-dir "part-${CI_NODE_INDEX:-1}"'
                              " --cache .shangliang-cache"]
    assert part["cache"] == [{"key": "pip", "paths": [".cache/pip"]},
                             {"key": "shangliang-part-$CI_NODE_INDEX-of-$CI_NODE_TOTAL", "paths": [".shangliang-cache/"]}]
    assert part["artifacts"]["paths"] == ["part-*/"]
    job = config["pages"]
    assert job["stage"] == "deploy"
    assert job["needs"] == ["site-part"]
    assert job["script"] == ["shangliang assemble part-* --site-dir public"]
    assert job["artifacts"]["paths"] == ["public"]
    for rules in (job["rules"], part["rules"]):
        assert rules == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


# pre-commit


def test_pre_commit_hook_runs_validate_once_per_commit():
    hooks = load(PRE_COMMIT)
    assert [hook["id"] for hook in hooks] == ["shangliang-validate"]
    hook = hooks[0]
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    commands = shangliang_commands([hook["entry"]])
    assert commands == [["shangliang", "validate"]]
    check_cli_accepts(commands[0])


# The copies a new archive gets


def test_the_starter_archive_s_ci_files_are_this_repository_s_installing_from_requirements_txt():
    # after a change to .github/workflows/pages.yml or .gitlab-ci.yml: .venv/bin/python tests/starter_ci.py --update
    assert [copy.relative_to(REPO).as_posix() for copy in find_stale_copies()] == []


def test_a_stale_copy_is_found(tmp_path, monkeypatch):
    source, copy = tmp_path / "pages.yml", tmp_path / "copy.yml"
    source.write_text("      - name: Install Shangliang\n        run: python -m pip install .\n", encoding="utf-8")
    copy.write_text("      - name: Install Shangliang\n        run: python -m pip install -r requirements.txt\n", encoding="utf-8")
    monkeypatch.setattr(starter_ci, "COPIES", {source: copy})
    assert starter_ci.find_stale_copies() == [copy]  # the requirements.txt check is missing
    copy.write_text(render_archive_ci(source.read_text(encoding="utf-8")), encoding="utf-8")
    assert starter_ci.find_stale_copies() == []
