"""Published addresses never break silently.

``content/published.txt`` lists the address of every record page that has been published,
one per line (``consultations/jining-2022-culture``). When it exists, every address in it
must still lead somewhere: to a record, or through ``content/redirects.yml`` to one; and
every record's address must be in it, so that the next rename is caught too.
``shangliang new`` adds the new record's line.

A redirect's page is written at its ``from`` address, so both ends of a redirect must be
record addresses, ``<record folder>/<id>``: nothing else can climb out of the site, replace a
page the site generates or stand where a feed is written.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .addresses import address_of, record_address_problem
from .errors import Problem
from .files import is_file, read_text, relative_path
from .loader import ARCHIVE_FILES, read_archive_list
from .model import Record

PUBLISHED_FILE, REDIRECTS_FILE = ARCHIVE_FILES[:2]


@dataclass(frozen=True)
class Redirect:
    """An old record address that now leads to another record's page."""

    source: str
    """The old address, e.g. ``consultations/old-id``."""
    target: str
    """The address it leads to now."""


def load_published(content_dir: Path, root: Path) -> tuple[dict[str, int] | None, list[Problem]]:
    """The published addresses with their lines, or ``None`` when the archive keeps no list."""
    file = content_dir / PUBLISHED_FILE
    if not is_file(file):
        return None, []
    text, problems = read_text(file, root)
    addresses: dict[str, int] = {}
    for number, line in enumerate((text or "").split("\n"), start=1):
        address = _listed_address(line)
        if address:
            addresses.setdefault(address, number)
    return addresses, problems


def load_redirects(content_dir: Path, root: Path) -> tuple[list[tuple[Redirect, int]], list[Problem]]:
    """The redirects with the line each is written on."""
    expected = "expected a list of redirects, each '- from: …' and '  to: …'"
    data, lines, path, problems = read_archive_list(content_dir / REDIRECTS_FILE, root, expected)
    if data is None:
        return [], problems
    redirects = []
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(item, dict) or set(item) != {"from", "to"} or not all(isinstance(v, str) for v in item.values()):
            problems.append(Problem(path, line, f"[{index + 1}]", "expected 'from: <old address>' and 'to: <new address>', e.g. from: consultations/old-id"))
            continue
        redirects.append((Redirect(_address(item["from"]), _address(item["to"])), line))
    return redirects, problems


def _listed_address(line: str) -> str:
    """The address a line of the published list gives: without a comment (``# …``), spaces or slashes."""
    return line.split("#", 1)[0].strip().strip("/")


def _address(written: str) -> str:
    """The address as written, without surrounding spaces or the ``/`` a record page's
    address ends with in the browser (``consultations/old-id/``)."""
    address = written.strip()
    without_slash = address.removesuffix("/")
    return without_slash if record_address_problem(without_slash) is None else address


def check_addresses(
    records: dict[str, Record], sources: dict, content_dir: Path, root: Path, broken_ids: frozenset[str] = frozenset()
) -> tuple[list[Redirect], list[Problem]]:
    """The redirects, and every problem with published addresses and redirects. An address
    whose id belongs to a record with problems of its own (``broken_ids``) is not reported
    as gone: that record's file is what needs mending."""
    published, problems = load_published(content_dir, root)
    redirects, redirect_problems = load_redirects(content_dir, root)
    problems += redirect_problems
    current = {address_of(record): record for record in records.values()}
    redirects_path = f"{relative_path(content_dir, root)}/{REDIRECTS_FILE}"
    published_path = f"{relative_path(content_dir, root)}/{PUBLISHED_FILE}"
    sources_of = {redirect.source for redirect, _ in redirects}
    lines_of: dict[str, int] = {}
    valid = []
    for redirect, line in redirects:
        found = []
        if message := _source_problem(redirect.source, current, lines_of):
            found.append(Problem(redirects_path, line, "from", message))
        if redirect.target.rpartition("/")[2] not in broken_ids and (message := _target_problem(redirect.target, current)):
            found.append(Problem(redirects_path, line, "to", message))
        lines_of.setdefault(redirect.source, line)
        problems += found
        if not found:
            valid.append(redirect)
    if published is not None:
        gone = [
            (address, line) for address, line in published.items()
            if address not in current and address not in sources_of and address.rpartition("/")[2] not in broken_ids
        ]
        unlisted = [address for address in current if address not in published]
        renamed = _renames([address for address, _ in gone], unlisted)
        for address, line in gone:
            problems.append(Problem(published_path, line, "-", _gone_message(address, renamed.get(address))))
        for address in unlisted:
            if address in renamed.values():
                continue  # the message on the old line says what to do with both
            raw = sources[current[address].id]
            problems.append(Problem(
                raw.path, raw.line_of(("id",)), "id",
                f"the address '{address}' is not in content/{PUBLISHED_FILE}; add the line '{address}' to it "
                "(shangliang new does this for you)",
            ))
    return valid, problems


