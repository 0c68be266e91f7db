"""The Casework section: caseloads and cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.casework.page import CaseworkPage

__all__ = ["CaseworkPage"]

__getattr__ = lazy.exports(
    __name__,
    {
        "CaseworkPage": "page",
    },
)
