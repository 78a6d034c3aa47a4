"""What reports and exports must mask beyond ordinary personal data: watched identities (victims' names, handles,
phones, addresses from open cases, decrypted in memory only, never written anywhere) and the terms of the private
lexicons in ``HOME/lexicons/`` (an example message quoting a private code word would publish the list)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import func, select

from tragac.analytics.redaction import Recogniser, Span, default_recognisers
from tragac.errors import ConfigError, InputError
from tragac.store import Store

if TYPE_CHECKING:
    from tragac.text.lexicon import PrivateTerms


def watched_identities(store: Store) -> list[dict[str, Any]]:
    """Every watched identity of every case (``{"name", "handles", "phones", "addresses"}``), for the watched-
    identity matcher's masking mode. With cases present but their key unreadable this fails: a report that cannot
    mask a victim's name must not be produced."""
    try:
        from tragac.cases import identities, service
        from tragac.store.models.cases import Case
    except ImportError:  # cases are an optional part of an installation
        return []
    with store.session() as s:
        if not s.scalar(select(func.count()).select_from(Case).where(Case.identities_enc.is_not(None))):
            return []
        try:
            ring = service.keyring(store)
            wl = identities.watch_list(s, ring)
        except Exception as exc:  # any failure to decrypt means "cannot mask": refuse
            raise ConfigError(
                f"cannot read the watched identities to mask them ({type(exc).__name__}): {exc}"
            ) from None
    return [i for i in wl.get("identities", []) if isinstance(i, dict)]


class PrivateTermRecogniser:
    """Spans of private lexicon terms (any case ending, script or spacing the matcher accepts), masked as a term."""

    label: ClassVar[str] = "term"

    def __init__(self, terms: PrivateTerms) -> None:
        self._terms = terms

    def find(self, text: str) -> Iterable[Span]:
        for start, end in self._terms.spans(text):
            yield Span(start, end, self.label)


def private_term_recogniser(store: Store) -> PrivateTermRecogniser | None:
    """The private lexicons the signals stage reads (``HOME/lexicons/`` and those installed plugins ship; the key
    in ``TRAGAC_LEXICON_KEY``). A hashed list whose key is missing fails: an output that cannot mask a private
    term must not be produced."""
    try:
        from tragac.signals.setup import lexicon_key, plugin_lexicons
        from tragac.text.lexicon import private_terms
    except ImportError:  # the text stage is an optional part of an installation
        return None
    folder = store.settings.home / "lexicons"
    paths = ([folder] if folder.is_dir() else []) + plugin_lexicons()
    if not paths:
        return None
    try:
        terms = private_terms(paths, lexicon_key(store.settings))
    except InputError as exc:
        raise ConfigError(f"cannot read the private lexicons to mask their terms: {exc}") from None
    return PrivateTermRecogniser(terms) if terms else None


def masking_recognisers(store: Store) -> list[Recogniser]:
    """Every recogniser a published output (report, export) masks with: personal data, watched identities, and
    private lexicon terms."""
    recs = default_recognisers(watched_identities(store))
    private = private_term_recogniser(store)
    if private is not None:
        recs.insert(0, private)
    return recs
