"""The Citizen advocacy section: matching volunteers with partners, and the volunteers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.citizen.page import CitizenPage

__all__ = ["CitizenPage"]


def __getattr__(name: str) -> object:
    """The pages load when first asked for, not with the package: the main window
    lists the section (:mod:`ui.citizen.section`) before the database layer they need
    has loaded."""
    if name == "CitizenPage":
        from ui.citizen import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
