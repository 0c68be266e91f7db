"""Matching citizen advocates with partners: hard rules, explained scores, best overall."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from advocacy_desk.domain.matching import (
    RULES,
    PartnerFacts,
    VolunteerFacts,
    evaluate,
    propose,
)

CHELMSFORD = (51.7356, 0.4685)
COLCHESTER = (51.8959, 0.8919)  # about 35 km from Chelmsford


def volunteer(ref: str = "V1", **changes: object) -> VolunteerFacts:
    base = VolunteerFacts(
        ref, active=True, dbs_valid=True, trained=True, free_places=1, sex="female",
        smoker=False, pet_allergy=False, travel_km=50.0, latitude=CHELMSFORD[0],
        longitude=CHELMSFORD[1], age=60, languages=frozenset({"english"}),
        interests=frozenset({"gardening", "music"}), days=frozenset({"mon", "wed"}),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def partner(ref: str = "P1", **changes: object) -> PartnerFacts:
    base = PartnerFacts(
        ref, latitude=CHELMSFORD[0], longitude=CHELMSFORD[1], age=60,
        interests=frozenset({"gardening", "music"}), days=frozenset({"mon", "wed"}),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "v", "p"),
    [
        ("active", {"active": False}, {}),
        ("dbs", {"dbs_valid": False}, {}),
        ("training", {"trained": False}, {}),
        ("capacity", {"free_places": 0}, {}),
        ("language", {}, {"required_language": "polish"}),
        ("sex", {"sex": "male"}, {"preferred_sex": "female", "sex_required": True}),
        ("pets", {"pet_allergy": True}, {"has_pets": True}),
        ("smoking", {"smoker": True}, {"smoke_free_required": True}),
        ("distance", {"travel_km": 10.0}, {"latitude": COLCHESTER[0],
                                           "longitude": COLCHESTER[1]}),
    ],
)  # fmt: skip
def test_each_hard_rule_excludes_and_says_so(
    rule: str, v: dict[str, object], p: dict[str, object]
) -> None:
    result = evaluate(
        [dataclasses.replace(volunteer(), **v)],  # type: ignore[arg-type]
        [dataclasses.replace(partner(), **p)],  # type: ignore[arg-type]
    )
    assert result.rule(0, 0) == rule
    assert np.isnan(result.scores[0, 0])
    assert set(RULES) >= {rule}


def test_a_perfect_fit_scores_100_and_its_parts_add_up() -> None:
    result = evaluate([volunteer(languages=frozenset({"english", "urdu"}))],
                      [partner(languages=frozenset({"urdu"}))])  # fmt: skip
    assert result.scores[0, 0] == 100.0
    parts = result.breakdown(0, 0)
    assert parts == {"distance": 30.0, "interests": 25.0, "days": 20.0, "age": 15.0,
                     "language": 10.0}  # fmt: skip


def test_an_unknown_distance_scores_worst_but_never_excludes() -> None:
    result = evaluate([volunteer(latitude=None, longitude=None, travel_km=1.0)], [partner()])
    assert result.rule(0, 0) is None
    assert result.breakdown(0, 0)["distance"] == 0.0
    assert np.isnan(result.distance_km[0, 0])
    assert result.scores[0, 0] == 60.0  # no distance points, no second language


def test_partial_overlaps_score_in_proportion() -> None:
    result = evaluate(
        [volunteer(interests=frozenset({"music"}), days=frozenset({"mon"}), age=80)],
        [partner()],
    )
    parts = result.breakdown(0, 0)
    assert (parts["interests"], parts["days"], parts["age"]) == (12.5, 10.0, 7.5)


def test_the_proposal_maximises_the_total_not_each_partner_greedily() -> None:
    # Ann suits both partners a little better, but only Bea can take partner 2.
    ann = volunteer("V1")
    bea = volunteer("V2", interests=frozenset({"music"}), sex="male")
    partners = [partner("P1"), partner("P2", preferred_sex="male", sex_required=True)]
    proposal = propose(evaluate([ann, bea], partners))
    assert sorted((v, p) for v, p, _ in proposal.pairs) == [(0, 0), (1, 1)]
    assert proposal.unmatched == ()


def test_volunteers_take_up_to_their_free_places_and_the_rest_wait_with_a_reason() -> None:
    vols = [volunteer("V1", free_places=2), volunteer("V2", active=False)]
    partners = [partner("P1"), partner("P2"), partner("P3")]
    proposal = propose(evaluate(vols, partners))
    assert len(proposal.pairs) == 2
    assert all(v == 0 for v, _, _ in proposal.pairs)
    ((left, reason),) = proposal.unmatched
    assert left == 2
    assert "matched with someone else" in reason
    lonely = propose(evaluate([volunteer(active=False)], [partner()]))
    assert "no volunteer is available" in lonely.unmatched[0][1]
    fussy = propose(evaluate([volunteer()], [partner(required_language="polish")]))
    assert "does not speak the language" in fussy.unmatched[0][1]


def test_ties_go_to_the_partners_waiting_longest_and_break_the_same_way_every_time() -> None:
    vols = [volunteer(f"V{i}") for i in range(2)]
    partners = [partner(f"P{i}") for i in range(4)]  # listed longest waiting first
    first = propose(evaluate(vols, partners))
    assert first == propose(evaluate(vols, partners))
    assert sorted(p for _, p, _ in first.pairs) == [0, 1]
    assert [p for p, _ in first.unmatched] == [2, 3]


def test_the_proposal_has_the_highest_total_of_any_assignment() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        vols = [
            volunteer(f"V{i}", age=int(rng.integers(20, 80)), free_places=int(rng.integers(0, 3)),
                      interests=frozenset(rng.choice(["a", "b", "c"], 2)))
            for i in range(3)
        ]  # fmt: skip
        partners = [
            partner(f"P{i}", age=int(rng.integers(20, 95)),
                    interests=frozenset(rng.choice(["a", "b", "c"], 1)),
                    has_pets=bool(rng.random() < 0.3))
            for i in range(4)
        ]  # fmt: skip
        vols = [dataclasses.replace(v, pet_allergy=bool(rng.random() < 0.5)) for v in vols]
        evaluation = evaluate(vols, partners)
        proposal = propose(evaluation)
        places = [v for v, facts in enumerate(vols) for _ in range(facts.free_places)]
        if len(places) >= len(partners):  # every way to give each partner a place
            ways = [list(zip(chosen, range(len(partners)), strict=True))
                    for chosen in itertools.permutations(places, len(partners))]  # fmt: skip
        else:  # every way to give each place a partner
            everyone = range(len(partners))
            ways = [list(zip(places, chosen, strict=True))
                    for chosen in itertools.permutations(everyone, len(places))]  # fmt: skip
        best = max((sum(evaluation.score(v, p) or 0.0 for v, p in way) for way in ways),
                   default=0.0)  # fmt: skip
        assert sum(score for _, _, score in proposal.pairs) == pytest.approx(best)
        assert all(evaluation.rule(v, p) is None for v, p, _ in proposal.pairs)
