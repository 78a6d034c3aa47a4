"""Charts as small hand-written inline SVG: no network, no JavaScript, identical in the browser and the PDF."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from markupsafe import Markup

PALETTE = ("#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#c36f09", "#7a9e9f")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _svg(w: float, h: float, body: str, label: str) -> Markup:
    # Markup: every piece of text inside was escaped above, so the template must not escape the SVG again.
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'role="img" aria-label="{escape(label)}" {FONT} font-size="9">{body}</svg>'
    )


def _nice(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    # Quarters of these stay round numbers: the axis has four intervals.
    return next(s * exp for s in (1, 2, 4, 6, 8, 10) if s * exp >= v)


def spark(
    values: Mapping[date, float],
    days: Sequence[date],
    *,
    width: float = 230,
    height: float = 64,
    color: str = PALETTE[0],
    label: str = "",
    fill: bool = True,
    max_label: str = "max",
) -> Markup:
    """A small-multiple line: one value per day (missing days are 0), the maximum and the end dates labelled;
    ``max_label`` is the word before the maximum, in the report's language."""
    if not days:
        return _svg(width, height, "", label)
    pad_l, pad_r, pad_t, pad_b = 4, 4, 12, 12
    iw, ih = width - pad_l - pad_r, height - pad_t - pad_b
    ys = [float(values.get(d, 0)) for d in days]
    lo = min(0.0, min(ys))
    hi = max(ys) if max(ys) > lo else lo + 1
    n = max(len(days) - 1, 1)
    pts = [(pad_l + iw * i / n, pad_t + ih * (1 - (y - lo) / (hi - lo))) for i, y in enumerate(ys)]
    if len(pts) == 1:
        pts.append((pad_l + iw, pts[0][1]))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    body = [f'<line x1="{pad_l}" y1="{pad_t + ih}" x2="{pad_l + iw}" y2="{pad_t + ih}" stroke="#bbb"/>']
    if fill:
        area = f"{pad_l},{pad_t + ih} {path} {pts[-1][0]:.1f},{pad_t + ih}"
        body.append(f'<polygon points="{area}" fill="{color}" fill-opacity="0.15"/>')
    body.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="1.4"/>')
    imax = max(range(len(ys)), key=lambda i: ys[i])
    body.append(f'<circle cx="{pts[imax][0]:.1f}" cy="{pts[imax][1]:.1f}" r="2" fill="{color}"/>')
    body.append(f'<text x="{pad_l}" y="9" fill="#333">{escape(max_label)} {_fmt(max(ys))}</text>')
    body.append(f'<text x="{pad_l}" y="{height - 2}" fill="#666">{days[0].isoformat()}</text>')
    body.append(
        f'<text x="{width - pad_r}" y="{height - 2}" fill="#666" text-anchor="end">{days[-1].isoformat()}</text>'
    )
    return _svg(width, height, "".join(body), label)


def stacked_bars(
    series: Mapping[str, Mapping[date, int]],
    days: Sequence[date],
    *,
    width: float = 660,
    height: float = 220,
    colors: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    label: str = "",
) -> Markup:
    """One bar per day, stacked by category, with a y axis and a legend."""
    keys = list(series)
    colors = colors or {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    names = names or {}
    legend_h = 14 * math.ceil(len(keys) / 2) + 4 if keys else 0
    pad_l, pad_r, pad_t, pad_b = 40, 8, 8 + legend_h, 18
    iw, ih = width - pad_l - pad_r, height - pad_t - pad_b
    totals = [sum(series[k].get(d, 0) for k in keys) for d in days]
    top = _nice(max(totals, default=0))
    body = []
    for i in range(5):
        v = top * i / 4
        y = pad_t + ih * (1 - v / top)
        body.append(f'<line x1="{pad_l}" y1="{y:.1f}" x2="{pad_l + iw}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        body.append(f'<text x="{pad_l - 4}" y="{y + 3:.1f}" text-anchor="end" fill="#555">{_fmt(v)}</text>')
    bw = iw / max(len(days), 1)
    for i, d in enumerate(days):
        y = pad_t + ih
        for k in keys:
            v = series[k].get(d, 0)
            if not v:
                continue
            h = ih * v / top
            y -= h
            body.append(
                f'<rect x="{pad_l + i * bw + bw * 0.1:.1f}" y="{y:.1f}" width="{bw * 0.8:.1f}" height="{h:.1f}" '
                f'fill="{colors[k]}"><title>{escape(d.isoformat())} {escape(names.get(k, k))}: {v}</title></rect>'
            )
    if days:
        body.append(f'<text x="{pad_l}" y="{height - 4}" fill="#555">{days[0].isoformat()}</text>')
        body.append(
            f'<text x="{pad_l + iw}" y="{height - 4}" text-anchor="end" fill="#555">{days[-1].isoformat()}</text>'
        )
    for i, k in enumerate(keys):
        x, y = pad_l + (i % 2) * (iw / 2), 4 + 14 * (i // 2)
        body.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colors[k]}"/>')
        body.append(f'<text x="{x + 14:.1f}" y="{y + 9}" fill="#222">{escape(names.get(k, k))}</text>')
    return _svg(width, height, "".join(body), label)


def hbars(
    items: Sequence[tuple[str, float]], *, width: float = 660, label: str = "", color: str = PALETTE[0]
) -> Markup:
    """Horizontal bars with the label on the left and the value at the bar's end."""
    row, pad_l = 16, 220
    height = row * len(items) + 6
    top = max((v for _, v in items), default=1) or 1
    body = []
    for i, (name, v) in enumerate(items):
        y = 3 + i * row
        w = (width - pad_l - 50) * v / top
        body.append(f'<text x="{pad_l - 6}" y="{y + 11}" text-anchor="end" fill="#222">{escape(name[:40])}</text>')
        body.append(f'<rect x="{pad_l}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{color}"/>')
        body.append(f'<text x="{pad_l + w + 4:.1f}" y="{y + 11}" fill="#222">{_fmt(v)}</text>')
    return _svg(width, height, "".join(body), label)


def network(
    nodes: Sequence[tuple[int, str, float, int]],
    edges: Sequence[tuple[int, int, float]],
    pos: Mapping[int, tuple[float, float]],
    *,
    width: float = 660,
    height: float = 420,
    label: str = "",
) -> Markup:
    """Nodes (id, label, size value, community) placed at ``pos`` (in [-1, 1]²) and weighted edges."""
    pad = 60
    biggest = max((s for _, _, s, _ in nodes), default=1) or 1
    heaviest = max((w for _, _, w in edges), default=1) or 1

    def xy(n: int) -> tuple[float, float]:
        x, y = pos[n]
        return pad + (x + 1) / 2 * (width - 2 * pad), pad / 2 + (y + 1) / 2 * (height - 1.5 * pad)

    body = []
    for a, b, w in sorted(edges, key=lambda e: e[2]):
        (x1, y1), (x2, y2) = xy(a), xy(b)
        sw = 0.8 + 6 * w / heaviest
        body.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7a8793" '
            f'stroke-opacity="0.55" stroke-width="{sw:.1f}"><title>{w:g}</title></line>'
        )
    for n, name, size, community in nodes:
        x, y = xy(n)
        r = 6 + 18 * math.sqrt(size / biggest)
        c = PALETTE[community % len(PALETTE)]
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{c}" stroke="#fff" stroke-width="1.5"/>')
        body.append(
            f'<text x="{x:.1f}" y="{y + r + 10:.1f}" text-anchor="middle" fill="#111">{escape(name[:28])}</text>'
        )
    return _svg(width, height, "".join(body), label)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.1f}"
