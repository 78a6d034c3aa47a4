"""Media fingerprints: exact hashes, PDQ for pictures, vPDQ-compatible frame hashes for videos, safe decoding.

Public entry points (import them from their modules; this package imports nothing heavy on its own):

* ``tragac.media.hasher``: ``hash_file(path, HashOptions(reference=...)) -> FileHashes``
* ``tragac.media.pool``: ``hash_files(jobs, options, workers)`` with a hard per-file time limit
* ``tragac.media.pdq``: ``hamming``, ``is_matchable``, ``MATCH_THRESHOLD`` (31), ``MIN_QUALITY`` (50)
* ``tragac.media.vpdq``: ``match_videos(query, compared) -> VideoMatch`` (vPDQ semantics, pure)
* ``tragac.media.hashfile``: the ``tragac-hashes/1`` format (``read_hash_file``, ``parse_hash_document``,
  ``write_hash_file``)
* ``tragac.media.stage``: the pipeline stage "hash" (``hash_new_media``)
"""
