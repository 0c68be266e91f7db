"""Citizen advocacy matching: hard rules that are never broken, an explained fit score,
and an optimal assignment of volunteers to partners.

Everything is computed on whole volunteer x partner matrices with NumPy, so 500
volunteers against 5,000 partners costs a few array operations, not a double loop; the
assignment is SciPy's ``linear_sum_assignment`` with each volunteer repeated once per
free place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

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

FloatMatrix = npt.NDArray[np.float32]


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
class _Side:
    """One side's facts as arrays: projected coordinates in km, ages, and membership
    of interests, days and languages over the shared universes."""

    x: npt.NDArray[np.float32]
    y: npt.NDArray[np.float32]
    age: npt.NDArray[np.float32]
    interests: npt.NDArray[np.float32]
    days: npt.NDArray[np.float32]
    languages: npt.NDArray[np.float32]

    def take(self, rows: npt.NDArray[np.intp]) -> _Side:
        return _Side(*(getattr(self, f.name)[rows] for f in dataclasses.fields(self)))


def _membership(sets: Sequence[frozenset[str]], universe: Mapping[str, int]
                ) -> npt.NDArray[np.float32]:  # fmt: skip
    matrix = np.zeros((len(sets), len(universe)), dtype=np.float32)
    for row, items in enumerate(sets):
        for item in items:
            matrix[row, universe[item]] = 1.0
    return matrix


def _universe(*groups: Iterable[frozenset[str]]) -> dict[str, int]:
    items: set[str] = set()
    for group in groups:
        for one in group:
            items |= one
    return {item: i for i, item in enumerate(sorted(items))}


def _nan_or(values: Iterable[float | None]) -> npt.NDArray[np.float32]:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float32)


def _sides(volunteers: Sequence[VolunteerFacts], partners: Sequence[PartnerFacts]
           ) -> tuple[_Side, _Side]:  # fmt: skip
    lat_v, lat_p = _nan_or(v.latitude for v in volunteers), _nan_or(p.latitude for p in partners)
    known = np.concatenate([lat_v, lat_p])
    known = known[~np.isnan(known)]
    # An equirectangular projection: within half a per cent of the great-circle distance
    # at the tens of kilometres volunteers travel in the UK, at a fraction of its cost.
    across = 111.32 * np.cos(np.radians(float(known.mean()))) if len(known) else 111.32
    interests = _universe((v.interests for v in volunteers), (p.interests for p in partners))
    days = _universe((v.days for v in volunteers), (p.days for p in partners))
    languages = _universe((v.languages for v in volunteers), (p.languages for p in partners))
    extra = [p.languages - {p.required_language} for p in partners]
    volunteer_side = _Side(
        _nan_or(v.longitude for v in volunteers) * np.float32(across),
        lat_v * np.float32(110.57),
        _nan_or(v.age for v in volunteers),
        _membership([v.interests for v in volunteers], interests),
        _membership([v.days for v in volunteers], days),
        _membership([v.languages for v in volunteers], languages),
    )
    partner_side = _Side(
        _nan_or(p.longitude for p in partners) * np.float32(across),
        lat_p * np.float32(110.57),
        _nan_or(p.age for p in partners),
        _membership([p.interests for p in partners], interests),
        _membership([p.days for p in partners], days),
        _membership(extra, languages),
    )
    return volunteer_side, partner_side


def _distance(v: _Side, p: _Side, scratch: FloatMatrix) -> FloatMatrix:
    """Kilometres between every volunteer's and every partner's postcode district; NaN
    where either is unknown. (Whole matrices here are built in as few fresh arrays as
    possible: first touching new memory costs more than the arithmetic.)"""
    distance = np.subtract(v.x[:, None], p.x[None, :], dtype=np.float32)
    np.square(distance, out=distance)
    np.subtract(v.y[:, None], p.y[None, :], out=scratch)
    np.square(scratch, out=scratch)
    distance += scratch
    np.sqrt(distance, out=distance)
    return distance


def _share(v: npt.NDArray[np.float32], p: npt.NDArray[np.float32], points: float,
           out: FloatMatrix) -> FloatMatrix:  # fmt: skip
    """Points for the share of each partner's items the volunteer has (none when the
    partner gives none)."""
    wanted = p.sum(axis=1)
    scaled = p * (np.float32(points) / np.maximum(wanted, 1.0))[:, None]
    share: FloatMatrix = np.matmul(v, scaled.T, out=out)
    return share


def _parts(v: _Side, p: _Side, distance: FloatMatrix, reach: npt.NDArray[np.float32],
           points: Mapping[str, float], scratch: FloatMatrix | None = None
           ) -> Iterator[tuple[str, FloatMatrix]]:  # fmt: skip
    """Each part of the fit in points, part by part. With ``scratch``, every part is
    written into it in turn (so use each before asking for the next); without, each
    is a new array."""

    def buffer() -> FloatMatrix:
        return np.empty(distance.shape, np.float32) if scratch is None else scratch

    most = np.float32(points["distance"])
    # Closer is better: all the points at the door, none at the volunteer's reach.
    closeness = np.multiply(distance, (-most / reach)[:, None], out=buffer())
    closeness += most
    np.fmax(closeness, 0.0, out=closeness)  # and an unknown distance (NaN) scores 0
    yield "distance", closeness
    yield "interests", _share(v.interests, p.interests, points["interests"], buffer())
    yield "days", _share(v.days, p.days, points["days"], buffer())
    most = np.float32(points["age"])
    age = np.subtract(v.age[:, None], p.age[None, :], out=buffer())
    np.abs(age, out=age)
    np.multiply(age, -most / np.float32(AGE_SPAN_YEARS), out=age)
    age += most
    np.fmax(age, 0.0, out=age)  # and an unknown age (NaN) scores 0
    yield "age", age
    language = np.matmul(v.languages, p.languages.T, out=buffer())
    np.minimum(language, 1.0, out=language)
    language *= np.float32(points["language"])
    yield "language", language


def points(weights: Mapping[str, float]) -> dict[str, float]:
    """Each part's points out of 100: the weights scaled to add up to 100."""
    total = sum(weights.get(name, 0.0) for name in DEFAULT_WEIGHTS) or 1.0
    return {name: weights.get(name, 0.0) * 100.0 / total for name in DEFAULT_WEIGHTS}


