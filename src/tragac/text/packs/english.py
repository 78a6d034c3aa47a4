"""The built-in English pack: its phrases are in the seed lexicon, names do not decline (a name's own normalised
form), labels are the English column of :mod:`tragac.text.labels`."""

from tragac.text.normalize import normalize
from tragac.text.packs import LanguagePack


def _name_forms(name: str) -> set[str]:
    base = normalize(name).text
    return {base, base + "s"} if base else set()  # "Tamara's" normalises to "tamara s"; "the Vukovics"


PACK = LanguagePack(code="en", name="English", languages=frozenset({"en"}), name_forms=_name_forms)
