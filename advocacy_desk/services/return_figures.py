"""Every figure of the quarterly monitoring return, each defined once.

A :class:`Figure` is one ``(section, measure)`` of the return: its definition in words
(printed in the PDF's appendix and in docs/returns.md) and the query that computes it
for a :class:`Scope` (a quarter, and one contract or all). Nothing else in the code
computes a return figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Activity,
    Case,
    CaseIssue,
    Contract,
    OutcomeFeedback,
    Partnership,
    Person,
    Referral,
    Volunteer,
)
from advocacy_desk.domain.ages import age_band
from advocacy_desk.domain.numbers import median, one_decimal, percentage
from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.return_rows import FigureRow, Kind
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    EQUALITY,
    OUTCOME_QUESTION,
    SOURCE,
    Vocabulary,
)
from advocacy_desk.records.returns import RecordRef
from advocacy_desk.services.waiting_list import waiting_on

__all__ = [
    "ALLOCATION_TARGET_DAYS",
    "DAYS_PER_YEAR",
    "FIGURES",
    "ISSUE_RESULTS",
    "Figure",
    "RecordRef",
    "Scope",
    "compute_all",
    "contracted_hours",
    "delivered_minutes",
    "people_referred",
    "previous_quarters",
    "quarters_between",
    "records",
]

#: Allocated within this many days of the referral counts as "within 14 days".
ALLOCATION_TARGET_DAYS = 14
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class Scope:
    """What a return covers: a quarter, and one contract (or every contract)."""

    quarter: Quarter
    contract_id: int | None = None

    @property
    def start(self) -> date:
        return self.quarter.start

    @property
    def end(self) -> date:
        return self.quarter.end


@dataclass(frozen=True)
class Figure:
    section: str
    measure: str
    definition: str
    compute: Callable[[Session, Scope], list[FigureRow]]


def _once(session: Session, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` once per session for ``key``: several figures share one selection
    (the people referred, the waits), and a return is computed in one session."""
    cache: dict[tuple[Any, ...], Any] = session.info.setdefault("return_figures", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _contract(scope: Scope) -> list[ColumnElement[bool]]:
    return [] if scope.contract_id is None else [Referral.contract_id == scope.contract_id]


def _in(column: Any, scope: Scope) -> ColumnElement[bool]:
    return and_(column >= scope.start, column <= scope.end)


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


def _by_code(
    section: str, measure: str, vocabulary: Vocabulary, counts: dict[str, int]
) -> list[FigureRow]:
    """One row per code of ``vocabulary``, 0 where there is none, so the layout of the
    return never changes between quarters."""
    return [FigureRow(section, measure, code, counts.get(code, 0)) for code in vocabulary.codes]


def _total(section: str, measure: str, value: Any, base: int | None = None,
           kind: Kind = "count") -> list[FigureRow]:  # fmt: skip
    return [FigureRow(section, measure, "total", value, base, kind)]


# -- referrals ------------------------------------------------------------------------


def _received_where(scope: Scope) -> list[ColumnElement[bool]]:
    return [_in(Referral.received_on, scope), *_contract(scope)]


def _received(session: Session, scope: Scope) -> list[FigureRow]:
    query = select(func.count()).select_from(Referral).where(*_received_where(scope))
    return _total("referrals", "received", _count(session, query))


def _received_by(
    field: str, vocabulary: Vocabulary, measure: str
) -> Callable[..., list[FigureRow]]:
    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        column = getattr(Referral, field)
        rows = session.execute(
            select(column, func.count()).where(*_received_where(scope)).group_by(column)
        ).all()
        return _by_code("referrals", measure, vocabulary, dict(rows))

    return compute


def _decided(status: str) -> Callable[..., list[FigureRow]]:
    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        query = (
            select(func.count())
            .select_from(Referral)
            .where(Referral.status == status, _in(Referral.status_on, scope), *_contract(scope))
        )
        return _total("referrals", status, _count(session, query))

    return compute


def _out_of_area(session: Session, scope: Scope) -> list[FigureRow]:
    query = (
        select(func.count())
        .select_from(Referral)
        .join(Person, Person.id == Referral.person_id)
        .where(Person.out_of_area == "yes", *_received_where(scope))
    )
    return _total("referrals", "out_of_area", _count(session, query))


# -- cases ------------------------------------------------------------------------------


def _cases() -> Any:
    return select(func.count()).select_from(Case).join(Referral, Referral.id == Case.referral_id)


def _cases_opened(session: Session, scope: Scope) -> list[FigureRow]:
    query = _cases().where(_in(Case.opened_on, scope), *_contract(scope))
    return _total("cases", "opened", _count(session, query))


def _cases_closed(session: Session, scope: Scope) -> list[FigureRow]:
    query = _cases().where(_in(Case.closed_on, scope), *_contract(scope))
    return _total("cases", "closed", _count(session, query))


def _open_at(end: date) -> ColumnElement[bool]:
    return and_(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on > end))


