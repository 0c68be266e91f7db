"""The Returns section: the quarterly monitoring return, prepared, checked, saved and
exported as CSV or PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.returns.page import ReturnsPage

__all__ = ["ReturnsPage"]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.returns.section`) before the database layer they need
    has loaded."""
    if name == "ReturnsPage":
        from ui.returns import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
