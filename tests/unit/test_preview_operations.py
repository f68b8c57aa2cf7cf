"""The operations of api-versions 2023-08-01 (repeatable creates) and 2025-03-02-preview (custom ids, user
details, the Entra ID exchange and assignments), sync and async, against respx: what goes on the wire and
what comes back, and what is refused before anything is sent."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
import respx

from acs_identity import (
    ApiVersion,
    CommunicationUserDetail,
    CommunicationUserIdentifier,
    EntraAssignment,
    EntraPrincipalType,
    RepeatabilityOutcome,
    RepeatabilityResult,
)

from .conftest import ENDPOINT, ISSUED_TOKEN, MODES, USER_ID, USER_PATH, Client, invoke

PREVIEW = ApiVersion.V2025_03_02_PREVIEW
REPEATABLE = ApiVersion.V2023_08_01
TOKEN_JSON = {"token": ISSUED_TOKEN, "expiresOn": "2026-11-30T10:00:00+00:00"}
CREATED = {"identity": {"id": USER_ID}}
TENANT = "22222222-2222-2222-2222-222222222222"
OBJECT = "44444444-4444-4444-4444-444444444444"
OTHER = "55555555-5555-5555-5555-555555555555"
APP = "66666666-6666-6666-6666-666666666666"
ASSIGNMENT_JSON = {"objectId": OBJECT, "tenantId": TENANT, "principalType": "group", "clientIds": [APP]}
ASSIGNMENT = EntraAssignment(OBJECT, TENANT, EntraPrincipalType.GROUP, (APP,))
IMF_FIXDATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT"
)
UUID_FORM = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ENTRA_USER_TOKEN = "entra-user-token-SECRET-31"


@pytest.fixture
def respx_mock() -> Iterator[respx.MockRouter]:
    # As conftest's, but a route may stay uncalled: "refused before sending" tests check that it was not.
    with respx.mock(using="transports", assert_all_called=False) as router:
        yield router


def _client(make_client: Callable[..., Client], mode: str, api_version: str, **options: Any) -> Client:
    return make_client("connection_string", mode, api_version=api_version, **options)


async def _items(pager: Any) -> list[Any]:
    if hasattr(pager, "__aiter__"):
        return [item async for item in pager]
    return list(pager)


def _query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


# --- custom ids -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_create_user_with_custom_id(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").respond(201, json=CREATED)
    user = await invoke(_client(make_client, mode, PREVIEW), "create_user", custom_id="app-user-1")
    assert user == CommunicationUserIdentifier(USER_ID)
    request = route.calls.last.request
    assert _query(request) == {"api-version": "2025-03-02-preview"}
    assert json.loads(request.content) == {"customId": "app-user-1"}
    assert "repeatability-request-id" not in request.headers


@pytest.mark.parametrize("mode", MODES)
async def test_create_user_and_token_with_custom_id(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").respond(
        201, json={**CREATED, "accessToken": TOKEN_JSON}
    )
    user, token = await invoke(
        _client(make_client, mode, PREVIEW),
        "create_user_and_token",
        ["chat"],
        token_expires_in=timedelta(hours=2),
        custom_id="x" * 256,
    )
    assert user.properties["id"] == USER_ID and token.token == ISSUED_TOKEN
    assert json.loads(route.calls.last.request.content) == {
        "createTokenWithScopes": ["chat"],
        "expiresInMinutes": 120,
        "customId": "x" * 256,
    }


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("api_version", "custom_id", "error", "message"),
    [
        (PREVIEW, "", ValueError, "1 to 256 characters, got 0"),
        (PREVIEW, "x" * 257, ValueError, "1 to 256 characters, got 257"),
        (PREVIEW, 42, TypeError, "custom_id must be a str"),
        (ApiVersion.V2026_09_23, "id", ValueError, "custom_id requires api-version 2025-03-02-preview"),
        (REPEATABLE, "id", ValueError, "this client uses 2023-08-01"),
    ],
)
async def test_bad_custom_id_is_refused_before_sending(
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    mode: str,
    api_version: str,
    custom_id: object,
    error: type[Exception],
    message: str,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").respond(201, json=CREATED)
    client = _client(make_client, mode, api_version)
    for method, args in (("create_user", ()), ("create_user_and_token", (["chat"],))):
        with pytest.raises(error, match=re.escape(message)):
            await invoke(client, method, *args, custom_id=custom_id)
    assert not route.called


# --- user details -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_get_user_detail(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.get(f"{ENDPOINT}{USER_PATH}").respond(
        200,
        json={
            "id": USER_ID,
            "customId": "app-user-1",
            "lastTokenIssuedAt": "2026-11-30T09:00:00.1234567+02:00",
        },
    )
    detail = await invoke(_client(make_client, mode, PREVIEW), "get_user_detail", USER_ID)
    assert isinstance(detail, CommunicationUserDetail)
    assert detail.user == CommunicationUserIdentifier(USER_ID) and detail.id == USER_ID
    assert detail.custom_id == "app-user-1"
    assert detail.last_token_issued_at == datetime(2026, 11, 30, 7, 0, 0, 123456, tzinfo=UTC)
    assert detail.last_token_issued_at is not None and detail.last_token_issued_at.tzinfo is UTC
    assert _query(route.calls.last.request) == {"api-version": "2025-03-02-preview"}
    with pytest.raises(AttributeError):
        detail.custom_id = "other"  # type: ignore[misc]


@pytest.mark.parametrize("mode", MODES)
async def test_get_user_detail_without_optional_fields(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    respx_mock.get(f"{ENDPOINT}{USER_PATH}").respond(200, json={"id": USER_ID})
    detail = await invoke(
        _client(make_client, mode, PREVIEW), "get_user_detail", CommunicationUserIdentifier(USER_ID)
    )
    assert detail == CommunicationUserDetail(CommunicationUserIdentifier(USER_ID), None, None)


@pytest.mark.parametrize("mode", MODES)
async def test_get_user_detail_needs_the_preview(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.get(f"{ENDPOINT}{USER_PATH}").respond(200, json={"id": USER_ID})
    with pytest.raises(ValueError, match=r"get_user_detail requires api-version 2025-03-02-preview"):
        await invoke(_client(make_client, mode, ApiVersion.V2025_06_30), "get_user_detail", USER_ID)
    assert not route.called


# --- repeatability ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["create_user", "create_user_and_token"])
async def test_every_create_is_repeatable_with_the_same_headers_on_every_retry(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str, method: str
) -> None:
    body = CREATED if method == "create_user" else {**CREATED, "accessToken": TOKEN_JSON}
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectError("dropped"),
            httpx.Response(201, json=body, headers={"Repeatability-Result": "accepted"}),
            httpx.Response(201, json=body, headers={"Repeatability-Result": "accepted"}),
        ]
    )
    client = _client(make_client, mode, REPEATABLE)
    args = () if method == "create_user" else (["chat"],)
    await invoke(client, method, *args)
    await invoke(client, method, *args)
    requests = [call.request for call in route.calls]
    assert len(requests) == 4  # 503, dropped, 201; then a second call answered at once
    first, second = requests[:3], requests[3]
    ids = {r.headers["repeatability-request-id"] for r in first}
    sent = {r.headers["repeatability-first-sent"] for r in first}
    assert len(ids) == 1 and len(sent) == 1, "a call's retries must repeat its headers"
    assert UUID_FORM.fullmatch(ids.pop())
    assert IMF_FIXDATE.fullmatch(sent.pop())
    assert second.headers["repeatability-request-id"] != first[0].headers["repeatability-request-id"]


@pytest.mark.parametrize("mode", MODES)
async def test_caller_supplied_repeatability_values_and_the_outcome(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[
            httpx.Response(503),
            httpx.Response(201, json=CREATED, headers={"Repeatability-Result": "Accepted"}),
        ]
    )
    request_id = "4E7D453C-AE97-4778-AD51-CB3B4A701100"
    first_sent = datetime(2023, 9, 10, 22, 39, 30, 999_999, tzinfo=timezone(timedelta(hours=2)))
    outcomes: list[RepeatabilityOutcome] = []
    raw: list[int] = []
    client = _client(make_client, mode, REPEATABLE)
    await invoke(
        client,
        "create_user",
        repeatability_request_id=request_id,
        repeatability_first_sent=first_sent,
        repeatability_hook=outcomes.append,
        raw_response_hook=lambda response: raw.append(response.http_response.status_code),
    )
    for call in route.calls:
        assert call.request.headers["repeatability-request-id"] == request_id.lower()
        assert call.request.headers["repeatability-first-sent"] == "Sun, 10 Sep 2023 20:39:30 GMT"
    assert raw == [503, 201], "the caller's own response hook still sees every attempt"
    assert outcomes == [
        RepeatabilityOutcome(
            request_id.lower(), datetime(2023, 9, 10, 20, 39, 30, tzinfo=UTC), RepeatabilityResult.ACCEPTED
        )
    ]
    assert outcomes[0].accepted


@pytest.mark.parametrize("mode", MODES)
async def test_the_outcome_without_a_result_header_and_with_an_unknown_one(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[
            httpx.Response(201, json=CREATED),
            httpx.Response(201, json=CREATED, headers={"Repeatability-Result": "deferred"}),
        ]
    )
    outcomes: list[RepeatabilityOutcome] = []
    client = _client(make_client, mode, REPEATABLE)
    await invoke(client, "create_user", repeatability_hook=outcomes.append)
    await invoke(client, "create_user", repeatability_hook=outcomes.append)
    assert [o.result for o in outcomes] == [None, "deferred"]
    assert not outcomes[0].accepted
    assert UUID_FORM.fullmatch(outcomes[0].request_id)
    assert outcomes[0].first_sent.tzinfo is UTC and outcomes[0].first_sent.microsecond == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("api_version", "kwargs", "error", "message"),
    [
        (
            REPEATABLE,
            {"repeatability_request_id": "not-a-uuid", "repeatability_first_sent": datetime.now(UTC)},
            ValueError,
            "must be a UUID",
        ),
        (
            REPEATABLE,
            {"repeatability_request_id": "", "repeatability_first_sent": datetime.now(UTC)},
            ValueError,
            "must be a UUID",
        ),
        (
            REPEATABLE,
            {
                "repeatability_request_id": "{4e7d453c-ae97-4778-ad51-cb3b4a701100}",
                "repeatability_first_sent": datetime.now(UTC),
            },
            ValueError,
            "must be a UUID",
        ),
        (
            REPEATABLE,
            {"repeatability_request_id": str(uuid.uuid4()), "repeatability_first_sent": datetime(2024, 1, 1)},
            ValueError,
            "aware datetime",
        ),
        (
            REPEATABLE,
            {"repeatability_request_id": str(uuid.uuid4())},
            ValueError,
            "needs repeatability_first_sent too",
        ),
        (
            REPEATABLE,
            {"repeatability_first_sent": datetime.now(UTC)},
            ValueError,
            "needs repeatability_request_id too",
        ),
        (
            REPEATABLE,
            {"repeatability_request_id": 7, "repeatability_first_sent": datetime.now(UTC)},
            TypeError,
            "str or uuid.UUID",
        ),
        (
            REPEATABLE,
            {"repeatability_request_id": uuid.uuid4(), "repeatability_first_sent": "now"},
            TypeError,
            "must be a datetime",
        ),
        (REPEATABLE, {"repeatability_hook": "print"}, TypeError, "repeatability_hook must be callable"),
        (
            PREVIEW,
            {"repeatability_request_id": str(uuid.uuid4()), "repeatability_first_sent": datetime.now(UTC)},
            ValueError,
            "repeatability_request_id requires api-version 2023-08-01; this client uses 2025-03-02-preview",
        ),
        (
            ApiVersion.V2026_09_23,
            {"repeatability_hook": print},
            ValueError,
            "repeatability_hook requires api-version 2023-08-01",
        ),
    ],
)
async def test_bad_repeatability_values_are_refused_before_sending(
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    mode: str,
    api_version: str,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").respond(201, json=CREATED)
    client = _client(make_client, mode, api_version)
    for method, args in (("create_user", ()), ("create_user_and_token", (["chat"],))):
        with pytest.raises(error, match=re.escape(message)):
            await invoke(client, method, *args, **kwargs)
    assert not route.called


@pytest.mark.parametrize("mode", MODES)
async def test_no_repeatability_headers_on_versions_without_the_feature(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").respond(201, json=CREATED)
    await invoke(_client(make_client, mode, ApiVersion.V2023_10_01), "create_user")
    assert "repeatability-request-id" not in route.calls.last.request.headers
    assert "repeatability-first-sent" not in route.calls.last.request.headers


@pytest.mark.parametrize("mode", MODES)
async def test_a_rejected_repeat_raises_and_reports_nothing(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    from azure.core.exceptions import HttpResponseError

    respx_mock.post(f"{ENDPOINT}/identities").respond(
        400,
        json={"error": {"code": "InvalidRepeatabilityHeaders", "message": "reused"}},
        headers={"Repeatability-Result": "rejected"},
    )
    outcomes: list[RepeatabilityOutcome] = []
    with pytest.raises(HttpResponseError) as caught:
        await invoke(
            _client(make_client, mode, REPEATABLE), "create_user", repeatability_hook=outcomes.append
        )
    response: Any = caught.value.response
    assert response.headers["Repeatability-Result"] == "rejected"
    assert outcomes == []


# --- Entra ID token exchange ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_exchange_entra_id_token(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/access/entra/:exchangeAccessToken").respond(
        200, json={**CREATED, "accessToken": TOKEN_JSON}
    )
    identity, token = await invoke(
        _client(make_client, mode, PREVIEW), "exchange_entra_id_token", ENTRA_USER_TOKEN
    )
    assert identity == CommunicationUserIdentifier(USER_ID)
    assert token.token == ISSUED_TOKEN
    request = route.calls.last.request
    assert request.headers["authorization"] == f"Bearer {ENTRA_USER_TOKEN}"
    assert json.loads(request.content) == {}
    assert _query(request) == {"api-version": "2025-03-02-preview"}


@pytest.mark.parametrize("mode", MODES)
async def test_exchange_entra_id_token_is_refused_before_sending(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/access/entra/:exchangeAccessToken").respond(200)
    with pytest.raises(ValueError, match=r"requires api-version 2025-03-02-preview"):
        await invoke(_client(make_client, mode, ApiVersion.V2026_09_23), "exchange_entra_id_token", "t")
    with pytest.raises(ValueError, match=r"entra_token must be a non-empty string"):
        await invoke(_client(make_client, mode, PREVIEW), "exchange_entra_id_token", " ")
    assert not route.called


# --- Entra assignments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_list_entra_assignments_follows_next_link(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    second = {**ASSIGNMENT_JSON, "objectId": OTHER, "principalType": "someday-new", "clientIds": []}
    route = respx_mock.get(url__startswith=f"{ENDPOINT}/access/entra/assignments").mock(
        side_effect=[
            httpx.Response(
                200,
                json={
                    "value": [ASSIGNMENT_JSON],
                    "nextLink": "/access/entra/assignments?skip=1&api-version=2025-03-02-preview",
                },
            ),
            httpx.Response(
                200, json={"value": [], "nextLink": f"{ENDPOINT}/access/entra/assignments?skip=2"}
            ),
            httpx.Response(200, json={"value": [second]}),
        ]
    )
    pager = _client(make_client, mode, PREVIEW).list_entra_assignments()
    assert not route.called, "a pager sends nothing until iterated"
    items = await _items(pager)
    assert items == [ASSIGNMENT, EntraAssignment(OTHER, TENANT, "someday-new", ())]
    queries = [_query(call.request) for call in route.calls]
    assert queries == [
        {"api-version": "2025-03-02-preview"},
        {"skip": "1", "api-version": "2025-03-02-preview"},
        {"skip": "2", "api-version": "2025-03-02-preview"},
    ]
    assert all(call.request.method == "GET" for call in route.calls)
    assert all("authorization" in call.request.headers for call in route.calls)


@pytest.mark.parametrize("mode", MODES)
async def test_list_entra_assignments_refuses_a_next_link_to_another_host(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    from azure.core.exceptions import DecodeError

    respx_mock.get(f"{ENDPOINT}/access/entra/assignments").respond(
        200, json={"value": [ASSIGNMENT_JSON], "nextLink": "https://elsewhere.example/steal?api-version=1"}
    )
    elsewhere = respx_mock.get(url__startswith="https://elsewhere.example").respond(200, json={"value": []})
    with pytest.raises(DecodeError, match="not to the client's endpoint"):
        await _items(_client(make_client, mode, PREVIEW).list_entra_assignments())
    assert not elsewhere.called


@pytest.mark.parametrize("mode", MODES)
async def test_list_entra_assignments_checks_before_sending(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    route = respx_mock.get(url__startswith=f"{ENDPOINT}/access/entra/assignments").respond(
        200, json={"value": []}
    )
    with pytest.raises(ValueError, match=r"list_entra_assignments requires api-version 2025-03-02-preview"):
        _client(make_client, mode, ApiVersion.V2025_06_30).list_entra_assignments()
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        _client(make_client, mode, PREVIEW).list_entra_assignments(colour="red")  # type: ignore[call-arg]
    assert not route.called


@pytest.mark.parametrize("mode", MODES)
async def test_get_put_delete_entra_assignment(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    url = f"{ENDPOINT}/access/entra/assignments/{OBJECT}"
    get = respx_mock.get(url).respond(200, json=ASSIGNMENT_JSON)
    put = respx_mock.put(url).respond(201, json=ASSIGNMENT_JSON)
    delete = respx_mock.delete(url).respond(204)
    client = _client(make_client, mode, PREVIEW)
    assert await invoke(client, "get_entra_assignment", OBJECT) == ASSIGNMENT
    stored = await invoke(
        client, "create_or_update_entra_assignment", OBJECT, TENANT, EntraPrincipalType.GROUP, [APP]
    )
    assert stored == ASSIGNMENT
    assert json.loads(put.calls.last.request.content) == {
        "tenantId": TENANT,
        "principalType": "group",
        "clientIds": [APP],
    }
    assert await invoke(client, "delete_entra_assignment", OBJECT) is None
    for route in (get, put, delete):
        assert _query(route.calls.last.request) == {"api-version": "2025-03-02-preview"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("", TENANT, "user", [APP]), ValueError, "object_id must be a non-empty string"),
        ((OBJECT, TENANT, "user", APP), TypeError, "client_ids must be a list of str"),
        ((OBJECT, None, "user", [APP]), TypeError, "tenant_id must be a str"),
    ],
)
async def test_bad_entra_assignment_is_refused_before_sending(
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    mode: str,
    args: tuple[Any, ...],
    error: type[Exception],
    message: str,
) -> None:
    route = respx_mock.route(url__startswith=f"{ENDPOINT}/access/entra").respond(200)
    with pytest.raises(error, match=re.escape(message)):
        await invoke(_client(make_client, mode, PREVIEW), "create_or_update_entra_assignment", *args)
    assert not route.called


@pytest.mark.parametrize("mode", MODES)
async def test_update_entra_assignments_is_sent_at_once_and_pages_its_answer(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    patch = respx_mock.patch(f"{ENDPOINT}/access/entra/assignments").respond(
        200, json={"value": [ASSIGNMENT_JSON], "nextLink": "/access/entra/assignments?page=2"}
    )
    follow = respx_mock.get(url__startswith=f"{ENDPOINT}/access/entra/assignments").respond(
        200, json={"value": [{**ASSIGNMENT_JSON, "objectId": OTHER}]}
    )
    client = _client(make_client, mode, PREVIEW)
    pager = await invoke(client, "update_entra_assignments", {OBJECT: ASSIGNMENT, OTHER: None})
    assert patch.call_count == 1 and not follow.called, "the change is sent when the method is called"
    request = patch.calls.last.request
    assert request.headers["content-type"] == "application/merge-patch+json"
    assert json.loads(request.content) == {
        OBJECT: {"tenantId": TENANT, "principalType": "group", "clientIds": [APP]},
        OTHER: None,
    }
    items = await _items(pager)
    assert [a.object_id for a in items] == [OBJECT, OTHER]
    assert patch.call_count == 1 and follow.call_count == 1
    assert _query(follow.calls.last.request) == {"page": "2", "api-version": "2025-03-02-preview"}


@pytest.mark.parametrize("mode", MODES)
async def test_update_entra_assignments_answered_with_no_content(
    make_client: Callable[..., Client], respx_mock: respx.MockRouter, mode: str
) -> None:
    respx_mock.patch(f"{ENDPOINT}/access/entra/assignments").respond(204)
    pager = await invoke(_client(make_client, mode, PREVIEW), "update_entra_assignments", {OBJECT: None})
    assert await _items(pager) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("assignments", "error", "message"),
    [
        ({}, ValueError, "at least one object id"),
        ([ASSIGNMENT], TypeError, "assignments must be a mapping"),
        ({OTHER: ASSIGNMENT}, ValueError, f"is the assignment of object id {OBJECT!r}, not of its key"),
        ({OBJECT: ASSIGNMENT_JSON}, TypeError, "must be an EntraAssignment or None, not dict"),
        ({"": None}, ValueError, "each object id must be a non-empty string"),
    ],
)
async def test_bad_bulk_update_is_refused_before_sending(
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    mode: str,
    assignments: object,
    error: type[Exception],
    message: str,
) -> None:
    route = respx_mock.route(url__startswith=f"{ENDPOINT}/access/entra").respond(204)
    with pytest.raises(error, match=re.escape(message)):
        await invoke(_client(make_client, mode, PREVIEW), "update_entra_assignments", assignments)
    assert not route.called
