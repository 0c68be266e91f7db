"""The quarterly return on the `large` demo database (2026/27 Q2, all contracts): the CSV
and the PDF, each from computing every figure to the finished file, against plain SQL
aggregate queries over the same rows (referrals received by type, source and process;
declined and withdrawn; cases opened, closed and open; activity minutes by type; people
referred by each equality field; outcome answers) run by sqlite3 alone in the same run.
Targets: CSV under 2 s, PDF under 5 s."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks.data import demo_database, median, signed_in

QUARTER = "2026/27-Q2"
START, END = "2026-07-01", "2026-09-30"
ROUNDS = 3
CSV_TARGET_S, PDF_TARGET_S = 2.0, 5.0

PLAIN_SQL = [
    "SELECT advocacy_type, source, care_act_process, count(*) FROM referral "
    "WHERE received_on BETWEEN :s AND :e GROUP BY 1, 2, 3",
    "SELECT status, count(*) FROM referral WHERE status_on BETWEEN :s AND :e GROUP BY 1",
    "SELECT count(*) FROM advocacy_case WHERE opened_on BETWEEN :s AND :e",
    "SELECT count(*) FROM advocacy_case WHERE closed_on BETWEEN :s AND :e",
    "SELECT count(*) FROM advocacy_case WHERE opened_on <= :e "
    "AND (closed_on IS NULL OR closed_on > :e)",
    "SELECT received_on FROM referral WHERE received_on <= :e AND (status = 'waiting' "
    "OR status_on > :e)",
    "SELECT r.advocacy_type, sum(a.minutes) FROM activity a JOIN advocacy_case c ON "
    "c.id = a.case_id JOIN referral r ON r.id = c.referral_id WHERE a.occurred_on BETWEEN "
    ":s AND :e GROUP BY 1",
    "SELECT p.sex, p.gender_identity, p.ethnicity, p.disability, p.sexual_orientation, "
    "p.religion, p.primary_need, p.date_of_birth, min(r.received_on) FROM person p JOIN "
    "referral r ON r.person_id = p.id WHERE r.received_on BETWEEN :s AND :e GROUP BY p.id",
    "SELECT f.informed, f.involved, f.negotiate, f.personal_outcomes, f.empowered, count(*) "
    "FROM outcome_feedback f JOIN advocacy_case c ON c.id = f.case_id WHERE c.closed_on "
    "BETWEEN :s AND :e GROUP BY 1, 2, 3, 4, 5",
]


def main() -> dict[str, float]:
    from advocacy_desk.app import open_services
    from advocacy_desk.domain.errors import AdvocacyDeskError
    from advocacy_desk.domain.quarters import Quarter
    from advocacy_desk.exports.return_csv import csv_text
    from advocacy_desk.exports.return_pdf import write_pdf

    db = demo_database("large")
    services = signed_in(open_services(db))
    raw = sqlite3.connect(db)
    quarter = Quarter.parse(QUARTER)

    def plain() -> float:
        started = time.perf_counter()
        for sql in PLAIN_SQL:
            raw.execute(sql, {"s": START, "e": END}).fetchall()
        return time.perf_counter() - started

    def as_csv() -> float:
        started = time.perf_counter()
        csv_text(services.returns.prepare(quarter))
        return time.perf_counter() - started

    def as_pdf(folder: Path) -> float:
        started = time.perf_counter()
        report = services.returns.prepare(quarter)
        write_pdf(report, services.returns.narrative_for(report), folder / "return.pdf")
        return time.perf_counter() - started

    plain()
    as_csv()  # warm the page cache, as a second export would be
    baseline = median([plain() for _ in range(ROUNDS)])
    csv_s = median([as_csv() for _ in range(ROUNDS)])
    print(f"return: {QUARTER} on large; plain SQL aggregates {baseline * 1000:.0f} ms")
    verdict = "ok" if csv_s < CSV_TARGET_S else "OVER TARGET"
    print(f"return: CSV {csv_s * 1000:.0f} ms ({csv_s / baseline:.1f}x plain SQL); "
          f"vs {CSV_TARGET_S:.0f} s: {verdict}")  # fmt: skip
    results = {"csv_s": csv_s, "sql_s": baseline}
    with tempfile.TemporaryDirectory() as folder:
        try:
            pdf_s = median([as_pdf(Path(folder)) for _ in range(ROUNDS)])
        except AdvocacyDeskError as exc:
            print(f"return: PDF not measured: {exc}")
        else:
            verdict = "ok" if pdf_s < PDF_TARGET_S else "OVER TARGET"
            print(f"return: PDF {pdf_s * 1000:.0f} ms ({pdf_s / baseline:.1f}x plain SQL); "
                  f"vs {PDF_TARGET_S:.0f} s: {verdict}")  # fmt: skip
            results["pdf_s"] = pdf_s
    services.close()
    raw.close()
    return results


if __name__ == "__main__":
    main()
