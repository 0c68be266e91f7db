"""Guard against a Qt binding that corrupts reference counts.

PySide6 6.12.0 on Python 3.11 returned None from every void method, and True from
every Signal.emit(), without taking a reference; after a few thousand calls Python
freed None and aborted. pyproject.toml keeps that release out; this test keeps it out.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication([])
button = QPushButton()
class Emitter(QObject):
    fired = Signal()
emitter = Emitter()
nones, trues = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20000):
    button.update()
    emitter.fired.emit()
print(sys.getrefcount(None) - nones, sys.getrefcount(True) - trues)
"""


def test_many_qt_calls_keep_python_alive_and_counts_steady() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_drift, true_drift = (int(x) for x in result.stdout.split())
    assert abs(none_drift) < 100
    assert abs(true_drift) < 100
