"""Open data: every record as JSON and CSV, parsed back and compared with the records, and
the statistics recomputed from the files alone."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, copy_site_files, run_cli
from helpers import ISSUE14_RECORDS, VALID_RECORDS, load_project, proposal_yaml, shanwei_2022_files, write_project
from shangliang.addresses import record_url
from shangliang.load import LoadCache, load_archive
from shangliang.export import (
    LIST_SEPARATOR,
    DERIVED_FIELDS,
    SCHEMA_VERSION,
    ExportCache,
    export_files,
    get_columns,
    render_dictionary,
)
from shangliang.model import RECORD_TYPES, TYPES_BY_KIND, Consultation
from shangliang.tracking import outcome_status
from shangliang.render import SiteInfo, data_root, render_files, render_site
from shangliang.render.feeds import render_feeds
from shangliang.stats import percent


def archive_files() -> dict[str, str]:
    files = {**ISSUE14_RECORDS, **shanwei_2022_files()}
    files["content/proposals/proposal-2023-002.yml"] = proposal_yaml(
        "proposal-2023-002", date="2023-02-01", registered="2023-02-10", lead=("jining-culture-bureau",), co=("shanwei-unit-05",)
    )
    return files


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return load_project(tmp_path_factory.mktemp("export"), archive_files())


@pytest.fixture(scope="module")
def files(archive) -> dict[str, bytes]:
    return export_files(archive)


def read_json(files, folder: str) -> dict:
    return json.loads(files[f"data/{folder}.json"].decode("utf-8"))


def read_csv(files, folder: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{folder}.csv"].decode("utf-8"), newline="")))


def test_one_json_and_one_csv_file_per_record_type_plus_the_schemas(files):
    expected = {f"data/{t.folder}.{ext}" for t in RECORD_TYPES for ext in ("json", "csv")}
    assert set(files) == expected | {"data/schema.json", "data/datapackage.json"}


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.kind)
def test_json_files_parse_back_into_the_same_records(archive, files, record_type):
    document = read_json(files, record_type.folder)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["type"] == record_type.kind
    records = archive.of_type(record_type)
    assert document["count"] == len(document["records"]) == len(records)
    for item in document["records"]:
        page = item.pop("page")
        derived = {name: item.pop(name) for name in DERIVED_FIELDS if record_type is Consultation}
        if derived:
            record = archive.get(item["id"])
            assert derived == {
                "source_date": str(record.reported_on) if record.reported_on else None,
                "derived_outcome_status": outcome_status(record, archive.outcomes_of(record)),
            }
        parsed = record_type.model_validate(item)
        assert parsed == archive.get(parsed.id)
        assert page == record_url(parsed) == f"{record_type.folder}/{parsed.id}/"


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.kind)
def test_csv_files_have_a_row_per_record_with_both_languages(archive, files, record_type):
    rows = read_csv(files, record_type.folder)
    columns = [column.name for column in get_columns(record_type)]
    assert list(rows[0]) == columns
    assert sorted(row["id"] for row in rows) == sorted(r.id for r in archive.of_type(record_type))
    for row in rows:
        record = archive.get(row["id"])
        title = record.title_text
        key = "title" if "title.zh" in row else "name"
        assert (row[f"{key}.zh"], row[f"{key}.en"]) == (title.zh, title.en or "")
        assert row["page"] == record_url(record)


def test_csv_cells_join_lists_and_keep_dates_as_written(archive, files):
    rows = {row["id"]: row for row in read_csv(files, "proposals")}
    row = rows["proposal-2023-002"]
    assert row["units.lead"] == "jining-culture-bureau"
    assert row["units.co"] == "shanwei-unit-05"
    assert row["registration.date"] == "2023-02-10"
    assert row["reply.date"] == row["reply.outcome"] == ""
    consultation = {row["id"]: row for row in read_csv(files, "consultations")}["jining-2022-culture"]
    assert consultation["stages"] == "topic;research;meeting"
    assert consultation["stages.topic.date"] == "2022-03"
    assert consultation["stages.conversion.date"] == ""
    assert consultation["attachments.count"] == "1"


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil.example/","x")', '\'=HYPERLINK("http://evil.example/","x")'),
        ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(1)", "'@SUM(1)"), ("- 第一条", "'- 第一条"),
        ("1+1", "1+1"), ("标题=结果", "标题=结果"), ("'quoted'", "''quoted'"),
    ],
)
def test_csv_cells_that_begin_like_a_formula_are_text(tmp_path, title, cell):
    files = dict(VALID_RECORDS)
    files["content/units/jining-culture-bureau.yml"] = f"id: jining-culture-bureau\nname:\n  zh: '{title.replace(chr(39), chr(39) * 2)}'\n  en: {json.dumps(title)}\n"
    archive = load_project(tmp_path, files)
    rows = read_csv(export_files(archive), "units")
    assert (rows[0]["name.zh"], rows[0]["name.en"]) == (cell, cell)
    assert read_json(export_files(archive), "units")["records"][0]["name"] == {"zh": title, "en": title}


def test_every_csv_column_is_described_in_the_datapackage(files):
    package = json.loads(files["data/datapackage.json"])
    assert package["version"] == SCHEMA_VERSION
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(files[f"data/{resource['path']}"].decode())))
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        assert all(field["description"] for field in fields)


def test_the_json_schema_describes_every_record_type_and_page(files):
    schema = json.loads(files["data/schema.json"])
    assert schema["version"] == SCHEMA_VERSION
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
    for record_type in RECORD_TYPES:
        definition = schema["$defs"][record_type.__name__]
        assert definition["additionalProperties"] is False
        derived = set(DERIVED_FIELDS) if record_type is Consultation else set()
        assert set(definition["properties"]) == set(record_type.model_fields) | {"page"} | derived
        assert "page" in definition["required"]
        document = read_json(files, record_type.folder)
        for item in document["records"]:
            assert set(item) == set(definition["properties"]), "every field, null when absent"


def test_files_are_utf8_and_the_same_on_every_build(archive, files):
    again = export_files(archive)
    assert again == files
    text = files["data/units.csv"].decode("utf-8")
    assert "汕尾市第1承办单位" in text and not text.startswith("\ufeff")


# -- the statistics pages can be recomputed from the files ------------------------------------

def recompute_proposal_figures(rows: list[dict[str, str]]) -> dict[str, str]:
    """Registered proposals, units, reply rate and category shares, from proposals.csv alone."""
    registered = [row for row in rows if row["registration.status"] == "registered"]
    replied = [row for row in registered if row["reply.outcome"]]
    units = {unit for row in registered for column in ("units.lead", "units.co") for unit in row[column].split(LIST_SEPARATOR) if unit}
    categories = Counter(row["reply.outcome"] for row in replied)

    def share(count, total):
        return f"{percent(count, total):.1f}".removesuffix(".0") + "%"

    return {
        "registered": str(len(registered)),
        "units": str(len(units)),
        "reply-rate": share(len(replied), len(registered)),
        **{key: share(categories[key], len(replied)) for key in ("adopted", "planned", "multi-year", "reference")},
    }


def page_figures(html: str) -> dict[str, str]:
    shown = dict(re.findall(r'data-figure="([\w-]+)"><dt>[^<]*</dt><dd>(.*?)</dd>', html))
    table = re.search(r'id="chart-categories".*?<tbody>(.*?)</tbody>', html, re.DOTALL).group(1)
    shares = re.findall(r"<td>[\d,]+</td><td>([\d.]+%)</td>", table)
    return {
        "registered": re.match(r"[\d,]+", shown["registered"]).group(0),
        "units": re.match(r"[\d,]+", shown["units"]).group(0),
        "reply-rate": shown["reply-rate"],
        **dict(zip(("adopted", "planned", "multi-year", "reference"), shares)),
    }


def test_statistics_recomputed_from_the_csv_equal_the_page(archive, files):
    html = next(p for p in render_site(archive, SiteInfo("en", "S")) if p.uri == "statistics/index.md").html
    expected = recompute_proposal_figures(read_csv(files, "proposals"))
    assert page_figures(html) == expected
    assert expected == {
        "registered": "110", "units": "34", "reply-rate": "99.1%",
        "adopted": "89%", "planned": "10.1%", "multi-year": "0.9%", "reference": "0%",
    }


def test_consultation_figures_recomputed_from_the_json_equal_the_page(sample_site: Path):
    consultations = json.loads((sample_site / "data/consultations.json").read_text())["records"]
    outcomes = json.loads((sample_site / "data/outcomes.json").read_text())["records"]
    concerned = {o["concerns"] for o in outcomes}
    with_outcome = sum(c["id"] in concerned for c in consultations)
    counts = [c["suggestions"]["count"] for c in consultations if c["suggestions"] and c["suggestions"]["count"] is not None]
    html = (sample_site / "en/statistics/index.html").read_text()
    shown = dict(re.findall(r'data-figure="([\w-]+)"><dt>[^<]*</dt><dd>(.*?)</dd>', html))
    assert shown["total"] == f"{len(consultations)} consultations"
    share = f"{percent(with_outcome, len(consultations)):.1f}".removesuffix(".0")
    assert shown["with-outcome"] == f"{with_outcome} consultations ({share}%)"
    assert shown["suggestions"] == f"{sum(counts)} suggestions (as recorded for {len(counts)} consultations)"


def test_the_sample_publishes_the_open_data_once_in_the_chinese_site(sample_site: Path):
    archive = load_archive(REPO / "content")
    files = export_files(archive)
    published = {path.relative_to(sample_site).as_posix() for path in (sample_site / "data").iterdir()}
    assert published == {*files, "data/index.html"}
    for name, content in files.items():
        assert (sample_site / name).read_bytes() == content
    # the English site has its Open data page, and no copy of the files
    assert [path.name for path in (sample_site / "en/data").iterdir()] == ["index.html"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


@pytest.mark.parametrize("page", ["data/index.html", "en/data/index.html"])
def test_every_link_on_the_data_pages_leads_to_a_file_of_the_site(sample_site: Path, page):
    parser = _Links()
    parser.feed((sample_site / page).read_text(encoding="utf-8"))
    resolved = {}
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:  # another site's address, or a place on the page
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        assert not path.startswith(("../", "/")) and path != "..", f"{page}: {link} leads out of the site"
        target = sample_site / path
        assert target.is_file() or (target / "index.html").is_file(), f"{page}: {link} → {path} does not exist"
        resolved[link] = path
    # every record type's JSON and CSV, the schema and the data package: the one copy at the site root
    expected = {f"data/{t.folder}.{ext}" for t in RECORD_TYPES for ext in ("json", "csv")}
    assert {path for path in resolved.values() if path.startswith("data/")} == expected | {"data/schema.json", "data/datapackage.json"}
    assert not any(path.startswith("en/data/") for path in resolved.values())


@pytest.mark.parametrize(
    ("links", "lang", "root"),
    [
        ({"zh": "", "en": "en/"}, "zh", ""),
        ({"zh": "../", "en": ""}, "en", "../"),
        ({"zh": "..", "en": ""}, "en", "../"),
        ({"zh": "../../archive/", "en": ""}, "en", "../../archive/"),
        ({"zh": "./", "en": ""}, "en", ""),  # the switcher says the Chinese site is this one
        ({"en": ""}, "en", ""),  # an English-only site: no Chinese site to link to
    ],
)
def test_the_open_data_is_found_at_the_first_language_s_root(links, lang, root):
    assert data_root(links, lang) == root


def test_the_english_data_page_links_to_the_first_language_s_files(archive):
    html = next(p for p in render_site(archive, SiteInfo("en", "S", data_root="../")) if p.uri == "data/index.md").html
    for record_type in RECORD_TYPES:
        assert f'href="../../data/{record_type.folder}.csv"' in html
        assert f'href="../../data/{record_type.folder}.json"' in html
    assert 'href="../../data/schema.json"' in html and 'href="../../data/datapackage.json"' in html
    assert 'href="../feeds/consultations.xml"' in html  # the feeds are the English site's own
    assert render_files(archive, SiteInfo("en", "S", data_root="../"), {}) == render_feeds(archive, SiteInfo("en", "S"), {})


def test_an_english_only_site_publishes_its_own_open_data(tmp_path):
    """A site whose language switcher has no Chinese site (``mkdocs.yml`` in English, no
    ``mkdocs.en.yml``) keeps its own copy of the files, so that its data page's links work."""
    root = tmp_path / "project"
    copy_site_files(root, ("mkdocs.yml", "theme", "content/pages"))
    write_project(root, VALID_RECORDS)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    switcher = config[config.index("  alternate:\n"):]
    config = config.replace(switcher, "  alternate:\n    - name: English\n      link: \"\"\n      lang: en\n")
    config = config.replace("language: zh", "language: en").replace("docs_dir: content/pages/zh", "docs_dir: content/pages/en")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert 'lang="en"' in (site / "data/index.html").read_text(encoding="utf-8")
    for name, content in export_files(load_archive(root / "content")).items():
        assert (site / name).read_bytes() == content
    assert 'href="consultations.csv"' in (site / "data/index.html").read_text(encoding="utf-8")
    assert not (site / "en").exists()


