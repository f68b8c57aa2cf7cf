"""The azure-core path for the async client: azure-core's AsyncPipeline (see acs_identity._core_pipeline)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from typing import Any, TypeVar

import httpx
from azure.core.pipeline import AsyncPipeline, PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import AsyncHTTPPolicy

from .._core_pipeline import (
    CoreSettings,
    build_policies,
    call_kwargs,
    copy_signature,
    core_result,
    flow_outcome,
    http_request,
    signing_flow,
)
from .._operations import Call
from .._tracing import operation_span, tracing_enabled

T = TypeVar("T")


class AsyncHttpxAuthPolicy(AsyncHTTPPolicy[Any, Any]):
    """Signs each attempt with the client's httpx.Auth flow (an async bearer flow awaits its credential)."""

    def __init__(self, auth: httpx.Auth) -> None:
        super().__init__()
        self.auth = auth

    async def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        flow: AsyncGenerator[httpx.Request, httpx.Response]
        flow = signing_flow(request, self.auth, asynchronous=True)
        copy_signature(await flow.__anext__(), request)
        response = await self.next.send(request)
        try:
            await flow.asend(flow_outcome(response.http_response.status_code))
        except StopAsyncIteration:
            pass
        return response


class AsyncCorePipeline:
    """Sends Calls through an azure-core AsyncPipeline."""

    def __init__(self, transport: Any, settings: CoreSettings, auth: httpx.Auth) -> None:
        self.auth = auth
        self.retry = settings.retry
        self._pipeline: AsyncPipeline[Any, Any] = AsyncPipeline(
            transport, build_policies(settings, AsyncHttpxAuthPolicy(auth), asynchronous=True)
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth={self.auth!r})"

    async def run(self, call: Call[T], options: Mapping[str, Any]) -> T:
        kwargs = call_kwargs(call, options)
        if not tracing_enabled():
            return await self._send(call, kwargs)
        with operation_span(call.name):
            return await self._send(call, kwargs)

    async def _send(self, call: Call[T], kwargs: dict[str, Any]) -> T:
        request = http_request(call)
        response = await self._pipeline.run(request, **kwargs)
        return core_result(call, request, response.http_response)

    async def close(self) -> None:
        await self._pipeline.__aexit__()
