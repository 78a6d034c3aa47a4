"""Split a message's text into plain and highlighted segments from flag spans ([[start, end], …])."""

from __future__ import annotations


def segments(body: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """Pieces of ``body`` in order with True for highlighted ones; overlapping or out-of-range spans are merged
    and clipped rather than trusted."""
    clean: list[tuple[int, int]] = []
    for span in spans:
        if len(span) != 2:
            continue
        a, b = max(0, int(span[0])), min(len(body), int(span[1]))
        if a < b:
            clean.append((a, b))
    clean.sort()
    merged: list[tuple[int, int]] = []
    for a, b in clean:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in merged:
        if a > pos:
            out.append((body[pos:a], False))
        out.append((body[a:b], True))
        pos = b
    if pos < len(body):
        out.append((body[pos:], False))
    return out
