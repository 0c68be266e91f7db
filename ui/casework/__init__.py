"""The Casework section: caseloads and cases."""

from ui.casework.page import CaseworkPage

__all__ = ["CaseworkPage"]
