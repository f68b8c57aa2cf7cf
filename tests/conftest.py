"""Shared by every test directory: respx at the transports the clients send on."""

from __future__ import annotations

from typing import Any, ClassVar

import httpx
from respx.mocks import AbstractRequestMocker


class TransportMocker(AbstractRequestMocker):
    """`respx.mock(using="transports")`: respx routes answer at the transports a client sends on (httpx's
    own and the async client's default aiohttp one), whichever way the request reaches them: through
    httpx.Client.send, or handed to the transport directly by a client's fast path."""

    name = "transports"
    targets: ClassVar[list[str]] = [
        "httpx.HTTPTransport",
        "httpx.AsyncHTTPTransport",
        "acs_identity.aio._aiohttp.AiohttpTransport",
    ]
    target_methods: ClassVar[list[str]] = ["handle_request", "handle_async_request"]

    @classmethod
    def to_httpx_request(cls, **kwargs: Any) -> httpx.Request:
        request: httpx.Request = kwargs["request"]
        return request

    @classmethod
    def from_sync_httpx_response(cls, httpx_response: httpx.Response, target: Any, **kwargs: Any) -> Any:
        return httpx_response

    @classmethod
    async def from_async_httpx_response(
        cls, httpx_response: httpx.Response, target: Any, **kwargs: Any
    ) -> Any:
        return httpx_response
