"""A consultation is awaiting an outcome only when its record says so (``outcome_status:
awaiting``) and no outcome record concerns it: having no outcome record is not awaiting one
(the sources may simply not report it). Checked in every place the site says "awaiting": the
record page's badge, the listings, the statistics' figure and list, the feeds, the open data."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO
from helpers import ISSUE14_RECORDS, load_project
from shangliang.load import load_archive

ATOM = "{http://www.w3.org/2005/Atom}"
ROOTS = ("", "en/")


def shown_as_awaiting(site: Path) -> dict[str, set[str]]:
    """The ids of the consultations each place of a built site shows or counts as awaiting an outcome."""
    found: dict[str, set[str]] = {}
    for root in ROOTS:
        pages = {
            path.parent.name for path in (site / root / "consultations").glob("*/index.html")
            if "sl-badge--status-awaiting" in (text := path.read_text(encoding="utf-8")) or 'data-awaiting="outcome"' in text
        }
        found[f"{root}page"] = pages
        listing = (site / root / "past/index.html").read_text(encoding="utf-8")
        assert '<li class="sl-entry sl-entry--consultation" data-id="' in listing, "the past index lists the consultations"
        facet = site / root / "past/outcome/awaiting/index.html"
        found[f"{root}awaiting list"] = set(re.findall(r'<li class="sl-entry sl-entry--consultation" data-id="([^"]+)"', facet.read_text(encoding="utf-8"))) if facet.exists() else set()
        found[f"{root}listing badge"] = set(re.findall(r'data-id="([^"]+)"(?:(?!</li>).)*sl-badge--status-awaiting', listing, re.S))
        statistics = (site / root / "statistics/index.html").read_text(encoding="utf-8")
        awaiting = statistics[statistics.index('id="awaiting"'):]
        awaiting = awaiting[: awaiting.index("</section>")]
        found[f"{root}statistics list"] = set(re.findall(r'<li data-id="([^"]+)"><a href="[^"]*consultations/', awaiting))
        figure = re.search(r'data-figure="awaiting-outcome"><dt>[^<]*</dt><dd>(\d+)', statistics)
        assert figure, "the statistics page gives the number awaiting an outcome"
        found[f"{root}statistics figure"] = {str(len(found[f"{root}statistics list"]))} - {figure.group(1)}
        feed = ET.parse(site / root / "feeds/consultations.xml").getroot()
        found[f"{root}feed"] = {
            entry.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1]
            for entry in feed.iter(f"{ATOM}entry")
            if any(c.get("term") == "outcome-status/awaiting" for c in entry.iter(f"{ATOM}category"))
        }
        text = (site / root / "index.html").read_text(encoding="utf-8") + listing
        assert "尚无成果" not in text and "No outcome yet" not in text
    with (site / "data/consultations.csv").open(encoding="utf-8", newline="") as file:
        found["open data"] = {row["id"] for row in csv.DictReader(file) if row["outcome_status"] == "awaiting"}
    return found


def said_awaiting(archive) -> set[str]:
    return {c.id for c in archive.consultations if c.outcome_status == "awaiting" and not archive.outcomes_of(c)}


def test_the_sample_shows_as_awaiting_only_what_its_records_say_awaits(sample_site: Path):
    archive = load_archive(REPO / "content")
    expected = said_awaiting(archive)
    without_outcome = {c.id for c in archive.consultations if not archive.outcomes_of(c)}
    assert without_outcome - expected, "the sample has consultations without an outcome that do not say one is awaited"
    found = shown_as_awaiting(sample_site)
    assert found == {place: (set() if "figure" in place else expected) for place in found}


def test_a_consultation_whose_record_says_awaiting_is_shown_awaiting_everywhere(issue14_site: Path, tmp_path):
    archive = load_project(tmp_path, ISSUE14_RECORDS)
    assert said_awaiting(archive) == {"jining-2023-awaiting"}
    found = shown_as_awaiting(issue14_site)
    assert found == {place: (set() if "figure" in place else {"jining-2023-awaiting"}) for place in found}


@pytest.mark.parametrize(("record_id", "zh", "en"), [
    ("jining-2023-awaiting", "等待成果", "Awaiting an outcome"),
    ("jining-2023-mentioned", "来源概括提及成果", "Outcome mentioned in general terms"),
    ("jining-2022-culture", "已有成果", "Has an outcome"),
])
def test_each_outcome_status_has_its_badge_in_both_languages(issue14_site: Path, record_id, zh, en):
    for root, label in (("", zh), ("en/", en)):
        html = (issue14_site / root / f"consultations/{record_id}/index.html").read_text(encoding="utf-8")
        badges = re.findall(r'<span class="sl-badge sl-badge--outcome-status sl-badge--status-[\w-]+">([^<]+)</span>', html)
        assert badges and set(badges) == {label}


def test_an_activity_other_than_a_consultation_gets_no_outcome_badge_unless_it_says(issue14_site: Path):
    for root in ROOTS:
        html = (issue14_site / root / "consultations/studio-reading/index.html").read_text(encoding="utf-8")
        assert "sl-badge--outcome-status" not in html and 'id="outcomes"' not in html
        feed = ET.parse(issue14_site / root / "feeds/consultations.xml").getroot()
        terms = {
            entry.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1]: {c.get("term") for c in entry.iter(f"{ATOM}category")}
            for entry in feed.iter(f"{ATOM}entry")
        }
        assert "activity/standing-practice" in terms["studio-reading"]
        assert not [term for term in terms["studio-reading"] if term.startswith("outcome-status/")]
        assert "outcome-status/mentioned" in terms["jining-2023-mentioned"]


def test_a_later_stage_is_not_yet_reached_only_where_an_outcome_is_awaited(issue14_site: Path):
    """A stage the sources say nothing of is 'not reported'; 'not yet reached' would claim more."""
    def pending(record_id: str) -> set[str]:
        html = (issue14_site / "en" / "consultations" / record_id / "index.html").read_text(encoding="utf-8")
        return set(re.findall(r'sl-timeline__stage--pending" data-stage="[^"]+">.*?<span class="sl-timeline__date">([^<]+)</span>', html, re.S))
    assert pending("jining-2023-awaiting") == {"Not yet reached"}
    assert pending("jining-2023-mentioned") == {"Not reported"}
