"""Matching over the database: who waits, who can advocate, and the match command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.db.models import Partnership
from advocacy_desk.domain.errors import ValidationError
from tests.citizen_data import add_partner, add_volunteer

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 23)


def test_the_proposal_pairs_the_waiting_and_explains_the_rest(services: Services) -> None:
    add_volunteer(services, "V000001")
    add_volunteer(services, "V000002", dbs_expires_on=date(2026, 1, 1))  # lapsed
    ann = add_partner(services, "Ann")
    add_partner(services, "Bob", required_language="polish")
    matched = add_partner(services, "Cat")
    with services.uow() as uow:  # Cat already has a partnership: not waiting
        uow.session.add(Partnership(volunteer_id=2, person_id=matched, status="active",
                                    proposed_on=date(2026, 1, 1)))  # fmt: skip
        uow.commit()
    proposal = services.matching.propose(AS_OF)
    assert [(p.volunteer_ref, p.person_ref) for p in proposal.pairs] == [("V000001", "P000001")]
    assert proposal.pairs[0].distance_known
    assert set(proposal.pairs[0].parts) == {"distance", "interests", "days", "age", "language"}
    assert [ref for ref, _ in proposal.unmatched] == ["P000002"]
    assert "language" in proposal.unmatched[0][1]
    rules = {(c.volunteer_ref, c.person_ref): c.excluded_by for c in proposal.candidates()}
    assert rules["V000002", "P000001"] == "dbs"
    assert rules["V000001", "P000002"] == "language"
    assert ann == 1
    # One partner's candidates: every volunteer, each score in its parts.
    vera, walt = proposal.candidates("P000001")
    assert (vera.volunteer_ref, walt.volunteer_ref) == ("V000001", "V000002")
    assert vera.score == proposal.pairs[0].score
    assert sum(vera.parts.values()) == pytest.approx(vera.score, abs=0.3)
    assert vera.distance_km is not None
    assert 0 < vera.distance_km < 10
    assert (walt.score, walt.excluded_by, walt.parts) == (None, "dbs", {})
    assert proposal.candidates("P999999") == ()


def test_pairs_and_candidates_carry_the_interests_they_share(services: Services) -> None:
    add_volunteer(services, "V000001", interests="Walking; music,cooking;chess")
    add_volunteer(services, "V000002", dbs_expires_on=date(2026, 1, 1), interests="music")
    add_partner(services, "Ann", interests="music;walking; cooking, knitting")
    proposal = services.matching.propose(AS_OF)
    assert proposal.pairs[0].shared_interests == ("cooking", "music", "walking")
    vera, walt = proposal.candidates("P000001")
    assert vera.shared_interests == ("cooking", "music", "walking")
    assert walt.shared_interests == ()  # ruled out: nothing is scored
    # The command's JSON keeps its keys.
    assert set(proposal.as_dict()["pairs"][0]) == {"volunteer_ref", "person_ref", "score", "parts"}


def test_match_command_prints_the_proposal_as_json(services: Services, database: str) -> None:
    add_volunteer(services, "V000001", postcode="ZZ99 9ZZ")  # unknown district
    add_partner(services, "Ann")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(database), "match", "--as-of",
         AS_OF.isoformat(), "--all-scores"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"pairs", "unmatched", "candidates"}
    (pair,) = data["pairs"]
    assert (pair["volunteer_ref"], pair["person_ref"]) == ("V000001", "P000001")
    assert pair["parts"]["distance"] == 0  # unknown distance: worst, not excluded
    assert 0 <= pair["score"] <= 100
    assert data["candidates"] == [{"volunteer_ref": "V000001", "person_ref": "P000001",
                                   "score": pair["score"], "excluded_by": None}]  # fmt: skip


def test_coordinators_set_the_weights_and_the_scores_follow(services: Services) -> None:
    add_volunteer(services, "V000001", interests="chess")
    add_partner(services, "Ann")
    before = services.matching.propose(AS_OF).pairs[0]
    assert before.parts["interests"] == 0
    weights = services.matching.set_weights(
        {"distance": 0, "interests": 0, "days": 100, "age": 0, "language": 0}
    )
    assert weights["days"] == 100
    after = services.matching.propose(AS_OF).pairs[0]
    assert after.score == 100.0  # the partner's one day is one the volunteer is free
    with pytest.raises(ValidationError) as caught:
        services.matching.set_weights(dict.fromkeys(weights, 0))
    assert "at least one part" in caught.value.errors["weights"]
    with pytest.raises(ValidationError) as caught:
        services.matching.set_weights({**weights, "age": 150})
    assert "age" in caught.value.errors
    assert services.matching.weights()["days"] == 100
