"""The Care Act statutory gate (Care Act 2014 s67/s68 and chapter 7 of its guidance).

An independent advocate must be offered when all three hold: the person is in a
Care Act process; they have substantial difficulty in at least one of four areas;
and there is no appropriate individual to support them (or an exception applies
although there is one).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from advocacy_desk.domain.vocabulary import (
    CARE_ACT_PROCESS,
    GATE_EXCEPTION,
    STATUTORY_TYPES,
    SUBSTANTIAL_DIFFICULTY,
)


@dataclass(frozen=True)
class GateResult:
    """Whether the gate is met, with the reasons in words for the referral form."""

    met: bool
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        head = "Care Act gate met" if self.met else "Care Act gate not met"
        return f"{head}: " + "; ".join(self.reasons) + "."


def care_act_gate(
    process: str | None,
    difficulties: Collection[str],
    appropriate_individual: str | None,
    exception: str | None = "none",
) -> GateResult:
    """Evaluate the gate. ``appropriate_individual`` is a ``yes_no`` code.

    The result lists every reason, met or not, so the form can say why.
    """
    reasons: list[str] = []
    in_process = process not in (None, "", "none")
    if in_process:
        reasons.append(f"in a Care Act process ({CARE_ACT_PROCESS.label(process)})")
    else:
        reasons.append("not in a Care Act process")

    difficult = [d for d in SUBSTANTIAL_DIFFICULTY.codes if d in difficulties]
    if difficult:
        areas = ", ".join(SUBSTANTIAL_DIFFICULTY.label(d).lower() for d in difficult)
        reasons.append(f"substantial difficulty in {areas}")
    else:
        reasons.append("no substantial difficulty recorded")

    exception = exception or "none"
    if appropriate_individual == "no":
        reasons.append("no appropriate individual")
    elif appropriate_individual == "yes" and exception != "none":
        reasons.append(
            "an appropriate individual exists but an exception applies "
            f"({GATE_EXCEPTION.label(exception).lower()})"
        )
    elif appropriate_individual == "yes":
        reasons.append("an appropriate individual can support them")
    else:
        reasons.append("not yet known whether there is an appropriate individual")

    met = gate_met(process, difficulties, appropriate_individual, exception)
    return GateResult(met=met, reasons=tuple(reasons))


def gate_met(
    process: str | None,
    difficulties: Collection[str],
    appropriate_individual: str | None,
    exception: str | None = "none",
) -> bool:
    """Whether the gate is met, without the reasons (for ranking many referrals)."""
    return (
        process not in (None, "", "none")
        and any(d in difficulties for d in SUBSTANTIAL_DIFFICULTY.codes)
        and (
            appropriate_individual == "no"
            or (appropriate_individual == "yes" and (exception or "none") != "none")
        )
    )


def is_statutory(advocacy_type: str, gate: GateResult | bool) -> bool:
    """A statutory duty: the Care Act gate is met, or the type is IMCA, IMHA or RPR."""
    met = gate if isinstance(gate, bool) else gate.met
    return met or advocacy_type in STATUTORY_TYPES
