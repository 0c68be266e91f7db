"""Writing an output file whole or not at all: the one way Advocacy Desk writes the
files people take away (returns, subject access exports, reports, letters, the diary,
import reports and templates).

``atomic_output(path)`` gives a temporary file beside ``path`` to write; only when the
writing finished does it take the final name (an atomic rename on the same disk). A
failed write, a full disk, Ctrl+C or a killed program leaves the final name as it was
(a temporary file left by a killed program starts with a dot and ends ``.part``).
The file is created readable by this user only on POSIX (0o600): the outputs hold
special-category data about vulnerable adults. Whatever goes wrong becomes one
``AdvocacyDeskError`` naming the path and what to do, never a traceback.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from advocacy_desk.domain.errors import AdvocacyDeskError

#: How a temporary file's name ends (it starts with a dot and the final name).
PART_SUFFIX = ".part"


def check_writable(path: Path) -> None:
    """Refuse, in words, a ``path`` that cannot become a file: a folder, or a file in a
    folder that does not exist."""
    path = Path(path)
    if path.is_dir():
        raise AdvocacyDeskError(
            f"cannot write {path}: it is a folder; give a file name in it instead"
        )
    if not path.parent.is_dir():
        raise AdvocacyDeskError(
            f"cannot write {path}: the folder {path.parent} does not exist; create it or "
            "choose another"
        )


def write_problem(path: Path, error: OSError) -> AdvocacyDeskError:
    """An ``OSError`` met while writing ``path`` as one line that says what to do."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        advice = "the disk is full; free some space (or choose another disk) and try again"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "permission denied; choose a folder you may write to"
    elif code == errno.EISDIR:
        advice = "it is a folder; give a file name in it instead"
    elif code in (errno.EEXIST, errno.ENOTDIR):
        advice = "a file is in the way of a folder; choose a folder"
    elif code == errno.ENOENT:
        advice = "the folder does not exist; create it or choose another"
    elif code == errno.ENAMETOOLONG:
        advice = "the name is too long; choose a shorter one"
    else:
        advice = f"{error.strerror or error}; check the disk and try again"
    return AdvocacyDeskError(f"cannot write {path}: {advice}")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` (created empty, 0o600 on POSIX) to write; renamed
    to ``path`` once the block ends without an exception, after its bytes are on disk.
    On any exception (KeyboardInterrupt too) the temporary file is removed and ``path``
    is left as it was; an ``OSError`` becomes an ``AdvocacyDeskError`` naming ``path``."""
    path = Path(path)
    check_writable(path)
    try:
        handle, name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name[:60]}.", suffix=PART_SUFFIX
        )
    except OSError as exc:
        raise write_problem(path, exc) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise write_problem(path, exc) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def kept_if_recorded(path: Path, record: Callable[[], object]) -> None:
    """Record (audit) the export of ``path`` now that it is whole; if that fails, the
    file is removed, so no export leaves a file the audit trail does not show."""
    try:
        record()
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, content: bytes) -> Path:
    """``content`` written whole to ``path`` (see ``atomic_output``)."""
    with atomic_output(path) as temporary:
        temporary.write_bytes(content)
    return Path(path)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """``text`` written whole to ``path``, line endings as given (see ``atomic_output``)."""
    with atomic_output(path) as temporary, temporary.open("w", encoding=encoding,
                                                           newline="") as file:  # fmt: skip
        file.write(text)
    return Path(path)


def _sync(path: Path) -> None:
    """The file's bytes on disk before it takes its name (else a power cut could leave
    an empty file under the final name)."""
    descriptor = os.open(path, os.O_RDWR)  # Windows syncs only a file open to write
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """The rename on disk too (POSIX); Windows cannot open a folder to sync it."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
