"""Words for the return's codes: section and figure names, breakdown categories, values.

The return is stored and exported as codes (``referrals,received_by_type,care_act``);
the preview on screen shows what they mean. Anything not named here (a figure added
later) still shows, with its code made readable, so no figure is ever hidden.
"""

from __future__ import annotations

from advocacy_desk.domain.quarters import Quarter
from advocacy_desk.domain.return_rows import SUPPRESSED, WITHHELD, FigureRow
from advocacy_desk.domain.vocabulary import (
    ADVOCACY_TYPE,
    BY_NAME,
    CARE_ACT_PROCESS,
    OUTCOME_QUESTION,
    SOURCE,
    UnknownCode,
    Vocabulary,
)

SECTION_TITLES: dict[str, str] = {
    "referrals": "Referrals",
    "cases": "Cases",
    "waiting": "Waiting list",
    "allocation": "Allocation",
    "hours": "Hours",
    "equality": "Equality (people referred)",
    "outcomes": "Outcomes (cases closed)",
    "issues": "Issues (cases closed)",
    "citizen": "Citizen advocacy",
}

#: The preview's own sections, after the figures.
REASONS = "reasons"
BLOCK = "block"
TREND = "trend"
EXTRA_TITLES: dict[str, str] = {
    REASONS: "Declined and withdrawn",
    BLOCK: "Above the block",
    TREND: "Last four quarters",
}

MEASURE_LABELS: dict[tuple[str, str], str] = {
    ("referrals", "received"): "Referrals received",
    ("referrals", "received_by_type"): "Received, by advocacy type",
    ("referrals", "received_by_source"): "Received, by who referred",
    ("referrals", "received_by_process"): "Received, by Care Act process",
    ("referrals", "declined"): "Referrals declined",
    ("referrals", "withdrawn"): "Referrals withdrawn",
    ("referrals", "out_of_area"): "Received for people placed out of area",
    ("cases", "opened"): "Cases opened",
    ("cases", "closed"): "Cases closed",
    ("cases", "open_at_end"): "Cases open at the quarter's end",
    ("waiting", "at_end"): "Waiting at the quarter's end",
    ("waiting", "median_days"): "Median wait (days)",
    ("waiting", "longest_days"): "Longest wait (days)",
    ("allocation", "median_days"): "Median days from referral to case opened",
    ("allocation", "within_14_days_pct"): "Cases opened within 14 days (%)",
    ("hours", "delivered"): "Hours delivered, by advocacy type",
    ("hours", "contracted"): "Contracted hours (block, pro rata)",
    ("equality", "sex"): "Sex",
    ("equality", "gender_identity"): "Gender identity the same as sex registered at birth",
    ("equality", "ethnicity"): "Ethnic group (ONS 2021)",
    ("equality", "disability"): "Disability",
    ("equality", "sexual_orientation"): "Sexual orientation",
    ("equality", "religion"): "Religion or belief",
    ("equality", "primary_need"): "Primary need",
    ("equality", "age_band"): "Age band",
    ("issues", "achieved_pct"): "Issues achieved (%)",
    ("issues", "partly_achieved_pct"): "Issues partly achieved (%)",
    ("issues", "not_achieved_pct"): "Issues not achieved (%)",
    ("citizen", "volunteers_active"): "Volunteers active at the quarter's end",
    ("citizen", "partnerships_active"): "Partnerships active at the quarter's end",
    ("citizen", "partnerships_started"): "Partnerships started",
    ("citizen", "partnerships_ended"): "Partnerships ended",
}

#: The five outcome questions, short enough for a table; the whole question is the tooltip.
QUESTION_SHORT: dict[str, str] = {
    "informed": "Informed about advocacy",
    "involved": "Involved in planning and decisions",
    "negotiate": "Able to negotiate arrangements",
    "personal_outcomes": "Personal outcomes achieved",
    "empowered": "Empowered to challenge decisions",
}