def _cases_open_at_end(session: Session, scope: Scope) -> list[FigureRow]:
    query = _cases().where(_open_at(scope.end), *_contract(scope))
    return _total("cases", "open_at_end", _count(session, query))


# -- waiting ----------------------------------------------------------------------------


def _waits(session: Session, scope: Scope) -> list[int]:
    def compute() -> list[int]:
        received = session.scalars(
            select(Referral.received_on).where(waiting_on(scope.end), *_contract(scope))
        )
        return [(scope.end - day).days for day in received]

    waits: list[int] = _once(session, ("waits", scope), compute)
    return waits


def _waiting_at_end(session: Session, scope: Scope) -> list[FigureRow]:
    return _total("waiting", "at_end", len(_waits(session, scope)))


def _waiting_median(session: Session, scope: Scope) -> list[FigureRow]:
    waits = _waits(session, scope)
    # No base column: the return's layout gives one only for allocation and percentages.
    return _total("waiting", "median_days", median(waits), kind="days")


def _waiting_longest(session: Session, scope: Scope) -> list[FigureRow]:
    waits = _waits(session, scope)
    return _total("waiting", "longest_days", max(waits) if waits else None, kind="days")


# -- allocation -------------------------------------------------------------------------


def _allocation_days(session: Session, scope: Scope) -> list[int]:
    def compute() -> list[int]:
        rows = session.execute(
            select(Case.opened_on, Referral.received_on)
            .join(Referral, Referral.id == Case.referral_id)
            .where(_in(Case.opened_on, scope), *_contract(scope))
        ).all()
        return [(opened - received).days for opened, received in rows]

    days: list[int] = _once(session, ("allocation", scope), compute)
    return days


def _allocation_median(session: Session, scope: Scope) -> list[FigureRow]:
    days = _allocation_days(session, scope)
    return _total("allocation", "median_days", median(days), len(days), "days")


def _allocation_within(session: Session, scope: Scope) -> list[FigureRow]:
    days = _allocation_days(session, scope)
    within = sum(1 for d in days if d <= ALLOCATION_TARGET_DAYS)
    return _total("allocation", "within_14_days_pct", percentage(within, len(days)),
                  len(days), "percent")  # fmt: skip


# -- hours ------------------------------------------------------------------------------


def delivered_minutes(session: Session, start: date, end: date,
                      contract_id: int | None) -> dict[str, int]:  # fmt: skip
    """Casework minutes dated from ``start`` to ``end``, by the case's advocacy type."""
    query = (
        select(Referral.advocacy_type, func.sum(Activity.minutes))
        .join(Case, Case.id == Activity.case_id)
        .join(Referral, Referral.id == Case.referral_id)
        .where(Activity.occurred_on >= start, Activity.occurred_on <= end)
        .group_by(Referral.advocacy_type)
    )
    if contract_id is not None:
        query = query.where(Referral.contract_id == contract_id)
    return {kind: int(minutes or 0) for kind, minutes in session.execute(query)}


