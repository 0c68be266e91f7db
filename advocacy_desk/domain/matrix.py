"""The waiting-list prioritisation matrix: its definition, its checks, and the score.

A matrix is a list of criteria, each with answers worth points (see
``resources/prioritisation_matrix.toml`` for the default, version 1). A waiting
referral scores the points of its answer on every criterion, plus any manager
override. Scores depend on the day the list is viewed (time waited, how near the
decision date is), so they are computed, never stored as the truth; the history of
scores keeps what each was, with the matrix version.

There is one definition of the score: :func:`score_many`, over NumPy columns so that
100,000 referrals rank in milliseconds. :func:`score` is the same function for one
referral, for the "why is this person 3rd?" breakdown.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.referrals import MATRIX_FIELDS
from advocacy_desk.domain.vocabulary import SAFEGUARDING

#: The criteria a matrix may hold, in the order the breakdown lists them.
CRITERIA: tuple[str, ...] = (
    *MATRIX_FIELDS,
    "safeguarding",
    "decision_date",
    "statutory",
    "time_waited",
)
#: The parts of a score: every criterion, then the manager's override.
POINT_KEYS: tuple[str, ...] = (*CRITERIA, "override")

LEVEL_ANSWERS = ("1", "2", "3", "4")
#: The answers each criterion may give points to.
ANSWERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(MATRIX_FIELDS, LEVEL_ANSWERS),
    "safeguarding": SAFEGUARDING.codes,
    "decision_date": ("near", "soon", "later_or_none"),
    "statutory": ("yes", "no"),
    "time_waited": ("per_full_week",),
}
#: Numbers a criterion carries besides its answers, with their defaults.
PARAMETERS: dict[str, dict[str, int]] = {
    "decision_date": {"near_days": 7, "soon_days": 28},
    "time_waited": {"max_points": 26},
}
ANSWER_LABELS: dict[str, str] = {
    "1": "1 (low)",
    "2": "2",
    "3": "3",
    "4": "4 (high)",
    "near": "passed, or within the near days",
    "soon": "within the soon days",
    "later_or_none": "later, or no date",
    "yes": "yes",
    "no": "no",
    "per_full_week": "points per full 7 days waited",
    **{code: SAFEGUARDING.label(code) for code in SAFEGUARDING.codes},
}
#: What each answer to the four questions answered 1 to 4 on a referral means: one
#: definition, read by the referral form, Settings' matrix editor and the subject access
#: export, so "4" never means "very high" in one place and "no one, isolated" in another.
#: 4 is always the most need.
LEVEL_MEANINGS: dict[str, dict[int, str]] = {
    "complexity": {1: "low", 2: "moderate", 3: "high", 4: "very high"},
    "impact": {1: "low", 2: "moderate", 3: "high", 4: "very high"},
    "support_network": {
        1: "good support",
        2: "some support",
        3: "little support",
        4: "no one, isolated",
    },
    "capacity_voice": {
        1: "decides and is heard",
        2: "some difficulty",
        3: "much difficulty",
        4: "great difficulty",
    },
}


def level_label(key: str, level: int) -> str:
    """ "4 (no one, isolated)": an answer 1 to 4 with what it means for this question."""
    meaning = LEVEL_MEANINGS.get(key, LEVEL_MEANINGS["complexity"]).get(level)
    return f"{level} ({meaning})" if meaning else str(level)


def level_scale(key: str) -> str:
    """ "1 = good support, uses community resources; 4 = no one, isolated"."""
    return "; ".join(f"{level} = {meaning}" for level, meaning in LEVEL_MEANINGS[key].items())


def answer_label(key: str, answer: str) -> str:
    """An answer as Settings shows it beside its points: a level with its meaning
    ("4 (no one, isolated)"), else the answer's label."""
    if key in LEVEL_MEANINGS and answer in LEVEL_ANSWERS:
        return level_label(key, int(answer))
    return ANSWER_LABELS.get(answer, answer)


POINTS_LIMIT = 1000
OVERRIDE_LIMIT = 1000

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "resources" / "prioritisation_matrix.toml"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    #: ``(answer, points)`` in the order the answers are listed.
    answers: tuple[tuple[str, int], ...]
    parameters: Mapping[str, int] = field(default_factory=dict)

    def points(self, answer: str) -> int:
        """The points for ``answer``; an answer the matrix leaves out scores 0."""
        return dict(self.answers).get(answer, 0)

    def parameter(self, name: str) -> int:
        return self.parameters.get(name, PARAMETERS[self.key][name])


