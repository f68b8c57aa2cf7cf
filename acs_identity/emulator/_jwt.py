"""RS256 JSON Web Tokens with one cached RSA key: the ACS token signer and the Entra ID test issuer."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .._jwt import b64url_decode as _b64url_decode
from .._jwt import b64url_encode as _b64url

_PADDING = padding.PKCS1v15()
_SHA256 = hashes.SHA256()
# One compact encoder for every token: json.dumps(..., separators=...) builds a new encoder per call.
_compact_json = json.JSONEncoder(separators=(",", ":")).encode


def _int_b64url(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class TokenError(Exception):
    """A token that does not verify; the message says why (and never contains the token)."""


class RsaSigner:
    """One RSA-2048 key: signs RS256 JWTs, verifies them, and publishes its public half as a JWK.

    The key object and the encoded JWT header are built once, so signing costs one RSA operation.
    """

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self._private = private_key
        self._public = private_key.public_key()
        numbers = self._public.public_numbers()
        self.jwk: dict[str, str] = {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "n": _int_b64url(numbers.n),
            "e": _int_b64url(numbers.e),
        }
        # RFC 7638 thumbprint as kid: stable for a persisted key, different for every generated one.
        canonical = json.dumps({"e": self.jwk["e"], "kty": "RSA", "n": self.jwk["n"]}, separators=(",", ":"))
        self.kid = _b64url(hashlib.sha256(canonical.encode("ascii")).digest())
        self.jwk["kid"] = self.kid
        header = json.dumps({"alg": "RS256", "kid": self.kid, "typ": "JWT"}, separators=(",", ":"))
        self._header_b64 = _b64url(header.encode("ascii"))

    @classmethod
    def generate(cls) -> RsaSigner:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def from_pem(cls, pem: bytes) -> RsaSigner:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the stored signing key is not an RSA key")
        return cls(key)

    def private_pem(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self._public

    def sign(self, claims: dict[str, Any]) -> str:
        payload = _b64url(_compact_json(claims).encode("utf-8"))
        signing_input = f"{self._header_b64}.{payload}"
        sig = self._private.sign(signing_input.encode("ascii"), _PADDING, _SHA256)
        return f"{signing_input}.{_b64url(sig)}"

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a token this key signed; raises TokenError otherwise (expiry is the caller's job)."""
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenError("the token is not a JWT")
        try:
            header = json.loads(_b64url_decode(parts[0]))
            signature = _b64url_decode(parts[2])
        except (ValueError, UnicodeDecodeError) as exc:
            raise TokenError("the token is not a JWT") from exc
        fields = cast("dict[str, object]", header) if isinstance(header, dict) else {}
        if fields.get("alg") != "RS256" or fields.get("kid") != self.kid:
            raise TokenError("the token was not signed by this emulator")
        try:
            self._public.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"), _PADDING, _SHA256)
        except (InvalidSignature, UnicodeEncodeError) as exc:
            raise TokenError("the token's signature does not verify") from exc
        try:
            claims = json.loads(_b64url_decode(parts[1]))
        except (ValueError, UnicodeDecodeError) as exc:
            raise TokenError("the token's claims are not JSON") from exc
        if not isinstance(claims, dict):
            raise TokenError("the token's claims are not an object")
        return cast("dict[str, Any]", claims)
