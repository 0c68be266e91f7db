"""Citizen advocacy matching for a whole waiting group: 500 volunteers and 5,000 waiting
partners (generated, deterministic), from the facts to the proposal (hard rules, fit
scores, optimal assignment), against the bare assignment solver on the same score matrix
in the same run. Target: under 3 s, and at most 2x the bare solver."""

from __future__ import annotations

import random
import time

from tests.benchmarks.data import median

VOLUNTEERS, PARTNERS, ROUNDS = 500, 5_000, 7
INTERESTS = ("gardening", "music", "football", "reading", "cinema", "walking", "cooking",
             "art", "fishing", "photography", "animals", "history")  # fmt: skip
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = ("english", "polish", "urdu", "bengali", "romanian", "gujarati")


def _facts() -> tuple[list[object], list[object]]:
    from advocacy_desk.domain.matching import PartnerFacts, VolunteerFacts

    rng = random.Random(1)

    def some(items: tuple[str, ...], most: int) -> frozenset[str]:
        return frozenset(rng.sample(items, rng.randint(1, most)))

    def place() -> tuple[float, float]:
        return 51.5 + rng.random() * 0.6, 0.2 + rng.random() * 0.9

    volunteers = [
        VolunteerFacts(
            f"V{i:06d}", active=rng.random() < 0.9, dbs_valid=rng.random() < 0.95,
            trained=True, free_places=rng.choice((1, 1, 1, 2)), sex=rng.choice(("female", "male")),
            smoker=rng.random() < 0.1, pet_allergy=rng.random() < 0.1,
            travel_km=rng.choice((None, 10.0, 20.0, 40.0)), latitude=place()[0],
            longitude=place()[1], age=rng.randint(20, 80),
            languages=frozenset({"english"}) | some(LANGUAGES, 1),
            interests=some(INTERESTS, 4), days=some(DAYS, 3),
        )
        for i in range(VOLUNTEERS)
    ]  # fmt: skip
    partners = [
        PartnerFacts(
            f"P{i:06d}", latitude=place()[0], longitude=place()[1], age=rng.randint(18, 95),
            required_language=rng.choice((None, None, None, "polish", "urdu")),
            languages=some(LANGUAGES, 2), preferred_sex=rng.choice(("female", "male")),
            sex_required=rng.random() < 0.2, has_pets=rng.random() < 0.3,
            smoke_free_required=rng.random() < 0.3, interests=some(INTERESTS, 4),
            days=some(DAYS, 3),
        )
        for i in range(PARTNERS)
    ]  # fmt: skip
    return volunteers, partners  # type: ignore[return-value]


def main() -> dict[str, float]:
    from scipy.optimize import linear_sum_assignment

    from advocacy_desk.domain.matching import assignment, evaluate, propose

    volunteers, partners = _facts()

    def whole() -> tuple[float, int]:
        started = time.perf_counter()
        proposal = propose(evaluate(volunteers, partners))  # type: ignore[arg-type]
        return time.perf_counter() - started, len(proposal.pairs)

    # The solver alone, on exactly the matrix the proposal hands it.
    problem = assignment(evaluate(volunteers, partners))  # type: ignore[arg-type]

    def bare() -> float:
        started = time.perf_counter()
        linear_sum_assignment(problem.values, maximize=True)
        return time.perf_counter() - started

    runs = [whole() for _ in range(ROUNDS)]
    typical = median([r[0] for r in runs])
    solver = median([bare() for _ in range(ROUNDS)])
    print(f"matching: {VOLUNTEERS} volunteers ({len(problem.volunteers)} free places of "
          f"volunteers who can take someone), {PARTNERS:,} "
          f"partners waiting: {runs[0][1]} pairs proposed")  # fmt: skip
    print(f"matching: whole proposal median {typical:.2f} s; bare solver {solver:.2f} s "
          f"({typical / solver:.2f}x, aim at most 2x)")  # fmt: skip
    verdict = "ok" if max(r[0] for r in runs) < 3.0 else "OVER TARGET"
    print(f"matching: worst vs 3 s: {verdict}")
    return {"proposal_s": typical, "solver_s": solver, "ratio": typical / solver}


if __name__ == "__main__":
    main()
