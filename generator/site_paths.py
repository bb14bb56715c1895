"""Where each published file lands on a language's site.

A link in a summary to a record's file leads to the record's page; any other path names a
file that is published at that same path.
"""

from __future__ import annotations

import posixpath

from .loader import ENGLISH_SUFFIX, RECORD_SUFFIXES
from .model import TYPES_BY_FOLDER


def is_record_file(path: str) -> bool:
    """Whether ``path`` (relative to ``content/``) is where a record file is: a link to it
    leads to the record's page, and the file itself is never published."""
    folder, _, name = posixpath.normpath(path).partition("/")
    return folder in TYPES_BY_FOLDER and name.endswith(RECORD_SUFFIXES) and not name.endswith(ENGLISH_SUFFIX)
