"""The asynchronous send/retry/sleep loop; everything else is shared with the sync pipeline."""

from __future__ import annotations

import asyncio
import uuid
from time import perf_counter
from typing import TypeVar

import httpx

from .._operations import Call
from .._pipeline import PipelineCore

T = TypeVar("T")

# Patched by tests (no real sleeping).
sleep = asyncio.sleep


class AsyncPipeline(PipelineCore[httpx.AsyncClient]):
    async def run(self, call: Call[T]) -> T:
        # One request id per call, kept across retries (so the service can correlate the attempts).
        request_id = str(uuid.uuid4())
        auth = call.auth or self.auth
        attempt = 0
        while True:
            attempt += 1
            started = perf_counter()
            request = self.build(call, request_id)
            try:
                response = await self.send(request, auth)
            except httpx.TransportError as error:
                wait = self.error_delay(call, request, error, attempt, started)
            else:
                delay = self.retry_delay(call, response, attempt, started)
                if delay is None:
                    return self.result(call, response)
                wait = delay
                await response.aclose()
            await sleep(wait)

    async def send(self, request: httpx.Request, auth: httpx.Auth) -> httpx.Response:
        if not self.direct:
            return await self.client.send(request, auth=auth)
        self.check_open()
        # The auth flow runs per attempt (a fresh signature or token each time), as in httpx.AsyncClient.send.
        flow = auth.async_auth_flow(request)
        request = await flow.__anext__()
        while True:
            response = await self._send_one(request)
            try:
                request = await flow.asend(response)
            except StopAsyncIteration:
                return response
            await response.aclose()

    async def _send_one(self, request: httpx.Request) -> httpx.Response:
        try:
            # httpx's own lookup of the transport for a URL (honours `mounts`); it has no public spelling.
            transport = self.client._transport_for_url(request.url)  # pyright: ignore[reportPrivateUsage]
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
            await self.client.aclose()
