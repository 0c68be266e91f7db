"""The prioritisation matrix exactly as the issue gives it, and its checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.matrix import (
    POINT_KEYS,
    ScoreFacts,
    columns_of,
    default_matrix,
    explain,
    parse_matrix,
    rank_order,
    score,
    score_many,
)

TODAY = date(2026, 11, 23)
MATRIX = default_matrix()


def _points(**facts: object) -> dict[str, int]:
    base: dict[str, object] = {"received_on": TODAY}
    base.update(facts)
    return dict(score(MATRIX, ScoreFacts(**base), TODAY).points)  # type: ignore[arg-type]


def test_default_matrix_is_version_1_with_the_published_points() -> None:
    assert MATRIX.version == 1
    assert MATRIX.keys == POINT_KEYS[:-1]
    for key in ("complexity", "impact", "support_network", "capacity_voice"):
        assert [_points(**{key: level})[key] for level in (1, 2, 3, 4)] == [0, 5, 10, 15]
    assert [_points(safeguarding=s)["safeguarding"] for s in ("none", "concern", "enquiry")] == [
        0, 10, 20,
    ]  # fmt: skip
    assert _points(statutory=True)["statutory"] == 20
    assert _points(statutory=False)["statutory"] == 0


@pytest.mark.parametrize(
    ("days_from_today", "points"),
    [(-30, 20), (0, 20), (7, 20), (8, 10), (28, 10), (29, 0), (400, 0), (None, 0)],
)
def test_decision_date_counts_from_the_day_the_list_is_viewed(
    days_from_today: int | None, points: int
) -> None:
    due = None if days_from_today is None else TODAY + timedelta(days=days_from_today)
    assert _points(decision_due_on=due)["decision_date"] == points


@pytest.mark.parametrize(("days", "points"), [(0, 0), (6, 0), (7, 1), (13, 1), (14, 2),
                                              (181, 25), (182, 26), (3650, 26)])  # fmt: skip
def test_one_point_per_full_week_waited_at_most_26(days: int, points: int) -> None:
    assert _points(received_on=TODAY - timedelta(days=days))["time_waited"] == points


def test_unanswered_criteria_score_zero_and_flag_the_referral() -> None:
    facts = ScoreFacts(TODAY, complexity=4, impact=4, support_network=4)
    result = score(MATRIX, facts, TODAY)
    assert result.incomplete
    assert result.points["capacity_voice"] == 0
    assert result.total == 45
    complete = score(MATRIX, ScoreFacts(TODAY, 1, 1, 1, 1), TODAY)
    assert not complete.incomplete


def test_override_adds_or_takes_away_points() -> None:
    facts = ScoreFacts(TODAY - timedelta(days=70), 2, 2, 2, 2, override=-15)
    result = score(MATRIX, facts, TODAY)
    assert result.points["override"] == -15
    assert result.total == 20 + 10 - 15
    _, lines = explain(MATRIX, facts, TODAY)
    assert [line.points for line in lines] == [5, 5, 5, 5, 0, 0, 0, 10, -15]
    assert lines[-1].criterion == "Manager override"


def test_scores_change_as_the_days_pass() -> None:
    facts = ScoreFacts(date(2026, 11, 1), 1, 1, 1, 1, decision_due_on=date(2026, 12, 31))
    assert score(MATRIX, facts, date(2026, 11, 1)).total == 0
    assert score(MATRIX, facts, date(2026, 12, 1)).total == 4  # 4 weeks; decision in 30 days
    assert score(MATRIX, facts, date(2026, 12, 10)).total == 5 + 10  # decision in 21 days
    assert score(MATRIX, facts, date(2026, 12, 24)).total == 7 + 20  # decision in 7 days


def test_rank_order_is_score_then_oldest_then_reference() -> None:
    facts = [
        ScoreFacts(date(2026, 11, 20), 4, 1, 1, 1),  # 15
        ScoreFacts(date(2026, 11, 10), 4, 1, 1, 1),  # 15 + 1 week
        ScoreFacts(date(2026, 11, 20), 4, 1, 1, 1),  # 15, same day as the first
        ScoreFacts(date(2026, 11, 22), 1, 1, 1, 1, safeguarding="enquiry"),  # 20
    ]
    received = columns_of(facts).received
    scores = score_many(MATRIX, columns_of(facts), TODAY)
    order = rank_order(scores, received, ["R000009", "R000005", "R000002", "R000001"])
    assert order.tolist() == [3, 1, 2, 0]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 4000), *[st.sampled_from([None, 1, 2, 3, 4])] * 4,
            st.sampled_from(["none", "concern", "enquiry"]),
            st.one_of(st.none(), st.integers(-100, 100)), st.booleans(),
            st.one_of(st.none(), st.integers(-50, 50)),
        ),
        min_size=1, max_size=20,
    )
)  # fmt: skip
def test_many_at_once_scores_each_as_it_would_alone(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    facts = [
        ScoreFacts(
            TODAY - timedelta(days=r[0]), r[1], r[2], r[3], r[4], r[5],
            None if r[6] is None else TODAY + timedelta(days=r[6]), r[7], r[8],
        )
        for r in rows
    ]  # fmt: skip
    together = score_many(MATRIX, columns_of(facts), TODAY)
    for i, one in enumerate(facts):
        alone = score(MATRIX, one, TODAY)
        assert together.total[i] == alone.total == sum(alone.points.values())


def test_a_matrix_with_no_criteria_or_a_criterion_with_no_answers_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_matrix({"criterion": []}, 2)
    assert "at least one criterion" in caught.value.errors["criteria"]
    data = MATRIX.to_dict()
    data["criterion"][1]["answers"] = {}
    with pytest.raises(ValidationError) as caught:
        parse_matrix(data, 2)
    assert "at least one answer" in caught.value.errors["impact"]


def test_bad_answers_and_points_are_named() -> None:
    data = MATRIX.to_dict()
    data["criterion"][0]["answers"] = {"1": 0, "5": 20}
    data["criterion"][4]["answers"] = {"none": 0, "concern": 2.5}
    data["criterion"].append({"key": "mood", "answers": {"1": 1}})
    with pytest.raises(ValidationError) as caught:
        parse_matrix(data, 2)
    assert "5 is not an answer" in caught.value.errors["complexity"]
    assert "whole numbers" in caught.value.errors["safeguarding"]
    assert "unknown criterion 'mood'" in caught.value.errors["criterion 9"]


def test_a_matrix_survives_its_json_and_a_dropped_criterion_scores_nothing() -> None:
    data = MATRIX.to_dict()
    data["criterion"] = [c for c in data["criterion"] if c["key"] != "time_waited"]
    edited = parse_matrix(data, 2)
    assert parse_matrix(edited.to_dict(), 2) == edited
    facts = ScoreFacts(TODAY - timedelta(days=70), 1, 1, 1, 1)
    assert score(edited, facts, TODAY).points["time_waited"] == 0


@pytest.mark.parametrize(
    ("waited", "due_in", "expected"),
    [
        (1, 1, ("1 day waited, 0 full weeks", "in 1 day")),
        (8, -1, ("8 days waited, 1 full week", "passed 1 day ago")),
        (14, 0, ("14 days waited, 2 full weeks", "today")),
        (0, 2, ("0 days waited, 0 full weeks", "in 2 days")),
    ],
)
def test_the_breakdown_counts_days_and_weeks_in_plain_english(
    waited: int, due_in: int, expected: tuple[str, str]
) -> None:
    facts = ScoreFacts(TODAY - timedelta(days=waited), 1, 1, 1, 1,
                       decision_due_on=TODAY + timedelta(days=due_in))  # fmt: skip
    whys = {line.criterion: line.why for line in explain(MATRIX, facts, TODAY)[1]}
    time_waited, decision = expected
    assert time_waited in whys.values()
    assert any(why.endswith(f", {decision}") for why in whys.values())
