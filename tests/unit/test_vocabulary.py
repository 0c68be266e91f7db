from __future__ import annotations

import pytest

from advocacy_desk.domain import vocabulary as v


def test_codes_match_domain_contract() -> None:
    assert v.ADVOCACY_TYPE.codes == (
        "care_act", "imca", "imha", "nhs_complaints", "rpr", "generic", "non_instructed",
        "citizen", "peer",
    )  # fmt: skip
    assert v.SOURCE.codes == (
        "self", "family_friend", "social_worker", "health", "care_provider", "other_advocacy",
        "other",
    )  # fmt: skip
    assert v.SAFEGUARDING.codes == ("none", "concern", "enquiry")
    assert v.CARE_ACT_PROCESS.codes[-1] == "none"
    assert len(v.CARE_ACT_PROCESS) == 10


def test_ethnicity_has_the_19_ons_groups_plus_unknowns() -> None:
    groups = [c for c in v.ETHNICITY.codes if c not in (v.NOT_KNOWN, v.PREFER_NOT_TO_SAY)]
    assert len(groups) == 19
    assert groups[0] == "white_british"
    assert groups[-1] == "other_ethnic_group"


@pytest.mark.parametrize(
    "vocab", [v.SEX, v.GENDER_IDENTITY, v.ETHNICITY, v.DISABILITY, v.SEXUAL_ORIENTATION, v.RELIGION]
)
def test_identity_lists_have_not_known_and_prefer_not_to_say(vocab: v.Vocabulary) -> None:
    assert v.NOT_KNOWN in vocab
    assert v.PREFER_NOT_TO_SAY in vocab


def test_parse_accepts_codes_and_labels_in_any_case() -> None:
    assert v.SOURCE.parse("family_friend") == "family_friend"
    assert v.SOURCE.parse("  FAMILY   or friend ") == "family_friend"
    assert v.SAFEGUARDING.parse("active enquiry") == "enquiry"


def test_unknown_value_suggests_the_nearest_code() -> None:
    with pytest.raises(v.UnknownCode, match='Did you mean "social_worker"'):
        v.SOURCE.parse("social_wroker")


def test_every_list_has_unique_codes_and_labels() -> None:
    for vocab in v.ALL:
        assert len(set(vocab.codes)) == len(vocab.codes), vocab.name
        labels = [label.casefold() for _, label in vocab.items]
        assert len(set(labels)) == len(labels), vocab.name
        assert all(code == code.lower() and " " not in code for code in vocab.codes)
    assert set(v.BY_NAME) == {vocab.name for vocab in v.ALL}
