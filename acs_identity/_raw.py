"""The raw path: requests and responses as plain parts, for the transports that send them without building
httpx's Request and Response (the sync httpcore one and the async aiohttp one).

A call nobody observes (no logging, tracing or hooks) and signed with a request-only auth (the access key, a
fixed bearer token) is sent this way: its headers are a plain dict, signed in place, and a 2xx answer is parsed
from its bytes. httpx's objects cost about a quarter of such a call's CPU (scripts/bench.py). Anything else (a
retry, an error, a Content-Encoding to undo) becomes the httpx objects the rest of the client handles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx


class Target:
    """A URL as the raw path sends and signs it, parsed once by httpx (so the same bytes as its path)."""

    __slots__ = ("host", "path_query", "url", "url_text")

    def __init__(self, url: httpx.URL) -> None:
        self.url = url
        self.url_text = str(url)
        # Host header as httpx derives it (host, or host:port for a non-default port); path and query
        # exactly as on the wire, percent-encoding kept: both are signed.
        self.host = url.netloc.decode("ascii")
        self.path_query = url.raw_path.decode("ascii")


class RawRequest:
    """What one attempt sends: `headers` are final (signed), `timeouts` httpx's dict (pool, connect, read,
    write)."""

    __slots__ = ("content", "headers", "method", "target", "timeouts")

    def __init__(
        self,
        method: str,
        target: Target,
        headers: Mapping[str, str] | list[tuple[str, str]],
        content: bytes | None,
        timeouts: Mapping[str, float | None],
    ) -> None:
        self.method = method
        self.target = target
        self.headers = headers
        self.content = content
        self.timeouts = timeouts

    @classmethod
    def from_httpx(cls, request: httpx.Request) -> RawRequest:
        # latin-1 (as h11 and httpcore send them): decoding the raw pairs skips httpx's encoding detection.
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers.raw]
        timeouts: Mapping[str, float | None] = request.extensions.get("timeout") or {}
        return cls(request.method, Target(request.url), headers, request.content, timeouts)

    def to_httpx(self) -> httpx.Request:
        """The request as httpx would have sent it: for errors, logs of retries and the response's
        `.request`."""
        return httpx.Request(
            self.method,
            self.target.url,
            content=self.content,
            headers=self.headers,
            extensions={"timeout": dict(self.timeouts)},
        )


class RawResponse:
    """A whole response as a transport read it; `to_httpx()` makes it the httpx.Response the rest of the
    client handles (which undoes a Content-Encoding)."""

    __slots__ = ("body", "headers", "reason", "status")

    def __init__(
        self, status: int, headers: list[tuple[bytes, bytes]], body: bytes, reason: str | None
    ) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.reason = reason

    @property
    def final_success(self) -> bool:
        """A 2xx with a body as sent (nothing to retry, nothing to decode): parsed straight from `body`."""
        return 200 <= self.status < 300 and not any(
            name.lower() == b"content-encoding" for name, _ in self.headers
        )

    def to_httpx(self, request: httpx.Request | None = None) -> httpx.Response:
        extensions: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if self.reason:
            extensions["reason_phrase"] = self.reason.encode("ascii", "replace")
        return httpx.Response(
            self.status, headers=self.headers, content=self.body, extensions=extensions, request=request
        )
