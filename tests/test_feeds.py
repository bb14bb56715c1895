"""Atom feeds per language, their updated times from git, the head links on every page, and
the sitemap with each page's other-language alternate."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO, run_cli
from helpers import VALID_RECORDS, load_project, proposal_yaml, write_project
from shangliang.load import load_archive
from shangliang.history import get_commit_times, parse_log
from shangliang.render import SiteInfo, render_site
from shangliang.render.feeds import FEED_SIZE, FEEDS, entry_id, get_updated_times, render_feeds
from shangliang.addresses import url_of_uri
from shangliang.render.sitemap import language_roots, render_sitemap

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(content: bytes) -> ET.Element:
    assert content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(content)


def is_rfc3339(text: str) -> bool:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None


def check_atom(feed: ET.Element) -> None:
    """The parts RFC 4287 requires: feed id, title, updated, an author, and per entry id,
    title, updated and an alternate link; ids are absolute IRIs and unique."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text, name
    assert is_rfc3339(feed.findtext(f"{ATOM}updated"))
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    ids = [feed.findtext(f"{ATOM}id")]
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), name
        assert is_rfc3339(entry.findtext(f"{ATOM}updated")) and is_rfc3339(entry.findtext(f"{ATOM}published"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        ids.append(entry.findtext(f"{ATOM}id"))
    assert all(urlsplit(i).scheme for i in ids), "ids are absolute IRIs"
    assert len(ids) == len(set(ids)), "ids are unique"


def entries_of(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


@pytest.fixture
def archive(tmp_path):
    files = dict(VALID_RECORDS)
    files["content/proposals/proposal-2023-002.yml"] = proposal_yaml(
        "proposal-2023-002", date="2023-02-01", lead=("jining-culture-bureau",)
    )
    return load_project(tmp_path, files)


def feeds_of(archive, lang: str, updated=None, site_url=None) -> dict[str, ET.Element]:
    site = SiteInfo(lang, "Shangliang", "An archive.", site_url=site_url)
    return {file.uri: parse(file.content) for file in render_feeds(archive, site, updated or {})}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_feeds_are_valid_atom_in_the_page_language(archive, lang):
    feeds = feeds_of(archive, lang)
    assert list(feeds) == [path for path, _ in FEEDS]
    for feed in feeds.values():
        check_atom(feed)
        assert feed.get(XML_LANG) == lang
    consultations = entries_of(feeds["feeds/consultations.xml"])
    assert len(consultations) == len(archive.consultations)
    outcomes = entries_of(feeds["feeds/outcomes.xml"])
    replied = [p for p in archive.proposals if p.reply]
    assert len(outcomes) == len(archive.outcomes) + len(replied) == 2
    titles = [entry.findtext(f"{ATOM}title") for entry in outcomes]
    assert ("办复：关于加强文物保护的提案" if lang == "zh" else "Reply: 关于加强文物保护的提案") in titles


def test_an_untranslated_title_is_marked_as_chinese(archive):
    feed = feeds_of(archive, "en")["feeds/outcomes.xml"]
    reply = next(e for e in entries_of(feed) if e.findtext(f"{ATOM}title").startswith("Reply"))
    assert reply.find(f"{ATOM}title").get(XML_LANG) == "zh"


def test_entry_ids_are_stable_and_differ_between_languages(archive):
    ids = {lang: [e.findtext(f"{ATOM}id") for f in feeds_of(archive, lang).values() for e in entries_of(f)] for lang in ("zh", "en")}
    assert ids["zh"] == [e.findtext(f"{ATOM}id") for f in feeds_of(archive, "zh").values() for e in entries_of(f)]
    assert not set(ids["zh"]) & set(ids["en"])
    assert all(i.startswith("urn:uuid:") for i in ids["zh"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_entry_links_resolve_to_pages_of_the_same_language(archive, lang):
    pages = {url_of_uri(page.uri) for page in render_site(archive, SiteInfo(lang, "S"))}
    for path, feed in feeds_of(archive, lang).items():
        for link in feed.iter(f"{ATOM}link"):
            if link.get("rel") == "self":
                assert posixpath.normpath(posixpath.join(posixpath.dirname(path), link.get("href"))) == path
                continue
            target = urlsplit(urljoin(f"http://site/{path}", link.get("href"))).path.lstrip("/")
            assert target in pages, link.get("href")


def test_links_are_absolute_when_the_site_address_is_known(archive):
    feed = feeds_of(archive, "en", site_url="https://archive.example.org/en/")["feeds/consultations.xml"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://archive.example.org/en/feeds/consultations.xml"
    entry = entries_of(feed)[0]
    assert entry.find(f"{ATOM}link").get("href") == "https://archive.example.org/en/consultations/jining-2022-culture/"


def test_updated_comes_from_the_given_times_else_the_record_date(archive):
    feed = feeds_of(archive, "zh")["feeds/consultations.xml"]
    entry = entries_of(feed)[0]
    assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published") == "2022-10-14T00:00:00+08:00"
    later = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
    feed = feeds_of(archive, "zh", {"jining-2022-culture": later})["feeds/consultations.xml"]
    assert entries_of(feed)[0].findtext(f"{ATOM}updated") == "2024-05-06T07:08:09Z"
    assert feed.findtext(f"{ATOM}updated") == "2024-05-06T07:08:09Z", "the feed is as new as its newest entry"


def test_entries_are_newest_first_and_at_most_the_feed_size(tmp_path):
    files = dict(VALID_RECORDS)
    for i in range(FEED_SIZE + 5):
        files[f"content/consultations/c-{i:03d}.yml"] = (
            f"id: c-{i:03d}\ntitle:\n  zh: 议题{i}\ndate: 2020-01-{1 + i % 28:02d}\nplatform: jishi\nformat: forum\nstages:\n  - stage: topic\n"
        )
    archive = load_project(tmp_path, files)
    entries = entries_of(feeds_of(archive, "zh")["feeds/consultations.xml"])
    assert len(entries) == FEED_SIZE
    times = [e.findtext(f"{ATOM}updated") for e in entries]
    assert times == sorted(times, reverse=True)
    # many share a day: those come by entry id, and the ones left out are the last of them
    keys = [(e.findtext(f"{ATOM}updated"), e.findtext(f"{ATOM}id")) for e in entries]
    assert all(a[0] > b[0] or (a[0] == b[0] and a[1] < b[1]) for a, b in zip(keys, keys[1:]))
    every_id = {entry_id("zh", c, "record"): c for c in archive.consultations}
    left_out = [every_id[i] for i in every_id.keys() - {key[1] for key in keys}]
    assert len(left_out) == len(archive.consultations) - FEED_SIZE
    last_day, last_id = keys[-1][0][:10], keys[-1][1]
    for c in left_out:
        day = c.sort_date.first_day.isoformat()
        assert day < last_day or (day == last_day and entry_id("zh", c, "record") > last_id), c.id


def test_a_build_of_the_same_records_writes_the_same_feeds(archive):
    site = SiteInfo("zh", "S")
    assert [f.content for f in render_feeds(archive, site, {})] == [f.content for f in render_feeds(archive, site, {})]


def test_the_preview_s_feeds_are_the_feeds_made_anew_after_each_change(tmp_path):
    """The live preview keeps which records each feed chose while the candidates are the
    very same records with the same times; a title edit still shows in the entry, and a
    record that becomes newer (a new time, a new date) is chosen."""
    from shangliang.load import LoadCache

    files = dict(VALID_RECORDS)
    for i in range(FEED_SIZE + 5):
        files[f"content/consultations/c-{i:03d}.yml"] = (
            f"id: c-{i:03d}\ntitle:\n  zh: 议题{i}\ndate: 2020-01-{1 + i % 28:02d}\nplatform: jishi\nformat: forum\nstages:\n  - stage: topic\n"
        )
    content = write_project(tmp_path, files)
    site, loads, kept = SiteInfo("zh", "S"), LoadCache(), {}
    record = content / "consultations/c-027.yml"
    steps = [
        ({}, None, lambda titles: "议题27" in titles),
        ({}, record.read_text(encoding="utf-8").replace("议题27", "改过的议题"), lambda titles: "改过的议题" in titles),
        ({"c-003": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)}, None, lambda titles: titles[0] == "议题3"),
        ({}, record.read_text(encoding="utf-8").replace("2020-01-28", "2019-01-28"), lambda titles: "议题27" not in titles),
    ]
    for updated, text, shows in steps:
        if text is not None:
            record.write_text(text, encoding="utf-8")
        archive = load_archive(content, tmp_path, loads)
        made = [file.content for file in render_feeds(archive, site, updated, None, kept)]
        assert made == [file.content for file in render_feeds(archive, site, updated)]
        assert shows([e.findtext(f"{ATOM}title") for e in entries_of(parse(made[0]))])
    again = render_feeds(archive, site, updated, None, kept)
    assert [file.content for file in again] == made and again[0].content is kept[(FEEDS[0], "written")][1].content


# -- updated times from git ------------------------------------------------------------------

def test_commit_times_are_read_in_one_git_call(tmp_path, valid_records):
    write_project(tmp_path, valid_records)
    environment = {
        **os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2024-03-01T10:00:00+08:00",
        "GIT_AUTHOR_DATE": "2024-03-01T10:00:00+08:00",
    }

    def git(*args, **extra):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env={**environment, **extra})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    (tmp_path / "content/units/jining-culture-bureau.yml").write_text(VALID_RECORDS["content/units/jining-culture-bureau.yml"] + "url: https://example.org\n")
    git("commit", "-qam", "second", GIT_COMMITTER_DATE="2024-04-02T09:30:00+08:00")
    times = get_commit_times(tmp_path)
    first = dt.datetime(2024, 3, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert times["content/platforms/jishi.yml"] == first
    assert times["content/units/jining-culture-bureau.yml"] == dt.datetime(2024, 4, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    archive = load_archive(tmp_path / "content")
    updated = get_updated_times(archive, times)
    assert updated["jining-2022-culture"] == first, "the record and its .en.md body"
    assert set(updated) == set(archive.records)
    kept: dict = {}  # the live preview's: read again once a commit is made, not before
    assert get_commit_times(tmp_path, cache=kept) == times
    (tmp_path / "content/platforms/jishi.yml").write_text(VALID_RECORDS["content/platforms/jishi.yml"] + "\n")
    assert get_commit_times(tmp_path, cache=kept) is kept["times"]
    git("commit", "-qam", "third", GIT_COMMITTER_DATE="2024-05-03T08:00:00+08:00")
    assert get_commit_times(tmp_path, cache=kept)["content/platforms/jishi.yml"].month == 5


def test_outside_git_there_are_no_commit_times(tmp_path):
    assert get_commit_times(tmp_path) == {}


def test_the_log_is_read_newest_first():
    lines = ["\x012024-05-01T00:00:00+00:00", "", "content/a.yml", "\x012024-01-01T00:00:00+00:00", "", "content/a.yml", "content/b.yml"]
    times = parse_log(lines)
    assert times["content/a.yml"].month == 5 and times["content/b.yml"].month == 1


# -- the built sample: feeds, head links, sitemap --------------------------------------------

LANG_ROOTS = {"zh": "", "en": "en/"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_publishes_both_feeds_per_language(sample_site: Path, lang):
    archive = load_archive(REPO / "content")
    root = sample_site / LANG_ROOTS[lang]
    consultations = parse((root / "feeds/consultations.xml").read_bytes())
    outcomes = parse((root / "feeds/outcomes.xml").read_bytes())
    for feed in (consultations, outcomes):
        check_atom(feed)
        assert feed.get(XML_LANG) == lang
        for entry in entries_of(feed):
            target = urljoin(f"http://site/{LANG_ROOTS[lang]}feeds/x.xml", entry.find(f"{ATOM}link").get("href"))
            path = sample_site / urlsplit(target).path.lstrip("/") / "index.html"
            assert path.is_file(), target
    assert len(entries_of(consultations)) == len(archive.consultations)
    assert len(entries_of(outcomes)) == len(archive.outcomes)


def test_every_page_links_its_feeds_in_the_head(sample_site: Path):
    pages = [p for p in sample_site.rglob("*.html") if p.name != "404.html" and "search" not in p.relative_to(sample_site).parts[:2]]
    assert len(pages) > 50
    for page in pages:
        head = page.read_text().split("</head>", 1)[0]
        assert head.count('type="application/atom+xml"') == 2, page
        assert "feeds/consultations.xml" in head and "feeds/outcomes.xml" in head


def sitemap_pages(sitemap: ET.Element) -> dict[str, dict[str, str]]:
    return {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in sitemap.findall(f"{SITEMAP}url")
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sitemap_lists_every_page_with_its_alternates(sample_site: Path, lang):
    root = sample_site / LANG_ROOTS[lang]
    sitemap = parse((root / "sitemap.xml").read_bytes())
    listed = sitemap_pages(sitemap)
    html_pages = {
        p.parent.relative_to(root).as_posix()
        for p in root.rglob("index.html")
        if not (lang == "zh" and p.relative_to(root).parts[0] == "en")
    }
    assert {posixpath.normpath(loc) for loc in listed} == {posixpath.normpath(page) for page in html_pages}
    for loc, alternates in listed.items():
        assert set(alternates) == {"zh", "en"}
        assert alternates[lang] == loc
        for other, href in alternates.items():
            target = urlsplit(urljoin(f"http://site/{LANG_ROOTS[lang]}sitemap.xml", href)).path.lstrip("/")
            assert (sample_site / target / "index.html").is_file(), href


def test_sitemap_addresses_are_absolute_under_a_site_url():
    roots = language_roots("https://archive.example.org/en/", {"zh": "../", "en": ""})
    assert roots == {"zh": "https://archive.example.org/", "en": "https://archive.example.org/en/"}
    sitemap = parse(render_sitemap(["index.md", "past/index.md"], "en", roots).content)
    assert sitemap_pages(sitemap) == {
        "https://archive.example.org/en/": {"zh": "https://archive.example.org/", "en": "https://archive.example.org/en/"},
        "https://archive.example.org/en/past/": {"zh": "https://archive.example.org/past/", "en": "https://archive.example.org/en/past/"},
    }
    assert language_roots(None, {"zh": "", "en": "en/"}) == {"zh": "./", "en": "en/"}


def test_a_site_url_builds_absolute_sitemaps_and_feeds(site_project):
    root = site_project()
    for name, url in (("mkdocs.yml", "https://archive.example.org/"), ("mkdocs.en.yml", "https://archive.example.org/en/")):
        config = root / name
        config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {url}\n", encoding="utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    english = sitemap_pages(parse((root / "site/en/sitemap.xml").read_bytes()))
    assert english["https://archive.example.org/en/past/"]["zh"] == "https://archive.example.org/past/"
    feed = parse((root / "site/feeds/consultations.xml").read_bytes())
    assert entries_of(feed)[0].find(f"{ATOM}link").get("href").startswith("https://archive.example.org/consultations/")


def test_a_language_without_its_own_site_url_is_an_error(site_project):
    root = site_project()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://archive.example.org/\n", encoding="utf-8")
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "set site_url in each language's config to that language's own address" in result.stderr
