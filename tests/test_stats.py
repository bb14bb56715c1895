"""Figures computed from the records: the Shanwei 2022 check, per year and per platform,
medians with partial dates, the statistics pages and their charts, and unit figures."""

from __future__ import annotations

import re
import statistics
from html import escape as html_escape
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from helpers import (
    AWAITING,
    ISSUE14_RECORDS,
    SHANWEI_OUTCOMES,
    VALID_RECORDS,
    load_project,
    many_platforms,
    proposal_yaml,
    shanwei_2022_files,
    shanwei_reply_days,
    write_project,
)
from shangliang.load import LoadCache, load_archive
from shangliang.render import RenderCache, SiteInfo, render_site
from shangliang.render import statistics as statistics_pages
from shangliang.render.charts import Bar, Series, Table, render_bar_chart, render_column_chart
from shangliang.stats import (
    get_archive_scope,
    get_figures,
    Scope,
    get_platform_scope,
    get_platform_scopes,
    get_unit_figures,
    get_year_scope,
    median,
    percent,
)
from shangliang.render.listing import PAGE_SIZE
from shangliang.tracking import days_between, proposal_steps
from shangliang.dates import Date

SVG = "{http://www.w3.org/2000/svg}"


def site_of(archive, lang: str) -> dict:
    return {page.uri: page for page in render_site(archive, SiteInfo(lang, "Shangliang"))}


def figures_on(html: str) -> dict[str, str]:
    """The ``data-figure`` rows of a statistics page: key → the value as shown."""
    return dict(re.findall(r'data-figure="([\w-]+)"><dt>[^<]*</dt><dd>(.*?)</dd>', html))


@pytest.fixture(scope="module")
def shanwei(tmp_path_factory):
    return load_project(tmp_path_factory.mktemp("shanwei"), shanwei_2022_files())


@pytest.fixture(scope="module")
def shanwei_sites(shanwei):
    return {lang: site_of(shanwei, lang) for lang in ("zh", "en")}


# -- rounding and medians ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(108, 108, "100"), (96, 108, "88.9"), (11, 108, "10.2"), (1, 108, "0.9"), (1, 8, "12.5"),
     (1, 16, "6.3"), (1, 3, "33.3"), (2, 3, "66.7"), (0, 5, "0")],
)
def test_shares_round_half_up_to_one_decimal_place(count, total, expected):
    assert percent(count, total) == Decimal(expected)


def test_a_share_of_nothing_is_none_not_a_division_by_zero():
    assert percent(0, 0) is None


def test_median_of_odd_even_and_no_values():
    assert median([5, 1, 3]) == 3
    assert median([1, 2, 3, 10]) == Decimal("2.5")
    assert median([]) is None


def test_durations_need_both_dates_known_to_the_day():
    assert days_between(Date(2022, 3, 1), Date(2022, 4, 1)) == 31
    assert days_between(Date(2022, 3), Date(2022, 4, 1)) is None
    assert days_between(Date(2022, 3, 1), Date(2022)) is None
    assert days_between(None, Date(2022, 4, 1)) is None


# -- the Shanwei 2022 check ------------------------------------------------------------------

def test_shanwei_2022_figures(shanwei):
    figures = get_figures(shanwei, get_archive_scope(shanwei)).proposals
    assert figures.registered == 108
    assert figures.units == 33
    assert figures.replied.percent == Decimal(100)
    shares = {key: share.percent for key, share in figures.categories}
    assert shares == {"adopted": Decimal("88.9"), "planned": Decimal("10.2"), "multi-year": Decimal("0.9"), "reference": Decimal(0)}
    days = [shanwei_reply_days(index) for index in range(len(SHANWEI_OUTCOMES))]
    assert figures.time_to_reply.median_days == Decimal(str(statistics.median(days)))
    assert (figures.time_to_reply.measured, figures.time_to_reply.eligible) == (108, 108)
    assert sum(count for _, count in figures.reply_times) == 108
    assert figures.awaiting == ()


