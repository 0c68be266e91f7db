"""Exports: every PDF, Word, CSV and text document the app writes. A writer takes
records (``advocacy_desk.records``) and never imports SQLAlchemy or a service."""
