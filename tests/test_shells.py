"""Generated pages outside the navigation are made from their kind's shell
(``adapters/shells.py``): the theme renders the first pages of each kind, and the rest are
that page with their own values put in. The site must be what the theme would have made of
every page, byte for byte; a theme that prints anything else of a page gets its whole
template for every page."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from golden import run_pinned
from shangliang.adapters.shells import ATTEMPTS, PageValues, Shells, cut, fill
from test_reproducible import site_differences

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
    group = ("consultations", 2, True, True)
    collision, html = page("政协", "consultations/a", "一")  # the title is also the site's name: cut, it takes the site's name too
    shells.learn(group, collision, html)
    assert shells.page_for(group, page("乙")[0]) is None  # not proven yet
    shells.learn(group, *page("乙", "consultations/b", "二"))  # 乙 - 乙 ≠ 乙 - 政协: cut again from this page
    assert shells.page_for(group, page("丙")[0]) is None
    shells.learn(group, *page("丙", "consultations/c", "三"))  # proves it
    values, expected = page("政协", "consultations/d", "描述", "<p>y</p>")
    assert shells.page_for(group, values) == expected
    assert shells.filled == 1


def test_a_page_whose_title_holds_its_description_neither_gives_nor_proves_a_shell():
    """Cut from "Alpha City Works Bureau", described "City", the shell would keep "Alpha "
    and " Works Bureau" as the theme's own text, and a page "Alpha County Works Bureau",
    described "County", would prove it."""
    shells = Shells()
    group = ("units", 2, True, True)
    for values, html in (page("Alpha City Works Bureau", "units/aa-1", "City"), page("Alpha County Works Bureau", "units/aa-2", "County")):
        shells.learn(group, values, html)
    assert shells.groups[group].shell is None
    shells.learn(group, *page("Gamma Harbour Office", "units/aa-3", "City"))
    shells.learn(group, *page("Delta Port Office", "units/aa-4", "Town"))
    for title, address, description in (("Alpha City Works Bureau", "units/aa-1", "City"), ("Epsilon", "units/aa-5", "Village")):
        values, expected = page(title, address, description)
        assert shells.page_for(group, values) == expected


def test_a_second_page_with_the_first_page_s_description_cannot_prove_its_shell():
    """The description is also the theme's text here: a shell cut from a page with that
    description takes the theme's text out too, and only a page with another description
    shows it."""
    template = "<title>{title}</title><meta content='{description}'><footer>市政协</footer><main>{content}</main>{address}"
    def themed(title, address, description):
        values = PageValues(content=f"<p>{title}</p>", address=address, description=description, title=title)
        return values, template.format(title=title, address=address, description=description, content=values.content)
    shells = Shells()
    group = ("units", 2, True, True)
    shells.learn(group, *themed("甲", "units/a", "市政协"))
    shells.learn(group, *themed("乙", "units/b", "市政协"))  # the same description: proves the title and address only
    assert shells.groups[group].varied == {"address", "title"}
    values, expected = themed("丙", "units/c", "市政协")
    assert shells.page_for(group, values) == expected
    assert shells.page_for(group, themed("丙", "units/c", "区政协")[0]) is None
    shells.learn(group, *themed("丙", "units/c", "区政协"))  # the theme's 市政协 was cut as a value: a miss, cut again
    shells.learn(group, *themed("丁", "units/d", "县政协"))
    values, expected = themed("戊", "units/e", "镇政协")
    assert shells.page_for(group, values) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text("ab政协 -", min_size=1, max_size=4), st.text("ab政协 -", max_size=3)), min_size=1, max_size=12))
def test_every_page_made_from_a_shell_is_the_page_the_theme_makes(titles):
    """Pages in the order MkDocs writes them, each made from its group's shell when the
    group has a proven one, else by the theme (which the shells then learn from), whatever
    the values have in common with one another and with the theme's own text."""
    template = "<title>{title} - 政协 ab</title><meta content='{description}'><h1>-{title}-</h1><main>{content}</main><a href='{address}/'>a{description}b</a>"
    shells = Shells()
    for number, (title, description) in enumerate(titles):
        address = f"units/u{number}"
        values = PageValues(content=f"<p>{number}</p>", address=address, description=description, title=title)
        theirs = template.format(title=title, address=address, description=description, content=values.content)
        group = ("units", 2, True, bool(description))
        made = shells.page_for(group, values)
        if made is None:
            shells.learn(group, values, theirs)
        else:
            assert made == theirs


def test_a_group_whose_pages_differ_elsewhere_goes_through_the_theme():
    shells = Shells()
    group = ("consultations", 2, True, True)
    for number in range(ATTEMPTS + 2):
        values, html = page(f"第{number}", f"consultations/{number}", f"描述{number}")
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
    result = run_pinned("build", "-q", "--site-dir", str(site), *options, cwd=root)
    assert result.returncode == 0, result.stderr


def test_the_sample_made_from_shells_is_the_sample_made_by_the_theme_page_by_page(sample_site, tmp_path):
    root = _copy_sample(tmp_path / "project")
    (root / "theme" / "shangliang-page.html").write_text('{% include "main.html" %}', encoding="utf-8")  # no shells
    _build(root, tmp_path / "site")
    assert site_differences(sample_site, tmp_path / "site") == []


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


def test_most_record_pages_of_the_sample_are_made_from_shells(tmp_path, caplog):
    """The shells must be used, not only right: a change that made every group miss would
    leave the site the same and the build as slow as before."""
    from shangliang.adapters.engine import build_language, check_content, find_config
    from shangliang.adapters.mkdocs_plugin import Handover

    site = find_config(REPO / "mkdocs.yml")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.shangliang"):
        error, _ = build_language(str(REPO / "mkdocs.yml"), str(tmp_path / "site"), search=False, handover=Handover(check_content(site)))
    assert error is None
    counts = [re.fullmatch(r"zh: (\d+) of (\d+) pages made from their kind's shell", record.getMessage()) for record in caplog.records]
    filled, outside = next(map(int, match.groups()) for match in counts if match)
    assert outside > 60 and filled >= outside - 25  # a few pages of each kind go through the theme to make and prove its shell
