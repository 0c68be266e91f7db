"""Planning: the referral forecast (accurate and honestly calibrated), the waiting list
projected from it, and contract years."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from advocacy_desk.app import Services
from advocacy_desk.domain.errors import AdvocacyDeskError, ValidationError
from advocacy_desk.domain.forecast import forecast, rule_for, seasonal_naive
from advocacy_desk.domain.people import PersonDetails
from advocacy_desk.domain.referrals import ReferralDetails
from advocacy_desk.services.contracts import ContractDetails
from advocacy_desk.services.planning import project_waiting
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
#: Known processes: (base per month, trend per month, yearly swing).
PROCESSES = {
    "care_act": (40.0, 0.4, 10.0),
    "imca": (25.0, -0.1, 6.0),
    "imha": (15.0, 0.15, 4.0),
    "generic": (30.0, 0.2, 8.0),
}
HISTORY = 48
#: The first month of history: 48 months before the month of TODAY (November 2026).
FIRST = (2022, 11)


def expected(kind: str, month_index: np.ndarray) -> np.ndarray:
    base, trend, swing = PROCESSES[kind]
    # The winter rise peaks in January (month index 2 from November).
    return np.maximum(
        base + trend * month_index + swing * np.cos(2 * np.pi * (month_index - 2) / 12), 1.0
    )


def _month(index: int) -> tuple[int, int]:
    year, month = divmod(FIRST[0] * 12 + FIRST[1] - 1 + index, 12)
    return year, month + 1


def _import_history(services: Services, folder: Path, rng: np.random.Generator) -> None:
    """48 months of referrals for four types, from the known processes, imported."""
    people, referrals = [], []
    for kind in PROCESSES:
        counts = rng.poisson(expected(kind, np.arange(HISTORY)))
        for index, count in enumerate(counts):
            year, month = _month(index)
            for n in range(int(count)):
                ref = f"{kind.upper()}{index:02d}{n:03d}"
                people.append({"person_ref": f"P{ref}", "given_name": "Made", "family_name": ref})
                referrals.append({
                    "referral_ref": f"R{ref}", "person_ref": f"P{ref}",
                    "received_on": date(year, month, 1 + n % 28).isoformat(),
                    "source": "self", "advocacy_type": kind, "status": "withdrawn",
                    "status_on": date(year, month, 28).isoformat(),
                    "status_reason": "history for the forecast test",
                })  # fmt: skip
    paths = []
    for name, rows in (("people", people), ("referrals", referrals)):
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    report = services.imports.run(paths)
    assert report.ok, [str(p) for p in report.problems[:3]]


@pytest.mark.slow
def test_the_forecast_beats_the_seasonal_naive_and_its_intervals_are_honest(
    services: Services, tmp_path: Path
) -> None:
    rng = np.random.default_rng(20261123)
    _import_history(services, tmp_path, rng)
    plan = services.planning.plan(TODAY, months=12)
    ahead = np.arange(HISTORY + 1, HISTORY + 13)  # December 2026 on: after the month under way
    errors, naive_errors, inside, drawn = [], [], 0, 0
    for kind in PROCESSES:
        rows = [m for m in plan.months if m.type == kind]
        assert [m.month for m in rows][:2] == ["2026-12", "2027-01"]
        truth = expected(kind, ahead)
        history = next(s for s in plan.series if s.type == kind).history
        assert len(history) == HISTORY
        counts = np.array([n for _, n in history], dtype=float)
        naive = seasonal_naive(counts, 13)[0][1:]  # the same months a year before
        errors.append(np.mean(np.abs(np.array([m.forecast for m in rows]) - truth)))
        naive_errors.append(np.mean(np.abs(naive - truth)))
        future = rng.poisson(truth)
        inside += sum(m.lower80 <= y <= m.upper80 for m, y in zip(rows, future, strict=True))
        drawn += len(rows)
    assert np.mean(errors) < np.mean(naive_errors)
    assert 0.60 <= inside / drawn <= 0.95
    assert plan.total.method in ("ets_seasonal", "seasonal_naive")
    assert plan.total.backtest.months == 6


def test_the_method_follows_the_history_and_counts_are_never_negative() -> None:
    assert (rule_for(30), rule_for(24), rule_for(23), rule_for(6), rule_for(5)) == (
        "ets_seasonal", "ets_seasonal", "ets_trend", "ets_trend", "mean",
    )  # fmt: skip
    short = forecast([3, 0, 1], 4)
    assert short.method == "mean"
    assert short.too_little_history
    assert short.backtest.months == 0
    assert np.allclose(short.forecast, 4 / 3)
    falling = forecast(np.maximum(60 - 3 * np.arange(20), 0), 12)
    assert (falling.forecast >= 0).all()
    assert (falling.lower80 >= 0).all()
    assert (falling.lower80 <= falling.forecast).all()
    assert (falling.forecast <= falling.upper80).all()


def _referral(services: Services, received: date, kind: str = "generic") -> int:
    person = services.people.create(PersonDetails("Wait", "Ing", date(1950, 1, 1)),
                                    allow_duplicate=True)  # fmt: skip
    return services.referrals.create(person.id, ReferralDetails(received, "self", kind)).id


def test_the_waiting_list_is_projected_and_the_what_if_redraws_it(services: Services) -> None:
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("generic",))
    start = date(2026, 1, 5)
    for week in range(46):  # about one referral a week all year
        _referral(services, start + timedelta(weeks=week))
    waiting = services.waiting_list.ranked(TODAY)
    for row in list(waiting)[:6]:  # six allocated in the last 12 weeks
        services.waiting_list.allocate(row.referral_id, advocate.id, TODAY - timedelta(days=20))
    plan = services.planning.plan(TODAY, months=6)
    assert plan.waiting_now == 40
    assert plan.default_allocations_per_week == 0.5
    assert plan.active_advocates == 1
    months = plan.waiting.months
    assert [m.month for m in months] == ["2026-12", "2027-01", "2027-02", "2027-03", "2027-04",
                                         "2027-05"]  # fmt: skip
    assert plan.waiting.clears_in is None  # about 4 in and 2 out a month: it grows
    assert months[-1].projected_waiting > 40
    doubled = plan.what_if(extra_advocates=10)  # +10 advocates at 0.5 a week each
    assert doubled.allocations_per_week == 5.5
    assert doubled.clears_in == "2027-01"
    with pytest.raises(ValidationError) as refused:
        plan.what_if(extra_advocates=-1)
    assert "extra_advocates" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        project_waiting(plan, allocations_per_week=float("nan"))
    assert "allocations_per_week" in refused.value.errors


def test_a_contract_year_is_projected_to_when_its_block_runs_out(services: Services) -> None:
    from advocacy_desk.domain.casework import ActivityDetails, Closure

    contract = services.contracts.create(ContractDetails(
        "Block", "Essex County Council", date(2026, 4, 1), date(2029, 3, 31),
        frozenset({"generic"}), hours_per_year=100.0,
    ))  # fmt: skip
    advocate = services.staff.add("adv", "An Advocate", advocacy_types=("generic",))
    for month in range(4, 11):  # six cases a month, each 2 hours, closed
        for n in range(6):
            person = services.people.create(PersonDetails("Case", f"M{month}N{n}", None),
                                            allow_duplicate=True)  # fmt: skip
            referral = services.referrals.create(person.id, ReferralDetails(
                date(2026, month, 1 + n), "self", "generic", contract_id=contract.id))  # fmt: skip
            services.waiting_list.allocate(referral.id, advocate.id, date(2026, month, 2 + n))
            case_id = services.casework.caseload(advocate.id)[0].case_id
            services.casework.log_activity(case_id, ActivityDetails(date(2026, month, 3 + n),
                                                                    "visit", 120))  # fmt: skip
            services.casework.close(case_id, Closure("resolved", date(2026, month, 4 + n)))
    plan = services.planning.plan(TODAY, months=12)
    (block,) = plan.contracts
    assert (block.year_start, block.year_end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert block.hours_used == 84.0  # 42 cases x 2 hours
    assert block.pro_rata_hours == pytest.approx(100 * 237 / 365, abs=0.1)
    assert block.past_pro_rata_warning
    assert block.projected_hours > 100
    assert block.exhausted_on is not None
    assert TODAY < block.exhausted_on <= date(2027, 3, 31)
    assert [t.type for t in block.by_type] == ["generic"]
    (warned,) = services.planning.contracts_past_pro_rata(TODAY)  # quick, for the home screen
    assert (warned.name, warned.hours_used) == ("Block", 84.0)


def test_bad_requests_are_refused_plainly(services: Services) -> None:
    _referral(services, date(2026, 3, 1))
    with pytest.raises(ValidationError, match="from 1 to 24"):
        services.planning.plan(TODAY, months=25)
    with pytest.raises(ValidationError, match="not an advocacy type"):
        services.planning.plan(TODAY, advocacy_type="chat")
    with pytest.raises(AdvocacyDeskError, match="no contract named"):
        services.planning.plan(TODAY, contract="Nope")
    with pytest.raises(ValidationError, match="no history"):
        services.planning.plan(date(2026, 3, 15))


def test_the_forecast_command_prints_json_and_csv(services: Services, database: str) -> None:
    for month in range(1, 11):
        for n in range(month % 3 + 2):
            _referral(services, date(2026, month, 1 + n), "imca" if n % 2 else "care_act")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(database), "forecast",
             "--as-of", "2026-11-23", *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip

    done = run("--months", "3")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"as_of", "method", "history_months", "backtest", "months", "waiting",
                         "clears_in", "contracts"}  # fmt: skip
    assert data["method"] == "ets_trend"
    assert data["history_months"] == 10
    assert set(data["backtest"]) == {"months", "method_mae", "seasonal_naive_mae"}
    assert {(m["month"], m["type"]) for m in data["months"]} == {
        (month, kind) for month in ("2026-12", "2027-01", "2027-02")
        for kind in ("care_act", "imca", "total")
    }  # fmt: skip
    assert all(m["lower80"] <= m["forecast"] <= m["upper80"] for m in data["months"])
    assert len(data["waiting"]) == 3
    csv_out = run("--months", "2", "--type", "imca", "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == "month,type,forecast,lower80,upper80"
    assert {line.split(",")[1] for line in csv_out.stdout.splitlines()[1:]} == {"imca", "total"}
    refused = run("--months", "0")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
