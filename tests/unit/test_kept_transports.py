"""A client that builds its own httpx client keeps the transports it builds and sends on them: the
environment's proxies (HTTP_PROXY, NO_PROXY, ...) still apply, a caller's transport is used as given, and no
private name of httpx is used anywhere in the package. The retry policy is the public seam for waiting."""

from __future__ import annotations

import ast
import json
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import respx
from azure.core.exceptions import HttpResponseError, ServiceRequestError

import acs_identity
import acs_identity.aio

from .conftest import KEY_B64, USER_ID, Client, SleepRecorder, close, invoke

PACKAGE = Path(acs_identity.__file__).resolve().parent
CREATED = {"identity": {"id": USER_ID}}
# httpx.Client's internals that a fast path could be tempted to reach.
HTTPX_PRIVATE = {"_transport_for_url", "_transport", "_mounts", "_init_transport", "_init_proxy_transport"}
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def _private_httpx_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            on_httpx = isinstance(node.value, ast.Name) and node.value.id == "httpx"
            if node.attr in HTTPX_PRIVATE or (on_httpx and node.attr.startswith("_")):
                found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("httpx._"):
            found.append(f"line {node.lineno}: from {node.module}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if a.name.startswith("httpx._")
            ]
    return found


def test_the_checker_finds_a_private_use() -> None:
    assert sorted(_private_httpx_uses("client._transport_for_url(url)\nfrom httpx._utils import x\n")) == [
        "line 1: ._transport_for_url",
        "line 2: from httpx._utils",
    ]


def test_no_private_name_of_httpx_in_the_package() -> None:
    uses = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if (found := _private_httpx_uses(path.read_text(encoding="utf-8")))
    }
    assert uses == {}


class _Proxy(BaseHTTPRequestHandler):
    """An HTTP proxy that answers every request itself, keeping the request-target it was asked for."""

    targets: list[str]

    def do_POST(self) -> None:
        self.targets.append(self.path)
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.dumps(CREATED).encode()
        self.send_response(201)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A proxy on loopback named by HTTP_PROXY (every other proxy variable cleared); the targets it saw."""
    targets: list[str] = []
    handler = type("Handler", (_Proxy,), {"targets": targets})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # listening before any request
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{server.server_address[1]}")
    try:
        yield targets
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Nothing listens on port 1: a request that bypasses the proxy is refused.
UNREACHABLE = "http://localhost:1"
CLIENTS = ["sync", "async (aiohttp)", "async (httpx)"]


def _client(kind: str, monkeypatch: pytest.MonkeyPatch, **options: object) -> Client:
    if kind == "async (httpx)":
        monkeypatch.setitem(sys.modules, "acs_identity.aio._aiohttp", None)  # makes the import fail
    cls: Callable[..., Client] = (
        acs_identity.CommunicationIdentityClient
        if kind == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    return cls(UNREACHABLE, KEY_B64, retry_total=0, **options)


@pytest.mark.parametrize("kind", CLIENTS)
async def test_the_environments_proxy_is_used(
    kind: str, proxy: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(kind, monkeypatch)
    try:
        user = await invoke(client, "create_user")
    finally:
        await close(client)
    assert user.raw_id == USER_ID
    assert len(proxy) == 1 and proxy[0].startswith(f"{UNREACHABLE}/identities?api-version=")


@pytest.mark.parametrize("kind", CLIENTS)
async def test_no_proxy_exempts_a_host(kind: str, proxy: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "localhost")
    client = _client(kind, monkeypatch)
    try:
        with pytest.raises(ServiceRequestError):
            await invoke(client, "create_user")
    finally:
        await close(client)
    assert proxy == []


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_callers_transport_is_used_as_given(
    mode: str, proxy: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As with httpx.Client(transport=...): an explicit transport gets no proxies from the environment.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json=CREATED)

    client = _client(mode, monkeypatch, transport=httpx.MockTransport(handler))
    try:
        await invoke(client, "create_user")
    finally:
        await close(client)
    assert len(seen) == 1 and proxy == []


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_retry_policy_of_our_own_waits_and_retry_options_override_its_numbers(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(url__startswith="https://contoso.communication.azure.com/identities").mock(
        return_value=httpx.Response(503)
    )
    waits = SleepRecorder(backoff_factor=10.0)
    client = make_client("connection_string", mode, retry_policy=waits, retry_total=1)
    with pytest.raises(HttpResponseError):
        await invoke(client, "create_user")
    assert route.call_count == 2
    assert len(waits.delays) == 1 and 8.0 <= waits.delays[0] <= 12.0  # its factor, ±20% jitter
    with pytest.raises(HttpResponseError):
        await invoke(client, "create_user", retry_total=2)  # a call's option keeps the policy's waiting
    assert route.call_count == 5 and len(waits.delays) == 3
