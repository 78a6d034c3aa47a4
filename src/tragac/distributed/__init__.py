"""Beyond one process: several ``tragac worker`` processes on one PostgreSQL store (:mod:`.queue`, :mod:`.worker`),
and the optional Ray engine for hashing and sharded matching (:mod:`.ray_hash`, :mod:`.ray_match`).

The distributed code calls the same fingerprint functions (:func:`tragac.media.hasher.hash_file`) and index classes
(:func:`tragac.matching.index.make_index`) as the single process, so results are identical by construction; the
tests in ``tests/distributed`` check it. See docs/scale.md.
"""
