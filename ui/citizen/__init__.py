"""The Citizen advocacy section: matching volunteers with partners, and the volunteers."""

from __future__ import annotations

from ui.citizen.page import CitizenPage

__all__ = ["CitizenPage"]
