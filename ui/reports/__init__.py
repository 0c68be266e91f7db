"""The advocate's reports: a case's reports, the reports-due link and the logo setting."""

from ui.reports.dialogs import MarkSentDialog, ReportDialog
from ui.reports.panel import LogoSetting, ReportsDueLink, ReportsPanel

__all__ = ["LogoSetting", "MarkSentDialog", "ReportDialog", "ReportsDueLink", "ReportsPanel"]
