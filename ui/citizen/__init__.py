"""The Citizen advocacy section: matching volunteers with partners, and the volunteers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import lazy

if TYPE_CHECKING:
    from ui.citizen.page import CitizenPage

__all__ = ["CitizenPage"]

__getattr__ = lazy.exports(
    __name__,
    {
        "CitizenPage": "page",
    },
)