@dataclass(frozen=True)
class Evaluation:
    """Every volunteer (rows) against every partner (columns)."""

    volunteers: tuple[VolunteerFacts, ...]
    partners: tuple[PartnerFacts, ...]
    #: 0-100 fit, to one decimal place; NaN where a hard rule excludes the pair.
    scores: FloatMatrix
    #: Index into RULES of the first rule broken, or -1.
    excluded_by: npt.NDArray[np.int8]
    #: Kilometres between the postcode districts; NaN where unknown.
    distance_km: FloatMatrix
    #: Each part's points out of 100 (the weights, scaled).
    points: Mapping[str, float]
    _sides: tuple[_Side, _Side, npt.NDArray[np.float32]] = field(repr=False, compare=False)

    def rule(self, volunteer: int, partner: int) -> str | None:
        index = int(self.excluded_by[volunteer, partner])
        return None if index < 0 else RULES[index]

    def score(self, volunteer: int, partner: int) -> float | None:
        """The fit of one pair as a plain number, or None when a hard rule excludes it."""
        value = float(self.scores[volunteer, partner])
        return None if value != value else round(value, 1)

    def breakdowns(self, volunteers: Sequence[int], partners: Sequence[int]
                   ) -> dict[str, FloatMatrix]:  # fmt: skip
        """Each part's points for a block of pairs (the rows and columns given)."""
        v_side, p_side, reach = self._sides
        rows, cols = np.asarray(volunteers, np.intp), np.asarray(partners, np.intp)
        distance = self.distance_km[np.ix_(rows, cols)]
        return dict(_parts(v_side.take(rows), p_side.take(cols), distance, reach[rows],
                           self.points))  # fmt: skip

    def breakdown(self, volunteer: int, partner: int) -> dict[str, float]:
        """Each part's points for one pair, to one decimal place."""
        return {
            name: round(float(block[0, 0]), 1)
            for name, block in self.breakdowns([volunteer], [partner]).items()
        }


