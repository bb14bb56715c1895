"""What a record page offers beyond its record: "propose a correction" in the repository's
web editor, and its permanent address with a QR code, on screen and on an A4 sheet.

The sample is built once with repo_url, edit_uri and site_url set (a GitHub repository for
the Chinese site, a GitLab one for the English site, which sets its own) and compared with
the shared sample build, which sets none of them."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import copy_site_files, run_cli

RECORD = "consultations/jining-2022-culture"
RECORD_FILE = "content/consultations/2022/jining-2022-culture.md"
GITHUB = "https://github.com/example-org/archive"
GITLAB = "https://gitlab.com/example-group/archive"


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("configured") / "project"
    copy_site_files(root, ("mkdocs.yml", "mkdocs.en.yml", "theme", "content"))
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(f"repo_url: {GITHUB}\nedit_uri: edit/main/content/pages/zh/\nsite_url: https://archive.example.org/\n")
    with open(root / "mkdocs.en.yml", "a", encoding="utf-8") as config:
        config.write(f"repo_url: {GITLAB}/\nedit_uri: -/edit/dev/\nsite_url: https://archive.example.org/en/\n")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def correction_links(html: str) -> list[tuple[str, str]]:
    footer = re.search(r'<footer class="sl-correction"[^>]*>(.*?)</footer>', html, re.DOTALL)
    assert footer, "no correction footer"
    return re.findall(r'<a class="sl-correction__link" href="([^"]+)" rel="noopener">([^<]+)</a>', footer.group(1))


def test_record_pages_link_to_their_file_in_the_web_editor(configured_site: Path):
    zh = (configured_site / RECORD / "index.html").read_text(encoding="utf-8")
    en = (configured_site / "en" / RECORD / "index.html").read_text(encoding="utf-8")
    assert correction_links(zh) == [(f"{GITHUB}/edit/main/{RECORD_FILE}", "提出更正")]
    assert correction_links(en) == [
        (f"{GITLAB}/-/edit/dev/{RECORD_FILE}", "Propose a correction"),
        (f"{GITLAB}/-/edit/dev/content/consultations/2022/jining-2022-culture.en.md", "Correct the English text"),
    ]
    platform = (configured_site / "platforms/jishi-shangliang/index.html").read_text(encoding="utf-8")
    assert correction_links(platform) == [(f"{GITHUB}/edit/main/content/platforms/jishi-shangliang.yml", "提出更正")]
    static = (configured_site / "en/about/index.html").read_text(encoding="utf-8")
    assert correction_links(static) == [(f"{GITLAB}/-/edit/dev/content/pages/en/about.md", "Propose a correction")]


def test_with_site_url_the_address_is_printed_at_build_time(configured_site: Path):
    for lang, root in (("zh", ""), ("en", "en/")):
        html = (configured_site / root / RECORD / "index.html").read_text(encoding="utf-8")
        address = f"https://archive.example.org/{root}{RECORD}/"
        assert f'data-address="{address}">' in html and "sl-qr" not in html, lang  # the code is the script's
        assert f'<a class="sl-permalink__url" href="{address}">{address}</a>' in html, lang


def test_without_repository_settings_no_file_path_or_link_is_shown(sample_site: Path):
    pages = [sample_site / RECORD / "index.html", sample_site / "en" / RECORD / "index.html", sample_site / "en/about/index.html"]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "content/" not in html and "sl-correction" not in html, path
        assert "记录文件" not in html and "Record file" not in html, path


def test_a_repository_address_that_is_not_http_stops_the_build(tmp_path: Path):
    root = tmp_path / "project"
    copy_site_files(root, ("mkdocs.yml", "mkdocs.en.yml", "theme", "content"))
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("repo_url: https://github.com/o/r\nedit_uri: javascript:alert(1)//\n")
    result = run_cli("build", "--no-search", cwd=root)
    assert result.returncode != 0
    assert "edit_uri: 'javascript:alert(1)/' is not an http(s) address; expected e.g. https://github.com/OWNER/REPO" in result.stderr
    assert not (root / "site").exists()


# --- In a browser: the QR code on screen and the printed sheet --------------------------------

def png_to_grey(png: bytes) -> memoryview:
    """The pixels of an 8-bit RGB or RGBA PNG (what Chromium's screenshots are) as one grey
    byte each, shaped (height, width) for zxing-cpp."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            chunks.append(data)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and not interlace, header
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line[x * channels] * 3 // 10 + line[x * channels + 1] * 6 // 10 + line[x * channels + 2] // 10 for x in range(width)))
        previous = line
    return memoryview(b"".join(rows)).cast("B", (height, width))


def read_qr(page: Page) -> str:
    import zxingcpp

    code = page.locator(".sl-qr svg")
    expect(code).to_be_visible()
    found = zxingcpp.read_barcode(png_to_grey(code.screenshot()), formats=zxingcpp.BarcodeFormat.QRCode)
    text = found.text if found is not None else None
    # Keep no zxing object past this call: a full run once ended with nanobind warning at
    # exit of a leaked Barcode (likely kept in a cycle that a later build's gc.freeze() kept).
    del found
    assert text is not None, "no QR code could be read"
    return text


@pytest.mark.parametrize(("path", "label"), [(RECORD, "本页地址的二维码："), ("en/outcomes/jining-2022-culture-instruction", "QR code of this page's address: ")])
def test_the_qr_code_reads_as_the_page_s_address(page: Page, sample_server: str, path: str, label: str):
    """The sample sets no site_url: the browser knows the address, and the code says it."""
    page.goto(sample_server + path + "/")
    address = sample_server + path + "/"
    assert read_qr(page) == address
    expect(page.locator(".sl-qr svg")).to_have_attribute("aria-label", label + address)
    expect(page.locator(".sl-permalink__url")).to_have_text(address)
    box = page.locator(".sl-qr svg").bounding_box()
    assert 100 <= box["width"] <= 200 and box["width"] == box["height"]


def test_a_consultation_prints_as_a_clean_a4_sheet(page: Page, sample_server: str, tmp_path: Path):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 px to the inch
    page.goto(sample_server + RECORD + "/")
    expect(page.locator(".sl-qr svg")).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=tmp_path / "print.png", full_page=True)
    for screen_only in (".md-header", ".md-tabs", ".md-search", ".md-sidebar--primary", ".md-sidebar--secondary",
                        ".md-footer", ".md-select", ".sl-breadcrumbs"):
        expect(page.locator(screen_only).first).to_be_hidden()
    assert read_qr(page) == sample_server + RECORD + "/"
    printed = page.locator("article").inner_text()
    assert sample_server + RECORD + "/" in printed
    content = page.locator(".md-content").bounding_box()
    assert content["x"] <= 10 and content["width"] >= 794 - 20, "the content takes the sheet's width"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    sheets = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= sheets <= 2, f"{sheets} A4 sheets"
