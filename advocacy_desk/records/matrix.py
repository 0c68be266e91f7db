"""The prioritisation matrix's versions, and what saving a new one would do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from advocacy_desk.records.waiting_list import RankChanges


@dataclass(frozen=True)
class MatrixVersion:
    version: int
    created_at: datetime
    created_by: str
    #: Why it was made: the reason given when it was saved.
    note: str


@dataclass(frozen=True)
class MatrixPreview:
    """What saving a matrix would do, before it is saved."""

    #: The version saving would make.
    version: int
    #: The matrix is the same as the current one: saving makes no new version.
    same_as_current: bool
    changes: RankChanges
