"""A referral for advocacy and the rules it must keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from advocacy_desk.domain.eligibility import GateResult, care_act_gate
from advocacy_desk.domain.errors import ValidationError
from advocacy_desk.domain.text import refuse_control_characters
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    GATE_EXCEPTION,
    NOT_KNOWN,
    SAFEGUARDING,
    SOURCE,
    SUBSTANTIAL_DIFFICULTY,
    YES_NO,
    Vocabulary,
)

MAX_NOTES_LENGTH = 20_000
MATRIX_LEVELS = range(1, 5)

#: The four matrix domains answered on the referral form (1 low .. 4 high).
MATRIX_FIELDS = ("complexity", "impact", "support_network", "capacity_voice")

CODED_FIELDS: dict[str, Vocabulary] = {
    "source": SOURCE,
    "advocacy_type": ADVOCACY_TYPE,
    "care_act_process": CARE_ACT_PROCESS,
    "safeguarding": SAFEGUARDING,
    "appropriate_individual": YES_NO,
    "gate_exception": GATE_EXCEPTION,
}

FIELD_LABELS: dict[str, str] = {
    "received_on": "Received date",
    "source": "Source",
    "advocacy_type": "Advocacy type",
    "care_act_process": "Care Act process",
    "decision_due_on": "Decision or meeting date",
    "safeguarding": "Safeguarding",
    "difficulties": "Substantial difficulty",
    "appropriate_individual": "Appropriate individual",
    "gate_exception": "Care Act exception",
    "contract_id": "Contract",
    "notes": "Notes",
    "complexity": "Complexity of the issue",
    "impact": "Impact of the issue",
    "support_network": "Support network",
    "capacity_voice": "Capacity to decide and be heard",
}


@dataclass(frozen=True)
class ReferralDetails:
    """What a referral's form holds."""

    received_on: date
    source: str
    advocacy_type: str
    care_act_process: str = "none"
    decision_due_on: date | None = None
    safeguarding: str = "none"
    difficulties: frozenset[str] = field(default_factory=frozenset)
    appropriate_individual: str = NOT_KNOWN
    gate_exception: str = "none"
    contract_id: int | None = None
    notes: str = ""
    complexity: int | None = None
    impact: int | None = None
    support_network: int | None = None
    capacity_voice: int | None = None

    @property
    def gate(self) -> GateResult:
        return care_act_gate(
            self.care_act_process,
            self.difficulties,
            self.appropriate_individual,
            self.gate_exception,
        )


def clean_referral(
    details: ReferralDetails, date_of_birth: date | None, today: date
) -> ReferralDetails:
    """The details tidied, or ``ValidationError`` naming each field that breaks a rule."""
    refuse_control_characters(vars(details), FIELD_LABELS)
    errors: dict[str, str] = {}
    received = details.received_on
    if received > today:
        errors["received_on"] = (
            "Received date is in the future: a referral is recorded once it arrives."
        )
    elif date_of_birth is not None and received < date_of_birth:
        errors["received_on"] = (
            f"Received date is before the person's date of birth ({date_of_birth:%d/%m/%Y}): "
            "check both dates."
        )
    if details.decision_due_on is not None and details.decision_due_on < received:
        errors["decision_due_on"] = (
            "Decision or meeting date is before the received date: check the date, "
            "or leave it blank if there is none."
        )
    for name, vocabulary in CODED_FIELDS.items():
        value = getattr(details, name)
        if value not in vocabulary:
            errors[name] = f'{FIELD_LABELS[name]}: "{value}" is not one of the allowed answers.'
    unknown = sorted(d for d in details.difficulties if d not in SUBSTANTIAL_DIFFICULTY)
    if unknown:
        errors["difficulties"] = f"Substantial difficulty: unknown area {', '.join(unknown)}."
    for name in MATRIX_FIELDS:
        value = getattr(details, name)
        if value is not None and value not in MATRIX_LEVELS:
            errors[name] = f"{FIELD_LABELS[name]}: answer 1 (low) to 4 (high), not {value}."
    if len(details.notes) > MAX_NOTES_LENGTH:
        errors["notes"] = f"Notes are too long: at most {MAX_NOTES_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    return details
