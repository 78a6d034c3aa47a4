"""Text signal detectors (turn messages into flags)."""
