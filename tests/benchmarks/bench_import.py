"""Importing a whole caseload from CSV files: 10,000 people, 20,000 referrals, 15,000
cases and 200,000 activities (and 40 advocates), generated deterministically, checked
and imported through ``services.imports.run`` into a new database. Target (the issue's):
under 30 s, with memory that stays flat (the files are streamed, not all held at once);
rows per second reported.

Each measurement runs in a fresh process, so its memory readings are its own: the
import at full scale; the same files with a quarter of the activities (memory growth
compared: flat, about 1x, because rows are streamed past what is kept); a quarter of
everything (what is kept to check references grows with people, referrals and cases); a
dry run at full scale; and importing the same files again into the full database
(everything unchanged). The baseline, from the same run: the same CSV files
read with the csv module and inserted by plain ``sqlite3.executemany`` into bare tables
of the same columns (no checking, no indexes, one transaction).

The files are written once into ``tests/benchmarks/.cache/import-<scale>/``; delete the
folder to write them again. Run with ``python -m tests.benchmarks import``.
"""

from __future__ import annotations

import csv
import gc
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.benchmarks.data import CACHE, ROOT, signed_in

TODAY = date(2026, 11, 23)
TARGET_SECONDS = 30.0
#: Growth at full scale over growth at a quarter, up to which memory counts as flat.
FLAT_RATIO = 1.5
ADVOCATES = 40
SCALES: dict[str, dict[str, int]] = {
    "full": {"people": 10_000, "referrals": 20_000, "cases": 15_000, "activities": 200_000},
    "quarter": {"people": 2_500, "referrals": 5_000, "cases": 3_750, "activities": 50_000},
}
#: In the order the importer loads them (and the order printed).
FILES = ("people", "advocates", "referrals", "cases", "activities")

# -- the files --------------------------------------------------------------------------

GIVEN = (
    "Margaret", "John", "Patricia", "David", "Susan", "Michael", "Linda", "Peter", "Janet",
    "Robert", "Christine", "Paul", "Karen", "Mark", "Sarah", "James", "Emma", "Daniel",
    "Sophie", "Thomas", "Olivia", "Mohammed", "Aisha", "Priya", "Rajesh", "Fatima", "Kwame",
    "Chloé", "Zoë", "Siobhán", "Seán", "Łukasz", "Agnieszka", "Andreea", "Ionuț", "Bridget",
    "Derek", "Maureen", "Graham", "Irene", "Kevin", "Leanne", "Shanice", "Tyrone", "Wei",
    "Mei", "Hamza", "Noor", "Gurpreet", "Harjit", "Bernard", "Doris", "Elsie", "Frank",
)  # fmt: skip
FAMILY = (
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes",
    "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke",
    "O'Brien", "O'Connor", "McDonald", "Murphy", "Kowalski", "Nowak", "Popescu", "Khan",
    "Ahmed", "Hussain", "Begum", "Patel", "Singh", "Kaur", "Chowdhury", "Mensah", "Okafor",
    "Campbell", "Stewart", "Nguyen", "Chen", "Wong", "Ali", "Rahman", "Baker-Ellis",
    "Fitzgerald", "Ward", "Turner", "Cooper", "Hill", "Moore", "Parker", "Price", "Bennett",
)  # fmt: skip
AREAS = (
    ("CM", 24), ("CO", 16), ("SS", 17), ("RM", 20), ("IG", 11), ("CB", 11), ("IP", 33),
    ("EN", 11), ("E", 18), ("N", 22), ("SE", 28), ("B", 99),
)  # fmt: skip
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
AUTHORITIES = (
    "Essex County Council", "Essex County Council", "Essex County Council",
    "Southend-on-Sea City Council", "Thurrock Council", "Suffolk County Council",
    "London Borough of Havering", "London Borough of Redbridge", "Hertfordshire County Council",
)  # fmt: skip
LANGUAGES = ("English",) * 12 + ("Polish", "Urdu", "Bengali", "Romanian", "Gujarati", "Punjabi")
ETHNICITIES = ("white_british",) * 10 + (
    "white_irish", "white_other", "white_other", "mixed_white_asian", "asian_indian",
    "asian_pakistani", "asian_bangladeshi", "black_african", "black_caribbean",
    "other_ethnic_group", "not_known", "prefer_not_to_say",
)  # fmt: skip
RELIGIONS = ("christian", "christian", "none", "none", "muslim", "hindu", "sikh", "jewish",
             "buddhist", "other", "not_known", "prefer_not_to_say")  # fmt: skip
