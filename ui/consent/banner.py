"""The banner on a person's record and their cases: what is and is not allowed. While
no consent to advocacy (or a reason for non-instructed advocacy) stands it warns, in
red or amber; while it stands it says, plainly, to whom letters and reports may go
and that anyone else needs a reason typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from advocacy_desk.app import Services
from advocacy_desk.domain.consent import AdvocacyConsentStatus
from advocacy_desk.domain.errors import AdvocacyDeskError
from advocacy_desk.services.consent import READ
from ui.widgets import theme
from ui.widgets.views import WrappedLabel

#: No consent recorded at all: red, as it stops the work.
MISSING_STYLE = theme.notice("danger", bold=True, edge=5)
#: Consent given once and withdrawn since: amber.
WITHDRAWN_STYLE = theme.notice("warning", bold=True, edge=5)
#: Consent stands: information, not a warning (dark blue-grey on pale blue).
STANDING_STYLE = theme.notice("info", edge=5)


class ConsentBanner(WrappedLabel):
    """Says what may go to whom. While consent to advocacy is missing it warns, in red
    (none recorded) or amber (withdrawn), with ``hint`` added to say where to record it
    from here; while it stands it is plain information."""

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.hint = hint
        self.status: AdvocacyConsentStatus | None = None
        self.setObjectName("consentBanner")
        self.setAccessibleName("Consent warning")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_for(self, services: Services, person_id: int | None) -> AdvocacyConsentStatus | None:
        """Look up the person's advocacy consent and show (or hide) the banner."""
        self.status = None
        if person_id is None or not services.access.can(*READ):
            self.clear_banner()
            return None
        try:
            status = services.consent.advocacy_status(person_id)
        except AdvocacyDeskError:
            self.clear_banner()
            return None
        self.show_status(status)
        return status

    def show_status(self, status: AdvocacyConsentStatus) -> None:
        self.status = status
        if status.standing:
            self.setText(status.allowed_text)
            self.setAccessibleName("Consent and sharing")
            theme.style(self, STANDING_STYLE)
        else:
            self.setText(f"{status.banner_text} {status.allowed_text} {self.hint}".strip())
            self.setAccessibleName("Consent warning")
            warned = status.withdrawn_on is not None
            theme.style(self, WITHDRAWN_STYLE if warned else MISSING_STYLE)
        self.setAccessibleDescription(self.text())
        self.show()

    def clear_banner(self) -> None:
        self.setText("")
        self.setAccessibleDescription("")
        self.hide()

    @property
    def warns(self) -> bool:
        """Whether the banner warns that consent to advocacy is missing (shown once its
        page is); while consent stands it only informs."""
        return not self.isHidden() and self.status is not None and not self.status.standing
