"""Every client method x every credential kind x sync/async, against respx: what goes on the wire
(method, path, api-version, body, authentication) and what comes back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
from azure.core.credentials import AccessToken

from acs_identity import (
    CommunicationTokenScope,
    CommunicationUserIdentifier,
    TeamsExtensionAssignment,
    TeamsExtensionPrincipalType,
    TeamsExtensionUserIdentifier,
)

from .conftest import (
    CREDENTIAL_KINDS,
    ENDPOINT,
    ENTRA_TOKEN,
    EXPIRES_EPOCH,
    EXPIRES_ON,
    ISSUED_TOKEN,
    KEY_B64,
    MODES,
    USER_ID,
    USER_PATH,
    Client,
    FakeAsyncCredential,
    assert_hmac_signed,
    fake_credential,
    invoke,
)

TOKEN_JSON = {"token": ISSUED_TOKEN, "expiresOn": EXPIRES_ON}
EXT_RAW_ID = (
    "8:acs:11111111-1111-1111-1111-111111111111_22222222-2222-2222-2222-222222222222_"
    "33333333-3333-3333-3333-333333333333"
)
USER_ENTRA_TOKEN = "teams-extension-user-entra-SECRET-77"
TENANT = "22222222-2222-2222-2222-222222222222"
OBJECT = "44444444-4444-4444-4444-444444444444"
ASSIGNMENT_PATH = f"/access/teamsExtension/tenants/{TENANT}/assignments/{OBJECT}"
ASSIGNMENT_JSON = {"objectId": OBJECT, "tenantId": TENANT, "principalType": "user", "clientIds": ["app-1"]}
EXPECTED_ASSIGNMENT = TeamsExtensionAssignment(OBJECT, TENANT, TeamsExtensionPrincipalType.USER, ("app-1",))


@dataclass
class Case:
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    http_method: str
    path: str
    body: Any  # the JSON sent, or None for no body
    status: int
    response: Any
    check: Callable[[Any], None]
    user_bearer: bool = (
        False  # authenticated with the caller-supplied Entra token, not the client's credential
    )
    id: str = field(default="")


def _user(result: Any) -> None:
    assert isinstance(result, CommunicationUserIdentifier)
    assert result.properties["id"] == USER_ID
    assert result.raw_id == USER_ID


def _token(result: Any) -> None:
    assert result == AccessToken(ISSUED_TOKEN, EXPIRES_EPOCH)
    assert type(result.expires_on) is int


def _user_and_token(result: Any) -> None:
    user, token = result
    _user(user)
    _token(token)


def _none(result: Any) -> None:
    assert result is None


def _extension(result: Any) -> None:
    identity, token = result
    assert isinstance(identity, TeamsExtensionUserIdentifier)
    assert identity.raw_id == EXT_RAW_ID
    _token(token)


def _assignment(result: Any) -> None:
    assert result == EXPECTED_ASSIGNMENT


CASES = [
    Case("create_user", (), {}, "POST", "/identities", None, 201, {"identity": {"id": USER_ID}}, _user),
    Case(
        "create_user_and_token",
        ([CommunicationTokenScope.CHAT, "voip"],),
        {"token_expires_in": timedelta(hours=1)},
        "POST",
        "/identities",
        {"createTokenWithScopes": ["chat", "voip"], "expiresInMinutes": 60},
        201,
        {"identity": {"id": USER_ID}, "accessToken": TOKEN_JSON},
        _user_and_token,
    ),
    Case(
        "get_token",
        (CommunicationUserIdentifier(USER_ID), [CommunicationTokenScope.CHAT_JOIN]),
        {"token_expires_in": timedelta(hours=24)},
        "POST",
        USER_PATH + "/:issueAccessToken",
        {"scopes": ["chat.join"], "expiresInMinutes": 1440},
        200,
        TOKEN_JSON,
        _token,
    ),
    Case(
        "get_token",
        (USER_ID, ["voip"]),
        {},
        "POST",
        USER_PATH + "/:issueAccessToken",
        {"scopes": ["voip"]},
        200,
        TOKEN_JSON,
        _token,
        id="get_token_raw_id_default_expiry",
    ),
    Case(
        "revoke_tokens",
        (CommunicationUserIdentifier(USER_ID),),
        {},
        "POST",
        USER_PATH + "/:revokeAccessTokens",
        None,
        204,
        None,
        _none,
    ),
    Case(
        "delete_user",
        (CommunicationUserIdentifier(USER_ID),),
        {},
        "DELETE",
        USER_PATH,
        None,
        204,
        None,
        _none,
    ),
    Case(
        "get_token_for_teams_user",
        ("aad-token-SECRET", "client-app-id", "user-object-id"),
        {},
        "POST",
        "/teamsUser/:exchangeAccessToken",
        {"token": "aad-token-SECRET", "appId": "client-app-id", "userId": "user-object-id"},
        200,
        TOKEN_JSON,
        _token,
    ),
    Case(
        "exchange_teams_extension_token",
        (USER_ENTRA_TOKEN,),
        {},
        "POST",
        "/access/teamsExtension/:exchangeAccessToken",
        {},
        200,
        {"identity": {"id": EXT_RAW_ID}, "accessToken": TOKEN_JSON},
        _extension,
        user_bearer=True,
    ),
    Case(
        "get_teams_extension_assignment",
        (TENANT, OBJECT),
        {},
        "GET",
        ASSIGNMENT_PATH,
        None,
        200,
        ASSIGNMENT_JSON,
        _assignment,
    ),
    Case(
        "create_or_update_teams_extension_assignment",
        (TENANT, OBJECT),
        {"principal_type": TeamsExtensionPrincipalType.USER, "client_ids": ["app-1"]},
        "PUT",
        ASSIGNMENT_PATH,
        {"principalType": "user", "clientIds": ["app-1"]},
        201,
        ASSIGNMENT_JSON,
        _assignment,
    ),
    Case(
        "delete_teams_extension_assignment",
        (TENANT, OBJECT),
        {},
        "DELETE",
        ASSIGNMENT_PATH,
        None,
        204,
        None,
        _none,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
@pytest.mark.parametrize("case", CASES, ids=[c.id or c.method for c in CASES])
async def test_method_on_the_wire(
    case: Case, kind: str, mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.route(method=case.http_method, url=ENDPOINT + case.path).mock(
        return_value=httpx.Response(case.status, json=case.response)
        if case.response is not None
        else httpx.Response(case.status)
    )
    client = make_client(kind, mode)

    result = await invoke(client, case.method, *case.args, **case.kwargs)

    case.check(result)
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.url.raw_path.decode() == f"{case.path}?api-version=2026-09-23"
    if case.body is None:
        assert request.content == b""
    else:
        assert json.loads(request.content) == case.body
        assert request.headers["content-type"] == "application/json"
    assert request.headers["x-ms-client-request-id"]
    assert request.headers["user-agent"].startswith("acs-identity/0.1.0 Python/3.")
    if case.user_bearer:
        assert request.headers["authorization"] == f"Bearer {USER_ENTRA_TOKEN}"
        assert "x-ms-date" not in request.headers
    elif kind == "token_credential":
        assert request.headers["authorization"] == f"Bearer {ENTRA_TOKEN}"
    else:
        assert_hmac_signed(request)


@pytest.mark.parametrize("mode", MODES)
async def test_token_credential_is_asked_for_the_communication_scope_once(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(201, json={"identity": {"id": USER_ID}})
    )
    credential = fake_credential(mode)
    client = make_client("token_credential", mode, credential=credential)
    for _ in range(3):
        await invoke(client, "create_user")
    assert credential.scopes == [("https://communication.azure.com//.default",)]


@pytest.mark.parametrize("mode", MODES)
async def test_bearer_token_is_refreshed_shortly_before_expiry(
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    respx_mock.post(f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(201, json={"identity": {"id": USER_ID}})
    )
    credential = fake_credential(mode)
    client = make_client("token_credential", mode, credential=credential)
    now = 1_000_000.0
    monkeypatch.setattr(time, "time", lambda: now)
    # The fake credential computes expiry from the same (patched) clock.
    await invoke(client, "create_user")
    assert len(credential.scopes) == 1
    now += 3600 - 301  # still more than the 5-minute margin left
    await invoke(client, "create_user")
    assert len(credential.scopes) == 1
    now += 2  # inside the margin: refetch
    await invoke(client, "create_user")
    assert len(credential.scopes) == 2


@pytest.mark.parametrize("mode", MODES)
async def test_key_rotation_takes_effect_on_the_next_request(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(201, json={"identity": {"id": USER_ID}})
    )
    from azure.core.credentials import AzureKeyCredential

    credential = AzureKeyCredential(KEY_B64)
    client = make_client("key_credential", mode, credential=credential)
    await invoke(client, "create_user")
    assert_hmac_signed(route.calls.last.request)
    new_key = b"another key, rotated"
    import base64

    credential.update(base64.b64encode(new_key).decode())
    await invoke(client, "create_user")
    assert_hmac_signed(route.calls.last.request, key=new_key)


@pytest.mark.parametrize("mode", MODES)
async def test_principal_type_unknown_to_the_client_is_kept_as_str(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    respx_mock.get(f"{ENDPOINT}{ASSIGNMENT_PATH}").mock(
        return_value=httpx.Response(
            200, json={"objectId": OBJECT, "tenantId": TENANT, "principalType": "group"}
        )
    )
    client = make_client("connection_string", mode)
    result = await invoke(client, "get_teams_extension_assignment", TENANT, OBJECT)
    assert result == TeamsExtensionAssignment(OBJECT, TENANT, "group", ())


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-30T10:00:00.1234567+00:00",
        "2026-11-30T10:00:00.1234567Z",
        "2026-11-30T10:00:00Z",
        "2026-11-30T11:00:00.9999999+01:00",
    ],
)
def test_expires_on_parsing(value: str) -> None:
    from acs_identity._operations import expires_on_epoch

    assert expires_on_epoch(value) == EXPIRES_EPOCH


@pytest.mark.parametrize("mode", MODES)
async def test_official_packages_enums_are_accepted(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    # Switching = changing one import: values of the official package's str enums keep working.
    from azure.communication.identity import CommunicationTokenScope as OfficialScope
    from azure.communication.identity._api_versions import ApiVersion as OfficialApiVersion

    route = respx_mock.post(f"{ENDPOINT}{USER_PATH}/:issueAccessToken").mock(
        return_value=httpx.Response(200, json=TOKEN_JSON)
    )
    client = make_client("connection_string", mode, api_version=OfficialApiVersion.V2023_10_01)
    await invoke(client, "get_token", USER_ID, [OfficialScope.CHAT, OfficialScope.VOIP_JOIN])
    request = route.calls.last.request
    assert request.url.params["api-version"] == "2023-10-01"
    assert json.loads(request.content) == {"scopes": ["chat", "voip.join"]}


async def test_concurrent_async_calls_fetch_one_bearer_token(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    import asyncio

    respx_mock.post(f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(201, json={"identity": {"id": USER_ID}})
    )
    credential = FakeAsyncCredential()
    client = make_client("token_credential", "async", credential=credential)
    original = credential.get_token

    async def slow_get_token(*scopes: str, **kwargs: Any) -> AccessToken:
        await asyncio.sleep(0)  # yield, so the other calls reach the cache while this fetch is in flight
        return await original(*scopes, **kwargs)

    credential.get_token = slow_get_token  # type: ignore[method-assign]
    await asyncio.gather(*(invoke(client, "create_user") for _ in range(5)))
    assert len(credential.scopes) == 1


def test_concurrent_sync_calls_fetch_one_bearer_token(respx_mock: respx.MockRouter) -> None:
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from acs_identity import CommunicationIdentityClient

    from .conftest import FakeCredential

    respx_mock.post(f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(201, json={"identity": {"id": USER_ID}})
    )
    release = threading.Event()

    class Gate(FakeCredential):
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            release.wait(5)  # hold the first fetch until every thread is waiting on it
            return super().get_token(*scopes, **kwargs)

    credential = Gate()
    with CommunicationIdentityClient(ENDPOINT, credential) as client, ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client.create_user) for _ in range(4)]
        release.set()
        for future in futures:
            future.result()
    assert len(credential.scopes) == 1


@pytest.mark.parametrize("mode", MODES)
async def test_official_packages_user_identifier_is_accepted(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    from azure.communication.identity import CommunicationUserIdentifier as OfficialUser

    route = respx_mock.delete(f"{ENDPOINT}{USER_PATH}").mock(return_value=httpx.Response(204))
    client = make_client("connection_string", mode)
    await invoke(client, "delete_user", OfficialUser(USER_ID))
    assert route.call_count == 1


@pytest.mark.parametrize("mode", MODES)
async def test_bearer_token_is_dropped_after_a_401(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    from azure.core.exceptions import ClientAuthenticationError

    respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[
            httpx.Response(401, json={"error": {"code": "InvalidAuthentication", "message": "no"}}),
            httpx.Response(201, json={"identity": {"id": USER_ID}}),
        ]
    )
    credential = fake_credential(mode)
    client = make_client("token_credential", mode, credential=credential)
    with pytest.raises(ClientAuthenticationError):
        await invoke(client, "create_user")
    await invoke(client, "create_user")
    assert len(credential.scopes) == 2