def test_every_kind_has_a_type_in_the_files(files):
    for record_type in RECORD_TYPES:
        assert TYPES_BY_KIND[read_json(files, record_type.folder)["type"]] is record_type


def test_the_open_data_reference_is_current():
    """docs/open-data.md is generated: run `python -m shangliang.export > docs/open-data.md`."""
    assert (REPO / "docs/open-data.md").read_text(encoding="utf-8") == render_dictionary()


# -- the live preview's export: unchanged records' rows kept -----------------------------------

def test_the_json_files_made_from_their_records_parts_hold_one_record_a_line(files, tmp_path):
    small = export_files(load_archive(write_project(tmp_path, VALID_RECORDS)))  # no organisation
    for made in (files, small):
        for record_type in RECORD_TYPES:
            document = read_json(made, record_type.folder)
            compact = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            lines = made[f"data/{record_type.folder}.json"].decode().split("\n")
            assert "".join(lines) == compact  # no whitespace but the line breaks
            records = lines[1:-2] if document["count"] else []  # else one line
            assert [json.loads(line.rstrip(",")) for line in records] == document["records"]
            assert len(records) == document["count"] and lines[-1] == ""
    assert small["data/organisations.json"] == b'{"schema_version":"%s","type":"organisation","count":0,"records":[]}\n' % SCHEMA_VERSION.encode()


