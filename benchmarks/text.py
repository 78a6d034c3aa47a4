"""Text signals throughput: the whole detector stack vs Presidio's pattern recognisers, same messages, same run.

Generates N chat-like messages (Serbian Latin and Cyrillic, English; benign chatter with prices, times, dates,
hotline numbers, plus ~12 % planted signals and obfuscations; ~30 % carry made-up words so per-word caching does not
make every message free), runs tragač's TextAnalyzer over all of them on one core, and Presidio's AnalyzerEngine
(NoOpNlpEngine: pattern recognisers only; PhoneRecognizer regions RS) over a sample, extrapolated to N.

    .venv/bin/python benchmarks/text.py [--messages 200000] [--presidio-sample 5000] [--seed 1] [--batch 1000]
                                        [--repeat 3] [--no-warm-up]

The headline ("tragac") is the product's default stack (the rules and the n-gram model: the ``text_model`` setting is
on) through the batch API ``TextAnalyzer.analyze_many`` that ``tragac signals run`` uses; the per-message API
``analyze`` is measured too ("tragac_per_message"), and the rules alone in batches ("tragac_rules_only"). Each run
starts with empty caches. Each tool first gets one warm-up call on a message outside the corpus (one-time lazy set-up
is not throughput), and each timed run is repeated (``--repeat``, caches emptied every time) with the least CPU time
reported, for both tools alike.

Prints one JSON object. Needs the bench extra (presidio-analyzer) for the comparison; without it only tragač runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from typing import Any

CYR = dict(
    zip(
        "abvgdđežzijklmnoprstćufhcčš",
        "абвгдђежзијклмнопрстћуфхцчш",
        strict=True,
    )
)

BENIGN = [
    "dobro jutro svima, kakvo je vreme kod vas",
    "vidimo se u {h}h kod fontane",
    "cena je {p} dinara, plaćanje pouzećem",
    "ko ide sutra na utakmicu, karte su {p} din",
    "rođena je {d}.{m}.{y}, danas slavimo",
    "broj pošiljke RR{n9}RS stiže u ponedeljak",
    "SOS linija 0800 100 007, besplatno",
    "jutros je bilo -{t} stepeni, obucite se",
    "18-godišnji {name} položio vozački",
    "razmena iskustava o vrtićima u {city}",
    "ocenite moj crtež, prvi put radim akvarel",
    "u Lidlu nude popust na kafu, {p} din",
    "{name} je zakasnio na čas opet",
    "šaljite slike sa mora da vidimo gde ste",
    "prodajem bicikl, slike u prilogu, {p}e",
    "lol {w} {w} hahaha",
    "ajde {w} bre, {w} je bilo",
    "the match starts at {h}:30, see you there",
    "anyone know a good dentist in {city}?",
    "ulica {street} je zatvorena zbog radova do {d}.{m}.",
    "koliko košta registracija u {city}, {w}?",
    # hard negatives of issue 16: banter, a salon, a donation account, an event address
    "hahaha ubiću te 😂 {name}",
    "Salon {name}, zakazivanje na 06{d1} {n3} {n4}",
    "donacije na račun 160-0000000{n3}{n3}-{d1}{d1}, hvala",
    "koncert u {street} {hn}, ulaz slobodan",
    "dam {d1} karte za {d1} tvoje, {w}",
]
SIGNALS = [
    "ko ima -18 materijal neka se javi u inbox",
    "t e e n trade grupa, ulaz preko bota",
    "pošaljite gole slike sestre, daću svoje",
    "ocenite moju devojku 1-10",
    "who has her nudes? dm",
    "njen broj je 06{d1} {n3} {n4}, zovite je svi",
    "živi u {street} {hn}, stan {d1}, sa majkom",
    "jmbg joj je 0101900350008",
    "insta: @{w}_{n3}, pišite joj",
    "ubiću te kad te nađem, {w}",
    "ti si obična kurva i svi to znaju",
    "J3l3na Mark0vić je ta sa snimka",
    # issue 16: obfuscation inside words, trade talk, school words, numbers written to dodge recognisers, threats
    "ko ima sli🔥ke od one iz {city}",
    "dam {d1} njene za {d1} tvoje",
    "ima li tko školarke iz sedmog razreda",
    "broj joj je o6{d1} {n3} {n4}",
    "nek joj neko polomi noge, {w}",
    "otac joj se zove {name}, radi u pošti",
]
NAMES = ["Marko", "Ana", "Jelena", "Nikola", "Milica", "Stefan", "Ivana", "Lazar", "Sara", "Luka", "Teodora", "Petar"]
CITIES = ["Beogradu", "Novom Sadu", "Nišu", "Kragujevcu", "Čačku", "Subotici", "Zemunu", "Šapcu"]
STREETS = ["Njegoševoj", "Bulevaru oslobođenja", "Kralja Petra", "Cara Lazara", "Vojvode Stepe"]
SYLL = ["ka", "ra", "mi", "lo", "ze", "ba", "nji", "đo", "pu", "še", "ti", "vu", "go", "dra", "sne", "ći"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 4)))


def fill(t: str, rng: random.Random) -> str:
    out = t
    while "{" in out:
        out = (
            out.replace("{h}", str(rng.randint(8, 22)), 1)
            .replace("{p}", str(rng.randint(2, 90) * 50), 1)
            .replace("{d}", str(rng.randint(1, 28)), 1)
            .replace("{m}", str(rng.randint(1, 12)), 1)
            .replace("{y}", str(rng.randint(1970, 2010)), 1)
            .replace("{n9}", str(rng.randint(10**8, 10**9 - 1)), 1)
            .replace("{n3}", str(rng.randint(100, 999)), 1)
            .replace("{n4}", str(rng.randint(1000, 9999)), 1)
            .replace("{d1}", str(rng.randint(1, 9)), 1)
            .replace("{hn}", str(rng.randint(1, 150)), 1)
            .replace("{t}", str(rng.randint(1, 20)), 1)
            .replace("{name}", rng.choice(NAMES), 1)
            .replace("{city}", rng.choice(CITIES), 1)
            .replace("{street}", rng.choice(STREETS), 1)
            .replace("{w}", word(rng), 1)
        )
    return out


def to_cyrillic(t: str) -> str:
    return "".join(CYR.get(c, c) for c in t)


def messages(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        t = fill(rng.choice(SIGNALS) if rng.random() < 0.12 else rng.choice(BENIGN), rng)
        r = rng.random()
        if r < 0.2:
            t = to_cyrillic(t)
        elif r < 0.3:
            t = t.upper()
        if rng.random() < 0.3:
            t = f"{t} {word(rng)} {word(rng)}"
        out.append(t)
    return out


# One message outside the corpus, run through each tool once before its clock starts: one-time lazy set-up (Presidio's
# first call costs ~70 ms — tldextract, recogniser set-up —, tragač's ~3 ms — phone metadata, gate plans) is not
# throughput, and the build of each is not timed either. tragač's caches are emptied again after it.
WARM_UP = "njen broj je 064 123 4567, mail ana@example.org, živi u Njegoševoj 12"


def _cold() -> None:
    """Empty the word and phone caches so each run starts as a fresh process would."""
    from tragac.text.ngram_model import shipped_model
    from tragac.text.normalize import clear_caches
    from tragac.text.recognizers.phone import _parse_digits

    clear_caches()
    _parse_digits.cache_clear()
    shipped_model().clear_caches()


def run_tragac(
    msgs: list[str], batch: int, warm_up: bool = True, repeat: int = 1, model: bool = True
) -> dict[str, Any]:
    """``batch`` 0: ``analyze`` per message; otherwise ``analyze_many`` over slices of ``batch`` messages (what
    ``tragac signals run`` does, 1,000 stored messages at a time). ``model``: the product's default stack (rules and
    the n-gram model, the ``text_model`` setting on), else the rules alone. ``repeat`` runs, each with empty caches;
    the one with the least CPU time is reported (on a shared machine the others lost time to other processes)."""
    from tragac.config import Settings
    from tragac.signals.analyzer import TextAnalyzer
    from tragac.signals.setup import opted_in
    from tragac.text import normalize as norm_mod

    _cold()
    t0 = time.perf_counter()
    analyzer = TextAnalyzer(opt_in=opted_in(Settings(text_model=model)))
    build = time.perf_counter() - t0
    if warm_up:
        if batch:
            analyzer.analyze_many([WARM_UP])
        else:
            analyzer.analyze(WARM_UP)
        _cold()
    runs: list[tuple[float, float]] = []
    for _ in range(repeat):
        _cold()
        flags = 0
        flagged = 0
        t0, c0 = time.perf_counter(), time.process_time()
        if batch:
            for i in range(0, len(msgs), batch):
                for found in analyzer.analyze_many(msgs[i : i + batch]):
                    flags += len(found)
                    flagged += bool(found)
        else:
            for m in msgs:
                found = analyzer.analyze(m)
                flags += len(found)
                flagged += bool(found)
        runs.append((time.process_time() - c0, time.perf_counter() - t0))
    cpu, seconds = min(runs)
    return {
        "api": f"analyze_many, {batch} at a time" if batch else "analyze, one message at a time",
        "build_seconds": round(build, 3),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_of_each_run": [round(c, 3) for c, _ in runs],
        "messages_per_s": round(len(msgs) / seconds),
        "messages_per_cpu_s": round(len(msgs) / cpu),
        "flags": flags,
        "flagged_messages": flagged,
        "word_cache_entries": len(norm_mod._chunk_cache),
    }


def presidio_engine() -> Any:
    """Presidio's AnalyzerEngine with pattern recognisers only (NoOpNlpEngine), phones for region RS, offline.
    Raises ImportError without the bench extra."""
    import tldextract

    # Without this, EmailRecognizer's tldextract tries to download the public suffix list.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())  # type: ignore[attr-defined]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    engine = AnalyzerEngine(
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}]), supported_languages=["en"]
    )
    engine.registry.remove_recognizer("PhoneRecognizer")
    engine.registry.add_recognizer(PhoneRecognizer(supported_regions=("RS",)))
    return engine


def run_presidio(msgs: list[str], total: int, warm_up: bool = True, repeat: int = 1) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        engine = presidio_engine()
    except ImportError:
        return {"skipped": "presidio-analyzer is not installed (pip install -e '.[bench]')"}
    build = time.perf_counter() - t0
    c0 = time.process_time()
    if warm_up:
        engine.analyze(text=WARM_UP, language="en")
    first_call = time.process_time() - c0
    runs: list[tuple[float, float]] = []
    for _ in range(repeat):
        results = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for m in msgs:
            results += len(engine.analyze(text=m, language="en"))
        runs.append((time.process_time() - c0, time.perf_counter() - t0))
    cpu, seconds = min(runs)
    rate = len(msgs) / seconds
    return {
        "build_seconds": round(build, 3),
        "first_call_cpu_seconds": round(first_call, 3),
        "sample": len(msgs),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_of_each_run": [round(c, 3) for c, _ in runs],
        "messages_per_s": round(rate),
        "messages_per_cpu_s": round(len(msgs) / cpu),
        "results": results,
        "extrapolated_seconds_for_all": round(total / rate, 1),
        "recognizers": len(engine.registry.recognizers),
    }


def machine() -> dict[str, Any]:
    """Where a run was measured (one core: the runs pin themselves)."""
    return {
        "load_average_at_end": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "cores": 1,
        "python": sys.version.split()[0],
        "machine": platform.platform(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--presidio-sample", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=1000, help="analyze_many batch size for the headline run")
    ap.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each tool (caches emptied before each); the least CPU wins"
    )
    ap.add_argument(
        "--no-warm-up", action="store_true", help="time each tool's first call too (how runs before 2026-12-06 did)"
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    msgs = messages(args.messages, args.seed)
    warm_up = not args.no_warm_up
    per_message = run_tragac(msgs, 0, warm_up, args.repeat)
    tragac = run_tragac(msgs, args.batch, warm_up, args.repeat)
    if (tragac["flags"], tragac["flagged_messages"]) != (per_message["flags"], per_message["flagged_messages"]):
        raise SystemExit("analyze_many and analyze disagree")  # the batch path must not change any result
    rules_only = run_tragac(msgs, args.batch, warm_up, args.repeat, model=False)
    presidio = run_presidio(msgs[: args.presidio_sample], len(msgs), warm_up, args.repeat)
    result: dict[str, Any] = {
        "benchmark": "text signals, whole detector stack",
        "messages": len(msgs),
        "mean_chars": round(sum(map(len, msgs)) / len(msgs), 1),
        "warm_up": WARM_UP if warm_up else None,
        "repeat": args.repeat,
        "templates": {"benign": len(BENIGN), "signals": len(SIGNALS), "total": len(BENIGN) + len(SIGNALS)},
        "tragac": tragac,
        "tragac_per_message": per_message,
        "tragac_rules_only": {**rules_only, "api": rules_only["api"] + ", rules only (text_model off)"},
        "presidio": presidio,
        "speedup_vs_presidio": round(tragac["messages_per_s"] / presidio["messages_per_s"], 1)
        if "messages_per_s" in presidio
        else None,
        "speedup_vs_presidio_cpu": round(tragac["messages_per_cpu_s"] / presidio["messages_per_cpu_s"], 1)
        if "messages_per_cpu_s" in presidio
        else None,
        "speedup_vs_presidio_cpu_rules_only": round(
            rules_only["messages_per_cpu_s"] / presidio["messages_per_cpu_s"], 1
        )
        if "messages_per_cpu_s" in presidio
        else None,
        "speedup_vs_presidio_cpu_per_message": round(
            per_message["messages_per_cpu_s"] / presidio["messages_per_cpu_s"], 1
        )
        if "messages_per_cpu_s" in presidio
        else None,
        **machine(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