def _hours_delivered(session: Session, scope: Scope) -> list[FigureRow]:
    minutes = delivered_minutes(session, scope.start, scope.end, scope.contract_id)
    rows = [
        FigureRow("hours", "delivered", code, one_decimal(minutes.get(code, 0) / 60), kind="hours")
        for code in ADVOCACY_TYPE.codes
    ]
    total = one_decimal(sum(minutes.values()) / 60)
    return [*rows, FigureRow("hours", "delivered", "total", total, kind="hours")]


def _contracts(session: Session, scope: Scope) -> Sequence[Contract]:
    query = select(Contract).where(Contract.starts_on <= scope.end, Contract.ends_on >= scope.start)
    if scope.contract_id is not None:
        query = query.where(Contract.id == scope.contract_id)
    return session.scalars(query).all()


def contracted_hours(contract: Contract, start: date, end: date) -> float:
    """The contract's block hours pro rata to the days from ``start`` to ``end`` that it
    runs: hours per year x those days / 365."""
    if not contract.hours_per_year:
        return 0.0
    first, last = max(start, contract.starts_on), min(end, contract.ends_on)
    days = max((last - first).days + 1, 0)
    return contract.hours_per_year * days / DAYS_PER_YEAR


def _hours_contracted(session: Session, scope: Scope) -> list[FigureRow]:
    contracts = [c for c in _contracts(session, scope) if c.hours_per_year]
    if not contracts:
        return _total("hours", "contracted", None, kind="hours")
    hours = sum(contracted_hours(c, scope.start, scope.end) for c in contracts)
    return _total("hours", "contracted", one_decimal(hours), kind="hours")


# -- equality -----------------------------------------------------------------------------


def people_referred(session: Session, scope: Scope) -> dict[int, tuple[Any, ...]]:
    """The distinct people with a referral received in the quarter: their equality
    answers and the date of their first referral in it."""
    fields = [getattr(Person, name) for name, _ in EQUALITY[:-1]]

    def compute() -> dict[int, tuple[Any, ...]]:
        rows = session.execute(
            select(Person.id, *fields, Person.date_of_birth, func.min(Referral.received_on))
            .join(Referral, Referral.person_id == Person.id)
            .where(*_received_where(scope))
            .group_by(Person.id)
        ).all()
        return {row[0]: tuple(row[1:]) for row in rows}

    people: dict[int, tuple[Any, ...]] = _once(session, ("people", scope), compute)
    return people


def _equality(measure: str, vocabulary: Vocabulary) -> Callable[..., list[FigureRow]]:
    position = [name for name, _ in EQUALITY].index(measure)

    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        counts: dict[str, int] = {}
        for values in people_referred(session, scope).values():
            code = age_band(values[-2], values[-1]) if measure == "age_band" else values[position]
            counts[code] = counts.get(code, 0) + 1
        return _by_code("equality", measure, vocabulary, counts)

    return compute


# -- outcomes ------------------------------------------------------------------------------


def _feedback_answers(session: Session, scope: Scope, question: str) -> dict[str, int]:
    column = getattr(OutcomeFeedback, question)
    rows = session.execute(
        select(column, func.count())
        .join(Case, Case.id == OutcomeFeedback.case_id)
        .join(Referral, Referral.id == Case.referral_id)
        .where(_in(Case.closed_on, scope), *_contract(scope))
        .group_by(column)
    ).all()
    return dict(rows)


def _outcome(question: str, answer: str) -> Callable[..., list[FigureRow]]:
    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        answers = _feedback_answers(session, scope, question)
        base = sum(answers.get(a, 0) for a in ("yes", "partly", "no"))
        return _total("outcomes", f"{question}_{answer}_pct",
                      percentage(answers.get(answer, 0), base), base, "percent")  # fmt: skip

    return compute


