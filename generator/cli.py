"""The ``shangliang`` command: parses arguments, calls the core, turns errors into lines.

Exit status: 0 success, 1 the content has problems or the build failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .adapters.progress_display import showing_progress
from .errors import ContentError, ShangliangError
from .importing.problems import ImportFailed
from .model import TYPES_BY_KIND
from .parts import Part
from .progress import LOGGER as PROGRESS_LOGGER
from .reports import format_github, format_gitlab

REPORT_FORMATS = {"github": format_github, "gitlab": format_gitlab}
"""``validate --format`` choices for CI: annotations on a pull request's changed lines."""

log = logging.getLogger("shangliang")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return args.run(args)
    except ContentError as error:
        output_format = getattr(args, "format", "text")
        if output_format == "json":
            print(json.dumps(_problems_json(error), ensure_ascii=False, indent=2))
        elif output_format in REPORT_FORMATS:
            print(REPORT_FORMATS[output_format](error.problems))
            # GitHub shows the annotations in the log; a GitLab report goes to a file
            shown = error.report() if output_format == "gitlab" else error.report().rsplit("\n", 1)[-1]
            print(shown, file=sys.stderr)
        else:
            print(error.report(), file=sys.stderr)
        return 1
    except ImportFailed as error:
        print(error.report(), file=sys.stderr)
        return 1
    except ShangliangError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C (a second one while stopping, for the preview)
        print("Stopped.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shangliang", description="Build the archive of past consultations into a bilingual site.")
    parser.add_argument("--version", action="version", version=f"shangliang {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="check the content and build every language into site/")
    _common(build)
    build.add_argument("-d", "--site-dir", type=Path, help="output folder (default: site/ beside mkdocs.yml)")
    build.add_argument("-j", "--jobs", type=int, default=2, help="languages built at once (default: 2)")
    build.add_argument("--no-search", dest="search", action="store_false", help="build without the search index")
    build.add_argument("--timings", action="store_true", help="print the seconds each stage of the build took")
    build.add_argument(
        "--part", metavar="K/N",
        help="build part K of N into the output folder (for a CI job per part); shangliang assemble puts the parts together",
    )
    build.add_argument(
        "--cache", metavar="DIR", type=Path,
        help="keep what the build made in DIR, and start from what the last build kept there: only what changed is "
             "read, rendered and written again (the site is the same); keep DIR between CI runs",
    )
    _quiet(build)
    _start_method(build)
    build.set_defaults(run=run_build)

    assemble = commands.add_parser("assemble", help="put the parts of a build (shangliang build --part K/N) together into the site")
    assemble.add_argument("parts", type=Path, nargs="+", metavar="PART", help="the folders the parts were built into, all of them")
    assemble.add_argument("-d", "--site-dir", type=Path, default=Path("site"), help="output folder (default: site/)")
    _quiet(assemble)
    assemble.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    assemble.set_defaults(run=run_assemble)

    serve = commands.add_parser("serve", help="preview the site, rebuilding when a record changes")
    _common(serve)
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="address to serve on (default: 127.0.0.1:8000)")
    _start_method(serve)
    serve.set_defaults(run=run_serve)

    validate = commands.add_parser("validate", help="check the content only; writes nothing")
    _common(validate)
    validate.add_argument(
        "--format", choices=("text", "json", *REPORT_FORMATS), default="text",
        help="output format: text, json, github (workflow annotations) or gitlab (Code Quality report); default: text",
    )
    _quiet(validate)
    validate.set_defaults(run=run_validate)

    new = commands.add_parser("new", help="create a record with its required fields")
    _common(new)
    new.add_argument("type", choices=list(TYPES_BY_KIND), help="record type")
    new.add_argument("id", help="the new record's id, e.g. jining-2023-water")
    new.add_argument("--date", help="the date the sources give, e.g. 2022-10-15; a consultation is filed under its year (without it: under undated/, with the date to fill in)")
    new.add_argument("--platform", metavar="ID", help="the id of the platform it was held on (checked to exist)")
    new.add_argument("--concerns", metavar="ID", help="for an outcome: the id of the consultation or proposal it came from (checked to exist)")
    new.set_defaults(run=run_new)

    draft = commands.add_parser("draft", help="start a consultation record from a saved news report (HTML or text)")
    _common(draft)
    draft.add_argument("report", type=Path, help="the saved report: a web page (.html, .htm) or its text (.txt)")
    draft.add_argument("id", help="the new record's id, e.g. jining-2023-water")
    draft.add_argument("--platform", metavar="ID", help="the id of the platform it was held on (checked to exist)")
    draft.set_defaults(run=run_draft)

    init = commands.add_parser("init", help="start a new archive in a new folder, with an example of each record type")
    init.add_argument("folder", type=Path, help="the new archive's folder (new or empty)")
    init.add_argument(
        "--requirement", metavar="SPEC",
        help="where the archive's CI installs Shangliang from, written into requirements.txt: a release on your package index "
        "(shangliang==VERSION) or the address of its wheel; without it requirements.txt says what to write and CI stops until it is written",
    )
    init.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)
    init.set_defaults(run=run_init)

    importing = commands.add_parser("import", help="make records from a spreadsheet's rows (.xlsx or .csv), or update the records an earlier import made")
    _common(importing)
    importing.add_argument("file", type=Path, help="the spreadsheet: .xlsx, or .csv (UTF-8 or GB18030)")
    importing.add_argument("--type", choices=list(TYPES_BY_KIND), help="the record type of the rows (or 'type:' in the mapping file)")
    importing.add_argument("--mapping", type=Path, metavar="FILE", help="which column fills which field (YAML; docs/editors-guide.md §13); without it the usual headers are recognised")
    importing.add_argument("--sheet", metavar="NAME", help="import only this sheet (default: every sheet with a header row)")
    importing.add_argument("--dry-run", action="store_true", help="show what would be written, and the changes to records already there; write nothing")
    importing.add_argument("--partial", action="store_true", help="write the rows that pass even when others have problems (the problems are still listed, and the exit status is 1)")
    _quiet(importing)
    importing.set_defaults(run=run_import)
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("-f", "--config-file", type=Path, default=None, help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    command.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")


def _quiet(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-q", "--quiet", action="store_true",
        help="show no progress (by default: a live bar per stage on a terminal, a line every few seconds in a log, on standard error)",
    )


def _start_method(command: argparse.ArgumentParser) -> None:
    from .adapters.processes import ENV_VAR, START_METHODS

    command.add_argument(
        "--start-method", choices=START_METHODS, default=None,
        help=f"how worker processes start (default: ${ENV_VAR}, else fork where the system has it, spawn on Windows and macOS)",
    )


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    for name, level in (("mkdocs", logging.INFO if verbose else logging.WARNING), ("shangliang", logging.INFO)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    progress = logging.getLogger(PROGRESS_LOGGER)  # shown only by the commands that show it (showing_progress)
    progress.handlers[:], progress.propagate = [], False
    progress.setLevel(logging.WARNING)


def run_build(args: argparse.Namespace) -> int:
    from .adapters.engine import build_site, find_config

    part = Part.parse(args.part) if args.part is not None else None
    site = find_config(args.config_file)
    with showing_progress(args.quiet):
        result = build_site(
            site, args.site_dir, jobs=args.jobs, search=args.search, start_method=args.start_method, owns_process=True,
            part=part, cache=args.cache,
        )
    built = f"part {part} of the site of {result.records} records" if part else f"{result.records} records"
    print(f"Built {built} in {', '.join(result.languages)} into {_shown(result.site_dir)}/ in {result.seconds:.1f} s")
    if args.timings:
        for stage, seconds in result.stages.items():
            print(f"  {stage:<16} {seconds:7.2f} s")
    return 0


def run_assemble(args: argparse.Namespace) -> int:
    from .adapters.assemble import assemble_site

    with showing_progress(args.quiet):
        result = assemble_site(args.parts, args.site_dir)
    print(f"Assembled {result.parts} parts into {_shown(result.site_dir)}/ in {result.seconds:.1f} s")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .adapters.engine import find_config
    from .adapters.preview import serve_site

    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise ShangliangError(f"--dev-addr: expected HOST:PORT, e.g. 127.0.0.1:8000, found '{args.dev_addr}'")
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)  # "Serving on …", reloads
    serve_site(find_config(args.config_file), host, int(port), args.start_method)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from .adapters.engine import check_content, find_config

    with showing_progress(args.quiet):
        archive = check_content(find_config(args.config_file), owns_process=True)
    counts = {kind: 0 for kind in TYPES_BY_KIND}
    for record in archive.records.values():
        counts[record.kind] += 1
    if args.format == "json":
        print(json.dumps({"valid": True, "records": counts, "problems": []}, indent=2))
    elif args.format == "gitlab":
        print(format_gitlab([]))
    else:
        summary = ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in counts.items())
        print(f"OK: {len(archive.records)} records, no problems ({summary})")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from .addresses import get_address
    from .adapters.engine import find_config
    from .placeholders import MARKER
    from .published import PUBLISHED_FILE, add_published
    from .scaffold import Facts, find_known_records, parse_date_option, scaffold_record

    site = find_config(args.config_file)
    facts = Facts(parse_date_option(args.date) if args.date else None, args.platform, args.concerns)
    # Only the ids of the records are read: a new record can be started while others are being fixed.
    known = find_known_records(site.content_dir, site.root)
    files = scaffold_record(args.type, args.id, site.content_dir, known, facts)
    for path in files:
        if path.exists():
            raise ShangliangError(f"{_shown(path)} already exists")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"Created {_shown(path)}")
    address = get_address(TYPES_BY_KIND[args.type].folder, args.id)
    if add_published(site.content_dir, address):
        print(f"Added {address} to {_shown(site.content_dir / PUBLISHED_FILE)}")
    print(f"Next: replace every {MARKER} with what the sources say, then run shangliang validate")
    return 0


