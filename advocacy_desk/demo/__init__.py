"""Realistic, deterministic demo data: ``generate(services, scale, seed)``.

Used by ``advocacy-desk demo`` and the app's "Explore with demo data"; the same
seed, scale and as-of date always give the same database.
"""

from __future__ import annotations

from advocacy_desk.demo.generator import generate
from advocacy_desk.demo.scales import SCALES
from advocacy_desk.domain.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "SCALES", "generate"]
