"""Offline JWT inspection, and optional signature verification against a JWKS."""

from __future__ import annotations

import base64
import binascii
import json
import time
from datetime import timedelta
from typing import Any, cast

from ._durations import format_duration
from ._errors import CliError
from ._output import iso_from_epoch

_NOT_A_JWT = "not a JWT: expected three dot-separated base64url parts (header.claims.signature)"


def _b64url_json(segment: str, what: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CliError(f"not a JWT: the {what} is not base64url-encoded JSON") from None
    if not isinstance(value, dict):
        raise CliError(f"not a JWT: the {what} is not a JSON object")
    return cast("dict[str, Any]", value)


def split_token(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    parts = token.strip().split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise CliError(_NOT_A_JWT)
    return _b64url_json(parts[0], "header"), _b64url_json(parts[1], "claims section")


def scopes_of(claims: dict[str, Any]) -> list[str]:
    """ACS tokens carry 'acsScope' ('chat,voip'); Entra ID tokens carry 'scp' (space-separated)."""
    acs_scope = claims.get("acsScope")
    if isinstance(acs_scope, str):
        return [s.strip() for s in acs_scope.split(",") if s.strip()]
    if isinstance(acs_scope, list):
        return [str(s) for s in cast("list[object]", acs_scope)]
    scp = claims.get("scp")
    if isinstance(scp, str):
        return scp.split()
    if isinstance(scp, list):
        return [str(s) for s in cast("list[object]", scp)]
    return []


def describe_token(token: str, *, now: float | None = None) -> dict[str, Any]:
    header, claims = split_token(token)
    now = time.time() if now is None else now
    result: dict[str, Any] = {"header": header, "claims": claims, "scopes": scopes_of(claims)}
    issued = claims.get("iat")
    expires = claims.get("exp")
    result["issuedAt"] = iso_from_epoch(issued) if isinstance(issued, int | float) else None
    result["expiresOn"] = iso_from_epoch(expires) if isinstance(expires, int | float) else None
    if isinstance(expires, int | float):
        left = expires - now
        result["expired"] = left <= 0
        result["timeLeft"] = format_duration(timedelta(seconds=int(left))) if left > 0 else "0s"
    else:
        result["expired"] = None
        result["timeLeft"] = None
    return result


def jwks_url_for(endpoint: str) -> str:
    return endpoint.rstrip("/") + "/.well-known/jwks.json"


def verify_signature(token: str, jwks_url: str, *, verify: bool | str = True) -> str:
    """Check the signature with the key the JWKS names; returns the key id. Expiry is reported, not enforced."""
    try:
        import jwt
    except ImportError:
        raise CliError(
            "--verify needs PyJWT: pip install 'acs-identity[cli]' (or pip install 'pyjwt[crypto]')"
        ) from None
    import httpx

    header, _ = split_token(token)
    try:
        response = httpx.get(jwks_url, verify=verify, timeout=10)
        response.raise_for_status()
        jwks = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise CliError(f"cannot fetch the JWKS from {jwks_url}: {error}") from None
    try:
        key_set = jwt.PyJWKSet.from_dict(jwks)
    except jwt.PyJWTError as error:
        raise CliError(f"the JWKS at {jwks_url} is unusable: {error}") from None
    kid = header.get("kid")
    candidates = [k for k in key_set.keys if kid is None or k.key_id == kid]
    if not candidates:
        raise CliError(f"signature not verified: the JWKS at {jwks_url} has no key with kid {kid!r}")
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm.lower() == "none":
        raise CliError("signature not verified: the token names no signing algorithm")
    options = {"verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False}
    last_error: Exception | None = None
    for candidate in candidates:
        try:
            jwt.decode(token, key=candidate.key, algorithms=[algorithm], options=options)  # type: ignore[arg-type]
        except jwt.PyJWTError as error:
            last_error = error
            continue
        return str(candidate.key_id or "")
    raise CliError(f"signature not verified: {last_error}")
