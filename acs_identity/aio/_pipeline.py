"""The asynchronous send/retry/sleep loop; everything else is shared with the sync pipeline (the raw path's
parts too: acs_identity._raw)."""

from __future__ import annotations

from collections.abc import Mapping
from time import perf_counter
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .._errors import was_sent
from .._observe import AttemptObserver
from .._operations import Call
from .._pipeline import NO_AUTH, CallState, PipelineCore
from .._tracing import operation_span

if TYPE_CHECKING:
    from .._raw import RawRequest, RawResponse
    from ._aiohttp import AiohttpTransport

T = TypeVar("T")


def _raw_sender(transport: httpx.AsyncBaseTransport | None) -> AiohttpTransport | None:
    """`transport` if it is our aiohttp transport itself (a subclass may override handle_async_request)."""
    try:
        from ._aiohttp import AiohttpTransport
    except ImportError:  # no aiohttp: httpx's own transport, and no raw path
        return None
    return transport if type(transport) is AiohttpTransport else None


class AsyncPipeline(PipelineCore[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._raw = _raw_sender(self._sole)

    async def run(self, call: Call[T], options: Mapping[str, Any]) -> T:
        state = self.prepare(call, options)
        if not state.tracing:
            return await self._run(call, state)
        with operation_span(call.name):
            return await self._run(call, state)

    async def _run(self, call: Call[T], state: CallState) -> T:
        auth = call.auth or self.auth
        transport = self._raw
        signer = None if transport is None else self.raw_signer(auth, state)
        attempt = 0
        after_response = False
        while True:
            attempt += 1
            started = perf_counter()
            request: httpx.Request | None = None
            try:
                if transport is None or signer is None:
                    request = self.build(call, state, after_response)
                    response = await self.send(request, auth, state, attempt)
                else:
                    sent = self.raw_request(call, state, signer, after_response)
                    answer = await self._send_raw(transport, sent)
                    if answer.final_success:  # no retry, no log line: parsed from the bytes
                        return self.raw_result(call, sent, answer)
                    response = answer.to_httpx(sent.to_httpx())
            except httpx.TransportError as error:
                request = request or error.request
                wait = self.error_delay(call, state, request, error, attempt, started)
                after_response = was_sent(error)
            else:
                delay = self.retry_delay(call, state, response, attempt, started)
                if delay is None:
                    return self.result(call, response)
                wait = delay
                after_response = True
                await response.aclose()
            await state.retry.sleep_async(wait)

    async def _send_raw(self, transport: AiohttpTransport, request: RawRequest) -> RawResponse:
        self.check_open()
        try:
            return await transport.send_raw(request)
        except httpx.TransportError as error:
            error.request = request.to_httpx()  # as on the httpx path
            raise

    async def send(
        self, request: httpx.Request, auth: httpx.Auth, state: CallState, attempt: int
    ) -> httpx.Response:
        self.check_open()
        # The auth flow runs per attempt (a fresh signature or token each time), as in httpx.AsyncClient.send.
        flow = auth.async_auth_flow(request)
        request = await flow.__anext__()
        while True:
            response = await self._observed(request, state, attempt)
            try:
                request = await flow.asend(response)
            except StopAsyncIteration:
                return response
            await response.aclose()

    async def _observed(self, request: httpx.Request, state: CallState, attempt: int) -> httpx.Response:
        if not state.observed:
            return await self._send_one(request)
        observer = AttemptObserver(state, request, attempt)
        try:
            response = await self._send_one(request)
        except BaseException:
            observer.failed()
            raise
        observer.received(response)
        return response

    async def _send_one(self, request: httpx.Request) -> httpx.Response:
        transports = self.transports
        if transports is None:
            return await self.client.send(request, auth=NO_AUTH)
        try:
            transport = self._sole or transports.for_url(request.url)
            response = await transport.handle_async_request(request)
            response.request = request
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        except httpx.RequestError as error:
            error.request = request
            raise
        return response

    async def close(self) -> None:
        if self.owns_client:
            await self.client.aclose()  # closes `transports.direct`, its transport
            if self.transports is not None:
                for proxy in self.transports.proxies.values():
                    await proxy.aclose()