def evaluate(
    volunteers: Sequence[VolunteerFacts],
    partners: Sequence[PartnerFacts],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> Evaluation:
    """Hard rules and fit scores for every volunteer-partner pair.

    Volunteers ruled out on their own (not active, no valid DBS check, training not done,
    no free place) are ruled out for every partner, so only the others are worked out
    pair by pair; the distance is left unknown (NaN) for the ones ruled out."""
    n_v, n_p = len(volunteers), len(partners)
    own = np.full(n_v, -1, dtype=np.int8)
    for index, failing in reversed(list(enumerate([
        (not v.active for v in volunteers), (not v.dbs_valid for v in volunteers),
        (not v.trained for v in volunteers), (v.free_places <= 0 for v in volunteers),
    ]))):  # fmt: skip
        own[np.fromiter(failing, dtype=bool, count=n_v)] = index
    takers = np.flatnonzero(own < 0)
    chosen = [volunteers[i] for i in takers.tolist()]
    weighted = points(weights)
    v_side, p_side = _sides(volunteers, partners)
    limits = _nan_or(v.travel_km for v in volunteers)
    # The distance part falls to 0 at the volunteer's travel limit (or FAR_KM without one).
    reach = np.where(np.isnan(limits), np.float32(FAR_KM), np.maximum(limits, 1.0))
    some_excluded, some_scores, some_distance = _pairs(
        chosen, partners, v_side.take(takers), p_side, limits[takers], reach[takers], weighted
    )
    if len(takers) == n_v:
        excluded_by, scores, distance = some_excluded, some_scores, some_distance
    else:
        excluded_by = np.empty((n_v, n_p), dtype=np.int8)
        excluded_by[:] = own[:, None]
        excluded_by[takers] = some_excluded
        scores = np.full((n_v, n_p), np.nan, dtype=np.float32)
        scores[takers] = some_scores
        distance = np.full((n_v, n_p), np.nan, dtype=np.float32)
        distance[takers] = some_distance
    return Evaluation(tuple(volunteers), tuple(partners), scores, excluded_by, distance,
                      weighted, (v_side, p_side, reach))  # fmt: skip


def _pairs(
    volunteers: Sequence[VolunteerFacts],
    partners: Sequence[PartnerFacts],
    v_side: _Side,
    p_side: _Side,
    limits: npt.NDArray[np.float32],
    reach: npt.NDArray[np.float32],
    points: Mapping[str, float],
) -> tuple[npt.NDArray[np.int8], FloatMatrix, FloatMatrix]:
    """The rules about the partner's needs and the scores, for volunteers free to take
    someone: (first rule broken or -1, score or NaN, distance)."""
    n_v, n_p = len(volunteers), len(partners)
    scratch = np.empty((n_v, n_p), dtype=np.float32)
    distance = _distance(v_side, p_side, scratch)

    def column(values: Iterable[bool]) -> npt.NDArray[np.bool_]:
        return np.fromiter(values, dtype=bool, count=n_v)[:, None]

    def row(values: Iterable[bool]) -> npt.NDArray[np.bool_]:
        return np.fromiter(values, dtype=bool, count=n_p)[None, :]

    known = {language: i for i, language in enumerate(sorted({
        language for v in volunteers for language in v.languages}))}  # fmt: skip
    # Two extra columns: "no language needed" (everyone) and "a language no one speaks".
    silent = np.ones((n_v, len(known) + 2), dtype=bool)
    for i, v in enumerate(volunteers):
        silent[i, [known[language] for language in v.languages]] = False
    silent[:, len(known)] = False
    needed = np.fromiter(
        (len(known) if not p.required_language else known.get(p.required_language, len(known) + 1)
         for p in partners), dtype=np.intp, count=n_p,
    )  # fmt: skip
    sexes = {code: i for i, code in enumerate(sorted(
        {v.sex for v in volunteers} | {p.preferred_sex or "" for p in partners}))}  # fmt: skip
    v_sex = np.fromiter((sexes[v.sex] for v in volunteers), dtype=np.int16, count=n_v)[:, None]
    wanted = np.fromiter(
        (sexes[p.preferred_sex] if p.sex_required and p.preferred_sex else -1 for p in partners),
        dtype=np.int16, count=n_p,
    )[None, :]  # fmt: skip

    def broken(rule: str, out: npt.NDArray[np.bool_]) -> None:
        """Mark the pairs that break one of the rules about the partner's needs."""
        if rule == "language":
            np.take(silent, needed, axis=1, out=out)
        elif rule == "sex":
            np.not_equal(v_sex, wanted, out=out)
            out &= wanted >= 0
        elif rule == "pets":
            np.logical_and(column(v.pet_allergy for v in volunteers),
                           row(p.has_pets for p in partners), out=out)  # fmt: skip
        elif rule == "smoking":
            np.logical_and(column(v.smoker for v in volunteers),
                           row(p.smoke_free_required for p in partners), out=out)  # fmt: skip
        else:  # distance; NaN (unknown) is never over the limit
            np.greater(distance, limits[:, None], out=out)

    # One bit per rule broken; the lowest bit set names the first rule a pair breaks.
    bits = np.zeros((n_v, n_p), dtype=np.uint8)
    mask = np.empty((n_v, n_p), dtype=bool)
    for shift, rule in enumerate(RULES[VOLUNTEER_RULES:]):
        broken(rule, mask)
        raised = mask.view(np.uint8)
        np.left_shift(raised, np.uint8(shift), out=raised)
        bits |= raised
    first = np.full(1 << (len(RULES) - VOLUNTEER_RULES), -1, dtype=np.int8)
    for pattern in range(1, len(first)):
        first[pattern] = VOLUNTEER_RULES + (pattern & -pattern).bit_length() - 1
    excluded_by = np.take(first, bits)

    scores = np.zeros((n_v, n_p), dtype=np.float32)
    for _, part in _parts(v_side, p_side, distance, reach, points, scratch):
        scores += part
    np.round(scores, 1, out=scores)
    # Excluded pairs have no score: times 1 where allowed, times NaN where not.
    keep = np.where(first < 0, np.float32(1.0), np.float32(np.nan)).astype(np.float32)
    scores *= np.take(keep, bits, out=scratch)
    return excluded_by, scores, distance


@dataclass(frozen=True)
class Assignment:
    """What the solver is given: one row per free place of a volunteer who can take
    someone, one column per partner someone can take, and the value of each pairing."""

    #: The volunteer (an index into the evaluation) of each row.
    volunteers: npt.NDArray[np.intp]
    #: The partner of each column.
    partners: npt.NDArray[np.intp]
    #: Score in tenths for an allowed pair; less than nothing for an excluded one, so the
    #: solver takes it only when a row must go somewhere (and it is then dropped). A hair
    #: for each column favours the partners waiting longest (listed first) among ties.
    values: npt.NDArray[np.float64]


def assignment(evaluation: Evaluation) -> Assignment:
    """Prune what cannot be paired (volunteers ruled out on their own, partners no one
    may take) and value the rest for the solver."""
    allowed = evaluation.excluded_by < 0
    takers = np.flatnonzero(allowed.any(axis=1))
    partners = np.flatnonzero(allowed.any(axis=0))
    places = np.fromiter((max(evaluation.volunteers[v].free_places, 0) for v in takers),
                         dtype=np.intp, count=len(takers))  # fmt: skip
    rows = np.repeat(takers, places)
    block = np.take(evaluation.scores, rows, axis=0)
    if len(partners) < block.shape[1]:
        block = np.take(block, partners, axis=1)
    values = np.multiply(block, 10.0, dtype=np.float64)  # whole tenths: exact sums
    # Sums of tenths differ by at least 1; every penalty and hair together stay under 0.5.
    penalty = 0.25 / max(len(rows), 1)
    np.fmax(values, -penalty, out=values)  # an excluded pair (NaN) is worth -penalty
    if len(partners):
        values += (penalty / (len(rows) + 1)) * (
            np.arange(len(partners), 0, -1, dtype=np.float64) / len(partners)
        )
    return Assignment(rows, partners, values)


@dataclass(frozen=True)
class Proposal:
    #: (volunteer index, partner index, score), best first.
    pairs: tuple[tuple[int, int, float], ...]
    #: (partner index, reason) for partners left without a volunteer.
    unmatched: tuple[tuple[int, str], ...]


def propose(evaluation: Evaluation) -> Proposal:
    """The assignment of volunteers (each up to their free places) to partners that
    maximises the total fit; partners no volunteer may take are left unmatched, with
    the reason. Among equally good assignments, partners who have waited longest (listed
    first) are matched first; the same facts always give the same proposal."""
    from scipy.optimize import linear_sum_assignment

    problem = assignment(evaluation)
    pairs: list[tuple[int, int, float]] = []
    if problem.values.size:
        rows, cols = linear_sum_assignment(problem.values, maximize=True)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            volunteer, partner = int(problem.volunteers[row]), int(problem.partners[col])
            score = evaluation.score(volunteer, partner)
            if score is not None:
                pairs.append((volunteer, partner, score))
    matched = {p for _, p, _ in pairs}
    unmatched = []
    n_v, n_p = evaluation.excluded_by.shape
    usable = set(problem.partners.tolist())
    for partner in range(n_p):
        if partner in matched:
            continue
        if partner in usable:
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


def shared_interests(volunteer: VolunteerFacts, partner: PartnerFacts) -> tuple[str, ...]:
    """What the interests part of the score counts, for the screen to list in words."""
    return tuple(sorted(partner.interests & volunteer.interests))


def rounded_km(value: object) -> float | None:
    """A distance as the screen shows it (to 0.1 km), or None when it is unknown (NaN)."""
    km = float(value)  # type: ignore[arg-type]
    return None if km != km else round(km, 1)
