"""The waiting list: ranked by the prioritisation matrix, explained, overridden, and
cleared by allocating, declining or withdrawing referrals.

The ranking is computed afresh for the day it is viewed (time waited and the nearness
of decision dates change daily), from a few columns per referral and NumPy, so that
100,000 waiting referrals rank in well under a second.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Any

import numpy as np
from sqlalchemy import and_, case, func, insert, or_, select
from sqlalchemy.orm import Session

from advocacy_desk.db.bulk_read import day_number, plain_rows
from advocacy_desk.db.models import Case, CaseEvent, Person, Referral, ReferralScore, StaffUser
from advocacy_desk.domain.ages import age_band
from advocacy_desk.domain.clearing import RATE_DAYS, clearing_estimate
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.errors import AdvocacyDeskError, NotFound, ValidationError
from advocacy_desk.domain.matrix import (
    NO_DATE,
    OVERRIDE_LIMIT,
    Matrix,
    ScoreColumns,
    ScoreFacts,
    explain,
    rank_order,
    score,
    score_many,
)
from advocacy_desk.domain.references import CASE
from advocacy_desk.domain.referrals import MATRIX_FIELDS
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    AGE_BAND,
    ETHNICITY,
    PRIMARY_NEED,
    SEX,
    Vocabulary,
)
from advocacy_desk.records.waiting_list import (
    EVENTS,
    AdvocateLoad,
    Breakdown,
    EquityRow,
    Headline,
    PersonDetailsById,
    RankChanges,
    RankMove,
    ScoreHistoryEntry,
    WaitingList,
    history_row,
)
from advocacy_desk.services import audit_writer
from advocacy_desk.services.access import GuardedService, Permission, requires
from advocacy_desk.services.matrix_versions import current_matrix
from advocacy_desk.services.references import next_ref

__all__ = [
    "BIGGEST_MOVES",
    "CASE_HOLDING_ROLES",
    "CLEARING_RATE_DAYS",
    "EQUITY_DIMENSIONS",
    "EVENTS",
    "AdvocateLoad",
    "Breakdown",
    "EquityRow",
    "Headline",
    "NotWaiting",
    "RankChanges",
    "RankMove",
    "ScoreHistoryEntry",
    "WaitingListService",
    "clearing_counts",
    "facts_of",
    "rank_changes",
    "record_score",
    "waiting_on",
]

#: How far back the rates for "when would the list clear" look (see domain.clearing).
CLEARING_RATE_DAYS = RATE_DAYS
#: Roles whose members can hold cases.
CASE_HOLDING_ROLES = ("advocate", "manager")
_EPOCH = date(1970, 1, 1).toordinal()


class NotWaiting(AdvocacyDeskError):
    """The referral has already left the waiting list."""


#: The equity view's groupings: the person's field, or the age band on the received date.
EQUITY_DIMENSIONS: dict[str, tuple[str, Vocabulary]] = {
    "ethnicity": ("Ethnic group", ETHNICITY),
    "sex": ("Sex", SEX),
    "age_band": ("Age band", AGE_BAND),
    "primary_need": ("Primary need", PRIMARY_NEED),
}


#: What ranking reads of each waiting referral (dates as day numbers).
_RANKING_COLUMNS: tuple[Any, ...] = (
    Referral.id,
    Referral.referral_ref,
    day_number(Referral.received_on).label("received_on"),
    func.coalesce(day_number(Referral.decision_due_on), 0).label("decision_due_on"),
    Referral.complexity,
    Referral.impact,
    Referral.support_network,
    Referral.capacity_voice,
    Referral.safeguarding,
    Referral.override_points,
    Referral.contract_id,
    Referral.statutory,
    Referral.advocacy_type,
    Referral.person_id,
)
#: What a row shows of the person, read only for the rows shown (or all, when asked).
_PERSON_COLUMNS: tuple[Any, ...] = (
    Person.id,
    Person.person_ref,
    Person.given_name,
    Person.family_name,
    Person.local_authority,
)
_COLUMN_NAMES: tuple[str, ...] = tuple(c.key for c in _RANKING_COLUMNS)
_COLUMN_COUNT = len(_COLUMN_NAMES)


def waiting_on(as_of: date) -> Any:
    """Referrals that were on the waiting list on ``as_of``: received by then, and not
    allocated, declined or withdrawn until after it."""
    return and_(
        Referral.received_on <= as_of,
        or_(
            Referral.status == "waiting",
            and_(Referral.status_on.is_not(None), Referral.status_on > as_of),
        ),
    )


#: How many of the biggest moves a matrix preview names.
BIGGEST_MOVES = 10


def rank_changes(session: Session, before: Matrix, after: Matrix, as_of: date) -> RankChanges:
    """Rank the referrals waiting on ``as_of`` under both matrices (one read, scored
    twice with NumPy) and count who moves up and down; name the biggest moves, ties
    broken by the new rank."""
    rows = plain_rows(session.connection(), select(*_RANKING_COLUMNS).where(waiting_on(as_of)))

    def no_people(_ids: Sequence[int] | None) -> PersonDetailsById:
        return {}

    old = WaitingListService._rank(before, rows, as_of, no_people)
    new = WaitingListService._rank(after, rows, as_of, no_people)
    count = len(old)
    old_rank = np.empty(count, dtype=np.int64)
    old_rank[old._order] = np.arange(1, count + 1)
    new_rank = np.empty(count, dtype=np.int64)
    new_rank[new._order] = np.arange(1, count + 1)
    moved = old_rank - new_rank  # positive: up
    # Biggest first; among equals, the one ranked higher under the new matrix first.
    wanted = np.lexsort((new_rank, -np.abs(moved)))
    refs = old._c["referral_ref"]
    biggest = tuple(
        RankMove(refs[i], int(old_rank[i]), int(new_rank[i]))
        for i in wanted[:BIGGEST_MOVES].tolist()
        if moved[i] != 0
    )
    return RankChanges(
        as_of=as_of,
        waiting=count,
        moved_up=int(np.count_nonzero(moved > 0)),
        moved_down=int(np.count_nonzero(moved < 0)),
        biggest=biggest,
    )


def clearing_counts(
    session: Session, as_of: date, contract_id: int | None = None, kind: str | None = None
) -> tuple[int, int, int]:
    """Referrals allocated, received, and declined or withdrawn, in the last 12 weeks
    to ``as_of``: the counts the clearing estimate (domain.clearing) is made from, for
    the waiting list and Planning alike (optionally of one contract or advocacy type)."""
    since = as_of - timedelta(days=CLEARING_RATE_DAYS)
    allocated = func.sum(
        case((and_(Referral.status == "allocated", Referral.status_on > since,
                   Referral.status_on <= as_of), 1), else_=0)
    )  # fmt: skip
    received = func.sum(
        case((and_(Referral.received_on > since, Referral.received_on <= as_of), 1), else_=0)
    )
    closed = func.sum(
        case((and_(Referral.status.in_(("declined", "withdrawn")), Referral.status_on > since,
                   Referral.status_on <= as_of), 1), else_=0)
    )  # fmt: skip
    query = select(allocated, received, closed).where(
        or_(
            and_(Referral.status_on > since, Referral.status_on <= as_of),
            and_(Referral.received_on > since, Referral.received_on <= as_of),
        )
    )
    if contract_id is not None:
        query = query.where(Referral.contract_id == contract_id)
    if kind is not None:
        query = query.where(Referral.advocacy_type == kind)
    got_allocated, got_received, got_closed = session.execute(query).one()
    return int(got_allocated or 0), int(got_received or 0), int(got_closed or 0)


def facts_of(referral: Referral) -> ScoreFacts:
    return ScoreFacts(
        received_on=referral.received_on,
        complexity=referral.complexity,
        impact=referral.impact,
        support_network=referral.support_network,
        capacity_voice=referral.capacity_voice,
        safeguarding=referral.safeguarding,
        decision_due_on=referral.decision_due_on,
        statutory=referral.statutory,
        override=referral.override_points,
    )


def record_score(
    session: Session,
    referral: Referral,
    as_of: date,
    event: str,
    user: str,
    note: str = "",
    matrix: Matrix | None = None,
) -> None:
    """Write the referral's score as it stands now into its history."""
    matrix = matrix or current_matrix(session)
    result = score(matrix, facts_of(referral), as_of)
    answers = {k: getattr(referral, k) for k in (*MATRIX_FIELDS, "safeguarding")}
    answers["decision_due_on"] = format_uk(referral.decision_due_on)
    session.add(
        ReferralScore(
            **history_row(
                referral.id, as_of, matrix.version, result.points, result.incomplete, answers,
                event, user, note,
            )
        )
    )  # fmt: skip


