"""Where published files land: the addresses the site keeps for itself, and the attribute
lists of static pages."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from conftest import REPO
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
