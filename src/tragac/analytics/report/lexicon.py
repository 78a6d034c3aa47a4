"""Which lexicon terms a published report may spell out: only those of the public seed lexicon.

The text stage records term ids in flag evidence. A term id is resolved to its text only when the seed lexicon
(public phrasing, shipped with Tragač) defines it; private lexicon terms therefore stay ids in every report.
"""

from __future__ import annotations

from functools import cache


@cache
def _seed_terms() -> dict[str, str]:
    try:
        from tragac.text import lexicon  # type: ignore[attr-defined]
    except ImportError:
        return {}
    loader = getattr(lexicon, "public_seed_terms", None)
    if loader is None:
        return {}
    terms = loader()
    return {str(k): str(v) for k, v in dict(terms).items()}


def public_term(term_id: str) -> str | None:
    return _seed_terms().get(term_id)
