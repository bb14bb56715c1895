"""Where published files land: the addresses the site keeps for itself, the attribute lists
of static pages, and the adapter's last check that nothing is written outside the site or
over another file, even when the archive's checks were skipped."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files

from conftest import REPO
from shangliang.adapters.engine import build_language
from shangliang.adapters.mkdocs_plugin import Handover
from shangliang.load import load_archive
from shangliang.published import Redirect
from shangliang.render.markdown import sanitize_static_page
from shangliang.render.page import GeneratedFile, Page
from shangliang.site_paths import destination_of, destination_problems, reserved_addresses
from shangliang.static_pages import attribute_list_problems


@pytest.mark.parametrize(
    ("path", "destination"),
    [
        ("about.md", "about/index.html"), ("index.md", "index.html"), ("README.md", "index.html"),
        ("a/README.md", "a/index.html"), ("a/b.md", "a/b/index.html"), ("img/x.png", "img/x.png"),
    ],
)
def test_destinations_are_where_mkdocs_writes(tmp_path, path, destination):
    for directory_urls in (True, False):
        mkdocs_file = File(path, src_dir=None, dest_dir=str(tmp_path), use_directory_urls=directory_urls)
        assert destination_of(path, directory_urls) == mkdocs_file.dest_uri
    assert destination_of(path) == destination


def test_the_reserved_addresses_cover_every_file_the_theme_publishes():
    config = load_config(str(REPO / "mkdocs.yml"))
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    published = {file.dest_uri.split("/", 1)[0] for file in files} | set(config.theme.static_templates)
    assert published  # Material's assets and 404.html at least
    assert published <= set(reserved_addresses("zh"))


def test_only_the_first_language_keeps_the_other_languages_folders():
    assert reserved_addresses("zh")["en"] == "the 'en' site"
    assert "en" not in reserved_addresses("en") and "zh" not in reserved_addresses("en")


def test_destination_problems_name_both_files_of_a_clash(tmp_path):
    site = str(tmp_path / "site")
    problems = destination_problems(
        [
            ("../elsewhere/x/index.html", "generated page", "../elsewhere/x.md"),
            ("feeds/consultations.xml", "generated file", "feeds/consultations.xml"),
            ("feeds/consultations.xml/index.html", "generated page", "feeds/consultations.xml.md"),
            ("index.html", "generated page", "index.md"),
            ("./index.html", "static page", "README.md"),
            ("search/x.png", "static file", "search/x.png"),
        ],
        site,
        {"search": "the search index"},
    )
    assert problems == [
        f"the generated page '../elsewhere/x.md' would be written at '{tmp_path}/elsewhere/x/index.html', outside the "
        f"site folder '{site}'",
        "the static page 'README.md' would be written at 'index.html', where the generated page 'index.md' is written",
        "the generated page 'feeds/consultations.xml.md' would be written at 'feeds/consultations.xml/index.html', "
        "inside 'feeds/consultations.xml', where the generated file 'feeds/consultations.xml' is written as a file",
        "the static file 'search/x.png' would be written at 'search/x.png', but 'search/' holds the search index",
    ]


# Attribute lists: whatever Python-Markdown sets beyond an id and classes, the check reports

attribute_lists = st.sampled_from([
    "{: onclick=x}", "{ onmouseover=\"a b\" }", "{:.c #i style='x'}", "{ hidden }", "{: .c }", "{#i}", "{x=y}",
    "{: .a} {: onclick=b}", "{ title=t }",
])
fragments = st.sampled_from([
    "# ", "## ", "text", " ", "\n", "\n\n", "*em*", "**b**", "`code`", "[a](https://x.example)", "![i](x.png)",
    "- ", "1. ", "> ", "| a | b |\n|---|---|\n| ", " |", "Term\n: ", "\\", "#", "_i_", "<b>x</b>", "&amp;",
    "    ", "!!! note\n    ",
])
page_texts = st.lists(st.one_of(fragments, attribute_lists), min_size=1, max_size=12).map("".join)


class _AttributeNames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _ in attrs)


def _attributes_set_by_attr_list(text: str) -> set[str]:
    """Attributes in Python-Markdown's HTML for ``text`` that only an attribute list sets."""
    parser = _AttributeNames()
    parser.feed(markdown.markdown(text, extensions=["attr_list", "admonition", "tables", "def_list"]))
    return parser.names - {"id", "class", "href", "src", "alt"}  # ids, classes and what Markdown's syntax sets


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts)
def test_every_attribute_an_attribute_list_sets_is_reported(text):
    if _attributes_set_by_attr_list(text):
        assert attribute_list_problems(text)


# The adapter's last check, with the archive's checks out of the way


def _plugin_and_config(root: Path, site_dir: Path):
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    return config.plugins["shangliang"], config


def test_the_adapter_refuses_a_page_uri_that_leads_out_of_the_site(site_project, tmp_path):
    site = tmp_path / "out" / "site"
    plugin, config = _plugin_and_config(site_project(), site)
    uri = "../../elsewhere/x.md"
    plugin.pages = {uri: Page(uri, "x", "<p>x</p>")}
    with pytest.raises(PluginError) as caught:
        plugin.check_destinations(get_files(config), config, [])
    assert str(caught.value) == (
        f"the generated page '{uri}' would be written at '{tmp_path}/elsewhere/x/index.html', outside the site folder "
        f"'{site}'\nNothing was written."
    )


