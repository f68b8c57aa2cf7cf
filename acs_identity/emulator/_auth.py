"""How the service authenticates callers: HMAC-SHA256 with the access key, or an Entra ID bearer token."""

from __future__ import annotations

import hmac
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote

from acs_identity import _signing

from ._constants import ENTRA_AUDIENCES, MAX_CLOCK_SKEW, entra_issuer
from ._errors import ApiError, denied
from ._jwt import RsaSigner, TokenError

_HMAC_PREFIX = "HMAC-SHA256 "
_BEARER_PREFIX = "bearer "
_MAX_SKEW_SECONDS = MAX_CLOCK_SKEW.total_seconds()
_BEARER_CACHE_LIMIT = 4096


def verify_entra_token(
    issuer_key: RsaSigner, token: str, audiences: tuple[str, ...], now: float | None = None
) -> dict[str, Any]:
    """The claims of an unexpired token of the emulator's Entra ID test issuer for one of `audiences`."""
    claims = issuer_key.verify(token)
    tid = claims.get("tid")
    if not isinstance(tid, str) or claims.get("iss") != entra_issuer(tid):
        raise TokenError("the token's issuer is not the emulator's test issuer")
    aud = claims.get("aud")
    if aud not in audiences:
        raise TokenError("the token's audience is not Azure Communication Services")
    exp = claims.get("exp")
    current = time.time() if now is None else now
    if not isinstance(exp, int | float) or exp <= current:
        raise TokenError("the token has expired")
    nbf = claims.get("nbf")
    if isinstance(nbf, int | float) and nbf > current + _MAX_SKEW_SECONDS:
        raise TokenError("the token is not valid yet")
    return claims


class Authenticator:
    """Checks the Authorization of an API request; raises ApiError(401, "Denied") when it fails."""

    def __init__(
        self, access_key: bytes, issuer_key: RsaSigner, replay_window: float = _MAX_SKEW_SECONDS
    ) -> None:
        self._key = access_key
        self._replay_window = replay_window
        self._issuer_key = issuer_key
        # Verified bearer tokens -> exp, so a client reusing its token costs one dict lookup.
        self._bearers: dict[str, float] = {}
        self._dates: dict[str, float] = {}

    def authenticate(
        self,
        method: str,
        raw_path: bytes,
        query: bytes,
        headers: dict[bytes, bytes],
        body: bytes,
    ) -> None:
        authorization = headers.get(b"authorization")
        if authorization is None:
            raise denied("Authorization header is missing.")
        text = authorization.decode("latin-1")
        if text.startswith(_HMAC_PREFIX):
            self._verify_hmac(method, raw_path, query, headers, body, text)
        elif text[:7].lower() == _BEARER_PREFIX:
            self.verify_bearer(text[7:].strip())
        else:
            raise denied("Authorization scheme is not supported; use HMAC-SHA256 or Bearer.")

    def verify_bearer(self, token: str) -> None:
        now = time.time()
        exp = self._bearers.get(token)
        if exp is not None and exp > now:
            return
        try:
            claims = verify_entra_token(self._issuer_key, token, ENTRA_AUDIENCES, now)
        except TokenError as exc:
            raise denied(f"Bearer token is not valid: {exc}.") from None
        if len(self._bearers) >= _BEARER_CACHE_LIMIT:
            self._bearers.clear()
        self._bearers[token] = float(claims["exp"])

    def _verify_hmac(
        self,
        method: str,
        raw_path: bytes,
        query: bytes,
        headers: dict[bytes, bytes],
        body: bytes,
        authorization: str,
    ) -> None:
        fields: dict[str, str] = {}
        for part in authorization[len(_HMAC_PREFIX) :].split("&"):
            name, _, value = part.partition("=")
            fields[name] = value
        signed_headers = fields.get("SignedHeaders", "")
        provided = fields.get("Signature", "")
        if not provided or signed_headers.lower() not in (
            _signing.SIGNED_HEADERS,
            "date;host;x-ms-content-sha256",
        ):
            raise denied("Authorization header is not a valid HMAC-SHA256 authorization.")
        date_header = b"x-ms-date" if signed_headers.lower().startswith("x-ms-date") else b"date"
        # The header named in SignedHeaders is the one signed: x-ms-date signed but only Date sent is refused.
        raw_date = headers.get(date_header)
        host = headers.get(b"host")
        content_sha = headers.get(b"x-ms-content-sha256")
        if raw_date is None or host is None or content_sha is None:
            raise denied(
                f"Request is missing one of the signed headers {date_header.decode()}, host, x-ms-content-sha256."
            )
        date = raw_date.decode("latin-1")
        sent_at = self._dates.get(date)
        if sent_at is None:
            try:
                sent_at = parsedate_to_datetime(date).timestamp()
            except (TypeError, ValueError, IndexError):
                raise denied("Request date header is not a valid RFC 1123 date.") from None
            # Clients send the same date string for a whole second: parse it once.
            if len(self._dates) >= 64:
                self._dates.clear()
            self._dates[date] = sent_at
        if abs(time.time() - sent_at) > self._replay_window:
            raise denied(
                f"Request date is more than {_duration(self._replay_window)} away from the server's time."
            )
        body_hash = _signing.content_hash(body)
        if not hmac.compare_digest(content_sha, body_hash.encode("ascii")):
            raise denied("Request 'x-ms-content-sha256' differs from generated content hash.")
        path = raw_path.decode("latin-1")
        if query:
            path += "?" + query.decode("latin-1")
        host_text = host.decode("latin-1")
        expected = provided.encode("latin-1")
        # The official sync client signs the path as sent (percent-encoded), its async client the decoded one.
        candidates = (path, unquote(path)) if "%" in path else (path,)
        for candidate in candidates:
            message = _signing.string_to_sign(method, candidate, date, host_text, body_hash)
            if hmac.compare_digest(_signing.signature(self._key, message).encode("ascii"), expected):
                return
        raise denied("Request signature is not valid.")


def _duration(seconds: float) -> str:
    if seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"


def bearer_token(headers: dict[bytes, bytes]) -> str:
    """The bearer token of a request that must carry one (the Teams Phone Extension exchange)."""
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    if authorization[:7].lower() != _BEARER_PREFIX or not authorization[7:].strip():
        raise ApiError(
            401, "InvalidAccessToken", "A bearer token of the Teams Phone Extension user is required."
        )
    return authorization[7:].strip()
