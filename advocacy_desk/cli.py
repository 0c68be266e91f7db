"""The command line: ``advocacy-desk [--db PATH_OR_URL] COMMAND``.

Headless: it uses the same services as the window and never imports Qt. With no
command, ``main.py`` opens the window instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_desk import __version__, paths
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.terminal import terminal_text

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from advocacy_desk.services import Services
    from advocacy_desk.services.witness import Head

PROG = "advocacy-desk"
#: Where the command line reads a password from when it is not asked for at a prompt.
PASSWORD_VARIABLE = "ADVOCACY_DESK_PASSWORD"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Case tracking for independent advocacy providers. "
        "With no command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"a database file path or an SQLAlchemy URL (default: {paths.default_database()})",
    )
    parser.add_argument(
        "--user",
        dest="sign_in_as",
        metavar="NAME",
        help="the account to sign in as, once the database has accounts; the password "
        f"comes from {PASSWORD_VARIABLE} or a prompt (a demo database signs in as its "
        "demo account when no --user is given)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init",
        help="create or upgrade the database, then exit; --admin creates the first "
        "administrator account",
    )
    init.add_argument(
        "--admin",
        metavar="USERNAME",
        help=f"create the first administrator (password from {PASSWORD_VARIABLE} or a prompt)",
    )
    init.add_argument("--full-name", metavar="NAME", help="the administrator's full name")
    init.add_argument(
        "--app-role",
        metavar="ROLE",
        help="on a PostgreSQL server, run as the database's owner: give ROLE (the role the "
        "laptops connect as) the usual rights on every table but only SELECT and INSERT on "
        "the audit trail (see docs/server.md); run it again after every upgrade",
    )
    init.set_defaults(handler=_init)

    demo = commands.add_parser(
        "demo",
        help="fill an empty database with realistic, deterministic demo data "
        f"(default database: {paths.demo_database().name})",
    )
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument(
        "--scale",
        choices=("small", "essex", "large"),
        default="small",
        help="small: a few hundred referrals; essex: one year of an Essex-sized service; "
        "large: ten years of a hub of providers (default small)",
    )
    demo.set_defaults(handler=_demo)

    waiting = commands.add_parser(
        "waiting-list",
        help="print the waiting list ranked by the prioritisation matrix",
        description="Print the referrals that were waiting on a date, ranked by the current "
        "prioritisation matrix as scored on that date.",
    )
    waiting.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day to rank the list for, counting only referrals waiting then (default today)",
    )
    waiting.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table for reading, csv or json for other programs (default table)",
    )
    waiting.set_defaults(handler=_waiting_list)

    monitoring = commands.add_parser(
        "return",
        help="export the quarterly monitoring return as PDF or CSV",
        description="Export the quarterly monitoring return for the commissioner. Counts of "
        "1 to 4 show as <5 and percentages of fewer than 5 are withheld, unless "
        "--no-suppress is given (for internal use only).",
    )
    monitoring.add_argument(
        "--quarter",
        required=True,
        type=_quarter,
        metavar="YYYY/YY-QN",
        help="the financial-year quarter, for example 2026/27-Q2 (1 July to 30 September 2026)",
    )
    monitoring.add_argument("--contract", metavar="NAME", help="one contract (default: all)")
    monitoring.add_argument("--format", required=True, choices=("pdf", "csv"))
    monitoring.add_argument("--out", required=True, type=Path, metavar="FILE")
    monitoring.add_argument(
        "--no-suppress",
        action="store_true",
        help="exact figures, small numbers included (for internal use, never to publish)",
    )
    monitoring.set_defaults(handler=_return)

    match = commands.add_parser(
        "match",
        help="propose citizen advocates for every partner waiting for a match",
        description="Propose volunteers for every partner waiting for a match so that the "
        "total fit is as high as it can be; partners no volunteer can take are listed "
        "with the reason.",
    )
    match.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD",
                       help="the day to match on (default today)")  # fmt: skip
    match.add_argument("--format", choices=("json", "csv"), default="json")
    match.add_argument("--all-scores", action="store_true",
                       help="also list every volunteer-partner pair with its score or the "
                       "hard rule that excludes it")  # fmt: skip
    match.set_defaults(handler=_match)

    importing = commands.add_parser(
        "import",
        help="bring people, referrals, cases, casework and volunteers in from CSV or Excel",
        description="Check every row of the files, then import them all in one go, or, "
        "if anything is wrong, nothing at all. CSV files are named after the kind of record "
        "they hold (people.csv, referrals.csv, ...); a workbook has one sheet per kind. "
        "Importing the same files again changes nothing.",
    )
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE",
                           help="CSV files and/or one .xlsx workbook")  # fmt: skip
    importing.add_argument("--dry-run", action="store_true",
                           help="check and report what would change, writing nothing")  # fmt: skip
    importing.add_argument("--report", type=Path, metavar="FILE.csv",
                           help="save the problems and warnings found as CSV")  # fmt: skip
    importing.set_defaults(handler=_import)

    templates = commands.add_parser(
        "templates",
        help="save blank import templates (one CSV per kind and one workbook)",
    )
    templates.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                           help="the folder to write them into")  # fmt: skip
    templates.set_defaults(handler=_templates)

    saving = commands.add_parser(
        "backup",
        help="copy the database to a file, checked (it opens, passes SQLite's check and "
        "holds every row)",
    )
    saving.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="the backup file to write")  # fmt: skip
    saving.set_defaults(handler=_backup)

    restoring = commands.add_parser(
        "restore",
        help="put a backup in place of the database, keeping the current one aside",
        description="Checks the backup (integrity and schema revision) first; the current "
        "database is renamed, never deleted. Close the app before restoring.",
    )
    restoring.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restoring.set_defaults(handler=_restore)

    copying = commands.add_parser(
        "copy",
        help="move a single-laptop database to a server (PostgreSQL), checking row counts",
        description="Copies every record of the file into the server's database in one "
        "transaction, checks each table's row count on both sides, and refuses a target "
        "that already holds records. The file is left as it was. --db is not used.",
    )
    copying.add_argument("--from", dest="source", required=True, metavar="SQLITE_FILE",
                         help="the database file to copy")  # fmt: skip
    copying.add_argument("--to", dest="target", required=True, metavar="POSTGRES_URL",
                         help="the empty database to copy into, e.g. "
                         "postgresql+psycopg://advocacy@server/advocacy")  # fmt: skip
    copying.set_defaults(handler=_copy)

    planning = commands.add_parser(
        "forecast",
        help="forecast referrals, project the waiting list and each contract's year",
        description="Referrals per month for each advocacy type and in total for the next "
        "N months, with 80%% prediction intervals; the waiting list projected from them; and "
        "each contract's hours projected to the end of its year. History counts referrals "
        "by received date in whole months before the month of --as-of.",
    )
    planning.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD",
                          help="the day to plan from (default today)")  # fmt: skip
    planning.add_argument("--months", type=int, default=12, metavar="N",
                          help="months ahead, 1 to 24 (default 12)")  # fmt: skip
    planning.add_argument("--contract", metavar="NAME", help="one contract's referrals only")
    planning.add_argument("--type", metavar="CODE", dest="advocacy_type",
                          help="one advocacy type only (a code such as care_act)")  # fmt: skip
    planning.add_argument("--format", choices=("json", "csv"), default="json")
    planning.set_defaults(handler=_forecast)

    trail = commands.add_parser(
        "audit",
        help="list the audit trail, print its head (audit head), or check it is whole "
        "(audit verify)",
        description="Every event is chained to the one before by a hash. `audit head` "
        'prints {"events": N, "head": "<hash of event N>", "at": "<time>"}, a witness '
        "anyone can keep. `audit verify` walks the whole trail, reports the first broken "
        "link, and checks every witness: those given with --witness, else the ones found "
        "(the last head this computer kept, the backups in the backups folder); exit 1 "
        "when the chain is broken or a witness's event is missing or differs. Without "
        "either, the events are listed.",
    )
    trail.add_argument("what", nargs="?", choices=("list", "head", "verify"), default="list",
                       help="list the events (the default), print the head, or verify "
                       "the chain")  # fmt: skip
    trail.add_argument("--witness", action="append", type=Path, metavar="FILE",
                       help="with verify: a saved `audit head` or a backup database to "
                       "check the trail against (repeatable)")  # fmt: skip
    trail.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                       help="events on or after this day")  # fmt: skip
    trail.add_argument("--user", metavar="NAME", help="one user's events")
    trail.add_argument("--format", choices=("csv", "json"), default="csv")
    trail.set_defaults(handler=_audit)

    access = commands.add_parser(
        "subject-access",
        help="export everything held about one person (a subject access request) as PDF and JSON",
        description="Write everything held about the person, including the audit of who "
        "looked at or changed their record, to FOLDER as subject-access-REF-DATE.pdf and "
        ".json (the names hold the reference, never the person's name). The export is "
        "written to the audit trail.",
    )
    access.add_argument("--person", required=True, metavar="PERSON_REF",
                        help="the person's reference, for example P000123")  # fmt: skip
    access.add_argument("--out", required=True, type=Path, metavar="FOLDER",
                        help="the folder to write the two files into")  # fmt: skip
    access.set_defaults(handler=_subject_access)

    letter = commands.add_parser(
        "letter",
        help="make a letter for a case from a template (.docx or .pdf by the file's extension)",
        description="Fill a letter template with the case's details, keep the letter with "
        "the case (written to the audit trail), and save a copy as FILE.",
    )
    letter.add_argument("--template", required=True, metavar="NAME",
                        help="the template's name, as Settings > Letters lists them")  # fmt: skip
    letter.add_argument("--case", required=True, metavar="CASE_REF", help="for example C000123")
    letter.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to save it: FILE.docx or FILE.pdf")  # fmt: skip
    letter.set_defaults(handler=_letter)

    report = commands.add_parser(
        "report",
        help="save one of a case's advocate's reports as .docx or .pdf (by the extension)",
    )
    report.add_argument("--case", required=True, metavar="CASE_REF", help="for example C000123")
    report.add_argument("--report", type=int, metavar="N",
                        help="the case's report number (default: its latest report)")  # fmt: skip
    report.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to save it: FILE.docx or FILE.pdf")  # fmt: skip
    report.set_defaults(handler=_report)

    diary = commands.add_parser(
        "diary",
        help="an advocate's appointments as iCalendar (for Outlook and phones) or JSON",
        description="Event titles hold the case reference and the kind of appointment, "
        "never a person's name.",
    )
    diary.add_argument("--advocate", metavar="USERNAME",
                       help="whose diary (default: yours)")  # fmt: skip
    diary.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD",
                       help="the first day (default today)")  # fmt: skip
    diary.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD",
                       help="the last day (default 28 days after the first)")  # fmt: skip
    diary.add_argument("--format", required=True, choices=("ics", "json"))
    diary.add_argument("--out", type=Path, metavar="FILE", help="a file (default: printed)")
    diary.set_defaults(handler=_diary)

    from advocacy_desk import cli_accounts

    cli_accounts.add_parser(commands)
    return parser


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, for example 2026-11-23"
        ) from None


def _database(args: argparse.Namespace, default: Path) -> str:
    """``--db``; else, for the usual database, the server chosen for this computer in
    Settings (if any) or its own file; else ``default`` (the demo file, say)."""
    if args.db:
        return str(args.db)
    if default == paths.default_database():
        return paths.start_location(None)
    return str(default)


@contextmanager
def _signed_in(args: argparse.Namespace, default: Path | None = None) -> Iterator[Services]:
    """The services on ``--db``, signed in as ``--user`` when the database has accounts;
    closed after."""
    from advocacy_desk.services import open_services
    from advocacy_desk.whoami import current_user

    services = open_services(_database(args, default or paths.default_database()),
                             user=current_user())  # fmt: skip
    try:
        if services.access.identity is None:
            _sign_in(services, args.sign_in_as)
        yield services
    finally:
        services.close()


def _sign_in(services: Services, username: str | None) -> None:
    if not username and services.settings.is_demo:
        from advocacy_desk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        services.accounts.sign_in(DEMO_ACCOUNTS[0][0], DEMO_PASSWORD)
        return
    if not username:
        raise AdvocacyDeskError(
            "this database has accounts: sign in with --user NAME before the command "
            f"(the password from {PASSWORD_VARIABLE} or the prompt)"
        )
    # The prompt does not repeat the typed name: it may be a password typed too soon.
    services.accounts.sign_in(username, _password("Password: "))


def _password(prompt: str, confirm: bool = False) -> str:
    """The password from the environment, else typed at a prompt (never echoed)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise AdvocacyDeskError(
            f"no password: set {PASSWORD_VARIABLE}, or run the command in a terminal to be "
            "asked for it"
        )
    import getpass

    typed = getpass.getpass(prompt)
    if confirm and getpass.getpass("The same password again: ") != typed:
        raise AdvocacyDeskError("the two passwords differ: nothing was changed")
    return typed


