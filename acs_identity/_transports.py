"""The transports of an httpx client that a client builds for itself, kept so the fast path can send on them
directly: one for direct connections, and one per proxy the environment names (HTTP_PROXY, HTTPS_PROXY,
ALL_PROXY, with NO_PROXY's exceptions), as httpx.Client would mount them. Read with the standard library's
`urllib.request.getproxies`/`proxy_bypass`, as httpx itself reads them."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import httpx

TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)

# The schemes whose proxies httpx honours ("all" is ALL_PROXY); other *_PROXY variables are not HTTP proxies.
_PROXY_SCHEMES = ("http", "https", "all")
_CACHE_SIZE = 256

# httpx's own transports' pool limits (httpx.HTTPTransport's default), for ours too.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def environment_proxies() -> dict[str, str]:
    """The environment's proxy URL per scheme ("http", "https", "all"); a bare host:port means http://."""
    found: dict[str, str] = {}
    for scheme, url in urllib.request.getproxies().items():
        if scheme in _PROXY_SCHEMES and url:
            found[scheme] = url if "://" in url else f"http://{url}"
    return found


class Transports(Generic[TransportT]):
    """`direct`, and `proxies` (scheme -> the transport through that proxy); `for_url` picks one."""

    __slots__ = ("_routes", "direct", "proxies")

    def __init__(self, direct: TransportT, proxies: Mapping[str, TransportT] | None = None) -> None:
        self.direct: TransportT = direct
        self.proxies: dict[str, TransportT] = dict(proxies or {})
        self._routes: dict[tuple[str, str, int | None], TransportT] = {}

    @classmethod
    def from_environment(cls, make: Callable[[str | None], TransportT]) -> Transports[TransportT]:
        """`make(None)` for direct connections and `make(proxy_url)` for each proxy of the environment."""
        return cls(make(None), {scheme: make(url) for scheme, url in environment_proxies().items()})

    def for_url(self, url: httpx.URL) -> TransportT:
        """The transport for `url`: its scheme's proxy (else ALL_PROXY's) unless NO_PROXY exempts its host."""
        if not self.proxies:
            return self.direct
        key = (url.scheme, url.host, url.port)
        transport = self._routes.get(key)
        if transport is None:
            proxy = self.proxies.get(url.scheme) or self.proxies.get("all")
            if proxy is None or urllib.request.proxy_bypass(url.host):
                proxy = self.direct
            if len(self._routes) >= _CACHE_SIZE:
                self._routes.clear()
            transport = self._routes[key] = proxy
        return transport
