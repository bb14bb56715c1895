"""The baseline a Shangliang build is compared with: the same pages, written as plain Markdown
files, built by MkDocs with Material and no generator.

``write_baseline(project, out)`` renders every page of ``project`` once with Shangliang (not
timed), turns each page's content back into the Markdown an editor would have written for
it by hand (headings, paragraphs, lists, links, tables, definition lists as bold labels),
and writes a plain MkDocs project into ``out``: one ``mkdocs.yml`` per language with the same
theme, palette, features, Markdown extensions and navigation as the project's, no plugins
and no theme overrides, and every page out of the navigation, as Shangliang's record pages
are. Building it is the floor for any Material site of that size.
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

from shangliang.load import load_archive
from shangliang.render import get_nav, render_site
from shangliang.languages import LANGUAGES
from shangliang.render.page import SiteInfo

BLOCKS = {"p", "div", "section", "article", "header", "footer", "nav", "ul", "ol", "dl", "table", "figure", "details"}
SKIPPED = {"svg", "script", "style"}


def write_baseline(project: Path, out: Path) -> int:
    """Write the baseline project for ``project`` into ``out`` (emptied first); returns the
    number of pages written per language."""
    if out.exists():
        shutil.rmtree(out)
    archive = load_archive(project / "content", project)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    count = 0
    for lang in LANGUAGES:
        docs = out / "docs" / lang
        site = SiteInfo(lang=lang, site_name=f"baseline {lang}", description="", edit_base=None,
                        search=False, site_url=None)
        pages = render_site(archive, site)
        for page in pages:
            target = docs / page.uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(to_markdown(page.html) + "\n", encoding="utf-8")
        count = len(pages)
        settings = {
            "site_name": site.site_name,
            "docs_dir": f"docs/{lang}",
            "site_dir": f"site-{lang}",  # side by side: MkDocs empties a site folder first
            "theme": {**{k: v for k, v in config["theme"].items() if k != "custom_dir"}, "language": lang},
            "plugins": [],
            "markdown_extensions": config.get("markdown_extensions", []),
            "nav": get_nav(lang, archive),
            "validation": {"nav": {"not_found": "ignore", "omitted_files": "ignore"},
                           "links": {"not_found": "ignore", "unrecognized_links": "ignore", "absolute_links": "ignore"}},
        }
        name = "mkdocs.yml" if lang == LANGUAGES[0] else f"mkdocs.{lang}.yml"
        (out / name).write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def to_markdown(content: str) -> str:
    """The Markdown that renders to about the same content as ``content`` (HTML)."""
    converter = _ToMarkdown()
    converter.feed(content)
    converter.close()
    text = "".join(converter.out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []
        self.href: list[str | None] = []
        self.skip = 0
        self.hidden = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in SKIPPED or "hidden" in values:
            self.skip += 1 if tag not in {"br", "img", "input"} else 0
            return
        if self.skip:
            return
        if tag in {"h1", "h2", "h3", "h4"}:
            self.out.append("\n\n" + "#" * (int(tag[1]) + (tag != "h1")) + " ")
        elif tag in {"ul", "ol"}:
            self.lists.append(tag)
            self.out.append("\n")
        elif tag == "li":
            marker = "1." if self.lists and self.lists[-1] == "ol" else "-"
            self.out.append("\n" + "    " * max(0, len(self.lists) - 1) + marker + " ")
        elif tag == "dt":
            self.out.append("\n\n**")
        elif tag == "dd":
            self.out.append(": ")
        elif tag == "a":
            self.href.append(values.get("href"))
            self.out.append("[")
        elif tag == "tr":
            self.out.append("\n|")
            self.cells = 0
        elif tag in {"th", "td"}:
            self.out.append(" ")
        elif tag == "br":
            self.out.append("  \n")
        elif tag in BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED or (self.skip and tag not in {"br", "img", "input"}):
            if self.skip:
                self.skip -= 1
            return
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self.out.append("\n\n")
        elif tag == "dt":
            self.out.append("**")
        elif tag == "a" and self.href:
            href = self.href.pop()
            self.out.append(f"]({href})" if href else "]")
        elif tag in {"th", "td"}:
            self.out.append(" |")
            self.cells += 1
        elif tag == "thead":
            self.out.append("\n|" + " --- |" * max(1, self.cells))
        elif tag in {"h1", "h2", "h3", "h4"} or tag in BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if text.strip():
            self.out.append(html.escape(text, quote=False).replace("*", "\\*").replace("_", "\\_"))
