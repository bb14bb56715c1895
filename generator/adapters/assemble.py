"""Put the parts of a build split into parts together (``shangliang assemble``): the site
one ``shangliang build`` makes of the same content, byte for byte (``parts.py``).

Every file of every part is copied into one folder, except the parts' own folders
(``parts.PART_FOLDER``); a file that two parts both wrote must be the same in both (the
theme's files, the 404 page). Then, in each language's folder, the 繁體 table is made
from the phrases every part found, and the search index from every part's search views,
put into the same bundles and indexed by the same Pagefind runs as in a whole build. The
site replaces the previous one in one step, as a build's does; nothing changes if anything
fails.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..languages import LANGUAGES
from ..parts import MANIFEST, PART_FOLDER, PHRASES, SEARCH_SETTINGS, SEARCH_SOURCES
from ..progress import Stage
from ..render.traditional import render_table_of
from .engine import swap_in
from .search_index import SearchIndexing, SearchTurns, read_views

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
    manifest = manifests[0]
    searched = {}  # every language's search views and bundle size, checked before anything is copied or indexed
    if manifest["search"]:
        for lang, folder in manifest["languages"].items():
            found = [part / folder / PART_FOLDER for part in parts]
            views = [view for source in found for view in check_search_views(source / SEARCH_SOURCES)]
            searched[lang] = (views, read_bundle_pages(found))
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = _copy_parts(parts, staging)
        turns = SearchTurns()
        for lang, folder in manifest["languages"].items():
            found = [part / folder / PART_FOLDER for part in parts]
            phrases = [source / PHRASES for source in found if (source / PHRASES).is_file()]
            if phrases:
                table = render_table_of({key: form for path in phrases for key, form in read_phrases(path).items()})
                target = staging / folder / table.uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(table.content)
            if lang in searched:
                views, bundle_pages = searched[lang]
                stage = Stage(f"{lang}: search index", 1)
                indexing = SearchIndexing((), lang, staging.parent, turns, written=views, bundle_pages=bundle_pages)
                indexing.finish(staging / folder)
                stage.finish()
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return AssembleResult(site_dir, len(parts), files, time.monotonic() - started)


def read_manifest(folder: Path) -> dict:
    """The description a part's build left in ``folder`` (``parts.MANIFEST``); raises
    ``BuildError`` unless it is one, of a part as ``shangliang build --part`` writes it."""
    path = folder / MANIFEST
    try:
        manifest = _read_json(path)
    except FileNotFoundError:
        raise BuildError(
            f"{folder}: not a part of a build (no {MANIFEST}); make parts with shangliang build --part K/N\nNothing was written."
        ) from None
    except (OSError, ValueError) as error:
        raise BuildError(f"{path}: cannot be read: {error}\nNothing was written.") from None
    if not _is_manifest(manifest):
        raise BuildError(f"{path}: not a part's description; make the part again with shangliang build --part K/N\nNothing was written.")
    return manifest


def _is_manifest(manifest: object) -> bool:
    if not isinstance(manifest, dict) or set(manifest) != {"part", "of", "content", "built", "search", "languages"}:
        return False
    number, total, languages = manifest["part"], manifest["of"], manifest["languages"]
    return (
        all(type(value) is int for value in (number, total)) and 1 <= number <= total
        and isinstance(manifest["content"], str) and isinstance(manifest["built"], str) and type(manifest["search"]) is bool
        and isinstance(languages, dict) and LANGUAGES[0] in languages
        and all(lang in LANGUAGES and folder == ("" if lang == LANGUAGES[0] else lang) for lang, folder in languages.items())
    )


def read_phrases(path: Path) -> dict[str, str]:
    """A part's Chinese phrases (``parts.PHRASES``); raises ``BuildError`` unless they are."""
    try:
        phrases = _read_json(path)
    except (OSError, ValueError) as error:
        raise BuildError(f"{path}: cannot be read: {error}\nNothing was written.") from None
    if not isinstance(phrases, dict) or not all(isinstance(key, str) and isinstance(form, str) for key, form in phrases.items()):
        raise BuildError(f"{path}: not the phrases a part's build writes; make the part again\nNothing was written.")
    return phrases


def check_search_views(folder: Path) -> list[Path]:
    """The search views in ``folder`` (``<date>-<place>.html``), if it holds only search views
    a part's build wrote; raises ``BuildError`` otherwise."""
    if not folder.is_dir():
        raise BuildError(
            f"{folder}: missing: a part built with search keeps its search views there; was the part's hidden folder "
            f"{PART_FOLDER} left out when it was copied (GitHub's upload-artifact needs include-hidden-files: true)?\n"
            "Nothing was written."
        )
    try:
        return [path for _, _, path in read_views(folder)]
    except OSError as error:
        raise BuildError(f"{folder}: cannot be read: {error}\nNothing was written.") from None
    except BuildError as error:
        if any(path.suffix == ".html" and path.stem.isdigit() for path in folder.iterdir()):  # named <place>.html
            raise BuildError(f"{folder}: made by an earlier version of Shangliang (its search views are not filed by year); "
                             "build the part again\nNothing was written.") from None
        raise BuildError(f"{str(error).removeprefix('search index: ')}; remove it\nNothing was written.") from None


def read_bundle_pages(folders: list[Path]) -> int:
    """How many pages a search bundle holds, which every part's build wrote (``parts.SEARCH_SETTINGS``)
    and must agree on; raises ``BuildError``."""
    found = []
    for folder in folders:
        path = folder / SEARCH_SETTINGS
        try:
            settings = _read_json(path)
        except (OSError, ValueError) as error:
            raise BuildError(f"{path}: cannot be read: {error}\nNothing was written.") from None
        pages = settings.get("bundle_pages") if isinstance(settings, dict) else None
        if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
            raise BuildError(f"{path}: not the search settings a part's build writes; make the part again\nNothing was written.")
        found.append(pages)
    if len(set(found)) > 1:
        raise BuildError(f"the parts were built with different search_bundle_pages ({', '.join(map(str, found))}); "
                         "build them all with the same mkdocs.yml\nNothing was written.")
    return found[0]


def check_parts(parts: list[Path], manifests: list[dict]) -> None:
    """Raise ``BuildError`` unless ``manifests`` are every part, once, of one build."""
    problems = []
    first = manifests[0]
    for folder, manifest in zip(parts, manifests):
        for key, what in (("of", "the number of parts"), ("content", "the content (another commit?)"),
                          ("built", "the build date"), ("search", "whether it has the search index"), ("languages", "the languages")):
            if manifest[key] != first[key]:
                problems.append(f"{folder}: part {manifest['part']}/{manifest['of']} differs from {parts[0]} in {what}")
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