@dataclass(frozen=True)
class Matrix:
    version: int
    criteria: tuple[Criterion, ...]

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain data (what is stored as JSON and edited in Settings)."""
        return {
            "criterion": [
                {"key": c.key, "label": c.label, "answers": dict(c.answers), **c.parameters}
                for c in self.criteria
            ]
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)


def parse_matrix(data: Mapping[str, Any], version: int) -> Matrix:
    """A matrix from plain data (the TOML file, stored JSON or the editor), checked.

    Raises ``ValidationError`` naming each criterion that breaks a rule: no criteria
    at all, an unknown or repeated criterion, a criterion with no answers, an answer
    it cannot have, points that are not whole numbers.
    """
    errors: dict[str, str] = {}
    raw = data.get("criterion")
    if not isinstance(raw, list) or not raw:
        raise ValidationError(
            {"criteria": "The matrix needs at least one criterion: add one back before saving."}
        )
    criteria: list[Criterion] = []
    for position, item in enumerate(raw, start=1):
        where = f"criterion {position}"
        if not isinstance(item, Mapping):
            errors[where] = f"{where.capitalize()} is not a table of key, label and answers."
            continue
        key = item.get("key")
        if key not in ANSWERS:
            known = ", ".join(CRITERIA)
            errors[where] = f"{where.capitalize()}: unknown criterion {key!r}; use one of {known}."
            continue
        if key in (c.key for c in criteria):
            errors[key] = f"{key}: the criterion appears twice; keep one."
            continue
        label = str(item.get("label") or key.replace("_", " ").capitalize())
        answers = item.get("answers")
        if not isinstance(answers, Mapping) or not answers:
            errors[key] = f"{label}: give this criterion at least one answer with its points."
            continue
        unknown = [str(a) for a in answers if str(a) not in ANSWERS[key]]
        if unknown:
            errors[key] = (
                f"{label}: {', '.join(unknown)} is not an answer of this criterion; "
                f"answers are {', '.join(ANSWERS[key])}."
            )
            continue
        points = {str(a): p for a, p in answers.items()}
        bad = [a for a, p in points.items() if not _whole(p, POINTS_LIMIT)]
        if bad:
            errors[key] = (
                f"{label}: points for {', '.join(bad)} must be whole numbers between "
                f"-{POINTS_LIMIT} and {POINTS_LIMIT}."
            )
            continue
        parameters: dict[str, int] = {}
        for name, default in PARAMETERS.get(key, {}).items():
            value = item.get(name, default)
            if not _whole(value, 3650) or value < 0:
                errors[key] = f"{label}: {name.replace('_', ' ')} must be a whole number from 0."
                break
            parameters[name] = int(value)
        else:
            if key == "decision_date" and parameters["soon_days"] < parameters["near_days"]:
                errors[key] = f"{label}: soon days must be at least the near days."
                continue
            ordered = tuple((a, int(points[a])) for a in ANSWERS[key] if a in points)
            criteria.append(Criterion(key, label, ordered, parameters))
    if errors:
        raise ValidationError(errors)
    return Matrix(version, tuple(criteria))


def _whole(value: object, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -limit <= value <= limit


def default_matrix() -> Matrix:
    """Version 1, as shipped in ``resources/prioritisation_matrix.toml``."""
    with DEFAULT_FILE.open("rb") as file:
        return parse_matrix(tomllib.load(file), version=1)


def matrix_from_json(text: str, version: int) -> Matrix:
    return parse_matrix(json.loads(text), version)


# -- the score ------------------------------------------------------------------------

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: ``decision_due_on`` given as this day number means "no date".
NO_DATE = np.iinfo(np.int64).min


@dataclass(frozen=True)
class ScoreColumns:
    """What the score needs of many referrals, one array each, in the same order.

    Dates are day numbers (``date.toordinal()``); matrix answers are 1 to 4, or 0 when
    unanswered; ``override`` is 0 when there is none.
    """

    levels: Mapping[str, IntArray]
    safeguarding: Sequence[str]
    decision_due: IntArray
    statutory: BoolArray
    received: IntArray
    override: IntArray

    def __len__(self) -> int:
        return len(self.received)


@dataclass(frozen=True)
class Scores:
    """The scores of many referrals: ``points[:, i]`` is ``POINT_KEYS[i]``."""

    points: npt.NDArray[np.int64]
    total: IntArray
    incomplete: BoolArray
    days_waiting: IntArray


def score_many(matrix: Matrix, columns: ScoreColumns, as_of: date) -> Scores:
    """Score every referral in ``columns`` on the day ``as_of``."""
    n = len(columns)
    today = as_of.toordinal()
    points = np.zeros((n, len(POINT_KEYS)), dtype=np.int64)
    incomplete = np.zeros(n, dtype=bool)
    days_waiting = today - columns.received
    for criterion in matrix.criteria:
        column = POINT_KEYS.index(criterion.key)
        key = criterion.key
        if key in MATRIX_FIELDS:
            answers = columns.levels[key]
            table = np.array([0] + [criterion.points(a) for a in LEVEL_ANSWERS], dtype=np.int64)
            points[:, column] = table[np.clip(answers, 0, 4)]
            incomplete |= answers == 0
        elif key == "safeguarding":
            by_code = {code: criterion.points(code) for code in SAFEGUARDING.codes}
            points[:, column] = np.fromiter(
                (by_code.get(code, 0) for code in columns.safeguarding), np.int64, count=n
            )
        elif key == "decision_date":
            has_date = columns.decision_due != NO_DATE
            days_to = np.where(has_date, columns.decision_due - today, np.iinfo(np.int64).max)
            near = has_date & (days_to <= criterion.parameter("near_days"))
            soon = has_date & ~near & (days_to <= criterion.parameter("soon_days"))
            points[:, column] = np.select(
                [near, soon],
                [criterion.points("near"), criterion.points("soon")],
                criterion.points("later_or_none"),
            )
        elif key == "statutory":
            points[:, column] = np.where(
                columns.statutory, criterion.points("yes"), criterion.points("no")
            )
        elif key == "time_waited":
            weeks = np.maximum(days_waiting, 0) // 7
            earned = weeks * criterion.points("per_full_week")
            cap = criterion.parameter("max_points")
            points[:, column] = np.clip(earned, -cap, cap)
    points[:, POINT_KEYS.index("override")] = columns.override
    return Scores(points, points.sum(axis=1), incomplete, days_waiting)


def rank_order(scores: Scores, received: IntArray, refs: Sequence[str]) -> npt.NDArray[np.intp]:
    """Positions in list order: score high to low, then received oldest first, then
    referral reference."""
    if not len(received):
        return np.zeros(0, dtype=np.intp)
    order: npt.NDArray[np.intp] = np.lexsort((np.asarray(refs, dtype=str), received, -scores.total))
    return order


@dataclass(frozen=True)
class ScoreFacts:
    """What the score needs of one referral."""

    received_on: date
    complexity: int | None = None
    impact: int | None = None
    support_network: int | None = None
    capacity_voice: int | None = None
    safeguarding: str = "none"
    decision_due_on: date | None = None
    statutory: bool = False
    override: int | None = None


@dataclass(frozen=True)
class Score:
    """One referral's score, criterion by criterion."""

    total: int
    points: Mapping[str, int]
    incomplete: bool
    days_waiting: int
    matrix_version: int