@pytest.mark.parametrize("uri", ["statistics/index.md", "statistics/year/2022.md", "statistics/platform/shanwei-2plus2.md"])
def test_shanwei_statistics_pages_show_the_published_figures(shanwei_sites, uri):
    zh = figures_on(shanwei_sites["zh"][uri].html)
    en = figures_on(shanwei_sites["en"][uri].html)
    assert zh["registered"] == "108件提案" and en["registered"] == "108 proposals"
    assert zh["units"] == "33个单位" and en["units"] == "33 units"
    assert zh["reply-rate"] == en["reply-rate"] == "100%"
    for lang in ("zh", "en"):
        html = shanwei_sites[lang][uri].html
        table = _chart_table(html, "chart-categories")
        assert [row[1:] for row in table] == [["96", "88.9%"], ["11", "10.2%"], ["1", "0.9%"], ["0", "0%"]]
    assert [row[0] for row in _chart_table(shanwei_sites["zh"][uri].html, "chart-categories")] == [
        "解决或采纳", "列入计划拟解决", "列入跨年度计划", "留作参考",
    ]
    assert [row[0] for row in _chart_table(shanwei_sites["en"][uri].html, "chart-categories")] == [
        "Adopted or solved", "Planned", "Multi-year plan", "Kept for reference",
    ]


def test_shanwei_median_time_to_reply_is_shown_with_how_it_was_measured(shanwei_sites):
    days = statistics.median(shanwei_reply_days(index) for index in range(108))
    expected = f"{days:g}"
    assert figures_on(shanwei_sites["en"]["statistics/index.md"].html)["time-to-reply"] == (
        f"{expected} days (measured on 108 of 108 with both dates known to the day)"
    )
    assert figures_on(shanwei_sites["zh"]["statistics/index.md"].html)["time-to-reply"] == (
        f"{expected}天（据108项两端日期精确到日的记录计算，共108项）"
    )


# -- charts: SVG with title, desc and a table of the same numbers ---------------------------

class _Tables(HTMLParser):
    """Rows of the table inside the figure with id ``chart``."""

    def __init__(self, chart: str):
        super().__init__()
        self.chart, self.inside, self.depth = chart, False, 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "figure" and dict(attrs).get("id") == self.chart:
            self.inside = True
        if not self.inside:
            return
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "figure":
            self.inside = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _chart_table(html: str, chart: str) -> list[list[str]]:
    parser = _Tables(chart)
    parser.feed(html)
    assert parser.rows, f"no table in {chart}"
    return parser.rows


def _svgs(html: str) -> dict[str, ET.Element]:
    """Each chart's SVG, parsed as XML, by the id of its figure."""
    found = {}
    for chart, svg in re.findall(r'<figure class="sl-chart[^"]*" id="([\w-]+)">.*?(<svg.*?</svg>)', html, re.DOTALL):
        found[chart] = ET.fromstring(svg)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_is_svg_with_title_desc_and_a_table(shanwei_sites, lang):
    html = shanwei_sites[lang]["statistics/index.md"].html
    svgs = _svgs(html)
    assert {"chart-categories", "chart-reply-times", "chart-activity"} <= set(svgs)
    assert html.count('<figure class="sl-chart') == len(svgs)
    for chart, svg in svgs.items():
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text, chart
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == f"{chart}-title {chart}-desc"
        assert _chart_table(html, chart)
    categories = svgs["chart-categories"]
    labels = [t.text for t in categories.iter(f"{SVG}text") if t.get("class") == "sl-chart__label"]
    assert labels == (["解决或采纳", "列入计划拟解决", "列入跨年度计划", "留作参考"] if lang == "zh"
                      else ["Adopted or solved", "Planned", "Multi-year plan", "Kept for reference"])
    values = [t.text for t in categories.iter(f"{SVG}text") if t.get("class") == "sl-chart__value"]
    assert values == ["96 · 88.9%", "11 · 10.2%", "1 · 0.9%", "0 · 0%"]
    bars = [r.get("width") for r in categories.iter(f"{SVG}rect") if "sl-chart__bar" in r.get("class", "")]
    assert bars == ["88.9%", "10.2%", "0.9%"], "bar lengths are the shares; no bar for 0"


