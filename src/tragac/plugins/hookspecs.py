"""Every extension point of Tragač, declared once (in the manner of Datasette's ``hookspecs.py``).

A plugin is a module (or object) with functions of these names marked ``@hookimpl``; each returns a list of what it
adds. Built-ins implement the same hooks (marked ``trylast``), so a plugin's entry of the same name replaces one.
Third-party plugins are found through the ``tragac`` entry-point group; docs/plugins.md has a worked example.
"""

# The specs are signatures only (pluggy never calls them): their bodies are the docstrings.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pluggy import HookimplMarker, HookspecMarker

if TYPE_CHECKING:  # types only: this module must not import the layers that implement the hooks
    from tragac.analytics.report.base import Section
    from tragac.cases.notices.base import NoticeTemplate
    from tragac.matching.formats.base import HashListFormat
    from tragac.pipeline import Stage
    from tragac.signals.base import Detector
    from tragac.sources.base import Collector, Source
    from tragac.store import Store
    from tragac.text.packs import LanguagePack
    from tragac.text.recognizers.base import Recognizer

PROJECT = "tragac"
hookspec = HookspecMarker(PROJECT)
hookimpl = HookimplMarker(PROJECT)


@hookspec
def register_sources() -> list[Source]:
    """Ingest sources (``tragac ingest PATH`` asks each whether it reads PATH)."""


@hookspec
def register_collectors() -> list[Collector]:
    """Live sources (``tragac collect run --once --source NAME``): one pass over what each follows."""


@hookspec
def register_stages() -> list[Stage]:
    """Pipeline stages run by ``tragac run``, the demo and the web worker."""


@hookspec
def register_hash_formats() -> list[type[HashListFormat]]:
    """Hash-list file formats for ``tragac bank import/export``."""


@hookspec
def register_recognizers() -> list[type[Recognizer]]:
    """Personal-data recognisers (one entity type each) used by the doxxing and identity detectors."""


@hookspec
def register_lexicons() -> list[Path]:
    """Lexicon files or folders added to the seed lexicon in every scan."""


@hookspec
def register_language_packs() -> list[LanguagePack]:
    """Language packs (lexicons, morphology, name forms, recognisers, labels); built in: BCMS, English, Italian."""


@hookspec
def register_watched_identities(store: Store) -> list[dict[str, Any]]:
    """Watched identities (decrypted, in memory only) the text signals look for; the built-in gives open cases'."""


@hookspec
def register_detectors() -> list[type[Detector]]:
    """Detector classes that turn one message's context into findings."""


@hookspec
def register_notice_templates() -> list[NoticeTemplate]:
    """Notice templates (takedown notices, referrals) a caseworker can draft."""


@hookspec
def register_report_sections() -> list[type[Section]]:
    """Sections of the monitoring report."""
