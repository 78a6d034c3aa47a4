"""Cryptographic file hashes (MD5, SHA-256): exact equality, no threshold, no quality.

StopNCII shares videos as MD5; SHA-256 is what ``Media`` is unique on. Any re-encode changes both, so they only
find byte-identical copies; they never produce a near-miss.
"""

from __future__ import annotations

from tragac.fingerprints.base import FingerprintKind, register


@register
class Md5(FingerprintKind):
    name = "md5"
    description = "MD5 of the file's bytes (StopNCII's video hash): exact"
    hex_length = 32
    bits = 128
    default_threshold = 0
    index = "exact"

    @classmethod
    def examples(cls) -> list[str]:
        # python-threatexchange VideoMD5Signal.get_examples(); the second is the MD5 of no bytes at all.
        return ["cab08b36195edb1a1231d2d09fa450e0", "d41d8cd98f00b204e9800998ecf8427e"]

    @classmethod
    def invalid_examples(cls) -> list[str]:
        return [
            "",
            "cab08b36195edb1a1231d2d09fa450e",
            "cab08b36195edb1a1231d2d09fa450e0e",
            "zab08b36195edb1a1231d2d09fa450e0",
        ]


@register
class Sha256(FingerprintKind):
    name = "sha256"
    description = "SHA-256 of the file's bytes: exact"
    hex_length = 64
    bits = 256
    default_threshold = 0
    index = "exact"

    @classmethod
    def examples(cls) -> list[str]:
        return [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # no bytes
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",  # b"hello"
        ]

    @classmethod
    def invalid_examples(cls) -> list[str]:
        return [
            "",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "cab08b36195edb1a1231d2d09fa450e0",  # an MD5 is not a SHA-256
            "x3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ]