def _init(args: argparse.Namespace) -> int:
    from advocacy_desk.db.engine import database_url
    from advocacy_desk.services import open_services

    location = _database(args, paths.default_database())
    if args.app_role and database_url(location).get_backend_name() != "postgresql":
        raise AdvocacyDeskError("--app-role is for a database on a PostgreSQL server")
    services = open_services(location)
    try:
        if args.admin:
            password = _password(f"New password for {args.admin}: ", confirm=True)
            try:
                services.accounts.create_first_administrator(
                    args.admin, args.full_name or args.admin, password
                )
            except ValidationError as exc:
                raise AdvocacyDeskError("; ".join(exc.errors.values())) from None
            print(f"administrator account {args.admin.strip().lower()} created")
        if args.app_role:
            from advocacy_desk.db.roles import grant_app_role

            grant_app_role(services.engine, args.app_role)
            print(f"{args.app_role} may read and add to the audit trail, never change it")
        print(f"database ready: {services.location}")
    finally:
        services.close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from advocacy_desk.demo import DEMO_PASSWORD, generate
    from advocacy_desk.domain.demo_accounts import demo_accounts_text
    from advocacy_desk.services import open_services

    services = open_services(_database(args, paths.demo_database()))
    try:
        summary = generate(services, scale=args.scale, seed=args.seed, progress=_print_progress)
    finally:
        services.close()
    print(f"demo data ({args.scale}, seed {args.seed}) written to {services.location}")
    for name, count in summary.items():
        print(f"  {name}: {count:,}")
    print(f"sign in as {demo_accounts_text()}, password: {DEMO_PASSWORD}")
    return 0


