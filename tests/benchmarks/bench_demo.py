"""Benchmark: generate the ``large`` demo (ten years of a hub) into a temporary file.

The target is two minutes on an ordinary two-core laptop; the ratio printed is the
measured time over that target, so 1.0 or below passes. Beside it, as a baseline from
the same run, the time plain ``sqlite3.executemany`` takes to write the same number of
eight-column rows with nothing to decide, so a slower machine shows as a slower
baseline rather than as a slower generator. Run with
``.venv/bin/python -m tests.benchmarks.bench_demo [--scale large] [--seed 1]``
(exit status 1 when over target), or with the others: ``python -m tests.benchmarks demo``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from advocacy_desk.app import open_services
from advocacy_desk.demo import SCALES, generate
from tests.benchmarks.data import signed_in

TARGET_SECONDS = 120.0
AS_OF = date(2026, 11, 23)


def plain_inserts(rows: int) -> float:
    """Seconds for sqlite3 to write ``rows`` simple rows in one transaction, in a file."""
    import sqlite3

    with tempfile.TemporaryDirectory() as folder:
        connection = sqlite3.connect(Path(folder) / "baseline.sqlite")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c TEXT, d DATE, "
            "e INTEGER, f TEXT, g TEXT)"
        )
        started = time.perf_counter()
        with connection:
            connection.executemany(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (i, i % 97, "visit", "care_act", "2026-01-01", 30, "note", "")
                    for i in range(rows)
                ),
            )
        elapsed = time.perf_counter() - started
        connection.close()
    return elapsed


def run(scale: str, seed: int) -> dict[str, float]:
    """Generate ``scale`` into a fresh database and print the time, rows/second and ratio."""
    with tempfile.TemporaryDirectory() as folder:
        services = signed_in(open_services(Path(folder) / "bench.sqlite"))
        try:
            started = time.perf_counter()
            summary = generate(services, scale=scale, seed=seed, as_of=AS_OF)
            elapsed = time.perf_counter() - started
        finally:
            services.close()
    rows = sum(count for name, count in summary.items() if name not in ("advocates", "waiting"))
    ratio = elapsed / TARGET_SECONDS
    print(f"demo: --scale {scale} --seed {seed}")
    for name, count in summary.items():
        print(f"demo: {name:>17} {count:>10,}")
    print(f"demo: elapsed {elapsed:.1f} s, {rows / elapsed:,.0f} rows/second ({rows:,} rows)")
    baseline = plain_inserts(rows)
    print(f"demo: baseline, plain sqlite3 inserts of as many rows: {baseline:.1f} s; "
          f"generator ratio {elapsed / baseline:.1f}x")  # fmt: skip
    verdict = "ok" if ratio <= 1 else "OVER TARGET"
    print(f"demo: ratio to the {TARGET_SECONDS:.0f} s target {ratio:.2f} {verdict}")
    return {"elapsed_s": elapsed, "rows_per_s": rows / elapsed, "ratio": ratio,
            "baseline_ratio": elapsed / baseline}  # fmt: skip


def main(argv: Sequence[str] = ()) -> dict[str, float]:
    """Also called with no arguments by ``python -m tests.benchmarks``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="large")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv))
    return run(args.scale, args.seed)


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:])["ratio"] <= 1 else 1)
