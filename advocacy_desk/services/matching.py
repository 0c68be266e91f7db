"""Citizen advocacy matching over the database: who is waiting for a match, who can
advocate, and the proposal (see :mod:`advocacy_desk.domain.matching`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from sqlalchemy import func, select

from advocacy_desk.db.models import PartnerProfile, Partnership, Person, Volunteer
from advocacy_desk.domain.ages import age_on
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.matching import (
    DEFAULT_WEIGHTS,
    PartnerFacts,
    VolunteerFacts,
    evaluate,
    propose,
    rounded_km,
    shared_interests,
)
from advocacy_desk.domain.postcodes import outward_code
from advocacy_desk.domain.volunteers import CURRENT
from advocacy_desk.paths import RESOURCES
from advocacy_desk.records.matching import Candidate, MatchProposal, Pair
from advocacy_desk.services import settings
from advocacy_desk.services.access import GuardedService, Permission, requires

__all__ = [
    "CURRENT",
    "DISTRICTS_FILE",
    "WEIGHTS_SETTING",
    "Candidate",
    "MatchProposal",
    "MatchingService",
    "Pair",
    "district_centres",
]

#: Partnerships that take up a volunteer's place and keep the partner from waiting.
DISTRICTS_FILE = RESOURCES / "data" / "postcode_districts.csv"


@lru_cache(maxsize=1)
def district_centres() -> dict[str, tuple[float, float]]:
    """Postcode district (outward code) -> (latitude, longitude), from the shipped file."""
    with DISTRICTS_FILE.open(encoding="utf-8") as file:
        return {
            row["outcode"].upper(): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(file)
        }


def _place(postcode: str) -> tuple[float | None, float | None]:
    found = district_centres().get(outward_code(postcode)) if postcode else None
    return found if found else (None, None)


def _items(text: str) -> frozenset[str]:
    return frozenset(part.strip().casefold() for part in text.replace(",", ";").split(";")
                     if part.strip())  # fmt: skip


WEIGHTS_SETTING = settings.MATCHING_WEIGHTS


class MatchingService(GuardedService):
    @requires(Permission.CITIZEN_READ, what="see the matching weights")
    def weights(self) -> dict[str, float]:
        """The fit score's weights: the coordinator's, else the documented defaults."""
        with self._uow(read_only=True) as uow:
            stored = settings.read(uow.session, WEIGHTS_SETTING)
        weights = dict(DEFAULT_WEIGHTS)
        if stored:
            weights.update({k: float(v) for k, v in json.loads(stored).items() if k in weights})
        return weights

    @requires(Permission.CITIZEN_MANAGE, what="change the matching weights")
    def set_weights(self, weights: Mapping[str, float]) -> dict[str, float]:
        """Keep new weights for the fit score; each part 0 to 100, not all 0."""
        errors = {
            name: f"{name.replace('_', ' ').capitalize()}: a weight from 0 to 100."
            for name in DEFAULT_WEIGHTS
            if not 0 <= float(weights.get(name, -1)) <= 100
        }
        if not errors and not any(float(weights[name]) for name in DEFAULT_WEIGHTS):
            errors["weights"] = "Give at least one part of the score some weight."
        if errors:
            raise ValidationError(errors)
        clean = {name: float(weights[name]) for name in DEFAULT_WEIGHTS}
        with self._uow() as uow:
            settings.write(uow.session, self._access, WEIGHTS_SETTING, json.dumps(clean))
            uow.commit()
        return clean

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy matching")
    def facts(self, as_of: date) -> tuple[list[VolunteerFacts], list[PartnerFacts]]:
        """Every volunteer, and every partner waiting for a match on ``as_of``: a person
        with a profile and no partnership proposed, introduced or active."""
        with self._uow(read_only=True) as uow:
            session = uow.session
            held = dict(
                session.execute(
                    select(Partnership.volunteer_id, func.count())
                    .where(Partnership.status.in_(CURRENT))
                    .group_by(Partnership.volunteer_id)
                ).all()
            )
            volunteers = []
            for v in session.scalars(select(Volunteer).order_by(Volunteer.volunteer_ref)):
                latitude, longitude = _place(v.postcode)
                volunteers.append(
                    VolunteerFacts(
                        ref=v.volunteer_ref,
                        active=v.status == "active",
                        dbs_valid=v.dbs_checked_on is not None and v.dbs_checked_on <= as_of
                        and (v.dbs_expires_on is None or v.dbs_expires_on >= as_of),
                        trained=v.trained_on is not None and v.trained_on <= as_of,
                        free_places=max(v.max_partners - held.get(v.id, 0), 0),
                        sex=v.sex, smoker=v.smoker, pet_allergy=v.pet_allergy,
                        travel_km=v.travel_km, latitude=latitude, longitude=longitude,
                        age=age_on(v.date_of_birth, as_of) if v.date_of_birth else None,
                        languages=_items(v.languages), interests=_items(v.interests),
                        days=_items(v.available_days),
                    )
                )  # fmt: skip
            matched = select(Partnership.person_id).where(Partnership.status.in_(CURRENT))
            rows = session.execute(
                select(PartnerProfile, Person)
                .join(Person, Person.id == PartnerProfile.person_id)
                .where(PartnerProfile.person_id.not_in(matched),
                       PartnerProfile.waiting_since <= as_of)
                .order_by(PartnerProfile.waiting_since, Person.person_ref)
            ).all()  # fmt: skip
            partners = []
            for profile, person in rows:
                latitude, longitude = _place(person.postcode)
                partners.append(
                    PartnerFacts(
                        ref=person.person_ref, latitude=latitude, longitude=longitude,
                        age=age_on(person.date_of_birth, as_of) if person.date_of_birth else None,
                        required_language=profile.required_language.casefold() or None,
                        languages=_items(profile.languages),
                        preferred_sex=profile.preferred_sex or None,
                        sex_required=profile.sex_required, has_pets=profile.has_pets,
                        smoke_free_required=profile.smoke_free_required,
                        interests=_items(profile.interests), days=_items(profile.available_days),
                    )
                )  # fmt: skip
        return volunteers, partners

    @requires(Permission.CITIZEN_READ, what="see citizen advocacy matching")
    def propose(self, as_of: date | None = None) -> MatchProposal:
        """The whole-group proposal: volunteers assigned to waiting partners so that the
        total fit is as high as it can be; the rest unmatched, with the reason."""
        as_of = as_of or self._today()
        volunteers, partners = self.facts(as_of)
        evaluation = evaluate(volunteers, partners, self.weights())
        proposal = propose(evaluation)
        pairs = tuple(
            Pair(volunteers[v].ref, partners[p].ref, score, evaluation.breakdown(v, p),
                 rounded_km(evaluation.distance_km[v, p]),
                 shared_interests(volunteers[v], partners[p]))
            for v, p, score in proposal.pairs
        )  # fmt: skip
        unmatched = tuple((partners[p].ref, why) for p, why in proposal.unmatched)
        return MatchProposal(as_of, pairs, unmatched, evaluation)
