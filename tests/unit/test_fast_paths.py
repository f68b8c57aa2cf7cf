"""What keeps the client fast without changing what it does: the send path of a client that owns its httpx
client (requests handed to the transport directly), the async client's default aiohttp transport (same
requests on the wire, same errors, against real sockets), and a package import that loads neither httpx
nor azure-core."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from azure.core.exceptions import ServiceRequestError, ServiceResponseError

import acs_identity
import acs_identity.aio
from acs_identity._pipeline import Pipeline
from acs_identity.aio._aiohttp import AiohttpTransport
from acs_identity.aio._pipeline import AsyncPipeline

from .conftest import CONN_STR, ENDPOINT, USER_ID, Client, SleepRecorder, close, invoke

CREATED = {
    "identity": {"id": USER_ID},
    "accessToken": {"token": "t", "expiresOn": "2026-11-30T10:00:00+00:00"},
}
# Differ per request (signature, date, body hash, request id): compared for presence, not value.
VOLATILE = {b"x-ms-date", b"x-ms-content-sha256", b"authorization", b"x-ms-client-request-id"}


def _client(mode: str, transport: httpx.MockTransport) -> Client:
    cls = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    return cls.from_connection_string(CONN_STR, transport=transport, retry_policy=SleepRecorder())


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_requests_are_those_httpx_would_build(mode: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json=CREATED)

    client = _client(mode, httpx.MockTransport(handler))
    try:
        await invoke(client, "create_user_and_token", ["chat"])
        pipeline = client._pipeline
        assert isinstance(pipeline, Pipeline | AsyncPipeline)
        sent = seen[0]
        expected = pipeline.client.build_request(
            "POST",
            f"{ENDPOINT}/identities?api-version=2026-09-23",
            content=sent.content,
            headers={"content-type": "application/json", "x-ms-client-request-id": "id"},
        )
        assert sent.method == expected.method and sent.url == expected.url
        assert [h for h in sent.headers.raw if h[0].lower() not in VOLATILE] == [
            h for h in expected.headers.raw if h[0].lower() not in VOLATILE
        ]
        assert VOLATILE <= {name.lower() for name, _ in sent.headers.raw}
        assert sent.extensions["timeout"] == expected.extensions["timeout"]
    finally:
        await close(client)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_closed_client_refuses_to_send(mode: str) -> None:
    client = _client(mode, httpx.MockTransport(lambda request: httpx.Response(201, json=CREATED)))
    await close(client)
    with pytest.raises(RuntimeError, match="client has been closed"):
        await invoke(client, "create_user")


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_transport_errors_carry_their_request(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    client = _client(mode, httpx.MockTransport(handler))
    try:
        with pytest.raises(ServiceRequestError) as caught:
            await invoke(client, "create_user")
        cause = caught.value.__cause__
        assert isinstance(cause, httpx.ConnectError)
        assert cause.request.url.path == "/identities"
    finally:
        await close(client)


# --- the aiohttp transport --------------------------------------------------------------------------------


def _answer_on(monkeypatch: pytest.MonkeyPatch, transport_class: type[httpx.AsyncBaseTransport]) -> list[str]:
    """Makes `transport_class` answer every request itself; the paths it was asked for."""
    paths: list[str] = []

    async def handle_async_request(self: httpx.AsyncBaseTransport, request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(201, json=CREATED)

    monkeypatch.setattr(transport_class, "handle_async_request", handle_async_request)
    return paths


async def test_async_client_sends_on_aiohttp_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _answer_on(monkeypatch, AiohttpTransport)
    async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(CONN_STR) as client:
        await client.create_user()
    assert paths == ["/identities"]


async def test_without_aiohttp_the_async_client_uses_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "acs_identity.aio._aiohttp", None)  # makes the import fail
    paths = _answer_on(monkeypatch, httpx.AsyncHTTPTransport)
    async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(CONN_STR) as client:
        await client.create_user()
    assert paths == ["/identities"]


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def _server(handle: Handler) -> AsyncIterator[str]:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return head, await reader.readexactly(length)


async def test_aiohttp_round_trip_keeps_the_path_and_decodes_the_body() -> None:
    received: list[tuple[bytes, bytes]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await _read_request(reader))
        body = gzip.compress(json.dumps({"token": "t"}).encode())
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n"
            b"x-ms-request-id: r1\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        await writer.drain()
        writer.close()

    async with _server(handle) as base, httpx.AsyncClient(transport=AiohttpTransport(verify=False)) as http:
        path = "/identities/8%3Aacs%3Ax_y/:issueAccessToken?api-version=2026-09-23"
        response = await http.post(base + path, content=b'{"scopes":["chat"]}', headers={"x-custom": "1"})
    assert response.status_code == 200 and response.reason_phrase == "OK"
    assert response.json() == {"token": "t"}
    assert response.headers["x-ms-request-id"] == "r1"
    head, body = received[0]
    assert head.startswith(f"POST {path} HTTP/1.1\r\n".encode())  # exactly as signed: no re-quoting
    assert b"\r\nx-custom: 1\r\n" in head and body == b'{"scopes":["chat"]}'


async def test_aiohttp_dropped_connection_is_a_protocol_error() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.close()  # no response at all

    async with _server(handle) as base, httpx.AsyncClient(transport=AiohttpTransport(verify=False)) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.get(base + "/")


async def test_aiohttp_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with httpx.AsyncClient(transport=AiohttpTransport(verify=False)) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get(f"http://127.0.0.1:{port}/")


async def test_aiohttp_silent_server_is_a_read_timeout() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await reader.read()  # never answers; returns when the client gives up

    async with _server(handle) as base, httpx.AsyncClient(transport=AiohttpTransport(verify=False)) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.get(base + "/", timeout=httpx.Timeout(5, read=0.2))


async def test_dropped_responses_are_retried_then_a_service_response_error() -> None:
    attempts = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal attempts
        attempts += 1
        await _read_request(reader)
        writer.close()

    async with _server(handle) as base:
        client = acs_identity.aio.CommunicationIdentityClient.from_connection_string(
            f"endpoint={base}/;accesskey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            retry_total=2,
            retry_policy=SleepRecorder(),
        )
        async with client:
            with pytest.raises(ServiceResponseError, match="RemoteProtocolError"):
                await client.create_user()
    assert attempts == 3


def test_importing_the_packages_loads_neither_httpx_nor_azure_core() -> None:
    code = (
        "import sys, acs_identity, acs_identity.aio\n"
        "heavy = ('httpx', 'azure.core', 'aiohttp', 'acs_identity._generated.models', 'acs_identity._client')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "acs_identity.CommunicationIdentityClient, acs_identity.aio.AccessToken\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "[]",
        # AccessToken is azure-core's; the client class imports no httpx (its first construction does).
        "['acs_identity._client', 'azure.core']",
    ]
