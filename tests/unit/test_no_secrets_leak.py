"""With DEBUG logging on for acs_identity, httpx and httpcore, running every method (successes, retries,
errors) leaves no access key and no token in logs, output, reprs or exception messages."""

from __future__ import annotations

import http.server
import json
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
from azure.core.credentials import AccessToken
from azure.core.exceptions import AzureError

import acs_identity
from acs_identity import CommunicationTokenScope

from .conftest import (
    CREDENTIAL_KINDS,
    ENDPOINT,
    ENTRA_TOKEN,
    ISSUED_TOKEN,
    KEY_B64,
    MODES,
    USER_ID,
    Client,
    invoke,
)

AAD_TOKEN = "teams-user-aad-SECRET-5150"
EXT_TOKEN = "extension-user-entra-SECRET-9d9d"
SECRETS = (KEY_B64, ENTRA_TOKEN, ISSUED_TOKEN, AAD_TOKEN, EXT_TOKEN)
TOKEN_JSON = {"token": ISSUED_TOKEN, "expiresOn": "2026-11-30T10:00:00.1234567+00:00"}
EXT_ID = "8:acs:11111111-1111-1111-1111-111111111111_22222222-2222-2222-2222-222222222222_33333333-3333-3333-3333-333333333333"
ASSIGNMENT = {"objectId": "o", "tenantId": "t", "principalType": "user"}


def respond(request: httpx.Request) -> tuple[int, Any]:
    path, method = request.url.path, request.method
    if path == "/identities":
        return 201, {"identity": {"id": USER_ID}, "accessToken": TOKEN_JSON}
    if path.endswith(":issueAccessToken") or path == "/teamsUser/:exchangeAccessToken":
        return 200, TOKEN_JSON
    if path == "/access/teamsExtension/:exchangeAccessToken":
        return 200, {"identity": {"id": EXT_ID}, "accessToken": TOKEN_JSON}
    if "/assignments/" in path and method in ("GET", "PUT"):
        return 200, ASSIGNMENT
    return 204, None


CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("create_user", (), {}),
    ("create_user_and_token", ([CommunicationTokenScope.CHAT],), {"token_expires_in": timedelta(hours=2)}),
    ("get_token", (USER_ID, ["voip"]), {}),
    ("revoke_tokens", (USER_ID,), {}),
    ("delete_user", (USER_ID,), {}),
    ("get_token_for_teams_user", (AAD_TOKEN, "app", "oid"), {}),
    ("exchange_teams_extension_token", (EXT_TOKEN,), {}),
    ("get_teams_extension_assignment", ("t", "o"), {}),
    (
        "create_or_update_teams_extension_assignment",
        ("t", "o"),
        {"principal_type": "user", "client_ids": ["c"]},
    ),
    ("delete_teams_extension_assignment", ("t", "o"), {}),
]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in ("acs_identity", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
async def test_full_run_leaks_nothing(
    kind: str,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    debug_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    attempts: dict[str, int] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        # Every call first meets a throttle (logged retry), then succeeds.
        key = request.headers["x-ms-client-request-id"]
        attempts[key] = attempts.get(key, 0) + 1
        if attempts[key] == 1:
            return httpx.Response(429, json={"error": {"code": "TooManyRequests", "message": "slow"}})
        status, body = respond(request)
        return httpx.Response(status, json=body) if body is not None else httpx.Response(status)

    respx_mock.route(url__startswith=ENDPOINT).mock(side_effect=handler)
    client = make_client(kind, mode)
    texts = [repr(client), str(client), repr(client._pipeline), repr(client._pipeline.auth)]
    for method, args, kwargs in CALLS:
        result = await invoke(client, method, *args, **kwargs)
        if isinstance(result, tuple) and not isinstance(result, AccessToken):
            texts.append(repr(result[0]))  # the identity (the token itself is the caller's to guard)

    # Failures: every error status, and a transport failure.
    respx_mock.routes.clear()
    for status in (400, 401, 403, 404, 409, 500):
        respx_mock.route(url__startswith=ENDPOINT).mock(
            return_value=httpx.Response(status, json={"error": {"code": f"E{status}", "message": "bad"}})
        )
        with pytest.raises(AzureError) as caught:
            await invoke(client, "get_token_for_teams_user", AAD_TOKEN, "app", "oid")
        texts += [str(caught.value), repr(caught.value), repr(vars(caught.value))]
        respx_mock.routes.clear()
    respx_mock.route(url__startswith=ENDPOINT).mock(side_effect=httpx.ReadError("reset"))
    with pytest.raises(AzureError) as caught:
        await invoke(client, "exchange_teams_extension_token", EXT_TOKEN)
    texts += [str(caught.value), repr(caught.value)]

    captured = capsys.readouterr()
    assert any(r.name == "acs_identity" for r in debug_logs.records)  # the logging did happen
    _assert_clean(debug_logs.text, captured.out, captured.err, *texts)
    _assert_clean(*(r.getMessage() for r in debug_logs.records))


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        request = httpx.Request(self.command, f"http://x{self.path}")
        status, body = respond(request)
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_real_socket_run_with_httpcore_debug_logs(
    loopback_server: str, debug_logs: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """Over a real connection, so httpcore's own DEBUG trace runs too."""
    with acs_identity.CommunicationIdentityClient.from_connection_string(
        f"endpoint={loopback_server}/;accesskey={KEY_B64}"
    ) as client:
        for method, args, kwargs in CALLS:
            getattr(client, method)(*args, **kwargs)
    captured = capfd.readouterr()
    assert any(r.name.startswith("httpcore") for r in debug_logs.records)
    _assert_clean(debug_logs.text, captured.out, captured.err)
