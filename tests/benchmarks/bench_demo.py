"""Benchmark: generate the ``large`` demo (ten years of a hub) into a temporary file.

The target is two minutes on an ordinary two-core laptop; the ratio printed is the
measured time over that target, so 1.0 or below passes. Run with
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

from advocacy_desk.demo import SCALES, generate
from advocacy_desk.services import open_services

TARGET_SECONDS = 120.0
AS_OF = date(2026, 11, 23)


def run(scale: str, seed: int) -> dict[str, float]:
    """Generate ``scale`` into a fresh database and print the time, rows/second and ratio."""
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(Path(folder) / "bench.sqlite")
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
    verdict = "ok" if ratio <= 1 else "OVER TARGET"
    print(f"demo: ratio to the {TARGET_SECONDS:.0f} s target {ratio:.2f} {verdict}")
    return {"elapsed_s": elapsed, "rows_per_s": rows / elapsed, "ratio": ratio}


def main(argv: Sequence[str] = ()) -> dict[str, float]:
    """Also called with no arguments by ``python -m tests.benchmarks``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="large")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(list(argv))
    return run(args.scale, args.seed)


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1:])["ratio"] <= 1 else 1)
