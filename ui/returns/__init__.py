"""The Returns section: the quarterly monitoring return, prepared, checked, saved and
exported as CSV or PDF."""

from ui.returns.page import ReturnsPage

__all__ = ["ReturnsPage"]
