"""Matching volunteers with partners, as the services return it: the pairs proposed and
every candidate's score."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advocacy_desk.domain.matching import Evaluation, rounded_km, shared_interests


@dataclass(frozen=True)
class Pair:
    volunteer_ref: str
    person_ref: str
    score: float
    parts: dict[str, float]
    #: Kilometres between the postcode districts, or None when a postcode is unknown.
    distance_km: float | None
    #: The partner's interests the volunteer shares (as typed, lower case), sorted.
    shared_interests: tuple[str, ...] = ()

    @property
    def distance_known(self) -> bool:
        return self.distance_km is not None


@dataclass(frozen=True)
class Candidate:
    volunteer_ref: str
    person_ref: str
    #: None when a hard rule excludes the pair.
    score: float | None
    #: The first hard rule the pair breaks (a code of RULES), or None.
    excluded_by: str | None
    #: Each part's points (empty when excluded or not asked for).
    parts: dict[str, float] = field(default_factory=dict)
    distance_km: float | None = None
    #: The partner's interests the volunteer shares, sorted (empty when excluded).
    shared_interests: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchProposal:
    as_of: date
    pairs: tuple[Pair, ...]
    unmatched: tuple[tuple[str, str], ...]
    evaluation: Evaluation = field(repr=False, compare=False)

    def candidates(self, person_ref: str | None = None) -> tuple[Candidate, ...]:
        """Every volunteer for one partner, with each score broken into its parts; or,
        without a partner, every volunteer-partner pair (scores and rules only)."""
        ev = self.evaluation
        volunteers = range(len(ev.volunteers))
        if person_ref is None:
            return tuple(
                Candidate(ev.volunteers[v].ref, partner.ref, ev.score(v, p), ev.rule(v, p))
                for p, partner in enumerate(ev.partners) for v in volunteers
            )  # fmt: skip
        p = next((i for i, partner in enumerate(ev.partners) if partner.ref == person_ref), None)
        if p is None:
            return ()
        parts = ev.breakdowns(list(volunteers), [p])
        return tuple(
            Candidate(
                ev.volunteers[v].ref, person_ref, ev.score(v, p), ev.rule(v, p),
                {} if ev.rule(v, p) else
                {name: round(float(block[v, 0]), 1) for name, block in parts.items()},
                rounded_km(ev.distance_km[v, p]),
                () if ev.rule(v, p) else shared_interests(ev.volunteers[v], ev.partners[p]),
            )
            for v in volunteers
        )  # fmt: skip

    def as_dict(self, all_scores: bool = False) -> dict[str, Any]:
        """The command line's JSON."""
        data: dict[str, Any] = {
            "pairs": [
                {"volunteer_ref": p.volunteer_ref, "person_ref": p.person_ref,
                 "score": p.score, "parts": p.parts}
                for p in self.pairs
            ],
            "unmatched": [{"person_ref": ref, "reason": why} for ref, why in self.unmatched],
        }  # fmt: skip
        if all_scores:
            data["candidates"] = [
                {"volunteer_ref": c.volunteer_ref, "person_ref": c.person_ref,
                 "score": c.score, "excluded_by": c.excluded_by}
                for c in self.candidates()
            ]  # fmt: skip
        return data
