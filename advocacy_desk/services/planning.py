"""Planning: will the waiting list clear, will the block run out?

A referral forecast per advocacy type and in total (see :mod:`advocacy_desk.domain.forecast`),
the waiting list projected from it and the rate of allocation, and each contract's year
projected from the forecast and the hours a case of each type takes.

History counts referrals by received date, in whole calendar months strictly before the
month of the day planned from.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import Activity, Case, Contract, ContractAdvocacyType, Referral
from advocacy_desk.domain.clearing import RATE_WEEKS, clearing_estimate
from advocacy_desk.domain.dates import contract_year, month_code, months_after
from advocacy_desk.domain.errors import NotFound, ValidationError
from advocacy_desk.domain.forecast import forecast
from advocacy_desk.domain.progress import Progress
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE
from advocacy_desk.records.planning import (
    PRO_RATA_WARNING,
    TOTAL,
    ContractProjection,
    MonthForecast,
    Plan,
    SeriesSummary,
    TypeHours,
    WaitingMonth,
    WaitingProjection,
    project_waiting,
)
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.return_figures import delivered_minutes
from advocacy_desk.services.waiting_list import CLEARING_RATE_DAYS, clearing_counts, waiting_on

__all__ = [
    "CASE_HOURS_YEARS",
    "DEFAULT_MONTHS",
    "MAX_MONTHS",
    "PRO_RATA_WARNING",
    "TOTAL",
    "ContractProjection",
    "MonthForecast",
    "Plan",
    "PlanningService",
    "Progress",
    "SeriesSummary",
    "TypeHours",
    "WaitingMonth",
    "WaitingProjection",
    "month_code",
    "project_waiting",
]

MAX_MONTHS = 24
DEFAULT_MONTHS = 12
#: Closed cases from this far back give the hours a case of each type takes.
CASE_HOURS_YEARS = 2


class PlanningService(GuardedService):
    @requires(Permission.PLANNING, what="see the forecast")
    def plan(
        self,
        as_of: date | None = None,
        months: int = DEFAULT_MONTHS,
        contract: str | None = None,
        advocacy_type: str | None = None,
        progress: Progress | None = None,
    ) -> Plan:
        """Forecast, waiting-list projection and contract years, from ``as_of``."""
        as_of = as_of or self._today()
        tell = progress or (lambda _message, _fraction: None)
        if not 1 <= months <= MAX_MONTHS:
            raise ValidationError({"months": f"Months: from 1 to {MAX_MONTHS}, not {months}."})
        if advocacy_type is not None and advocacy_type not in ADVOCACY_TYPE:
            raise ValidationError(
                {"type": f"Type: {advocacy_type} is not an advocacy type; use one of "
                         f"{', '.join(ADVOCACY_TYPE.codes)}."}
            )  # fmt: skip
        first_day = as_of.replace(day=1)
        with self._uow(read_only=True) as uow:
            session = uow.session
            contract_id = self._contract_id(session, contract)
            counts = self._monthly_counts(session, first_day, contract_id, advocacy_type)
            if not counts:
                raise ValidationError(
                    {"as_of": f"No referrals were received before {as_of:%B %Y}: there is "
                              "no history to forecast from."}
                )  # fmt: skip
            waiting_now = self._waiting(session, as_of, contract_id, advocacy_type)
            allocated, referred, closed = clearing_counts(
                session, as_of, contract_id, advocacy_type
            )
            advocates = self._advocates(session, as_of, contract_id, advocacy_type)
            contract_rows = self._contracts(session, as_of, contract_id)
            case_hours = self._hours_per_case(session, as_of)
            shares = self._contract_shares(session, as_of)
        horizon = max(months, 13)  # enough to run any contract year to its end
        targets = sorted({t for t, _ in counts}) if advocacy_type is None else [advocacy_type]
        series: list[SeriesSummary] = []
        forecasts: dict[str, np.ndarray] = {}
        lows: dict[str, np.ndarray] = {}
        highs: dict[str, np.ndarray] = {}
        last = (first_day.year, first_day.month)
        for position, kind in enumerate([TOTAL, *targets]):
            tell(f"Forecasting {ADVOCACY_TYPE.label(kind) if kind != TOTAL else 'all types'}",
                 position / (len(targets) + 1))  # fmt: skip
            history = _series(counts, kind, last)
            # One step more than asked: the first is the month under way.
            result = forecast([n for _, n in history], horizon + 1)
            series.append(SeriesSummary(kind, result.method, result.history_months,
                                        result.backtest, tuple(history)))  # fmt: skip
            forecasts[kind], lows[kind], highs[kind] = (
                result.forecast,
                result.lower80,
                result.upper80,
            )
        ahead = [month_code(year, month) for year, month in months_after(as_of, horizon)]
        rows = [
            MonthForecast(ahead[i], kind, round(float(forecasts[kind][i + 1]), 1),
                          round(float(lows[kind][i + 1]), 1),
                          round(float(highs[kind][i + 1]), 1))
            for i in range(months) for kind in [*targets, TOTAL]
        ]  # fmt: skip
        plan = Plan(
            as_of=as_of, months_ahead=months, series=tuple(series), months=tuple(rows),
            waiting_now=waiting_now, allocated_last_12_weeks=allocated,
            referred_last_12_weeks=referred, closed_last_12_weeks=closed,
            default_allocations_per_week=round(allocated / RATE_WEEKS, 2),
            active_advocates=advocates,
            waiting=WaitingProjection(
                (), None, 0.0, clearing_estimate(as_of, waiting_now, allocated, referred, closed)
            ),
            contracts=(),
        )  # fmt: skip
        projected = tuple(
            _project_contract(row, as_of, ahead, forecasts, case_hours, shares)
            for row in contract_rows
        )
        tell("Done", 1.0)
        return replace(plan, waiting=project_waiting(plan), contracts=projected)

    @requires(Permission.PLANNING, what="see the contracts forecast")
    def contracts_past_pro_rata(self, as_of: date | None = None) -> list[ContractProjection]:
        """Contracts whose hours so far are past 90% of the pro-rata block: quick (no
        forecast), for the home screen."""
        as_of = as_of or self._today()
        with self._uow(read_only=True) as uow:
            rows = self._contracts(uow.session, as_of, None)
        found = [_project_contract(row, as_of, [], {}, {}, {}) for row in rows]
        return [c for c in found if c.past_pro_rata_warning]

    # -- reading ------------------------------------------------------------------------

    @staticmethod
    def _contract_id(session: Session, name: str | None) -> int | None:
        if name is None:
            return None
        found = session.scalar(select(Contract.id).where(func.lower(Contract.name) == name.lower()))
        if found is None:
            names = ", ".join(session.scalars(select(Contract.name).order_by(Contract.name)))
            raise NotFound(f"no contract named {name!r}; the contracts are: {names or 'none'}")
        return int(found)

    @staticmethod
    def _monthly_counts(session: Session, before: date, contract_id: int | None,
                        kind: str | None) -> dict[tuple[str, str], int]:  # fmt: skip
        """(type, "YYYY-MM") -> referrals received, for months before ``before``."""
        year = extract("year", Referral.received_on)
        month = extract("month", Referral.received_on)
        query = (
            select(Referral.advocacy_type, year, month, func.count())
            .where(Referral.received_on < before)
            .group_by(Referral.advocacy_type, year, month)
        )
        if contract_id is not None:
            query = query.where(Referral.contract_id == contract_id)
        if kind is not None:
            query = query.where(Referral.advocacy_type == kind)
        return {(t, month_code(int(y), int(m))): int(n) for t, y, m, n in session.execute(query)}

    @staticmethod
    def _waiting(session: Session, as_of: date, contract_id: int | None, kind: str | None) -> int:
        query = select(func.count()).select_from(Referral).where(waiting_on(as_of))
        if contract_id is not None:
            query = query.where(Referral.contract_id == contract_id)
        if kind is not None:
            query = query.where(Referral.advocacy_type == kind)
        return int(session.scalar(query) or 0)

    @staticmethod
    def _advocates(session: Session, as_of: date, contract_id: int | None,
                   kind: str | None) -> int:  # fmt: skip
        """How many advocates opened cases in the last 12 weeks (the what-if's "more
        advocates" each add the average advocate's rate)."""
        since = as_of - timedelta(days=CLEARING_RATE_DAYS)
        query = (
            select(func.count(func.distinct(Case.advocate_id)))
            .select_from(Case)
            .join(Referral, Referral.id == Case.referral_id)
            .where(Case.opened_on > since, Case.opened_on <= as_of)
        )
        if contract_id is not None:
            query = query.where(Referral.contract_id == contract_id)
        if kind is not None:
            query = query.where(Referral.advocacy_type == kind)
        return int(session.scalar(query) or 0)

    @staticmethod
    def _contracts(session: Session, as_of: date, contract_id: int | None) -> list[dict[str, Any]]:
        query = select(Contract).where(Contract.starts_on <= as_of, Contract.ends_on >= as_of)
        if contract_id is not None:
            query = query.where(Contract.id == contract_id)
        rows = []
        for contract in session.scalars(query.order_by(Contract.name)):
            start, end = contract_year(contract.starts_on, contract.ends_on, as_of)
            minutes = delivered_minutes(session, start, as_of, contract.id)
            opened = session.scalar(
                select(func.count()).select_from(Case)
                .join(Referral, Referral.id == Case.referral_id)
                .where(Referral.contract_id == contract.id, Case.opened_on >= start,
                       Case.opened_on <= as_of)
            ) or 0  # fmt: skip
            types = set(
                session.scalars(
                    select(ContractAdvocacyType.advocacy_type).where(
                        ContractAdvocacyType.contract_id == contract.id
                    )
                )
            )
            rows.append({
                "id": contract.id, "name": contract.name, "start": start, "end": end,
                "hours": contract.hours_per_year, "cases": contract.cases_per_year,
                "minutes": minutes, "opened": int(opened), "types": types,
            })  # fmt: skip
        return rows

    @staticmethod
    def _hours_per_case(session: Session, as_of: date) -> dict[str, float]:
        """The hours a case of each type takes: over cases closed in the last two years."""
        since = date(as_of.year - CASE_HOURS_YEARS, as_of.month, 1)
        closed = (
            select(Case.id, Referral.advocacy_type)
            .join(Referral, Referral.id == Case.referral_id)
            .where(Case.closed_on.is_not(None), Case.closed_on >= since, Case.closed_on <= as_of)
            .subquery()
        )
        query = (
            select(closed.c.advocacy_type, func.count(func.distinct(closed.c.id)),
                   func.coalesce(func.sum(Activity.minutes), 0))
            .select_from(closed)
            .outerjoin(Activity, Activity.case_id == closed.c.id)
            .group_by(closed.c.advocacy_type)
        )  # fmt: skip
        hours = {kind: int(minutes) / 60 / max(int(cases), 1)
                 for kind, cases, minutes in session.execute(query)}  # fmt: skip
        overall = sum(hours.values()) / len(hours) if hours else 0.0
        return {kind: hours.get(kind, overall) for kind in ADVOCACY_TYPE.codes}

    @staticmethod
    def _contract_shares(session: Session, as_of: date) -> dict[tuple[int, str], float]:
        """(contract id, type) -> the part of that type's referrals in the last year that
        came under the contract."""
        since = as_of - timedelta(days=365)
        query = (
            select(Referral.advocacy_type, Referral.contract_id, func.count())
            .where(Referral.received_on > since, Referral.received_on <= as_of)
            .group_by(Referral.advocacy_type, Referral.contract_id)
        )
        totals: dict[str, int] = {}
        by_contract: dict[tuple[int, str], int] = {}
        for kind, contract_id, count in session.execute(query):
            totals[kind] = totals.get(kind, 0) + int(count)
            if contract_id is not None:
                by_contract[(int(contract_id), kind)] = int(count)
        return {key: n / totals[key[1]] for key, n in by_contract.items()}


def _series(
    counts: dict[tuple[str, str], int], kind: str, before: tuple[int, int]
) -> list[tuple[str, int]]:
    """One type's (or the total's) monthly counts, from its first month with a referral
    to the month before ``before`` (months with none count 0)."""
    by_month: dict[str, int] = {}
    for (t, code), n in counts.items():
        if kind in (TOTAL, t):
            by_month[code] = by_month.get(code, 0) + n
    if not by_month:
        return []
    first = min(by_month)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while (year, month) < before:
        code = month_code(year, month)
        out.append((code, by_month.get(code, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _project_contract(
    row: dict[str, Any],
    as_of: date,
    ahead: Sequence[str],
    forecasts: dict[str, np.ndarray],
    case_hours: dict[str, float],
    shares: dict[tuple[int, str], float],
) -> ContractProjection:
    """The contract year so far and to its end: hours used, pro rata, projected from the
    forecast (referrals of each type it takes x the hours such a case takes), and the
    day the block would run out."""
    start, end = row["start"], row["end"]
    minutes: dict[str, int] = row["minutes"]
    used = sum(minutes.values()) / 60
    block = row["hours"]
    year_days = (end - start).days + 1
    pro_rata = block * ((as_of - start).days + 1) / year_days if block else None
    monthly: list[tuple[date, float, int]] = []  # (first day, hours, days it spans)
    days = calendar.monthrange(as_of.year, as_of.month)[1]
    # The rest of the month under way (step 0 of the forecast), then the months ahead.
    steps = [(as_of + timedelta(days=1), 0, (days - as_of.day) / days)]
    for i, code in enumerate(ahead):
        steps.append((date(int(code[:4]), int(code[5:]), 1), i + 1, 1.0))
    for first, step, part in steps:
        if first > end:
            break
        hours = 0.0
        for kind in ADVOCACY_TYPE.codes:
            share = shares.get((row["id"], kind), 0.0)
            if kind in forecasts and share and (not row["types"] or kind in row["types"]):
                hours += float(forecasts[kind][step]) * part * share * case_hours[kind]
        span = days - as_of.day if step == 0 else calendar.monthrange(first.year, first.month)[1]
        monthly.append((first, hours, span))
    projected = used + sum(h for _, h, _ in monthly)
    exhausted = None
    if block:
        if used >= block:
            exhausted = as_of
        else:
            running = used
            for first, hours, span in monthly:
                if hours > 0 and running + hours >= block:
                    exhausted = first + timedelta(days=int((block - running) / hours * span))
                    break
                running += hours
        if exhausted is not None and exhausted > end:
            exhausted = None
    total = sum(minutes.values()) or 1
    by_type = tuple(
        TypeHours(kind, round(m / 60, 1), round(m / total, 3))
        for kind, m in sorted(minutes.items(), key=lambda pair: -pair[1])
    )
    return ContractProjection(
        name=row["name"], year_start=start, year_end=end, block_hours=block,
        hours_used=round(used, 1), pro_rata_hours=round(pro_rata, 1) if pro_rata else None,
        projected_hours=round(projected, 1), exhausted_on=exhausted,
        block_cases=row["cases"], cases_used=row["opened"], by_type=by_type,
    )  # fmt: skip
