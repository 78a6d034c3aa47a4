"""The built-in BCMS pack (Bosnian, Croatian, Montenegrin, Serbian; both scripts): dialect forms of lexicon phrases
and the seven cases of names (:mod:`tragac.text.morphology`). Its lexicon is the seed (always loaded), its
recognisers the built-in ones for RS/HR/BA/ME numbers and addresses, its labels the Serbian column of
:mod:`tragac.text.labels`."""

from tragac.text.morphology import BCMS, dialect_variants, name_forms
from tragac.text.packs import LanguagePack

PACK = LanguagePack(
    code="bcms",
    name="Bosnian, Croatian, Montenegrin, Serbian",
    languages=BCMS,
    phrase_variants=dialect_variants,
    name_forms=name_forms,
)
