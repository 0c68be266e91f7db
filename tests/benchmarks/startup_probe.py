"""Run in a fresh process: time from the start of this script to the first paint of
either an empty QMainWindow (the baseline) or Advocacy Desk's main window, started as
``main.py`` starts it; for the app, also the time until its sections show their data."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from advocacy_desk.app import Services


def main() -> None:
    mode, db = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    times: dict[str, float] = {}

    def done_if_both() -> None:
        if (mode == "empty" or "ready" in times) and "paint" in times:
            print(f"{times['paint']:.6f} {times.get('ready', times['paint']):.6f}")
            QTimer.singleShot(0, app.quit)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "paint" not in times:
                times["paint"] = time.perf_counter() - STARTED
                done_if_both()
            return False

    def on_ready() -> None:
        times["ready"] = time.perf_counter() - STARTED
        done_if_both()

    watcher = FirstPaint()
    if mode == "empty":
        empty = QMainWindow()
        empty.resize(1200, 760)
        empty.installEventFilter(watcher)
        empty.show()
        app.exec()
    else:
        from ui.app import launch
        from ui.tasks import finish_background_work

        def sign_in(services: Services, _window: object) -> bool:
            """As the demo manager, at once: the probe times the app, not typing."""
            if services.access.identity is None:
                # Where the sign-in dialog names them, not the demo generator's
                # package (NumPy and more), which the window never loads to sign in.
                from advocacy_desk.domain.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

                services.accounts.sign_in(DEMO_ACCOUNTS[0][0], DEMO_PASSWORD)
            return True

        window = launch(db, signing_in=sign_in)
        window.installEventFilter(watcher)
        window.ready.connect(on_ready)
        app.exec()
        finish_background_work()
        if window.services is not None:
            window.services.close()


if __name__ == "__main__":
    main()
