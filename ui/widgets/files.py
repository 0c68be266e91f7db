"""Opening a copy of a file the database keeps (a scanned consent form, a letter) in the
program this computer opens such files with.

The copies go into one private folder for the session, removed when the app ends, so
that personal data is not left behind in the temporary folder. (A file still open in
Word at that moment stays until Word lets go of it.)"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

_folder: Path | None = None


def session_folder() -> Path:
    """This session's private folder for copies (made on first use)."""
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix="advocacy-desk-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


def write_copy(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Write ``content`` as ``name`` (no folders taken from it) in ``folder`` or the
    session folder; a name already there gets a number."""
    where = folder or session_folder()
    base = Path(Path(name).name or "file")
    path = where / base
    number = 2
    while path.exists():
        path = where / f"{base.stem}-{number}{base.suffix}"
        number += 1
    path.write_bytes(content)
    return path


def open_with_system(path: Path) -> bool:
    """Open ``path`` as a double-click would; False when nothing on this computer can."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
