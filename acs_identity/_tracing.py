"""Distributed tracing through azure-core's settings, with the spans Microsoft's client makes.

Both of azure-core's modes: a tracing plugin (`settings.tracing_implementation = "opentelemetry"`, from
azure-core-tracing-opentelemetry) or azure-core's native OpenTelemetry tracing (`settings.tracing_enabled =
True`). Each operation is an INTERNAL span named `CommunicationIdentityClient.<method>` (what azure-core's
`distributed_trace` decorator names Microsoft's); each attempt is a CLIENT span made by azure-core's own
DistributedTracingPolicy (so its name, HTTP attributes, `traceparent` and error recording are azure-core's),
fed our requests through acs_identity._http's views. Both spans also carry `az.namespace`.

With tracing off, the cost is one `settings.tracing_enabled()` reading per call.
"""

# azure-core's tracing API is typed with unparameterised generics (AbstractSpan): its members read as
# partially unknown to pyright, through no fault of this module.
# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

from azure.core.instrumentation import get_tracer
from azure.core.pipeline.policies import DistributedTracingPolicy
from azure.core.settings import settings
from azure.core.tracing import SpanKind
from azure.core.tracing.common import change_context

from ._version import VERSION

SPAN_ATTRIBUTES = {"az.namespace": "Microsoft.Communication"}
LIBRARY_NAME = "acs-identity"
CLIENT_NAME = "CommunicationIdentityClient"


def tracing_enabled() -> bool:
    return bool(settings.tracing_enabled())


def http_tracing_policy() -> DistributedTracingPolicy[Any, Any]:
    """The per-attempt CLIENT span policy, as both pipelines use it."""
    return DistributedTracingPolicy(
        tracing_attributes=SPAN_ATTRIBUTES,
        instrumentation_config={"library_name": LIBRARY_NAME, "library_version": VERSION},
    )


def _error_type(error: BaseException) -> str:
    kind = type(error)
    module = kind.__module__ if kind.__module__ != "builtins" else ""
    return f"{module}.{kind.__qualname__}" if module else kind.__qualname__


@contextmanager
def operation_span(operation: str) -> Generator[None, None, None]:
    """The INTERNAL span of one operation, as azure-core's distributed_trace makes it."""
    name = f"{CLIENT_NAME}.{operation}"
    span_impl_type = settings.tracing_implementation()
    if span_impl_type is not None:
        with change_context(None), span_impl_type(name=name, kind=SpanKind.INTERNAL) as span:
            for key, value in SPAN_ATTRIBUTES.items():
                span.add_attribute(key, value)
            yield
        return
    tracer = get_tracer(library_name=LIBRARY_NAME, library_version=VERSION)
    if tracer is None:  # native tracing on, but opentelemetry-api is not installed
        yield
        return
    with tracer.start_as_current_span(name=name, kind=SpanKind.INTERNAL, attributes=SPAN_ATTRIBUTES) as span:
        try:
            yield
        except Exception as error:
            span.set_attribute("error.type", _error_type(error))
            raise
