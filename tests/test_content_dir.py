"""A content folder of another name (``content_dir: records``) builds the same site: the
folder's name is never part of an address (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_link_to_another_records_file_leads_to_its_page(records_dir_site: Path, lang):
    site = records_dir_site / "site" / ("en" if lang == "en" else "")
    html = (site / "consultations" / "jining-2022-culture" / "index.html").read_text(encoding="utf-8")
    text = "提案" if lang == "zh" else "The proposal"
    assert f'<a href="../../proposals/proposal-2023-001/" rel="noopener noreferrer">{text}</a>' in html
    assert (site / "proposals" / "proposal-2023-001" / "index.html").is_file()


def test_no_page_links_to_a_record_file(records_dir_site: Path):
    site = records_dir_site / "site"
    pages = [page for page in site.rglob("*.html") if "/search/" not in page.as_posix()]
    assert len(pages) > 10
    assert [page.relative_to(site).as_posix() for page in pages if ".yml\"" in page.read_text(encoding="utf-8")] == []
    assert (site / "attachments" / "minutes.txt").read_text(encoding="utf-8") == "Minutes.\n"
    assert (site / "en" / "attachments" / "minutes.txt").read_text(encoding="utf-8") == "Minutes.\n"
