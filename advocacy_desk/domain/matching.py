"""Citizen advocacy matching: hard rules that are never broken, an explained fit score,
and an optimal assignment of volunteers to partners.

Everything is computed on whole volunteer x partner matrices with NumPy, so 500
volunteers against 5,000 partners costs a few array operations, not a double loop; the
assignment is SciPy's ``linear_sum_assignment`` with each volunteer repeated once per
free place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: The hard rules, in the order an excluded pair names the first one it breaks.
RULES: tuple[str, ...] = (
    "active", "dbs", "training", "capacity", "language", "sex", "pets", "smoking", "distance",
)  # fmt: skip
#: The first rules are about the volunteer alone; the rest about this partner's needs.
VOLUNTEER_RULES = 4
RULE_TEXT: dict[str, str] = {
    "active": "the volunteer is not active",
    "dbs": "the volunteer's DBS check is not valid on the day",
    "training": "the volunteer has not completed the preparation training",
    "capacity": "the volunteer has no free place",
    "language": "the volunteer does not speak the language the partner needs",
    "sex": "the partner needs an advocate of another sex",
    "pets": "the partner has pets and the volunteer is allergic",
    "smoking": "the partner needs a smoke-free home and the volunteer smokes",
    "distance": "the partner lives further than the volunteer will travel",
}
#: The parts of the fit score and their default weights (points out of 100).
DEFAULT_WEIGHTS: dict[str, float] = {
    "distance": 30.0, "interests": 25.0, "days": 20.0, "age": 15.0, "language": 10.0,
}  # fmt: skip
#: Distance at which the distance part reaches 0 (when the volunteer gives no limit).
FAR_KM = 40.0
#: Age difference at which the age part reaches 0.
AGE_SPAN_YEARS = 40.0

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class VolunteerFacts:
    ref: str
    active: bool
    dbs_valid: bool
    trained: bool
    free_places: int
    sex: str
    smoker: bool
    pet_allergy: bool
    travel_km: float | None
    latitude: float | None
    longitude: float | None
    age: int | None
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PartnerFacts:
    ref: str
    latitude: float | None
    longitude: float | None
    age: int | None
    required_language: str | None = None
    languages: frozenset[str] = frozenset()
    preferred_sex: str | None = None
    sex_required: bool = False
    has_pets: bool = False
    smoke_free_required: bool = False
    interests: frozenset[str] = frozenset()
    days: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Evaluation:
    """Every volunteer (rows) against every partner (columns)."""

    volunteers: tuple[VolunteerFacts, ...]
    partners: tuple[PartnerFacts, ...]
    #: 0-100 fit; NaN where a hard rule excludes the pair.
    scores: FloatMatrix
    #: Index into RULES of the first rule broken, or -1.
    excluded_by: npt.NDArray[np.int64]
    #: Each part's points (already weighted).
    parts: Mapping[str, FloatMatrix]
    #: Kilometres between the postcode districts; NaN where unknown.
    distance_km: FloatMatrix

    def rule(self, volunteer: int, partner: int) -> str | None:
        index = int(self.excluded_by[volunteer, partner])
        return None if index < 0 else RULES[index]

    def breakdown(self, volunteer: int, partner: int) -> dict[str, float]:
        return {name: round(float(m[volunteer, partner]), 1) for name, m in self.parts.items()}


def _membership(sets: Sequence[frozenset[str]], universe: list[str]) -> npt.NDArray[np.float64]:
    index = {item: i for i, item in enumerate(universe)}
    matrix = np.zeros((len(sets), len(universe)))
    for row, items in enumerate(sets):
        for item in items:
            matrix[row, index[item]] = 1.0
    return matrix


def _overlap(vol_sets: Sequence[frozenset[str]], partner_sets: Sequence[frozenset[str]]
             ) -> tuple[FloatMatrix, FloatMatrix]:  # fmt: skip
    """Shared items (V x P) and the partner's own count (1 x P)."""
    universe = sorted(set().union(*vol_sets, *partner_sets)) if vol_sets or partner_sets else []
    v = _membership(vol_sets, universe)
    p = _membership(partner_sets, universe)
    return v @ p.T, p.sum(axis=1)[None, :]


def _coordinates(items: Sequence[VolunteerFacts] | Sequence[PartnerFacts]) -> FloatMatrix:
    return np.array(
        [[np.nan if i.latitude is None else i.latitude,
          np.nan if i.longitude is None else i.longitude] for i in items],
        dtype=float,
    ).reshape(len(items), 2)  # fmt: skip


