"""The Settings section: where the data is, the prioritisation matrix, the licences."""
