"""``benchmarks/output_bytes.py SITE`` says where a built site's bytes go (issue 18): by
folder, and a record page's by part."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from shangliang.load import load_archive

SCRIPT = REPO / "benchmarks" / "output_bytes.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("output_bytes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


output_bytes = _load_script()


def test_a_record_page_s_parts_add_up_to_it_and_each_part_is_found(sample_site: Path):
    page = (sample_site / "consultations" / "jining-2022-culture" / "index.html").read_bytes()
    parts = output_bytes.get_parts(page)
    assert sum(parts.values()) == len(page)
    assert set(parts) == set(output_bytes.PARTS)
    content = page[page.index(b'<article class="md-content__inner md-typeset">'):page.index(b"</article>")]
    assert parts["content"] == len(content)
    assert b"<nav class=\"md-tabs\"" in page and parts["tabs"] > 0


def test_the_report_names_every_folder_and_the_record_pages(sample_site: Path):
    result = subprocess.run([sys.executable, str(SCRIPT), str(sample_site)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    folders = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and " MB " in line]
    assert {"consultations", "en/consultations", "search", "en/search", "assets", "(root)"} <= set(folders)
    assert f"Record pages: {2 * len(load_archive(REPO / 'content').records)}," in result.stdout  # each in both languages
    assert [line.split()[0] for line in result.stdout.splitlines() if "KiB a page" in line and line.startswith("  ")] == list(output_bytes.PARTS)


def test_a_missing_folder_is_an_error_without_a_traceback(tmp_path: Path):
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "site")], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"Error: {tmp_path / 'site'}: no such folder; give the folder a build wrote (site/ of a project)\n"
