from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from advocacy_desk.domain import vocabulary as v
from advocacy_desk.domain.eligibility import care_act_gate, gate_met, is_statutory


def test_gate_met_when_all_three_hold() -> None:
    gate = care_act_gate("needs_assessment", {"understanding"}, "no")
    assert gate.met
    assert gate.summary.startswith("Care Act gate met")
    assert "understanding relevant information" in gate.summary


def test_gate_not_met_names_what_is_missing() -> None:
    assert "not in a Care Act process" in care_act_gate("none", {"retaining"}, "no").summary
    no_difficulty = care_act_gate("care_plan", set(), "no")
    assert not no_difficulty.met
    assert "no substantial difficulty" in no_difficulty.summary
    has_individual = care_act_gate("care_plan", {"communicating"}, "yes")
    assert not has_individual.met
    assert "appropriate individual can support" in has_individual.summary
    unknown = care_act_gate("care_plan", {"communicating"}, "not_known")
    assert not unknown.met
    assert "not yet known" in unknown.summary


def test_exceptions_apply_despite_an_appropriate_individual() -> None:
    for exception in ("nhs_placement", "disagreement"):
        gate = care_act_gate("safeguarding_enquiry", {"using_weighing"}, "yes", exception)
        assert gate.met, exception


def test_statutory_types_are_statutory_whatever_the_gate() -> None:
    not_met = care_act_gate("none", set(), "yes")
    assert is_statutory("imca", not_met)
    assert is_statutory("imha", not_met)
    assert is_statutory("rpr", not_met)
    assert not is_statutory("generic", not_met)
    assert is_statutory("generic", care_act_gate("appeal", {"retaining"}, "no"))


@given(
    st.sampled_from(v.CARE_ACT_PROCESS.codes),
    st.sets(st.sampled_from(v.SUBSTANTIAL_DIFFICULTY.codes)),
    st.sampled_from(v.YES_NO.codes),
    st.sampled_from(v.GATE_EXCEPTION.codes),
)
def test_gate_is_exactly_the_three_conditions(
    process: str, difficulties: set[str], individual: str, exception: str
) -> None:
    gate = care_act_gate(process, difficulties, individual, exception)
    expected = (
        process != "none"
        and bool(difficulties)
        and (individual == "no" or (individual == "yes" and exception != "none"))
    )
    assert gate.met is expected
    assert len(gate.reasons) == 3


@given(
    st.sampled_from([None, "", "none", *v.CARE_ACT_PROCESS.codes]),
    st.frozensets(st.sampled_from(v.SUBSTANTIAL_DIFFICULTY.codes)),
    st.sampled_from([None, *v.YES_NO.codes]),
    st.sampled_from([None, *v.GATE_EXCEPTION.codes]),
)
def test_the_quick_gate_check_agrees_with_the_explained_one(
    process: str | None, difficulties: frozenset[str], individual: str | None, exception: str | None
) -> None:
    explained = care_act_gate(process, difficulties, individual, exception)
    assert gate_met(process, difficulties, individual, exception) == explained.met