def run_draft(args: argparse.Namespace) -> int:
    from .addresses import get_address
    from .adapters.engine import find_config
    from .errors import printable
    from .importing.drafts import describe_report, draft_files
    from .importing.reports import read_report
    from .model import Consultation
    from .importing.reports import MAX_REPORT_BYTES
    from .placeholders import MARKER
    from .published import PUBLISHED_FILE, add_published
    from .scaffold import Facts, find_known_records

    site = find_config(args.config_file)
    shown = printable(_shown(args.report))  # a file's name may hold a line break
    try:
        if args.report.stat().st_size > MAX_REPORT_BYTES:
            raise ShangliangError(f"{shown}: the file is larger than {MAX_REPORT_BYTES // 1024 // 1024} MB; a saved news report is far smaller")
        data = args.report.read_bytes()
    except FileNotFoundError:
        raise ShangliangError(f"{shown}: no such file; give the saved report's path") from None
    except OSError as error:
        raise ShangliangError(f"{shown}: cannot be read ({error.strerror})") from None
    report = read_report(data, shown)
    known = find_known_records(site.content_dir, site.root)
    files = draft_files(report, args.id, args.report.name, site.root, site.content_dir, known, Facts(platform=args.platform))
    for path in files:
        if path.exists():
            raise ShangliangError(f"{_shown(path)} already exists")
    print("\n".join(describe_report(report, shown)))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        note = ": the report's cleaned text, to summarise from (drafts/ is not committed)" if path.suffix == ".txt" else ""
        print(f"Created {_shown(path)}{note}")
    address = get_address(Consultation.folder, args.id)
    if add_published(site.content_dir, address):
        print(f"Added {address} to {_shown(site.content_dir / PUBLISHED_FILE)}")
    print(f"Next: write every {MARKER} in your own words from the cleaned text (the title and outlet in English too), then run shangliang validate")
    return 0


