"""An httpx transport on aiohttp's connection pool: the async client's default when aiohttp is installed.

httpcore's async pool spends several milliseconds of CPU per request once dozens are in flight (measured
~5 ms/call at 32 in flight against ~0.9 ms for aiohttp's, scripts/bench.py); behind httpx's transport
interface the rest of the client (auth flows, retries, errors) stays the same. Responses are small JSON
documents, so each is read whole here.
"""

from __future__ import annotations

import ssl
import urllib.request
from collections.abc import Mapping
from typing import Any

import aiohttp
import httpx
from yarl import URL

from .._raw import RawRequest, RawResponse
from .._transports import DEFAULT_LIMITS

_CACHE_SIZE = 256


def _map_error(error: Exception) -> httpx.TransportError:
    """The httpx exception that says what happened, so retries and azure-core error mapping see the same
    kinds as with httpx's own transport (connect vs. response failures)."""
    message = str(error) or type(error).__name__
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(error, aiohttp.SocketTimeoutError):
        return httpx.ReadTimeout(message)
    if isinstance(error, TimeoutError):  # aiohttp's `connect` budget: waiting for a free connection
        return httpx.PoolTimeout(message)
    if isinstance(error, aiohttp.ClientHttpProxyError | aiohttp.ClientProxyConnectionError):
        return httpx.ProxyError(message)
    if isinstance(error, aiohttp.ClientConnectorError | aiohttp.ServerFingerprintMismatch):
        return httpx.ConnectError(message)
    if isinstance(error, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        return httpx.UnsupportedProtocol(message)
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(message)
    if isinstance(error, aiohttp.ClientResponseError):  # a malformed response
        return httpx.RemoteProtocolError(message)
    if isinstance(error, aiohttp.ClientOSError | aiohttp.ClientConnectionError | OSError):
        return httpx.ReadError(message)
    return httpx.TransportError(message)


class AiohttpTransport(httpx.AsyncBaseTransport):
    """`httpx.AsyncClient(transport=AiohttpTransport(verify=...))`: requests go out on an aiohttp session
    (created on first use, in the running loop). With trust_env, proxies come from the environment
    (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY), as with httpx's own transport."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits | None = None,
        trust_env: bool = True,
    ) -> None:
        limits = limits or DEFAULT_LIMITS
        self._ssl: ssl.SSLContext | bool = verify
        self._limit = limits.max_connections or 0  # aiohttp: 0 = unlimited
        self._keepalive = limits.keepalive_expiry
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str | None, int | None], str | None] = {}
        self._urls: dict[str, URL] = {}
        self._timeouts: dict[tuple[Any, ...], aiohttp.ClientTimeout] = {}

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                ssl=self._ssl,
                limit=self._limit,
                keepalive_timeout=self._keepalive if self._keepalive is not None else 15.0,
            )
            session = self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),  # httpx's client keeps cookies, if any, not the transport
                # aiohttp's own trust_env looks proxies and .netrc up in a worker thread on every request
                # (two thread hops per call); the proxy is looked up once per host instead (_proxy).
                trust_env=False,
                auto_decompress=False,  # httpx decodes Content-Encoding itself
            )
        return session

    def _proxy(self, url: URL) -> str | None:
        """The environment's proxy for `url` (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY), as httpx reads them."""
        key = (url.scheme, url.host, url.port)
        try:
            return self._proxies[key]
        except KeyError:
            pass
        proxy = None
        if self._trust_env and url.host is not None and not urllib.request.proxy_bypass(url.host):
            proxies = urllib.request.getproxies()
            proxy = proxies.get(url.scheme) or proxies.get("all")
        self._proxies[key] = proxy
        return proxy

    def _url(self, text: str) -> URL:
        parsed = self._urls.get(text)
        if parsed is None:
            if len(self._urls) >= _CACHE_SIZE:
                self._urls.clear()
            # encoded=True: send the path exactly as httpx built it (and as the request was signed).
            parsed = self._urls[text] = URL(text, encoded=True)
        return parsed

    def _timeout(self, timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
        # aiohttp's twins of httpx's pool, connect and read timeouts (a write timeout has none).
        key = (timeouts.get("pool"), timeouts.get("connect"), timeouts.get("read"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = self._timeouts[key] = aiohttp.ClientTimeout(
                total=None, connect=key[0], sock_connect=key[1], sock_read=key[2]
            )
        return timeout

    async def send_raw(self, request: RawRequest) -> RawResponse:
        """Send one request and read its whole response (the raw path); aiohttp's errors become httpx's."""
        url = self._url(request.target.url_text)
        try:
            async with self._get_session().request(
                request.method,
                url,
                headers=request.headers,
                data=request.content or None,
                allow_redirects=False,
                timeout=self._timeout(request.timeouts),
                proxy=self._proxy(url),
            ) as response:
                body = await response.read()
                return RawResponse(response.status, list(response.raw_headers), body, response.reason)
        except (aiohttp.ClientError, OSError) as error:  # TimeoutError is an OSError
            raise _map_error(error) from error

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return (await self.send_raw(RawRequest.from_httpx(request))).to_httpx()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
