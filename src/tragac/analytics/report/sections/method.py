"""Method and limits: what was monitored, how detection works, measured precision, what hashes cannot catch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select

from tragac.analytics.report.base import ReportContext, Section, section
from tragac.store import models as m

# Where the text evaluation (``benchmarks``/``tragac text evaluate``) leaves its figures, relative to TRAGAC_HOME.
EVALUATION_FILES = ("evaluation/text.json", "text-evaluation.json")

HOW = {
    "en": [
        "Messages are read from Telegram Desktop exports and live collection; nothing is posted to the groups.",
        "Pictures and videos are fingerprinted (PDQ perceptual hashes, video frame hashes, MD5 and SHA-256) and "
        "the files are discarded; fingerprints are compared with hash lists (victims' own hashes, imported lists).",
        "Near-duplicates (distance ≤ 31 of 256 bits) are grouped into spread clusters across groups.",
        "Text is normalised (Latin and Cyrillic script, with or without diacritics, common obfuscations) and "
        "matched against lexicons of solicitation phrasing and codes, recognisers of personal data and watched "
        "identities.",
        "Every detection is a lead for a person to review, with the rule and the words or hash that triggered it.",
    ],
    "sr": [
        "Poruke se čitaju iz izvoza programa Telegram Desktop i praćenja uživo; u grupe se ništa ne objavljuje.",
        "Za slike i video snimke računaju se otisci (perceptivni PDQ heševi, heševi kadrova, MD5 i SHA-256), a "
        "datoteke se brišu; otisci se porede sa listama heševa (heševi samih žrtava, uvezene liste).",
        "Skoro-identične kopije (rastojanje ≤ 31 od 256 bitova) grupišu se u klastere širenja kroz grupe.",
        "Tekst se normalizuje (latinica i ćirilica, sa i bez dijakritika, uobičajena prikrivanja) i poredi sa "
        "rečnicima izraza traženja i šifri, prepoznavačima ličnih podataka i zaštićenim osobama.",
        "Svaka detekcija je trag koji pregleda čovek, uz pravilo i reči ili heš koji su je izazvali.",
    ],
}
LIMITS = {
    "en": [
        "Crops that remove a large part of the picture, rotations other than by 90° steps and mirroring, and "
        "heavy overlays (stickers, large text, collages) change the perceptual hash beyond the match distance.",
        "Media that an export did not include (size limits, “File not included”) cannot be hashed at all.",
        "New code words, misspellings and images of text escape the lexicons until they are added.",
        "Counts are lower bounds: deleted messages, private chats and groups not monitored are not seen.",
        "Member counts from joins and leaves start at zero when monitoring began.",
    ],
    "sr": [
        "Isecanje velikog dela slike, rotacije osim za korake od 90° i preslikavanja, i jaki slojevi preko slike "
        "(nalepnice, veliki tekst, kolaži) menjaju perceptivni heš preko granice poklapanja.",
        "Mediji koje izvoz nije sadržao (ograničenja veličine, „File not included”) ne mogu se heširati.",
        "Nove šifre, namerne greške u pisanju i slike teksta promiču rečnicima dok se ne dodaju.",
        "Brojevi su donja granica: obrisane poruke, privatna ćaskanja i nepraćene grupe se ne vide.",
        "Broj članova izračunat iz ulazaka i izlazaka kreće od nule na početku praćenja.",
    ],
}


def evaluation(home: Path, explicit: Path | None = None) -> list[dict[str, Any]]:
    """Per-category precision/recall from ``tragac eval text --json`` output: ``explicit`` if given, else the
    copy kept under TRAGAC_HOME (``evaluation/text.json``). No file, no figures: nothing is made up."""
    candidates = [explicit] if explicit else [home / rel for rel in EVALUATION_FILES]
    for p in candidates:
        if p is None or not p.is_file():
            continue
        try:
            data = orjson.loads(p.read_bytes())
        except orjson.JSONDecodeError:
            from tragac.errors import InputError

            raise InputError(f"{p}: not the JSON that `tragac eval text --json` writes") from None
        rows = data.get("categories") or data.get("detectors") if isinstance(data, dict) else data
        if isinstance(rows, dict):
            rows = [{"detector": k, **v} for k, v in rows.items() if isinstance(v, dict)]
        if not isinstance(rows, list):
            return []
        out = []
        for r in rows:
            if isinstance(r, dict) and "precision" in r:
                support = r.get("support")
                if support is None and "tp" in r and "fn" in r:
                    support = int(r["tp"]) + int(r["fn"])
                out.append({"detector": r.get("detector") or r.get("name") or "—", "precision": r["precision"],
                            "recall": r.get("recall"), "support": support})  # fmt: skip
        return out
    return []


@section
class Method(Section):
    id = "method"
    order = 90
    title_key = "method"
    template = "method.html.j2"

    def collect(self, ctx: ReportContext) -> dict[str, Any]:
        with ctx.store.session() as s:
            stages = [
                {"name": name, "updated": updated}
                for name, updated in s.execute(
                    select(m.StageState.name, m.StageState.updated_at).order_by(m.StageState.name)
                )
            ]
        evals = evaluation(ctx.store.settings.home, ctx.evaluation)
        ctx.figures[self.id] = {"stages": [st["name"] for st in stages], "evaluation": evals}
        d = ctx.data
        return {
            "how": HOW[ctx.lang],
            "limits": LIMITS[ctx.lang],
            "stages": stages,
            "evaluation": evals,
            "nsources": len(d.sources),
            "nmessages": sum(a.messages for a in d.sources.values()),
            "days": d.days,
        }
