"""A generic CSV / JSONL format for messages from any platform (4CAT exports included), and what every platform
source shares (:mod:`tragac.sources.generic.threads`)."""
