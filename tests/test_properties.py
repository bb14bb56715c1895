"""Whatever an editor writes into a record file, the build either loads the archive or raises
one ``ContentError`` whose every problem is located; it never fails with another exception."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from helpers import VALID_RECORDS, write_project
from shangliang import model
from shangliang.load import load_archive
from shangliang.errors import ContentError
from shangliang.model import TYPES_BY_FOLDER
from shangliang.vocab import VOCABULARIES

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


# Markup in texts: the check never fails otherwise, and misses nothing the sanitizer drops

import posixpath

import nh3

from shangliang.files import content_path_problem
from shangliang.model import ID_PATTERN
from shangliang.render.markdown import sanitize
from shangliang.addresses import record_uri
from shangliang.render.view import normalize_asset_path
from shangliang.safety import ALLOWED_TAGS, CLEAN_CONTENT_TAGS, find_links, find_unsafe_markup

TAGS = ["a", "p", "b", "img", "dd", "div", "span", "strike", "script", "style", "iframe", "noscript", "abbr",
        "td", "table", "br", "svg", "math", "textarea", "title", "xmp", "noembed", "ol", "h1", "nav", "A"]
ATTRIBUTES = ["href", "src", "title", "onclick", "style", "id", "hidden", "class", "alt", "start", "HREF", "target"]
VALUES = ["", "x", "javascript:alert(1)", " JaVa\tScript:x", "&#106;avascript:x", "data:x", "http://e.x/",
          "mailto:a@b", "ftp://x", "#top", "/abs", "attachments/a.pdf", "display:none", "<script>", "2",
          "http://e.x/\ta", "http://e.x/\na", "http://e.x/&#1;", "http://e.x/&#x7F", "&#13;http://e.x/", "http://e.x/&#x85;"]
attributes = st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES), st.sampled_from(['"', "'"])).map(
    lambda t: f" {t[0]}={t[2]}{t[1]}{t[2]}"
) | st.sampled_from(ATTRIBUTES).map(lambda name: f" {name}")
start_tags = st.tuples(st.sampled_from(TAGS), st.lists(attributes, max_size=3), st.sampled_from([">", "/>"])).map(
    lambda t: f"<{t[0]}{''.join(t[1])}{t[2]}"
)
end_tags = st.sampled_from(TAGS).map(lambda tag: f"</{tag}>")
html_noise = st.sampled_from(
    ["x", "文", " ", "\n", "\n\n", "<", ">", "&", "&amp;", "<!--", "-->", "--!>", "<!-- http://x -->", "<!", "<?x?>", "/", "="]
)
html_texts = st.lists(st.one_of(start_tags, end_tags, html_noise), max_size=12).map("".join)
markdown_noise = st.sampled_from(["`", "``", "[", "](", ")", "![", "]: ", "javascript:x", "../", "attachments/minutes.txt", "\\"])
markdown_texts = st.lists(st.one_of(start_tags, end_tags, html_noise, markdown_noise), max_size=16).map("".join)
PERMISSIVE_TAGS = ({tag.lower() for tag in TAGS} | ALLOWED_TAGS) - CLEAN_CONTENT_TAGS


@FAST
@given(text=html_texts)
@example(text='<a href="http://e.x/\ta">x</a>')  # Markdown makes the tab spaces: the address would break
@example(text='<a href="http://e.x/&#1;">x</a>')  # nothing to Python's HTML reading, U+0001 to a browser's
@example(text='<a href="http://e.x/\na">x</a>')  # a line break, which browsers take out: kept
def test_markup_the_check_lets_through_is_kept_whole_by_the_sanitizer(text):
    """Nothing is silently stripped: where the check finds nothing, the allowlist changes
    nothing that a sanitizer allowing every tag, attribute and scheme would keep."""
    if find_unsafe_markup(text):
        return
    permissive = nh3.clean(
        text, tags=PERMISSIVE_TAGS, clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={"*": {name.lower() for name in ATTRIBUTES}},
        url_schemes={"http", "https", "mailto", "javascript", "data", "ftp"}, link_rel="noopener noreferrer",
    )
    assert sanitize(text) == permissive


@FAST
@given(text=markdown_texts | any_text, plain=st.booleans())
def test_findings_and_links_are_located_within_the_text(text, plain):
    lines = text.count("\n") + 1
    assert all(1 <= finding.line <= lines for finding in find_unsafe_markup(text, plain))
    assert all(1 <= link.line <= lines for link in find_links(text))


@FAST
@given(folder=folders, body=markdown_texts, english=st.none() | markdown_texts)
def test_markup_in_markdown_bodies_loads_or_is_located(root, folder, body, english):
    files = {f"content/{folder}/generated.md": front_matter("id: generated-record", body)}
    if english is not None:
        files[f"content/{folder}/generated.en.md"] = english
    check_loads_or_reports(root, files)


@FAST
@given(text=markdown_texts, style=st.sampled_from(["|", ">", "plain"]))
def test_markup_in_yaml_texts_loads_or_is_located(root, text, style):
    if style == "plain":
        value = json.dumps(text, ensure_ascii=False)
    else:
        value = style + "\n" + "".join(f"    {line}\n" for line in text.split("\n"))
    record = f"id: generated-unit\nname:\n  zh: 单位\nsummary:\n  zh: {value}\n"
    check_loads_or_reports(root, {"content/units/generated.yml": record})


# Nothing a record names is published outside site/


@FAST
@given(record_id=st.from_regex(ID_PATTERN, fullmatch=True), folder=folders)
def test_every_valid_id_gives_a_page_inside_the_site(record_id, folder):
    record = TYPES_BY_FOLDER[folder].model_construct(id=record_id)
    uri = posixpath.normpath(record_uri(record))
    assert not uri.startswith(("../", "/")) and uri.startswith(f"{folder}/") and "/" not in uri[len(folder) + 1:]


@pytest.fixture(scope="module")
def linked_content(tmp_path_factory) -> Path:
    """A content folder with an attachment, and a link in attachments/ leading out of it."""
    content = write_project(tmp_path_factory.mktemp("paths"), {"content/attachments/minutes.txt": "Minutes.\n"})
    (content / "attachments" / "link").symlink_to("../../..")
    return content


@FAST
@given(parts=st.lists(st.sampled_from(["..", ".", "", "attachments", "minutes.txt", "link", "a\\..", "\\", "~", "/"]), max_size=6))
@example(parts=["attachments", "minutes.txt"])
@example(parts=["attachments", "link", "project", "content", "attachments", "minutes.txt"])
def test_every_attachment_path_accepted_is_published_inside_the_site(linked_content, parts):
    content = linked_content
    path = "/".join(parts)
    if content_path_problem(path, content) is None:
        published = normalize_asset_path(path)
        assert not published.startswith(("../", "/")) and published != ".."
        assert (content / published).resolve().is_relative_to(content.resolve())
