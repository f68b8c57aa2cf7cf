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
from typing import Any

import httpx
import pytest
from azure.core.exceptions import (
    DecodeError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

import acs_identity
import acs_identity.aio
from acs_identity import _signing
from acs_identity._httpcore import HttpcoreTransport
from acs_identity._pipeline import Pipeline
from acs_identity._raw import RawRequest, RawResponse
from acs_identity.aio._aiohttp import AiohttpTransport
from acs_identity.aio._pipeline import AsyncPipeline

from .conftest import CONN_STR, ENDPOINT, KEY_B64, KEY_BYTES, USER_ID, Client, SleepRecorder, close, invoke

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
    paths: list[str] = []

    async def send_raw(self: AiohttpTransport, request: RawRequest) -> RawResponse:
        paths.append(request.target.url.path)
        return RawResponse(201, [(b"content-type", b"application/json")], json.dumps(CREATED).encode(), "")

    monkeypatch.setattr(AiohttpTransport, "send_raw", send_raw)
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


# --- the raw path (httpcore and aiohttp with no httpx.Request/Response) against a real socket ----------

Answer = tuple[int, dict[str, str], bytes]


@asynccontextmanager
async def _recording_server(answers: list[Answer]) -> AsyncIterator[tuple[str, list[tuple[bytes, bytes]]]]:
    """A keep-alive HTTP/1.1 server that gives `answers` in turn (the last one again once they run out) and
    records every request's head and body."""
    received: list[tuple[bytes, bytes]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                received.append(await _read_request(reader))
                status, headers, body = answers[min(len(received), len(answers)) - 1]
                lines = [f"HTTP/1.1 {status} X", f"content-length: {len(body)}"]
                lines += [f"{name}: {value}" for name, value in headers.items()]
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
                await writer.drain()
        except asyncio.IncompleteReadError:
            writer.close()

    async with _server(handle) as base:
        yield base, received


def _head_fields(head: bytes) -> tuple[bytes, dict[bytes, bytes]]:
    """The request line, and the header fields by lower-cased name (a name sent twice fails the test)."""
    line, *fields = head.rstrip(b"\r\n").split(b"\r\n")
    pairs = [field.split(b":", 1) for field in fields]
    names = [name.strip().lower() for name, _ in pairs]
    assert len(names) == len(set(names)), f"a header sent twice: {names}"
    return line, {name.strip().lower(): value.strip() for name, value in pairs}


@asynccontextmanager
async def _raw_client(mode: str, base: str, **options: Any) -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    """`call(method, *args, **kwargs)` on a client of `mode` for `base`: the sync one runs in a thread (the
    recording server is on this loop)."""
    options.setdefault("retry_policy", SleepRecorder())
    conn = f"endpoint={base}/;accesskey={KEY_B64}"
    if mode == "sync":
        sync_client = acs_identity.CommunicationIdentityClient.from_connection_string(conn, **options)

        async def call_sync(method: str, *args: Any, **kwargs: Any) -> Any:
            return await asyncio.to_thread(getattr(sync_client, method), *args, **kwargs)

        try:
            yield call_sync
        finally:
            sync_client.close()
    else:
        async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(
            conn, **options
        ) as client:

            async def call_async(method: str, *args: Any, **kwargs: Any) -> Any:
                return await getattr(client, method)(*args, **kwargs)

            yield call_async


def _signature_verifies(head: bytes, body: bytes) -> bool:
    line, fields = _head_fields(head)
    method, path, _ = line.decode().split(" ")
    body_hash = _signing.content_hash(body)
    message = _signing.string_to_sign(
        method, path, fields[b"x-ms-date"].decode(), fields[b"host"].decode(), body_hash
    )
    return fields[b"x-ms-content-sha256"].decode() == body_hash and fields[
        b"authorization"
    ].decode() == _signing.authorization(KEY_BYTES, message)


CREATED_ANSWER: Answer = (201, {"content-type": "application/json"}, json.dumps(CREATED).encode())


RAW_TRANSPORTS: dict[str, type[HttpcoreTransport] | type[AiohttpTransport]] = {
    "sync": HttpcoreTransport,
    "async": AiohttpTransport,
}
MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@MODES
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"headers": {"User-Agent": "mine", "X-Extra": "1"}},
        {"user_agent": "prefix", "request_id": "my-id"},
    ],
    ids=["plain", "per-call-headers", "user-agent-and-request-id"],
)
async def test_raw_path_sends_what_the_httpx_path_sends(
    monkeypatch: pytest.MonkeyPatch, mode: str, options: dict[str, object]
) -> None:
    transport_class = RAW_TRANSPORTS[mode]
    raw_calls: list[str] = []
    send_raw: Any = transport_class.send_raw

    def counting(self: Any, request: RawRequest) -> Any:
        raw_calls.append(request.target.url_text)
        return send_raw(self, request)

    monkeypatch.setattr(transport_class, "send_raw", counting)
    async with _recording_server([CREATED_ANSWER]) as (base, received), _raw_client(mode, base) as call:
        await call("create_user_and_token", ["chat"], **options)
        raw_taken = len(raw_calls)
        # A request hook makes the call observed: it goes through httpx.Request and handle_(async_)request.
        await call("create_user_and_token", ["chat"], raw_request_hook=lambda request: None, **options)
    assert raw_taken == 1 and len(raw_calls) == 2  # handle_(async_)request sends on send_raw too
    (raw_head, raw_body), (httpx_head, httpx_body) = received
    raw_line, raw_fields = _head_fields(raw_head)
    httpx_line, httpx_fields = _head_fields(httpx_head)
    assert raw_line == httpx_line and raw_body == httpx_body
    changing = {b"x-ms-date", b"x-ms-content-sha256", b"authorization"}
    if "request_id" not in options:
        changing.add(b"x-ms-client-request-id")
    assert {k: v for k, v in raw_fields.items() if k not in changing} == {
        k: v for k, v in httpx_fields.items() if k not in changing
    }
    assert changing <= raw_fields.keys()
    assert _signature_verifies(raw_head, raw_body) and _signature_verifies(httpx_head, httpx_body)
    if "headers" in options:
        assert raw_fields[b"user-agent"] == b"mine" and raw_fields[b"x-extra"] == b"1"


