"""The operations of api-versions 2023-08-01 and 2025-03-02-preview against the emulator over loopback:
sync and async clients, on the fast path and on azure-core's pipeline (one scenario, run four ways)."""

from __future__ import annotations

import inspect
import json
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from acs_identity import (
    ApiVersion,
    CommunicationIdentityClient,
    CommunicationUserIdentifier,
    EntraAssignment,
    EntraPrincipalType,
    RepeatabilityOutcome,
    RepeatabilityResult,
)
from acs_identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient
from acs_identity.emulator import Emulator, FaultConfig

PREVIEW = ApiVersion.V2025_03_02_PREVIEW
REPEATABLE = ApiVersion.V2023_08_01
WAYS = ["sync", "async", "sync-azure-core", "async-azure-core"]

Client = CommunicationIdentityClient | AsyncCommunicationIdentityClient


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


def _client(emu: Emulator, way: str, api_version: str, **options: Any) -> Client:
    if way.endswith("azure-core"):
        if way.startswith("async"):
            from azure.core.pipeline.transport import AioHttpTransport

            options["transport"] = AioHttpTransport()
        else:
            from azure.core.pipeline.transport import RequestsTransport

            options["transport"] = RequestsTransport()
    cls: Any = AsyncCommunicationIdentityClient if way.startswith("async") else CommunicationIdentityClient
    client: Client = cls.from_connection_string(emu.connection_string, api_version=api_version, **options)
    return client


async def _call(client: Client, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, method)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


async def _items(pager: Any) -> list[Any]:
    if hasattr(pager, "__aiter__"):
        return [item async for item in pager]
    return list(pager)


async def _close(client: Client) -> None:
    result = client.close()
    if inspect.isawaitable(result):
        await result


@pytest.fixture
async def clients() -> AsyncIterator[list[Client]]:
    made: list[Client] = []
    yield made
    for client in made:
        await _close(client)


def _info(emu: Emulator) -> dict[str, Any]:
    with urllib.request.urlopen(f"{emu.endpoint}/_emulator/info", timeout=30) as response:
        info: dict[str, Any] = json.load(response)
    return info


def _identity_count(emu: Emulator) -> int:
    count = _info(emu)["identities"]
    assert isinstance(count, int)
    return count


@pytest.mark.parametrize("way", WAYS)
async def test_custom_ids_and_user_details(emu: Emulator, way: str, clients: list[Client]) -> None:
    client = _client(emu, way, PREVIEW)
    clients.append(client)
    custom = f"app-user-{uuid.uuid4()}"
    user = await _call(client, "create_user", custom_id=custom)
    again, token = await _call(client, "create_user_and_token", ["chat"], custom_id=custom)
    assert again == user, "a custom id maps to one identity"
    before = datetime.now(UTC) - timedelta(minutes=1)
    detail = await _call(client, "get_user_detail", user)
    assert detail.user == user and detail.id == user.properties["id"]
    assert detail.custom_id == custom
    assert detail.last_token_issued_at is not None and detail.last_token_issued_at.tzinfo is UTC
    assert detail.last_token_issued_at >= before
    assert emu.is_token_valid(token.token)
    plain = await _call(client, "create_user")
    plain_detail = await _call(client, "get_user_detail", plain.raw_id)
    assert (plain_detail.custom_id, plain_detail.last_token_issued_at) == (None, None)
    await _call(client, "delete_user", plain)
    with pytest.raises(ResourceNotFoundError):
        await _call(client, "get_user_detail", plain)


@pytest.mark.parametrize("way", WAYS)
async def test_entra_assignments_and_exchange(emu: Emulator, way: str, clients: list[Client]) -> None:
    client = _client(emu, way, PREVIEW)
    clients.append(client)
    tenant, app = str(uuid.uuid4()), str(uuid.uuid4())
    objects = [str(uuid.uuid4()) for _ in range(3)]
    with pytest.raises(ResourceNotFoundError):
        await _call(client, "get_entra_assignment", objects[0])
    stored = await _call(client, "create_or_update_entra_assignment", objects[0], tenant, "user", [app])
    assert stored == EntraAssignment(objects[0], tenant, EntraPrincipalType.USER, (app,))
    assert await _call(client, "get_entra_assignment", objects[0]) == stored
    identity, token = await _call(
        client, "exchange_entra_id_token", emu.mint_entra_token(tid=tenant, oid=objects[0], appid=app)
    )
    assert emu.is_token_valid(token.token)
    assert identity.raw_id
    changes = {
        objects[1]: EntraAssignment(objects[1], tenant, EntraPrincipalType.GROUP, (app,)),
        objects[2]: EntraAssignment(objects[2], tenant, "user", (app,)),
        objects[0]: None,
    }
    await _items(await _call(client, "update_entra_assignments", changes))
    listed = {a.object_id: a for a in await _items(client.list_entra_assignments())}
    assert objects[0] not in listed
    assert listed[objects[1]].principal_type == EntraPrincipalType.GROUP
    assert listed[objects[2]].client_ids == (app,)
    await _call(client, "delete_entra_assignment", objects[1])
    with pytest.raises(ResourceNotFoundError):
        await _call(client, "delete_entra_assignment", objects[1])


