"""Generated pages outside the navigation are made from their kind's shell
(``adapters/shells.py``): the theme renders the first pages of each kind, and the rest are
that page with their own values put in. The site must be what the theme would have made of
every page, byte for byte; a theme that prints anything else of a page gets its whole
template for every page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from golden import BUILD_ENV
from shangliang.adapters.shells import ATTEMPTS, PageValues, Shells, cut, fill
from test_reproducible import PAGEFIND_UNSTABLE, snapshot

SHELL = "<html><title>{title} - 政协</title><link href='/{address}/'><meta content='{description}'><main>{content}</main><a href='{address}'>EN</a></html>"


def page(title: str, address: str = "consultations/a", description: str = "d", content: str = "<p>x</p>") -> tuple[PageValues, str]:
    values = PageValues(content=content, address=address, description=description, title=title)
    return values, SHELL.format(title=title, address=address, description=description, content=content)


def test_a_shell_cut_from_one_page_makes_another():
    first, html = page("甲", "consultations/a", "一", "<h1>甲</h1>")
    shell = cut(html, first)
    second, expected = page("乙 & 丙", "consultations/b", "二", "<h1>乙</h1><p>consultations/a 甲</p>")
    assert fill(shell, second) == expected
    assert shell.count("address") == 2 and shell.count("content") == 1


def test_a_value_that_is_also_the_theme_s_text_is_proven_wrong_and_the_next_page_gives_the_shell():
    shells = Shells()
    group = ("consultations", 2, True)
    collision, html = page("政协")  # the title is also the site's name: cut, it takes the site's name too
    shells.learn(group, collision, html)
    assert shells.page_for(group, page("乙")[0]) is None  # not proven yet
    shells.learn(group, *page("乙", "consultations/b"))  # 政协 - 政协 ≠ 乙 - 政协: cut again from this page
    assert shells.page_for(group, page("丙")[0]) is None
    shells.learn(group, *page("丙", "consultations/c"))  # proves it
    values, expected = page("政协", "consultations/d", "描述", "<p>y</p>")
    assert shells.page_for(group, values) == expected
    assert shells.filled == 1


def test_a_group_whose_pages_differ_elsewhere_goes_through_the_theme():
    shells = Shells()
    group = ("consultations", 2, True)
    for number in range(ATTEMPTS + 2):
        values, html = page(f"第{number}", f"consultations/{number}")
        shells.learn(group, values, html.replace("</html>", f"<!-- {number * 7} --></html>"))  # not one of the values
        assert shells.page_for(group, page("甲")[0]) is None
    assert shells.groups[group].shell is None


def test_a_theme_that_changes_the_content_gets_no_shell():
    values, html = page("甲", content="<p>x</p>")
    assert cut(html.replace("<p>x</p>", "<p>X</p>"), values) is None
    assert cut(html.replace("<p>x</p>", "<p>x</p><p>x</p>"), values) is None


def _copy_sample(root: Path) -> Path:
    root.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml", "theme", "content"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def _build(root: Path, site: Path, *options: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shangliang.cli", "build", "-q", "--site-dir", str(site), *options],
        cwd=root, capture_output=True, text=True, timeout=600, env={**os.environ, **BUILD_ENV},
    )
    assert result.returncode == 0, result.stderr


def test_the_sample_made_from_shells_is_the_sample_made_by_the_theme_page_by_page(sample_site, tmp_path):
    root = _copy_sample(tmp_path / "project")
    (root / "theme" / "shangliang-page.html").write_text('{% include "main.html" %}', encoding="utf-8")  # no shells
    _build(root, tmp_path / "site")
    shells, theirs = snapshot(sample_site), snapshot(tmp_path / "site")
    stable = lambda files: {name: data for name, data in files.items() if not PAGEFIND_UNSTABLE.search(name)}  # noqa: E731
    pages = [name for name in stable(shells) if name.endswith(".html")]
    assert len(pages) > 150
    assert sorted(stable(shells)) == sorted(stable(theirs))
    assert [name for name in stable(shells) if shells[name] != theirs[name]] == []


def test_a_theme_printing_more_of_each_page_gets_its_whole_template_for_every_page(tmp_path):
    root = _copy_sample(tmp_path / "project")
    copyright_partial = root / "theme" / "partials" / "copyright.html"  # its source path, backwards: no value of a shell
    copyright_partial.write_text(
        copyright_partial.read_text(encoding="utf-8") + '{% if page and page.file %}<span class="from">{{ page.file.src_uri[::-1] }}</span>{% endif %}\n', encoding="utf-8"
    )
    site = tmp_path / "site"
    _build(root, site, "--no-search")
    checked = 0
    for path in site.rglob("*.html"):
        name = path.relative_to(site).as_posix()
        if not re.match(r"(en/)?(consultations|outcomes|units|platforms)/", name):
            continue
        folder = name.removeprefix("en/").removesuffix("/index.html")
        assert re.findall(r'<span class="from">([^<]*)</span>', path.read_text(encoding="utf-8")) in ([f"{folder}.md"[::-1]], [f"{folder}/index.md"[::-1]]), name
        checked += 1
    assert checked > 40
