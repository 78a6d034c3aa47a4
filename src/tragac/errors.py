"""Errors that the CLI turns into one clear line (exit status 2) instead of a traceback."""


class TragacError(Exception):
    """An expected failure with a message written for the user."""


class InputError(TragacError):
    """Bad input: a malformed file, an unknown option value, a missing path."""


class ConfigError(TragacError):
    """Missing or invalid settings (no database reachable, no account configured…)."""
