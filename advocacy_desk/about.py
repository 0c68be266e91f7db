"""What the About box and the licences page say, including the attribution that the
shipped open data requires (resources/data/postcode_districts.SOURCE.md)."""

from __future__ import annotations

from advocacy_desk import __version__

NAME = "Advocacy Desk"

SUMMARY = (
    "Case tracking for independent advocacy providers in England: people and referrals, "
    "the prioritised waiting list, casework, citizen advocacy and the quarterly return."
)

#: Required by the Open Government Licence v3.0 for the postcode district centres.
DATA_ATTRIBUTION = (
    "Postcode district centres: Contains OS data © Crown copyright and database right. "
    "Contains Royal Mail data © Royal Mail copyright and database right. "
    "Contains National Statistics data © Crown copyright and database right. "
    "Licensed under the Open Government Licence v3.0."
)


def about_text() -> str:
    return f"{NAME} {__version__}\n\n{SUMMARY}\n\n{DATA_ATTRIBUTION}"
