"""A database server as the services report on it: a connection tested, a copy made."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerCheck:
    """What "Test connection" found on a server that answered."""

    #: The server's version, as "15.18".
    version: str
    #: One sentence for the person: what is in the database and what happens next.
    message: str


@dataclass(frozen=True)
class CopyResult:
    """What a copy to or from a server did: the tables and rows it copied."""

    source: str
    target: str
    #: Rows per table, the same on both sides (checked before the copy was committed).
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def tables(self) -> int:
        return sum(1 for n in self.counts.values() if n)
