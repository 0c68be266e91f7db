"""The demo databases benchmarks run on, generated once and kept in a cache folder."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "tests" / "benchmarks" / ".cache"

if TYPE_CHECKING:
    from advocacy_desk.app import Services


def demo_database(scale: str = "large", seed: int = 1) -> Path:
    """A demo database of ``scale``, made with the real CLI the first time it is asked for."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{scale}-seed{seed}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial.sqlite")
        for leftover in CACHE.glob(f"{partial.name}*"):
            leftover.unlink()
        print(f"generating the {scale} demo database (once)…", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(partial), "demo",
             "--scale", scale, "--seed", str(seed)],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"  made in {time.perf_counter() - started:.1f} s", flush=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.rename(path)
    return path


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def signed_in(services: Services) -> Services:
    """Act as a demo database's manager (demo databases have accounts); a database with
    none is open already."""
    if services.access.identity is None:
        from advocacy_desk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        services.accounts.sign_in(DEMO_ACCOUNTS[0][0], DEMO_PASSWORD)
    return services
