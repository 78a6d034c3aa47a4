"""A referral to the police or prosecutor (in Serbia: the Special Prosecutor's Office for High-Tech Crime),
citing the evidence package by file name and SHA-256 (the package is handed over separately, never e-mailed)."""

from __future__ import annotations

from tragac.cases.notices.base import NoticeTemplate


class PoliceReferral(NoticeTemplate):
    name = "police_referral"
    title = "Referral to the police / Special Prosecutor's Office for High-Tech Crime"
    needs_package = True
    subjects = {
        "en": "Referral: non-consensual distribution of intimate images, case {{ c.case_ref }}",
        "sr": "Krivična prijava / obaveštenje: neovlašćeno objavljivanje intimnih snimaka, slučaj {{ c.case_ref }}",
    }
    bodies = {
        "en": """To the Special Prosecutor's Office for High-Tech Crime (Higher Public Prosecutor's Office in Belgrade),

We refer to you facts that may constitute the criminal offence of unauthorised publication of another's
recording (Criminal Code of the Republic of Serbia, Article 145) and related offences, committed by distributing
intimate images of a person without her consent in the online locations listed below. The person is known to us
(case reference {{ c.case_ref }}); her identity and her statement are available to your office on request.

Locations where the material was found:
{% for it in c.items %}
  {{ loop.index }}. {{ it.url }}{% if it.posted_at %} (posted {{ it.posted_at }}){% endif %}

     {{ it.reason }}{% if it.sha256 %}; SHA-256 {{ it.sha256 }}{% endif %}

{% endfor %}

Evidence package: {{ c.package_ref or "to be provided" }}
The package contains a manifest of every item with its SHA-256, capture time, message link, source and author
platform identifiers, the hash-chained chain-of-custody log and a readable summary; it can be checked with
`tragac evidence verify`. It is handed over on a data carrier or by a channel your office designates, not by e-mail.

Contact: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}, {{ c.notifier_email }}

{{ c.notifier_name }}
{{ c.date }}
""",
        "sr": """Posebnom odeljenju za borbu protiv visokotehnološkog kriminala Višeg javnog tužilaštva u Beogradu,

Obaveštavamo vas o činjenicama koje mogu predstavljati krivično delo neovlašćenog objavljivanja i prikazivanja
tuđeg snimka (Krivični zakonik Republike Srbije, član 145) i povezana krivična dela, učinjena širenjem intimnih
snimaka jedne osobe bez njenog pristanka na mrežnim lokacijama navedenim ispod. Osoba nam je poznata (oznaka
slučaja {{ c.case_ref }}); njen identitet i izjava su vašem tužilaštvu dostupni na zahtev.

Lokacije na kojima je materijal pronađen:
{% for it in c.items %}
  {{ loop.index }}. {{ it.url }}{% if it.posted_at %} (objavljeno {{ it.posted_at }}){% endif %}

     {{ it.reason }}{% if it.sha256 %}; SHA-256 {{ it.sha256 }}{% endif %}

{% endfor %}

Paket dokaza: {{ c.package_ref or "biće dostavljen" }}
Paket sadrži spisak svih stavki sa SHA-256 vrednošću, vremenom prikupljanja, linkom poruke, identifikatorima
izvora i autora na platformi, lanac čuvanja dokaza povezan heševima i čitljiv sažetak; proverava se komandom
`tragac evidence verify`. Predaje se na nosaču podataka ili kanalom koji odredi vaše tužilaštvo, ne e-poštom.

Kontakt: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}, {{ c.notifier_email }}

{{ c.notifier_name }}
{{ c.date }}
""",
    }
