"""Process tuning for hashing, applied before numpy is first imported (numpy reads the variable on import).

Hashing does no linear algebra; without this OpenBLAS starts a thread per core when numpy is imported, and it spins
for ~0.1 s of CPU on the core the CLI process and the other workers need. This writes a native library's variable
for this process only; it is not a Tragač setting (those are all in :mod:`tragac.config`).
"""

from __future__ import annotations

import os
import sys


def limit_blas_threads() -> None:
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
