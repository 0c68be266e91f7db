"""How big each demo is.

``small`` is what "Explore with demo data" and the UI tests use, so it must stay
quick; ``essex`` is one year of a service the size Essex commissioned (about
1,900 referrals, 40 advocates, 150 citizen advocates, a waiting list of about 50);
``large`` is ten years of a hub of several providers covering three councils, to
show that lists, searches and returns stay fast on a long history.
"""

from __future__ import annotations

from dataclasses import dataclass

from advocacy_desk.demo.places import ESSEX, SOUTHEND, THURROCK


@dataclass(frozen=True)
class Scale:
    name: str
    years: int
    referrals: int
    people: int
    advocates: int
    managers: int
    coordinators: int
    volunteers: int
    #: Referrals still waiting for an advocate on the as-of date.
    waiting: int
    #: The number of casework activities to aim for (the result is within a few per cent).
    activities: int
    #: Citizen advocacy referrals a year: they grow with the volunteers, not with demand.
    citizen_per_year: float
    #: Councils covered, with the share of people living in each.
    councils: tuple[tuple[str, float], ...]
    #: Share of advocates who joined during the period (a growing hub) rather than before.
    joined_during: float = 0.0

    @property
    def days(self) -> int:
        return round(self.years * 365.25)


SCALES: dict[str, Scale] = {
    "small": Scale(
        name="small", years=1, referrals=250, people=200, advocates=8, managers=1,
        coordinators=1, volunteers=20, waiting=18, activities=3_000, citizen_per_year=8,
        councils=((ESSEX, 1.0),),
    ),
    "essex": Scale(
        name="essex", years=1, referrals=1_900, people=1_620, advocates=40, managers=2,
        coordinators=1, volunteers=150, waiting=50, activities=21_000, citizen_per_year=45,
        councils=((ESSEX, 1.0),),
    ),
    "large": Scale(
        name="large", years=10, referrals=122_000, people=101_000, advocates=120,
        managers=8, coordinators=4, volunteers=600, waiting=400, activities=1_060_000,
        citizen_per_year=150, councils=((ESSEX, 0.8), (SOUTHEND, 0.1), (THURROCK, 0.1)),
        joined_during=0.5,
    ),
}  # fmt: skip
