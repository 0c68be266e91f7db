"""Short free-text notes, so demo records read like casework rather than blanks.

They are deliberately generic and anonymous, as notes in a demo (or a case study
in a published return) must be.
"""

from __future__ import annotations

DECLINED_REASONS = (
    "An appropriate individual (family member) can support them through the process",
    "Not in a Care Act process and the issue is outside the service's remit",
    "Referred to a more suitable local service",
    "Lives outside the contract area; referred to the local provider",
    "The issue is already being resolved with the care provider",
    "Person has a solicitor acting for them on this matter",
)

WITHDRAWN_REASONS = (
    "Person no longer wants an advocate",
    "Referrer withdrew the referral",
    "Issue resolved before an advocate was allocated",
    "Person moved out of the area",
    "Discharged from hospital; no longer eligible",
    "Could not make contact after three attempts",
)

#: A referral note for each advocacy type.
REFERRAL_NOTES: dict[str, tuple[str, ...]] = {
    "care_act": (
        "Social worker requests an advocate for the needs assessment meeting",
        "Review of care and support plan due; person wants to stay at home",
        "Safeguarding enquiry under way; person needs support to give their views",
        "Carer's assessment booked; carer finds meetings overwhelming",
        "Support plan being prepared; person disagrees with proposed day service",
        "Transition assessment ahead of 18th birthday",
    ),
    "imca": (
        "Serious medical treatment decision: best interests meeting to be arranged",
        "Accommodation decision on discharge from hospital",
        "Long-term care home placement being considered",
        "Care review: no family or friends to consult",
    ),
    "imha": (
        "Detained under section 3; wants help to understand their rights",
        "Wants support at the ward round",
        "Community treatment order conditions under review",
        "Tribunal hearing coming up; wants help to prepare",
    ),
    "nhs_complaints": (
        "Complaint about discharge arrangements from hospital",
        "Complaint about GP practice access",
        "Complaint about care received on a hospital ward",
        "Wants help to write to the trust's complaints team",
    ),
    "rpr": (
        "Standard authorisation granted; no unpaid representative available",
        "Paid RPR needed after family member stepped down",
        "New authorisation in care home; RPR to visit and check conditions",
    ),
    "generic": (
        "Needs support with a housing application",
        "Benefit reassessment letter received; wants help to respond",
        "Wants support to raise concerns with their landlord",
        "Would like help to be heard at a family meeting",
    ),
    "non_instructed": (
        "Cannot communicate views; advocate to observe and represent rights",
        "Non-verbal; decision about day opportunities coming up",
        "Advanced dementia; review of placement planned",
    ),
    "citizen": (
        "Would like a long-term advocate to help with everyday decisions",
        "Few people in their life; wants a citizen advocate",
        "Moved to supported living; would benefit from an independent friend",
    ),
    "peer": (
        "Interested in the self-advocacy group",
        "Wants to build confidence to speak up at reviews",
        "Would like to join the peer advocacy project",
    ),
}

#: Issue descriptions for each issue category.
ISSUE_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "care_support": (
        "Wants more say in the support plan",
        "Wants changes to home care visit times",
        "Wants to choose their own day activities",
        "Disagrees with a reduction in support hours",
    ),
    "accommodation": (
        "Wants to return home rather than move to a care home",
        "Wants to move nearer to family",
        "Concerns about the conditions of their placement",
        "Housing application and suitable adaptations",
    ),
    "health_treatment": (
        "Understanding proposed treatment and its options",
        "Wants a second opinion about medication",
        "Concerns about access to dental care",
        "Wants their views heard at the ward round",
    ),
    "safeguarding": (
        "Wants their views heard in the safeguarding enquiry",
        "Concerns about financial abuse by an acquaintance",
        "Wants to feel safe at their placement",
    ),
    "money_benefits": (
        "Help to challenge a benefits decision",
        "Understanding charges for care",
        "Wants help to manage debts",
    ),
    "complaint": (
        "Complaint about hospital discharge",
        "Complaint about the conduct of staff",
        "Complaint about delays in treatment",
    ),
    "family_relationships": (
        "Wants to keep in contact with family",
        "Disagreement with family about living arrangements",
        "Wants to make new friends and join a local group",
    ),
    "other": (
        "Wants to take part in community activities",
        "Wants to understand their rights",
        "Wants to plan for the future",
    ),
}

#: Activity notes for each activity kind.
ACTIVITY_NOTES: dict[str, tuple[str, ...]] = {
    "visit": (
        "Visited to hear their views",
        "Visit to explain the advocate's role",
        "Visited at the care home",
        "Visit to prepare for the meeting",
    ),
    "phone": (
        "Call with the social worker",
        "Call with the person",
        "Call to family member",
        "Left message for the ward",
    ),
    "meeting": (
        "Attended the review meeting",
        "Attended the best interests meeting",
        "Attended the ward round",
        "Attended the assessment",
    ),
    "correspondence": (
        "Emailed the social worker",
        "Letter to the complaints team",
        "Sent easy read summary",
    ),
    "report": ("Wrote the advocacy report", "Wrote up the meeting notes"),
    "research": ("Checked the relevant guidance", "Looked up local services"),
    "travel": ("Travel to the placement", "Travel to the hospital"),
    "other": ("Case discussion in supervision", "Admin and case recording"),
}

NEXT_ACTIONS = (
    "Visit to hear views before the review",
    "Chase the social worker for the assessment date",
    "Attend the best interests meeting",
    "Send the easy read summary",
    "Write the advocacy report",
    "Call the person to check how things are going",
    "Prepare for the tribunal hearing",
)

#: Communication needs recorded for some people with each primary need.
COMMUNICATION_NEEDS: dict[str, tuple[str, ...]] = {
    "learning_disability": ("Easy read information", "Short sentences; check understanding"),
    "autism": ("Written agenda before meetings", "Quiet room; no surprises"),
    "dementia": ("Short visits in a familiar place", "Best in the mornings"),
    "sensory_impairment": ("British Sign Language interpreter", "Large print", "Hearing loop"),
    "acquired_brain_injury": ("Needs time to process; repeat key points",),
    "mental_health": ("Prefers phone contact first",),
}
#: Chance that someone with one of those needs has a communication need recorded.
COMMUNICATION_NEED_RECORDED = 0.5

VOLUNTEER_INTERESTS = (
    "gardening", "music", "football", "cooking", "walking", "art", "reading", "crafts",
    "fishing", "cinema", "history", "animals", "dancing", "photography", "swimming",
    "knitting", "cricket", "theatre", "technology", "bowls",
)  # fmt: skip
VOLUNTEER_SECOND_LANGUAGES = (
    "Polish", "Urdu", "Punjabi", "Bengali", "Romanian", "Portuguese", "BSL", "French",
    "Gujarati", "Turkish",
)  # fmt: skip