ISSUE_RESULTS = ("achieved", "partly_achieved", "not_achieved")


def _issue_outcome(outcome: str) -> Callable[..., list[FigureRow]]:
    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        rows = session.execute(
            select(CaseIssue.outcome, func.count())
            .join(Case, Case.id == CaseIssue.case_id)
            .join(Referral, Referral.id == Case.referral_id)
            .where(_in(Case.closed_on, scope), CaseIssue.outcome.in_(ISSUE_RESULTS),
                   *_contract(scope))
            .group_by(CaseIssue.outcome)
        ).all()  # fmt: skip
        counts: dict[str, int] = dict(rows)  # type: ignore[arg-type]
        base = sum(counts.values())
        return _total("issues", f"{outcome}_pct", percentage(counts.get(outcome, 0), base),
                      base, "percent")  # fmt: skip

    return compute


# -- citizen advocacy -------------------------------------------------------------------------


def _volunteers_active(session: Session, scope: Scope) -> list[FigureRow]:
    query = (
        select(func.count())
        .select_from(Volunteer)
        .where(Volunteer.status == "active",
               or_(Volunteer.trained_on.is_(None), Volunteer.trained_on <= scope.end))
    )  # fmt: skip
    return _total("citizen", "volunteers_active", _count(session, query))


def _partnerships(
    measure: str, where: Callable[[Scope], ColumnElement[bool]]
) -> Callable[..., list[FigureRow]]:
    def compute(session: Session, scope: Scope) -> list[FigureRow]:
        query = select(func.count()).select_from(Partnership).where(where(scope))
        return _total("citizen", measure, _count(session, query))

    return compute


def _active_at_end(scope: Scope) -> ColumnElement[bool]:
    return and_(
        Partnership.started_on <= scope.end,
        or_(Partnership.ended_on.is_(None), Partnership.ended_on > scope.end),
    )


# -- the list ---------------------------------------------------------------------------------

