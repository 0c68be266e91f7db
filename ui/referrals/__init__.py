"""Referrals: the form that records one for a person, with the Care Act gate shown live."""
