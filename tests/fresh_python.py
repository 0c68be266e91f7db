"""What a fresh Python loads: the import tests' one way to start an interpreter of their
own (this one has loaded everything already) and ask it which modules an import pulled
in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Loaded:
    """What ``imports`` loaded: how many modules in all, and which of those asked about."""

    count: int
    found: list[str]


def loaded_by(imports: str, watched: tuple[str, ...] = ()) -> Loaded:
    """Run ``imports`` (Python statements, ``import ui.app`` say) in a fresh interpreter
    from the project's root, offscreen; the modules it loaded, and which of ``watched``
    (module names, each with its submodules) are among them. A failed import fails the
    test with the interpreter's own message."""
    code = (
        "import json, sys\n"
        f"{imports}\n"
        f"watched = {watched!r}\n"
        "found = sorted({w for w in watched for m in sys.modules "
        "if m == w or m.startswith(w + '.')})\n"
        "print(json.dumps([len(sys.modules), found]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        timeout=120, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    count, found = json.loads(result.stdout.strip().splitlines()[-1])
    return Loaded(count, found)
