"""Review queue order of the flag categories: lower is reviewed first, and csam_signal always comes first.

Its own module, free of imports, because both the stored flags (``tragac.store.models.signals``) and the text
detectors need it, and the detectors must load without the database layer (``tragac scan-text`` starts in a
fraction of the time without SQLAlchemy and Alembic)."""

SEVERITY = {"csam_signal": 0, "ncii_match": 1, "identity": 2, "doxxing": 3, "ncii_solicitation": 4, "harassment": 5}
