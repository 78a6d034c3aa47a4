"""Which lexicon terms a published report may spell out: only those of the public seed lexicon.

The text stage records term ids in flag evidence. A term id is resolved to its phrase only when the public seed
lexicon (general phrasing and codes already public in news reporting, shipped with Tragač) defines it as a plain
phrase; private lexicon terms (and the seed's regular-expression entries) stay ids in every report.
"""

from __future__ import annotations

from functools import cache


@cache
def _seed() -> dict[str, tuple[str | None, str]]:
    try:
        from tragac.text.lexicon import seed_lexicon
    except ImportError:  # the text stage is not installed: ids only
        return {}
    return {
        e.id: (e.phrase if not e.private else None, f"{e.category}/{e.role}")
        for e in seed_lexicon().entries
        if not e.private
    }


def public_term(term_id: str) -> str | None:
    entry = _seed().get(term_id)
    return entry[0] if entry else None


def term_category(term_id: str) -> str:
    """The seed entry's category/role, else the id's prefix (``cue.offer.x`` → ``cue.offer``)."""
    entry = _seed().get(term_id)
    if entry:
        return entry[1]
    return term_id.rsplit(".", 1)[0] if "." in term_id else term_id