def distance_km(a: FloatMatrix, b: FloatMatrix) -> FloatMatrix:
    """Kilometres between every row of ``a`` and every row of ``b`` (latitude, longitude
    in degrees); NaN where either is unknown. An equirectangular approximation, within
    half a per cent of the great-circle distance at the tens of kilometres volunteers
    travel in the UK, and a fraction of its cost over millions of pairs."""
    both = np.concatenate([a[:, 0], b[:, 0]])
    known = both[~np.isnan(both)]
    across = 111.32 * np.cos(np.radians(known.mean())) if len(known) else 111.32
    x1, y1 = a[:, 1:2] * across, a[:, 0:1] * 110.57
    x2, y2 = b[:, 1][None, :] * across, b[:, 0][None, :] * 110.57
    distance: FloatMatrix = np.hypot(x1 - x2, y1 - y2)
    return distance


def evaluate(
    volunteers: Sequence[VolunteerFacts],
    partners: Sequence[PartnerFacts],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> Evaluation:
    """Hard rules and fit scores for every volunteer-partner pair."""
    n_v, n_p = len(volunteers), len(partners)
    shape = (n_v, n_p)

    def column(values: Sequence[object]) -> npt.NDArray[np.bool_]:
        return np.array(values, dtype=bool).reshape(n_v, 1)

    def row(values: Sequence[object]) -> npt.NDArray[np.bool_]:
        return np.array(values, dtype=bool).reshape(1, n_p)

    distance = distance_km(_coordinates(volunteers), _coordinates(partners))
    limits = np.array([np.inf if v.travel_km is None else v.travel_km for v in volunteers],
                      dtype=float).reshape(n_v, 1)  # fmt: skip
    languages = sorted(
        set().union(*(v.languages for v in volunteers))
        | {p.required_language for p in partners if p.required_language}
    )
    spoken = np.hstack([_membership([v.languages for v in volunteers], languages),
                        np.zeros((n_v, 1))])  # a last column: "no language needed"  # fmt: skip
    needed = np.array([languages.index(p.required_language) if p.required_language else -1
                       for p in partners], dtype=np.int64)  # fmt: skip
    speaks = np.where(needed[None, :] < 0, True, spoken[:, needed] > 0).reshape(shape)
    codes = {v.sex for v in volunteers} | {p.preferred_sex or "" for p in partners}
    sexes = {code: i for i, code in enumerate(sorted(codes))}
    v_sex = np.array([sexes[v.sex] for v in volunteers], dtype=np.int64).reshape(n_v, 1)
    wanted_sex = np.array([sexes[p.preferred_sex] if p.sex_required and p.preferred_sex else -1
                           for p in partners], dtype=np.int64).reshape(1, n_p)  # fmt: skip
    sex_ok = (wanted_sex < 0) | (v_sex == wanted_sex)
    # The volunteer's own rules first (one value per volunteer), then the partner's.
    own = np.full(n_v, -1, dtype=np.int64)
    for index, failing in reversed(list(enumerate([
        [not v.active for v in volunteers], [not v.dbs_valid for v in volunteers],
        [not v.trained for v in volunteers], [v.free_places <= 0 for v in volunteers],
    ]))):  # fmt: skip
        own[np.array(failing, dtype=bool)] = index
    broken = [
        ~speaks,
        ~sex_ok,
        column([v.pet_allergy for v in volunteers]) & row([p.has_pets for p in partners]),
        column([v.smoker for v in volunteers]) & row([p.smoke_free_required for p in partners]),
        ~np.isnan(distance) & (distance > limits),
    ]
    excluded_by = np.full(shape, -1, dtype=np.int64)
    for index in reversed(range(len(broken))):  # the first broken rule wins
        excluded_by[broken[index]] = VOLUNTEER_RULES + index
    excluded_by[own >= 0, :] = own[own >= 0, None]

    reach = np.where(np.isfinite(limits), np.maximum(limits, 1.0), FAR_KM)
    closeness = np.where(np.isnan(distance), 0.0, np.clip(1.0 - distance / reach, 0.0, 1.0))
    shared, wanted = _overlap([v.interests for v in volunteers], [p.interests for p in partners])
    interests = np.where(wanted > 0, shared / np.maximum(wanted, 1), 0.0)
    shared_days, partner_days = _overlap([v.days for v in volunteers], [p.days for p in partners])
    days = np.where(partner_days > 0, shared_days / np.maximum(partner_days, 1), 0.0)
    v_age = np.array([np.nan if v.age is None else v.age for v in volunteers], float)[:, None]
    p_age = np.array([np.nan if p.age is None else p.age for p in partners], float)[None, :]
    gap = np.abs(v_age - p_age)
    age = np.where(np.isnan(gap), 0.0, np.clip(1.0 - gap / AGE_SPAN_YEARS, 0.0, 1.0))
    extra = [p.languages - ({p.required_language} if p.required_language else set())
             for p in partners]  # fmt: skip
    shared_lang, _ = _overlap([v.languages for v in volunteers], [frozenset(e) for e in extra])
    language = (shared_lang > 0).astype(float)
    fractions = {"distance": closeness, "interests": interests, "days": days, "age": age,
                 "language": language}  # fmt: skip
    # Points out of 100: each weight scaled so that the weights together make 100.
    total_weight = sum(weights.get(name, 0.0) for name in DEFAULT_WEIGHTS) or 1.0
    parts: dict[str, FloatMatrix] = {}
    scores = np.zeros(shape)
    for name in DEFAULT_WEIGHTS:
        part = np.broadcast_to(fractions[name], shape) * (
            weights.get(name, 0.0) * 100.0 / total_weight
        )
        parts[name] = part
        scores += part
    np.round(scores, 1, out=scores)
    scores[excluded_by >= 0] = np.nan
    return Evaluation(tuple(volunteers), tuple(partners), scores, excluded_by, parts, distance)


@dataclass(frozen=True)
class Proposal:
    #: (volunteer index, partner index, score), best first.
    pairs: tuple[tuple[int, int, float], ...]
    #: (partner index, reason) for partners left without a volunteer.
    unmatched: tuple[tuple[int, str], ...]


def propose(evaluation: Evaluation) -> Proposal:
    """The assignment of volunteers (each up to their free places) to partners that
    maximises the total fit; partners no volunteer may take are left unmatched, with
    the reason."""
    from scipy.optimize import linear_sum_assignment

    scores = evaluation.scores
    n_v, n_p = scores.shape
    slots = [v for v, facts in enumerate(evaluation.volunteers)
             for _ in range(max(facts.free_places, 0))]  # fmt: skip
    pairs: list[tuple[int, int, float]] = []
    if slots and n_p:
        allowed = np.where(np.isnan(scores[slots]), -1.0, scores[slots])
        # Ties break by list order: among equally good assignments, the one pairing the
        # n-th free place with the n-th partner as nearly as possible (a hair's penalty,
        # far below the 0.1 a score is rounded to).
        order = np.arange(len(slots))[:, None] - np.arange(n_p)[None, :]
        tiebreak = order.astype(float) ** 2 * 1e-12
        rows, cols = linear_sum_assignment(-(allowed - tiebreak))
        for slot, partner in zip(rows.tolist(), cols.tolist(), strict=True):
            if allowed[slot, partner] >= 0:
                volunteer = slots[slot]
                pairs.append((volunteer, partner, float(scores[volunteer, partner])))
    matched = {p for _, p, _ in pairs}
    unmatched = []
    for partner in range(n_p):
        if partner in matched:
            continue
        usable = ~np.isnan(scores[:, partner]) if n_v else np.zeros(0, bool)
        if usable.any():
            reason = "every volunteer who could take them is matched with someone else"
        elif n_v == 0:
            reason = "no volunteers are recorded"
        else:
            # The reason that is about this partner: among volunteers free to take anyone,
            # the rule of the partner's needs that rules most of them out.
            rules = evaluation.excluded_by[:, partner]
            about_partner = rules[rules >= VOLUNTEER_RULES]
            if not len(about_partner):
                reason = ("no volunteer is available: none is active with a valid DBS check, "
                          "training done and a free place")  # fmt: skip
            else:
                counts = np.bincount(about_partner, minlength=len(RULES))
                worst = int(np.argmax(counts))
                reason = f"no available volunteer can take them: {RULE_TEXT[RULES[worst]]}"
        unmatched.append((partner, reason))
    pairs.sort(key=lambda pair: (-pair[2], pair[1]))
    return Proposal(tuple(pairs), tuple(unmatched))