@MODES
async def test_raw_path_sends_a_bodiless_request_as_httpx_does(mode: str) -> None:
    revoked: Answer = (204, {}, b"")
    user = acs_identity.CommunicationUserIdentifier(USER_ID)
    async with _recording_server([revoked]) as (base, received), _raw_client(mode, base) as call:
        await call("revoke_tokens", user)
        await call("revoke_tokens", user, raw_request_hook=lambda request: None)
    (raw_head, raw_body), (httpx_head, httpx_body) = received
    assert (
        _head_fields(raw_head)[1][b"content-length"] == _head_fields(httpx_head)[1][b"content-length"] == b"0"
    )
    assert raw_body == httpx_body == b"" and _signature_verifies(raw_head, raw_body)


@MODES
async def test_raw_path_retries_with_a_fresh_signature_and_the_same_request_id(mode: str) -> None:
    busy: Answer = (503, {"retry-after-ms": "1500"}, b"")
    policy = SleepRecorder()
    async with _recording_server([busy, CREATED_ANSWER]) as (base, received):
        async with _raw_client(mode, base, retry_policy=policy) as call:
            user, token = await call("create_user_and_token", ["chat"])
    assert user.properties["id"] == USER_ID and token.token == "t"
    assert policy.delays == [1.5]
    (first, first_body), (second, second_body) = received
    assert _signature_verifies(first, first_body) and _signature_verifies(second, second_body)
    assert (
        _head_fields(first)[1][b"x-ms-client-request-id"]
        == _head_fields(second)[1][b"x-ms-client-request-id"]
    )


