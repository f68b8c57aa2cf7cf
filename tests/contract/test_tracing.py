"""Distributed tracing through azure-core's settings, in both of its modes, sync and async, on both of our
pipelines: the spans Microsoft's client makes (checked by running it beside ours), plus `az.namespace`; a
W3C traceparent whose parent is the CLIENT span; failures and retries on the spans; nothing with tracing off."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest
from azure.communication.identity import CommunicationIdentityClient as MsClient
from azure.communication.identity.aio import CommunicationIdentityClient as MsAsyncClient
from azure.core.exceptions import HttpResponseError, ServiceRequestError
from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

import acs_identity
import acs_identity.aio
from acs_identity.emulator import Emulator

from .conftest import close, finished, invoke

MODES = ("sync", "async")


class RecordingTransport(httpx.BaseTransport):
    def __init__(self, verify: str) -> None:
        self.inner = httpx.HTTPTransport(verify=ssl.create_default_context(cafile=verify))
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, verify: str) -> None:
        self.inner = httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=verify))
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class RecordingRequestsTransport(RequestsTransport):  # type: ignore[misc]
    """azure-core's own RequestsTransport, keeping the headers each request went out with."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent: list[dict[str, str]] = []

    def send(self, request: Any, **kwargs: Any) -> Any:
        self.sent.append(dict(request.headers))
        return super().send(request, **kwargs)


def _ours(emu: Emulator, mode: str, **options: Any) -> Any:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    return cls.from_connection_string(emu.connection_string, **options)


def _recorded(emu: Emulator, mode: str) -> tuple[Any, list[httpx.Request]]:
    assert emu.ca_cert_path
    transport: RecordingTransport | AsyncRecordingTransport = (
        RecordingTransport(emu.ca_cert_path) if mode == "sync" else AsyncRecordingTransport(emu.ca_cert_path)
    )
    return _ours(emu, mode, transport=transport), transport.requests


def _shape(spans: list[ReadableSpan]) -> list[tuple[str, SpanKind, bool, frozenset[str]]]:
    """What two clients' spans must share: name, kind, whether it has a parent among them, attribute names."""
    ids = {span.context.span_id for span in spans}
    return sorted(
        (
            span.name,
            span.kind,
            span.parent is not None and span.parent.span_id in ids,
            frozenset(span.attributes or {}),
        )
        for span in spans
    )


def _microsoft(emu: Emulator, mode: str) -> Any:
    cls: Any = MsClient if mode == "sync" else MsAsyncClient
    return cls.from_connection_string(emu.connection_string, connection_verify=emu.ca_cert_path)


