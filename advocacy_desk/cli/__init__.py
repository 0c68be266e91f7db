"""The command line: ``advocacy-desk [--db PATH_OR_URL] COMMAND``.

Headless: it uses the same services as the window and never imports Qt. With no
command, ``main.py`` opens the window instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from advocacy_desk import __version__, paths
from advocacy_desk.cli import accounts as account_commands
from advocacy_desk.cli import commands as handlers
from advocacy_desk.cli.session import PASSWORD_VARIABLE, PROG
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.terminal import terminal_text


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

    _add_setup(commands)
    _add_outputs(commands)
    _add_moves(commands)
    _add_records(commands)
    _add_documents(commands)

    account_commands.add_parser(commands)
    return parser


def _add_setup(commands: Any) -> None:
    """``init`` and ``demo``: making a database."""
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
    init.set_defaults(handler=handlers.run_init)

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
    demo.set_defaults(handler=handlers.run_demo)


def _add_outputs(commands: Any) -> None:
    """``waiting-list``, ``return`` and ``match``: what the data says."""
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
    waiting.set_defaults(handler=handlers.run_waiting_list)

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
    monitoring.set_defaults(handler=handlers.run_return)

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
    match.set_defaults(handler=handlers.run_match)


def _add_moves(commands: Any) -> None:
    """``import``, ``templates``, ``backup``, ``restore`` and ``copy``: data in and out."""
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
    importing.set_defaults(handler=handlers.run_import)

    templates = commands.add_parser(
        "templates",
        help="save blank import templates (one CSV per kind and one workbook)",
    )
    templates.add_argument("--out", type=Path, required=True, metavar="FOLDER",
                           help="the folder to write them into")  # fmt: skip
    templates.set_defaults(handler=handlers.run_templates)

    saving = commands.add_parser(
        "backup",
        help="copy the database to a file, checked (it opens, passes SQLite's check and "
        "holds every row)",
    )
    saving.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="the backup file to write")  # fmt: skip
    saving.set_defaults(handler=handlers.run_backup)

    restoring = commands.add_parser(
        "restore",
        help="put a backup in place of the database, keeping the current one aside",
        description="Checks the backup (integrity and schema revision) first; the current "
        "database is renamed, never deleted. Close the app before restoring.",
    )
    restoring.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
    restoring.set_defaults(handler=handlers.run_restore)

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
    copying.set_defaults(handler=handlers.run_copy)


def _add_records(commands: Any) -> None:
    """``forecast``, ``audit`` and ``subject-access``: planning and accountability."""
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
    planning.set_defaults(handler=handlers.run_forecast)

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
    trail.set_defaults(handler=handlers.run_audit)

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
    access.set_defaults(handler=handlers.run_subject_access)


def _add_documents(commands: Any) -> None:
    """``letter``, ``report`` and ``diary``: documents about a case."""
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
    letter.set_defaults(handler=handlers.run_letter)

    report = commands.add_parser(
        "report",
        help="save one of a case's advocate's reports as .docx or .pdf (by the extension)",
    )
    report.add_argument("--case", required=True, metavar="CASE_REF", help="for example C000123")
    report.add_argument("--report", type=int, metavar="N",
                        help="the case's report number (default: its latest report)")  # fmt: skip
    report.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="where to save it: FILE.docx or FILE.pdf")  # fmt: skip
    report.set_defaults(handler=handlers.run_report)

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
    diary.set_defaults(handler=handlers.run_diary)


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