def _waiting_list(args: argparse.Namespace) -> int:
    from advocacy_desk.waiting_list_output import write_waiting_list

    with _signed_in(args) as services:
        # Rows read people's details page by page as they are written: inside the block.
        write_waiting_list(services.waiting_list.ranked(args.as_of), args.format, sys.stdout)
    return 0


def _return(args: argparse.Namespace) -> int:
    from advocacy_desk.files import check_writable

    out: Path = args.out
    check_writable(out)
    with _signed_in(args) as services:
        contract_id = None
        if args.contract:
            try:
                contract_id = services.returns.contract_named(args.contract).id
            except ValidationError as exc:
                raise AdvocacyDeskError(exc.errors["contract"]) from None
        report = services.returns.prepare(args.quarter, contract_id)
        suppressed = not args.no_suppress
        if args.format == "pdf":
            # The saved narrative was checked when saved; the people recorded since may
            # make a detail identifying: say so (the file is still written).
            narrative = services.returns.narrative_for(report)
            for detail in services.returns.identifying_details(narrative):
                message = f"advocacy-desk: warning: the narrative: {detail.message}"
                print(terminal_text(message), file=sys.stderr)
        # Refused before any file is written; audited once the file is whole.
        services.returns.export(report, out, args.format, suppressed)
    print(terminal_text(f"{report.quarter.label} return ({report.contract_name}) written to {out}"))
    return 0


