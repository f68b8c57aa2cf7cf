"""Connection pools and their ownership, defaults, headers, and context managers."""

from __future__ import annotations

import httpx
import pytest
import respx

import acs_identity
import acs_identity.aio
from acs_identity._pipeline import Pipeline
from acs_identity.aio._pipeline import AsyncPipeline

from .conftest import CONN_STR, ENDPOINT, KEY_B64, USER_ID, SleepRecorder

CREATED = {"identity": {"id": USER_ID}}


def _handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, json=CREATED)


def test_sync_client_owns_and_closes_its_pool() -> None:
    with acs_identity.CommunicationIdentityClient.from_connection_string(
        CONN_STR, transport=httpx.MockTransport(_handler)
    ) as client:
        assert isinstance(client._pipeline, Pipeline)  # an httpx transport: the fast path
        http = client._pipeline.client
        assert client.create_user().raw_id == USER_ID
        assert http.timeout == httpx.Timeout(30, connect=10)
        assert http.follow_redirects is False
    assert http.is_closed


async def test_async_client_owns_and_closes_its_pool() -> None:
    async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(
        CONN_STR, transport=httpx.MockTransport(_handler), connection_timeout=2, read_timeout=5
    ) as client:
        assert isinstance(client._pipeline, AsyncPipeline)
        http = client._pipeline.client
        assert (await client.create_user()).raw_id == USER_ID
        assert http.timeout == httpx.Timeout(5, connect=2)
    assert http.is_closed


def test_callers_http_client_is_used_and_left_open() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json=CREATED)

    with httpx.Client(transport=httpx.MockTransport(handler), headers={"x-custom": "1"}) as http:
        with acs_identity.CommunicationIdentityClient(ENDPOINT, KEY_B64, http_client=http) as client:
            client.create_user()
        assert not http.is_closed
        request = seen[0]
        assert request.headers["x-custom"] == "1"
        assert request.headers["user-agent"].startswith("acs-identity/")
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-ms-return-client-request-id"] == "true"


async def test_callers_async_http_client_is_left_open() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as http:
        async with acs_identity.aio.CommunicationIdentityClient(
            ENDPOINT, KEY_B64, http_client=http
        ) as client:
            await client.create_user()
        assert not http.is_closed


def test_http_client_and_transport_are_exclusive() -> None:
    with httpx.Client() as http, pytest.raises(ValueError, match="either http_client or transport"):
        acs_identity.CommunicationIdentityClient(
            ENDPOINT, KEY_B64, http_client=http, transport=httpx.MockTransport(_handler)
        )


def test_async_http_client_refused_by_sync_client() -> None:
    http = httpx.AsyncClient()
    with pytest.raises(TypeError, match="http_client must be an Client, not AsyncClient"):
        acs_identity.CommunicationIdentityClient(ENDPOINT, KEY_B64, http_client=http)  # type: ignore[arg-type]


def test_request_ids_differ_per_call(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(return_value=httpx.Response(201, json=CREATED))
    with acs_identity.CommunicationIdentityClient(ENDPOINT, KEY_B64) as client:
        client.create_user()
        client.create_user()
    ids = [call.request.headers["x-ms-client-request-id"] for call in route.calls]
    assert len(set(ids)) == 2


def test_connection_verify_accepts_a_ca_bundle_path(tmp_path: object) -> None:
    import trustme

    ca = trustme.CA()
    with ca.cert_pem.tempfile() as path:
        client = acs_identity.CommunicationIdentityClient(ENDPOINT, KEY_B64, connection_verify=path)
        client.close()


def test_package_exports() -> None:
    expected = {
        "CommunicationIdentityClient",
        "CommunicationTokenScope",
        "ApiVersion",
        "AccessToken",
        "CommunicationUserIdentifier",
        "identifier_from_raw_id",
        "TeamsExtensionAssignment",
        "CommunicationTokenCredential",
    }
    for module in (acs_identity, acs_identity.aio):
        assert expected <= set(module.__all__)
        for name in module.__all__:
            assert getattr(module, name) is not None
    from azure.core.credentials import AccessToken

    assert acs_identity.AccessToken is AccessToken
    assert acs_identity.aio.CommunicationIdentityClient is not acs_identity.CommunicationIdentityClient  # type: ignore[comparison-overlap]


def test_import_is_light() -> None:
    import subprocess
    import sys

    # httpx itself imports click/rich for its CLI when they are installed: only what we add counts.
    code = (
        "import sys\n"
        "import httpx, azure.core.credentials, azure.core.exceptions\n"
        "before = set(sys.modules)\n"
        "import acs_identity, acs_identity.aio\n"
        "heavy = ('acs_identity.emulator', 'acs_identity.cli', 'azure.identity', 'starlette', 'uvicorn', "
        "'click', 'rich', 'jwt', 'cryptography', 'dateutil')\n"
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in heavy or m in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_each_attempt_is_logged(respx_mock: respx.MockRouter, caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import re

    caplog.set_level(logging.DEBUG, logger="acs_identity")
    respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[httpx.Response(503), httpx.Response(201, json=CREATED)]
    )
    recorder = SleepRecorder()
    with acs_identity.CommunicationIdentityClient(ENDPOINT, KEY_B64, retry_policy=recorder) as client:
        client.create_user()
    assert len(recorder.delays) == 1
    messages = [r.getMessage() for r in caplog.records if r.name == "acs_identity"]
    assert len(messages) == 2
    assert re.fullmatch(
        r"create_user POST /identities -> 503 \(attempt 1, [\d.]+ ms\); retrying in [\d.]+ s", messages[0]
    )
    assert re.fullmatch(r"create_user POST /identities -> 201 \(attempt 2, [\d.]+ ms\)", messages[1])
