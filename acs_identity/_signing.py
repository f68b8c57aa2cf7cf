"""The HMAC-SHA256 scheme of Azure Communication Services, as pure functions.

Shared by the client's request signer and the emulator's verifier, so both sides compute the
string to sign the same way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNED_HEADERS = "x-ms-date;host;x-ms-content-sha256"
AUTHORIZATION_PREFIX = "HMAC-SHA256 SignedHeaders=" + SIGNED_HEADERS + "&Signature="

_EMPTY_BODY_HASH = base64.b64encode(hashlib.sha256(b"").digest()).decode("ascii")


def content_hash(body: bytes) -> str:
    """base64(SHA-256(body)), the value of `x-ms-content-sha256`."""
    if not body:
        return _EMPTY_BODY_HASH
    return base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def string_to_sign(method: str, path_and_query: str, date: str, host: str, body_hash: str) -> str:
    return f"{method.upper()}\n{path_and_query}\n{date};{host};{body_hash}"


def signature(key: bytes, message: str) -> str:
    """base64(HMAC-SHA256(key, message)); `key` is the decoded access key."""
    return base64.b64encode(hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")


def authorization(key: bytes, message: str) -> str:
    return AUTHORIZATION_PREFIX + signature(key, message)