def test_reply_time_chart_counts_every_measured_reply(shanwei_sites):
    rows = _chart_table(shanwei_sites["en"]["statistics/index.md"].html, "chart-reply-times")
    counts = Counter()
    for index in range(108):
        days = shanwei_reply_days(index)
        counts[next(label for label, limit in (("Up to 30 days", 30), ("31–60 days", 60), ("61–90 days", 90), ("91–180 days", 180)) if days <= limit)] += 1
    assert {label: int(n) for label, n in rows if int(n)} == dict(counts)


def test_chart_labels_are_escaped_and_the_svg_stays_well_formed():
    label = 'Shanwei & "partners" <b>'
    table = Table("T", ("Name", "Number"), ((label, "3"),))
    html = str(render_bar_chart("chart-x", "Title & co", [Bar(label, 3, "3")], table))
    assert "<b>" not in html and "Shanwei &amp; &#34;partners&#34; &lt;b&gt;" in html
    svg = _svgs(html)["chart-x"]
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == label
    assert svg.find(f"{SVG}title").text == "Title & co"
    columns = str(render_column_chart("chart-y", "T", ["2022 <"], [Series("A&B", (1,))], table))
    assert _svgs(columns)["chart-y"] is not None and "A&amp;B" in columns


# -- per year and per platform ----------------------------------------------------------------

def mixed_files() -> dict[str, str]:
    """Shanwei's 2022 proposals plus, in 2023, one awaiting reply on another platform, one not
    registered, and one replied with a reply date known only to the month."""
    files = {**VALID_RECORDS, **shanwei_2022_files()}
    files["content/proposals/proposal-2023-001.yml"] = proposal_yaml(
        "proposal-2023-001", date="2023-01-05", registered="2023-02-01", assigned="2023-02-10",
        lead=("jining-culture-bureau",), co=("shanwei-unit-01",), platform="jishi",
    )
    files["content/proposals/proposal-2023-002.yml"] = proposal_yaml(
        "proposal-2023-002", date="2023-01-06", lead=(), status="not-registered", platform="jishi",
    )
    files["content/proposals/proposal-2023-003.yml"] = proposal_yaml(
        "proposal-2023-003", date="2023-01-07", registered="2023-02-01", lead=("jining-culture-bureau",),
        outcome="reference", reply_date="2023-06", platform="rencheng",
    )
    return files


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return load_project(tmp_path_factory.mktemp("mixed"), mixed_files())


def test_year_and_platform_scopes_take_their_own_records(mixed):
    year_2022 = get_figures(mixed, get_year_scope(mixed, 2022)).proposals
    assert (year_2022.registered, year_2022.units, year_2022.replied.percent) == (108, 33, Decimal(100))
    year_2023 = get_figures(mixed, get_year_scope(mixed, 2023)).proposals
    assert (year_2023.total, year_2023.registered, year_2023.not_registered) == (3, 2, 1)
    assert year_2023.replied.percent == Decimal(50)
    assert [p.id for p in year_2023.awaiting] == ["proposal-2023-001"]
    assert year_2023.units == 2
    jishi = get_figures(mixed, get_platform_scope(mixed, mixed.get("jishi")))
    assert jishi.proposals.total == 3, "a platform takes the proposals of its sub-platforms"
    assert jishi.consultations.total == 1
    rencheng = get_figures(mixed, get_platform_scope(mixed, mixed.get("rencheng"))).proposals
    assert rencheng.total == 1
    whole = get_figures(mixed, get_archive_scope(mixed)).proposals
    assert whole.registered == 110 and whole.replied.percent == Decimal("99.1")


def test_a_reply_date_known_only_to_the_month_counts_but_is_not_measured(mixed):
    figures = get_figures(mixed, get_year_scope(mixed, 2023)).proposals
    assert (figures.time_to_reply.measured, figures.time_to_reply.eligible) == (0, 1)
    assert figures.time_to_reply.median_days is None
    html = site_of(mixed, "en")["statistics/year/2023.md"].html
    assert figures_on(html)["time-to-reply"] == "Not measurable: dates not known to the day"


