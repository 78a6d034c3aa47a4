"""Benchmark: recall of plain PDQ, PDQ + dihedral and the robust fingerprint under reposting transforms, and the
false-match rate over every (distractor, original) pair, all in one run on generated pictures.

Nothing here is a real photo: originals and distractors are drawn from a seeded generator of photo-like structure
(a smooth random colour field, a lighting gradient, overlapping shapes, fine texture and sensor-like noise).
Each original is transformed the ways reposting does (crops, rotations, a phone screenshot frame, text and emoji
overlays, collages, heavy re-encoding, downscaling); every transformed copy and every distractor is then queried
against all originals with each method, through the project's own code (:mod:`tragac.media.robust`, the
:class:`~tragac.matching.index.MIHIndex`, :mod:`tragac.matching.verify`).

    .venv/bin/python benchmarks/robustness.py [--originals 500] [--distractors 20000] [--seed 1]

Prints one JSON object. Definitions: "crop p %" removes p % of the width and of the height, centred (p/2 from each
side) or one-sided (p from the two sides of one random corner); a rotation keeps the size and fills the corners
black; every output is saved as JPEG q85 (q30 for the re-encode transform) and decoded again before hashing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY, pdq_to_bytes
from tragac.fingerprints.windows import CANDIDATE_THRESHOLD
from tragac.matching.index import MIHIndex
from tragac.matching.verify import Verdict, WindowHit, decide, verify
from tragac.media.decode import fit_within
from tragac.media.pdq import pdq_dihedral_from_rgb, pdq_from_rgb
from tragac.media.robust import LocalFeatures, local_features, query_hashes, reference_hashes
from tragac.media.robust_types import QUERY_FEATURES

ASPECTS = [(4, 3), (3, 4), (1, 1), (16, 9), (3, 2), (2, 3)]
WORDS = ["RATE 8/10", "9/10", "who is she?", "LEAKED", "more in bio", "10/10 !!", "NEW", "part 2"]


# --- generated pictures ---------------------------------------------------------------------------------------


def picture(rng: np.random.Generator, long_side: int = 448) -> Image.Image:
    aw, ah = ASPECTS[int(rng.integers(len(ASPECTS)))]
    scale = long_side / max(aw, ah)
    w, h = int(aw * scale), int(ah * scale)
    # Smooth random field: a few coarse random colours upsampled bicubically (sky, walls, skin-like areas).
    cells = int(rng.integers(3, 8))
    field = Image.fromarray(rng.integers(0, 256, (cells, cells, 3), dtype=np.uint8)).resize((w, h), Image.BICUBIC)
    base = np.asarray(field, dtype=np.float32)
    # Lighting gradient in a random direction.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    g = (np.cos(angle) * xx / w + np.sin(angle) * yy / h) * rng.uniform(-80, 80)
    base += g[..., None]
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(int(rng.integers(6, 18))):
        colour = (*(int(c) for c in rng.integers(0, 256, 3)), int(rng.integers(120, 256)))
        x0, y0 = rng.uniform(-0.1, 1.0) * w, rng.uniform(-0.1, 1.0) * h
        sw, sh = rng.uniform(0.05, 0.5) * w, rng.uniform(0.05, 0.5) * h
        shape = int(rng.integers(3))
        if shape == 0:
            draw.ellipse((x0, y0, x0 + sw, y0 + sh), fill=colour)
        elif shape == 1:
            draw.rectangle((x0, y0, x0 + sw, y0 + sh), fill=colour)
        else:
            pts = [(x0 + rng.uniform(0, sw), y0 + rng.uniform(0, sh)) for _ in range(int(rng.integers(3, 7)))]
            draw.polygon(pts, fill=colour)
    for _ in range(int(rng.integers(0, 6))):  # thin lines: edges, hair, cables
        colour = (*(int(c) for c in rng.integers(0, 256, 3)), 200)
        draw.line(
            [(rng.uniform(0, w), rng.uniform(0, h)) for _ in range(2)], fill=colour, width=int(rng.integers(1, 5))
        )
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.5))))
    arr = np.asarray(img, dtype=np.float32)
    # Fine texture (fabric, foliage) and sensor noise.
    texture = np.asarray(
        Image.fromarray(rng.integers(0, 256, (h // 4 + 1, w // 4 + 1), dtype=np.uint8)).resize((w, h), Image.BILINEAR),
        dtype=np.float32,
    )
    arr += (texture[..., None] - 128) * rng.uniform(0.05, 0.2) + rng.normal(0, rng.uniform(2, 6), arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


# --- transforms -----------------------------------------------------------------------------------------------

Transform = Callable[[Image.Image, np.random.Generator], Image.Image]


def crop_centre(p: float) -> Transform:
    def t(im: Image.Image, rng: np.random.Generator) -> Image.Image:
        w, h = im.size
        dx, dy = round(w * p / 2), round(h * p / 2)
        return im.crop((dx, dy, w - dx, h - dy))

    return t


def crop_side(p: float) -> Transform:
    def t(im: Image.Image, rng: np.random.Generator) -> Image.Image:
        w, h = im.size
        dx, dy = round(w * p), round(h * p)
        left, top = (dx if rng.random() < 0.5 else 0), (dy if rng.random() < 0.5 else 0)
        return im.crop((left, top, left + w - dx, top + h - dy))

    return t


def rotate(deg: float) -> Transform:
    return lambda im, rng: im.rotate(deg, resample=Image.BICUBIC, expand=False, fillcolor=(0, 0, 0))


def screenshot(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The picture as seen in a phone's photo viewer: status bar, app bar, dark background, bottom bar."""
    W, H = 390, 844
    dark = int(rng.integers(0, 30))
    canvas = Image.new("RGB", (W, H), (dark, dark, dark))
    d = ImageDraw.Draw(canvas)
    d.text((18, 10), f"{int(rng.integers(0, 24))}:{int(rng.integers(0, 60)):02d}", fill=(255, 255, 255), font=_font(15))
    for i in range(3):  # signal, wifi, battery
        d.rectangle((300 + 22 * i, 12, 316 + 22 * i, 24), fill=(235, 235, 235))
    bar = tuple(int(c) for c in rng.integers(20, 90, 3))
    d.rectangle((0, 40, W, 96), fill=bar)
    d.text((56, 58), "Photo", fill=(255, 255, 255), font=_font(18))
    d.polygon([(18, 68), (32, 56), (32, 80)], fill=(255, 255, 255))
    d.rectangle((0, H - 70, W, H), fill=bar)
    for i in range(4):
        d.ellipse((40 + 90 * i, H - 50, 70 + 90 * i, H - 20), fill=(220, 220, 220))
    pw, ph = im.size
    s = min(W / pw, (H - 96 - 70 - 20) / ph)
    shown = im.resize((max(1, round(pw * s)), max(1, round(ph * s))), Image.BICUBIC)
    top = 96 + (H - 96 - 70 - shown.size[1]) // 2
    canvas.paste(shown, ((W - shown.size[0]) // 2, top))
    return canvas


def overlay_text(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    out = im.copy()
    d = ImageDraw.Draw(out)
    w, h = out.size
    size = max(12, int(h * rng.uniform(0.07, 0.11)))
    text = WORDS[int(rng.integers(len(WORDS)))]
    x, y = rng.uniform(0.02, 0.4) * w, rng.choice([rng.uniform(0.02, 0.15), rng.uniform(0.75, 0.85)]) * h
    d.text((x, y), text, fill=(255, 255, 255), font=_font(size), stroke_width=max(1, size // 12), stroke_fill=(0, 0, 0))
    return out


def overlay_emoji(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    """Two or three drawn emoji-like faces and a heart, each about a tenth of the picture's height."""
    out = im.copy()
    d = ImageDraw.Draw(out)
    w, h = out.size
    for _ in range(int(rng.integers(2, 4))):
        r = h * rng.uniform(0.04, 0.07)
        cx, cy = rng.uniform(r, w - r), rng.uniform(r, h - r)
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 204, 0), outline=(120, 80, 0))
        d.ellipse((cx - r / 2, cy - r / 3, cx - r / 5, cy), fill=(60, 40, 0))
        d.ellipse((cx + r / 5, cy - r / 3, cx + r / 2, cy), fill=(60, 40, 0))
        d.arc((cx - r / 2, cy, cx + r / 2, cy + r / 1.5), 0, 180, fill=(60, 40, 0), width=max(1, int(r / 6)))
    r = h * 0.05
    cx, cy = rng.uniform(r, w - r), rng.uniform(r, h - r)
    d.polygon([(cx - r, cy - r / 3), (cx, cy + r), (cx + r, cy - r / 3), (cx, cy - r / 2)], fill=(230, 20, 60))
    return out


def collage(n: int) -> Transform:
    def t(im: Image.Image, rng: np.random.Generator) -> Image.Image:
        W, H, gap = 720, 720, 6
        canvas = Image.new("RGB", (W, H), (255, 255, 255))
        if n == 2:
            cells = [(0, 0, W // 2, H), (W // 2, 0, W, H)]
        elif n == 3:
            cells = [(0, 0, W // 2, H), (W // 2, 0, W, H // 2), (W // 2, H // 2, W, H)]
        else:
            cells = [(0, 0, W // 2, H // 2), (W // 2, 0, W, H // 2), (0, H // 2, W // 2, H), (W // 2, H // 2, W, H)]
        mine = int(rng.integers(n))
        for i, (x0, y0, x1, y1) in enumerate(cells):
            pic = im if i == mine else picture(rng, 448)
            cw, ch = x1 - x0 - gap, y1 - y0 - gap
            s = min(cw / pic.size[0], ch / pic.size[1])  # fit inside the cell (apps letterbox, not crop)
            shown = pic.resize((max(1, round(pic.size[0] * s)), max(1, round(pic.size[1] * s))), Image.BICUBIC)
            canvas.paste(shown, (x0 + (x1 - x0 - shown.size[0]) // 2, y0 + (y1 - y0 - shown.size[1]) // 2))
        return canvas

    return t


TRANSFORMS: dict[str, Transform] = {
    **{f"crop_centre_{p}": crop_centre(p / 100) for p in (5, 10, 20, 30)},
    **{f"crop_side_{p}": crop_side(p / 100) for p in (5, 10, 20, 30)},
    **{f"rotate_{'m' if d < 0 else 'p'}{abs(d)}": rotate(d) for d in (-2, 2, -5, 5, -10, 10)},
    "rotate_90": lambda im, rng: im.transpose(Image.ROTATE_90),
    "rotate_180": lambda im, rng: im.transpose(Image.ROTATE_180),
    "mirror": lambda im, rng: im.transpose(Image.FLIP_LEFT_RIGHT),
    "screenshot": screenshot,
    "overlay_text": overlay_text,
    "overlay_emoji": overlay_emoji,
    "collage_2": collage(2),
    "collage_3": collage(3),
    "collage_4": collage(4),
    "reencode_q30": lambda im, rng: im,
    "downscale_50": lambda im, rng: im.resize((im.size[0] // 2, im.size[1] // 2), Image.BICUBIC),
}


def decoded(im: Image.Image, quality: int = 85) -> np.ndarray:
    """Save as JPEG, decode, and shrink to the hasher's 512 fit: what the hasher would see."""
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=quality)
    buf.seek(0)
    with Image.open(buf) as back:
        back = back.convert("RGB")
        target = fit_within(*back.size)
        if back.size != target:
            back = back.resize(target, Image.BILINEAR)
        return np.asarray(back)


# --- fingerprints of both sides ---------------------------------------------------------------------------------


class Query:
    __slots__ = ("features", "pdq", "quality", "windows")

    def __init__(self, rgb: np.ndarray) -> None:
        plain = pdq_from_rgb(rgb)
        self.pdq, self.quality = plain.hex, plain.quality
        self.windows = [h for h in query_hashes(rgb) if h.quality >= PDQ_MIN_QUALITY]
        self.features = local_features(rgb, QUERY_FEATURES).to_bytes()  # kept as bytes: what would be stored


def run(originals: int, distractors: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    refs_plain: list[str] = []
    refs_dihedral: list[list[str]] = []
    ref_rows: list[tuple[int, str]] = []  # (original, window pdq)
    ref_names: list[tuple[int, str]] = []  # (original, window name), same order
    ref_features: list[LocalFeatures] = []
    queries: list[tuple[str, int, Query]] = []  # (transform, original, fingerprint)
    ref_bytes = 0
    for i in range(originals):
        im = picture(rng)
        rgb = decoded(im, 95)  # the victim's own file
        refs_plain.append(pdq_from_rgb(rgb).hex)
        refs_dihedral.append(pdq_dihedral_from_rgb(rgb)[1])
        hashes = [h for h in reference_hashes(rgb) if h.quality >= PDQ_MIN_QUALITY]
        ref_rows.extend((i, h.pdq) for h in hashes)
        ref_names.extend((i, h.window) for h in hashes)
        feats = local_features(rgb, mirrored=True)
        ref_features.append(feats)
        ref_bytes += 32 * len(hashes) + len(feats.to_bytes())
        for name, transform in TRANSFORMS.items():
            out = transform(im, rng)
            queries.append((name, i, Query(decoded(out, 30 if name == "reencode_q30" else 85))))
    t_refs = time.perf_counter() - t0

    # Indexes over the originals: plain (1 hash each), dihedral (8 each), ours (window hashes).
    def index(rows: list[tuple[int, str]]) -> tuple[MIHIndex, np.ndarray]:
        idx = MIHIndex(threads=1)
        idx.add(np.arange(len(rows), dtype=np.int64), pdq_to_bytes(h for _, h in rows))
        return idx, np.array([o for o, _ in rows], dtype=np.int64)

    plain_idx, plain_of = index(list(enumerate(refs_plain)))
    dih_idx, dih_of = index([(i, h) for i, hs in enumerate(refs_dihedral) for h in hs])
    ours_idx, ours_of = index(ref_rows)

    def plain_hits(qs: list[Query], idx: MIHIndex, owner: np.ndarray) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in qs]
        usable = [k for k, q in enumerate(qs) if q.quality >= PDQ_MIN_QUALITY]
        hits = idx.query(pdq_to_bytes(qs[k].pdq for k in usable), PDQ_MATCH_THRESHOLD)
        for qk, hid in zip(hits.query.tolist(), hits.ids.tolist(), strict=True):
            out[usable[qk]].add(int(owner[hid]))
        return out

    verified_pairs = 0

    ref_window_name = [w for _, w in ref_names]
    rules: dict[str, int] = defaultdict(int)

    def ours_hits(qs: list[Query]) -> list[set[int]]:
        nonlocal verified_pairs
        rows = [(k, w.pdq, w.window) for k, q in enumerate(qs) for w in q.windows]
        best: dict[tuple[int, int], WindowHit] = {}
        plain: dict[tuple[int, int], WindowHit] = {}
        hits = ours_idx.query(pdq_to_bytes(h for _, h, _ in rows), CANDIDATE_THRESHOLD)
        for qk, hid, dist in zip(hits.query.tolist(), hits.ids.tolist(), hits.distance.tolist(), strict=True):
            k, _, qwin = rows[qk]
            key = (k, int(ours_of[hid]))
            hit = WindowHit(dist, qwin, ref_window_name[hid])
            if key not in best or dist < best[key].distance:
                best[key] = hit
            if hit.plain and (key not in plain or dist < plain[key].distance):
                plain[key] = hit
        out: list[set[int]] = [set() for _ in qs]
        feats: dict[int, LocalFeatures] = {}
        for (k, o), hit in best.items():

            def check(k: int = k, o: int = o) -> Verdict:
                nonlocal verified_pairs
                verified_pairs += 1
                if k not in feats:
                    feats[k] = LocalFeatures.from_bytes(qs[k].features)
                return verify(feats[k], ref_features[o])

            ok, rule, _ = decide(hit, plain.get((k, o)), check)
            if ok:
                rules[rule] += 1
                out[k].add(o)
        return out

    t1 = time.perf_counter()
    qs = [q for _, _, q in queries]
    methods = {
        "pdq": plain_hits(qs, plain_idx, plain_of),
        "pdq_dihedral": plain_hits(qs, dih_idx, dih_of),
        "robust": ours_hits(qs),
    }
    recall: dict[str, dict[str, float]] = {m: {} for m in methods}
    wrong: dict[str, int] = dict.fromkeys(methods, 0)
    per_transform: dict[str, list[int]] = defaultdict(list)
    for k, (name, _, _) in enumerate(queries):
        per_transform[name].append(k)
    for m, found in methods.items():
        for name, ks in per_transform.items():
            recall[m][name] = round(sum(queries[k][1] in found[k] for k in ks) / len(ks), 4)
        wrong[m] = sum(len(found[k] - {queries[k][1]}) for k in range(len(queries)))
    t_queries = time.perf_counter() - t1

    # Distractors: unrelated generated pictures, each queried against every original.
    t2 = time.perf_counter()
    false = dict.fromkeys(methods, 0)
    chunk = 500
    done = 0
    while done < distractors:
        n = min(chunk, distractors - done)
        dq = [Query(decoded(picture(rng), 85)) for _ in range(n)]
        false["pdq"] += sum(len(s) for s in plain_hits(dq, plain_idx, plain_of))
        false["pdq_dihedral"] += sum(len(s) for s in plain_hits(dq, dih_idx, dih_of))
        false["robust"] += sum(len(s) for s in ours_hits(dq))
        done += n
    t_distractors = time.perf_counter() - t2
    pairs = distractors * originals
    return {
        "benchmark": "robustness",
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform()},
        "seed": seed,
        "originals": originals,
        "distractors": distractors,
        "transforms": len(TRANSFORMS),
        "pdq_threshold": PDQ_MATCH_THRESHOLD,
        "recall": recall,
        "mean_recall": {m: round(float(np.mean(list(r.values()))), 4) for m, r in recall.items()},
        "distractor_pairs": pairs,
        "false_matches": false,
        "false_match_rate": {m: (v / pairs if pairs else 0.0) for m, v in false.items()},
        "wrong_original_hits_among_transformed": wrong,
        "robust_reference_bytes_per_picture": round(ref_bytes / max(1, originals)),
        "robust_candidates_verified": verified_pairs,
        "robust_matches_by_rule": dict(rules),
        "seconds": {
            "originals_and_transforms": round(t_refs, 1),
            "queries": round(t_queries, 1),
            "distractors": round(t_distractors, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--originals", type=int, default=500)
    parser.add_argument("--distractors", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.originals, args.distractors, args.seed), indent=2))


if __name__ == "__main__":
    random.seed(0)
    main()
