"""The Returns section: the quarterly monitoring return, prepared, checked, saved and
exported as CSV or PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.returns.page import ReturnsPage

__all__ = ["ReturnsPage"]

__getattr__ = lazy.exports(
    __name__,
    {
        "ReturnsPage": "page",
    },
)
