"""What a write changed: which rows, of which kind, and how.

Every committed unit of work yields one :class:`Changes`: the rows it inserted, updated
and deleted, each as a :class:`Change` (the table's name as the kind, the row's primary
key, the operation). Pages refresh from it (they say which kinds they watch), and it is
the record a sync server will publish to the laptops that hold those rows. It is exact:
a row written twice in one transaction is one change (inserted then updated is an
insert; inserted then deleted is nothing at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Operation = Literal["insert", "update", "delete"]
#: A row's primary key: the id, or the key of a setting, or a tuple for a key of
#: several columns (a staff member's advocacy type, say).
Key = int | str | tuple[int | str, ...]


@dataclass(frozen=True, order=True)
class Change:
    """One row written: ``kind`` is its table (``"person"``, ``"referral"``...)."""

    kind: str
    key: Key
    operation: Operation


def _merged(first: Operation, last: Operation) -> Operation | None:
    """One operation for a row written more than once in a transaction, from the
    first and the last: None when it ends as it started (inserted, then deleted)."""
    if first == "insert":
        return None if last == "delete" else "insert"
    if last == "delete":
        return "delete"
    return "update"  # updated, or deleted and inserted again under the same key


@dataclass(frozen=True)
class Changes:
    """The rows one commit changed, each once, in a steady order; and who asked for
    the write (``initiator``: a page of the window, say, so it need not reload what it
    has just saved)."""

    items: tuple[Change, ...] = ()
    initiator: object = field(default=None, compare=False)

    @classmethod
    def of(cls, written: Iterable[Change], initiator: object = None) -> Changes:
        """The changes of a transaction from its writes in the order they were made."""
        first: dict[tuple[str, Key], Operation] = {}
        last: dict[tuple[str, Key], Operation] = {}
        for change in written:
            row = (change.kind, change.key)
            first.setdefault(row, change.operation)
            last[row] = change.operation
        items = []
        for row, operation in first.items():
            merged = _merged(operation, last[row])
            if merged is not None:
                items.append(Change(row[0], row[1], merged))
        return cls(tuple(sorted(items, key=_order)), initiator)

    def kinds(self) -> frozenset[str]:
        return frozenset(change.kind for change in self.items)

    def touches(self, *kinds: str) -> bool:
        """Whether any row of these kinds changed."""
        return any(change.kind in kinds for change in self.items)

    def keys(self, kind: str, operation: Operation | None = None) -> frozenset[Key]:
        """The keys of the rows of ``kind`` changed (by ``operation``, if given)."""
        return frozenset(
            change.key
            for change in self.items
            if change.kind == kind and (operation is None or change.operation == operation)
        )

    def __iter__(self) -> Iterator[Change]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def _order(change: Change) -> tuple[str, str, str]:
    """Kinds in name order, then keys (ints and strings compared as text, so a table
    keyed by names sorts as well as one keyed by ids)."""
    key = change.key if isinstance(change.key, tuple) else (change.key,)
    return change.kind, "\x00".join(f"{part:>20}" for part in key), change.operation
