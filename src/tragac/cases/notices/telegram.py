"""Telegram: the abuse@telegram.org e-mail with t.me links, carrying the fields telegram.org/dsa-report asks for."""

from __future__ import annotations

from tragac.cases.notices.base import NoticeTemplate


class TelegramNotice(NoticeTemplate):
    name = "telegram"
    title = "Telegram abuse report (abuse@telegram.org, DSA report fields)"
    default_recipient = "abuse@telegram.org"
    subjects = {
        "en": "{% if c.renotice %}[Reminder {{ c.renotice }}] {% endif %}Non-consensual intimate images: "
        "{{ c.items|length }} message(s) to remove",
        "sr": "{% if c.renotice %}[Podsetnik {{ c.renotice }}] {% endif %}Intimni snimci objavljeni bez pristanka: "
        "{{ c.items|length }} poruka za uklanjanje",
    }
    bodies = {
        "en": """Dear Telegram abuse team,

{% if c.renotice %}This is reminder number {{ c.renotice }}: the content reported below is still available.

{% endif %}I report content that publishes intimate images of a person without her consent (non-consensual
publication of sexual material, prohibited by Telegram's Terms of Service and illegal under the law of the
Republic of Serbia and of EU member states). The person depicted did not consent to their publication.
We act on her behalf (case reference {{ c.case_ref }}).

Exact location of the content (please remove each message and prevent re-uploads):
{% for it in c.items %}
  {{ loop.index }}. {{ it.url }}{% if it.posted_at %} (posted {{ it.posted_at }}){% endif %}

     why: {{ it.reason }}{% if it.sha256 %}; file SHA-256 {{ it.sha256 }}{% endif %}

{% endfor %}

Why it is illegal: the messages distribute intimate images of an identifiable person without consent; this is
image-based sexual abuse (Serbian Criminal Code art. 145, unauthorised publication of another's recording;
EU Directive 2024/1385 art. 5).
The images were identified by comparing perceptual hashes the person supplied with the media in these messages;
no image is attached to this notice.

Notifier: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}, {{ c.notifier_email }}

I state in good faith that the information in this notice is accurate and complete.

{{ c.notifier_name }}
{{ c.date }}
""",
        "sr": """Poštovani tim za zloupotrebe Telegrama,

{% if c.renotice %}Ovo je podsetnik broj {{ c.renotice }}: sadržaj prijavljen ispod je i dalje dostupan.

{% endif %}Prijavljujemo sadržaj kojim se bez pristanka objavljuju intimni snimci jedne osobe (objavljivanje
seksualnog materijala bez pristanka, zabranjeno Uslovima korišćenja Telegrama i nezakonito po pravu Republike
Srbije i država članica EU). Osoba na snimcima nije pristala na objavljivanje. Postupamo u njeno ime
(oznaka slučaja {{ c.case_ref }}).

Tačna lokacija sadržaja (molimo uklonite svaku poruku i sprečite ponovno postavljanje):
{% for it in c.items %}
  {{ loop.index }}. {{ it.url }}{% if it.posted_at %} (objavljeno {{ it.posted_at }}){% endif %}

     razlog: {{ it.reason }}{% if it.sha256 %}; SHA-256 datoteke {{ it.sha256 }}{% endif %}

{% endfor %}

Zašto je nezakonito: poruke šire intimne snimke osobe koja se može prepoznati, bez njenog pristanka; to je
seksualno zlostavljanje putem snimaka (Krivični zakonik Republike Srbije, čl. 145, neovlašćeno objavljivanje
tuđeg snimka;
Direktiva EU 2024/1385, čl. 5). Snimci su prepoznati poređenjem perceptivnih heševa koje je osoba dostavila sa
sadržajem ovih poruka; nijedan snimak nije priložen ovoj prijavi.

Podnosilac: {{ c.notifier_name }}{% if c.notifier_org %}, {{ c.notifier_org }}{% endif %}, {{ c.notifier_email }}

Izjavljujem u dobroj veri da su podaci u ovoj prijavi tačni i potpuni.

{{ c.notifier_name }}
{{ c.date }}
""",
    }
