"""The judged query set of issue #16 (benchmarks/relevance/queries.yml) stays usable: every
record it expects is a record of the sample archive, as the generator loads it, and the
runner's figures are the ones the issue defines. No site is built here; the runner itself
(benchmarks/relevance/run.py) asks the queries in Chromium."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

from shangliang.load import load_archive

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "benchmarks" / "relevance" / "run.py"


def _load_runner():
    spec = importlib.util.spec_from_file_location("relevance_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _load_runner()


@pytest.fixture(scope="module")
def sample_ids() -> set[str]:
    return set(load_archive(REPO / "content").records)


def test_every_expected_record_is_in_the_sample_archive(sample_ids: set[str]) -> None:
    missing = [(q.line, q.query, record_id) for q in run.load_queries() for record_id in q.expect
               if record_id not in sample_ids]
    assert missing == []


def test_the_set_covers_every_kind_on_both_sites() -> None:
    queries = run.load_queries()
    assert len(queries) >= 80
    assert {q.kind for q in queries} == set(run.KINDS)
    languages = Counter(q.lang for q in queries)
    assert languages["zh"] >= 60 and languages["en"] >= 30
    assert sum(1 for q in queries if not q.expect) <= run.MAX_EMPTY


def test_the_issue_table_rows_are_judged() -> None:
    judged = {(q.lang, q.query): q.expect for q in run.load_queries()}
    assert judged[("zh", "济事商量")][0] == "jishi-shangliang"
    assert judged[("zh", "邹城市")][0] == "jining-2022-zoucheng-potato"
    assert judged[("zh", "邹城")][0] == "jining-2022-zoucheng-potato"
    assert judged[("zh", "两创")][0] == "jining-2022-culture"
    assert judged[("en", "济事商量")][0] == "jishi-shangliang"
    assert judged[("en", "jssl")][0] == "jishi-shangliang"
    assert judged[("zh", "马铃薯")] == ("jining-2022-zoucheng-potato",)


def test_a_misspelled_id_is_caught(sample_ids: set[str], tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text("- {query: 土豆, lang: zh, kind: word, expect: [jining-2022-zoucheng-potatoe], note: typo}\n",
                    encoding="utf-8")
    expected = [q.expect for q in run.load_queries(path)]
    assert [i for ids in expected for i in ids if i not in sample_ids] == ["jining-2022-zoucheng-potatoe"]


def test_a_bad_entry_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text(
        "- {query: 土豆, lang: zh, kind: word, expect: [jining-2022-zoucheng-potato], note: ok}\n"
        "- {query: 2023, lang: fr, kind: year, expect: x, note: bad}\n"
        "- {query: 土豆, lang: zh, kind: word, expect: [], note: twice}\n",
        encoding="utf-8")
    with pytest.raises(run.QueryFileError) as raised:
        run.load_queries(path)
    lines = str(raised.value).splitlines()
    assert lines[0] == f"{path}:2: query: found 2023, expected text (quote a number: \"2023\")"
    assert lines[1] == f"{path}:2: lang: found 'fr', expected one of zh, en"
    assert lines[2].startswith(f"{path}:2: kind: found 'year', expected one of word, words, name, ")
    assert lines[3] == f"{path}:2: expect: found 'x', expected a list of record ids"
    assert lines[4] == f"{path}:3: query: '土豆' is asked on the zh site twice"


def test_recall_and_reciprocal_rank() -> None:
    query = run.Query("q", "zh", "word", ("a", "b", "c"), "", 1)
    assert run.score(query, ["x", "b", "a"]) == (2 / 3, 1 / 2)
    assert run.score(query, []) == (0.0, 0.0)
    many = run.Query("q", "zh", "word", tuple("abcdefghijkl"), "", 1)
    assert run.score(many, list("abcdefghij")) == (1.0, 1.0)
    assert run.score(run.Query("q", "zh", "word", (), "", 1), ["a"]) == (None, None)


def test_a_hit_link_becomes_its_record_id() -> None:
    urls = {"consultations/jining-2022-culture/": "jining-2022-culture"}
    base = "http://127.0.0.1:8000/"
    assert run.record_id_of(base + "en/consultations/jining-2022-culture/", base, "en", urls) == "jining-2022-culture"
    assert run.record_id_of(base + "consultations/jining-2022-culture/index.html", base, "zh", urls) \
        == "jining-2022-culture"
    assert run.record_id_of(base + "about/", base, "zh", urls) == "/about/"