def test_statistics_pages_exist_per_year_and_per_platform_with_records(mixed):
    site = site_of(mixed, "zh")
    pages = sorted(uri for uri in site if uri.startswith("statistics/"))
    assert pages == [
        "statistics/index.md",
        "statistics/platform/jishi.md",
        "statistics/platform/rencheng.md",
        "statistics/platform/shanwei-2plus2.md",
        "statistics/year/2022.md",
        "statistics/year/2023.md",
    ]
    html = site["statistics/year/2023.md"].html
    assert '<a class="sl-chip sl-active" href="./" aria-current="page">2023年</a>' in html
    assert figures_on(html)["reply-rate"] == "50%"
    assert 'data-id="proposal-2023-001"' in html and "尚未办复（自" in html


def test_awaiting_items_are_listed_on_the_statistics_page(mixed):
    html = site_of(mixed, "en")["statistics/index.md"].html
    awaiting = html[html.index('id="awaiting"'):]
    assert 'data-id="proposal-2023-001"' in awaiting
    assert "Awaiting reply since" in awaiting


def _awaiting_ids(html: str) -> list[str]:
    """The records an awaiting section (a statistics page's) or list (a list page's) names."""
    start = html.index('id="awaiting"') if 'id="awaiting"' in html else html.index('class="sl-listing-status"')
    end = html.index('id="method"') if 'id="method"' in html else len(html)
    return re.findall(r'<li (?:class="[^"]*" )?data-id="([\w-]+)"', html[start:end])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_statistics_page_lists_the_first_awaiting_and_links_to_a_numbered_list_of_them_all(tmp_path, monkeypatch, lang):
    files = dict(ISSUE14_RECORDS)  # one consultation awaiting an outcome, on rencheng, in 2023
    for n in range(2):
        files[f"content/consultations/2023/jining-2023-awaiting-{n}.md"] = AWAITING.replace("jining-2023-awaiting", f"jining-2023-awaiting-{n}")
    for n in range(PAGE_SIZE + 3):  # two numbered pages
        files[f"content/proposals/proposal-2023-{n:03d}.yml"] = proposal_yaml(
            f"proposal-2023-{n:03d}", date=f"2023-01-{1 + n % 28:02d}", registered="2023-02-01",
            assigned="2023-02-10", lead=("jining-culture-bureau",), platform="jishi",
        )
    archive = load_project(tmp_path, files)
    monkeypatch.setattr(statistics_pages, "AWAITING_SHOWN", 2)
    site = site_of(archive, lang)
    for scope_uri, trail in (("statistics/index.md", 1), ("statistics/year/2023.md", 2), ("statistics/platform/jishi.md", 2)):
        awaiting = get_figures(archive, get_year_scope(archive, 2023)).proposals.awaiting
        html = site[scope_uri].html
        waiting = [c.id for c in get_figures(archive, get_year_scope(archive, 2023)).consultations.awaiting]
        assert len(waiting) == 3 and _awaiting_ids(html) == waiting[:2] + [p.id for p in awaiting[:2]], scope_uri
        first = scope_uri.removesuffix(".md").removesuffix("/index") + "/awaiting-reply.md"
        link = re.search(r'<p class="sl-see-all"><a href="(awaiting-reply/)">([^<]+)</a>', html)  # in the page's folder
        assert link and str(PAGE_SIZE + 3) in link[2], scope_uri
        listed = site[first].html
        assert _awaiting_ids(listed) + _awaiting_ids(site[first.removesuffix(".md") + "/page/2.md"].html) == [p.id for p in awaiting]
        crumbs = re.search(r'<nav class="sl-breadcrumbs".*?</nav>', listed, re.S)[0]
        assert len(re.findall("<li>", crumbs)) == 1 + trail, scope_uri  # home, statistics, and the scope's page
        named = {"statistics/index.md": "", "statistics/year/2023.md": "2023年" if lang == "zh" else "2023",
                 "statistics/platform/jishi.md": archive.get("jishi").name.zh if lang == "zh" else archive.get("jishi").name.en}[scope_uri]
        shown = "等待办复的提案" if lang == "zh" else "Proposals awaiting a reply"
        shown += (f"（{named}）" if lang == "zh" else f" ({named})") if named else ""
        assert re.search(r"<h1>(.*?)</h1>", listed)[1] == html_escape(shown), scope_uri
        outcome_list = scope_uri.removesuffix(".md").removesuffix("/index") + "/awaiting-outcome.md"
        links = re.findall(r'<p class="sl-see-all"><a href="([^"]+)">', html)
        if scope_uri == "statistics/index.md":
            # the whole archive's consultations awaiting an outcome: the past index's list of them
            assert outcome_list not in site and links == ["../past/outcome/awaiting/", "awaiting-reply/"]
            assert re.findall(r'data-id="([\w-]+)"', site["past/outcome/awaiting.md"].html) == waiting
        else:  # a year's, a platform's (jishi's, which holds rencheng's)
            assert _awaiting_ids(site[outcome_list].html) == waiting and links == ["awaiting-outcome/", "awaiting-reply/"]