def _renames(gone: list[str], unlisted: list[str]) -> dict[str, str]:
    """The record each address that is gone was most likely renamed to: an address of the same
    folder that is not listed yet and close to it. Being the only new address of its folder is
    no sign of a rename: a removed record and an unrelated new one are reported apart."""
    renamed: dict[str, str] = {}
    for address in gone:
        folder = address.partition("/")[0]
        same_folder = [new for new in unlisted if new.partition("/")[0] == folder and new not in renamed.values()]
        guess = difflib.get_close_matches(address, same_folder, n=1, cutoff=0.6)
        if guess:
            renamed[address] = guess[0]
    return renamed


def _gone_message(address: str, new: str | None) -> str:
    """What to do about a published address no record has: it depends on whether the
    record was renamed before or after it was first published, which only the editor knows."""
    if new is None:
        return (
            f"'{address}' is in content/{PUBLISHED_FILE} but no record has that address now; if this record was renamed "
            "or removed before it was ever published, change or delete this line; if it was published, keep the line and "
            f"add to content/{REDIRECTS_FILE}: '- from: {address}' and '  to: <the address readers should go to>'"
        )
    return (
        f"'{address}' is in content/{PUBLISHED_FILE} but no record has that address now, and '{new}' is not in it; if "
        f"this record was renamed before it was ever published, rename this line to '{new}'; if it was published, keep "
        f"this line, add the line '{new}' and add to content/{REDIRECTS_FILE}: '- from: {address}' and '  to: {new}'"
    )


def _source_problem(source: str, current: dict[str, Record], lines_of: dict[str, int]) -> str | None:
    """Why a redirect cannot start at ``source``; ``lines_of`` holds the sources before it."""
    problem = record_address_problem(source)
    if problem:
        return problem
    if source in current:
        return f"'{source}' is the address of a record; a redirect is only for an address no record has any more"
    if source in lines_of:
        return f"'{source}' is redirected already, on line {lines_of[source]}; keep one redirect for each address"
    return None


def _target_problem(target: str, current: dict[str, Record]) -> str | None:
    problem = record_address_problem(target)
    if problem or target in current:
        return problem
    guess = difflib.get_close_matches(target, list(current), n=1, cutoff=0.6)
    hint = f"; did you mean '{guess[0]}'?" if guess else ""
    return f"no record has the address '{target}'{hint}"


def add_published(content_dir: Path, address: str) -> bool:
    """Add ``address`` to the published list, if the archive keeps one; True when added."""
    file = content_dir / PUBLISHED_FILE
    if not file.is_file():
        return False
    text, added = with_published(file.read_text(encoding="utf-8"), [address])
    if added:
        file.write_text(text, encoding="utf-8")
    return bool(added)


def with_published(text: str, addresses: list[str]) -> tuple[str, int]:
    """The published list ``text`` with the ``addresses`` it does not list yet added at its
    end, in order, and how many were added. A line is read as ``load_published`` reads it."""
    listed = {_listed_address(line) for line in text.split("\n")}
    new = [address for address in dict.fromkeys(addresses) if address not in listed]
    if new:
        text += ("" if text.endswith("\n") or not text else "\n") + "\n".join(new) + "\n"
    return text, len(new)
