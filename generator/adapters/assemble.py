"""Put the parts of a build split into parts together (``shangliang assemble``): the site
one ``shangliang build`` makes of the same content, byte for byte (``parts.py``).

Every file of every part is copied into one folder, except the parts' own folders
(``parts.PART_FOLDER``); a file that two parts both wrote must be the same in both (the
theme's files, the 404 page). Then, in each language's folder, the 繁體 table is made
from the phrases every part found, and the search index from every part's search views,
which one Pagefind run indexes together, as in a whole build. The site replaces the
previous one in one step, as a build's does; nothing changes if anything fails.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..parts import MANIFEST, PART_FOLDER, PHRASES, SEARCH_SOURCES
from ..progress import Stage
from ..render.traditional import render_table_of
from .engine import swap_in
from .search_index import SearchIndexing, SearchTurns

LISTED = 10
"""How many differing files an error names."""


@dataclass(frozen=True)
class AssembleResult:
    site_dir: Path
    parts: int
    files: int
    seconds: float


def assemble_site(parts: list[Path], site_dir: Path) -> AssembleResult:
    """Put ``parts`` (folders ``shangliang build --part K/N`` wrote) together into
    ``site_dir``; raises ``BuildError`` when they are not every part of one build."""
    started = time.monotonic()
    manifests = [read_manifest(folder) for folder in parts]
    check_parts(parts, manifests)
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = _copy_parts(parts, staging)
        manifest = manifests[0]
        turns = SearchTurns()
        for lang, folder in manifest["languages"].items():
            found = [part / folder / PART_FOLDER for part in parts]
            phrases = [source / PHRASES for source in found if (source / PHRASES).is_file()]
            if phrases:
                table = render_table_of({key: form for path in phrases for key, form in _read_json(path).items()})
                target = staging / folder / table.uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(table.content)
            if manifest["search"]:
                stage = Stage(f"{lang}: search index", 1)
                indexing = SearchIndexing((), lang, staging.parent, turns, written=[source / SEARCH_SOURCES for source in found])
                indexing.finish(staging / folder)
                stage.finish()
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return AssembleResult(site_dir, len(parts), files, time.monotonic() - started)


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = _read_json(path)
    except FileNotFoundError:
        raise BuildError(f"{folder}: not a part of a build (no {MANIFEST}); make parts with shangliang build --part K/N") from None
    except (OSError, ValueError) as error:
        raise BuildError(f"{path}: cannot be read: {error}") from None
    if not isinstance(manifest, dict) or not {"part", "of", "content", "built", "search", "languages"} <= manifest.keys():
        raise BuildError(f"{path}: not a part's description; make the part again with shangliang build --part K/N")
    return manifest


def check_parts(parts: list[Path], manifests: list[dict]) -> None:
    """Raise ``BuildError`` unless ``manifests`` are every part, once, of one build."""
    problems = []
    first = manifests[0]
    for folder, manifest in zip(parts, manifests):
        for key, meaning in (("of", "a build in another number of parts"), ("content", "other content (another commit?)"),
                             ("built", "another build date"), ("search", "a build with search and one without"),
                             ("languages", "other languages")):
            if manifest[key] != first[key]:
                problems.append(f"{folder}: part {manifest['part']}/{manifest['of']} is of {meaning} than {parts[0]}")
    numbers = sorted(manifest["part"] for manifest in manifests)
    total = first["of"]
    missing = sorted(set(range(1, total + 1)) - set(numbers))
    if missing:
        problems.append(f"missing part{'s' if len(missing) > 1 else ''} {', '.join(f'{number}/{total}' for number in missing)}")
    doubled = sorted({number for number in numbers if numbers.count(number) > 1})
    if doubled:
        problems.append(f"part{'s' if len(doubled) > 1 else ''} given twice: {', '.join(f'{number}/{total}' for number in doubled)}")
    if problems:
        raise BuildError("\n".join(problems) + "\nNothing was written.")


def _copy_parts(parts: list[Path], staging: Path) -> int:
    """Copy every part's files into ``staging``; a file two parts wrote must be the same."""
    differing: list[str] = []
    count = 0
    sources = [(part, source) for part in parts for source in sorted(part.rglob("*"))]
    stage = Stage("files copied", len(sources))
    for part, source in sources:
        stage.advance()
        relative = source.relative_to(part)
        if PART_FOLDER in relative.parts or not source.is_file():
            continue
        target = staging / relative
        if target.exists():
            if target.read_bytes() != source.read_bytes():
                differing.append(relative.as_posix())
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count += 1
    stage.finish()
    if differing:
        listed = "\n  ".join(differing[:LISTED]) + (f"\n  … and {len(differing) - LISTED} more" if len(differing) > LISTED else "")
        raise BuildError(f"the parts wrote {len(differing)} file(s) differently, so they are not parts of one build:\n  {listed}\nNothing was written.")
    return count


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
