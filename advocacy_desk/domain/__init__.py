"""Pure rules on plain values. Imports neither SQLAlchemy nor Qt."""