NEEDS = ("learning_disability", "autism", "mental_health", "mental_health", "dementia",
         "dementia", "older_person", "physical_disability", "sensory_impairment",
         "acquired_brain_injury", "substance_misuse", "carer", "other")  # fmt: skip
TYPES = (("care_act", 35), ("imca", 15), ("imha", 10), ("nhs_complaints", 8), ("rpr", 7),
         ("generic", 15), ("non_instructed", 5), ("peer", 5))  # fmt: skip
SOURCES = (("social_worker", 40), ("health", 20), ("self", 12), ("family_friend", 10),
           ("care_provider", 10), ("other_advocacy", 4), ("other", 4))  # fmt: skip
PROCESSES = ("needs_assessment", "needs_assessment", "care_plan", "care_plan_review",
             "carers_assessment", "safeguarding_enquiry", "safeguarding_adults_review")  # fmt: skip
DIFFICULTIES = ("understanding", "retaining", "using_weighing", "communicating")
CLOSURES = (("resolved", 60), ("person_withdrew", 10), ("died", 6), ("moved_away", 5),
            ("not_eligible", 5), ("referred_on", 8), ("other", 6))  # fmt: skip
KINDS = (("phone", 30), ("visit", 20), ("correspondence", 20), ("meeting", 12),
         ("report", 6), ("research", 6), ("travel", 3), ("other", 3))  # fmt: skip
PLACES = ("the care home", "Broomfield Hospital", "her flat", "his flat", "the day centre",
          "the family home", "the ward", "Colchester General",
          "the supported living scheme")  # fmt: skip
PEOPLE = ("the social worker", "the care manager", "his daughter", "her son", "the GP",
          "the ward manager", "the OT", "the housing officer", "the best interests assessor",
          "the care home manager", "the consultant", "her niece")  # fmt: skip
SENTENCES = (
    "Visited at {place}.",
    "Phoned {who}, left a message.",
    "Spoke to {who} about the care plan, the budget, and respite.",
    'Said "I want to go home", and repeated it when asked again.',
    'Told me: "nobody listens to me, they just decide".',
    "Read through the assessment with them; they disagree with section 4.",
    "Wrote to {who} asking for the minutes of the meeting.",
    "Attended the best interests meeting at {place}, which lasted over an hour.",
    "Prepared questions for the review, in easy read.",
    "Checked the Care Act eligibility criteria against what {who} wrote.",
    "They were tired today, so we agreed to meet again next week.",
    "Raised a concern with {who} about missed visits (3 last week).",
    "Explained the complaints process, step by step, and left a leaflet.",
    "Used pictures to talk about where they would like to live.",
    "Emailed {who}; no reply yet, will chase on Monday.",
    "Agreed the outcome with them: a second opinion, and a new review date.",
)  # fmt: skip


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in weighted], [w for _, w in weighted])[0]


def _uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _postcode(rng: random.Random) -> str:
    area, districts = rng.choice(AREAS)
    return f"{area}{rng.randint(1, districts)} {rng.randint(0, 9)}{rng.choice(INWARD)}" + (
        rng.choice(INWARD)
    )