@MODES
async def test_raw_path_errors_carry_the_response_and_its_request(mode: str) -> None:
    error = {"error": {"code": "IdentityNotFound", "message": "no such identity"}}
    not_found: Answer = (404, {"content-type": "application/json"}, json.dumps(error).encode())
    async with _recording_server([not_found]) as (base, _), _raw_client(mode, base) as call:
        with pytest.raises(ResourceNotFoundError, match="IdentityNotFound") as caught:
            await call("get_token", acs_identity.CommunicationUserIdentifier(USER_ID), ["chat"])
    response = caught.value.response
    assert response is not None and response.status_code == 404
    request: Any = response.request  # azure-core types it loosely; ours is a RedactedRequest
    assert request.url.endswith(":issueAccessToken?api-version=2026-09-23")
    signature = {k.lower(): v for k, v in request.headers.items()}["authorization"]
    assert signature != "" and "HMAC-SHA256" not in signature  # redacted


@MODES
async def test_raw_path_decodes_a_compressed_answer(mode: str) -> None:
    gzipped: Answer = (
        201,
        {"content-type": "application/json", "content-encoding": "gzip"},
        gzip.compress(CREATED_ANSWER[2]),
    )
    async with _recording_server([gzipped]) as (base, _), _raw_client(mode, base) as call:
        user, token = await call("create_user_and_token", ["chat"])
    assert user.properties["id"] == USER_ID and token.token == "t"


@MODES
async def test_raw_path_unreadable_success_is_a_decode_error(mode: str) -> None:
    garbled: Answer = (201, {"content-type": "application/json"}, b"{not json")
    async with _recording_server([garbled]) as (base, _), _raw_client(mode, base) as call:
        with pytest.raises(DecodeError, match="create_user") as caught:
            await call("create_user")
    assert caught.value.response is not None and caught.value.response.status_code == 201


@MODES
async def test_raw_path_transport_errors_carry_their_request(mode: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with _raw_client(mode, f"http://127.0.0.1:{port}", retry_total=1) as call:
        with pytest.raises(
            ServiceRequestError, match="ConnectError during POST /identities after 2 attempts"
        ) as caught:
            await call("create_user")
    cause = caught.value.__cause__
    assert isinstance(cause, httpx.ConnectError) and cause.request.url.path == "/identities"


async def test_httpcore_silent_server_is_a_read_timeout() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await reader.read()  # never answers; returns when the client gives up

    def get(base: str) -> None:
        with httpx.Client(transport=HttpcoreTransport(verify=False)) as http:
            http.get(base + "/", timeout=httpx.Timeout(5, read=0.2))

    async with _server(handle) as base:
        with pytest.raises(httpx.ReadTimeout):
            await asyncio.to_thread(get, base)


async def test_httpcore_dropped_connection_is_a_protocol_error() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.close()  # no response at all

    def get(base: str) -> None:
        with httpx.Client(transport=HttpcoreTransport(verify=False)) as http:
            http.get(base + "/")

    async with _server(handle) as base:
        with pytest.raises(httpx.RemoteProtocolError):
            await asyncio.to_thread(get, base)


def test_sync_client_sends_on_httpcore_unless_a_proxy_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []

    def handle_request(self: httpx.BaseTransport, request: httpx.Request) -> httpx.Response:
        sent.append(type(self).__name__)
        return httpx.Response(201, json=CREATED)

    def send_raw(self: HttpcoreTransport, request: RawRequest) -> RawResponse:
        sent.append("send_raw")
        return RawResponse(201, [(b"content-type", b"application/json")], json.dumps(CREATED).encode(), "")

    monkeypatch.setattr(HttpcoreTransport, "send_raw", send_raw)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with acs_identity.CommunicationIdentityClient.from_connection_string(CONN_STR) as client:
        client.create_user()
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    with acs_identity.CommunicationIdentityClient.from_connection_string(CONN_STR) as client:
        client.create_user()
    assert sent == ["send_raw", "HTTPTransport"]
