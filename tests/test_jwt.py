"""The one JWT decoder (acs_identity._jwt) that the client, the CLI and the emulator share."""

from __future__ import annotations

import json
from typing import Any

import pytest

from acs_identity._jwt import (
    JwtError,
    b64url_decode,
    b64url_encode,
    decode_claims,
    decode_header,
    verify_with_jwks,
)

jwt = pytest.importorskip("jwt")
rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")


def _token(header: object, claims: object, signature: bytes = b"sig") -> str:
    parts = [json.dumps(header).encode(), json.dumps(claims).encode(), signature]
    return ".".join(b64url_encode(p) for p in parts)


def test_round_trip_and_both_alphabets() -> None:
    data = bytes(range(256))
    assert b64url_decode(b64url_encode(data)) == data
    assert b64url_decode(b64url_encode(data) + "==") == data  # padded is fine too
    standard = b64url_encode(data).replace("-", "+").replace("_", "/")
    assert b64url_decode(standard) == data


@pytest.mark.parametrize("segment", ["a", "ab!c", "a b c d", "abcde"])
def test_bad_base64url_is_refused(segment: str) -> None:
    with pytest.raises(JwtError, match="not valid base64url"):
        b64url_decode(segment)


def test_header_and_claims_unverified() -> None:
    token = _token({"alg": "RS256", "kid": "k"}, {"exp": 1_800_000_000, "acsScope": "chat"})
    assert decode_header(token) == {"alg": "RS256", "kid": "k"}
    assert decode_claims(token)["exp"] == 1_800_000_000


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("secretpart.only", "expected 3 '.'-separated segments, found 2"),
        ("e30.secret!!!.x", "payload segment is not valid base64url"),
        ("e30." + b64url_encode(b"secret{") + ".x", "payload is not JSON"),
        ("e30." + b64url_encode(b"[1]") + ".x", "payload is not a JSON object"),
    ],
)
def test_errors_name_the_problem_but_never_the_token(token: str, problem: str) -> None:
    with pytest.raises(JwtError, match=problem) as caught:
        decode_claims(token)
    assert "secret" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_not_a_str() -> None:
    with pytest.raises(TypeError, match="token must be a str, not bytes"):
        decode_claims(b"a.b.c")


def _key_and_jwk(**extra: Any) -> tuple[Any, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="k1", **extra)
    return key, jwk


def test_verify_with_jwks_uses_the_keys_algorithm() -> None:
    key, jwk = _key_and_jwk(alg="RS256")
    good = jwt.encode({"sub": "x"}, key, algorithm="RS256", headers={"kid": "k1"})
    assert verify_with_jwks(good, {"keys": [jwk]}) == ("k1", {"sub": "x"})
    for algorithm in ("PS256", "RS512"):
        chosen_by_token = jwt.encode({"sub": "x"}, key, algorithm=algorithm, headers={"kid": "k1"})
        with pytest.raises(JwtError, match=f"names algorithm '{algorithm}', but its key is for RS256"):
            verify_with_jwks(chosen_by_token, {"keys": [jwk]})


def test_verify_with_jwks_refuses_hmac_with_the_public_key_as_secret() -> None:
    # The classic confusion: an HS256 token "signed" with the RSA public key's published bytes.
    _, jwk = _key_and_jwk(alg="RS256")
    forged = ".".join(
        [b64url_encode(json.dumps({"alg": "HS256", "kid": "k1"}).encode()), b64url_encode(b'{"sub":"x"}')]
    )
    import hashlib
    import hmac

    signature = hmac.new(json.dumps(jwk).encode(), forged.encode(), hashlib.sha256).digest()
    with pytest.raises(JwtError, match="signature not verified"):
        verify_with_jwks(f"{forged}.{b64url_encode(signature)}", {"keys": [jwk]})