@pytest.mark.parametrize("mode", MODES)
async def test_same_spans_as_microsofts_client_plus_namespace(
    emu: Emulator, mode: str, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    theirs = _microsoft(emu, mode)
    try:
        await invoke(theirs, "create_user")
    finally:
        await close(theirs)
    expected = _shape(finished(spans))
    spans.clear()
    ours = _ours(emu, mode, connection_verify=emu.ca_cert_path)
    try:
        await invoke(ours, "create_user")
    finally:
        await close(ours)
    got = finished(spans)
    assert [(n, k, p) for n, k, p, _ in _shape(got)] == [(n, k, p) for n, k, p, _ in expected]
    assert {span.name for span in got} == {"CommunicationIdentityClient.create_user", "POST"}
    for (_, _, _, our_keys), (_, _, _, their_keys) in zip(_shape(got), expected, strict=True):
        assert their_keys - {"component"} <= our_keys  # the plugin's "component" only on some versions
        assert "az.namespace" in our_keys
    client_span = next(span for span in got if span.kind is SpanKind.CLIENT)
    attributes = client_span.attributes or {}
    assert attributes["http.request.method"] == "POST"
    assert attributes["http.response.status_code"] == 201
    assert attributes["server.address"] == "localhost"
    assert str(attributes["url.full"]).startswith(emu.endpoint.rstrip("/") + "/identities?api-version=")
    assert attributes["az.namespace"] == "Microsoft.Communication"


@pytest.mark.parametrize("mode", MODES)
async def test_traceparent_names_the_client_span(
    emu: Emulator, mode: str, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    client, sent = _recorded(emu, mode)
    try:
        await invoke(client, "create_user")
    finally:
        await close(client)
    internal = next(span for span in finished(spans) if span.kind is SpanKind.INTERNAL)
    http = next(span for span in finished(spans) if span.kind is SpanKind.CLIENT)
    version, trace_id, parent_id, _flags = sent[0].headers["traceparent"].split("-")
    assert version == "00"
    assert int(trace_id, 16) == internal.context.trace_id == http.context.trace_id
    assert int(parent_id, 16) == http.context.span_id
    assert http.parent is not None and http.parent.span_id == internal.context.span_id


@pytest.mark.parametrize("mode", MODES)
async def test_failures_are_recorded(
    emu: Emulator, mode: str, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    client = _ours(emu, mode, connection_verify=emu.ca_cert_path)
    try:
        with pytest.raises(HttpResponseError):
            await invoke(client, "get_token", "8:acs:not-a-valid-identity", ["chat"])
    finally:
        await close(client)
    internal = next(span for span in finished(spans) if span.kind is SpanKind.INTERNAL)
    http = next(span for span in finished(spans) if span.kind is SpanKind.CLIENT)
    assert internal.name == "CommunicationIdentityClient.get_token"
    assert internal.status.status_code is StatusCode.ERROR
    assert (internal.attributes or {})["error.type"] == "azure.core.exceptions.HttpResponseError"
    assert (http.attributes or {})["error.type"] == "400"


@pytest.mark.parametrize("mode", MODES)
async def test_unreachable_service_is_recorded(
    mode: str, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    # Port 9 on loopback: nothing listens (discard), so the connection is refused at once.
    client = _ours_at("http://127.0.0.1:9", mode, retry_total=0)
    try:
        with pytest.raises(ServiceRequestError):
            await invoke(client, "create_user")
    finally:
        await close(client)
    internal = next(span for span in finished(spans) if span.kind is SpanKind.INTERNAL)
    http = next(span for span in finished(spans) if span.kind is SpanKind.CLIENT)
    assert internal.status.status_code is StatusCode.ERROR
    assert (internal.attributes or {})["error.type"] == "azure.core.exceptions.ServiceRequestError"
    assert "error.type" in (http.attributes or {}) or http.status.status_code is StatusCode.ERROR


def _ours_at(endpoint: str, mode: str, **options: Any) -> Any:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    return cls(endpoint, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", **options)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", ["fast", "azure-core"])
async def test_retries_are_visible(
    busy_emu: Emulator, mode: str, path: str, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    options: dict[str, Any] = {
        "connection_verify": busy_emu.ca_cert_path,
        "retry_total": 2,
        "retry_backoff_factor": 0,
    }
    if path == "azure-core":
        options["transport"] = (
            RequestsTransport(connection_verify=busy_emu.ca_cert_path)
            if mode == "sync"
            else AioHttpTransport(connection_verify=busy_emu.ca_cert_path)
        )
        del options["connection_verify"]
    client = _ours(busy_emu, mode, **options)
    try:
        with pytest.raises(HttpResponseError):
            await invoke(client, "create_user")
    finally:
        await close(client)
    got = finished(spans)
    internal = [span for span in got if span.kind is SpanKind.INTERNAL]
    attempts = sorted(
        (span for span in got if span.kind is SpanKind.CLIENT),
        key=lambda span: int(str((span.attributes or {}).get("http.request.resend_count", 0))),
    )
    assert len(internal) == 1 and len(attempts) == 3
    assert [(span.attributes or {}).get("http.request.resend_count") for span in attempts] == [None, 1, 2]
    assert all(
        span.parent is not None and span.parent.span_id == internal[0].context.span_id for span in attempts
    )
    assert all((span.attributes or {})["http.response.status_code"] == 503 for span in attempts)


async def test_azure_core_path_sends_traceparent(
    emu: Emulator, tracing_mode: str, spans: InMemorySpanExporter
) -> None:
    transport = RecordingRequestsTransport(connection_verify=emu.ca_cert_path)
    client = acs_identity.CommunicationIdentityClient.from_connection_string(
        emu.connection_string, transport=transport
    )
    with client:
        client.create_user()
    http = next(span for span in finished(spans) if span.kind is SpanKind.CLIENT)
    assert int(transport.sent[0]["traceparent"].split("-")[2], 16) == http.context.span_id


@pytest.mark.parametrize("mode", MODES)
async def test_tracing_off_means_no_span_and_no_traceparent(
    emu: Emulator, mode: str, spans: InMemorySpanExporter
) -> None:
    client, sent = _recorded(emu, mode)
    try:
        await invoke(client, "create_user")
    finally:
        await close(client)
    assert finished(spans) == []
    assert "traceparent" not in sent[0].headers
