"""The waiting list as a manager uses it: ranked, explained, overridden and cleared."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from advocacy_desk.app import Services
from advocacy_desk.db.models import Case, StaffAdvocacyType, StaffUser
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.records.waiting_list import WaitingFilter
from advocacy_desk.services.waiting_list import NotWaiting
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def _person(services: Services, given: str, family: str = "Smith", **kw: object) -> int:
    details = PersonDetails(given, family, date(1950, 2, 1), **kw)  # type: ignore[arg-type]
    return services.people.create(details, allow_duplicate=True).id


def _referral(services: Services, person_id: int, days_ago: int = 0, **changes: object) -> int:
    values: dict[str, object] = {
        "received_on": TODAY - timedelta(days=days_ago),
        "source": "self",
        "advocacy_type": "generic",
        "complexity": 1,
        "impact": 1,
        "support_network": 1,
        "capacity_voice": 1,
    }
    values.update(changes)
    return services.referrals.create(person_id, ReferralDetails(**values)).id  # type: ignore[arg-type]


def _advocate(services: Services, name: str, types: tuple[str, ...], capacity: int = 30) -> int:
    with services.uow() as uow:
        staff = StaffUser(username=name.lower(), full_name=name, capacity=capacity)
        staff.advocacy_types = [StaffAdvocacyType(advocacy_type=t) for t in types]
        uow.session.add(staff)
        uow.session.flush()
        uow.commit()
        return staff.id


@pytest.fixture
def three(services: Services) -> dict[str, int]:
    """Ada (safeguarding enquiry), Ben (waited 3 weeks), Cy (statutory IMCA, incomplete)."""
    return {
        "ada": _referral(services, _person(services, "Ada"), 1, safeguarding="enquiry"),
        "ben": _referral(services, _person(services, "Ben"), 21),
        "cy": _referral(
            services,
            _person(services, "Cy", local_authority="Thurrock Council"),
            2,
            advocacy_type="imca",
            capacity_voice=None,
        ),
    }


def test_the_list_is_ranked_by_score_and_explained(
    services: Services, three: dict[str, int]
) -> None:
    ranked = services.waiting_list.ranked()
    rows = list(ranked)
    # Ada and Cy tie on 20: Cy, received a day earlier, comes first.
    assert [r.person_name for r in rows] == ["Cy Smith", "Ada Smith", "Ben Smith"]
    assert [r.score for r in rows] == [20, 20, 3]
    assert [r.rank for r in rows] == [1, 2, 3]
    assert rows[0].statutory
    assert rows[0].incomplete
    assert rows[0].points["statutory"] == 20
    assert rows[2].days_waiting == 21
    assert ranked.matrix_version == 1
    breakdown = services.waiting_list.breakdown(three["cy"])
    assert breakdown.score.total == 20
    assert breakdown.unanswered == ("capacity_voice",)
    assert [line.points for line in breakdown.lines] == [0, 0, 0, 0, 0, 0, 20, 0]
    assert breakdown.lines[3].why == "not answered, scores 0"


def test_decision_dates_and_time_waited_count_from_the_day_viewed(services: Services) -> None:
    soon = _referral(services, _person(services, "Gil"), 10, decision_due_on=TODAY + timedelta(7))
    later = _referral(services, _person(services, "Hal"), 3, decision_due_on=TODAY + timedelta(20))
    none = _referral(services, _person(services, "Ivy"), 400)
    by_id = {r.referral_id: r for r in services.waiting_list.ranked()}
    assert by_id[soon].points["decision_date"] == 20
    assert by_id[soon].decision_due_on == TODAY + timedelta(7)
    assert by_id[later].points["decision_date"] == 10
    assert (by_id[none].points["decision_date"], by_id[none].decision_due_on) == (0, None)
    assert (by_id[none].points["time_waited"], by_id[none].received_on) == (
        26, TODAY - timedelta(400),
    )  # fmt: skip
    a_fortnight_on = {r.referral_id: r for r in services.waiting_list.ranked(TODAY + timedelta(14))}
    assert a_fortnight_on[later].points["decision_date"] == 20
    assert a_fortnight_on[soon].points["decision_date"] == 20  # passed: still urgent


def test_filters_keep_rank_order(services: Services, three: dict[str, int]) -> None:
    ranked = services.waiting_list.ranked()
    assert ranked.positions(WaitingFilter(statutory=False)) == [1, 2]
    assert ranked.positions(WaitingFilter(advocacy_type="imca")) == [0]
    assert ranked.positions(WaitingFilter(area="Thurrock Council")) == [0]
    assert ranked.areas() == ["Thurrock Council"]


def test_a_past_day_counts_only_referrals_waiting_then(
    services: Services, three: dict[str, int]
) -> None:
    advocate = _advocate(services, "Dee", ("generic",))
    services.waiting_list.allocate(three["ben"], advocate, on=TODAY - timedelta(days=1))
    assert [r.referral_id for r in services.waiting_list.ranked()] == [three["cy"], three["ada"]]
    earlier = services.waiting_list.ranked(TODAY - timedelta(days=2))
    assert [r.referral_id for r in earlier] == [three["cy"], three["ben"]]  # Ada not yet received
    assert earlier.row(1).days_waiting == 19


def test_allocation_opens_a_case_and_counts_against_the_advocate(
    services: Services, three: dict[str, int]
) -> None:
    dee = _advocate(services, "Dee", ("generic", "care_act"), capacity=2)
    _advocate(services, "Eve", ("imca",))
    ref = services.waiting_list.allocate(three["ada"], dee)
    assert ref == "C000001"
    loads = {a.full_name: a for a in services.waiting_list.advocates()}
    assert (loads["Dee"].open_cases, loads["Dee"].capacity, loads["Dee"].has_room) == (1, 2, True)
    assert services.referrals.get(three["ada"]).status == "allocated"
    with services.uow() as uow:
        case = uow.session.get(Case, 1)
        assert case is not None
        assert (case.advocate_id, case.opened_on) == (dee, TODAY)
    with pytest.raises(NotWaiting):
        services.waiting_list.allocate(three["ada"], dee)
    with pytest.raises(ValidationError) as caught:
        services.waiting_list.allocate(three["cy"], dee)  # Dee does not take IMCA
    assert "does not take" in caught.value.errors["advocate_id"]
    assert len(services.waiting_list.ranked()) == 2


def test_statutory_referrals_are_never_declined_and_reasons_are_required(
    services: Services, three: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.waiting_list.decline(three["cy"], "no capacity in the team")
    assert "cannot be declined" in caught.value.errors["status"]
    with pytest.raises(ValidationError) as caught:
        services.waiting_list.withdraw(three["cy"], "  ")
    assert "say why" in caught.value.errors["reason"]
    assert services.referrals.get(three["cy"]).status == "waiting"
    services.waiting_list.withdraw(three["cy"], "moved out of the area")
    services.waiting_list.decline(three["ben"], "outside the contract's remit")
    record = services.referrals.get(three["ben"])
    assert (record.status, record.status_on, record.status_reason) == (
        "declined", TODAY, "outside the contract's remit",
    )  # fmt: skip
    assert [r.referral_id for r in services.waiting_list.ranked()] == [three["ada"]]


def test_an_override_needs_a_reason_and_is_kept_in_the_history(
    services: Services, three: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.waiting_list.set_override(three["ben"], 50, "")
    assert set(caught.value.errors) == {"override_reason"}
    services.waiting_list.set_override(three["ben"], 50, "eviction hearing brought forward")
    rows = list(services.waiting_list.ranked())
    assert (rows[0].referral_id, rows[0].score, rows[0].points["override"]) == (
        three["ben"],
        53,
        50,
    )
    history = services.waiting_list.history(three["ben"])
    assert [(h.event, h.score, h.note) for h in history] == [
        ("override", 53, "eviction hearing brought forward"),
        ("referred", 3, ""),
    ]
    assert history[0].username == "tester"
    services.waiting_list.set_override(three["ben"], None, "hearing date now known")
    assert services.waiting_list.breakdown(three["ben"]).score.total == 3


def test_revising_matrix_answers_is_kept_and_a_new_matrix_is_recorded(
    services: Services, three: dict[str, int]
) -> None:
    current = services.referrals.get(three["cy"]).details
    services.referrals.update(three["cy"], replace(current, capacity_voice=4))
    assert not services.waiting_list.breakdown(three["cy"]).score.incomplete
    definition = services.matrix.current().to_dict()
    definition["criterion"][6]["answers"]["yes"] = 40
    assert services.matrix.save(definition, "statutory work first").version == 2
    assert services.waiting_list.rescore_all("statutory work first") == 3
    history = services.waiting_list.history(three["cy"])
    assert [(h.event, h.matrix_version, h.score) for h in history] == [
        ("matrix", 2, 55), ("answers", 1, 35), ("referred", 1, 20),
    ]  # fmt: skip
    assert services.waiting_list.ranked().row(0).referral_id == three["cy"]


def test_a_decision_date_before_the_received_date_saves_nothing(
    services: Services, three: dict[str, int]
) -> None:
    with pytest.raises(ValidationError) as caught:
        _referral(services, _person(services, "Di"), 3, decision_due_on=TODAY - timedelta(days=9))
    assert "before the received date" in caught.value.errors["decision_due_on"]
    with pytest.raises(ValidationError) as caught:
        _referral(services, _person(services, "Ed"), 3, impact=5)
    assert "1 (low) to 4 (high)" in caught.value.errors["impact"]
    assert len(services.waiting_list.ranked()) == 3


def test_headline_figures(services: Services, three: dict[str, int]) -> None:
    dee = _advocate(services, "Dee", ("generic",))
    older = _referral(services, _person(services, "Flo"), 30)
    services.waiting_list.allocate(older, dee, on=TODAY - timedelta(days=14))
    headline = services.waiting_list.headline()
    assert (headline.waiting, headline.median_wait_days, headline.longest_wait_days) == (3, 2, 21)
    assert headline.statutory_waiting == 1
    assert headline.allocated_last_12_weeks == 1
    # Four referred and one allocated in 12 weeks: the list grows, so it does not clear.
    assert headline.referred_last_12_weeks == 4
    assert headline.clears_on is None
    assert headline.clearing_text.endswith("the list does not clear within 12 months.")


def test_equity_gives_median_wait_by_group(services: Services) -> None:
    dee = _advocate(services, "Dee", ("generic",))
    for name, sex, days, allocated_after in [("Ann", "female", 40, 10), ("Bea", "female", 20, None),
                                             ("Col", "male", 30, 4)]:  # fmt: skip
        referral = _referral(services, _person(services, name, sex=sex), days)
        if allocated_after is not None:
            services.waiting_list.allocate(
                referral, dee, on=TODAY - timedelta(days=days - allocated_after)
            )
    rows = services.waiting_list.equity("sex", TODAY - timedelta(days=60), TODAY)
    assert [(r.group, r.referrals, r.median_wait_days) for r in rows] == [
        ("female", 2, 15), ("male", 1, 4),
    ]  # fmt: skip


def test_waiting_list_command_prints_json_and_csv(
    services: Services, three: dict[str, int], database: str
) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(database), "waiting-list", *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    as_of = "--as-of=" + TODAY.isoformat()
    listed = json.loads(run(as_of, "--format", "json").stdout)
    assert [r["referral_ref"] for r in listed] == ["R000003", "R000001", "R000002"]
    assert set(listed[0]) == {"rank", "referral_ref", "person_ref", "score", "points",
                              "days_waiting", "statutory", "incomplete"}  # fmt: skip
    assert listed[0]["points"]["statutory"] == 20
    assert (listed[0]["statutory"], listed[0]["incomplete"]) == (True, True)
    csv_lines = run(as_of, "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("rank,referral_ref,person_ref,score,points_complexity,")
    assert csv_lines[0].endswith("points_override,days_waiting,statutory,incomplete")
    assert csv_lines[3] == "3,R000002,P000002,3,0,0,0,0,0,0,0,3,0,21,false,false"
    table = run(as_of).stdout
    assert "3 waiting" in table
    bad = run("--as-of", "23/11/2026")
    assert bad.returncode == 2
    assert "write it as YYYY-MM-DD" in bad.stderr


def test_a_matrix_preview_counts_who_moves_and_names_the_biggest_moves(
    services: Services,
) -> None:
    """Twelve referrals received 0 to 11 weeks ago, with safeguarding enquiries on the
    newest four. Under version 1 the enquiries (+20) put those four first; with enquiries
    worth nothing they fall behind everyone who waited longer."""
    for week in range(12):
        _referral(services, _person(services, f"P{week}"), 7 * week,
                  safeguarding="enquiry" if week < 4 else "none")  # fmt: skip
    before = [row.referral_ref for row in services.waiting_list.ranked()]
    assert before[:4] == ["R000004", "R000003", "R000002", "R000001"]
    definition = services.matrix.current().to_dict()
    for criterion in definition["criterion"]:
        if criterion["key"] == "safeguarding":
            criterion["answers"]["enquiry"] = 0
    preview = services.matrix.preview(definition)
    assert (preview.version, preview.same_as_current) == (2, False)
    changes = preview.changes
    # The four enquiries drop eight places to the bottom; the eight below them each rise
    # four. The biggest moves first, equal moves by their new rank; ten at most.
    assert (changes.waiting, changes.moved_up, changes.moved_down, changes.unchanged) == (
        12, 8, 4, 0,
    )  # fmt: skip
    assert [(m.referral_ref, m.old_rank, m.new_rank) for m in changes.biggest] == [
        ("R000004", 1, 9), ("R000003", 2, 10), ("R000002", 3, 11), ("R000001", 4, 12),
        ("R000012", 5, 1), ("R000011", 6, 2), ("R000010", 7, 3), ("R000009", 8, 4),
        ("R000008", 9, 5), ("R000007", 10, 6),
    ]  # fmt: skip
    # Nothing was saved; the same matrix previews as no change.
    assert services.matrix.current().version == 1
    same = services.matrix.preview(services.matrix.current().to_dict())
    assert same.same_as_current
    assert (same.changes.moved_up, same.changes.moved_down, same.changes.biggest) == (0, 0, ())


def test_a_new_matrix_version_needs_a_reason_which_is_kept_with_it(services: Services) -> None:
    definition = services.matrix.current().to_dict()
    definition["criterion"][6]["answers"]["yes"] = 40
    with pytest.raises(ValidationError) as refused:
        services.matrix.save(definition, "  ")
    assert refused.value.errors["reason"].startswith("Why this change:")
    assert services.matrix.current().version == 1
    services.matrix.save(definition, "statutory work first")
    (newest, _first) = services.matrix.versions()
    assert (newest.version, newest.note) == (2, "statutory work first")
    [saved] = [e for e in services.audit.events(action="update")
               if e.entity == "prioritisation_matrix"]  # fmt: skip
    assert json.loads(saved.details) == {"reason": "statutory work first"}
