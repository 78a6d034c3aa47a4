"""The referral text offered instead of a notice when a case or item may involve a minor.

Tragač never stores, shows or sends such media: it gives the hotlines' reporting routes and the exact locations
(by reference only), so that a hotline with the legal mandate assesses and removes it.
"""

from __future__ import annotations

REFERRAL = {
    "en": """This case or item may involve a person under 18. Tragač does not keep, show or send such material,
and no takedown notice will be drafted. Refer the locations below (links only, never the files) to a hotline:

  - NCMEC CyberTipline (USA, global platforms): https://report.cybertip.org/
  - NCMEC Take It Down (the young person can hash her own images): https://takeitdown.ncmec.org/
  - Internet Watch Foundation (IWF): https://report.iwf.org.uk/
  - INHOPE member hotline of your country: https://www.inhope.org/EN/articles/report-here
  - Serbia: the national contact centre for child safety online, phone 19833, https://www.pametnoibezbedno.gov.rs/
  - Telegram's dedicated address for child abuse material: stopCA@telegram.org

Locations to give the hotline:
{locations}
Do not download, screenshot or forward the material yourself.
""",
    "sr": """Ovaj slučaj ili stavka možda uključuje osobu mlađu od 18 godina. Tragač takav materijal ne čuva, ne
prikazuje i ne šalje, i prijava za uklanjanje neće biti sastavljena. Lokacije ispod (samo linkove, nikad datoteke)
prijavite dežurnoj liniji:

  - Srbija: Nacionalni kontakt centar za bezbednost dece na internetu, telefon 19833,
    https://www.pametnoibezbedno.gov.rs/
  - NCMEC CyberTipline: https://report.cybertip.org/
  - NCMEC Take It Down (mlada osoba sama hešira svoje snimke): https://takeitdown.ncmec.org/
  - Internet Watch Foundation (IWF): https://report.iwf.org.uk/
  - INHOPE dežurne linije po zemljama: https://www.inhope.org/EN/articles/report-here
  - Telegram, adresa za materijal zlostavljanja dece: stopCA@telegram.org

Lokacije za dežurnu liniju:
{locations}
Ne preuzimajte, ne snimajte ekran i ne prosleđujte materijal sami.
""",
}


def referral_text(language: str, urls: list[str]) -> str:
    locations = "".join(f"  - {u}\n" for u in urls) or "  (no exact location recorded)\n"
    return REFERRAL.get(language, REFERRAL["en"]).format(locations=locations)
