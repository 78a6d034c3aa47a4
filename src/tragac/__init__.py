"""Tragač: find, prove and help take down image-based sexual abuse in messaging groups."""

__version__ = "0.1.0"
