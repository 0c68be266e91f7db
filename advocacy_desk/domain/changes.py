"""What a write changed: which rows, of which kind, and how.

Every committed unit of work yields one :class:`Changes`: the rows it inserted, updated
and deleted, each as a :class:`Change` (the table's name as the kind, the row's primary
key, the operation). Pages refresh from it (they say which kinds they watch), and it is
the record a sync server will publish to the laptops that hold those rows. It is exact:
a row written twice in one transaction is one change (inserted then updated is an
insert; inserted then deleted is nothing at all).

An import writes hundreds of thousands of rows in one transaction, so rows with whole
number keys (nearly all) are noted and kept as arrays of 8-byte keys
(:class:`Noted`), merged with NumPy, and turned into :class:`Change` values only when
someone walks them: an import's changes cost a few megabytes, not a hundred.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

Operation = Literal["insert", "update", "delete"]
#: A row's primary key: the id, or the key of a setting, or a tuple for a key of
#: several columns (a staff member's advocacy type, say).
Key = int | str | tuple[int | str, ...]

OPERATIONS: tuple[Operation, ...] = ("insert", "update", "delete")
_CODE = {operation: code for code, operation in enumerate(OPERATIONS)}
#: The one operation of a row written more than once, by [first][last] operation: -1
#: when it ends as it started (inserted, then deleted); deleted and inserted again under
#: the same key is an update.
_MERGED = ((0, 0, -1), (1, 1, 2), (1, 1, 2))


@dataclass(frozen=True, order=True, slots=True)
class Change:
    """One row written: ``kind`` is its table (``"person"``, ``"referral"``...)."""

    kind: str
    key: Key
    operation: Operation


class Noted:
    """The writes of one open transaction, in the order they were made: whole-number
    keys in arrays per kind, any other key in a list. A savepoint's :meth:`mark` and
    :meth:`forget_since` drop what a rolled-back savepoint wrote."""

    def __init__(self) -> None:
        self._numbered: dict[str, tuple[array[int], array[int]]] = {}
        self._other: list[tuple[str, Key, int]] = []

    def add(self, kind: str, keys: Iterable[Key], operation: Operation) -> None:
        code = _CODE[operation]
        for key in keys:
            if type(key) is int:
                numbers, codes = self._numbered.setdefault(kind, (array("q"), array("b")))
                numbers.append(key)
                codes.append(code)
            else:
                self._other.append((kind, key, code))

    def mark(self) -> tuple[dict[str, int], int]:
        return {kind: len(keys) for kind, (keys, _codes) in self._numbered.items()}, len(
            self._other
        )

    def forget_since(self, mark: tuple[dict[str, int], int]) -> None:
        lengths, other = mark
        for kind, (numbers, codes) in self._numbered.items():
            keep = lengths.get(kind, 0)
            del numbers[keep:]
            del codes[keep:]
        del self._other[other:]

    def changes(self, initiator: object = None) -> Changes:
        """Each row once, with its merged operation."""
        rows: dict[str, dict[Operation, np.ndarray | tuple[Key, ...]]] = {}
        for kind, (numbers, codes) in self._numbered.items():
            for operation, keys in _merge_numbered(numbers, codes).items():
                rows.setdefault(kind, {})[operation] = keys
        first: dict[tuple[str, Key], int] = {}
        last: dict[tuple[str, Key], int] = {}
        for kind, key, code in self._other:
            first.setdefault((kind, key), code)
            last[(kind, key)] = code
        merged: dict[tuple[str, Operation], list[Key]] = {}
        for (kind, key), code in first.items():
            result = _MERGED[code][last[(kind, key)]]
            if result >= 0:
                merged.setdefault((kind, OPERATIONS[result]), []).append(key)
        for (kind, operation), found in merged.items():
            by_operation = rows.setdefault(kind, {})
            numbered = by_operation.get(operation)  # a kind keyed both ways: not in practice
            every = [*_plain(numbered), *found] if numbered is not None else found
            by_operation[operation] = tuple(sorted(every, key=_sortable))
        return Changes(rows, initiator)


def _merge_numbered(numbers: array[int], codes: array[int]) -> dict[Operation, np.ndarray]:
    """Rows of one kind with whole-number keys: each key's first and last operation
    merged (``_MERGED``), the keys of each resulting operation sorted."""
    if not numbers:
        return {}
    import numpy as np  # here: importing a service (and this module) need not load NumPy

    keys = np.frombuffer(numbers, dtype=np.int64)
    ops = np.frombuffer(codes, dtype=np.int8)
    order = np.argsort(keys, kind="stable")
    keys, ops = keys[order], ops[order]
    unique, starts = np.unique(keys, return_index=True)
    ends = np.append(starts[1:], len(keys)) - 1
    merged = np.array(_MERGED, dtype=np.int8)[ops[starts], ops[ends]]
    return {
        operation: unique[merged == code]
        for code, operation in enumerate(OPERATIONS)
        if np.any(merged == code)
    }


def _sortable(key: Key) -> tuple[str, ...]:
    """Keys of a kind in a steady order: numbers and text compared as right-aligned
    text, so ``2`` comes before ``10`` and a tuple key sorts part by part."""
    parts = key if isinstance(key, tuple) else (key,)
    return tuple(f"{part:>20}" for part in parts)


class Changes:
    """The rows one commit changed, each once, in a steady order (kind, then key); and
    who asked for the write (``initiator``: a page of the window, say, so it need not
    reload what it has just saved)."""

    __slots__ = ("_rows", "initiator")

    def __init__(
        self,
        rows: Mapping[str, Mapping[Operation, np.ndarray | tuple[Key, ...]]] | None = None,
        initiator: object = None,
    ) -> None:
        self._rows = {kind: dict(by_operation) for kind, by_operation in (rows or {}).items()}
        self.initiator = initiator

    @classmethod
    def of(cls, written: Iterable[Change], initiator: object = None) -> Changes:
        """The changes of a transaction from its writes in the order they were made."""
        noted = Noted()
        for change in written:
            noted.add(change.kind, [change.key], change.operation)
        return noted.changes(initiator)

    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, by_operation in self._rows.items() if by_operation)

    def touches(self, *kinds: str) -> bool:
        """Whether any row of these kinds changed."""
        return any(self._rows.get(kind) for kind in kinds)

    def keys(self, kind: str, operation: Operation | None = None) -> frozenset[Key]:
        """The keys of the rows of ``kind`` changed (by ``operation``, if given)."""
        by_operation = self._rows.get(kind, {})
        wanted = OPERATIONS if operation is None else (operation,)
        return frozenset(key for op in wanted for key in _plain(by_operation.get(op, ())))

    def count(self, kind: str | None = None) -> int:
        """How many rows changed (of ``kind``, if given)."""
        kinds = self._rows if kind is None else [kind]
        return sum(len(keys) for k in kinds for keys in self._rows.get(k, {}).values())

    def __iter__(self) -> Iterator[Change]:
        for kind in sorted(self._rows):
            merged = [
                (_sortable(key), Change(kind, key, operation))
                for operation, keys in self._rows[kind].items()
                for key in _plain(keys)
            ]
            yield from (change for _order, change in sorted(merged, key=lambda m: m[0]))

    def __len__(self) -> int:
        return self.count()

    def __bool__(self) -> bool:
        return any(len(keys) for by_op in self._rows.values() for keys in by_op.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Changes) and list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Changes({self.count()} rows of {', '.join(sorted(self.kinds())) or 'nothing'})"


def _plain(keys: np.ndarray | tuple[Key, ...]) -> Iterator[Key]:
    """Keys as Python values (NumPy's integers become ints)."""
    if isinstance(keys, tuple):
        return iter(keys)
    return iter(keys.tolist())