def _match(args: argparse.Namespace) -> int:
    import csv
    import json

    with _signed_in(args) as services:
        proposal = services.matching.propose(args.as_of)
    if args.format == "json":
        json.dump(proposal.as_dict(args.all_scores), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("kind", "volunteer_ref", "person_ref", "score", "reason"))
    for pair in proposal.pairs:
        writer.writerow(("pair", pair.volunteer_ref, pair.person_ref, pair.score, ""))
    for person_ref, reason in proposal.unmatched:
        writer.writerow(("unmatched", "", person_ref, "", reason))
    if args.all_scores:
        for c in proposal.candidates():
            score = "" if c.score is None else c.score
            writer.writerow(
                ("candidate", c.volunteer_ref, c.person_ref, score, c.excluded_by or "")
            )
    return 0


def _import(args: argparse.Namespace) -> int:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise AdvocacyDeskError(f"no such file: {', '.join(missing)}")
    if args.report is not None:
        from advocacy_desk.files import check_writable

        check_writable(args.report)  # before the import, not after it
    with _signed_in(args) as services:
        report = services.imports.run(args.files, dry_run=args.dry_run, progress=_print_progress)
        if args.report is not None:
            report.save_csv(args.report)
            services.imports.record_report_saved(args.report.name)
    for problem in report.problems:
        print(f"problem: {terminal_text(str(problem))}", file=sys.stderr)
    if report.more_problems:
        print(f"problem: and {report.more_problems:,} more", file=sys.stderr)
    for warning in report.warnings:
        print(f"check: {terminal_text(str(warning))}", file=sys.stderr)
    if args.report is not None:
        print(f"report saved to {terminal_text(str(args.report))}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _templates(args: argparse.Namespace) -> int:
    from advocacy_desk.services.imports import ImportService

    folder: Path = args.out
    if folder.exists() and not folder.is_dir():
        raise AdvocacyDeskError(
            f"cannot write to {folder}: it is a file, not a folder; give a folder"
        )
    written = ImportService.write_templates(folder)
    print(terminal_text(f"{len(written)} blank templates written to {folder}"))
    return 0


def _backup_target(args: argparse.Namespace) -> Path | URL:
    """The SQLite file to back up or restore, or the URL of a PostgreSQL server database
    (backed up with pg_dump, restored with pg_restore)."""
    from advocacy_desk.db.engine import database_url

    url = database_url(_database(args, paths.default_database()))
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database)
    if url.get_backend_name() == "postgresql" and url.database:
        return url
    raise AdvocacyDeskError(
        f"this database is on a {url.get_backend_name()} server: back it up and restore it "
        "with the server's own tools"
    )


