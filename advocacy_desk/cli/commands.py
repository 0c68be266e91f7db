"""The commands' handlers: each takes the parsed arguments and returns the exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_desk import paths
from advocacy_desk.cli.session import (
    PROG,
    database_location,
    print_progress,
    read_password,
    signed_in,
)
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.terminal import terminal_text

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from advocacy_desk.app import Services
    from advocacy_desk.services.witness import Head


def run_init(args: argparse.Namespace) -> int:
    from advocacy_desk.app import open_services
    from advocacy_desk.db.engine import database_url

    location = database_location(args, paths.default_database())
    if args.app_role and database_url(location).get_backend_name() != "postgresql":
        raise AdvocacyDeskError("--app-role is for a database on a PostgreSQL server")
    services = open_services(location)
    try:
        if args.admin:
            password = read_password(f"New password for {args.admin}: ", confirm=True)
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


def run_demo(args: argparse.Namespace) -> int:
    from advocacy_desk.app import open_services
    from advocacy_desk.demo import DEMO_PASSWORD, generate
    from advocacy_desk.domain.demo_accounts import demo_accounts_text

    services = open_services(database_location(args, paths.demo_database()))
    try:
        summary = generate(services, scale=args.scale, seed=args.seed, progress=print_progress)
    finally:
        services.close()
    print(f"demo data ({args.scale}, seed {args.seed}) written to {services.location}")
    for name, count in summary.items():
        print(f"  {name}: {count:,}")
    print(f"sign in as {demo_accounts_text()}, password: {DEMO_PASSWORD}")
    return 0


def run_waiting_list(args: argparse.Namespace) -> int:
    from advocacy_desk.exports.waiting_list_output import write_waiting_list

    with signed_in(args) as services:
        # Rows read people's details page by page as they are written: inside the block.
        write_waiting_list(services.waiting_list.ranked(args.as_of), args.format, sys.stdout)
    return 0


def run_return(args: argparse.Namespace) -> int:
    from advocacy_desk.files import check_writable

    out: Path = args.out
    check_writable(out)
    with signed_in(args) as services:
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


def run_match(args: argparse.Namespace) -> int:
    import csv
    import json

    with signed_in(args) as services:
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


def run_import(args: argparse.Namespace) -> int:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise AdvocacyDeskError(f"no such file: {', '.join(missing)}")
    if args.report is not None:
        from advocacy_desk.files import check_writable

        check_writable(args.report)  # before the import, not after it
    with signed_in(args) as services:
        report = services.imports.run(args.files, dry_run=args.dry_run, progress=print_progress)
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


def run_templates(args: argparse.Namespace) -> int:
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

    url = database_url(database_location(args, paths.default_database()))
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database)
    if url.get_backend_name() == "postgresql" and url.database:
        return url
    raise AdvocacyDeskError(
        f"this database is on a {url.get_backend_name()} server: back it up and restore it "
        "with the server's own tools"
    )


def run_backup(args: argparse.Namespace) -> int:
    from advocacy_desk.db import backup, server_backup
    from advocacy_desk.services import witness

    database = _backup_target(args)
    if not isinstance(database, Path):
        head = _server_head(database)
        archive = server_backup.back_up(database, args.out, print_progress)
        if head is not None:
            witness.write_sidecar(args.out, head)
        print(
            f"backed up {server_backup.shown(database)} to {args.out} "
            f"({plural(len(archive.tables), 'table')}, checked)"
        )
        return 0
    if args.out.resolve() == database.resolve():
        raise AdvocacyDeskError("the backup cannot be the database itself: choose another file")
    counts = backup.back_up(database, args.out, print_progress)
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


def run_restore(args: argparse.Namespace) -> int:
    database = _backup_target(args)
    if not isinstance(database, Path):
        with signed_in(args) as services:
            kept = services.backups.restore(args.file, progress=print_progress)
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
    with signed_in(args) as services:
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


def run_forecast(args: argparse.Namespace) -> int:
    import csv
    import json

    with signed_in(args) as services:
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


def run_audit(args: argparse.Namespace) -> int:
    import csv
    import json

    from advocacy_desk.domain.spreadsheet import safe_cell

    if args.witness and args.what != "verify":
        raise AdvocacyDeskError("--witness goes with audit verify")
    with signed_in(args) as services:
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


def run_subject_access(args: argparse.Namespace) -> int:
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
    with signed_in(args) as services:
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


def run_letter(args: argparse.Namespace) -> int:
    """A letter that cannot be posted as it stands (no address) is still made: scripts
    rely on the command's output and exit status. The warning, found before the letter is
    made, goes to standard error once it is saved, so a command that fails still says
    only its one error line."""
    _document_out(args.out)
    warnings: list[str] = []
    with signed_in(args) as services:
        made = services.letters.write_for_case_ref(
            args.template, args.case, args.out, warn=warnings.append
        )
    for warning in warnings:
        print(terminal_text(f"{PROG}: warning: {warning}"), file=sys.stderr)
    print(
        terminal_text(f"letter {made.file_name} kept with {made.case_ref} and saved as {args.out}")
    )
    return 0


def run_report(args: argparse.Namespace) -> int:
    _document_out(args.out)
    with signed_in(args) as services:
        number = services.reports.export_by_case_ref(args.case, args.report, args.out)
    print(terminal_text(f"report {number} of {args.case.strip()} saved as {args.out}"))
    return 0


def run_diary(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from advocacy_desk.files import check_writable, write_text

    if args.out is not None:
        check_writable(args.out)
    with signed_in(args) as services:
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


def run_copy(args: argparse.Namespace) -> int:
    from advocacy_desk.os_user import current_user
    from advocacy_desk.services.server_copy import copy_database

    report = copy_database(args.source, args.target, current_user(), print_progress)
    print(
        f"copied {plural(report.rows, 'row')} in {plural(report.tables, 'table')} "
        f"from {report.source} to "
        f"{report.target}; every table's row count checked on both sides"
    )
    return 0