def test_a_statistics_page_with_no_more_awaiting_than_it_shows_has_no_list(mixed, monkeypatch):
    monkeypatch.setattr(statistics_pages, "AWAITING_SHOWN", 1)
    site = site_of(mixed, "zh")
    assert not any("awaiting-" in uri for uri in site)
    assert 'class="sl-see-all"' not in site["statistics/index.md"].html
    assert _awaiting_ids(site["statistics/index.md"].html) == ["proposal-2023-001"]


# -- record pages: steps, outcomes and awaiting marks ----------------------------------------

def test_proposal_page_shows_its_dated_steps_and_awaiting_mark(mixed):
    en = site_of(mixed, "en")
    html = en["proposals/proposal-2023-001.md"].html
    assert re.findall(r'data-step="([\w-]+)"', html) == ["submitted", "registered", "assigned", "awaiting-reply"]
    assert 'Awaiting reply since <time datetime="2023-02-10">10 February 2023</time>' in html
    replied = en["proposals/shanwei-2022-001.md"].html
    assert re.findall(r'data-step="([\w-]+)"', replied) == ["submitted", "registered", "assigned", "replied"]
    assert "Awaiting" not in replied
    zh = site_of(mixed, "zh")["proposals/proposal-2023-001.md"].html
    assert '尚未办复（自<time datetime="2023-02-10">2023年2月10日</time>起）' in zh


def test_proposal_steps_include_later_outcomes(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/outcomes/follow-up.yml"] = (
        "id: follow-up\ntitle:\n  zh: 文物保护措施落地\nconcerns: proposal-2023-001\ntype: follow-up\ndate: 2023-09-01\n"
    )
    archive = load_project(tmp_path, files)
    proposal = archive.get("proposal-2023-001")
    steps = proposal_steps(proposal, archive.outcomes_of(proposal))
    assert [step.key for step in steps] == ["submitted", "registered", "assigned", "replied", "outcome"]
    assert steps[2].date is None
    html = site_of(archive, "en")["proposals/proposal-2023-001.md"].html
    assert "Date not recorded" in html and 'href="../../outcomes/follow-up/"' in html


def test_public_input_figures_no_record_gives_are_not_recorded_not_zero(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/consultations/online-topic.yml"] = (
        "id: online-topic\ntitle:\n  zh: 网上议题\ndate: 2023-04-01\nplatform: jishi\nformat: online\n"
        "stages:\n  - stage: topic\npublic_input:\n  posts: 80\n  suggestions: 12\n"
    )
    archive = load_project(tmp_path, files)
    c = get_figures(archive, get_archive_scope(archive)).consultations
    assert (c.public_people_reported, c.public_posts_reported, c.public_suggestions_reported) == (0, 1, 1)
    en = figures_on(site_of(archive, "en")["statistics/index.md"].html)
    assert (en["public-people"], en["public-posts"], en["public-suggestions"]) == (
        "Not recorded", "80 posts (as recorded for 1 consultation)", "12 suggestions (as recorded for 1 consultation)",
    )
    zh = figures_on(site_of(archive, "zh")["statistics/index.md"].html)
    assert (zh["public-people"], zh["public-posts"]) == ("记录未载明", "80条跟帖留言（据1次协商的记录）")


