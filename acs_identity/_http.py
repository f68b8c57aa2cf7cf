"""azure-core's HttpRequest/HttpResponse surface over what the client sends and receives.

Hooks (`raw_request_hook`, `raw_response_hook`), azure-core's logging and tracing policies and the
exceptions' `.response` all read requests and responses through azure-core's interface (`.method`, `.url`,
`.headers`, `.status_code`, `.reason`, `text()`, `json()`, `.request`). These views give that interface to
the fast path's httpx objects and to the azure-core path's own, so everything downstream is written once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from typing import Any, Protocol

import httpx

REDACTED = "REDACTED"

# Headers whose values are credentials: never in an exception, a log record or a span.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class RequestLike(Protocol):
    """The part of azure.core.rest.HttpRequest that everything downstream reads."""

    @property
    def method(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def headers(self) -> MutableMapping[str, str]: ...


class RequestView:
    """An httpx.Request as azure-core's HttpRequest: `.method`, `.url` (a str), `.headers` (the live,
    case-insensitive headers: a hook's or policy's change is what is sent), `.content` / `.body`."""

    __slots__ = ("_request",)

    def __init__(self, request: httpx.Request) -> None:
        self._request = request

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def url(self) -> str:
        return str(self._request.url)

    @property
    def headers(self) -> httpx.Headers:
        return self._request.headers

    @property
    def content(self) -> bytes:
        return self._request.content

    body = content

    def __repr__(self) -> str:
        return f"<HttpRequest [{self.method}], url: '{self.url}'>"


def redacted_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}


class RedactedRequest:
    """What an exception keeps of the request: method, URL and headers, credentials redacted."""

    __slots__ = ("headers", "method", "url")

    def __init__(self, request: RequestLike) -> None:
        self.method: str = request.method
        self.url: str = request.url
        self.headers: dict[str, str] = redacted_headers(request.headers)

    def __repr__(self) -> str:
        return f"<HttpRequest [{self.method}], url: '{self.url}'>"

    __str__ = __repr__


class ResponseView:
    """A response as azure-core's HttpResponse: `.status_code`, `.headers`, `.reason`, `.content_type`,
    `.request`, `text()`, `json()`, `body()`; built over an httpx.Response or an azure-core response."""

    __slots__ = ("_body", "_encoding", "content_type", "headers", "reason", "request", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        reason: str,
        body: bytes,
        request: RequestLike,
        encoding: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.reason = reason
        self.request = request
        self.content_type: str | None = headers.get("content-type")
        self._body = body
        self._encoding = encoding

    @classmethod
    def from_httpx(
        cls, response: httpx.Response, request: RequestLike, redact_body: bool = False
    ) -> ResponseView:
        # A success body that could not be read may hold an issued token: an exception would print it.
        return cls(
            response.status_code,
            response.headers,
            response.reason_phrase,
            b"" if redact_body else response.content,
            request,
            response.charset_encoding,
        )

    @classmethod
    def from_azure(cls, response: Any, request: RequestLike, redact_body: bool = False) -> ResponseView:
        """From an azure.core.rest.HttpResponse (or a legacy transport response)."""
        return cls(
            response.status_code,
            response.headers,
            response.reason or "",
            b"" if redact_body else response.body(),
            request,
        )

    @property
    def content(self) -> bytes:
        return self._body

    def body(self) -> bytes:
        return self._body

    def text(self, encoding: str | None = None) -> str:
        return self._body.decode(encoding or self._encoding or "utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self._body)

    def __repr__(self) -> str:
        return f"<HttpResponse: {self.status_code} {self.reason}, Content-Type: {self.content_type}>"
