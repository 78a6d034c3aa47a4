"""Media fingerprints: exact hashes, PDQ for pictures, vPDQ-compatible frame hashes for videos, safe decoding.

Public entry points (import them from their modules; this package imports nothing heavy on its own):

* ``tragac.media.hasher``: ``hash_file(path, HashOptions(reference=...)) -> FileHashes``
* ``tragac.media.pool``: ``hash_files(jobs, options, workers)`` with a hard per-file time limit
* ``tragac.media.pdq``: ``pdq_from_rgb``, ``pdq_dihedral_from_rgb`` (computing PDQ; comparing is
  ``tragac.fingerprints``: distance, threshold, quality floor and the vPDQ rule)
* ``tragac.media.hashfile``: the ``tragac-hashes/1`` format (``read_hash_file``, ``parse_hash_document``,
  ``write_hash_file``)
* ``tragac.media.stage``: the pipeline stage "hash" (``hash_new_media``)
"""
