"""Consent in the window: the banner a person's record and cases show while no consent
to advocacy is recorded, and the dialog that lists, records and withdraws consents and
the parties information may be shared with. The work itself is ``services.consent``.
"""

from ui.consent.banner import ConsentBanner
from ui.consent.dialogs import (
    ConsentDialog,
    PartyDialog,
    RecordConsentDialog,
    WithdrawConsentDialog,
)

__all__ = [
    "ConsentBanner",
    "ConsentDialog",
    "PartyDialog",
    "RecordConsentDialog",
    "WithdrawConsentDialog",
]
