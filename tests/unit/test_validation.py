"""Invalid arguments are refused before anything is sent, each with a message naming the problem."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
import respx
from azure.core.credentials import AzureKeyCredential

from acs_identity import (
    ApiVersion,
    CommunicationIdentityClient,
    CommunicationTokenScope,
    CommunicationUserIdentifier,
    PhoneNumberIdentifier,
)

from .conftest import ENDPOINT, KEY_B64, MODES, USER_ID, Client, FakeAsyncCredential, invoke

USER = CommunicationUserIdentifier(USER_ID)
CHAT = [CommunicationTokenScope.CHAT]

# (api_version, method, args, kwargs, exception, message pattern)
INVALID_CALLS: list[tuple[str, str, tuple[Any, ...], dict[str, Any], type[Exception], str]] = [
    (
        "2026-09-23",
        "get_token",
        (USER, CHAT),
        {"token_expires_in": timedelta(minutes=59)},
        ValueError,
        "between 1:00:00 and 1 day",
    ),
    (
        "2026-09-23",
        "get_token",
        (USER, CHAT),
        {"token_expires_in": timedelta(hours=24, minutes=1)},
        ValueError,
        "between",
    ),
    (
        "2026-09-23",
        "get_token",
        (USER, CHAT),
        {"token_expires_in": timedelta(hours=1, seconds=30)},
        ValueError,
        "whole number of minutes",
    ),
    ("2026-09-23", "get_token", (USER, CHAT), {"token_expires_in": 3600}, TypeError, "timedelta, not int"),
    (
        "2026-09-23",
        "create_user_and_token",
        (CHAT,),
        {"token_expires_in": timedelta(days=2)},
        ValueError,
        "1 to 24 hours",
    ),
    ("2026-09-23", "get_token", (USER, []), {}, ValueError, "at least one scope"),
    ("2026-09-23", "create_user_and_token", ([],), {}, ValueError, "at least one scope"),
    (
        "2026-09-23",
        "get_token",
        (USER, "chat"),
        {},
        TypeError,
        "list of CommunicationTokenScope or str, not str",
    ),
    (
        "2026-09-23",
        "get_token",
        (USER, [1]),
        {},
        TypeError,
        "each scope must be a CommunicationTokenScope or str, not int",
    ),
    ("2026-09-23", "get_token", (USER, [""]), {}, ValueError, "non-empty"),
    (
        "2026-09-23",
        "get_token",
        (PhoneNumberIdentifier("+14255550123"), CHAT),
        {},
        TypeError,
        "not PhoneNumberIdentifier",
    ),
    ("2026-09-23", "get_token", (None, CHAT), {}, TypeError, "not NoneType"),
    ("2026-09-23", "delete_user", ("",), {}, ValueError, "user must be a non-empty string"),
    ("2026-09-23", "revoke_tokens", (42,), {}, TypeError, "CommunicationUserIdentifier .* not int"),
    (
        "2026-09-23",
        "get_token_for_teams_user",
        ("", "app", "oid"),
        {},
        ValueError,
        "aad_token must be a non-empty",
    ),
    (
        "2026-09-23",
        "get_token_for_teams_user",
        ("tok", None, "oid"),
        {},
        TypeError,
        "client_id must be a str",
    ),
    ("2026-09-23", "get_token_for_teams_user", ("tok", "app", " "), {}, ValueError, "user_object_id"),
    ("2026-09-23", "exchange_teams_extension_token", ("",), {}, ValueError, "entra_token"),
    ("2026-09-23", "get_teams_extension_assignment", ("", "o"), {}, ValueError, "tenant_id"),
    ("2026-09-23", "delete_teams_extension_assignment", ("t", 5), {}, TypeError, "object_id must be a str"),
    (
        "2026-09-23",
        "create_or_update_teams_extension_assignment",
        ("t", "o"),
        {"principal_type": ""},
        ValueError,
        "principal_type",
    ),
    (
        "2026-09-23",
        "create_or_update_teams_extension_assignment",
        ("t", "o"),
        {"principal_type": "user", "client_ids": "app"},
        TypeError,
        "client_ids must be a list",
    ),
    (
        "2026-09-23",
        "create_or_update_teams_extension_assignment",
        ("t", "o"),
        {"principal_type": "user", "client_ids": [""]},
        ValueError,
        "client id",
    ),
    # Options the chosen api-version lacks: the error names the first version that has them.
    (
        "2021-03-07",
        "get_token",
        (USER, CHAT),
        {"token_expires_in": timedelta(hours=1)},
        ValueError,
        "token_expires_in requires api-version 2022-10-01 or later; this client uses 2021-03-07",
    ),
    (
        "2022-06-01",
        "create_user_and_token",
        (CHAT,),
        {"token_expires_in": timedelta(hours=1)},
        ValueError,
        "requires api-version 2022-10-01",
    ),
    (
        "2022-10-01",
        "get_token",
        (USER, [CommunicationTokenScope.CHAT_JOIN]),
        {},
        ValueError,
        "scope 'chat.join' requires api-version 2023-10-01",
    ),
    (
        "2022-10-01",
        "create_user_and_token",
        (["voip.join"],),
        {},
        ValueError,
        "scope 'voip.join' requires api-version 2023-10-01",
    ),
    (
        "2021-03-07",
        "get_token_for_teams_user",
        ("tok", "app", "oid"),
        {},
        ValueError,
        "requires api-version 2022-06-01",
    ),
    (
        "2023-10-01",
        "exchange_teams_extension_token",
        ("tok",),
        {},
        ValueError,
        "requires api-version 2025-06-30",
    ),
    (
        "2023-10-01",
        "get_teams_extension_assignment",
        ("t", "o"),
        {},
        ValueError,
        "requires api-version 2025-06-30",
    ),
    (
        "2023-10-01",
        "create_or_update_teams_extension_assignment",
        ("t", "o"),
        {"principal_type": "user"},
        ValueError,
        "requires api-version 2025-06-30",
    ),
    (
        "2023-10-01",
        "delete_teams_extension_assignment",
        ("t", "o"),
        {},
        ValueError,
        "requires api-version 2025-06-30",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("api_version", "method", "args", "kwargs", "exception", "pattern"),
    INVALID_CALLS,
    ids=[f"{c[1]}-{c[4].__name__}-{i}" for i, c in enumerate(INVALID_CALLS)],
)
async def test_invalid_call_is_refused_before_sending(
    api_version: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    exception: type[Exception],
    pattern: str,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
) -> None:
    client = make_client("connection_string", mode, api_version=api_version)
    with pytest.raises(exception, match=pattern):
        await invoke(client, method, *args, **kwargs)
    assert respx_mock.calls.call_count == 0


@pytest.mark.parametrize("mode", MODES)
async def test_scopes_unknown_to_every_version_pass_through(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    import httpx

    route = respx_mock.post(url__startswith=f"{ENDPOINT}/identities").mock(
        return_value=httpx.Response(200, json={"token": "t", "expiresOn": "2026-11-30T10:00:00Z"})
    )
    client = make_client("connection_string", mode)
    await invoke(client, "get_token", USER_ID, ["future.scope"])
    assert route.calls.last.request.content == b'{"scopes":["future.scope"]}'


@pytest.mark.parametrize(
    ("options", "exception", "pattern"),
    [
        (
            {"api_version": "2020-01-01"},
            ValueError,
            "api_version '2020-01-01' is not supported; supported versions: 2021-03-07",
        ),
        ({"api_version": 2023}, TypeError, "api_version must be an ApiVersion or str"),
        ({"connection_timeout": 0}, ValueError, "connection_timeout"),
        ({"read_timeout": -1}, ValueError, "read_timeout"),
        ({"retry_total": -1}, ValueError, "retry_total"),
        ({"http_client": object()}, TypeError, "http_client must be an Client"),
    ],
)
def test_invalid_options(options: dict[str, Any], exception: type[Exception], pattern: str) -> None:
    with pytest.raises(exception, match=pattern):
        CommunicationIdentityClient(ENDPOINT, KEY_B64, **options)


def test_api_version_enum_and_default() -> None:
    assert [v.value for v in ApiVersion] == [
        "2021-03-07",
        "2022-06-01",
        "2022-10-01",
        "2023-08-01",
        "2023-10-01",
        "2025-03-02-preview",
        "2025-06-30",
        "2026-09-23",
    ]
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"identity": {"id": "8:acs:x"}})

    with CommunicationIdentityClient(ENDPOINT, KEY_B64, transport=httpx.MockTransport(answer)) as client:
        client.create_user()
    transport = httpx.MockTransport(answer)
    with CommunicationIdentityClient(
        ENDPOINT, KEY_B64, transport=transport, api_version=ApiVersion.V2023_10_01
    ) as client:
        client.create_user()
    assert [request.url.params["api-version"] for request in sent] == ["2026-09-23", "2023-10-01"]


@pytest.mark.parametrize(
    ("credential", "exception", "pattern"),
    [
        (None, ValueError, "credential is required"),
        ("", ValueError, "credential is required"),
        ("not base64!", ValueError, "access key is not valid base64"),
        (AzureKeyCredential("@@@@"), ValueError, "access key is not valid base64"),
        (12345, TypeError, "unsupported credential type int"),
        (FakeAsyncCredential(), TypeError, "AsyncTokenCredential; use acs_identity.aio"),
    ],
)
def test_invalid_credentials(credential: Any, exception: type[Exception], pattern: str) -> None:
    with pytest.raises(exception, match=pattern) as caught:
        CommunicationIdentityClient(ENDPOINT, credential)
    if isinstance(credential, str) and credential:
        assert credential not in str(caught.value)


def test_sync_credential_refused_by_async_client() -> None:
    from acs_identity.aio import CommunicationIdentityClient as AsyncClient

    from .conftest import FakeCredential

    with pytest.raises(TypeError, match="needs an AsyncTokenCredential"):
        AsyncClient(ENDPOINT, FakeCredential())  # type: ignore[arg-type]


def test_api_versions_match_the_capability_record() -> None:
    from acs_identity._api_versions import DEFAULT_API_VERSION
    from acs_identity._capabilities import load_capabilities

    record = load_capabilities()
    assert {v.value for v in ApiVersion} == set(record.versions)
    assert DEFAULT_API_VERSION == record.default
