"""The People list's type-ahead search, held in memory.

Every keystroke of the filter must answer in well under 100 ms for 100,000 people.
A SQL ``LIKE '%word%'`` cannot use an index and then has to sort what it found, which
costs 100 to 250 ms at that size. Instead a :class:`TextIndex` keeps every person's
lower-case search text in one NumPy byte-string array (about 10 MB for 100,000
people) and matches all of them at once in C, then keeps the list order the caller
read from the database's own indexes. :class:`~advocacy_desk.services.people.PeopleService`
replaces its index as soon as anyone, in this app or another user's, adds or changes
a person. (This module loads NumPy, so it is imported at the first search, not at
start-up.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.int64]


class TextIndex:
    """Everyone's search text, by person id."""

    def __init__(self, rows: Sequence[tuple[int, str]]) -> None:
        """Take ``(id, search text)`` rows in ascending id order."""
        self._ids: IdArray = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        encoded = [r[1].encode() for r in rows]
        self._texts = np.array(encoded, dtype=np.bytes_) if encoded else np.array([], "S1")
        #: For each list order already asked for: its ids and where each sits in ``_ids``.
        self._orders: dict[object, tuple[IdArray, npt.NDArray[np.intp]]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def matching(self, key: object, ordered: Sequence[int], words: Sequence[str]) -> list[int]:
        """The ids of ``ordered`` (a list order named ``key``, the same list each time it
        is asked for by that name) whose text holds every one of ``words``, in that order.

        An id listed but added after the texts were read never matches; the next
        search, seeing the change, starts from a new index.
        """
        if key not in self._orders:
            listed = np.asarray(ordered, dtype=np.int64)
            if len(self._ids):
                where = np.minimum(np.searchsorted(self._ids, listed), len(self._ids) - 1)
                where[self._ids[where] != listed] = len(self._ids)  # the never-matching place
            else:
                where = np.zeros(len(listed), dtype=np.intp)
            self._orders[key] = (listed, where)
        listed, where = self._orders[key]
        mask = np.ones(len(self._ids) + 1, dtype=bool)
        mask[-1] = False
        for word in words:
            mask[:-1] &= np.strings.find(self._texts, word.encode()) >= 0
        found: list[int] = listed[mask[where]].tolist()
        return found
