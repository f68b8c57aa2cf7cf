"""JSON Web Tokens, read in one place for the client, the CLI and the emulator.

Decoding (base64url segments, the header and the claims, without verification) needs the core install only.
Verification goes through PyJWT where it is installed (the cli extra), always with the algorithm of the key
that verifies, never the one the token's header names: a token must not choose how it is checked.
Errors say what is wrong but never include the token or any part of it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jwt.types import Options


class JwtError(ValueError):
    """Not a JWT, or one that does not verify; the message never contains the token."""


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url, as JWT segments are written."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(segment: str) -> bytes:
    """A JWT segment's bytes: base64url, padded or not (standard base64 too, as some producers emit);
    anything else raises JwtError."""
    stripped = segment.rstrip("=")
    if len(stripped) % 4 == 1:
        raise JwtError("a JWT segment is not valid base64url")
    standard = stripped.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise JwtError("a JWT segment is not valid base64url") from None


def segments(token: object) -> list[str]:
    """The three '.'-separated segments of a compact JWT."""
    if not isinstance(token, str):
        raise TypeError(f"token must be a str, not {type(token).__name__}")
    parts = token.split(".")
    if len(parts) != 3:
        raise JwtError(f"token is not a JWT: expected 3 '.'-separated segments, found {len(parts)}")
    return parts


def _json_object(segment: str, what: str) -> dict[str, Any]:
    try:
        raw = b64url_decode(segment)
    except JwtError:
        raise JwtError(f"token is not a JWT: its {what} segment is not valid base64url") from None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        # `from None`: the decoder's message may quote the token's bytes.
        raise JwtError(f"token is not a JWT: its {what} is not JSON") from None
    if not isinstance(value, dict):
        raise JwtError(f"token is not a JWT: its {what} is not a JSON object")
    return cast("dict[str, Any]", value)


def decode_header(token: object) -> dict[str, Any]:
    """The token's header, unverified."""
    return _json_object(segments(token)[0], "header")


def decode_claims(token: object) -> dict[str, Any]:
    """The token's claims, unverified (the signature is not checked)."""
    return _json_object(segments(token)[1], "payload")


def verify_with_jwks(token: str, jwks: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(key id, claims) when a key of the JWKS verifies the token's signature, with that key's algorithm.

    The header's `kid` picks the candidate keys; its `alg` must be the key's. Expiry, audience and issuer are
    the caller's to judge (this answers "who signed it"). Needs PyJWT (the cli extra).
    """
    try:
        import jwt
    except ImportError:
        raise JwtError(
            "verifying a signature needs PyJWT: pip install 'acs-identity[cli]' (or 'pyjwt[crypto]')"
        ) from None
    header = decode_header(token)
    try:
        key_set = jwt.PyJWKSet.from_dict(dict(jwks))
    except jwt.PyJWTError as error:
        raise JwtError(f"signature not verified: the JWKS is unusable: {error}") from None
    kid = header.get("kid")
    candidates = [key for key in key_set.keys if kid is None or key.key_id == kid]
    if not candidates:
        raise JwtError(f"signature not verified: the JWKS has no key with kid {kid!r}")
    claimed = header.get("alg")
    options: Options = {"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False}
    failure = "no key verifies it"
    for key in candidates:
        algorithm = key.algorithm_name
        if claimed != algorithm:
            failure = f"the token names algorithm {claimed!r}, but its key is for {algorithm}"
            continue
        try:
            claims: dict[str, Any] = jwt.decode(token, key=key.key, algorithms=[algorithm], options=options)
        except jwt.PyJWTError as error:
            failure = str(error)
            continue
        return str(key.key_id or ""), claims
    raise JwtError(f"signature not verified: {failure}")
