"""The asynchronous send/retry/sleep loop; everything else is shared with the sync pipeline."""

from __future__ import annotations

import asyncio
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
        request = self.build(call)
        auth = call.auth or self.auth
        attempt = 0
        while True:
            attempt += 1
            started = perf_counter()
            try:
                response = await self.client.send(request, auth=auth)
            except httpx.TransportError as error:
                wait = self.error_delay(call, request, error, attempt, started)
            else:
                delay = self.retry_delay(call, response, attempt, started)
                if delay is None:
                    return self.result(call, response)
                wait = delay
                await response.aclose()
            await sleep(wait)

    async def close(self) -> None:
        if self.owns_client:
            await self.client.aclose()