def run_init(args: argparse.Namespace) -> int:
    from .starter import write_archive

    written = write_archive(args.folder, args.requirement)
    print(f"Created {len(written)} files in {_shown(args.folder)}/: an example of each record type, the site's settings, CI and a README")
    if args.requirement is None:
        print(f"Before CI runs: write in {_shown(args.folder)}/requirements.txt where Shangliang comes from (a release on your package index, or the address of its wheel)")
    print(f"Next: cd {_shown(args.folder)}, then shangliang validate and shangliang serve; replace the example records with your own")
    return 0


def run_import(args: argparse.Namespace) -> int:
    import difflib

    from .adapters.engine import find_config
    from .errors import printable
    from .importing.importer import plan_import, write_plan
    from .importing.problems import ImportFailed
    from .published import PUBLISHED_FILE

    site = find_config(args.config_file)
    content_dir = site.content_dir.resolve()
    with showing_progress(args.quiet):
        plan = plan_import(args.file, args.type, args.mapping, content_dir, site.root.resolve(), args.sheet, args.partial)
    kind = plan.record_type.kind
    print(f"Read {plan.rows} row{'' if plan.rows == 1 else 's'} of {plan.file}")
    for note in plan.notes:
        print(f"  {printable(note)}")
    if plan.problems and not args.partial:
        raise ImportFailed(plan.problems)
    if args.dry_run:
        print("Dry run: nothing is written. It would:")
    for change in plan.changes:
        if change.action == "unchanged":
            continue
        verb = {"create": "Create" if args.dry_run else "Created", "update": "Update" if args.dry_run else "Updated"}[change.action]
        print(f"  {verb} {_shown(change.path)}" + (f" (a new unit: {printable(change.unit.name)})" if change.unit else ""))
        if change.action == "update":
            old, new = (change.old or "").splitlines(keepends=True), change.text.splitlines(keepends=True)
            for line in list(difflib.unified_diff(old, new, n=1))[2:]:
                print(f"      {line.rstrip()}")
    published = write_plan(plan, content_dir) if not args.dry_run else 0
    created, updated, units = plan.count("create"), plan.count("update"), plan.count("create", units=True)
    summary = f"{created} new {kind} record{'' if created == 1 else 's'}, {updated} updated, {plan.count('unchanged')} unchanged"
    if units:
        summary += f"; {units} new unit record{'' if units == 1 else 's'}: check each is not another name of a unit the archive has"
    print(("Would write: " if args.dry_run else "Wrote: ") + summary)
    if published:
        print(f"Added {published} address{'' if published == 1 else 'es'} to {_shown(content_dir / PUBLISHED_FILE)}")
    if plan.other_problems:
        print(f"The archive has {plan.other_problems} other problem{'s' if plan.other_problems != 1 else ''}, not in these files: shangliang validate lists them")
    if plan.problems:
        raise ImportFailed(plan.problems, written=not args.dry_run)
    if not args.dry_run and created + updated + units:
        print("Next: shangliang validate, then read the changes (git diff) before you open a pull request")
    return 0


def _problems_json(error: ContentError) -> dict:
    problems = [
        {"path": p.path, "line": p.line, "field": p.field, "message": p.message} for p in error.problems
    ]
    return {"valid": False, "records": None, "problems": problems}


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
