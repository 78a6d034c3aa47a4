"""Property tests: whatever bytes arrive as a time-stamp token (random, or a real token with bytes flipped),
checking it either verifies or fails with a TimestampError naming the check, never another exception and never a
false "verified" for a changed token."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from tragac.cases import timestamps

from .local_tsa import make_tsa

TSA = make_tsa("prop-tsa")
DIGEST = hashlib.sha256(b"manifest").digest()
TOKEN = TSA.respond(timestamps.build_request(DIGEST, 42))


def test_the_reference_token_verifies() -> None:
    info = timestamps.verify_token(TOKEN, DIGEST, [TSA.ca_cert])
    assert info.tsa_subject == "O=Test,CN=prop-tsa TSA"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_fail_cleanly(data: bytes) -> None:
    try:
        timestamps.verify_token(data, DIGEST, [TSA.ca_cert])
    except timestamps.TimestampError:
        return
    raise AssertionError("random bytes verified as a token")


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=0, max_value=len(TOKEN) - 1), st.integers(min_value=1, max_value=255))
def test_a_flipped_byte_never_verifies_silently(pos: int, mask: int) -> None:
    changed = bytearray(TOKEN)
    changed[pos] ^= mask
    try:
        info = timestamps.verify_token(bytes(changed), DIGEST, [TSA.ca_cert])
    except timestamps.TimestampError:
        return
    # A flip that still verifies can only be in bytes no check covers (e.g. the certificate's own outer signature
    # encoding is not re-checked once the chain verified); what the token vouches for must be unchanged.
    assert info.gen_time == timestamps.verify_token(TOKEN, DIGEST, [TSA.ca_cert]).gen_time
    assert info.tsa_subject == "O=Test,CN=prop-tsa TSA"
