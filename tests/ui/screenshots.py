"""Pictures of every page and dialog at a given screen size, to look at (not a test).

    python -m tests.ui.screenshots OUTDIR --size 1280x720 [--scale 1.25] [--user demo]

Makes a small demo database (or uses ``--db``), signs in as ``--user`` (a demo
account), sizes the main window to fill a screen of ``--size`` less its title bar,
shows every section, its tabs and the states that change its shape, and saves each as
``OUTDIR/<size>[@<scale>]-<view>.png``; then opens each dialog and saves it the same
way. It runs offscreen: Qt's offscreen platform is given a screen of that size, and
``--scale`` sets ``QT_SCALE_FACTOR`` (1.25 is text and everything else at 125%).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        message = f"a size is WIDTHxHEIGHT, like 1280x720: {text!r}"
        raise argparse.ArgumentTypeError(message) from None


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.ui.screenshots", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("outdir", type=Path, help="folder for the PNG files")
    parser.add_argument("--size", type=_size, default=(1280, 720), help="screen, like 1280x720")
    parser.add_argument("--scale", type=float, default=1.0, help="text scale: 1.25 is 125%%")
    parser.add_argument("--db", type=Path, help="a demo database to use (made if absent)")
    parser.add_argument("--user", default="demo", help="demo account to sign in as")
    parser.add_argument("--only", default="", help="only views whose name holds this")
    return parser.parse_args(argv)


def _offscreen(width: int, height: int, scale: float, folder: Path) -> None:
    """Give Qt's offscreen platform one screen of ``width`` x ``height``: set before
    Qt is imported."""
    config = folder / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(scale)


def _report(view: str, problems: list[str]) -> None:
    """Say what the check of :func:`tests.ui.screens.cut_off` finds in a view."""
    for problem in problems:
        print(f"  {view}: {problem}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    work = Path(tempfile.mkdtemp(prefix="advocacy-desk-screens-"))
    width, height = args.size
    _offscreen(width, height, args.scale, work)
    os.environ.setdefault("XDG_DATA_HOME", str(work / "data"))

    from PySide6.QtWidgets import QApplication

    from advocacy_desk.app import open_services
    from advocacy_desk.demo import DEMO_PASSWORD, generate
    from tests.ui import screens
    from ui.main_window import MainWindow
    from ui.widgets import screen, unsaved

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    today = date(2026, 11, 23)  # the day the tests take as today: the same pictures
    database = args.db or work / "demo.sqlite"
    services = open_services(database, today=lambda: today)
    if services.is_empty():
        print(f"making demo data in {database}…", flush=True)
        generate(services, scale="small", seed=5, as_of=today)
    services.accounts.sign_in(args.user, DEMO_PASSWORD)
    # Nothing here is typed, but never wait on a question no one will answer.
    unsaved.ask_save_discard_cancel = lambda *_: unsaved.Answer.DISCARD

    window = MainWindow(services)
    window.auto_backup_interval_ms = 24 * 3_600_000
    window.resize(screens.window_size())
    window.show()
    screens.settle(5)
    prefix = f"{width}x{height}" + (f"@{args.scale:g}" if args.scale != 1.0 else "")
    args.outdir.mkdir(parents=True, exist_ok=True)
    saved = 0
    for name in screens.pages(window):
        if args.only in name:
            window.grab().save(str(args.outdir / f"{prefix}-{name}.png"))
            saved += 1
            _report(name, screens.cut_off(window, screens.window_size()))
    for name, dialog in screens.dialogs(window):
        if args.only in name:
            dialog.grab().save(str(args.outdir / f"{prefix}-dialog-{name}.png"))
            size = dialog.size()
            print(f"dialog {name}: {size.width()}x{size.height()}", flush=True)
            saved += 1
            _report(f"dialog {name}", screens.cut_off(dialog, screen.room(dialog)))
    print(f"{saved} pictures in {args.outdir} (window {window.width()}x{window.height()})")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
