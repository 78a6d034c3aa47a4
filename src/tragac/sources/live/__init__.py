"""Helpers of the live Telegram collector (:mod:`tragac.sources.telegram_live`).

* ``convert``: Telethon ``Message``/``MessageService``/entities → :mod:`tragac.sources.records` (export-compatible)
* ``client``: the ``CollectorClient`` protocol, ``TelegramSettings`` (``TRAGAC_TELEGRAM_*``), ``make_client``
* ``accounts``: research accounts with the encrypted StringSession; ``interactive_login``
* ``pacing``: ``Clock`` (real and fake), the process-wide ``RateLimiter``, ``jittered``, ``backoff``
* ``media``: download to a private temporary folder, hash, drop
"""
