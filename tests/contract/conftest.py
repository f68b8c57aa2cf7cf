"""azure-core's contract against the emulator over HTTPS: an emulator, clients of ours and of Microsoft's
package, and an in-memory OpenTelemetry exporter with azure-core's two tracing modes."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from azure.core.settings import settings
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from acs_identity.emulator import Emulator

_EXPORTER = InMemorySpanExporter()


def _install_provider() -> None:
    # OpenTelemetry takes one global provider per process (xdist workers are processes).
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
        trace.set_tracer_provider(provider)


@pytest.fixture(scope="package")
def emu() -> Iterator[Emulator]:
    with Emulator(https=True) as emulator:
        yield emulator


@pytest.fixture(scope="package")
def busy_emu() -> Iterator[Emulator]:
    """Answers every API request 503: each attempt is visible, deterministically."""
    with Emulator(https=True, faults="503=1") as emulator:
        yield emulator


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    _install_provider()
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


@pytest.fixture(params=["plugin", "native"])
def tracing_mode(request: pytest.FixtureRequest, spans: InMemorySpanExporter) -> Iterator[str]:
    """azure-core's two ways to trace: the azure-core-tracing-opentelemetry plugin, or its native tracing."""
    if request.param == "plugin":
        settings.tracing_implementation = "opentelemetry"
    else:
        settings.tracing_enabled = True
    try:
        yield request.param
    finally:
        settings.tracing_implementation.unset_value()
        settings.tracing_enabled.unset_value()


def finished(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return list(exporter.get_finished_spans())


async def invoke(client: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def close(client: Any) -> None:
    """Close either client (Microsoft's sync client has neither close() nor a context manager)."""
    closer = getattr(client, "close", None)
    result = closer() if closer is not None else None
    if inspect.isawaitable(result):
        await result
