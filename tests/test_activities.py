"""The records of issue 14 on the built site (``helpers.ISSUE14_RECORDS``, built once): an
undated standing practice, a platform's channels, a station, an organisation, public input
with posts, suggestions and a quoted excerpt; their statistics and open data."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

from helpers import ISSUE14_RECORDS, VALID_RECORDS, load_project
from shangliang.load import load_archive
from shangliang.render import get_nav
from shangliang.stats import get_archive_scope, get_figures


def page(site: Path, lang: str, path: str) -> str:
    return (site / ("en/" if lang == "en" else "") / path / "index.html").read_text(encoding="utf-8")


def figures_on(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([\w-]+)"><dt>[^<]*</dt><dd>([^<]*)</dd>', html))


@pytest.mark.parametrize(("lang", "not_reported", "reported", "activity"), [
    ("zh", "日期未见报道", "报道日期", "常态化议事"),
    ("en", "Date not reported", "Reported on", "Standing practice"),
])
def test_an_undated_standing_practice_says_so_and_shows_no_stage(issue14_site, lang, not_reported, reported, activity):
    html = page(issue14_site, lang, "consultations/studio-reading")
    assert f"<dd>{not_reported}</dd>" in html
    assert re.search(rf'<dt>{reported}</dt> <dd><time datetime="2023-08-20">', html)
    assert f"<dd>{activity}</dd>" in html and ("每月一次" if lang == "zh" else "once a month") in html
    assert 'id="stages"' not in html and "Consultation held" not in html and "会议协商" not in html
    listing = page(issue14_site, lang, "past")
    entry = re.search(r'<li class="sl-entry sl-entry--consultation" data-id="studio-reading">.*?</li>', listing, re.S)
    assert entry and not_reported in entry.group(0)
    assert "sl-badge--stage" not in entry.group(0)
    undated = page(issue14_site, lang, "past/year/undated")
    assert 'data-id="studio-reading"' in undated and ("日期未报道" if lang == "zh" else "Date not reported") in undated
    assert 'data-id="studio-reading"' not in page(issue14_site, lang, "past/year/2023")


def test_the_past_index_filters_by_activity_and_outcome_status(issue14_site):
    html = page(issue14_site, "en", "past")
    assert re.findall(r'<a class="sl-chip" href="activity/([\w-]+)/"', html) == ["consultation", "standing-practice"]
    assert re.findall(r'<a class="sl-chip" href="outcome/([\w-]+)/"', html) == ["has-outcome", "not-reported", "awaiting", "mentioned"]
    assert 'data-id="studio-reading"' in page(issue14_site, "en", "past/activity/standing-practice")
    awaiting = page(issue14_site, "zh", "past/outcome/awaiting")
    assert re.findall(r'<li class="sl-entry sl-entry--consultation" data-id="([^"]+)"', awaiting) == ["jining-2023-awaiting"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_platform_page_shows_level_type_channels_with_counts_and_organisations(issue14_site, lang):
    html = page(issue14_site, lang, "platforms/jishi")
    assert ("市级" if lang == "zh" else "City") in re.search(r'sl-badge--level-kind">(.*?)</span></p>', html).group(1)
    channels = re.findall(r'data-channel="([\w-]+)"><span class="sl-channel__name">[^<]*</span> <span class="sl-badge sl-badge--count">([^<]+)</span>', html)
    one = "1次协商" if lang == "zh" else "1 consultation"
    assert channels == [("micro-consultation", one), ("micro-suggestions", one)]
    # micro-suggestions' one is on the station below: the page says what its counts include
    assert ("包括下设平台" if lang == "zh" else "include consultations on the platforms") in html
    assert "organisations/entrepreneurs-alliance/" in html and ("联盟" if lang == "zh" else "Alliance") in html
    station = page(issue14_site, lang, "platforms/rencheng-station")
    kind = "乡镇级<span class=\"sl-sep\" aria-hidden=\"true\"> · </span>协商驿站（站点）" if lang == "zh" else \
        "Township<span class=\"sl-sep\" aria-hidden=\"true\"> · </span>Consultation station"
    assert kind in station
    assert "县区子平台" not in page(issue14_site, lang, "platforms/rencheng")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_organisation_has_its_page_listing_and_tab(issue14_site, lang):
    html = page(issue14_site, lang, "organisations/entrepreneurs-alliance")
    assert 'data-id="jining-2023-awaiting"' in html
    assert ("济宁学院" if lang == "zh" else "Jining University") in html
    assert ("政协委员中的企业家" if lang == "zh" else "Entrepreneurs among CPPCC members") in html
    index = page(issue14_site, lang, "organisations")
    assert 'data-id="entrepreneurs-alliance"' in index
    assert ">参与组织</a>" in page(issue14_site, lang, "") if lang == "zh" else ">Organisations</a>" in page(issue14_site, lang, "")
    consultation = page(issue14_site, lang, "consultations/jining-2023-awaiting")
    assert "organisations/entrepreneurs-alliance/" in consultation
    assert ("微协商" if lang == "zh" else "Micro-consultation") in consultation


def test_organisation_pages_and_tab_only_where_the_archive_has_organisations(sample_site, tmp_path):
    without = load_project(tmp_path, VALID_RECORDS)
    assert not without.organisations
    assert "organisations/index.md" not in [uri for item in get_nav("zh", without) for uri in item.values()]
    assert (sample_site / "organisations" / "index.html").exists()  # the sample names two
    assert ">参与组织</a>" in (sample_site / "index.html").read_text(encoding="utf-8")


def test_a_quote_is_a_blockquote_with_its_poster_and_a_summary_is_not(issue14_site):
    html = page(issue14_site, "en", "consultations/jining-2023-awaiting")
    quote = re.search(r'<figure class="sl-excerpt__quote">\s*<blockquote>(.*?)</blockquote>\s*<figcaption[^>]*>(.*?)</figcaption>', html, re.S)
    assert quote and "the sooner the elderly get downstairs" in quote.group(1) and "网友“港城人”" in quote.group(2)
    summary = re.search(r'<p class="sl-excerpt__summary">(.*?)</p>', html, re.S)
    assert summary and "Asks for quicker approval." in summary.group(1) and "<blockquote" not in summary.group(1)
    assert html.count("<blockquote") == 1
    facts = dict(re.findall(r"<dt>([^<]+)</dt> <dd>([^<]+)</dd>", html))
    assert (facts["People taking part"], facts["Posts and comments"], facts["Suggestions posted online"]) == ("120 people", "340 posts", "56 suggestions")


def test_statistics_count_activities_statuses_undated_and_public_input_apart(issue14_site, tmp_path):
    archive = load_project(tmp_path, ISSUE14_RECORDS)
    c = get_figures(archive, get_archive_scope(archive)).consultations
    assert c.by_activity == (("consultation", 3), ("standing-practice", 1))
    assert c.by_outcome_status == (("has-outcome", 1), ("not-reported", 1), ("awaiting", 1), ("mentioned", 1))
    assert (c.undated, c.public_people, c.public_posts, c.public_suggestions) == (1, 120, 340, 56)
    assert c.suggestions == 0, "the public's suggestions are never added to the consultations' own"
    en = figures_on(page(issue14_site, "en", "statistics"))
    assert en["undated"] == "1 consultation with no reported date, counted in no year."
    assert (en["public-people"], en["public-posts"], en["public-suggestions"]) == (
        "120 people (as recorded for 1 consultation)", "340 posts (as recorded for 1 consultation)",
        "56 suggestions (as recorded for 1 consultation)",
    )
    zh = figures_on(page(issue14_site, "zh", "statistics"))
    assert zh["undated"] == "1项协商活动的日期未见报道，不计入任何年份。"
    years = re.findall(r'<a class="sl-chip[^"]*" href="[^"]*year/(\d{4})/', page(issue14_site, "zh", "statistics"))
    assert years == ["2023", "2022"]


def test_open_data_gives_the_new_columns_and_a_source_date_for_undated_records(issue14_site):
    with (issue14_site / "data/consultations.csv").open(encoding="utf-8", newline="") as file:
        rows = {row["id"]: row for row in csv.DictReader(file)}
    undated = rows["studio-reading"]
    assert (undated["date"], undated["source_date"], undated["activity"], undated["channel"]) == ("", "2023-08-20", "standing-practice", "micro-suggestions")
    assert undated["outcome_status"] == "not-reported"
    awaiting = rows["jining-2023-awaiting"]
    assert (awaiting["organisations"], awaiting["public_input.posts"], awaiting["public_input.suggestions"]) == ("entrepreneurs-alliance", "340", "56")
    assert {row["id"]: row["outcome_status"] for row in rows.values()} == {
        "studio-reading": "not-reported", "jining-2023-mentioned": "mentioned",
        "jining-2023-awaiting": "awaiting", "jining-2022-culture": "has-outcome",
    }
    document = json.loads((issue14_site / "data/consultations.json").read_text(encoding="utf-8"))
    assert document["schema_version"].startswith("2.")  # 2.0.0 renamed comments to posts
    record = next(r for r in document["records"] if r["id"] == "studio-reading")
    assert (record["date"], record["source_date"]) == (None, "2023-08-20")
    organisations = json.loads((issue14_site / "data/organisations.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in organisations["records"]] == ["entrepreneurs-alliance"]


def test_undated_consultations_are_listed_under_their_own_heading_after_every_year(sample_site):
    """Never under the year of the report that mentions them: that year is not theirs."""
    html = (sample_site / "en" / "past" / "index.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="sl-year" data-year="([^"]+)">\s*<h2 id="year-\1">([^<]+)</h2>(.*?)</section>', html, re.S)
    assert [key for key, _, _ in sections][-1] == "undated"
    assert sections[-1][1] == "Date not reported"
    undated = {c.id for c in load_archive(REPO / "content").consultations if c.date is None}
    assert undated, "the sample has undated consultations"
    for key, _, body in sections:
        ids = set(re.findall(r'<li class="sl-entry sl-entry--consultation" data-id="([^"]+)"', body))
        assert ids <= undated if key == "undated" else not ids & undated
    years = [int(key) for key, _, _ in sections[:-1]]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize(("lang", "note"), [
    ("zh", "来源称有关部门将研究办理。"),
    ("en", "The source says the departments will study the suggestions."),
])
def test_an_outcome_note_is_shown_with_the_status_it_goes_with(issue14_site, lang, note):
    html = page(issue14_site, lang, "consultations/jining-2023-awaiting")
    tracking = html[html.index('id="outcomes"'):]
    tracking = tracking[: tracking.index("</section>")]
    assert re.search(r'<p class="sl-outcome-note"><span class="sl-outcome-note__label">[^<]+</span>' + re.escape(note) + "</p>", tracking)


@pytest.mark.parametrize(("lang", "label"), [("zh", "的留言大意："), ("en", "&#39;s post, in summary:")])
def test_a_summary_only_excerpt_marks_the_posters_name_as_chinese_and_escapes_it(tmp_path, lang, label):
    from shangliang.render import SiteInfo, render_site

    files = dict(VALID_RECORDS)
    files["content/consultations/jining-2022-culture.md"] = VALID_RECORDS["content/consultations/jining-2022-culture.md"].replace(
        "attachments:", "public_input:\n  excerpts:\n    - name: \"网友&甲 < 乙\"\n      text:\n        zh: 赞成。\n        en: In favour.\nattachments:",
    )
    archive = load_project(tmp_path, files)
    pages = {p.uri: p for p in render_site(archive, SiteInfo(lang, "Shangliang"))}
    html = pages["consultations/jining-2022-culture.md"].html
    who = re.search(r'<span class="sl-excerpt__who">(.*?)</span>(?=[^<]*(?:\(|赞成|In favour))', html)
    assert who and who.group(1) == f'<span lang="zh">网友&amp;甲 &lt; 乙</span>{label}'
