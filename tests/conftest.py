"""Shared by every test directory: respx at the transports the clients send on."""

from __future__ import annotations

from typing import Any, ClassVar

import httpx
from respx.mocks import AbstractRequestMocker

from acs_identity._raw import RawRequest, RawResponse


def _raw_response(response: httpx.Response, body: bytes) -> RawResponse:
    return RawResponse(response.status_code, list(response.headers.raw), body, response.reason_phrase)


class TransportMocker(AbstractRequestMocker):
    """`respx.mock(using="transports")`: respx routes answer at the transports a client sends on (httpx's
    own, and our httpcore and aiohttp ones), whichever way the request reaches them: through
    httpx.Client.send, handed to the transport directly by a client's fast path, or as a RawRequest to
    `send_raw` (the raw path, acs_identity._raw)."""

    name = "transports"
    targets: ClassVar[list[str]] = [
        "httpx.HTTPTransport",
        "httpx.AsyncHTTPTransport",
        "acs_identity._httpcore.HttpcoreTransport",
        "acs_identity.aio._aiohttp.AiohttpTransport",
    ]
    target_methods: ClassVar[list[str]] = ["handle_request", "handle_async_request", "send_raw"]

    @classmethod
    def to_httpx_request(cls, **kwargs: Any) -> httpx.Request:
        request: httpx.Request | RawRequest = kwargs["request"]
        return request.to_httpx() if isinstance(request, RawRequest) else request

    @classmethod
    def from_sync_httpx_response(cls, httpx_response: httpx.Response, target: Any, **kwargs: Any) -> Any:
        if isinstance(kwargs["request"], RawRequest):
            return _raw_response(httpx_response, httpx_response.read())
        return httpx_response

    @classmethod
    async def from_async_httpx_response(
        cls, httpx_response: httpx.Response, target: Any, **kwargs: Any
    ) -> Any:
        if isinstance(kwargs["request"], RawRequest):
            return _raw_response(httpx_response, await httpx_response.aread())
        return httpx_response
