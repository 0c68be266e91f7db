"""The distributions behind the demo data, in one place so they can be tuned.

Figures are plausible for an English county service rather than measured: the
equality mixes follow the 2021 census for Essex shifted towards an advocacy
caseload (older, more disabled, more "not known"); each advocacy type has its
own referrers, ages, needs, pace and length of casework. Every code is checked
against :mod:`advocacy_desk.domain.vocabulary` when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from advocacy_desk.demo import names
from advocacy_desk.demo.sampling import Weighted, weighted
from advocacy_desk.domain.vocabulary import (
    ACTIVITY_KIND,
    ADVOCACY_TYPE,
    CARE_ACT_PROCESS,
    CLOSURE_REASON,
    DISABILITY,
    ETHNICITY,
    FEEDBACK_ANSWER,
    FEEDBACK_ANSWERED_BY,
    GATE_EXCEPTION,
    GENDER_IDENTITY,
    ISSUE_CATEGORY,
    ISSUE_OUTCOME,
    PARTNERSHIP_END_REASON,
    PRIMARY_NEED,
    RELIGION,
    SAFEGUARDING,
    SEX,
    SEXUAL_ORIENTATION,
    SOURCE,
    VOLUNTEER_STATUS,
    YES_NO,
)

#: An age mix: (share, mean, standard deviation) of each component, in years.
AgeMix = tuple[tuple[float, float, float], ...]


@dataclass(frozen=True)
class TypeProfile:
    """How referrals and casework of one advocacy type tend to look."""

    share: float
    sources: Weighted
    ages: AgeMix
    needs: Weighted
    #: Chance of substantial difficulty in each of the four areas.
    difficulty: float
    #: Chance the person is in a Care Act process (Care Act referrals always are, bar a few).
    in_process: float
    #: Chance of a decision or meeting date, and how many days after receipt it falls.
    decision_due: tuple[float, int, int]
    withdraw: float
    #: Chance of being declined; only ever applied to non-statutory referrals.
    decline: float
    #: Median length of the case in days, and the spread (lognormal sigma).
    duration: tuple[float, float]
    #: Relative amount of logged casework per case.
    effort: float
    issues: Weighted


def _profile(
    share: float,
    sources: dict[str, float],
    ages: AgeMix,
    needs: dict[str, float],
    difficulty: float,
    in_process: float,
    decision_due: tuple[float, int, int],
    withdraw: float,
    decline: float,
    duration: tuple[float, float],
    effort: float,
    issues: dict[str, float],
) -> TypeProfile:
    return TypeProfile(
        share=share,
        sources=weighted(SOURCE, sources),
        ages=ages,
        needs=weighted(PRIMARY_NEED, needs),
        difficulty=difficulty,
        in_process=in_process,
        decision_due=decision_due,
        withdraw=withdraw,
        decline=decline,
        duration=duration,
        effort=effort,
        issues=weighted(ISSUE_CATEGORY, issues),
    )


PROFILES: dict[str, TypeProfile] = {
    "care_act": _profile(
        40,
        {"social_worker": 55, "health": 12, "care_provider": 10, "family_friend": 9,
         "self": 8, "other_advocacy": 4, "other": 2},
        ((0.45, 44, 14), (0.55, 80, 9)),
        {"learning_disability": 18, "autism": 7, "mental_health": 15, "dementia": 12,
         "older_person": 18, "physical_disability": 12, "sensory_impairment": 4,
         "acquired_brain_injury": 4, "substance_misuse": 3, "carer": 4, "other": 2,
         "not_known": 1},
        0.55, 1.0, (0.35, 5, 42), 0.05, 0.25, (85, 0.6), 1.0,
        {"care_support": 40, "accommodation": 15, "safeguarding": 15, "money_benefits": 12,
         "family_relationships": 8, "complaint": 5, "health_treatment": 3, "other": 2},
    ),
    "imca": _profile(
        12,
        {"health": 50, "social_worker": 42, "care_provider": 6, "other": 2},
        ((0.2, 50, 16), (0.8, 80, 9)),
        {"dementia": 40, "learning_disability": 15, "acquired_brain_injury": 10,
         "mental_health": 10, "older_person": 15, "physical_disability": 5, "other": 5},
        0.92, 0.05, (0.65, 3, 28), 0.06, 0.0, (40, 0.6), 1.1,
        {"health_treatment": 45, "accommodation": 40, "care_support": 10, "safeguarding": 5},
    ),
    "imha": _profile(
        14,
        {"health": 65, "self": 20, "family_friend": 5, "social_worker": 5,
         "other_advocacy": 3, "other": 2},
        ((1.0, 38, 13),),
        {"mental_health": 85, "autism": 5, "learning_disability": 4, "substance_misuse": 4,
         "other": 2},
        0.35, 0.03, (0.3, 5, 28), 0.08, 0.0, (50, 0.8), 0.9,
        {"health_treatment": 40, "care_support": 20, "complaint": 12, "accommodation": 10,
         "family_relationships": 8, "money_benefits": 5, "other": 5},
    ),
    "nhs_complaints": _profile(
        6,
        {"self": 55, "family_friend": 28, "other_advocacy": 7, "health": 5, "other": 5},
        ((1.0, 56, 18),),
        {"physical_disability": 25, "older_person": 20, "mental_health": 20, "other": 20,
         "sensory_impairment": 5, "not_known": 10},
        0.08, 0.02, (0.08, 14, 60), 0.10, 0.10, (150, 0.5), 0.8,
        {"complaint": 80, "health_treatment": 20},
    ),
    "rpr": _profile(
        6,
        {"social_worker": 80, "health": 10, "care_provider": 8, "other": 2},
        ((1.0, 84, 7),),
        {"dementia": 70, "learning_disability": 10, "acquired_brain_injury": 8,
         "older_person": 10, "mental_health": 2},
        0.95, 0.05, (0.0, 0, 0), 0.04, 0.0, (240, 0.4), 0.7,
        {"accommodation": 55, "care_support": 35, "health_treatment": 10},
    ),
    "generic": _profile(
        10,
        {"self": 30, "family_friend": 15, "social_worker": 20, "care_provider": 10,
         "other_advocacy": 10, "health": 8, "other": 7},
        ((1.0, 46, 17),),
        {"learning_disability": 20, "mental_health": 30, "physical_disability": 15,
         "autism": 10, "older_person": 10, "substance_misuse": 5, "other": 10},
        0.2, 0.15, (0.12, 7, 45), 0.08, 0.10, (75, 0.6), 0.8,
        {"money_benefits": 25, "accommodation": 25, "care_support": 15,
         "family_relationships": 12, "complaint": 10, "other": 13},
    ),
    "non_instructed": _profile(
        3,
        {"social_worker": 55, "health": 25, "care_provider": 20},
        ((0.3, 40, 14), (0.7, 80, 9)),
        {"dementia": 40, "learning_disability": 35, "acquired_brain_injury": 15, "autism": 10},
        0.97, 0.3, (0.3, 5, 35), 0.04, 0.05, (60, 0.6), 1.0,
        {"care_support": 50, "accommodation": 30, "health_treatment": 20},
    ),
    "citizen": _profile(
        0,  # set by the scale: citizen advocacy grows with the volunteers, not with demand
        {"social_worker": 35, "family_friend": 25, "care_provider": 20, "self": 10,
         "other_advocacy": 10},
        ((1.0, 45, 15),),
        {"learning_disability": 60, "autism": 15, "mental_health": 10, "older_person": 10,
         "physical_disability": 5},
        0.5, 0.05, (0.0, 0, 0), 0.05, 0.05, (900, 0.5), 0.25,
        {"family_relationships": 30, "care_support": 30, "other": 20, "accommodation": 10,
         "money_benefits": 10},
    ),
    "peer": _profile(
        3,
        {"self": 50, "other_advocacy": 20, "care_provider": 15, "family_friend": 10,
         "other": 5},
        ((1.0, 34, 12),),
        {"learning_disability": 45, "autism": 25, "mental_health": 25, "other": 5},
        0.25, 0.02, (0.0, 0, 0), 0.10, 0.05, (120, 0.5), 0.6,
        {"other": 40, "care_support": 30, "family_relationships": 30},
    ),
}  # fmt: skip

if set(PROFILES) != set(ADVOCACY_TYPE.codes):  # pragma: no cover - a guard for new types
    raise ValueError("every advocacy type needs a demo profile")

#: Care Act processes of Care Act referrals; the two children's processes only for under-18s.
CARE_ACT_PROCESSES = weighted(
    CARE_ACT_PROCESS,
    {"needs_assessment": 35, "care_plan": 14, "care_plan_review": 20,
     "safeguarding_enquiry": 14, "carers_assessment": 4, "child_transition_assessment": 2,
     "young_carers_assessment": 0.8, "safeguarding_adults_review": 1, "appeal": 2, "none": 5},
)  # fmt: skip
#: Processes for other types' referrals that happen to be in one (adults only).
OTHER_PROCESSES = weighted(
    CARE_ACT_PROCESS,
    {"needs_assessment": 40, "care_plan": 20, "care_plan_review": 25,
     "safeguarding_enquiry": 12, "appeal": 3},
)  # fmt: skip
#: The children's processes and the adult process each becomes once the person is 18.
CHILD_PROCESSES: dict[str, str] = {
    "child_transition_assessment": "needs_assessment",
    "young_carers_assessment": "carers_assessment",
}
#: Youngest age, in years, for each children's process.
CHILD_PROCESS_MIN_AGE: dict[str, float] = {
    "child_transition_assessment": 16.0,
    "young_carers_assessment": 13.0,
}
SAFEGUARDING_PROCESSES = ("safeguarding_enquiry", "safeguarding_adults_review")

SAFEGUARDING_LEVELS = weighted(SAFEGUARDING, {"none": 86, "concern": 10, "enquiry": 4})
SAFEGUARDING_IN_ENQUIRY = weighted(SAFEGUARDING, {"concern": 35, "enquiry": 65})

APPROPRIATE_INDIVIDUAL_CARE_ACT = weighted(YES_NO, {"no": 72, "yes": 18, "not_known": 10})
APPROPRIATE_INDIVIDUAL_OTHER = weighted(YES_NO, {"no": 35, "yes": 35, "not_known": 30})
GATE_EXCEPTIONS = weighted(GATE_EXCEPTION, {"none": 70, "nhs_placement": 15, "disagreement": 15})

#: Chance a referral's matrix has been scored (managers score nearly everything).
MATRIX_ANSWERED = 0.9
MATRIX_LEVELS = (0.2, 0.35, 0.3, 0.15)  # chances of 1, 2, 3, 4

SEXES = weighted(
    SEX, {"female": 54, "male": 44, "intersex": 0.1, "not_known": 1.5, "prefer_not_to_say": 0.4}
)
GENDER_IDENTITIES = weighted(
    GENDER_IDENTITY, {"yes": 88, "no": 0.5, "not_known": 9, "prefer_not_to_say": 2.5}
)
ETHNICITIES = weighted(
    ETHNICITY,
    {"white_british": 80, "white_irish": 0.8, "white_gypsy_traveller": 0.3, "white_roma": 0.1,
     "white_other": 5, "mixed_white_black_caribbean": 0.6, "mixed_white_black_african": 0.3,
     "mixed_white_asian": 0.6, "mixed_other": 0.5, "asian_indian": 1.5, "asian_pakistani": 0.6,
     "asian_bangladeshi": 0.4, "asian_chinese": 0.4, "asian_other": 0.9, "black_caribbean": 0.6,
     "black_african": 2.2, "black_other": 0.3, "arab": 0.2, "other_ethnic_group": 0.5,
     "not_known": 3.5, "prefer_not_to_say": 0.7},
)  # fmt: skip
DISABILITIES = weighted(DISABILITY, {"yes": 70, "no": 15, "not_known": 13, "prefer_not_to_say": 2})
ORIENTATIONS = weighted(
    SEXUAL_ORIENTATION,
    {"heterosexual": 75, "gay_lesbian": 2, "bisexual": 1.5, "other": 0.5, "not_known": 18,
     "prefer_not_to_say": 3},
)  # fmt: skip

#: The naming tradition (see :mod:`names`) that goes with each ethnic group.
NAME_GROUP: dict[str, str] = {
    "white_british": names.BRITISH,
    "white_irish": names.IRISH,
    "white_gypsy_traveller": names.IRISH,
    "white_roma": names.EUROPEAN,
    "white_other": names.EUROPEAN,
    "mixed_white_black_caribbean": names.CARIBBEAN,
    "mixed_white_black_african": names.BRITISH,
    "mixed_white_asian": names.BRITISH,
    "mixed_other": names.BRITISH,
    "asian_indian": names.SOUTH_ASIAN_INDIAN,
    "asian_pakistani": names.SOUTH_ASIAN_MUSLIM,
    "asian_bangladeshi": names.SOUTH_ASIAN_MUSLIM,
    "asian_chinese": names.EAST_ASIAN,
    "asian_other": names.EAST_ASIAN,
    "black_caribbean": names.CARIBBEAN,
    "black_african": names.AFRICAN,
    "black_other": names.CARIBBEAN,
    "arab": names.ARAB,
    "other_ethnic_group": names.BRITISH,
    "not_known": names.BRITISH,
    "prefer_not_to_say": names.BRITISH,
}
if set(NAME_GROUP) != set(ETHNICITY.codes):  # pragma: no cover - a guard for new groups
    raise ValueError("every ethnic group needs a naming tradition")

_UNKNOWN_RELIGION: dict[str, float] = {"not_known": 9, "prefer_not_to_say": 2}
_RELIGION_MIX: dict[str, dict[str, float]] = {
    names.BRITISH: {"christian": 46, "none": 40, "other": 1, "muslim": 0.5, "jewish": 0.5,
                    "buddhist": 0.5, "hindu": 0.2, "sikh": 0.1},
    names.IRISH: {"christian": 75, "none": 15},
    names.EUROPEAN: {"christian": 60, "none": 25, "muslim": 3, "other": 1},
    names.SOUTH_ASIAN_MUSLIM: {"muslim": 88, "none": 2},
    names.SOUTH_ASIAN_INDIAN: {"hindu": 45, "sikh": 25, "muslim": 10, "christian": 7,
                               "none": 3},
    names.EAST_ASIAN: {"none": 45, "buddhist": 20, "christian": 20, "other": 3},
    names.AFRICAN: {"christian": 65, "muslim": 20, "none": 3},
    names.CARIBBEAN: {"christian": 60, "none": 20, "other": 3},
    names.ARAB: {"muslim": 80, "christian": 8},
}  # fmt: skip
RELIGIONS: dict[str, Weighted] = {
    group: weighted(RELIGION, {**mix, **_UNKNOWN_RELIGION}) for group, mix in _RELIGION_MIX.items()
}

#: First languages (free text) by naming tradition.
_LANGUAGE_MIX: dict[str, dict[str, float]] = {
    names.BRITISH: {"English": 97, "British Sign Language": 1.5, "": 1.5},
    names.IRISH: {"English": 96, "Irish": 2, "": 2},
    names.EUROPEAN: {"Polish": 30, "Romanian": 20, "Lithuanian": 10, "Portuguese": 10,
                     "Italian": 8, "Ukrainian": 7, "English": 12, "": 3},
    names.SOUTH_ASIAN_MUSLIM: {"English": 45, "Urdu": 20, "Bengali": 15, "Punjabi": 12,
                               "Sylheti": 5, "": 3},
    names.SOUTH_ASIAN_INDIAN: {"English": 50, "Gujarati": 20, "Punjabi": 18,
                               "Tamil": 5, "Hindi": 4, "": 3},
    names.EAST_ASIAN: {"English": 35, "Cantonese": 25, "Mandarin": 20,
                       "Vietnamese": 10, "Tagalog": 7, "": 3},
    names.AFRICAN: {"English": 65, "Somali": 10, "Yoruba": 8, "Twi": 6, "Shona": 5,
                    "French": 3, "": 3},
    names.CARIBBEAN: {"English": 98, "": 2},
    names.ARAB: {"Arabic": 70, "English": 27, "": 3},
}  # fmt: skip
LANGUAGES: dict[str, Weighted] = {
    group: weighted(None, mix) for group, mix in _LANGUAGE_MIX.items()
}
INTERPRETER_IF_OTHER_LANGUAGE = weighted(YES_NO, {"yes": 40, "no": 50, "not_known": 10})
INTERPRETER_IF_ENGLISH = weighted(YES_NO, {"no": 90, "not_known": 10})
OUT_OF_AREA = weighted(YES_NO, {"no": 86, "yes": 4, "not_known": 10})
#: Share of people whose postcode was never recorded (no fixed address, not given).
NO_POSTCODE = 0.015
UNKNOWN_BIRTH_DATE = 0.03

CLOSURE_REASONS = weighted(
    CLOSURE_REASON,
    {"resolved": 68, "person_withdrew": 8, "died": 6, "moved_away": 4, "not_eligible": 3,
     "referred_on": 7, "other": 4},
)  # fmt: skip
#: Issue outcomes by how the case ended: resolved, ended early, or passed on.
ISSUE_OUTCOMES: dict[str, Weighted] = {
    "resolved": weighted(
        ISSUE_OUTCOME, {"achieved": 65, "partly_achieved": 25, "not_achieved": 10}
    ),
    "ended_early": weighted(
        ISSUE_OUTCOME, {"withdrawn": 70, "not_achieved": 20, "partly_achieved": 10}
    ),
    "passed_on": weighted(
        ISSUE_OUTCOME,
        {"achieved": 30, "partly_achieved": 30, "not_achieved": 30, "withdrawn": 10},
    ),
}
ENDED_EARLY = ("person_withdrew", "died", "moved_away")
#: Share of an open case's issues that already have an outcome.
OPEN_ISSUE_DECIDED = 0.15
OPEN_ISSUE_OUTCOMES = weighted(
    ISSUE_OUTCOME, {"achieved": 55, "partly_achieved": 30, "not_achieved": 15}
)

#: Share of closed cases (other than deaths) whose outcome questions were recorded.
FEEDBACK_RECORDED = 0.85
FEEDBACK_WHEN_RESOLVED = weighted(
    FEEDBACK_ANSWER, {"yes": 75, "partly": 15, "no": 4, "declined": 3, "not_asked": 3}
)
FEEDBACK_OTHERWISE = weighted(
    FEEDBACK_ANSWER, {"yes": 40, "partly": 30, "no": 20, "declined": 5, "not_asked": 5}
)
#: Who answered: types where the person usually lacks capacity are answered by observation.
ANSWERED_BY_INSTRUCTED = weighted(FEEDBACK_ANSWERED_BY, {"person": 70, "supported": 30})
ANSWERED_BY_NON_INSTRUCTED = weighted(
    FEEDBACK_ANSWERED_BY, {"advocate_observation": 80, "supported": 20}
)
LACKS_CAPACITY_TYPES = ("imca", "rpr", "non_instructed")


@dataclass(frozen=True)
class KindProfile:
    """How long one kind of activity takes, and whether travel goes with it."""

    share: float
    median_minutes: float
    sigma: float
    travels: bool


ACTIVITY_KINDS: dict[str, KindProfile] = {
    "visit": KindProfile(24, 75, 0.45, travels=True),
    "phone": KindProfile(27, 15, 0.6, travels=False),
    "meeting": KindProfile(12, 90, 0.4, travels=True),
    "correspondence": KindProfile(15, 20, 0.5, travels=False),
    "report": KindProfile(7, 90, 0.5, travels=False),
    "research": KindProfile(6, 40, 0.5, travels=False),
    "travel": KindProfile(5, 45, 0.5, travels=False),
    "other": KindProfile(4, 30, 0.6, travels=False),
}
if set(ACTIVITY_KINDS) != set(ACTIVITY_KIND.codes):  # pragma: no cover
    raise ValueError("every activity kind needs a demo profile")
#: Share of visits and meetings that record travel time, and its typical length.
TRAVEL_RECORDED = 0.85
TRAVEL_MEDIAN_MINUTES = 35

VOLUNTEER_STATUSES = weighted(
    VOLUNTEER_STATUS, {"active": 68, "paused": 7, "in_training": 9, "enquiry": 6, "left": 10}
)
VOLUNTEER_SEXES = weighted(SEX, {"female": 65, "male": 33, "not_known": 1, "prefer_not_to_say": 1})
#: Volunteers' ages: students and working people, and a larger group of retired people.
VOLUNTEER_AGES: AgeMix = ((0.4, 35, 10), (0.6, 64, 7))
#: Chance a partnership does not get past the introductions and ends there.
INTRODUCTION_FAILS = 0.08
#: Partnership end reasons when the case closes for this reason (others: drawn at random).
PARTNERSHIP_END: dict[str, str] = {
    "died": "died",
    "moved_away": "moved",
    "person_withdrew": "partner_wish",
}
PARTNERSHIP_END_OTHERWISE = weighted(
    PARTNERSHIP_END_REASON, {"partner_wish": 30, "advocate_wish": 35, "other": 35}
)
PARTNERSHIP_END_AT_INTRODUCTION = weighted(
    PARTNERSHIP_END_REASON, {"partner_wish": 55, "advocate_wish": 45}
)


def per_type(types: np.ndarray, value: Callable[[TypeProfile], float]) -> np.ndarray:
    """One profile figure for each referral or case, looked up by its advocacy type."""
    out = np.zeros(len(types), dtype=float)
    for code, profile in PROFILES.items():
        out[types == code] = value(profile)
    return out
