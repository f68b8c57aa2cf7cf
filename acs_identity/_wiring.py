"""What the synchronous client is built from: httpx.Client and its transports, the fast pipeline and
azure-core's. The client imports this module on its first construction, not when its class is imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from azure.core.pipeline.transport import HttpTransport

from ._core_pipeline import CorePipeline
from ._pipeline import Pipeline

if TYPE_CHECKING:
    import ssl


@dataclass(frozen=True, slots=True)
class Wiring:
    """What one client (sync or async) is built from; `ClientBase.__init__` reads it."""

    http_client_class: type[httpx.Client] | type[httpx.AsyncClient]
    httpx_transport_class: type[httpx.BaseTransport] | type[httpx.AsyncBaseTransport]
    httpx_transport: Callable[..., Any]
    """httpx's own transport: `(verify=, proxy=)` -> a transport."""
    default_transport: Callable[[bool | ssl.SSLContext], Any]
    """The transport of a client we create when the caller names none (it must read the environment's
    proxies itself); None: httpx's own."""
    is_core_transport: Callable[[object], bool]
    """Whether a transport is azure-core's (it selects the azure-core pipeline)."""
    default_core_transport: Callable[..., Any]
    """azure-core's transport, for the azure-core pipeline when the caller names none."""
    make_pipeline: Callable[..., Any]
    make_core_pipeline: Callable[..., Any]


def _default_transport(verify: bool | ssl.SSLContext) -> httpx.BaseTransport | None:
    # httpcore's pool as httpx.HTTPTransport uses it, with the raw path; with a proxy in the environment,
    # httpx's own transports (one per proxy, as httpx.Client mounts them).
    from ._httpcore import HttpcoreTransport
    from ._transports import environment_proxies

    return None if environment_proxies() else HttpcoreTransport(verify=verify)


def _is_core_transport(transport: object) -> bool:
    return isinstance(transport, HttpTransport)


def _default_core_transport(**options: Any) -> HttpTransport[Any, Any]:
    # What Microsoft's client sends with; requests also reads REQUESTS_CA_BUNDLE itself.
    from azure.core.pipeline.transport import RequestsTransport

    transport: HttpTransport[Any, Any] = RequestsTransport(**options)
    return transport


SYNC = Wiring(
    http_client_class=httpx.Client,
    httpx_transport_class=httpx.BaseTransport,
    httpx_transport=httpx.HTTPTransport,
    default_transport=_default_transport,
    is_core_transport=_is_core_transport,
    default_core_transport=_default_core_transport,
    make_pipeline=Pipeline,
    make_core_pipeline=CorePipeline,
)
