import base64
import json
import time
from typing import Any

import httpx
import pytest
import respx

from acs_identity.cli._errors import CliError
from acs_identity.cli._jwt import describe_token, jwks_url_for, scopes_of, split_token, verify_signature

jwt = pytest.importorskip("jwt")
rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa")

JWKS_URL = "https://issuer.example/.well-known/jwks.json"


def _unsigned(claims: dict[str, Any]) -> str:
    def segment(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{segment({'alg': 'RS256', 'typ': 'JWT'})}.{segment(claims)}.c2ln"


def test_describe_acs_token() -> None:
    now = 1_800_000_000
    token = _unsigned({"skypeid": "acs:x", "acsScope": "chat,voip", "iat": now - 60, "exp": now + 5400})
    info = describe_token(token, now=now)
    assert info["scopes"] == ["chat", "voip"]
    assert info["issuedAt"] == "2027-01-15T07:59:00+00:00"
    assert info["expiresOn"] == "2027-01-15T09:30:00+00:00"
    assert info["timeLeft"] == "1h30m"
    assert info["expired"] is False
    assert info["header"]["alg"] == "RS256"


def test_describe_expired_entra_token() -> None:
    token = _unsigned({"scp": "User.Read openid", "exp": 100})
    info = describe_token(token, now=200)
    assert info["scopes"] == ["User.Read", "openid"]
    assert info["expired"] is True
    assert info["timeLeft"] == "0s"


def test_scopes_of_other_shapes() -> None:
    assert scopes_of({"acsScope": ["chat"]}) == ["chat"]
    assert scopes_of({"scp": 1792}) == []
    assert scopes_of({}) == []


@pytest.mark.parametrize("token", ["", "abc", "a.b", "a.b.c.d", "!!!.e30.x", "WzFd.WzFd.x"])
def test_not_a_jwt(token: str) -> None:
    with pytest.raises(CliError, match="not a JWT"):
        split_token(token)


def test_jwks_url_for() -> None:
    assert jwks_url_for("http://127.0.0.1:1/") == "http://127.0.0.1:1/.well-known/jwks.json"


def _keypair(kid: str) -> tuple[Any, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid, use="sig", alg="RS256")
    return key, jwk


@respx.mock
def test_verify_signature() -> None:
    key, jwk = _keypair("k1")
    _, other = _keypair("k2")
    respx.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [other, jwk]}))
    token = jwt.encode({"exp": int(time.time()) - 10}, key, algorithm="RS256", headers={"kid": "k1"})
    assert verify_signature(token, JWKS_URL) == "k1"  # expired, but the signature is what --verify checks


@respx.mock
def test_verify_signature_rejects_a_forgery() -> None:
    _, jwk = _keypair("k1")
    forger, _ = _keypair("k1")
    respx.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [jwk]}))
    token = jwt.encode({"sub": "x"}, forger, algorithm="RS256", headers={"kid": "k1"})
    with pytest.raises(CliError, match="signature not verified") as caught:
        verify_signature(token, JWKS_URL)
    assert token not in caught.value.message


@respx.mock
def test_verify_signature_unknown_kid() -> None:
    key, jwk = _keypair("k1")
    respx.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [jwk]}))
    token = jwt.encode({"sub": "x"}, key, algorithm="RS256", headers={"kid": "zzz"})
    with pytest.raises(CliError, match="no key with kid 'zzz'"):
        verify_signature(token, JWKS_URL)


@respx.mock
def test_verify_signature_unreachable_jwks() -> None:
    respx.get(JWKS_URL).mock(return_value=httpx.Response(404))
    with pytest.raises(CliError, match="cannot fetch the JWKS"):
        verify_signature(_unsigned({"sub": "x"}), JWKS_URL)


@respx.mock
def test_verify_signature_uses_the_keys_algorithm_not_the_tokens() -> None:
    # The token names PS256, which the same RSA key could verify; the JWKS says the key is for RS256 only.
    key, jwk = _keypair("k1")
    respx.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [jwk]}))
    token = jwt.encode({"sub": "x"}, key, algorithm="PS256", headers={"kid": "k1"})
    with pytest.raises(CliError, match="signature not verified: the token names algorithm 'PS256'") as caught:
        verify_signature(token, JWKS_URL)
    assert token not in caught.value.message


@respx.mock
def test_verify_signature_refuses_an_unsigned_token() -> None:
    _, jwk = _keypair("k1")
    respx.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [jwk]}))
    token = jwt.encode({"sub": "x"}, None, algorithm="none", headers={"kid": "k1"})
    with pytest.raises(CliError, match="signature not verified"):
        verify_signature(token, JWKS_URL)