def _note(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.08:
        return ""
    count = rng.randint(1, 2) if shape < 0.5 else rng.randint(2, 6) if shape < 0.97 else 20
    sentences = [
        rng.choice(SENTENCES).format(place=rng.choice(PLACES), who=rng.choice(PEOPLE))
        for _ in range(count)
    ]
    joiner = "\n" if rng.random() < 0.05 else " "
    return joiner.join(sentences)


def _days(start: date, end: date, rng: random.Random) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _write(path: Path, header: tuple[str, ...], rows: Iterator[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)


def _generate(scale: str, folder: Path) -> None:
    """The five CSV files of ``scale`` into ``folder``, the same every time."""
    sizes = SCALES[scale]
    rng = random.Random(1)
    usernames: list[str] = []

    def advocates() -> Iterator[tuple[object, ...]]:
        for i in range(ADVOCATES):
            given, family = GIVEN[i % len(GIVEN)], FAMILY[(i * 7) % len(FAMILY)]
            username = f"{given[0]}{family}".lower().replace("'", "").replace("-", "")
            username = f"{username}{i}" if username in usernames else username
            usernames.append(username)
            types = sorted(rng.sample([t for t, _ in TYPES], rng.randint(1, 3)))
            yield username, f"{given} {family}", ";".join(types), rng.choice((25, 30, 30, 35))

    def people() -> Iterator[tuple[object, ...]]:
        for i in range(1, sizes["people"] + 1):
            born = _days(date(1930, 1, 1), date(2005, 12, 31), rng)
            sex = rng.choice(("female", "female", "male", "male", "Female", "not_known"))
            yield (
                f"P{i:06d}", rng.choice(GIVEN), rng.choice(FAMILY),
                "" if rng.random() < 0.04 else _uk(born), sex,
                rng.choice(("yes", "yes", "yes", "not_known", "no", "")),
                rng.choice(ETHNICITIES), rng.choice(("yes", "yes", "no", "not_known")),
                rng.choice(("heterosexual", "heterosexual", "not_known", "gay_lesbian",
                            "bisexual", "prefer_not_to_say", "")),
                rng.choice(RELIGIONS), rng.choice(LANGUAGES),
                rng.choice(("no", "no", "no", "yes", "")), rng.choice(NEEDS),
                "" if rng.random() < 0.03 else _postcode(rng), rng.choice(AUTHORITIES),
                rng.choice(("no", "no", "no", "no", "yes", "")),
            )  # fmt: skip

    received: list[tuple[date, str]] = []

    def referrals() -> Iterator[tuple[object, ...]]:
        # Everyone has one referral; the rest go to people already referred.
        count = sizes["referrals"]
        whose = list(range(1, sizes["people"] + 1))
        whose += [rng.randint(1, sizes["people"]) for _ in range(count - len(whose))]
        dates = sorted(_days(date(2023, 1, 2), TODAY, rng) for _ in range(count))
        rng.shuffle(whose)
        for i, (person, day) in enumerate(zip(whose, dates, strict=True), start=1):
            kind = _pick(rng, TYPES)
            process = rng.choice(PROCESSES) if kind == "care_act" else ""
            hard = rng.sample(DIFFICULTIES, rng.randint(0, 3)) if kind == "care_act" else []
            due = day + timedelta(days=rng.randint(7, 60))
            received.append((day, f"R{i:06d}"))
            yield (
                f"R{i:06d}", f"P{person:06d}", _uk(day), _pick(rng, SOURCES), kind, process,
                ";".join(hard), rng.choice(("no", "no", "yes", "not_known", ""))
                if kind == "care_act" else "",
                _uk(due) if due <= TODAY and rng.random() < 0.4 else "",
                rng.choice(("none",) * 8 + ("concern", "enquiry")),
                *(rng.choice(("1", "2", "2", "3", "3", "4", "")) for _ in range(4)),
                "", "", "", "",
            )  # fmt: skip

    lives: list[tuple[str, date, date]] = []

    def cases() -> Iterator[tuple[object, ...]]:
        # Cases open a few days after their referral; the newest referrals still wait.
        eligible = [r for r in received if r[0] <= TODAY - timedelta(days=14)]
        chosen = sorted(rng.sample(eligible, sizes["cases"]))
        for i, (day, referral) in enumerate(chosen, start=1):
            opened = day + timedelta(days=rng.randint(1, 14))
            closed: date | None = None
            if rng.random() < 0.7:
                closed = min(opened + timedelta(days=int(rng.lognormvariate(4.0, 0.8))), TODAY)
            ref = f"C{i:06d}"
            lives.append((ref, opened, closed or TODAY))
            yield (
                ref, referral, rng.choice(usernames), _uk(opened),
                _uk(closed) if closed else "", _pick(rng, CLOSURES) if closed else "",
            )  # fmt: skip

    def activities() -> Iterator[tuple[object, ...]]:
        # Busier cases have more; each case's work is dated inside its life, in order.
        weights = [((end - start).days + 5) ** 0.5 * rng.lognormvariate(0, 0.6)
                   for _, start, end in lives]  # fmt: skip
        counts = [0] * len(lives)
        for index in rng.choices(range(len(lives)), weights, k=sizes["activities"]):
            counts[index] += 1
        for (ref, start, end), count in zip(lives, counts, strict=True):
            for day in sorted(_days(start, end, rng) for _ in range(count)):
                kind = _pick(rng, KINDS)
                minutes = rng.choice((5, 10, 15, 15, 20, 30, 30, 45, 60, 90, 120, 180))
                yield (
                    ref, day.isoformat(),
                    f"{minutes // 60}:{minutes % 60:02d}" if rng.random() < 0.1 else minutes,
                    kind, rng.choice(usernames) if rng.random() < 0.08 else "",
                    rng.choice((10, 20, 30, 45, 60)) if kind == "visit" else "", _note(rng),
                )  # fmt: skip

    _write(folder / "advocates.csv", ("username", "full_name", "advocacy_types", "capacity"),
           advocates())  # fmt: skip
    _write(
        folder / "people.csv",
        ("person_ref", "given_name", "family_name", "date_of_birth", "sex", "gender_identity",
         "ethnicity", "disability", "sexual_orientation", "religion", "first_language",
         "interpreter_needed", "primary_need", "postcode", "local_authority", "out_of_area"),
        people(),
    )  # fmt: skip
    _write(
        folder / "referrals.csv",
        ("referral_ref", "person_ref", "received_on", "source", "advocacy_type",
         "care_act_process", "substantial_difficulty", "appropriate_individual",
         "decision_due_on", "safeguarding", "complexity", "impact", "support_network",
         "capacity_voice", "contract", "status", "status_on", "status_reason"),
        referrals(),
    )  # fmt: skip
    _write(folder / "cases.csv", ("case_ref", "referral_ref", "advocate", "opened_on",
                                  "closed_on", "closure_reason"), cases())  # fmt: skip
    _write(folder / "activities.csv", ("case_ref", "date", "minutes", "kind", "advocate",
                                       "travel_minutes", "note"), activities())  # fmt: skip


#: The full files with only this many activities: the same people, referrals and cases
#: to check against, a quarter of the rows streamed past them.
FEWER_ACTIVITIES = 50_000


def _fewer(folder: Path) -> Path:
    """The full files, activities cut to the first ``FEWER_ACTIVITIES``."""
    full = import_files("full")
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if name != "activities":
            shutil.copyfile(full / f"{name}.csv", folder / f"{name}.csv")
    with (
        (full / "activities.csv").open(encoding="utf-8", newline="") as source,
        (folder / "activities.csv").open("w", encoding="utf-8", newline="") as target,
    ):
        reader, writer = csv.reader(source), csv.writer(target)
        for number, row in enumerate(reader):
            if number > FEWER_ACTIVITIES:
                break
            writer.writerow(row)
    return folder


def import_files(scale: str) -> Path:
    """The folder of ``scale``'s CSV files, written the first time it is asked for."""
    folder = CACHE / f"import-{scale}"
    if scale == "fewer":
        return folder if (folder / "activities.csv").exists() else _fewer(folder)
    if not all((folder / f"{name}.csv").exists() for name in FILES):
        partial = CACHE / f"import-{scale}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        print(f"writing the {scale} import files (once)…", flush=True)
        started = time.perf_counter()
        _generate(scale, partial)
        print(f"  written in {time.perf_counter() - started:.1f} s", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    return folder


def _csv_paths(scale: str) -> list[Path]:
    return [import_files(scale) / f"{name}.csv" for name in FILES]


def _fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# -- in a child process ----------------------------------------------------------------


def _rss_kb() -> int:
    """This process's resident memory now, in KB (peak so far where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return pages * resource.getpagesize() // 1024


def _import(mode: str, scale: str, db: Path) -> dict[str, Any]:
    """One import (mode "import", "dry" or "again") of ``scale``'s files into ``db``."""
    from advocacy_desk.app import open_services

    paths = _csv_paths(scale)
    if mode != "again":
        _fresh(db)
    services = signed_in(open_services(db, today=lambda: TODAY, user="benchmark"))
    gc.collect()
    rss_before = _rss_kb()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = services.imports.run(paths, dry_run=mode == "dry")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    services.close()
    if not report.ok or (mode != "dry" and not report.written):
        shown = "\n".join(f"  {p}" for p in report.problems[:20])
        raise SystemExit(f"import ({mode}, {scale}) refused:\n{report.summary()}\n{shown}")
    return {
        "seconds": seconds,
        "report_seconds": report.seconds,
        "rows": report.rows,
        "rss_before_kb": rss_before,
        "peak_before_kb": peak_before,
        "peak_kb": peak,
        "warnings": len(report.warnings),
        "first_warning": str(report.warnings[0]) if report.warnings else "",
        "counts": {kind: vars(c) for kind, c in report.counts.items() if c.total},
    }


def _plain_sqlite(scale: str, db: Path) -> dict[str, Any]:
    """The same files read by the csv module and inserted with ``executemany`` into bare
    tables of the same columns, in one transaction, with the app's pragmas."""
    paths = _csv_paths(scale)
    _fresh(db)
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    started = time.perf_counter()
    rows = 0
    connection.execute("BEGIN")
    for path in paths:
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.reader(file)
            header = next(reader)
            connection.execute(
                f"CREATE TABLE {path.stem} (id INTEGER PRIMARY KEY, {', '.join(header)})"
            )
            before = connection.total_changes
            connection.executemany(
                f"INSERT INTO {path.stem} ({', '.join(header)}) "
                f"VALUES ({', '.join('?' * len(header))})",
                reader,
            )
            rows += connection.total_changes - before
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    _fresh(db)
    return {"seconds": seconds, "rows": rows}


def _child(argv: list[str]) -> None:
    mode, scale, db = argv
    if mode == "baseline":
        result = _plain_sqlite(scale, Path(db))
    else:
        result = _import(mode, scale, Path(db))
    print(json.dumps(result))


# -- the benchmark ---------------------------------------------------------------------


def _run(mode: str, scale: str, db: Path) -> dict[str, Any]:
    """``_child`` in a fresh process; its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_import", "--child", mode, scale, str(db)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"bench_import {mode} {scale} failed ({done.returncode}):\n{done.stderr[-4000:]}"
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _missing_records(scale: str, result: dict[str, Any]) -> None:
    """Say so when a first import into an empty database did not create a record for
    every row (every row of these files is a record of its own)."""
    sizes = {**SCALES[scale], "advocates": ADVOCATES}
    for kind in FILES:
        counts = result["counts"][kind]
        if counts["created"] != sizes[kind]:
            print(f"import: ODD at {scale} scale: {counts['created']:,} {kind} created from "
                  f"{sizes[kind]:,} rows into an empty database ({counts['updated']:,} "
                  f"changed, {counts['unchanged']:,} unchanged)")  # fmt: skip


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def main() -> dict[str, float]:
    for scale in SCALES:
        import_files(scale)
    db = CACHE / "import-full.sqlite"
    quarter_db = CACHE / "import-quarter.sqlite"
    dry_db = CACHE / "import-dry.sqlite"
    plain_db = CACHE / "import-plain.sqlite"
    plain = _run("baseline", "full", plain_db)
    quarter = _run("import", "quarter", quarter_db)
    full = _run("import", "full", db)
    fewer_db = CACHE / "import-fewer.sqlite"
    fewer = _run("import", "fewer", fewer_db)
    _fresh(fewer_db)
    dry = _run("dry", "full", dry_db)
    again = _run("again", "full", db)
    for leftover in (db, quarter_db, dry_db):
        _fresh(leftover)

    sizes = {**SCALES["full"], "advocates": ADVOCATES}
    listed = ", ".join(f"{sizes[kind]:,} {kind}" for kind in FILES)
    seconds, rows = full["seconds"], full["rows"]
    verdict = "ok" if seconds < TARGET_SECONDS else "OVER TARGET"
    print(f"import: {rows:,} rows ({listed}) in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
          f"(target {TARGET_SECONDS:.0f} s: {verdict}); {seconds / plain['seconds']:.1f}x "
          f"plain sqlite3 inserts ({plain['seconds']:.1f} s)")  # fmt: skip
    print(f"import: a quarter ({quarter['rows']:,} rows) in {quarter['seconds']:.1f} s = "
          f"{quarter['rows'] / quarter['seconds']:,.0f} rows/s")  # fmt: skip
    growth = full["peak_kb"] - full["rss_before_kb"]
    quarter_growth = quarter["peak_kb"] - quarter["rss_before_kb"]
    ratio = growth / max(quarter_growth, 1)
    fewer_growth = fewer["peak_kb"] - fewer["rss_before_kb"]
    streamed = growth / max(fewer_growth, 1)
    flat = "flat" if streamed <= FLAT_RATIO else "NOT FLAT"
    print(f"import: memory growth {_mb(growth)} with 200,000 activities, {_mb(fewer_growth)} "
          f"with {FEWER_ACTIVITIES:,} (the same people, referrals and cases): "
          f"{streamed:.2f}x ({flat}: rows are streamed, not held); peak "
          f"{_mb(full['peak_kb'])} ({_mb(full['rss_before_kb'])} before)")  # fmt: skip
    print(f"import: what is kept to check references grows with the people, referrals and "
          f"cases: {_mb(quarter_growth)} at a quarter of them, {_mb(growth)} at full scale "
          f"({ratio:.2f}x)")  # fmt: skip
    print(f"import: dry run at full scale {dry['seconds']:.1f} s "
          f"({dry['seconds'] / seconds:.2f}x the import; nothing written)")  # fmt: skip
    counts = again["counts"]
    unchanged = sum(c["unchanged"] for c in counts.values())
    changed = sum(c["updated"] for c in counts.values())
    created = sum(c["created"] for c in counts.values())
    print(f"import: again, the same files into the full database: {again['seconds']:.1f} s "
          f"({again['rows'] / again['seconds']:,.0f} rows/s); {unchanged:,} unchanged, "
          f"{changed:,} changed, {created:,} new")  # fmt: skip
    for name, result in (("full", full), ("quarter", quarter)):
        _missing_records(name, result)
    if full["warnings"]:
        print(f"import: {full['warnings']:,} warnings, the first: {full['first_warning']}")
    return {
        "import_s": seconds,
        "rows_per_s": rows / seconds,
        "plain_s": plain["seconds"],
        "ratio": seconds / plain["seconds"],
        "quarter_s": quarter["seconds"],
        "growth_mb": growth / 1024,
        "quarter_growth_mb": quarter_growth / 1024,
        "growth_ratio": ratio,
        "streamed_ratio": streamed,
        "peak_mb": full["peak_kb"] / 1024,
        "dry_run_s": dry["seconds"],
        "again_s": again["seconds"],
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2:])
    else:
        main()