def test_an_export_with_the_preview_s_cache_is_the_export_made_anew_after_each_change(tmp_path):
    root = write_project(tmp_path, VALID_RECORDS)
    loads, cache = LoadCache(), ExportCache()
    first = load_archive(root, cache=loads)
    assert export_files(first, cache) == export_files(first)
    kept = dict(cache.rows)
    unit = root / "units" / "jining-culture-bureau.yml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("济宁市文化和旅游局", "济宁市文化和旅游局（改）"), encoding="utf-8")
    second = load_archive(root, cache=loads)
    assert export_files(second, cache) == export_files(second)
    assert "济宁市文化和旅游局（改）" in export_files(second, cache)["data/units.csv"].decode()
    platform_row = ("platform", "jishi")
    assert cache.rows[platform_row][1] is kept[platform_row][1]  # an unchanged record's row is kept, not made again
    platforms = export_files(second, cache)["data/platforms.json"]
    assert export_files(second, cache)["data/platforms.json"] is platforms  # and a file of unchanged rows whole
    (root / "outcomes" / "culture-instruction.yml").unlink()  # the consultation's derived status changes
    third = load_archive(root, cache=loads)
    made = export_files(third, cache)
    assert made == export_files(third)
    consultation = read_json(made, "consultations")["records"][0]
    assert consultation["derived_outcome_status"] != "has-outcome"
    assert ("outcome", "culture-instruction") not in cache.rows


def test_only_a_consultation_s_open_data_is_read_from_other_records():
    """The preview's ExportCache keeps a row while its record is the same object, and, for a
    consultation, its outcomes too: a column of another type read from other records would
    be kept stale."""
    reading_others = {record_type.kind for record_type in RECORD_TYPES for column in get_columns(record_type) if column.uses_archive}
    assert reading_others == {"consultation"}