@pytest.mark.parametrize("way", WAYS)
async def test_listing_follows_every_page(emu: Emulator, way: str, clients: list[Client]) -> None:
    client = _client(emu, way, PREVIEW)
    clients.append(client)
    tenant, app = str(uuid.uuid4()), str(uuid.uuid4())
    mine = {str(uuid.uuid4()) for _ in range(120)}  # more than one page of the emulator's
    await _items(
        await _call(
            client,
            "update_entra_assignments",
            {oid: EntraAssignment(oid, tenant, "user", (app,)) for oid in mine},
        )
    )
    pager = client.list_entra_assignments()
    pages: list[list[Any]] = []
    by_page: Any = pager.by_page()
    if hasattr(by_page, "__aiter__"):
        async for page in by_page:
            pages.append([item async for item in page])
    else:
        pages.extend(list(page) for page in by_page)
    seen = [a.object_id for page in pages for a in page]
    assert len(pages) > 1
    assert mine <= set(seen)
    assert len(seen) == len(set(seen)), "no assignment twice across pages"
    await _items(await _call(client, "update_entra_assignments", dict.fromkeys(mine)))


@pytest.mark.parametrize("way", WAYS)
async def test_repeated_create_is_replayed(emu: Emulator, way: str, clients: list[Client]) -> None:
    client = _client(emu, way, REPEATABLE)
    clients.append(client)
    request_id, first_sent = str(uuid.uuid4()), datetime.now(UTC)
    outcomes: list[RepeatabilityOutcome] = []
    kwargs = {
        "repeatability_request_id": request_id,
        "repeatability_first_sent": first_sent,
        "repeatability_hook": outcomes.append,
    }
    count = _identity_count(emu)
    first = await _call(client, "create_user_and_token", ["chat"], **kwargs)
    # A second process repeating the create (e.g. a provisioning tool killed and rerun).
    rerun = _client(emu, way, REPEATABLE)
    clients.append(rerun)
    second = await _call(rerun, "create_user_and_token", ["chat"], **kwargs)
    assert second[0] == first[0]
    assert isinstance(first[0], CommunicationUserIdentifier)
    assert _identity_count(emu) == count + 1
    assert [o.request_id for o in outcomes] == [request_id, request_id]
    assert all(o.result == RepeatabilityResult.ACCEPTED for o in outcomes)
    with pytest.raises(HttpResponseError):  # the same id for a different request
        await _call(rerun, "create_user_and_token", ["voip"], **kwargs)


class LoseFirstAnswer:
    """A raw_response_hook that loses the first successful answer as a dropped connection would, after the
    service acted: the client sees a transport error and retries."""

    def __init__(self) -> None:
        self.lost: list[str] = []

    def __call__(self, response: Any) -> None:
        http = response.http_response
        if http.status_code == 201 and not self.lost:
            self.lost.append(http.json()["identity"]["id"])
            raise httpx.ReadError("connection lost after the service answered")


@pytest.mark.parametrize("way", ["sync", "async"])
@pytest.mark.parametrize(("api_version", "identities"), [(REPEATABLE, 1), (ApiVersion.V2023_10_01, 2)])
async def test_a_lost_answer_is_replayed_not_executed_again(
    emu: Emulator, way: str, api_version: str, identities: int, clients: list[Client]
) -> None:
    client = _client(emu, way, api_version, retry_backoff_factor=0)
    clients.append(client)
    lose = LoseFirstAnswer()
    count = _identity_count(emu)
    user = await _call(client, "create_user", raw_response_hook=lose)
    assert len(lose.lost) == 1
    # With repeatability the retry is answered with the lost answer; without it, a second identity (an orphan).
    assert _identity_count(emu) == count + identities
    assert (user.raw_id == lose.lost[0]) is (identities == 1)


@pytest.mark.parametrize("way", ["sync", "async"])
@pytest.mark.parametrize(("api_version", "exact"), [(REPEATABLE, True), (ApiVersion.V2023_10_01, False)])
async def test_dropped_connections_leave_no_orphan(
    way: str, api_version: str, exact: bool, clients: list[Client]
) -> None:
    # Connections dropped before and after the service acted, and outages. Every retry of a call repeats its
    # repeatability headers, so a create whose answer was lost is replayed, not executed again: the emulator
    # ends with exactly one identity per call. Without repeatability the same faults leave orphans.
    faults = FaultConfig(drop=0.15, drop_after=0.2, unavailable=0.1, seed=11)
    with Emulator(faults=faults) as emu:
        client = _client(emu, way, api_version, retry_total=20, retry_backoff_factor=0)
        clients.append(client)
        users = [await _call(client, "create_user") for _ in range(25)]
        await _close(client)
        assert len({u.raw_id for u in users}) == 25
        held = _identity_count(emu)
    assert held == 25 if exact else held > 25