class WaitingListService(GuardedService):
    # -- the list ---------------------------------------------------------------------

    @requires(Permission.WAITING_READ, what="see the waiting list")
    def ranked(self, as_of: date | None = None) -> WaitingList:
        """Every referral waiting on ``as_of`` (default today), ranked."""
        as_of = as_of or self._today()
        query = select(*_RANKING_COLUMNS).where(waiting_on(as_of))
        with self._uow(read_only=True) as uow:
            matrix = current_matrix(uow.session)
            uow.commit()
            rows = plain_rows(uow.session.connection(), query)

        def people(person_ids: Sequence[int] | None) -> PersonDetailsById:
            """The people of these rows; with None, of every referral waiting."""
            if person_ids is None:
                wanted = select(*_PERSON_COLUMNS).join(Referral).where(waiting_on(as_of))
            else:
                wanted = select(*_PERSON_COLUMNS).where(Person.id.in_(set(person_ids)))
            with self._uow(read_only=True) as uow:
                found = plain_rows(uow.session.connection(), wanted)
            return {person_id: details for person_id, *details in found}  # type: ignore[misc]

        return self._rank(matrix, rows, as_of, people)

    @staticmethod
    def _rank(
        matrix: Matrix,
        rows: Sequence[Sequence[Any]],
        as_of: date,
        people: Callable[[Sequence[int] | None], PersonDetailsById],
    ) -> WaitingList:
        read = list(zip(*rows, strict=True)) if rows else [()] * len(_COLUMN_NAMES)
        column = dict(zip(_COLUMN_NAMES, read, strict=True))

        def whole(name: str) -> np.ndarray:
            # None becomes NaN in a float array (in C), then 0: "unanswered" or "none".
            values = np.array(column[name], dtype=float)
            whole_numbers: np.ndarray = np.nan_to_num(values, nan=0.0).astype(np.int64)
            return whole_numbers

        statutory = np.array(column["statutory"], dtype=bool)
        received = np.array(column["received_on"], dtype=np.int64)
        decision_due = np.array(column["decision_due_on"], dtype=np.int64)
        decision_due[decision_due == 0] = NO_DATE  # day 0 is before the first date
        columns = ScoreColumns(
            levels={name: whole(name) for name in MATRIX_FIELDS},
            safeguarding=column["safeguarding"],
            decision_due=decision_due,
            statutory=statutory,
            received=received,
            override=whole("override_points"),
        )
        scores = score_many(matrix, columns, as_of)
        order = rank_order(scores, received, column["referral_ref"])
        return WaitingList(
            as_of, matrix.version, column, scores, received, decision_due, statutory, order, people
        )

    @requires(Permission.WAITING_READ, what="see the waiting list")
    def headline(self, as_of: date | None = None, waiting: WaitingList | None = None) -> Headline:
        """Number waiting, median and longest wait, statutory waiting, and when the list
        clears at the last 12 weeks' rate of allocation net of new referrals."""
        as_of = as_of or self._today()
        waiting = waiting if waiting is not None and waiting.as_of == as_of else None
        waiting = waiting or self.ranked(as_of)
        with self._uow(read_only=True) as uow:
            allocated, referred, closed = clearing_counts(uow.session, as_of)
        days = waiting.days_waiting
        return Headline(
            as_of=as_of,
            waiting=len(days),
            median_wait_days=statistics.median(days) if days else None,
            longest_wait_days=max(days) if days else None,
            statutory_waiting=waiting.statutory_count,
            allocated_last_12_weeks=allocated,
            referred_last_12_weeks=referred,
            clearing=clearing_estimate(as_of, len(days), allocated, referred, closed),
        )

    # -- one referral -------------------------------------------------------------------

    @requires(Permission.WAITING_READ, what="see the waiting list")
    def breakdown(self, referral_id: int, as_of: date | None = None) -> Breakdown:
        as_of = as_of or self._today()
        with self._uow(read_only=True) as uow:
            referral = self._referral(uow.session, referral_id)
            matrix = current_matrix(uow.session)
            uow.commit()
            facts = facts_of(referral)
            result, lines = explain(matrix, facts, as_of)
            return Breakdown(
                referral_id=referral.id,
                referral_ref=referral.referral_ref,
                person_name=f"{referral.person.given_name} {referral.person.family_name}",
                as_of=as_of,
                matrix_version=matrix.version,
                score=result,
                lines=tuple(lines),
                unanswered=tuple(k for k in MATRIX_FIELDS if getattr(referral, k) is None),
                override_points=referral.override_points,
                override_reason=referral.override_reason,
                status=referral.status,
            )

    @requires(Permission.WAITING_READ, what="see the waiting list")
    def history(self, referral_id: int) -> list[ScoreHistoryEntry]:
        """The referral's recorded scores and overrides, newest first."""
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(
                select(ReferralScore)
                .where(ReferralScore.referral_id == referral_id)
                .order_by(ReferralScore.recorded_at.desc(), ReferralScore.id.desc())
            )
            return [
                ScoreHistoryEntry(
                    r.recorded_at, r.scored_on, r.event, r.matrix_version, r.score,
                    r.incomplete, r.username, r.note,
                )
                for r in rows
            ]  # fmt: skip

    @requires(Permission.WAITING_MANAGE, what="change the waiting list")
    def set_override(self, referral_id: int, points: int | None, reason: str) -> Breakdown:
        """Add ``points`` (plus or minus) to the matrix score, for a written reason;
        ``None`` or 0 removes the override (the reason is still recorded)."""
        reason = reason.strip()
        errors: dict[str, str] = {}
        if points is not None and not -OVERRIDE_LIMIT <= points <= OVERRIDE_LIMIT:
            errors["override_points"] = (
                f"Override: give a whole number between -{OVERRIDE_LIMIT} and {OVERRIDE_LIMIT}."
            )
        if not reason:
            errors["override_reason"] = (
                "Reason: write why the score is being overridden; it is kept in the history."
            )
        if errors:
            raise ValidationError(errors)
        with self._uow() as uow:
            referral = self._referral(uow.session, referral_id)
            self._check_waiting(referral)
            old = (referral.override_points, referral.override_reason)
            referral.override_points = points or None
            referral.override_reason = reason if points else ""
            record_score(uow.session, referral, self._today(), "override", self._user, reason)
            audit_writer.record(
                uow.session, self._user, "override", "referral", referral.id,
                {"points": [old[0], referral.override_points], "reason": reason},
            )  # fmt: skip
            uow.commit()
        return self.breakdown(referral_id)

    @requires(Permission.WAITING_MANAGE, what="change the waiting list")
    def rescore_all(
        self,
        note: str = "",
        progress: Callable[[str, float], None] | None = None,
        batch_size: int = 5000,
    ) -> int:
        """Record every waiting referral's score under the current matrix in its history
        (after a matrix edit), reporting ``progress(message, fraction)``; returns how many
        were scored. The scores are the ranking's own; the rows go in batches, each its
        own transaction, so a long run neither holds the database nor loses its work."""
        ranked = self.ranked()
        rows = ranked.history_rows("matrix", self._user, note)
        total, written = len(ranked), 0
        while batch := list(islice(rows, batch_size)):
            if progress:
                progress(f"Rescoring the waiting list ({written:,} of {total:,})…", written / total)
            with self._uow() as uow:
                uow.session.execute(insert(ReferralScore), batch)
                uow.commit()
            written += len(batch)
        if progress:
            progress(f"Rescored {total:,} waiting referrals.", 1.0)
        return total

    # -- leaving the list ---------------------------------------------------------------

    @requires(Permission.WAITING_READ, Permission.STAFF_READ, what="see advocates' caseloads")
    def advocates(self) -> list[AdvocateLoad]:
        """Active staff who hold cases, with their open caseload against their capacity."""
        with self._uow(read_only=True) as uow:
            open_cases = dict(
                uow.session.execute(
                    select(Case.advocate_id, func.count())
                    .where(Case.closed_on.is_(None))
                    .group_by(Case.advocate_id)
                ).all()
            )
            staff = uow.session.scalars(
                select(StaffUser)
                .where(StaffUser.active.is_(True), StaffUser.role.in_(CASE_HOLDING_ROLES))
                .order_by(StaffUser.full_name)
            )
            return [
                AdvocateLoad(
                    id=s.id,
                    full_name=s.full_name,
                    capacity=s.capacity,
                    open_cases=open_cases.get(s.id, 0),
                    advocacy_types=tuple(
                        t for t in ADVOCACY_TYPE.codes
                        if t in {a.advocacy_type for a in s.advocacy_types}
                    ),
                )
                for s in staff
            ]  # fmt: skip

    @requires(Permission.WAITING_MANAGE, what="change the waiting list")
    def allocate(self, referral_id: int, advocate_id: int, on: date | None = None) -> str:
        """Open a case for the referral with this advocate; it leaves the waiting list.
        Returns the new case's reference."""
        on = on or self._today()
        with self._uow() as uow:
            session = uow.session
            referral = self._referral(session, referral_id)
            self._check_waiting(referral)
            self._check_date(referral, on, "allocated_on", "Allocation date")
            advocate = session.get(StaffUser, advocate_id)
            if advocate is None or not advocate.active:
                raise ValidationError({"advocate_id": "Advocate: choose an active advocate."})
            types = {t.advocacy_type for t in advocate.advocacy_types}
            if referral.advocacy_type not in types:
                raise ValidationError(
                    {
                        "advocate_id": f"Advocate: {advocate.full_name} does not take "
                        f"{ADVOCACY_TYPE.label(referral.advocacy_type)}; choose an advocate "
                        "who does, or add the type to their record first."
                    }
                )
            case = Case(
                case_ref=next_ref(session, Case.case_ref, CASE),
                referral_id=referral.id,
                advocate_id=advocate.id,
                opened_on=on,
            )
            session.add(case)
            session.flush()
            session.add(
                CaseEvent(case_id=case.id, occurred_on=on, event="opened",
                          reason=f"allocated to {advocate.full_name}", username=self._user)
            )  # fmt: skip
            referral.status = "allocated"
            referral.status_on = on
            referral.status_reason = ""
            session.flush()
            audit_writer.record(
                session, self._user, "allocate", "referral", referral.id,
                {"case": case.case_ref, "advocate": advocate.username},
            )  # fmt: skip
            uow.commit()
            return case.case_ref

    @requires(Permission.WAITING_MANAGE, what="change the waiting list")
    def decline(self, referral_id: int, reason: str, on: date | None = None) -> None:
        """Turn the referral away, for a written reason. A statutory referral cannot be
        declined: the duty stands, so it is allocated or withdrawn."""
        self._close(referral_id, "declined", reason, on)

    @requires(Permission.WAITING_MANAGE, what="change the waiting list")
    def withdraw(self, referral_id: int, reason: str, on: date | None = None) -> None:
        """Take the referral off the list because it is no longer wanted or needed."""
        self._close(referral_id, "withdrawn", reason, on)

    def _close(self, referral_id: int, status: str, reason: str, on: date | None) -> None:
        on = on or self._today()
        reason = reason.strip()
        with self._uow() as uow:
            referral = self._referral(uow.session, referral_id)
            self._check_waiting(referral)
            if not reason:
                word = "declining" if status == "declined" else "withdrawing"
                raise ValidationError({"reason": f"Reason: say why you are {word} the referral."})
            if status == "declined" and referral.statutory:
                raise ValidationError(
                    {
                        "status": f"{referral.referral_ref} is a statutory referral: it cannot "
                        "be declined. Allocate it, or withdraw it if the person no longer "
                        "wants or needs advocacy."
                    }
                )
            self._check_date(referral, on, "status_on", "Date")
            referral.status = status
            referral.status_on = on
            referral.status_reason = reason
            audit_writer.record(
                uow.session, self._user, status, "referral", referral.id, {"reason": reason}
            )
            uow.commit()

    # -- equity --------------------------------------------------------------------------

    @requires(Permission.WAITING_READ, what="see the waiting list")
    def equity(self, dimension: str, start: date, end: date) -> list[EquityRow]:
        """Median wait by group, for referrals that were waiting at any time from
        ``start`` to ``end``: days from received to allocation, decline or withdrawal,
        or to ``end`` for those still waiting then."""
        if dimension not in EQUITY_DIMENSIONS:
            raise ValidationError(
                {"dimension": f"Group by one of: {', '.join(EQUITY_DIMENSIONS)}."}
            )
        if end < start:
            raise ValidationError({"end": "The period ends before it starts: swap the dates."})
        _title, vocabulary = EQUITY_DIMENSIONS[dimension]
        field = Person.date_of_birth if dimension == "age_band" else getattr(Person, dimension)
        query = (
            select(Referral.received_on, Referral.status, Referral.status_on, field)
            .join(Person, Person.id == Referral.person_id)
            .where(
                Referral.received_on <= end,
                or_(Referral.status == "waiting", Referral.status_on >= start),
            )
        )
        waits: dict[str, list[int]] = {}
        with self._uow(read_only=True) as uow:
            for received, status, status_on, value in uow.session.execute(query):
                left = status_on if status != "waiting" and status_on is not None else end
                left = min(left, end)
                group = age_band(value, received) if dimension == "age_band" else value
                waits.setdefault(group, []).append((left - received).days)
        return [
            EquityRow(
                group=code,
                label=vocabulary.label(code),
                referrals=len(waits.get(code, [])),
                median_wait_days=statistics.median(waits[code]) if waits.get(code) else None,
            )
            for code in vocabulary.codes
            if waits.get(code)
        ]

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _referral(session: Session, referral_id: int) -> Referral:
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(f"no referral with id {referral_id}")
        return referral

    @staticmethod
    def _check_waiting(referral: Referral) -> None:
        if referral.status != "waiting":
            raise NotWaiting(
                f"{referral.referral_ref} is no longer waiting (it was {referral.status} "
                f"on {format_uk(referral.status_on)})"
            )

    def _check_date(self, referral: Referral, on: date, field: str, label: str) -> None:
        if on < referral.received_on:
            raise ValidationError(
                {field: f"{label} is before the referral was received "
                        f"({format_uk(referral.received_on)})."}
            )  # fmt: skip
        if on > self._today():
            raise ValidationError({field: f"{label} is in the future."})