def test_consultation_without_outcome_or_status_is_not_marked_awaiting(tmp_path):
    files = dict(VALID_RECORDS)
    del files["content/outcomes/culture-instruction.yml"]
    archive = load_project(tmp_path, files)
    en = site_of(archive, "en")["consultations/jining-2022-culture.md"].html
    assert 'data-awaiting' not in en and "Awaiting" not in en
    assert "sl-badge--status-not-reported" in en and "No outcome reported in the sources" in en
    zh = site_of(archive, "zh")["consultations/jining-2022-culture.md"].html
    assert "来源未报道成果" in zh and "等待成果" not in zh and "尚无成果" not in zh


def test_consultation_lists_its_outcomes_oldest_first_with_what_they_say(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/outcomes/culture-later.yml"] = (
        "id: culture-later\ntitle:\n  zh: 出台实施方案\nconcerns: jining-2022-culture\ntype: measure\ndate: 2023-03-01\n"
        "summary:\n  zh: 方案明确了六项任务。\n"
    )
    html = site_of(load_project(tmp_path, files), "zh")["consultations/jining-2022-culture.md"].html
    assert re.findall(r'data-outcome="([\w-]+)"', html) == ["culture-instruction", "culture-later"]
    assert "方案明确了六项任务。" in html
    assert 'data-awaiting="outcome"' not in html


# -- unit pages ---------------------------------------------------------------------------------

def test_unit_page_shows_its_own_handling_figures(mixed):
    figures = get_unit_figures(mixed, "jining-culture-bureau")
    assert (figures.total, figures.replied.count, figures.replied.percent) == (2, 1, Decimal(50))
    html = site_of(mixed, "en")["units/jining-culture-bureau.md"].html
    handling = html[html.index('id="handling"'):]
    tiles = dict(re.findall(r'data-stat="([\w-]+)"><dt>[^<]*</dt><dd>([^<]*)</dd>', handling))
    assert tiles == {"leads": "2 proposals", "replied": "1 proposal", "reply-rate": "50%", "awaiting-reply": "1 proposal"}
    assert re.search(r'data-category="reference"><th scope="row">Kept for reference</th><td>1</td><td>100%</td>', handling)
    co_only = site_of(mixed, "zh")["units/shanwei-unit-02.md"].html
    assert "办复率" in co_only


def test_unit_without_proposals_says_so(tmp_path):
    files = dict(VALID_RECORDS)
    del files["content/proposals/proposal-2023-001.yml"]
    archive = load_project(tmp_path, files)
    assert "No proposals led by this unit are recorded yet." in site_of(archive, "en")["units/jining-culture-bureau.md"].html
    assert "暂无该单位主办的提案记录。" in site_of(archive, "zh")["units/jining-culture-bureau.md"].html


# -- empty states and the sample archive --------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    return load_archive(REPO / "content")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_statistics_pages_never_show_none_nan_or_errors(sample, lang):
    site = site_of(sample, lang)
    for uri, page in site.items():
        if not uri.startswith(("statistics/", "data/", "units/")):
            continue
        text = re.sub(r"<[^>]+>", " ", page.html)
        for word in ("None", "NaN", "nan%", "Infinity", "division", "Traceback"):
            assert word not in text, (uri, word)
    empty = "暂无提案记录" if lang == "zh" else "No proposals recorded yet"
    assert empty in site["statistics/index.md"].html


