"""Referrals as the services return them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from advocacy_desk.domain.eligibility import GateResult, is_statutory
from advocacy_desk.domain.referrals import ReferralDetails


@dataclass(frozen=True)
class ReferralRecord:
    id: int
    referral_ref: str
    person_id: int
    person_ref: str
    #: One more for each save (anyone's): a form saving from an older one is refused.
    version: int
    details: ReferralDetails
    status: str
    status_on: date | None
    status_reason: str
    contract_name: str

    @property
    def gate(self) -> GateResult:
        return self.details.gate

    @property
    def statutory(self) -> bool:
        return is_statutory(self.details.advocacy_type, self.gate)
