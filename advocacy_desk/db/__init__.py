"""The database: typed models, the engine factory, and migration to head on open."""
