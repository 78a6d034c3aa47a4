"""The module hashing workers start from: it imports the hashing code and nothing else (no CLI, store or web app).

:mod:`tragac.media.pool` starts a forkserver that preloads this module once (numpy, Pillow and its format plugins,
pdqhash), so each worker is a fork of a process that is ready to hash: it starts at once, all of them in parallel.
PyAV is left to the first video a worker meets.
"""

from __future__ import annotations

from tragac.media.native_threads import limit_blas_threads

limit_blas_threads()

from PIL import Image  # noqa: E402  (after the thread limit, which numpy reads when Pillow imports it)

import tragac.media.hasher  # noqa: E402  hash_file, with decode, exact, pdq and video
import tragac.media.pool  # noqa: E402, F401  (the worker loop; jobs arrive as its HashJob objects)

Image.init()  # register Pillow's format plugins here, once, rather than in every worker on its first picture