def test_the_adapter_refuses_a_page_where_a_feed_is_written(site_project, tmp_path):
    plugin, config = _plugin_and_config(site_project(), tmp_path / "site")
    plugin.pages = {"feeds/consultations.xml.md": Page("feeds/consultations.xml.md", "x", "<p>x</p>")}
    feed = GeneratedFile("feeds/consultations.xml", b"<feed/>")
    with pytest.raises(PluginError) as caught:
        plugin.check_destinations(get_files(config), config, [feed])
    assert str(caught.value) == (
        "the generated page 'feeds/consultations.xml.md' would be written at 'feeds/consultations.xml/index.html', "
        "inside 'feeds/consultations.xml', where the generated file 'feeds/consultations.xml' is written as a file\n"
        "Nothing was written."
    )


def test_the_adapter_refuses_a_static_file_in_place_of_the_themes(site_project, tmp_path):
    root = site_project()
    script = root / "content/pages/zh/assets/javascripts/shangliang-search.js"
    script.parent.mkdir(parents=True)
    script.write_text("alert(1)\n")
    plugin, config = _plugin_and_config(root, tmp_path / "site")
    plugin.config.search = True
    with pytest.raises(PluginError) as caught:
        plugin.check_destinations(get_files(config), config, [])
    assert str(caught.value) == (
        "the static file 'assets/javascripts/shangliang-search.js' would replace the theme's file of that name\n"
        "Nothing was written."
    )


def test_a_build_whose_validation_was_skipped_writes_nothing_outside_the_site(site_project, tmp_path, caplog):
    root = site_project()
    archive = load_archive(root / "content", root)
    archive.redirects.append(Redirect("../../elsewhere/x", "consultations/jining-2022-culture"))
    site = tmp_path / "out" / "site"
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        error, _ = build_language(str(root / "mkdocs.yml"), str(site), search=False, handover=Handover(archive))
    assert error == "mkdocs.yml: Aborted with a BuildError!"
    assert caplog.messages == [
        f"the generated page '../../elsewhere/x.md' would be written at '{tmp_path}/elsewhere/x/index.html', outside "
        f"the site folder '{site}'\nNothing was written."
    ]
    assert not (tmp_path / "elsewhere").exists()
    assert not (site / "index.html").exists()


def test_a_static_page_that_skipped_validation_loses_its_event_handlers(site_project, tmp_path, monkeypatch):
    root = site_project()
    (root / "content/pages/zh/rules.md").write_text(
        '# 规则 {: #rules .lead onclick="alert(1)" }\n\n段落\n{ onmouseover="alert(2)" style="color:red" }\n\n'
        '| 列 |\n|:--|\n| 值 |\n\n<p onclick="alert(3)">x</p>\n',
        encoding="utf-8",
    )
    monkeypatch.setattr("shangliang.load.check_static_pages", lambda *args: [])
    handover = Handover(load_archive(root / "content", root))
    error, _ = build_language(str(root / "mkdocs.yml"), str(tmp_path / "site"), search=False, handover=handover)
    assert error is None
    html = (tmp_path / "site/rules/index.html").read_text(encoding="utf-8")
    assert '<h1 class="lead" id="rules">规则</h1>' in html
    assert '<th style="text-align: left;">列</th>' in html
    assert "alert" not in html and "color:red" not in html


def test_a_static_page_that_skipped_validation_cannot_pick_a_template(site_project, tmp_path, monkeypatch, caplog):
    root = site_project()
    (root / "content/pages/en/moved.md").write_text(
        "---\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n# Moved\n", encoding="utf-8"
    )
    monkeypatch.setattr("shangliang.load.check_static_pages", lambda *args: [])
    handover = Handover(load_archive(root / "content", root))
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        error, _ = build_language(str(root / "mkdocs.en.yml"), str(tmp_path / "site"), search=False, handover=handover)
    assert error == "mkdocs.en.yml: Aborted with a BuildError!"
    assert caplog.messages == [
        "Error reading page 'moved.md':",  # MkDocs' own words, then the plugin's
        "moved.md: template: 'template' is not a setting a static page may have; expected only title, description or "
        "hide (other settings can pick another template of the theme or send readers elsewhere); location: 'location' "
        "is not a setting a static page may have; expected only title, description or hide (other settings can pick "
        "another template of the theme or send readers elsewhere)"
    ]
    assert not (tmp_path / "site/moved/index.html").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_allowlist_keeps_the_sample_static_pages_as_mkdocs_renders_them(lang):
    text = (REPO / f"content/pages/{lang}/about.md").read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["toc", "attr_list", "admonition", "tables"])
    assert sanitize_static_page(html) == html


def test_the_allowlist_keeps_what_static_pages_legitimately_hold():
    html = (
        '<h2 id="rules">Rules<a class="headerlink" href="#rules" title="Permanent link">¶</a></h2>\n'
        '<div class="admonition note">\n<p class="admonition-title">Note</p>\n<p>Text.</p>\n</div>'
    )
    kept = html.replace('title="Permanent link"', 'title="Permanent link" rel="noopener noreferrer"')
    assert sanitize_static_page(html) == kept


def test_a_setting_file_that_is_not_yaml_is_named_once(site_project, tmp_path):
    root = site_project()
    config = root / "mkdocs.en.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_name: [", 1), encoding="utf-8")
    error, _ = build_language(str(config), str(tmp_path / "site"), search=False)
    assert error.startswith("mkdocs.en.yml: MkDocs encountered an error parsing the configuration file: ")
