"""Bringing an existing caseload in from CSV files and Excel workbooks."""
