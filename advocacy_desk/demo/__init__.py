"""Realistic, deterministic demo data: ``generate(services, scale, seed)``.

Used by ``advocacy-desk demo`` and the app's "Explore with demo data"; the same
seed, scale and as-of date always give the same database.
"""

from __future__ import annotations

from advocacy_desk.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
from advocacy_desk.demo.scales import SCALES

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "SCALES", "generate"]