FIGURES: tuple[Figure, ...] = (
    Figure("referrals", "received", "Referrals with a received date in the quarter.", _received),
    Figure("referrals", "received_by_type",
           "Referrals received in the quarter, by advocacy type.",
           _received_by("advocacy_type", ADVOCACY_TYPE, "received_by_type")),
    Figure("referrals", "received_by_source",
           "Referrals received in the quarter, by who made the referral.",
           _received_by("source", SOURCE, "received_by_source")),
    Figure("referrals", "received_by_process",
           "Referrals received in the quarter, by Care Act process ('none' for other types).",
           _received_by("care_act_process", CARE_ACT_PROCESS, "received_by_process")),
    Figure("referrals", "declined",
           "Referrals declined in the quarter, counted by the date of the decision.",
           _decided("declined")),
    Figure("referrals", "withdrawn",
           "Referrals withdrawn in the quarter, counted by the date of the withdrawal.",
           _decided("withdrawn")),
    Figure("referrals", "out_of_area",
           "Referrals received in the quarter for people placed out of area.", _out_of_area),
    Figure("cases", "opened", "Cases opened (referrals allocated) in the quarter.",
           _cases_opened),
    Figure("cases", "closed", "Cases closed in the quarter.", _cases_closed),
    Figure("cases", "open_at_end",
           "Cases open at the quarter's end: opened on or before it and not closed by it.",
           _cases_open_at_end),
    Figure("waiting", "at_end",
           "Referrals waiting at the quarter's end: received on or before it and, by it, "
           "not allocated, declined or withdrawn.", _waiting_at_end),
    Figure("waiting", "median_days",
           "Median wait in days of those waiting at the quarter's end (the end date minus "
           "the received date); of an even number of waits, the mean of the middle two.",
           _waiting_median),
    Figure("waiting", "longest_days",
           "Longest wait in days of those waiting at the quarter's end.", _waiting_longest),
    Figure("allocation", "median_days",
           "For cases opened in the quarter, the median days from referral received to "
           "case opened. Base: cases opened in the quarter.", _allocation_median),
    Figure("allocation", "within_14_days_pct",
           "For cases opened in the quarter, the percentage opened within 14 days of the "
           "referral being received. Base: cases opened in the quarter.", _allocation_within),
    Figure("hours", "delivered",
           "Casework activity minutes dated in the quarter divided by 60, one decimal, by "
           "the case's advocacy type, and in total.", _hours_delivered),
    Figure("hours", "contracted",
           "The contracts' block hours pro rata to the days of the quarter inside each "
           "contract: hours per year x days / 365.", _hours_contracted),
    *(
        Figure("equality", name,
               "Distinct people with a referral received in the quarter, by "
               + name.replace("_", " ")
               + (" on the date of their first referral in it" if name == "age_band" else "")
               + ".", _equality(name, vocabulary))
        for name, vocabulary in EQUALITY
    ),
    *(
        Figure("outcomes", f"{question}_{answer}_pct",
               f"Cases closed in the quarter: the percentage answering '{answer}' to "
               f"\u201c{OUTCOME_QUESTION.label(question)}\u201d, among those answering yes, "
               "partly or no (the base).", _outcome(question, answer))
        for answer in ("yes", "partly") for question in OUTCOME_QUESTION.codes
    ),
    *(
        Figure("issues", f"{outcome}_pct",
               "Issues of cases closed in the quarter: the percentage "
               + outcome.replace("_", " ")
               + ", among issues achieved, partly achieved or not achieved (the base).",
               _issue_outcome(outcome))
        for outcome in ISSUE_RESULTS
    ),
    Figure("citizen", "volunteers_active",
           "Citizen advocacy volunteers active at the quarter's end.", _volunteers_active),
    Figure("citizen", "partnerships_active",
           "Partnerships started on or before the quarter's end and not ended by it.",
           _partnerships("partnerships_active", _active_at_end)),
    Figure("citizen", "partnerships_started", "Partnerships started in the quarter.",
           _partnerships("partnerships_started", lambda s: _in(Partnership.started_on, s))),
    Figure("citizen", "partnerships_ended", "Partnerships ended in the quarter.",
           _partnerships("partnerships_ended", lambda s: _in(Partnership.ended_on, s))),
)  # fmt: skip


def compute_all(session: Session, scope: Scope,
                figures: Iterable[Figure] = FIGURES) -> list[FigureRow]:  # fmt: skip
    rows: list[FigureRow] = []
    for figure in figures:
        rows.extend(figure.compute(session, scope))
    return rows


def quarters_between(first: date, last: date) -> list[Quarter]:
    quarters = [Quarter.of(first)]
    while quarters[-1].end < last:
        quarters.append(quarters[-1].next())
    return quarters


def previous_quarters(quarter: Quarter, count: int) -> list[Quarter]:
    """``count`` quarters ending with ``quarter``, oldest first."""
    quarters = [quarter]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


# -- the records behind a figure ------------------------------------------------------------

_REFERRAL_FIELDS = {
    "received_by_type": "advocacy_type",
    "received_by_source": "source",
    "received_by_process": "care_act_process",
}


