"""How long work says how far it has got: ``progress("Writing people…", 0.4)``.

One definition for every job that reports (an import, a backup, the demo, a copy to a
server, the forecast): the window shows the text and the fraction (0 to 1), and its
task runner stops a cancelled job at its next report (``ui/tasks.py``)."""

from __future__ import annotations

from collections.abc import Callable

#: Told what is happening and how far along it is, from 0.0 to 1.0.
Progress = Callable[[str, float], None]
