"""The allowlist of file types: each type the site publishes, recognised by its name and by
its first bytes; the refusals, with their messages, are in the corpus of bad inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from shangliang.filetypes import FILE_TYPES, file_type_problem

ALLOWED_FILES = {
    "a.pdf": b"%PDF-1.7\n", "a.png": b"\x89PNG\r\n\x1a\n", "a.jpg": b"\xff\xd8\xff\xe0", "a.jpeg": b"\xff\xd8\xff\xdb",
    "a.gif": b"GIF89a", "a.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a.csv": "\ufeff单位,建议\n".encode(),
    "a.txt": "会议纪要\n".encode(), "a.docx": b"PK\x03\x04", "a.xlsx": b"PK\x03\x04", "a.pptx": b"PK\x03\x04",
    "a.odt": b"PK\x03\x04", "a.ods": b"PK\x03\x04", "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "a.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.ppt": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "A.PDF": b"%PDF-1.4",
}


@pytest.mark.parametrize("name", ALLOWED_FILES)
def test_every_allowed_type_is_published_when_its_bytes_say_so(tmp_path, name):
    file = tmp_path / name
    file.write_bytes(ALLOWED_FILES[name])
    assert file_type_problem(file, f"'{name}'") is None


def test_the_allowlist_names_each_type_once():
    extensions = [extension for file_type in FILE_TYPES for extension in file_type.extensions]
    assert len(extensions) == len(set(extensions))
    assert {extension for name in ALLOWED_FILES for extension in [Path(name).suffix.lower()]} == set(extensions)


def test_a_webp_that_is_a_wav_file_is_refused(tmp_path):
    file = tmp_path / "a.webp"
    file.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt ")
    assert file_type_problem(file, "'a.webp'") == (
        "'a.webp' is not a WebP image: it does not start as WebP files do; save it again as WebP"
    )


def test_a_changed_file_is_checked_again(tmp_path):
    file = tmp_path / "a.pdf"
    file.write_bytes(b"%PDF-1.7\n")
    assert file_type_problem(file, "'a.pdf'") is None
    file.write_bytes(b"<html><script>alert(1)</script>")
    assert file_type_problem(file, "'a.pdf'") == "'a.pdf' is not a PDF document but a web page; save it again as PDF"
