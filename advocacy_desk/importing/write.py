"""The second pass of an import: write the checked rows, kind by kind, inside the one
transaction the caller holds.

Records are matched on their natural keys (references, user names, contract names), so
importing the same files again changes nothing; a changed row updates its record and the
change is audited with the old and new values. Activities, issues and partnerships have
no reference of their own: the n-th row for a case, day and kind of work matches the
n-th such activity already recorded (issues by case and category; partnerships by
volunteer and partner), so a corrected duration updates the entry rather than adding one.

Rows go to the database in batches through SQLAlchemy Core: no ORM object per row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from advocacy_desk.db.models import (
    Activity,
    ActivityRevision,
    Case,
    CaseEvent,
    CaseIssue,
    Contract,
    ContractAdvocacyType,
    OutcomeFeedback,
    PartnerProfile,
    Partnership,
    Person,
    Referral,
    StaffAdvocacyType,
    StaffUser,
    Volunteer,
)
from advocacy_desk.domain.contracts import clean_contract
from advocacy_desk.domain.eligibility import is_statutory
from advocacy_desk.domain.names import normalise_name
from advocacy_desk.domain.people import ADDRESS_FIELDS, clean_person, search_text
from advocacy_desk.domain.referrals import clean_referral
from advocacy_desk.domain.vocabulary import SUBSTANTIAL_DIFFICULTY
from advocacy_desk.domain.volunteers import clean_profile, clean_volunteer
from advocacy_desk.importing.records import (
    contract_details,
    person_details,
    profile_details,
    referral_details,
    volunteer_details,
)
from advocacy_desk.importing.report import KindCounts
from advocacy_desk.services import audit_writer

Values = dict[str, Any]
Rows = Iterable[Values]
BATCH = 1_000
#: The volunteer's columns an import sets (references and supervision stay as they are).
VOLUNTEER_COLUMNS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "travel_km",
    "languages",
    "interests",
    "available_days",
    "available_times",
    "smoker",
    "pet_allergy",
    "dbs_checked_on",
    "dbs_expires_on",
    "trained_on",
    "max_partners",
    "status",
)
PROFILE_COLUMNS = (
    "interests",
    "languages",
    "required_language",
    "preferred_sex",
    "sex_required",
    "available_days",
    "has_pets",
    "smoke_free_required",
)


def batches(rows: Iterable[Values], size: int | None = None) -> Iterator[list[Values]]:
    size = size or BATCH
    batch: list[Values] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


class Writer:
    """Writes one kind at a time into ``session``, counting what it did."""

    def __init__(self, session: Session, today: date, user: str) -> None:
        self.session = session
        self.today = today
        self.user = user
        self.writers: dict[str, Callable[[Rows, KindCounts], None]] = {
            "contracts": self._contracts,
            "people": self._people,
            "advocates": self._advocates,
            "referrals": self._referrals,
            "cases": self._cases,
            "activities": self._activities,
            "issues": self._issues,
            "feedback": self._feedback,
            "volunteers": self._volunteers,
            "partner_profiles": self._profiles,
            "partnerships": self._partnerships,
        }
        # Per kind, the ids of existing records already matched by an earlier row (for
        # the kinds matched by position: activities, issues, partnerships).
        self._taken: dict[str, set[int]] = {}
        # Per kind, the highest id before this import wrote any: a record it wrote itself
        # (in an earlier batch) is never matched to another of its rows.
        self._before: dict[str, int] = {}

    def write(self, kind: str, rows: Rows, counts: KindCounts) -> None:
        self.writers[kind](rows, counts)

    # -- the general upsert ----------------------------------------------------------

    def _upsert(
        self,
        model: Any,
        key: str,
        rows: Sequence[Values],
        counts: KindCounts,
        entity: str,
        keep_on_update: Sequence[str] = (),
        keep_if_blank: Sequence[str] = (),
    ) -> dict[Any, int]:
        """Insert the rows whose ``key`` is new; update (and audit) the others where a
        value differs. ``keep_on_update`` columns are set on insert only;
        ``keep_if_blank`` columns, together, only when the row gives any of them (so a
        file without a person's address keeps the one typed in the app). Returns key ->
        id for every row."""
        table = _table(model)
        column = table.c[key]
        keys = [row[key] for row in rows]
        existing = {
            found[key]: found
            for found in self.session.execute(select(table).where(column.in_(keys))).mappings()
        }
        ids: dict[Any, int] = {}
        new: list[Values] = []
        for row in rows:
            old = existing.get(row[key])
            if old is None:
                new.append(row)
                continue
            ids[row[key]] = old["id"]
            keep = tuple(keep_on_update)
            if keep_if_blank and not any(row[name] for name in keep_if_blank):
                keep += tuple(keep_if_blank)
            self._update(table, dict(old), row, counts, entity, keep)
        if new:
            self.session.execute(insert(table), new)
            made = self.session.execute(
                select(table.c.id, column).where(column.in_([row[key] for row in new]))
            )
            ids.update({found_key: found_id for found_id, found_key in made})
            counts.created += len(new)
        return ids

    def _update(
        self,
        table: Table,
        old: Values,
        row: Values,
        counts: KindCounts,
        entity: str,
        keep_on_update: Sequence[str] = (),
        on_update: Callable[[Values, Values, Values], None] | None = None,
    ) -> None:
        """Write what differs between the recorded ``old`` and the imported ``row``, and
        audit it with both values; count it changed or unchanged."""
        changed = {
            name: value
            for name, value in row.items()
            if name not in keep_on_update and old[name] != value
        }
        if not changed:
            counts.unchanged += 1
            return
        if on_update is not None:
            on_update(old, row, changed)
        self.session.execute(update(table).where(table.c.id == old["id"]).values(changed))
        audit_writer.record(self.session, self.user, "update", entity, old["id"],
                            {**audit_writer.changes(old, changed), "source": "import"})  # fmt: skip
        counts.updated += 1

    def _staff_ids(self) -> dict[str, int]:
        """Advocates by user name or by name, any case (a user name wins a clash)."""
        staff = self._ids(StaffUser, "username", fold=True)
        for staff_id, name in self.session.execute(select(StaffUser.id, StaffUser.full_name)):
            staff.setdefault(name.casefold(), staff_id)
        return staff

    def _ids(self, model: Any, key: str, fold: bool = False) -> dict[Any, int]:
        table = _table(model)
        return {
            (k.casefold() if fold else k): i
            for i, k in self.session.execute(select(table.c.id, table.c[key]))
        }

    def _set_types(self, model: Any, owner: str, owner_id: int, types: frozenset[str]) -> None:
        table = _table(model)
        current = set(
            self.session.scalars(select(table.c.advocacy_type).where(table.c[owner] == owner_id))
        )
        if current == set(types):
            return
        self.session.execute(delete(table).where(table.c[owner] == owner_id))
        if types:
            self.session.execute(
                insert(table), [{owner: owner_id, "advocacy_type": t} for t in sorted(types)]
            )

    # -- kinds -----------------------------------------------------------------------

    def _contracts(self, rows: Rows, counts: KindCounts) -> None:
        # A contract is named as the database has it, whatever the file's capitals.
        recorded = {name.casefold(): name for name in self.session.scalars(select(Contract.name))}
        for batch in batches(rows):
            cleaned = [clean_contract(contract_details(v)) for v in batch]
            cleaned = [
                dataclasses.replace(c, name=recorded.get(c.name.casefold(), c.name))
                for c in cleaned
            ]
            values = [
                {
                    "name": c.name,
                    "commissioner": c.commissioner,
                    "starts_on": c.starts_on,
                    "ends_on": c.ends_on,
                    "hours_per_year": c.hours_per_year,
                    "cases_per_year": c.cases_per_year,
                }
                for c in cleaned
            ]
            ids = self._upsert(Contract, "name", values, counts, "contract")
            for c in cleaned:
                self._set_types(ContractAdvocacyType, "contract_id", ids[c.name], c.advocacy_types)

    def _people(self, rows: Rows, counts: KindCounts) -> None:
        for batch in batches(rows):
            values = []
            for v in batch:
                clean = clean_person(person_details(v), self.today)
                values.append(
                    {
                        "person_ref": v["person_ref"],
                        **dataclasses.asdict(clean),
                        "name_key": normalise_name(clean.given_name, clean.family_name),
                        "search_text": search_text(v["person_ref"], clean),
                    }
                )
                del values[-1]["communication_needs"]  # not in the import: left as it is
            self._upsert(Person, "person_ref", values, counts, "person",
                         keep_if_blank=ADDRESS_FIELDS[:3])  # fmt: skip

    def _advocates(self, rows: Rows, counts: KindCounts) -> None:
        for batch in batches(rows):
            values = [
                {
                    "username": v["username"].lower(),
                    "full_name": v["full_name"],
                    "capacity": 30 if v["capacity"] is None else v["capacity"],
                }
                for v in batch
            ]
            ids = self._upsert(StaffUser, "username", values, counts, "staff_user")
            for v in batch:
                self._set_types(
                    StaffAdvocacyType,
                    "staff_id",
                    ids[v["username"].lower()],
                    v["advocacy_types"] or frozenset(),
                )

    def _referrals(self, rows: Rows, counts: KindCounts) -> None:
        people = self._ids(Person, "person_ref")
        births = dict(self.session.execute(select(Person.person_ref, Person.date_of_birth)).all())
        contracts = self._ids(Contract, "name", fold=True)
        for batch in batches(rows):
            values = []
            for v in batch:
                contract = contracts[v["contract"].casefold()] if v["contract"] else None
                details = clean_referral(
                    referral_details(v, contract), births.get(v["person_ref"]), self.today
                )
                row: Values = {
                    "referral_ref": v["referral_ref"],
                    "person_id": people[v["person_ref"]],
                    "contract_id": contract,
                    "received_on": details.received_on,
                    "source": details.source,
                    "advocacy_type": details.advocacy_type,
                    "care_act_process": details.care_act_process,
                    "decision_due_on": details.decision_due_on,
                    "safeguarding": details.safeguarding,
                    "appropriate_individual": details.appropriate_individual,
                    "complexity": details.complexity,
                    "impact": details.impact,
                    "support_network": details.support_network,
                    "capacity_voice": details.capacity_voice,
                    "statutory": is_statutory(details.advocacy_type, details.gate),
                    **{
                        f"difficulty_{c}": c in details.difficulties
                        for c in SUBSTANTIAL_DIFFICULTY.codes
                    },
                }
                if v["status"] is not None:  # blank: new ones wait; recorded ones keep theirs
                    row["status"] = v["status"]
                    row["status_on"] = v["status_on"] or (
                        None if v["status"] == "waiting" else details.received_on
                    )
                    row["status_reason"] = v["status_reason"] or ""
                values.append(row)
            # Rows with and without a status have different columns: write them apart.
            for group in (
                [r for r in values if "status" in r],
                [r for r in values if "status" not in r],
            ):
                if group:
                    self._upsert(Referral, "referral_ref", group, counts, "referral")

    def _cases(self, rows: Rows, counts: KindCounts) -> None:
        referrals = self._ids(Referral, "referral_ref")
        staff = self._staff_ids()
        for batch in batches(rows):
            before = dict(
                self.session.execute(
                    select(Case.case_ref, Case.closed_on).where(
                        Case.case_ref.in_([v["case_ref"] for v in batch])
                    )
                ).all()
            )
            values = [
                {
                    "case_ref": v["case_ref"],
                    "referral_id": referrals[v["referral_ref"]],
                    "advocate_id": staff[v["advocate"].casefold()],
                    "opened_on": v["opened_on"],
                    "closed_on": v["closed_on"],
                    "closure_reason": v["closure_reason"],
                }
                for v in batch
            ]
            ids = self._upsert(Case, "case_ref", values, counts, "case")
            events = []
            for v in batch:
                case_id, closed = ids[v["case_ref"]], v["closed_on"]
                if v["case_ref"] not in before:
                    events.append(self._event(case_id, v["opened_on"], "opened"))
                    if closed is not None:
                        events.append(self._event(case_id, closed, "closed"))
                elif before[v["case_ref"]] != closed:
                    events.append(
                        self._event(
                            case_id, closed or self.today, "closed" if closed else "reopened"
                        )
                    )
            if events:
                self.session.execute(insert(_table(CaseEvent)), events)
            # A referral that was waiting is allocated by its case.
            self.session.execute(
                update(_table(Referral))
                .where(Referral.id == bindparam("rid"), Referral.status == "waiting")
                .values(status="allocated", status_on=bindparam("opened")),
                [{"rid": referrals[v["referral_ref"]], "opened": v["opened_on"]} for v in batch],
            )

    def _event(self, case_id: int, on: date, event: str) -> Values:
        return {
            "case_id": case_id,
            "occurred_on": on,
            "event": event,
            "reason": "imported",
            "username": self.user,
        }

    def _case_facts(self) -> dict[str, tuple[int, int]]:
        """case ref -> (id, advocate id)."""
        return {
            ref: (i, advocate)
            for i, ref, advocate in self.session.execute(
                select(Case.id, Case.case_ref, Case.advocate_id)
            )
        }

    def _by_position(
        self,
        model: Any,
        rows: Sequence[Values],
        owner: str,
        match: tuple[str, ...],
        counts: KindCounts,
        entity: str,
        on_update: Callable[[Values, Values, Values], None] | None = None,
        keep_on_update: Sequence[str] = (),
    ) -> None:
        """Match each row to the first existing record with the same ``owner`` and
        ``match`` values not matched yet (in id order); update it where it differs,
        or insert a new one. ``keep_on_update`` columns are set on insert only;
        ``on_update(old, row, changed)`` may add to what changes."""
        table = _table(model)
        taken = self._taken.setdefault(entity, set())
        if entity not in self._before:  # records from before this import: id up to this
            self._before[entity] = int(self.session.scalar(select(func.max(table.c.id))) or 0)
        owners = {row[owner] for row in rows}
        existing: dict[tuple[Any, ...], list[Values]] = {}
        for found in self.session.execute(
            select(table)
            .where(table.c[owner].in_(owners), table.c.id <= self._before[entity])
            .order_by(table.c.id)
        ).mappings():
            if found["id"] not in taken:
                key = (found[owner], *(found[m] for m in match))
                existing.setdefault(key, []).append(dict(found))
        new: list[Values] = []
        for row in rows:
            same = existing.get((row[owner], *(row[m] for m in match)))
            if not same:
                new.append(row)
                continue
            old = same.pop(0)
            taken.add(old["id"])
            self._update(table, old, row, counts, entity, keep_on_update, on_update)
        if new:
            self.session.execute(insert(table), new)
            counts.created += len(new)

    def _activities(self, rows: Rows, counts: KindCounts) -> None:
        cases = self._case_facts()
        staff = self._staff_ids()
        revisions = _table(ActivityRevision)

        def keep_earlier(old: Values, _row: Values, _changed: Values) -> None:
            self.session.execute(
                insert(revisions),
                {
                    "activity_id": old["id"],
                    "occurred_on": old["occurred_on"],
                    "kind": old["kind"],
                    "minutes": old["minutes"],
                    "travel_minutes": old["travel_minutes"],
                    "note": old["note"],
                    "replaced_by": self.user,
                },
            )

        for batch in batches(rows):
            values = []
            for v in batch:
                case_id, advocate = cases[v["case_ref"]]
                values.append(
                    {
                        "case_id": case_id,
                        "advocate_id": staff[v["advocate"].casefold()]
                        if v["advocate"]
                        else advocate,
                        "occurred_on": v["date"],
                        "kind": v["kind"],
                        "minutes": v["minutes"],
                        "travel_minutes": v["travel_minutes"] or 0,
                        "note": (v["note"] or "").strip(),
                    }
                )
            self._by_position(
                Activity,
                values,
                "case_id",
                ("occurred_on", "kind"),
                counts,
                "activity",
                keep_earlier,
            )

    def _issues(self, rows: Rows, counts: KindCounts) -> None:
        cases = self._case_facts()
        closed = dict(self.session.execute(select(Case.case_ref, Case.closed_on)).all())

        def dated(_old: Values, row: Values, changed: Values) -> None:
            if "outcome" in changed:  # a new outcome gets its date
                changed["outcome_on"] = row["outcome_on"]

        for batch in batches(rows):
            values = [
                {
                    "case_id": cases[v["case_ref"]][0],
                    "category": v["category"],
                    "description": " ".join(v["description"].split()),
                    "outcome": v["outcome"],
                    "outcome_on": (closed.get(v["case_ref"]) or self.today)
                    if v["outcome"]
                    else None,
                }
                for v in batch
            ]
            self._by_position(
                CaseIssue,
                values,
                "case_id",
                ("category",),
                counts,
                "case_issue",
                dated,
                keep_on_update=("outcome_on",),
            )

    def _feedback(self, rows: Rows, counts: KindCounts) -> None:
        cases = self._case_facts()
        closed = dict(self.session.execute(select(Case.case_ref, Case.closed_on)).all())
        questions = ("informed", "involved", "negotiate", "personal_outcomes", "empowered")
        for batch in batches(rows):
            values = [
                {
                    "case_id": cases[v["case_ref"]][0],
                    **{q: v[q] or "not_asked" for q in questions},
                    "answered_by": v["answered_by"] or "person",
                    "recorded_on": closed.get(v["case_ref"]) or self.today,
                }
                for v in batch
            ]
            self._upsert(OutcomeFeedback, "case_id", values, counts, "outcome_feedback")

    def _volunteers(self, rows: Rows, counts: KindCounts) -> None:
        for batch in batches(rows):
            values = []
            for v in batch:
                clean = dataclasses.asdict(clean_volunteer(volunteer_details(v), self.today))
                values.append(
                    {
                        "volunteer_ref": v["volunteer_ref"],
                        **{name: clean[name] for name in VOLUNTEER_COLUMNS},
                    }
                )
            self._upsert(Volunteer, "volunteer_ref", values, counts, "volunteer")

    def _profiles(self, rows: Rows, counts: KindCounts) -> None:
        people = self._ids(Person, "person_ref")
        for batch in batches(rows):
            values = []
            for v in batch:
                clean = dataclasses.asdict(clean_profile(profile_details(v)))
                values.append(
                    {
                        "person_id": people[v["person_ref"]],
                        "waiting_since": self.today,
                        **{name: clean[name] for name in PROFILE_COLUMNS},
                    }
                )
            self._upsert(
                PartnerProfile,
                "person_id",
                values,
                counts,
                "partner_profile",
                keep_on_update=("waiting_since",),
            )

    def _partnerships(self, rows: Rows, counts: KindCounts) -> None:
        people = self._ids(Person, "person_ref")
        volunteers = self._ids(Volunteer, "volunteer_ref")
        for batch in batches(rows):
            values = []
            for v in batch:
                started, status = v["started_on"], v["status"]
                values.append(
                    {
                        "volunteer_id": volunteers[v["volunteer_ref"]],
                        "person_id": people[v["person_ref"]],
                        "status": status,
                        "proposed_on": started or self.today,
                        "introduced_on": started
                        if status in ("active", "ended")
                        else (self.today if status == "introduced" else None),
                        "started_on": started,
                        "ended_on": v["ended_on"],
                        "end_reason": v["end_reason"],
                    }
                )
            self._by_position(
                Partnership,
                values,
                "volunteer_id",
                ("person_id",),
                counts,
                "partnership",
                keep_on_update=("proposed_on", "introduced_on"),
            )
