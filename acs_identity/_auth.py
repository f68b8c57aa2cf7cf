"""Request authentication as httpx.Auth flows: HMAC-SHA256 signing and Entra ID bearer tokens.

httpx runs the flow on every `send`, so each retry attempt is signed afresh (new date, new signature)
and picks up a rotated key or a refreshed token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncGenerator, Generator
from email.utils import formatdate
from typing import Protocol

import httpx

from ._endpoint import decode_access_key
from ._signing import authorization, content_hash, string_to_sign

# Entra ID scope of the Communication Services data plane (the double slash is what the service expects).
COMMUNICATION_SCOPE = "https://communication.azure.com//.default"

# Refresh a cached bearer token this long before it expires (as azure-core does)...
_REFRESH_MARGIN = 300.0

_date_cache: tuple[int, str] = (-1, "")


def http_date() -> str:
    """The current time as an RFC 1123 date (`x-ms-date`); formatted at most once per second."""
    global _date_cache
    now = int(time.time())
    cached = _date_cache
    if cached[0] != now:
        cached = (now, formatdate(now, usegmt=True))
        _date_cache = cached
    return cached[1]


class KeySource(Protocol):
    """azure.core.credentials.AzureKeyCredential, structurally (its `.key` changes on `update()`)."""

    @property
    def key(self) -> str: ...


class HmacAuth(httpx.Auth):
    """Signs each request with the resource's access key (HMAC-SHA256 over method, path+query as on the
    wire, date, Host header and body hash)."""

    requires_request_body = True

    def __init__(self, key: bytes | KeySource) -> None:
        if isinstance(key, bytes):
            self._source: KeySource | None = None
            self._key_bytes = key
        else:
            self._source = key
            self._key_bytes = decode_access_key(key.key)
        self._key_text: str | None = None if self._source is None else self._source.key

    def __repr__(self) -> str:
        return "HmacAuth(key=<redacted>)"

    def _key(self) -> bytes:
        source = self._source
        if source is not None:
            text = source.key
            if (
                text is not self._key_text
            ):  # AzureKeyCredential.update() rebinds .key: decode the new key once
                self._key_bytes = decode_access_key(text)
                self._key_text = text
        return self._key_bytes

    def signed_headers(
        self, method: str, host: str, path_query: str, body: bytes
    ) -> tuple[tuple[str, str], ...]:
        """The headers that authenticate a request: `path_query` exactly as on the wire (percent-encoding
        kept) and `host` as the Host header sent (host, or host:port for a non-default port)."""
        date = http_date()
        body_hash = content_hash(body)
        message = string_to_sign(method, path_query, date, host, body_hash)
        return (
            ("x-ms-date", date),
            ("x-ms-content-sha256", body_hash),
            ("authorization", authorization(self._key(), message)),
        )

    def sign(self, request: httpx.Request) -> None:
        headers = request.headers
        url = request.url
        # httpx derives the Host header from the URL unless the caller set one.
        host = headers.get("host") or url.netloc.decode("ascii")
        # Item by item: httpx.Headers.update would build a Headers object from the pairs first.
        for name, value in self.signed_headers(
            request.method, host, url.raw_path.decode("ascii"), request.content
        ):
            headers[name] = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request


class BearerValueAuth(httpx.Auth):
    """A fixed bearer token (the Teams Phone Extension user's Entra ID token for the exchange)."""

    def __init__(self, token: str) -> None:
        self._header = "Bearer " + token

    def __repr__(self) -> str:
        return "BearerValueAuth(token=<redacted>)"

    def signed_headers(
        self, method: str, host: str, path_query: str, body: bytes
    ) -> tuple[tuple[str, str], ...]:
        return (("authorization", self._header),)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = self._header
        yield request


class _AccessTokenLike(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def expires_on(self) -> int: ...


class SyncTokenSource(Protocol):
    def get_token(self, *scopes: str) -> _AccessTokenLike: ...


class AsyncTokenSource(Protocol):
    async def get_token(self, *scopes: str) -> _AccessTokenLike: ...


class _TokenCache:
    """The current bearer header value and when to refresh it; shared by the sync and async flows."""

    def __init__(self) -> None:
        self._header: str | None = None
        self._refresh_at = 0.0

    def invalidate(self) -> None:
        self._header = None

    def current(self) -> str | None:
        if self._header is not None and time.time() < self._refresh_at:
            return self._header
        return None

    def store(self, token: _AccessTokenLike) -> str:
        now = time.time()
        # Short-lived tokens are still reused for half their lifetime rather than refetched per request.
        margin = min(_REFRESH_MARGIN, max(0.0, (token.expires_on - now) / 2))
        self._refresh_at = token.expires_on - margin
        self._header = "Bearer " + token.token
        return self._header


class BearerTokenAuth(httpx.Auth):
    """Entra ID bearer token from an azure-core TokenCredential, cached until shortly before expiry;
    one fetch at a time."""

    def __init__(self, credential: SyncTokenSource) -> None:
        self._credential = credential
        self._cache = _TokenCache()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"BearerTokenAuth(credential={type(self._credential).__name__})"

    def _header(self) -> str:
        header = self._cache.current()
        if header is None:
            with self._lock:
                header = self._cache.current()
                if header is None:
                    header = self._cache.store(self._credential.get_token(COMMUNICATION_SCOPE))
        return header

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = self._header()
        response = yield request
        if response.status_code == 401:  # revoked or rejected: fetch a new token for the next request
            self._cache.invalidate()

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        raise TypeError("a synchronous TokenCredential cannot authenticate an httpx.AsyncClient")
        yield request  # pragma: no cover - makes this an async generator


class AsyncBearerTokenAuth(httpx.Auth):
    """BearerTokenAuth for an azure-core AsyncTokenCredential."""

    def __init__(self, credential: AsyncTokenSource) -> None:
        import asyncio  # here, not at module level: sync-only programs need not import asyncio

        self._credential = credential
        self._cache = _TokenCache()
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"AsyncBearerTokenAuth(credential={type(self._credential).__name__})"

    async def _header(self) -> str:
        header = self._cache.current()
        if header is None:
            async with self._lock:
                header = self._cache.current()
                if header is None:
                    header = self._cache.store(await self._credential.get_token(COMMUNICATION_SCOPE))
        return header

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise TypeError("an AsyncTokenCredential cannot authenticate a synchronous httpx.Client")
        yield request  # pragma: no cover - makes this a generator

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.headers["authorization"] = await self._header()
        response = yield request
        if response.status_code == 401:  # revoked or rejected: fetch a new token for the next request
            self._cache.invalidate()
