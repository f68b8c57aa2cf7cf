"""Offline JWT inspection, and optional signature verification against a JWKS."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any, cast

from .._jwt import JwtError, decode_claims, decode_header, verify_with_jwks
from ._durations import format_duration
from ._errors import CliError
from ._output import iso_from_epoch


def split_token(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims), unverified, by the library's one JWT decoder."""
    token = token.strip()
    try:
        return decode_header(token), decode_claims(token)
    except JwtError as error:
        raise CliError(str(error)) from None


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
    """Check the signature with the JWKS key the token's kid names, by that key's algorithm; returns the
    key id. Expiry is reported, not enforced."""
    import httpx

    from .._tls import verify_setting  # the clients' trust rule

    split_token(token)  # a malformed token is refused before any request
    try:
        response = httpx.get(jwks_url, verify=verify_setting(verify), timeout=10)
        response.raise_for_status()
        jwks = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise CliError(f"cannot fetch the JWKS from {jwks_url}: {error}") from None
    if not isinstance(jwks, dict):
        raise CliError(f"the JWKS at {jwks_url} is unusable: not a JSON object")
    try:
        key_id, _ = verify_with_jwks(token, cast("dict[str, Any]", jwks))
    except JwtError as error:
        raise CliError(f"{error} (JWKS: {jwks_url})") from None
    return key_id