def test_the_sample_archive_figures_match_its_records(sample):
    consultations = sample.consultations
    with_outcome = {o.concerns for o in sample.outcomes}
    counts = [c.suggestions.count for c in consultations if c.suggestions and c.suggestions.count is not None]
    expected = {
        "total": f"{len(consultations)} consultations",
        "with-outcome": f"{sum(c.id in with_outcome for c in consultations)} consultations",
        "awaiting-outcome": f"{sum(c.id not in with_outcome and c.outcome_status == 'awaiting' for c in consultations)} consultations",  # only `awaiting` is awaiting
        "suggestions": f"{sum(counts)} suggestions (as recorded for {len(counts)} consultations)",
    }
    html = site_of(sample, "en")["statistics/index.md"].html
    shown = figures_on(html)
    assert shown["with-outcome"].startswith(expected.pop("with-outcome") + " (")
    for key, value in expected.items():
        assert shown[key] == value, key
    formats = Counter(c.format for c in consultations)
    from shangliang.vocab import FORMATS

    table = _chart_table(html, "chart-format")
    assert {row[0]: int(row[1]) for row in table} == {FORMATS[key][1]: n for key, n in formats.items()}
    years = Counter(c.date.year for c in consultations if c.date)  # undated ones are in no year
    activity = _chart_table(html, "chart-activity")
    assert {int(row[0]): int(row[1]) for row in activity} == dict(years)
    outcome_years = Counter(o.date.year for o in sample.outcomes)
    assert {int(row[0]): int(row[3]) for row in activity if int(row[3])} == dict(outcome_years)


def test_the_sample_statistics_pages_exist_in_both_languages(sample_site: Path):
    for root in ("", "en/"):
        assert (sample_site / root / "statistics/index.html").is_file()
        for year in {c.date.year for c in load_archive(REPO / "content").consultations if c.date}:
            assert (sample_site / root / f"statistics/year/{year}/index.html").is_file()
        html = (sample_site / root / "statistics/index.html").read_text()
        assert html.count("<svg") >= 3 and html.count("<table") >= 3


def test_a_platform_s_scope_from_the_archive_s_indexes_is_the_scope_a_scan_of_every_record_finds(shanwei, mixed):
    sample = load_archive(REPO / "content", REPO)
    for archive in (sample, shanwei, mixed):
        for platform in archive.platforms:
            platform_ids = {platform.id} | {p.id for p in archive.descendants_of(platform)}
            consultations = tuple(c for c in archive.consultations if c.platform in platform_ids)
            consultation_ids = {c.id for c in consultations}
            proposals = tuple(p for p in archive.proposals if p.platform in platform_ids or p.consultation in consultation_ids)
            concerned = consultation_ids | {p.id for p in proposals}
            outcomes = tuple(o for o in archive.outcomes if o.concerns in concerned)
            assert get_platform_scope(archive, platform) == Scope(consultations, proposals, outcomes), platform.id
        # and every platform's at once, as the statistics pages make them
        assert get_platform_scopes(archive, archive.platforms) == [get_platform_scope(archive, p) for p in archive.platforms]
        some = archive.platforms[::2]
        assert get_platform_scopes(archive, some) == [get_platform_scope(archive, p) for p in some]
    assert any(get_platform_scope(sample, platform).outcomes for platform in sample.platforms)


def test_kept_figures_follow_an_outcome_dated_in_another_year(tmp_path):
    """A year's figures read its consultations' outcomes wherever those are dated: the live
    preview's render keeps a scope's figures only while those outcomes are the same too."""
    files = dict(VALID_RECORDS)
    files["content/outcomes/culture-instruction.yml"] = files["content/outcomes/culture-instruction.yml"].replace("date: 2022-11", "date: 2023-01-10")
    content = write_project(tmp_path, files)
    loads, renders, site = LoadCache(), RenderCache(), SiteInfo("zh", "Shangliang")

    def year_2022(cache: RenderCache | None) -> str:
        archive = load_archive(content, cache=loads if cache else None)
        return {page.uri: page for page in render_site(archive, site, cache)}["statistics/year/2022.md"].html

    before = year_2022(renders)
    outcome = content / "outcomes/culture-instruction.yml"
    outcome.write_text(outcome.read_text(encoding="utf-8").replace("2023-01-10", "2023-03-10") + "# moved\n", encoding="utf-8")
    after = year_2022(renders)
    assert after != before
    assert after == year_2022(None)


