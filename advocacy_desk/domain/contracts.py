"""A contract with a commissioner as a form gives it, and the rules it must keep."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE


@dataclass(frozen=True)
class ContractDetails:
    name: str
    commissioner: str
    starts_on: date
    ends_on: date
    advocacy_types: frozenset[str] = frozenset()
    hours_per_year: float | None = None
    cases_per_year: int | None = None


def clean_contract(details: ContractDetails) -> ContractDetails:
    """The details tidied, or ``ValidationError`` naming each field that breaks a rule."""
    refuse_control_characters(vars(details), {})
    errors: dict[str, str] = {}
    name = " ".join(details.name.split())
    commissioner = " ".join(details.commissioner.split())
    if not name:
        errors["name"] = "Name is required: the contract's name as the commissioner knows it."
    if not commissioner:
        errors["commissioner"] = "Commissioner is required, for example Essex County Council."
    if details.ends_on < details.starts_on:
        errors["ends_on"] = "End date is before the start date: check both dates."
    unknown = sorted(t for t in details.advocacy_types if t not in ADVOCACY_TYPE)
    if unknown:
        errors["advocacy_types"] = f"Advocacy types: unknown code {', '.join(unknown)}."
    if details.hours_per_year is not None and details.hours_per_year < 0:
        errors["hours_per_year"] = "Hours per year cannot be negative."
    if details.cases_per_year is not None and details.cases_per_year < 0:
        errors["cases_per_year"] = "Cases per year cannot be negative."
    if errors:
        raise ValidationError(errors)
    return replace(details, name=name, commissioner=commissioner)
