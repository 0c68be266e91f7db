"""A process that writes to a database in a loop, for the crash and concurrency tests:
``python -m tests.durability.child MODE DATABASE TAG SECONDS``.

- ``crash``: forever (until killed), each round one casework entry and one import of
  three people with a referral each, tagged ``TAG-<round>``; prints "ready" once open.
- ``concurrent``: for SECONDS, add people tagged ``TAG-<n>`` one transaction each; prints
  how many it added, and exits 1 after printing any error.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from advocacy_desk.app import open_services
from advocacy_desk.domain.casework import ActivityDetails
from advocacy_desk.domain.people import PersonDetails

TODAY = date(2026, 11, 23)
#: People (each with a referral) in every import of the crash loop.
PER_IMPORT = 3


def _import_files(folder: Path, tag: str) -> list[Path]:
    people = folder / "people.csv"
    referrals = folder / "referrals.csv"
    with people.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["person_ref", "given_name", "family_name", "date_of_birth"])
        for n in range(PER_IMPORT):
            writer.writerow([f"{tag}-{n}", "Crash", f"Test {tag} {n}", "01/01/1950"])
    with referrals.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["referral_ref", "person_ref", "received_on", "source", "advocacy_type"])
        for n in range(PER_IMPORT):
            writer.writerow([f"R{tag}-{n}", f"{tag}-{n}", "01/09/2026", "self", "generic"])
    return [people, referrals]


def crash(database: str, tag: str) -> int:
    services = open_services(database, today=lambda: TODAY, user="crash")
    case_id = services.casework.caseload()[0].case_id
    folder = Path(tempfile.mkdtemp())
    print("ready", flush=True)
    round_ = 0
    while True:
        round_ += 1
        name = f"{tag}-{round_}"
        services.casework.log_activity(
            case_id, ActivityDetails(TODAY, "phone", 5, note=f"entry {name}")
        )
        report = services.imports.run(_import_files(folder, name))
        if not report.ok:
            print("\n".join(str(p) for p in report.problems), file=sys.stderr)
            return 1


def concurrent(database: str, tag: str, seconds: float) -> int:
    services = open_services(database, today=lambda: TODAY, user=tag)
    added = 0
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            services.people.create(
                PersonDetails("Busy", f"{tag} {added}", None), allow_duplicate=True
            )
            added += 1
    except Exception as exc:  # the test wants to hear of any error at all
        print(f"added {added}", flush=True)
        print(f"error: {exc!r}", file=sys.stderr, flush=True)
        return 1
    print(f"added {added}", flush=True)
    return 0


if __name__ == "__main__":
    mode, database, tag = sys.argv[1:4]
    if mode == "crash":
        sys.exit(crash(database, tag))
    sys.exit(concurrent(database, tag, float(sys.argv[4])))
