"""The People section: the searchable list, the person form and the person's referrals."""
