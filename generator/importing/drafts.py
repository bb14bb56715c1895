"""A draft consultation record from a news report, and the report's cleaned text beside it.

The record is the one ``shangliang new`` scaffolds, with its first source filled in from
the report (outlet, date, title, address); the record's own texts stay 【待填写】, which
validation refuses until the editor has written them: the report's sentences are not the
archive's. Its cleaned text goes to ``drafts/<id>.txt`` in the project, which is never
published and not committed (it is the outlet's copyrighted text).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ShangliangError
from ..placeholders import MARKER
from ..scaffold import Facts, KnownRecord, scaffold_record
from .emit import scalar
from .reports import Report, clean_value

DRAFTS_FOLDER = "drafts"
"""Beside ``content/`` in the project; in ``.gitignore``."""
_SOURCE_PLACEHOLDERS = ("      zh: 【待填写】\n", "    date: 【待填写】\n", "    # Optional: title, url (see docs/reference.md)\n")
"""What the scaffold writes in ``sources[0]`` for the outlet, the date and the optional fields."""
_EN_LINE = f"      en: {MARKER}  # or remove this line until there is a translation\n"


def draft_files(
    report: Report, record_id: str, report_name: str, root: Path, content_dir: Path, known: dict[str, KnownRecord], facts: Facts
) -> dict[Path, str]:
    """The draft record's files and its cleaned text: path → text. Nothing is written here."""
    files = scaffold_record("consultation", record_id, content_dir, known, facts)
    record = next(path for path in files if path.name == f"{record_id}.md")
    draft = root / DRAFTS_FOLDER / f"{record_id}.txt"
    files[record] = fill_source(files[record], report, f"{DRAFTS_FOLDER}/{draft.name}", report_name)
    files[draft] = render_draft_text(report, record_id, report_name)
    return files


def fill_source(text: str, report: Report, draft: str, report_name: str) -> str:
    """The scaffolded record ``text`` with its first source taken from ``report``."""
    if not all(text.count(placeholder) >= 1 for placeholder in _SOURCE_PLACEHOLDERS) or "\nsources:\n" not in text:
        raise ShangliangError("the consultation scaffold has changed; shangliang draft cannot fill in its source")
    outlet, date, optional = _SOURCE_PLACEHOLDERS
    if report.outlet:
        text = text.replace(outlet, f"      zh: {scalar(report.outlet.value)}\n", 1)
    text = text.replace(date, f"    date: {report.date.value}\n", 1)
    title = f"    title:\n      zh: {scalar(report.title.value)}\n{_EN_LINE}"
    url = f"    url: {scalar(report.url.value)}\n" if report.url else f"    url: {MARKER}  # the report's web address, or remove this line\n"
    text = text.replace(optional, title + url, 1)
    comment = (
        f"# Drafted by shangliang draft from {_one_line(report_name)}. The report's cleaned text is in {draft} (not committed):\n"
        "# write this record's texts from it in your own words; do not copy its sentences.\n"
    )
    return text.replace("\nsources:\n", f"\n{comment}sources:\n", 1)


def render_draft_text(report: Report, record_id: str, report_name: str) -> str:
    """The cleaned text of the report, under a header that says where it came from."""
    header = [
        f"# The cleaned text of the news report {_one_line(report_name)}, for the draft record consultations/{record_id}.",
        f"# Source: {_found(report.outlet)}, {report.date.value}, {_found(report.title)}; {_found(report.url)}",
        "# It is the outlet's copyrighted text: summarise it in your own words, never copy its sentences into the record.",
        "# drafts/ is not committed and never published. Lines marked 【疑似乱码，勿引用】 are garbled: do not quote them.",
        "",
    ]
    return "\n".join(header + report.lines) + "\n"


def describe_report(report: Report, shown: str) -> list[str]:
    """What was found in the report, how, and what the cleaning removed."""
    lines = [f"Read {shown} ({'HTML' if report.kind == 'html' else 'text'}, {report.encoding})"]
    for name, found in (("title.zh", report.title), ("outlet.zh", report.outlet), ("date", report.date), ("url", report.url)):
        if found:
            lines.append(f"  {name}: {found.value} ({found.how})")
    if report.outlet is None:
        lines.append("  outlet.zh: not found; write who published the report")
    if report.skipped_url is not None:
        lines.append(f"  url: left out: '{_one_line(report.skipped_url)}' is not an http:// or https:// address; write the report's address")
    elif report.url is None:
        lines.append("  url: not found; write the report's address, or remove the line")
    removed = [f"{count} {_noun(name, count)}" for name, count in report.counts.items() if count and name.split()[0] not in ("characters", "garbled")]
    lines.append(f"Removed: {', '.join(removed) or 'nothing'}")
    converted = report.counts.get("characters converted from Traditional", 0)
    if converted:
        lines.append(f"Converted {converted} Traditional characters to Simplified")
    garbled = report.counts.get("garbled lines marked", 0)
    if garbled:
        lines.append(f"Marked {garbled} {'line' if garbled == 1 else 'lines'} of garbled characters with 【疑似乱码，勿引用】: do not quote them")
    return lines


def _noun(name: str, count: int) -> str:
    """``spam lines`` → ``spam line`` for one."""
    return name if count != 1 else name.removesuffix("s")


def _found(found) -> str:
    return _one_line(found.value) if found else "(not found)"


def _one_line(text: str) -> str:
    """``text`` on one line, without control or invisible characters: it goes into comments."""
    return clean_value(str(text))
