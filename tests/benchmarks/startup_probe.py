"""Run in a fresh process: time from the start of this script to the first paint of
either an empty QMainWindow (the baseline) or Advocacy Desk's main window."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402


def main() -> None:
    mode, db = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"{time.perf_counter() - STARTED:.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
                watched.removeEventFilter(self)
            return False

    if mode == "empty":
        window = QMainWindow()
        window.resize(1200, 760)
    else:
        from advocacy_desk.services import open_services
        from ui.main_window import MainWindow

        window = MainWindow(open_services(db))
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