def columns_of(facts: Sequence[ScoreFacts]) -> ScoreColumns:
    return ScoreColumns(
        levels={
            key: np.array([getattr(f, key) or 0 for f in facts], dtype=np.int64)
            for key in MATRIX_FIELDS
        },
        safeguarding=[f.safeguarding for f in facts],
        decision_due=np.array(
            [f.decision_due_on.toordinal() if f.decision_due_on else NO_DATE for f in facts],
            dtype=np.int64,
        ),
        statutory=np.array([f.statutory for f in facts], dtype=bool),
        received=np.array([f.received_on.toordinal() for f in facts], dtype=np.int64),
        override=np.array([f.override or 0 for f in facts], dtype=np.int64),
    )


def score(matrix: Matrix, facts: ScoreFacts, as_of: date) -> Score:
    """One referral's score on the day ``as_of``: :func:`score_many` of one."""
    scores = score_many(matrix, columns_of([facts]), as_of)
    return Score(
        total=int(scores.total[0]),
        points={k: int(p) for k, p in zip(POINT_KEYS, scores.points[0], strict=True)},
        incomplete=bool(scores.incomplete[0]),
        days_waiting=int(scores.days_waiting[0]),
        matrix_version=matrix.version,
    )


def unanswered(matrix: Matrix, facts: ScoreFacts) -> tuple[str, ...]:
    """The matrix questions this referral has not answered, of those the matrix asks."""
    return tuple(k for k in MATRIX_FIELDS if k in matrix.keys and getattr(facts, k) is None)


@dataclass(frozen=True)
class BreakdownLine:
    criterion: str
    why: str
    points: int


def explain(matrix: Matrix, facts: ScoreFacts, as_of: date) -> tuple[Score, list[BreakdownLine]]:
    """The score and its breakdown in words, a line for every part of it: what the
    waiting-list panel shows to answer "why is this person 3rd?"."""
    result = score(matrix, facts, as_of)
    lines: list[BreakdownLine] = []
    for criterion in matrix.criteria:
        key = criterion.key
        if key in MATRIX_FIELDS:
            value = getattr(facts, key)
            answered = f"answered {level_label(key, value)}" if value is not None else ""
            why = answered or "not answered, scores 0"
        elif key == "safeguarding":
            why = SAFEGUARDING.label(facts.safeguarding)
        elif key == "decision_date":
            if facts.decision_due_on is None:
                why = "no date"
            else:
                days = (facts.decision_due_on - as_of).days
                when = (
                    "today" if days == 0
                    else f"in {plural(days, 'day')}" if days > 0
                    else f"passed {plural(-days, 'day')} ago"
                )  # fmt: skip
                why = f"{facts.decision_due_on:%d/%m/%Y}, {when}"
        elif key == "statutory":
            why = "yes" if facts.statutory else "no"
        else:
            weeks = max(result.days_waiting, 0) // 7
            why = f"{plural(result.days_waiting, 'day')} waited, {plural(weeks, 'full week')}"
        lines.append(BreakdownLine(criterion.label, why, result.points[key]))
    if facts.override:
        lines.append(BreakdownLine("Manager override", "set by a manager", facts.override))
    return result, lines