def _backup(args: argparse.Namespace) -> int:
    from advocacy_desk.db import backup, server_backup
    from advocacy_desk.services import witness

    database = _backup_target(args)
    if not isinstance(database, Path):
        head = _server_head(database)
        archive = server_backup.back_up(database, args.out, _print_progress)
        if head is not None:
            witness.write_sidecar(args.out, head)
        print(
            f"backed up {server_backup.shown(database)} to {args.out} "
            f"({plural(len(archive.tables), 'table')}, checked)"
        )
        return 0
    if args.out.resolve() == database.resolve():
        raise AdvocacyDeskError("the backup cannot be the database itself: choose another file")
    counts = backup.back_up(database, args.out, _print_progress)
    print(f"backed up {database} to {args.out} ({plural(sum(counts.values()), 'row')}, checked)")
    return 0


def _server_head(url: URL) -> Head | None:
    """The head of a server database's trail, kept beside its backup as a witness (None
    when it has no trail yet)."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import NullPool

    from advocacy_desk.services import witness

    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session:
            return witness.head_of(session)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _restore(args: argparse.Namespace) -> int:
    database = _backup_target(args)
    if not isinstance(database, Path):
        with _signed_in(args) as services:
            kept = services.backups.restore(args.file, progress=_print_progress)
            shown = services.location
        print(f"restored {args.file} to {shown}")
        print(f"the data it replaced is kept as {kept}")
        return 0
    from advocacy_desk.services.backups import check_backup_file, restore_backup

    check_backup_file(args.file)  # a file that cannot be restored: say so before signing in
    user = _restorer(args, database)
    aside = restore_backup(args.file, database, user=user)
    print(f"restored {args.file} to {database}")
    if aside is not None:
        print(f"the database it replaced is kept as {aside}")
    return 0


def _restorer(args: argparse.Namespace, database: Path) -> str | None:
    """Who restores over ``database``: once it has accounts, an administrator signed in
    with ``--user`` (the database is closed again before the restore); else None (this
    computer's user). A file too damaged to read cannot say whether it has accounts:
    restoring it is how it is rescued."""
    from advocacy_desk.services.access import NotPermitted, Permission

    if not _has_accounts(database):
        return None
    with _signed_in(args) as services:
        try:
            services.access.require(Permission.BACKUPS, what="restore a backup")
        except NotPermitted as refused:
            services.access.record_refusal(refused)
            raise
        return services.access.user


def _has_accounts(database: Path) -> bool:
    """Whether the database file has an account with a password, read without opening
    it through the app (no upgrade, nothing written); False when it cannot be read."""
    import sqlite3
    from contextlib import closing

    if not database.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)) as conn:
            row = conn.execute(
                "SELECT 1 FROM staff_user WHERE password_hash IS NOT NULL LIMIT 1"
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def _forecast(args: argparse.Namespace) -> int:
    import csv
    import json

    with _signed_in(args) as services:
        plan = services.planning.plan(args.as_of, args.months, args.contract,
                                      args.advocacy_type)  # fmt: skip
    if args.format == "json":
        json.dump(plan.as_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("month", "type", "forecast", "lower80", "upper80"))
    for m in plan.months:
        writer.writerow((m.month, m.type, m.forecast, m.lower80, m.upper80))
    return 0


def _audit(args: argparse.Namespace) -> int:
    import csv
    import json

    from advocacy_desk.domain.spreadsheet import safe_cell

    if args.witness and args.what != "verify":
        raise AdvocacyDeskError("--witness goes with audit verify")
    with _signed_in(args) as services:
        if args.what == "verify":
            return _verify_trail(services, args.witness)
        if args.what == "head":
            print(services.audit.head().to_json())
            return 0
        rows = services.audit.events(args.since, args.user)
    records = [
        {"id": r.id, "occurred_at": r.occurred_at.isoformat(sep=" ", timespec="seconds"),
         "user": r.username, "action": r.action, "entity": r.entity,
         "entity_id": r.entity_id, "details": r.details}
        for r in rows
    ]  # fmt: skip
    if args.format == "json":
        json.dump(records, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    writer = csv.DictWriter(
        sys.stdout, ["id", "occurred_at", "user", "action", "entity", "entity_id", "details"],
        lineterminator="\n",
    )  # fmt: skip
    writer.writeheader()
    for record in records:
        writer.writerow({k: safe_cell(v) if isinstance(v, str) else v for k, v in record.items()})
    return 0


def _verify_trail(services: Services, witnesses: list[Path] | None) -> int:
    """``audit verify``: the chain, then every witness, one line each; exit 1 unless the
    chain is whole and every witness agrees."""
    result = services.audit.check(witnesses)
    if witnesses is None:
        if result.found:
            print(f"witnesses found: {'; '.join(result.found)}")
        else:
            print("no witnesses found on this computer (keep `audit head` or a backup "
                  "elsewhere and pass it with --witness)")  # fmt: skip
    for check in result.witnesses:
        if check.ok:
            print(check.message)
        else:
            print(f"{PROG}: {check.message}", file=sys.stderr)
    broken = result.broken
    failed = sum(not check.ok for check in result.witnesses)
    if broken is None and not failed:
        print(f"the audit trail is whole: {plural(result.checked, 'event')}, every link checked")
    elif broken is None:
        print(f"every link of the chain holds ({plural(result.checked, 'event')}), but the trail "
              "is not the one its witnesses saw")  # fmt: skip
    else:
        print(
            f"{PROG}: the audit trail is broken at event {broken.event_id} "
            f"({broken.occurred_at:%Y-%m-%d %H:%M:%S}, {broken.action} "
            f"{broken.entity}): {broken.why}; the {plural(result.checked, 'event')} before it "
            "are whole",
            file=sys.stderr,
        )
    if failed:
        print(
            f"{PROG}: {failed} of {len(result.witnesses)} witnesses of the trail's head "
            "failed: events were removed or the trail was rewritten after they were taken "
            "(or a witness could not be read)",
            file=sys.stderr,
        )
    return 0 if result.ok else 1


def _subject_access(args: argparse.Namespace) -> int:
    folder: Path = args.out
    if folder.exists() and not folder.is_dir():
        raise AdvocacyDeskError(
            f"cannot write to {folder}: it is a file, not a folder; give the folder to write "
            "the two files into"
        )
    if not folder.is_dir():
        raise AdvocacyDeskError(
            f"cannot write to {folder}: there is no such folder; create it or choose another"
        )
    with _signed_in(args) as services:
        person_id = services.data_protection.person_id(args.person)
        pdf, data = services.data_protection.export_subject_access(person_id, folder)
    print(terminal_text(str(pdf)))
    print(terminal_text(str(data)))
    return 0


def _document_out(out: Path) -> str:
    """The format a document command writes, from FILE's extension."""
    from advocacy_desk.files import check_writable

    check_writable(out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise AdvocacyDeskError(f"cannot write {out}: give a file name ending .docx or .pdf")
    return suffix[1:]


def _letter(args: argparse.Namespace) -> int:
    """A letter that cannot be posted as it stands (no address) is still made: scripts
    rely on the command's output and exit status. The warning, found before the letter is
    made, goes to standard error once it is saved, so a command that fails still says
    only its one error line."""
    _document_out(args.out)
    warnings: list[str] = []
    with _signed_in(args) as services:
        made = services.letters.write_for_case_ref(
            args.template, args.case, args.out, warn=warnings.append
        )
    for warning in warnings:
        print(terminal_text(f"{PROG}: warning: {warning}"), file=sys.stderr)
    print(
        terminal_text(f"letter {made.file_name} kept with {made.case_ref} and saved as {args.out}")
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    _document_out(args.out)
    with _signed_in(args) as services:
        number = services.reports.export_by_case_ref(args.case, args.report, args.out)
    print(terminal_text(f"report {number} of {args.case.strip()} saved as {args.out}"))
    return 0


def _diary(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from advocacy_desk.files import check_writable, write_text

    if args.out is not None:
        check_writable(args.out)
    with _signed_in(args) as services:
        start = args.start or services.today()
        end = args.end or start + timedelta(days=28)
        if end < start:
            raise AdvocacyDeskError("--to is before --from: swap the dates")
        text = services.diary.export(args.advocate, start, end, args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text(args.out, text)
        print(terminal_text(f"diary saved as {args.out}"), file=sys.stderr)
    return 0


def _copy(args: argparse.Namespace) -> int:
    from advocacy_desk.services.server_copy import copy_database
    from advocacy_desk.whoami import current_user

    report = copy_database(args.source, args.target, current_user(), _print_progress)
    print(
        f"copied {plural(report.rows, 'row')} in {plural(report.tables, 'table')} "
        f"from {report.source} to "
        f"{report.target}; every table's row count checked on both sides"
    )
    return 0


def _print_progress(message: str, fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{message} ({fraction:.0%})" + " " * 10, end="", file=sys.stderr, flush=True)
        if fraction >= 1:
            print(file=sys.stderr)


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; expected problems become one line on stderr and exit 1."""
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except AdvocacyDeskError as exc:
        print(f"{PROG}: error: {terminal_text(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (``| head``, say) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The headless entry point (``python -m advocacy_desk``): a command is required."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("give a command (the window opens from main.py or advocacy-desk)")
    return run_command(args)