#: The code list each breakdown's categories come from.
BREAKDOWN_VOCABULARY: dict[tuple[str, str], Vocabulary] = {
    ("referrals", "received_by_type"): ADVOCACY_TYPE,
    ("referrals", "received_by_source"): SOURCE,
    ("referrals", "received_by_process"): CARE_ACT_PROCESS,
    ("hours", "delivered"): ADVOCACY_TYPE,
}

#: What the preview's own rows mean (the figures' definitions come with the report).
EXTRA_DEFINITIONS: dict[str, str] = {
    "hours_above_block": (
        "Casework hours under this contract from the start of its current contract year "
        "to the quarter's end, less its block hours per year; 0 while within the block."
    ),
    "cases_above_block": (
        "Cases opened under this contract from the start of its current contract year to "
        "the quarter's end, less its block of cases per year; 0 while within the block."
    ),
    "trend": (
        "Referrals received, and casework hours delivered, in each of the four quarters "
        "ending with this one (the same definitions as this quarter's figures)."
    ),
    REASONS: "Referrals declined or withdrawn in the quarter, with the reason recorded.",
}


def humanise(code: str) -> str:
    """``open_at_end`` as "Open at end", for a code nothing here names."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def section_title(section: str) -> str:
    return SECTION_TITLES.get(section) or EXTRA_TITLES.get(section) or humanise(section)


def measure_label(section: str, measure: str) -> str:
    known = MEASURE_LABELS.get((section, measure))
    if known:
        return known
    if section == "outcomes" and measure.endswith("_pct"):
        for question, short in QUESTION_SHORT.items():
            prefix = f"{question}_"
            if measure.startswith(prefix):
                answer = measure[len(prefix) : -len("_pct")]
                return f"{short}: answered {answer} (%)"
    return humanise(measure)


def measure_tooltip(section: str, measure: str) -> str:
    """The whole outcome question, which the table shortens; otherwise nothing."""
    if section == "outcomes":
        for question in OUTCOME_QUESTION.codes:
            if measure.startswith(f"{question}_"):
                return f"\u201c{OUTCOME_QUESTION.label(question)}\u201d"
    return ""


def category_label(section: str, measure: str, category: str) -> str:
    """The label of a breakdown's category code (its code made readable if unknown)."""
    if category == "total":
        return "Total"
    vocabulary = BREAKDOWN_VOCABULARY.get((section, measure))
    if vocabulary is None and section == "equality":
        vocabulary = BY_NAME.get(measure)
    if vocabulary is not None:
        try:
            return vocabulary.label(category)
        except UnknownCode:
            pass
    return humanise(category)


def value_text(row: FigureRow) -> str:
    """A figure as the preview shows it: "<5", "withheld", "61.8%", or a dash for none."""
    if row.shown == SUPPRESSED:
        return SUPPRESSED
    if row.shown == WITHHELD:
        return "withheld"
    text = row.text
    if not text:
        return "–"
    return f"{text}%" if row.kind == "percent" else text


def value_tooltip(row: FigureRow) -> str:
    if row.shown == SUPPRESSED:
        return "Between 1 and 4 (or suppressed so a small number cannot be worked out)."
    if row.shown == WITHHELD:
        return "Withheld: a percentage of fewer than 5 could identify people."
    if row.value is None:
        return "No value: there was nothing to measure this quarter."
    return ""


def quarter_title(quarter: Quarter) -> str:
    """ "2026/27 Q2 (1 July to 30 September 2026)"."""
    start, end = quarter.start, quarter.end
    return f"{quarter.label} ({start.day} {start:%B} to {end.day} {end:%B %Y})"


def file_stem(quarter: Quarter) -> str:
    """ "return-2026-27-Q2": the start of an export's suggested file name."""
    return f"return-{quarter.year}-{(quarter.year + 1) % 100:02d}-Q{quarter.number}"
