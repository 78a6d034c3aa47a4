"""The words of the package summary (``summary.html`` / ``summary.pdf``) in English and Serbian (Latin script)."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Evidence summary: case",
        "pseudonym": "Victim pseudonym",
        "caseworker": "caseworker",
        "exported": "exported",
        "by": "by",
        "with": "with",
        "intro": (
            "This package holds the locations where material concerning the person was found, the hashes that "
            "identify each file, the reasons each item was flagged, and a chain-of-custody log in which every entry "
            "carries the SHA-256 of the previous one. The manifest is signed with the organisation's Ed25519 key and "
            "time-stamped by independent time-stamping authorities (RFC 3161)."
        ),
        "media_enc": "Copies of media are included, encrypted; the key or passphrase is given separately.",
        "media_plain": "Copies of media are included unencrypted, by the exporter's explicit choice.",
        "hash_only": "No media is included: hashes only.",
        "check": "Check integrity with",
        "check_after": "it recomputes every hash, the chain, the signature and the time-stamps.",
        "overview": "Overview",
        "items": "Items",
        "custody_log": "Custody log",
        "entries": "entries, head",
        "item": "Item",
        "kind": "Kind",
        "location": "Location",
        "posted": "Posted (UTC)",
        "recorded": "Recorded (UTC)",
        "why": "Why",
        "sha": "File SHA-256",
        "minor": "possible minor: referred to a hotline, no media",
        "author_id": "author id",
        "custody": "Chain of custody",
        "time": "Time (UTC)",
        "actor": "Actor",
        "action": "Action",
        "hash": "Hash",
        "tsas": "Time-stamping authorities",
        "none": "none configured",
    },
    "sr": {
        "title": "Pregled dokaza: predmet",
        "pseudonym": "Pseudonim oštećene",
        "caseworker": "savetnica",
        "exported": "izvezeno",
        "by": "izvezla/o",
        "with": "alatom",
        "intro": (
            "Ovaj paket sadrži mesta na kojima je pronađen materijal koji se odnosi na osobu, heševe koji "
            "identifikuju svaku datoteku, razloge zbog kojih je svaka stavka označena i dnevnik lanca čuvanja u kome "
            "svaki unos nosi SHA-256 prethodnog. Manifest je potpisan Ed25519 ključem organizacije i vremenski "
            "žigosan kod nezavisnih izdavalaca vremenskih žigova (RFC 3161)."
        ),
        "media_enc": "Kopije medija su priložene šifrovane; ključ ili lozinka se predaju odvojeno.",
        "media_plain": "Kopije medija su priložene nešifrovane, izričitim izborom osobe koja je izvezla paket.",
        "hash_only": "Mediji nisu priloženi: samo heševi.",
        "check": "Integritet proverite komandom",
        "check_after": "ona ponovo računa svaki heš, lanac, potpis i vremenske žigove.",
        "overview": "Pregled",
        "items": "Stavke",
        "custody_log": "Dnevnik čuvanja",
        "entries": "unosa, poslednji",
        "item": "Stavka",
        "kind": "Vrsta",
        "location": "Lokacija",
        "posted": "Objavljeno (UTC)",
        "recorded": "Zabeleženo (UTC)",
        "why": "Razlog",
        "sha": "SHA-256 datoteke",
        "minor": "moguće maloletno lice: prijavljeno dežurnoj liniji, bez medija",
        "author_id": "id autora",
        "custody": "Lanac čuvanja",
        "time": "Vreme (UTC)",
        "actor": "Ko",
        "action": "Radnja",
        "hash": "Heš",
        "tsas": "Izdavaoci vremenskih žigova",
        "none": "nijedan nije podešen",
    },
}
