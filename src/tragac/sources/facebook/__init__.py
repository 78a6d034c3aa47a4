"""Facebook's "Download your information" JSON (Messenger threads and comments); the Messenger thread format and
Meta's text repair are shared with Instagram's download (:mod:`tragac.sources.instagram`)."""
