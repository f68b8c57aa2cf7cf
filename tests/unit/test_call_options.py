"""azure-core's per-call keyword options on the fast path, sync and async, seen on the wire and in the hooks:
headers, user_agent, request_id, connection/read timeouts, the operation timeout, retry_* and the raw hooks;
and the client-level user_agent and headers. Each option is checked against what azure-core documents it to
do (HeadersPolicy, UserAgentPolicy, RequestIdPolicy, RetryPolicy, CustomHookPolicy, transports)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from azure.core.exceptions import HttpResponseError, ServiceResponseTimeoutError
from azure.core.pipeline import PipelineRequest, PipelineResponse

import acs_identity
import acs_identity.aio

from .conftest import CONN_STR, USER_ID, Client, SleepRecorder, close, invoke

CREATED = {"identity": {"id": USER_ID}}
TOKEN = {"token": "t", "expiresOn": "2026-11-30T10:00:00+00:00"}
MODES = ("sync", "async")


def _client(mode: str, handler: Any, **options: Any) -> Client:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    transport = httpx.MockTransport(handler)
    options.setdefault("retry_policy", SleepRecorder())  # retries wait not at all
    return cls.from_connection_string(CONN_STR, transport=transport, **options)  # type: ignore[no-any-return]


class Recorder:
    """A MockTransport handler: answers from `statuses` in turn (the last one repeats), keeps the requests."""

    def __init__(self, *statuses: int, body: object = CREATED, headers: dict[str, str] | None = None) -> None:
        self.statuses = list(statuses) or [201]
        self.body = body
        self.headers = headers or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses[min(len(self.requests), len(self.statuses)) - 1]
        body = self.body if status < 400 else {"error": {"code": "Busy", "message": "try later"}}
        return httpx.Response(status, json=body, headers=self.headers)


@pytest.mark.parametrize("mode", MODES)
async def test_headers_user_agent_and_request_id_per_call(mode: str) -> None:
    seen = Recorder()
    client = _client(mode, seen, user_agent="clientapp/2", headers={"x-client": "c"})
    try:
        await invoke(
            client,
            "create_user",
            headers={"x-call": "1", "x-client": "override"},
            user_agent="callapp/1",
            request_id="my-request-id",
        )
        await invoke(client, "create_user")
    finally:
        await close(client)
    first, second = seen.requests
    assert first.headers["x-call"] == "1" and first.headers["x-client"] == "override"
    # azure-core's UserAgentPolicy: the call's value, then the client's, then the library's.
    assert first.headers["user-agent"].startswith("callapp/1 clientapp/2 acs-identity/")
    assert first.headers["x-ms-client-request-id"] == "my-request-id"
    # Nothing of a call's options outlives the call.
    assert "x-call" not in second.headers and second.headers["x-client"] == "c"
    assert second.headers["user-agent"].startswith("clientapp/2 acs-identity/")
    assert second.headers["x-ms-client-request-id"] not in ("", "my-request-id")


@pytest.mark.parametrize("mode", MODES)
async def test_environment_user_agent_is_appended(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_HTTP_USER_AGENT", "from-env/9")
    seen = Recorder()
    client = _client(mode, seen)
    try:
        await invoke(client, "create_user")
    finally:
        await close(client)
    assert seen.requests[0].headers["user-agent"].endswith(" from-env/9")


@pytest.mark.parametrize("mode", MODES)
async def test_connection_and_read_timeouts_apply_to_that_call_only(mode: str) -> None:
    seen = Recorder()
    client = _client(mode, seen, connection_timeout=4, read_timeout=40)
    try:
        await invoke(client, "create_user", connection_timeout=1.5, read_timeout=2.5)
        await invoke(client, "create_user")
    finally:
        await close(client)
    first, second = (request.extensions["timeout"] for request in seen.requests)
    assert (first["connect"], first["read"]) == (1.5, 2.5)
    assert (second["connect"], second["read"]) == (4, 40)


@pytest.mark.parametrize("mode", MODES)
async def test_operation_timeout_caps_each_attempt(mode: str) -> None:
    seen = Recorder()
    # A budget far above any stall between preparing the call and sending it, far below the client's timeouts.
    client = _client(mode, seen, read_timeout=3000, connection_timeout=3000)
    try:
        await invoke(client, "create_user", timeout=300)
    finally:
        await close(client)
    timeouts = seen.requests[0].extensions["timeout"]
    assert 0 < timeouts["read"] <= 300 and 0 < timeouts["connect"] <= 300


@pytest.mark.parametrize("mode", MODES)
async def test_operation_timeout_spent_stops_the_retries(mode: str) -> None:
    def slow_busy(request: httpx.Request) -> httpx.Response:
        # The attempt itself outlasts the whole budget (time only moves forward). The budget is not tiny: a
        # stall of a loaded machine before the first attempt must not spend it already.
        time.sleep(0.6)
        return httpx.Response(503, json={"error": {"code": "Busy", "message": "later"}})

    calls: list[int] = []

    def counting(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return slow_busy(request)

    client = _client(mode, counting, retry_total=5)
    try:
        with pytest.raises(ServiceResponseTimeoutError):
            await invoke(client, "create_user", timeout=0.5)
    finally:
        await close(client)
    assert len(calls) == 1  # no second attempt once the budget is spent


@pytest.mark.parametrize("mode", MODES)
async def test_retry_options_per_call(mode: str) -> None:
    seen = Recorder(503)
    client = _client(mode, seen, retry_total=3)
    try:
        with pytest.raises(HttpResponseError) as caught:
            await invoke(client, "create_user", retry_total=0)
        assert caught.value.status_code == 503 and len(seen.requests) == 1
        with pytest.raises(HttpResponseError):
            await invoke(client, "create_user", retry_total=1)
        assert len(seen.requests) == 3
        with pytest.raises(HttpResponseError):
            await invoke(client, "create_user")  # the client's 3 again
        assert len(seen.requests) == 7
    finally:
        await close(client)


@pytest.mark.parametrize("mode", MODES)
async def test_raw_hooks_see_every_attempt_signed_request_and_response(mode: str) -> None:
    seen = Recorder(503, 200, body=TOKEN)
    requests: list[PipelineRequest[Any]] = []
    responses: list[PipelineResponse[Any, Any]] = []
    snapshot: list[tuple[str, str, str | None, str | None]] = []

    def on_request(request: PipelineRequest[Any]) -> None:
        requests.append(request)
        http = request.http_request
        snapshot.append(
            (http.method, http.url, http.headers.get("Authorization"), http.headers.get("x-ms-date"))
        )
        http.headers["x-added-by-hook"] = "yes"  # azure-core hooks may change the request before it is sent

    def on_response(response: PipelineResponse[Any, Any]) -> None:
        responses.append(response)

    client = _client(mode, seen)
    try:
        token = await invoke(
            client, "get_token", USER_ID, ["chat"], raw_request_hook=on_request, raw_response_hook=on_response
        )
    finally:
        await close(client)
    assert token.token == "t"
    assert len(requests) == len(responses) == len(seen.requests) == 2
    method, url, authorization, date = snapshot[0]
    assert method == "POST" and url.endswith(":issueAccessToken?api-version=2026-09-23")
    assert authorization is not None and authorization.startswith("HMAC-SHA256 ") and date
    assert all(request.headers["x-added-by-hook"] == "yes" for request in seen.requests)
    first, second = (response.http_response for response in responses)
    assert (first.status_code, second.status_code) == (503, 200)
    assert first.json()["error"]["code"] == "Busy" and json.loads(second.text())["token"] == "t"
    assert second.reason == "OK" and second.headers["content-type"] == "application/json"
    assert responses[1].http_request.method == "POST"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"headerz": {}}, "unexpected keyword argument 'headerz'"),
        ({"headers": {"a": 1}}, "headers must map str to str"),
        ({"timeout": 0}, "timeout must be a number of seconds > 0"),
        ({"timeout": "5"}, "timeout must be int or float"),
        ({"logging_enable": "yes"}, "logging_enable must be bool"),
        ({"raw_request_hook": 3}, "raw_request_hook must be callable"),
        ({"retry_total": -1}, "retry_total must be an int >= 0"),
        ({"retry_total": True}, "retry_total must be int"),
    ],
)
async def test_bad_call_options_are_refused_before_sending(
    mode: str, options: dict[str, Any], message: str
) -> None:
    seen = Recorder()
    client = _client(mode, seen)
    try:
        with pytest.raises((TypeError, ValueError), match=message):
            await invoke(client, "create_user", **options)
    finally:
        await close(client)
    assert seen.requests == []


@pytest.mark.parametrize("mode", MODES)
async def test_caller_http_client_gets_call_options_too(mode: str) -> None:
    seen = Recorder()
    http: httpx.Client | httpx.AsyncClient
    if mode == "sync":
        http = httpx.Client(transport=httpx.MockTransport(seen))
        client: Client = acs_identity.CommunicationIdentityClient.from_connection_string(
            CONN_STR, http_client=http
        )
    else:
        http = httpx.AsyncClient(transport=httpx.MockTransport(seen))
        client = acs_identity.aio.CommunicationIdentityClient.from_connection_string(
            CONN_STR, http_client=http
        )
    try:
        await invoke(client, "create_user", headers={"x-call": "1"}, read_timeout=3.5, request_id="rid")
    finally:
        await close(client)
        if isinstance(http, httpx.Client):
            http.close()
        else:
            await http.aclose()
    sent = seen.requests[0]
    assert sent.headers["x-call"] == "1" and sent.headers["x-ms-client-request-id"] == "rid"
    assert sent.extensions["timeout"]["read"] == 3.5
    assert sent.headers["authorization"].startswith("HMAC-SHA256 ")
