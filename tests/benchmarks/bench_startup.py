"""Opening the main window on the `large` demo database: time to first paint, as a ratio
to an empty QMainWindow started the same way in the same run (target: at most 3x)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.data import demo_database, median

PROBE = Path(__file__).with_name("startup_probe.py")
ROUNDS = 5
TARGET_RATIO = 3.0


def _first_paint(mode: str, db: Path | None = None) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    args = [sys.executable, str(PROBE), mode] + ([str(db)] if db else [])
    out = subprocess.run(
        args, env=env, capture_output=True, text=True, check=True, cwd=PROBE.parents[2]
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> dict[str, float]:
    db = demo_database("large")
    _first_paint("app", db)  # warm the file cache once, as a second start would be
    empty = median([_first_paint("empty") for _ in range(ROUNDS)])
    app = median([_first_paint("app", db) for _ in range(ROUNDS)])
    ratio = app / empty
    print(f"startup: empty QMainWindow first paint {empty * 1000:.0f} ms (median of {ROUNDS})")
    print(f"startup: main window on large demo     {app * 1000:.0f} ms (median of {ROUNDS})")
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"startup: ratio {ratio:.2f}x (target <= {TARGET_RATIO}x) {verdict}")
    return {"empty_s": empty, "app_s": app, "ratio": ratio}


if __name__ == "__main__":
    main()
