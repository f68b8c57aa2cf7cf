"""The azure-core path: azure-core transports (RequestsTransport, AioHttpTransport, a user's own) and
azure-core policies given to the constructor, run where azure-core's PipelineClient runs them; per-call
options through azure-core's policies; and the combinations that cannot work, refused at construction."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from azure.core.exceptions import HttpResponseError, ServiceRequestError
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import (
    AsyncHTTPPolicy,
    AsyncRetryPolicy,
    HeadersPolicy,
    HttpLoggingPolicy,
    HTTPPolicy,
    RetryPolicy,
    SansIOHTTPPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

import acs_identity
import acs_identity.aio
from acs_identity.emulator import Emulator

from ._scenario import every_operation
from .conftest import close, invoke

MODES = ("sync", "async")


def _transport(emu: Emulator, mode: str) -> Any:
    if mode == "sync":
        return RequestsTransport(connection_verify=emu.ca_cert_path)
    return AioHttpTransport(connection_verify=emu.ca_cert_path)


def _client(emu: Emulator, mode: str, credential: str = "key", **options: Any) -> Any:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    options.setdefault("transport", _transport(emu, mode))
    if credential == "key":
        return cls.from_connection_string(emu.connection_string, **options)
    token_credential = emu.token_credential() if mode == "sync" else emu.async_token_credential()
    return cls(emu.endpoint, token_credential, **options)


class Counting(SansIOHTTPPolicy[Any, Any]):
    """Counts the requests it sees and whether they were signed by then."""

    def __init__(self) -> None:
        self.signed: list[bool] = []

    def on_request(self, request: PipelineRequest[Any]) -> None:
        self.signed.append("authorization" in {name.lower() for name in request.http_request.headers})


class CountingSync(HTTPPolicy[Any, Any]):
    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        response = self.next.send(request)
        self.statuses.append(response.http_response.status_code)
        return response


class CountingAsync(AsyncHTTPPolicy[Any, Any]):
    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []

    async def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        response = await self.next.send(request)
        self.statuses.append(response.http_response.status_code)
        return response


class RecordingRequestsTransport(RequestsTransport):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent: list[dict[str, str]] = []

    def send(self, request: Any, **kwargs: Any) -> Any:
        self.sent.append({name.lower(): value for name, value in request.headers.items()})
        return super().send(request, **kwargs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("credential", ["key", "token_credential"])
async def test_every_operation_on_azure_core_transports(emu: Emulator, mode: str, credential: str) -> None:
    client = _client(emu, mode, credential)
    try:
        await every_operation(client, emu)
    finally:
        await close(client)


@pytest.mark.parametrize("mode", MODES)
async def test_per_call_and_per_retry_policies_run_where_azure_core_runs_them(
    busy_emu: Emulator, mode: str
) -> None:
    per_call_sansio, per_retry_sansio = Counting(), Counting()
    per_call_http: Any = CountingSync() if mode == "sync" else CountingAsync()
    per_retry_http: Any = CountingSync() if mode == "sync" else CountingAsync()
    client = _client(
        busy_emu,
        mode,
        per_call_policies=[per_call_sansio, per_call_http],
        per_retry_policies=[per_retry_sansio, per_retry_http],
        retry_total=2,
        retry_backoff_factor=0,
    )
    try:
        with pytest.raises(HttpResponseError) as caught:
            await invoke(client, "create_user")
    finally:
        await close(client)
    assert caught.value.status_code == 503
    # Per call: once, before the retry policy (so before signing); per retry: every attempt, after signing.
    assert per_call_sansio.signed == [False]
    assert per_call_http.statuses == [503]
    assert per_retry_sansio.signed == [True, True, True]
    assert per_retry_http.statuses == [503, 503, 503]


@pytest.mark.parametrize("mode", MODES)
async def test_a_single_policy_may_be_given_bare(emu: Emulator, mode: str) -> None:
    policy = Counting()
    client = _client(emu, mode, per_retry_policies=policy)
    try:
        await invoke(client, "create_user")
    finally:
        await close(client)
    assert policy.signed == [True]


def test_client_policies_replace_azure_cores(
    busy_emu: Emulator, emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    transport = RecordingRequestsTransport(connection_verify=emu.ca_cert_path)
    logging_policy = HttpLoggingPolicy()
    logging_policy.allowed_header_names.add("x-team")
    client = acs_identity.CommunicationIdentityClient.from_connection_string(
        emu.connection_string,
        transport=transport,
        headers_policy=HeadersPolicy(base_headers={"x-team": "blue"}),
        user_agent_policy=UserAgentPolicy(base_user_agent="custom-agent/1"),
        http_logging_policy=logging_policy,
    )
    with caplog.at_level(logging.INFO, logger="azure.core.pipeline.policies.http_logging_policy"), client:
        client.create_user()
    sent = transport.sent[0]
    assert sent["x-team"] == "blue" and sent["user-agent"].startswith("custom-agent/1")
    assert "'x-team': 'blue'" in caplog.text  # our allow-list, so our policy wrote it
    busy = acs_identity.CommunicationIdentityClient.from_connection_string(
        busy_emu.connection_string,
        transport=_transport(busy_emu, "sync"),
        retry_policy=RetryPolicy(retry_total=0),
        per_retry_policies=[counting := Counting()],
    )
    with busy, pytest.raises(HttpResponseError):
        busy.create_user()
    assert len(counting.signed) == 1  # the given retry policy: no retries


async def test_async_retry_policy_replaces_azure_cores(busy_emu: Emulator) -> None:
    counting = Counting()
    client = acs_identity.aio.CommunicationIdentityClient.from_connection_string(
        busy_emu.connection_string,
        transport=_transport(busy_emu, "async"),
        retry_policy=AsyncRetryPolicy(retry_total=1, retry_backoff_factor=0),
        per_retry_policies=[counting],
    )
    async with client:
        with pytest.raises(HttpResponseError):
            await client.create_user()
    assert len(counting.signed) == 2


def test_per_call_options_through_azure_core_policies(emu: Emulator) -> None:
    transport = RecordingRequestsTransport(connection_verify=emu.ca_cert_path)
    hooks: list[str] = []
    client = acs_identity.CommunicationIdentityClient.from_connection_string(
        emu.connection_string, transport=transport, user_agent="clientapp/2", headers={"x-client": "c"}
    )
    with client:
        user = client.create_user(
            headers={"x-call": "1"},
            user_agent="callapp/1",
            request_id="rid-7",
            raw_request_hook=lambda request: hooks.append(request.http_request.method),
            raw_response_hook=lambda response: hooks.append(str(response.http_response.status_code)),
        )
        client.delete_user(user)
    first, second = transport.sent
    assert first["x-call"] == "1" and first["x-client"] == "c" and first["x-ms-client-request-id"] == "rid-7"
    assert first["user-agent"].startswith("callapp/1 clientapp/2 acs-identity/")
    assert first["authorization"].startswith("HMAC-SHA256 ")
    assert "x-call" not in second and second["x-ms-client-request-id"] != "rid-7"
    assert hooks == ["POST", "201"]


def test_proxies_are_used(emu: Emulator) -> None:
    # Nothing listens on loopback port 9: going through the "proxy" fails at once, which shows it was used.
    client = acs_identity.CommunicationIdentityClient.from_connection_string(
        emu.connection_string,
        connection_verify=emu.ca_cert_path or True,
        proxies={"https": "http://127.0.0.1:9"},
        retry_total=0,
    )
    with client, pytest.raises(ServiceRequestError):
        client.create_user()


def test_connection_cert_is_accepted(emu: Emulator, tmp_path: Any) -> None:
    trustme = pytest.importorskip("trustme")
    issued = trustme.CA().issue_cert("client.example")
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    client = acs_identity.CommunicationIdentityClient.from_connection_string(
        emu.connection_string,
        connection_verify=emu.ca_cert_path or True,
        connection_cert=(str(cert), str(key)),
    )
    with client:
        assert client.create_user().raw_id.startswith("8:acs:")


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"transport": httpx.MockTransport(lambda r: httpx.Response(201)), "retry_policy": RetryPolicy()},
            ValueError,
            "needs an azure-core transport",
        ),
        (
            {"http_client": httpx.Client(), "per_call_policies": [Counting()]},
            ValueError,
            "http_client cannot be combined",
        ),
        (
            {"transport": object()},
            TypeError,
            "transport must be an BaseTransport or an azure-core HttpTransport",
        ),
        (
            {"retry_policy": RetryPolicy(), "connection_verify": __import__("ssl").create_default_context()},
            ValueError,
            "connection_verify",
        ),
        ({"transprot": None}, TypeError, "unexpected keyword argument 'transprot'"),
    ],
)
def test_combinations_that_cannot_work_are_refused(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        acs_identity.CommunicationIdentityClient(
            "https://contoso.communication.azure.com",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            **options,
        )
