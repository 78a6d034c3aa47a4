"""A hosting service under DSA Article 16: explanation, exact URLs, notifier name and e-mail, good-faith statement."""

from __future__ import annotations

from tragac.cases.notices.base import NoticeTemplate


class DsaHostingNotice(NoticeTemplate):
    name = "dsa_hosting"
    title = "Notice to a hosting service (EU Digital Services Act, Article 16)"
    subjects = {
        "en": "{% if c.renotice %}[Reminder {{ c.renotice }}] {% endif %}Notice under Article 16 DSA: "
        "illegal content (non-consensual intimate images), {{ c.items|length }} URL(s)",
        "sr": "{% if c.renotice %}[Podsetnik {{ c.renotice }}] {% endif %}Prijava po članu 16 DSA: "
        "nezakonit sadržaj (intimni snimci bez pristanka), {{ c.items|length }} URL adresa",
    }
    bodies = {
        "en": """To the hosting service's notice-and-action contact,

{% if c.renotice %}This is reminder number {{ c.renotice }} of our notice: the content is still available.

{% endif %}This is a notice under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act).

(a) Explanation of why the content is illegal:
    The files at the locations below are intimate images of an identifiable person published without her
    consent. Non-consensual sharing of intimate images is a criminal offence (Directive (EU) 2024/1385, Article 5,
    and the national law of the member states; Serbian Criminal Code, Article 145). The person depicted has not
    consented to their publication; we act on her behalf (case reference {{ c.case_ref }}). The files were
    identified by comparing perceptual hashes she supplied with the files at these URLs. No image is attached.

(b) Exact electronic location of the content:
{% for it in c.items %}
    {{ it.url }}{% if it.sha256 %}  (SHA-256 of the file we found: {{ it.sha256 }}){% endif %}

{% endfor %}

(c) Notifier: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}

    E-mail: {{ c.notifier_email }}

(d) I confirm my bona fide belief that the information and allegations contained in this notice are accurate and
    complete.

Please confirm receipt (Article 16(4)) and inform us of your decision and the possibilities for redress (16(5)).

{{ c.notifier_name }}
{{ c.date }}
""",
        "sr": """Kontaktu pružaoca usluge hostinga za prijave nezakonitog sadržaja,

{% if c.renotice %}Ovo je podsetnik broj {{ c.renotice }} na našu prijavu: sadržaj je i dalje dostupan.

{% endif %}Ovo je prijava u skladu sa članom 16 Uredbe (EU) 2022/2065 (Akt o digitalnim uslugama, DSA).

(a) Obrazloženje zašto je sadržaj nezakonit:
    Datoteke na adresama ispod su intimni snimci osobe koja se može prepoznati, objavljeni bez njenog
    pristanka. Deljenje intimnih snimaka bez pristanka je krivično delo (Direktiva (EU) 2024/1385, član 5, i
    nacionalno pravo država članica; Krivični zakonik Republike Srbije, član 145). Osoba na snimcima nije
    pristala na objavljivanje; postupamo u njeno ime (oznaka slučaja {{ c.case_ref }}). Datoteke su prepoznate
    poređenjem perceptivnih heševa koje je osoba dostavila sa datotekama na ovim adresama. Nijedan snimak nije
    priložen.

(b) Tačna elektronska lokacija sadržaja:
{% for it in c.items %}
    {{ it.url }}{% if it.sha256 %}  (SHA-256 pronađene datoteke: {{ it.sha256 }}){% endif %}

{% endfor %}

(c) Podnosilac prijave: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}

    E-pošta: {{ c.notifier_email }}

(d) Potvrđujem da u dobroj veri verujem da su podaci i navodi u ovoj prijavi tačni i potpuni.

Molimo potvrdite prijem (član 16(4)) i obavestite nas o odluci i mogućnostima pravnog leka (član 16(5)).

{{ c.notifier_name }}
{{ c.date }}
""",
    }
