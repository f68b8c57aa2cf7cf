"""What the asynchronous client is built from: httpx.AsyncClient over aiohttp's pool (httpx's own without
aiohttp), the fast pipeline and azure-core's. Imported on the client's first construction."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
from azure.core.pipeline.transport import AsyncHttpTransport

from .._wiring import Wiring
from ._core_pipeline import AsyncCorePipeline
from ._pipeline import AsyncPipeline


def _default_transport(verify: bool | ssl.SSLContext) -> httpx.AsyncBaseTransport | None:
    # aiohttp's pool costs a fraction of httpcore's CPU per request under concurrency (scripts/bench.py);
    # without aiohttp installed, httpx's own transport serves.
    try:
        from ._aiohttp import AiohttpTransport
    except ImportError:
        return None
    return AiohttpTransport(verify=verify)


def _is_core_transport(transport: object) -> bool:
    return isinstance(transport, AsyncHttpTransport)


def _default_core_transport(**options: Any) -> AsyncHttpTransport[Any, Any]:
    # What Microsoft's async client sends with.
    from azure.core.pipeline.transport import AioHttpTransport

    transport: AsyncHttpTransport[Any, Any] = AioHttpTransport(**options)
    return transport


ASYNC = Wiring(
    http_client_class=httpx.AsyncClient,
    httpx_transport_class=httpx.AsyncBaseTransport,
    httpx_transport=httpx.AsyncHTTPTransport,
    default_transport=_default_transport,
    is_core_transport=_is_core_transport,
    default_core_transport=_default_core_transport,
    make_pipeline=AsyncPipeline,
    make_core_pipeline=AsyncCorePipeline,
)