def records(session: Session, scope: Scope, section: str, measure: str,
            category: str = "total") -> list[RecordRef]:  # fmt: skip
    """The records a figure counts, selected with the figure's own conditions."""
    if section == "referrals":
        if measure in ("declined", "withdrawn"):
            where = [Referral.status == measure, _in(Referral.status_on, scope), *_contract(scope)]
        else:
            where = _received_where(scope)
            if measure in _REFERRAL_FIELDS:
                where.append(getattr(Referral, _REFERRAL_FIELDS[measure]) == category)
            if measure == "out_of_area":
                where.append(Person.out_of_area == "yes")
        return _referral_refs(session, where)
    if section == "waiting":
        return _referral_refs(session, [waiting_on(scope.end), *_contract(scope)])
    if section in ("cases", "allocation", "outcomes", "issues"):
        if section == "cases" and measure == "open_at_end":
            where = [_open_at(scope.end)]
        elif (section == "cases" and measure == "closed") or section in ("outcomes", "issues"):
            where = [_in(Case.closed_on, scope)]
        else:
            where = [_in(Case.opened_on, scope)]
        return _case_refs(session, [*where, *_contract(scope)])
    if section == "hours":
        where = [_in(Activity.occurred_on, scope), *_contract(scope)]
        if category != "total" and measure == "delivered":
            where.append(Referral.advocacy_type == category)
        ids = select(Activity.case_id).join(Case, Case.id == Activity.case_id).join(
            Referral, Referral.id == Case.referral_id).where(*where)  # fmt: skip
        return _case_refs(session, [Case.id.in_(ids)])
    if section == "equality":
        people = people_referred(session, scope)
        position = [name for name, _ in EQUALITY].index(measure)
        wanted = [
            person_id for person_id, values in people.items()
            if (age_band(values[-2], values[-1]) if measure == "age_band"
                else values[position]) == category
        ]  # fmt: skip
        rows = session.execute(
            select(Person.id, Person.person_ref, Person.given_name, Person.family_name)
            .where(Person.id.in_(wanted)).order_by(Person.person_ref)
        )  # fmt: skip
        return [RecordRef("person", i, ref, f"{g} {f}") for i, ref, g, f in rows]
    if section == "citizen":
        if measure == "volunteers_active":
            rows = session.execute(
                select(Volunteer.id, Volunteer.volunteer_ref, Volunteer.given_name,
                       Volunteer.family_name)
                .where(Volunteer.status == "active",
                       or_(Volunteer.trained_on.is_(None), Volunteer.trained_on <= scope.end))
                .order_by(Volunteer.volunteer_ref)
            )  # fmt: skip
            return [RecordRef("volunteer", i, ref, f"{g} {f}") for i, ref, g, f in rows]
        condition = {
            "partnerships_active": _active_at_end(scope),
            "partnerships_started": _in(Partnership.started_on, scope),
            "partnerships_ended": _in(Partnership.ended_on, scope),
        }[measure]
        pairs = session.execute(
            select(Partnership.id, Volunteer.volunteer_ref, Person.person_ref)
            .join(Volunteer, Volunteer.id == Partnership.volunteer_id)
            .join(Person, Person.id == Partnership.person_id)
            .where(condition).order_by(Partnership.id)
        )  # fmt: skip
        return [RecordRef("partnership", i, f"{v}-{p}", f"volunteer {v} with {p}")
                for i, v, p in pairs]  # fmt: skip
    raise ValueError(f"no figure {section}/{measure}")


def _referral_refs(session: Session, where: list[ColumnElement[bool]]) -> list[RecordRef]:
    rows = session.execute(
        select(Referral.id, Referral.referral_ref, Person.person_ref, Person.given_name,
               Person.family_name, Referral.received_on)
        .join(Person, Person.id == Referral.person_id)
        .where(*where)
        .order_by(Referral.referral_ref)
    )  # fmt: skip
    return [RecordRef("referral", i, ref, f"{p} {g} {f}, received {day:%d/%m/%Y}")
            for i, ref, p, g, f, day in rows]  # fmt: skip


def _case_refs(session: Session, where: list[ColumnElement[bool]]) -> list[RecordRef]:
    rows = session.execute(
        select(Case.id, Case.case_ref, Person.person_ref, Person.given_name, Person.family_name,
               Case.opened_on)
        .join(Referral, Referral.id == Case.referral_id)
        .join(Person, Person.id == Referral.person_id)
        .where(*where)
        .order_by(Case.case_ref)
    )  # fmt: skip
    return [RecordRef("case", i, ref, f"{p} {g} {f}, opened {day:%d/%m/%Y}")
            for i, ref, p, g, f, day in rows]  # fmt: skip
