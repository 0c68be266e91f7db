"""The People page's words: the counts, the next-actions and contracts lines, and a
person's citizen advocacy standing and cases, worked out apart from any widget so
they read (and are tested) as plain text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from advocacy_desk.domain.casework import format_hours
from advocacy_desk.domain.dates import format_uk
from advocacy_desk.domain.numbers import plural
from advocacy_desk.domain.vocabulary import ADVOCACY_TYPE, CLOSURE_REASON, ISSUE_OUTCOME
from advocacy_desk.records.casework import CaseloadRow, PersonCase
from advocacy_desk.records.citizen import PersonCitizen
from advocacy_desk.records.planning import ContractProjection
from ui.widgets import theme


def people_count(shown: int, total: int, filtered: bool) -> str:
    """ "1,234 people", or "12 of 1,234 people" while a search is typed."""
    noun = "person" if total == 1 else "people"
    return f"{shown:,} of {total:,} {noun}" if filtered else f"{total:,} {noun}"


def next_actions_text(rows: list[CaseloadRow], days: int, everyone: bool) -> str:
    """ "3 next actions due in the next 14 days (1 overdue)"; ``everyone`` when the user
    has no caseload of their own, so the count covers every advocate's."""
    return next_actions_count_text(len(rows), sum(r.overdue for r in rows), days, everyone)


def next_actions_count_text(due: int, overdue: int, days: int, everyone: bool) -> str:
    """:func:`next_actions_text` from the two counts alone, as the People page has them."""
    scope = " across all caseloads" if everyone else ""
    if not due:
        return f"No next actions due in the next {plural(days, 'day')}{scope}"
    late = f" ({overdue} overdue)" if overdue else ""
    actions = plural(due, "next action")
    return f"{actions} due in the next {plural(days, 'day')}{scope}{late}"


def contracts_warning_text(contracts: Sequence[ContractProjection]) -> str:
    """ "Essex Hub: hours used 95% of pro rata" for the People page's heading: the
    measure itself, as Planning's status shows it."""
    if not contracts:
        return ""
    first = contracts[0]
    more = f" (and {len(contracts) - 1} more)" if len(contracts) > 1 else ""
    return f"{first.name}: hours used {first.pro_rata_text}{more}"


def outcomes_text(outcomes: tuple[str, ...]) -> str:
    """Issue outcomes as labels, in the order first met: "Achieved ×2, Open"."""
    if not outcomes:
        return "no issues recorded"
    counts = Counter(outcomes)
    labels = []
    for code in counts:
        label = "Open" if code == "open" else ISSUE_OUTCOME.label(code)
        labels.append(f"{label} ×{counts[code]}" if counts[code] > 1 else label)
    return ", ".join(labels)


def cases_total_text(cases: list[PersonCase]) -> str:
    """ "3 cases, 12.5 hours" for a person's whole history."""
    return f"{plural(len(cases), 'case')}, {format_hours(sum(c.minutes for c in cases))} hours"


def citizen_text(info: PersonCitizen | None, today: date) -> str:
    """Where a person stands in citizen advocacy, in a line; empty when not referred."""
    if info is None or not (info.has_profile or info.partnerships):
        return ""
    current = info.current
    if current is not None:
        since = {
            "proposed": ("proposed", current.proposed_on),
            "introduced": ("introduced", current.introduced_on),
            "active": ("active since", current.started_on),
        }[current.status]
        text = (
            f"Partnered with {current.volunteer_name} ({current.volunteer_ref}): "
            f"{since[0]} {format_uk(since[1])}"
        )
        if current.next_review_on is not None:
            text += f"; next review {format_uk(current.next_review_on)}"
    elif info.waiting_since is not None:
        days = (today - info.waiting_since).days
        text = (
            f"Waiting for a citizen advocate since {format_uk(info.waiting_since)} "
            f"({plural(days, 'day')})"
        )
    else:
        text = "No matching profile: make one to look for a citizen advocate"
    ended = sum(1 for p in info.partnerships if p.status == "ended")
    if ended:
        text += f"; {ended} earlier {'partnership' if ended == 1 else 'partnerships'} ended"
    return text


def case_html(case: PersonCase) -> str:
    """One case of a person's history, as a short block that wraps in a narrow panel."""
    grey = f"color:{theme.hex_of('hint')}"
    if case.closed_on is None:
        state = f"Opened {format_uk(case.opened_on)}, <b>still open</b>"
    else:
        reason = CLOSURE_REASON.label(case.closure_reason) if case.closure_reason else ""
        state = f"Opened {format_uk(case.opened_on)}, closed {format_uk(case.closed_on)}" + (
            f": {escaped(reason)}" if reason else ""
        )
    return (
        "<p style='margin:0 0 8px 0'>"
        f"<b>{escaped(case.case_ref)}</b> {escaped(ADVOCACY_TYPE.label(case.advocacy_type))}<br>"
        f"{escaped(case.advocate_name)} · {format_hours(case.minutes)} hours "
        f"<span style='{grey}'>· referral {escaped(case.referral_ref)}</span><br>"
        f"{state}<br>"
        f"<span style='{grey}'>Outcomes:</span> {escaped(outcomes_text(case.outcomes))}"
        "</p>"
    )


def escaped(text: str) -> str:
    """Text made safe inside the rich-text labels (quotes are left as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
