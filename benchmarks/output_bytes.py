"""Where a built site's bytes go: ``python benchmarks/output_bytes.py SITE``.

Prints the site's size by folder (each language's top-level folders: ``consultations``,
``en/consultations``, ``search``, ``assets`` ...), then, for the record pages (a
consultation's, a proposal's, an outcome's, a platform's, a unit's or an organisation's own
page), how many bytes of the average page each part takes, split at Material's landmarks:

- ``head``: the ``<head>`` (policy, alternates, feeds, stylesheets, scripts);
- ``header``: the header bar (logo, title, reading switch, language menu, search box);
- ``tabs``: the tabs under it;
- ``nav``: the drawer's navigation (the primary sidebar);
- ``content``: the record's own content (the ``<article>``);
- ``scripts``: from Material's dialog to the end (``__config``, the scripts);
- ``other``: the rest (the body's opening, the empty table of contents, containers, footer).

Example: after ``python benchmarks/synth.py p1k --size 1000`` and ``shangliang build
--no-search`` in ``p1k``, ``python benchmarks/output_bytes.py p1k/site``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

RECORD_PAGE = re.compile(r"(?:en/)?(?:consultations|proposals|outcomes|platforms|units|organisations)/[^/]+/index\.html")
"""A record's own page, relative to the site (the folders' index pages are not records)."""
REDIRECT = b'<meta http-equiv="refresh"'
"""What a page at a record's former address has (it is left out)."""
LANDMARKS = [
    ("head", b"<head>"),
    ("other", b"<body"),
    ("header", b'<header class="md-header"'),
    ("tabs", b'<nav class="md-tabs"'),
    ("other", b'<main class="md-main"'),
    ("nav", b'<div class="md-sidebar md-sidebar--primary"'),
    ("other", b'<div class="md-sidebar md-sidebar--secondary"'),
    ("content", b'<article class="md-content__inner md-typeset">'),
    ("other", b"</article>"),
    ("scripts", b'<div class="md-dialog"'),
]
"""Where each part starts, in the order Material writes them; a part runs to the next one
found. What comes before the first is ``other``."""
PARTS = ("header", "content", "nav", "head", "tabs", "scripts", "other")


def get_parts(page: bytes) -> Counter[str]:
    """The bytes of ``page`` in each part (``PARTS``); they add up to its size."""
    starts: list[tuple[int, str]] = [(0, "other")]
    position = 0
    for part, landmark in LANDMARKS:
        found = page.find(landmark, position)
        if found >= 0:
            starts.append((found, part))
            position = found + len(landmark)
    sizes: Counter[str] = Counter()
    for (start, part), (end, _) in zip(starts, [*starts[1:], (len(page), "")]):
        sizes[part] += end - start
    return sizes


def get_folder(relative: str) -> str:
    """The top-level folder of a language a file is in (``en/past`` for ``en/past/x.html``),
    or ``(root)`` / ``en/(root)`` for a file at a language's root."""
    parts = relative.split("/")
    if parts[0] == "en" and len(parts) > 1:
        return "en/" + (parts[1] if len(parts) > 2 else "(root)")
    return parts[0] if len(parts) > 1 else "(root)"


def measure(site: Path) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """Bytes and files by folder, the record pages' bytes by part, and how many record pages."""
    folder_bytes: Counter[str] = Counter()
    folder_files: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    records = 0
    for directory, _, names in os.walk(site):
        for name in names:
            path = Path(directory, name)
            relative = path.relative_to(site).as_posix()
            size = path.stat().st_size
            folder = get_folder(relative)
            folder_bytes[folder] += size
            folder_files[folder] += 1
            if RECORD_PAGE.fullmatch(relative):
                page = path.read_bytes()
                if REDIRECT not in page:
                    parts.update(get_parts(page))
                    records += 1
    return folder_bytes, folder_files, parts, records


def report(site: Path) -> str:
    folder_bytes, folder_files, parts, records = measure(site)
    total = sum(folder_bytes.values())
    lines = [f"{site}: {total / 1e6:,.1f} MB in {sum(folder_files.values()):,} files", "", "By folder:"]
    for folder, size in sorted(folder_bytes.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {folder:28} {size / 1e6:9.2f} MB {folder_files[folder]:8,} files {100 * size / max(total, 1):5.1f}%")
    if records:
        record_bytes = sum(parts.values())
        lines += ["", f"Record pages: {records:,}, {record_bytes / 1e6:,.1f} MB ({100 * record_bytes / max(total, 1):.0f}% of the site), "
                  f"{record_bytes / records / 1024:.1f} KiB a page:"]
        for part in PARTS:
            lines.append(f"  {part:10} {parts[part] / records / 1024:6.1f} KiB a page {100 * parts[part] / record_bytes:5.1f}%")
    else:
        lines += ["", "No record pages."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's folder (site/ of a project)")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"Error: {args.site}: no such folder; give the folder a build wrote (site/ of a project)", file=sys.stderr)
        return 2
    print(report(args.site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
