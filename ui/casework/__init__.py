"""The Casework section: caseloads and cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.casework.page import CaseworkPage

__all__ = ["CaseworkPage"]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.casework.section`) before the database layer they need
    has loaded."""
    if name == "CaseworkPage":
        from ui.casework import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
