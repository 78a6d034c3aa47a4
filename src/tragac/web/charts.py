"""Charts rendered on the server as inline SVG: no chart script, nothing for the CSP to allow."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from markupsafe import Markup

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"]
W, H = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 40


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


def _frame(title: str, body: list[str], ymax: float, days: list[str], legend: list[str]) -> Markup:
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    plot_h = H - TOP - BOTTOM
    for frac in (0, 0.5, 1):
        y = TOP + plot_h * (1 - frac)
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        label = _tick(ymax * frac)
        parts.append(
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#4b5563">{label}</text>'
        )
    parts += body
    if days:
        picks = sorted({0, len(days) // 2, len(days) - 1})
        plot_w = W - LEFT - RIGHT
        for i in picks:
            x = LEFT + plot_w * (i + 0.5) / len(days)
            parts.append(
                f'<text x="{x:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle" font-size="11" fill="#4b5563">'
                f"{escape(days[i])}</text>"
            )
    lx = LEFT
    for i, name in enumerate(legend):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{lx}" y="{H - 14}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{lx + 14}" y="{H - 5}" font-size="11" fill="#111827">{escape(name)}</text>')
        lx += 24 + 7 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(
    title: str, days: list[str], series: dict[str, list[int]], href: Callable[[int, str], str] | None = None
) -> Markup:
    """Stacked daily bars, one colour per series; with ``href(day_index, series_name)`` each bar links to the rows
    it counts."""
    if not days:
        return empty(title)
    totals = [sum(vals[i] for vals in series.values()) for i in range(len(days))]
    ymax = _nice_max(max(totals, default=0))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    bw = plot_w / len(days)
    body: list[str] = []
    base = [0.0] * len(days)
    for si, (name, vals) in enumerate(series.items()):
        color = PALETTE[si % len(PALETTE)]
        for i, v in enumerate(vals):
            if not v:
                continue
            h = plot_h * v / ymax
            y = TOP + plot_h - base[i] - h
            rect = (
                f'<rect class="bar" x="{LEFT + i * bw + bw * 0.1:.1f}" y="{y:.1f}" width="{bw * 0.8:.1f}" '
                f'height="{h:.1f}" fill="{color}"><title>{escape(days[i])} {escape(name)}: {v}</title></rect>'
            )
            body.append(f'<a href="{escape(href(i, name))}">{rect}</a>' if href else rect)
            base[i] += h
    return _frame(title, body, ymax, days, list(series) if len(series) > 1 else [])


def lines(title: str, days: list[str], series: dict[str, list[int]]) -> Markup:
    """One polyline per series, with a dot per day."""
    if not days:
        return empty(title)
    ymax = _nice_max(max((max(v, default=0) for v in series.values()), default=0))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    body: list[str] = []
    for si, (name, vals) in enumerate(series.items()):
        color = PALETTE[si % len(PALETTE)]
        pts = [(LEFT + plot_w * (i + 0.5) / len(days), TOP + plot_h * (1 - v / ymax)) for i, v in enumerate(vals)]
        body.append(
            f'<polyline class="line" fill="none" stroke="{color}" stroke-width="2" '
            f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}"/>'
        )
        for (x, y), v, d in zip(pts, vals, days, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"><title>{escape(d)} {escape(name)}: {v}'
                "</title></circle>"
            )
    return _frame(title, body, ymax, days, list(series) if len(series) > 1 else [])


def hbars(title: str, labels: list[str], values: list[int], width: int = 2 * W) -> Markup:
    """Horizontal bars, for rankings such as the most widely spread clusters (drawn wide: a full-width row)."""
    if not labels:
        return empty(title)
    row = 22
    height = TOP + row * len(labels) + 8
    vmax = max(values) or 1
    label_w = 200
    plot_w = width - label_w - RIGHT - 40
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = TOP + i * row
        w = plot_w * v / vmax
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12" fill="#111827">'
            f"{escape(label[:32])}</text>"
        )
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"/>'
        )
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 14}" font-size="12" fill="#111827">{v}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def empty(title: str) -> Markup:
    return Markup(
        f'<svg class="chart empty" viewBox="0 0 {W} 60" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<text x="{W / 2}" y="34" text-anchor="middle" font-size="13" fill="#6b7280">no data in this period</text>'
        "</svg>"
    )


def _tick(value: float) -> str:
    """Axis labels people read at a glance: 10k, 2.5k, 3.5 (never 1e+04)."""
    if value >= 1000:
        return f"{value / 1000:.3g}k"
    return f"{value:.3g}" if value != int(value) else f"{int(value)}"
