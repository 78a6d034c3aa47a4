"""Precision and recall per category on a labelled JSON-lines set: ``{"id", "text", "labels": [category…]}``.

A message counts as predicted for a category when any finding of that category is reported for it. Precision and
recall come with 95 % Wilson score intervals: on a few dozen items per category a point estimate alone overstates
what a set shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tragac.errors import InputError
from tragac.signals.analyzer import TextAnalyzer

CATEGORIES = ("csam_signal", "identity", "doxxing", "ncii_solicitation", "harassment")


Z95 = 1.959963984540054  # two-sided 95 % normal quantile


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (0, 1) when there are no trials."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def read_labelled(path: Path) -> Iterator[dict[str, Any]]:
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("labels"), list):
            raise InputError(f'{path}:{n}: expected {{"id", "text", "labels": [...]}}')
        row.setdefault("id", str(n))
        yield row


def evaluate(path: Path, analyzer: TextAnalyzer) -> dict[str, Any]:
    counts = {c: Counts() for c in CATEGORIES}
    total = 0
    for row in read_labelled(path):
        total += 1
        predicted = {f.category for f in analyzer.analyze(row["text"])}
        truth = set(row["labels"])
        for c in CATEGORIES:
            if c in predicted and c in truth:
                counts[c].tp += 1
            elif c in predicted:
                counts[c].fp += 1
                counts[c].false_positives.append(str(row["id"]))
            elif c in truth:
                counts[c].fn += 1
                counts[c].false_negatives.append(str(row["id"]))
    return {
        "file": str(path),
        "messages": total,
        "categories": {
            c: {
                "precision": round(k.precision, 4),
                "recall": round(k.recall, 4),
                "precision_ci95": [round(x, 4) for x in wilson(k.tp, k.tp + k.fp)],
                "recall_ci95": [round(x, 4) for x in wilson(k.tp, k.tp + k.fn)],
                "tp": k.tp,
                "fp": k.fp,
                "fn": k.fn,
                "false_positives": k.false_positives,
                "false_negatives": k.false_negatives,
            }
            for c, k in counts.items()
        },
    }
