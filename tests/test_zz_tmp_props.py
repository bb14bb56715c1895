"""Whatever an editor writes into a record file, the build either loads the archive or raises
one ``ContentError`` whose every problem is located; it never fails with another exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from helpers import VALID_RECORDS, write_project
from shangliang import model
from shangliang.archive import load_archive
from shangliang.errors import ContentError
from shangliang.model import TYPES_BY_FOLDER
from shangliang.vocab import VOCABULARIES

FAST = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

MODELS = [obj for obj in vars(model).values() if isinstance(obj, type) and issubclass(obj, BaseModel)]
FIELD_NAMES = sorted({name for each in MODELS for name in each.model_fields})
TERMS = sorted({term for vocabulary in VOCABULARIES.values() for term in vocabulary})
IDS = sorted({"jishi", "rencheng", "jining-2022-culture", "proposal-2023-001", "jining-culture-bureau"})

characters = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be saved as UTF-8
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False),
    st.text(characters, max_size=20),
    st.sampled_from(TERMS + IDS),
    st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\Z"),
)
yamlish = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(characters, max_size=8), children, max_size=5),
    ),
    max_leaves=25,
)
records = st.dictionaries(st.sampled_from(FIELD_NAMES), yamlish, max_size=10)
folders = st.sampled_from(sorted(TYPES_BY_FOLDER))
any_text = st.text(characters, max_size=400)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A project holding ``VALID_RECORDS``, shared by the examples: each puts back what it changes."""
    root = tmp_path_factory.mktemp("project")
    write_project(root, VALID_RECORDS)
    return root


def check_loads_or_reports(root: Path, files: dict[str, str | bytes]) -> None:
    """Load ``VALID_RECORDS`` plus ``files``; every outcome but a located ``ContentError`` fails."""
    write_project(root, files)
    written = VALID_RECORDS | files
    try:
        load_archive(root / "content")
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path in written, problem
            text = written[problem.path]
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            assert isinstance(problem.line, int) and 1 <= problem.line <= len(YAML_LINE_BREAK.split(text)), problem
            assert isinstance(problem.field, str) and problem.field, problem
            assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert error.report().endswith("nothing was built.")
    finally:
        for name in files:
            if name not in VALID_RECORDS:
                (root / name).unlink()
        write_project(root, {name: VALID_RECORDS[name] for name in files if name in VALID_RECORDS})


def front_matter(front: str, body: str) -> str:
    return f"---\n{front}\n---\n{body}"


@FAST
@given(folder=folders, text=any_text)
def test_any_text_as_a_yaml_record(root, folder, text):
    check_loads_or_reports(root, {f"content/{folder}/generated.yml": text})


@FAST
@given(folder=folders, front=any_text, body=any_text, english=st.none() | any_text)
def test_any_text_as_markdown_front_matter(root, folder, front, body, english):
    files = {f"content/{folder}/generated.md": front_matter(front, body)}
    if english is not None:
        files[f"content/{folder}/generated.en.md"] = english
    check_loads_or_reports(root, files)


@FAST
@given(folder=folders, data=records, as_markdown=st.booleans(), body=any_text)
def test_generated_fields_as_a_record(root, folder, data, as_markdown, body):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if as_markdown:
        check_loads_or_reports(root, {f"content/{folder}/generated.md": front_matter(text, body)})
    else:
        check_loads_or_reports(root, {f"content/{folder}/generated.yml": text})


@FAST
@given(name=st.sampled_from(sorted(p for p in VALID_RECORDS if p.endswith((".yml", ".md")))), data=st.data())
def test_a_valid_record_with_a_stretch_of_it_replaced(root, name, data):
    text = VALID_RECORDS[name]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 30)))
    inserted = data.draw(st.text(st.sampled_from(":-[]{}#&*!|>'\"\t\n ") | characters, max_size=10))
    check_loads_or_reports(root, {name: text[:start] + inserted + text[end:]})


@FAST
@given(folder=folders, raw=st.binary(max_size=200), as_markdown=st.booleans())
def test_any_bytes_as_a_record(root, folder, raw, as_markdown):
    suffix = ".md" if as_markdown else ".yml"
    check_loads_or_reports(root, {f"content/{folder}/generated{suffix}": raw})
