"""Precision and recall per category on a labelled JSON-lines set: ``{"id", "text", "labels": [category…]}``.

A message counts as predicted for a category when any finding of that category is reported for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from tragac.errors import InputError
from tragac.signals.analyzer import TextAnalyzer

CATEGORIES = ("csam_signal", "identity", "doxxing", "ncii_solicitation", "harassment")


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
                "tp": k.tp,
                "fp": k.fp,
                "fn": k.fn,
                "false_positives": k.false_positives,
                "false_negatives": k.false_negatives,
            }
            for c, k in counts.items()
        },
    }