def test_a_title_edit_keeps_the_figures_and_shows_the_new_title_in_the_awaiting_lists(tmp_path, monkeypatch):
    """The live preview keeps a scope's figures across an edit of a title or a summary, which
    no figure reads, but the records they list as awaiting are this render's, new titles and
    all; an edit of a field a figure reads makes them again."""
    monkeypatch.setattr(statistics_pages, "AWAITING_SHOWN", 0)  # every scope's awaiting list in pages of its own
    made = []
    monkeypatch.setattr(statistics_pages, "get_figures", lambda archive, scope: made.append(scope) or get_figures(archive, scope))
    content = write_project(tmp_path, dict(ISSUE14_RECORDS))  # jining-2023-awaiting awaits an outcome, on rencheng, in 2023
    loads, renders, site = LoadCache(), RenderCache(), SiteInfo("zh", "Shangliang")

    def pages(cache: RenderCache | None) -> dict[str, str]:
        archive = load_archive(content, cache=loads if cache else None)
        return {page.uri: page.html for page in render_site(archive, site, cache)}

    pages(renders)
    record = content / "consultations/2023/jining-2023-awaiting.md"
    record.write_text(record.read_text(encoding="utf-8").replace("老旧小区加装电梯", "老旧小区加装电梯改"), encoding="utf-8")
    made.clear()
    kept = pages(renders)
    assert made == [], "no figure was made again for a title"
    listed = [uri for uri, html in kept.items() if uri.startswith("statistics/") and "/awaiting-outcome" in uri]
    assert listed and all("老旧小区加装电梯改" in kept[uri] for uri in listed), listed
    assert kept == pages(None)

    record.write_text(record.read_text(encoding="utf-8").replace("  - stage: meeting\n", "  - stage: topic\n  - stage: meeting\n", 1)
                      .replace("posts: 340", "posts: 341"), encoding="utf-8")
    made.clear()
    again = pages(renders)
    assert len(made) >= 3, "the whole archive's, 2023's and its platforms' figures"
    assert all("jining-2023-awaiting" in {c.id for c in scope.consultations} for scope in made), "only the scopes that hold it"
    assert again == pages(None)


def test_the_links_to_many_platforms_statistics_are_those_of_the_biggest_and_one_to_all(tmp_path):
    """As the past lists' filter bars: every statistics page linking to every platform's
    would grow with the square of the platforms (at 1,000, 68 KB a page)."""
    from shangliang.render.indexes import PLATFORM_CHIPS

    archive = load_project(tmp_path, many_platforms(PLATFORM_CHIPS + 5))
    site = site_of(archive, "zh")
    with_statistics = [uri for uri in site if uri.startswith("statistics/platform/")]
    assert len(with_statistics) > PLATFORM_CHIPS
    row = re.compile(r'<div class="sl-filters__row" data-scope="stats-by-platform">.*?</ul>', re.DOTALL)

    def links(uri: str) -> list[str]:
        return re.findall(r'<a class="sl-chip[^"]*" href="([^"]+)"', row.search(site[uri].html).group())

    # jishi's scope holds every consultation; then the sub-platforms, the 25th holding the most
    expected = ["./", "platform/jishi/", *[f"platform/p-{n:02d}/" for n in range(7, PLATFORM_CHIPS + 6)], "../platforms/"]
    assert links("statistics/index.md") == expected
    # it leads to the platforms index, and counts what that lists
    assert f'<a class="sl-chip sl-chip--more" href="../platforms/">查看全部{len(archive.platforms)}个平台</a>' in site["statistics/index.md"].html
    assert len(archive.platforms) > len(with_statistics)
    small = links("statistics/platform/p-01.md")
    assert small[:3] == ["../../", "../jishi/", "./"] and len(small) == len(expected) + 1
    assert '<a class="sl-chip sl-active" href="./" aria-current="page">平台1</a>' in site["statistics/platform/p-01.md"].html
