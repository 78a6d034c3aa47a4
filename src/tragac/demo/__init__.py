"""The demo: a deterministic synthetic Telegram Desktop export with benign planted material and its ground truth.

- :func:`tragac.demo.generate.generate_corpus` writes the export and ``truth.json`` (see docs/demo.md);
- :func:`tragac.demo.corpus.build_corpus` decides the same corpus without writing anything;
- :func:`tragac.demo.run.run_demo` generates, ingests, runs every stage and summarises (``tragac demo``).
"""
