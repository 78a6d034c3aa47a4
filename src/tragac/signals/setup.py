"""What every analyzer is built from besides its lexicon files: the hashed lexicons' key and the opt-in detectors
(settings), and the plugins' lexicons. Apart from the pipeline stage so that ``tragac scan-text`` builds its analyzer
without loading the store."""

from __future__ import annotations

from pathlib import Path

from tragac.config import Settings, load_settings
from tragac.plugins import get_manager


def lexicon_key(settings: Settings | None = None) -> bytes | None:
    """The key of hashed private lexicons, from the ``lexicon_key`` setting (``TRAGAC_LEXICON_KEY``)."""
    value = (settings or load_settings()).lexicon_key
    if not value:
        return None
    return bytes.fromhex(value[4:]) if value.startswith("hex:") else value.encode("utf-8")


def plugin_lexicons() -> list[Path]:
    """Lexicon files and folders shipped by installed plugins (``register_lexicons``), added to every scan."""
    return [Path(p) for p in get_manager().results("register_lexicons")]


def opted_in(settings: Settings | None = None, *, model: bool | None = None) -> tuple[str, ...]:
    """Opt-in detectors to run: the n-gram model when ``model`` says so, else when the ``text_model`` setting does."""
    wanted = (settings or load_settings()).text_model if model is None else model
    return ("ngram_model",) if wanted else ()
