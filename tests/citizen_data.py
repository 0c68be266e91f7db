"""Volunteers and partners waiting for a match, written straight to the database, for
the matching and citizen advocacy tests."""

from __future__ import annotations

from datetime import date

from advocacy_desk.app import Services
from advocacy_desk.db.models import PartnerProfile, Volunteer
from advocacy_desk.domain.people import PersonDetails


def add_volunteer(services: Services, ref: str, **changes: object) -> int:
    values: dict[str, object] = {
        "volunteer_ref": ref, "given_name": ref, "family_name": "Volunteer",
        "date_of_birth": date(1960, 1, 1), "sex": "female", "postcode": "CM1 1AA",
        "travel_km": 30.0, "languages": "english", "interests": "gardening;music",
        "available_days": "mon;wed", "dbs_checked_on": date(2025, 1, 1),
        "dbs_expires_on": date(2028, 1, 1), "trained_on": date(2025, 2, 1),
        "max_partners": 1, "status": "active",
    }  # fmt: skip
    values.update(changes)
    with services.uow() as uow:
        volunteer = Volunteer(**values)
        uow.session.add(volunteer)
        uow.session.flush()
        uow.commit()
        return volunteer.id


def add_partner(
    services: Services, given: str, postcode: str = "CM2 0AA", **changes: object
) -> int:
    person = services.people.create(
        PersonDetails(given, "Partner", date(1958, 5, 5), postcode=postcode),
        allow_duplicate=True,
    )
    values: dict[str, object] = {
        "person_id": person.id, "interests": "music", "available_days": "mon",
        "waiting_since": date(2026, 9, 1),
    }  # fmt: skip
    values.update(changes)
    with services.uow() as uow:
        uow.session.add(PartnerProfile(**values))
        uow.commit()
    return person.id
