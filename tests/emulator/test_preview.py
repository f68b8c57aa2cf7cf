"""api-version 2025-03-02-preview: custom ids, GET /identities/{id} with lastTokenIssuedAt, the Entra ID
exchange and Entra assignments (paging, merge patch)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from acs_identity._capabilities import load_capabilities
from acs_identity.emulator import Emulator, EmulatorOptions

from .helpers import Api, error_of, hmac_headers, id_path

PREVIEW = "2025-03-02-preview"
CAPS = load_capabilities()
WITHOUT_CUSTOM_IDS = [v for v in sorted(CAPS.versions) if not CAPS.versions[v].has("custom_id")]
# As the service writes instants: 7 fractional digits and +00:00.
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00")


def _create(api: Api, body: dict[str, Any], version: str = PREVIEW) -> httpx.Response:
    return api.request("POST", "/identities", json=body, api_version=version)


def _get(api: Api, identity_id: str, version: str = PREVIEW) -> httpx.Response:
    return api.request("GET", id_path(identity_id), api_version=version)


def _info(api: Api) -> dict[str, Any]:
    response = api.client.get("/_emulator/info")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


# --- custom ids -----------------------------------------------------------------------------------------


def test_custom_id_maps_to_one_identity(api: Api) -> None:
    custom_id = f"sally-{uuid.uuid4()}@contoso.com"
    first = _create(api, {"customId": custom_id})
    assert first.status_code == 201, first.text
    identity = first.json()["identity"]
    assert identity["customId"] == custom_id
    assert "lastTokenIssuedAt" not in identity  # no token issued yet
    again = _create(api, {"customId": custom_id, "createTokenWithScopes": ["chat"]})
    assert again.status_code == 201
    assert again.json()["identity"]["id"] == identity["id"]
    assert again.json()["accessToken"]["token"]
    other = _create(api, {"customId": custom_id + "x"})
    assert other.json()["identity"]["id"] != identity["id"]


def test_custom_id_with_token_reports_last_issue(api: Api) -> None:
    body = {"customId": str(uuid.uuid4()), "createTokenWithScopes": ["chat", "voip"], "expiresInMinutes": 60}
    response = _create(api, body)
    assert response.status_code == 201
    identity = response.json()["identity"]
    assert _RFC3339.fullmatch(identity["lastTokenIssuedAt"])


@pytest.mark.parametrize(
    ("value", "target"),
    [("", "customId"), ("x" * 257, "customId"), (7, "customId"), (None, "customId"), (["a"], "customId")],
)
def test_custom_id_validation(api: Api, value: object, target: str) -> None:
    before = _info(api)["identities"]
    response = _create(api, {"customId": value})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["target"]) == ("ValidationError", target)
    assert "256" in error["message"]
    assert _info(api)["identities"] == before  # nothing created


def test_custom_id_of_256_characters(api: Api) -> None:
    custom_id = uuid.uuid4().hex * 8  # 256
    assert _create(api, {"customId": custom_id}).json()["identity"]["customId"] == custom_id


@pytest.mark.parametrize("version", WITHOUT_CUSTOM_IDS)
def test_custom_id_refused_where_absent(api: Api, version: str) -> None:
    response = _create(api, {"customId": "c"}, version)
    assert response.status_code == 400
    error = error_of(response)
    assert error["target"] == "customId" and version in error["message"]


def test_deleted_identity_frees_its_custom_id(api: Api) -> None:
    custom_id = str(uuid.uuid4())
    first = _create(api, {"customId": custom_id}).json()["identity"]["id"]
    assert api.request("DELETE", id_path(first), api_version=PREVIEW).status_code == 204
    second = _create(api, {"customId": custom_id}).json()["identity"]["id"]
    assert second != first


@pytest.fixture(params=["memory", "sqlite"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Emulator]:
    data = None if request.param == "memory" else tmp_path / "emu.db"
    with Emulator(data_path=data) as emulator:
        yield emulator


def test_concurrent_creates_with_one_custom_id_make_one_identity(fresh: Emulator) -> None:
    custom_id = "the-one"
    threads_count = 16
    barrier = threading.Barrier(threads_count)
    ids: list[str] = []
    errors: list[BaseException] = []

    def create() -> None:
        try:
            with httpx.Client(base_url=fresh.endpoint) as client:
                request = client.build_request(
                    "POST", "/identities", params={"api-version": PREVIEW}, json={"customId": custom_id}
                )
                request.headers.update(hmac_headers("POST", request.url, request.content))
                barrier.wait()  # all requests leave together
                response = client.send(request)
                assert response.status_code == 201, response.text
                ids.append(response.json()["identity"]["id"])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(ids) == threads_count and len(set(ids)) == 1
    with httpx.Client(base_url=fresh.endpoint) as client:
        assert _info(Api(client))["identities"] == 1


def test_concurrent_async_creates_with_many_custom_ids(fresh: Emulator) -> None:
    """64 requests in flight for 8 custom ids: exactly 8 identities, each answered to all of its askers."""

    async def run() -> list[tuple[str, str]]:
        async with httpx.AsyncClient(base_url=fresh.endpoint) as client:

            async def create(custom_id: str) -> tuple[str, str]:
                request = client.build_request(
                    "POST", "/identities", params={"api-version": PREVIEW}, json={"customId": custom_id}
                )
                request.headers.update(hmac_headers("POST", request.url, request.content))
                response = await client.send(request)
                assert response.status_code == 201, response.text
                return custom_id, str(response.json()["identity"]["id"])

            return await asyncio.gather(*(create(f"user-{i % 8}") for i in range(64)))

    pairs = asyncio.run(run())
    by_custom_id: dict[str, set[str]] = {}
    for custom_id, identity_id in pairs:
        by_custom_id.setdefault(custom_id, set()).add(identity_id)
    assert all(len(ids) == 1 for ids in by_custom_id.values())
    assert len({next(iter(ids)) for ids in by_custom_id.values()}) == 8
    with httpx.Client(base_url=fresh.endpoint) as client:
        assert _info(Api(client))["identities"] == 8


# --- GET /identities/{id} -------------------------------------------------------------------------------


def test_get_identity(api: Api) -> None:
    custom_id = str(uuid.uuid4())
    identity_id = _create(api, {"customId": custom_id}).json()["identity"]["id"]
    got = _get(api, identity_id)
    assert got.status_code == 200
    assert got.json() == {"id": identity_id, "customId": custom_id}
    assert api.issue(identity_id, api_version=PREVIEW).status_code == 200
    first = _get(api, identity_id).json()["lastTokenIssuedAt"]
    assert _RFC3339.fullmatch(first)
    assert api.issue(identity_id, api_version=PREVIEW).status_code == 200
    second = _get(api, identity_id).json()["lastTokenIssuedAt"]
    assert datetime.fromisoformat(second) >= datetime.fromisoformat(first)


def test_get_identity_without_custom_id(api: Api) -> None:
    identity_id = api.create_user(api_version=PREVIEW)
    assert _get(api, identity_id).json() == {"id": identity_id}


def test_get_identity_unknown_and_deleted(api: Api, emu: Emulator) -> None:
    unknown = f"8:acs:{emu.resource_id}_{uuid.uuid4()}"
    response = _get(api, unknown)
    assert response.status_code == 404
    assert error_of(response)["code"] == "IdentityNotFound"
    deleted = api.create_user(api_version=PREVIEW)
    assert api.request("DELETE", id_path(deleted), api_version=PREVIEW).status_code == 204
    assert _get(api, deleted).status_code == 404
    assert _get(api, "not-an-identity").status_code == 400


@pytest.mark.parametrize(
    "version", [v for v in sorted(CAPS.versions) if not CAPS.versions[v].supports("get_identity")]
)
def test_get_identity_needs_the_preview(api: Api, version: str) -> None:
    identity_id = api.create_user(api_version=version)
    response = _get(api, identity_id, version)
    assert response.status_code == 400
    assert error_of(response)["code"] == "UnsupportedApiVersion"
    assert PREVIEW in error_of(response)["message"]


def test_other_versions_answer_only_the_id(api: Api) -> None:
    response = _create(api, {"createTokenWithScopes": ["chat"]}, "2026-09-23")
    assert set(response.json()["identity"]) == {"id"}


def test_info_counts_live_identities(fresh: Emulator) -> None:
    with httpx.Client(base_url=fresh.endpoint) as client:
        api = Api(client)
        assert _info(api)["identities"] == 0
        ids = [api.create_user() for _ in range(3)]
        assert _info(api)["identities"] == 3
        assert api.request("DELETE", id_path(ids[0])).status_code == 204
        assert _info(api)["identities"] == 2
        fresh.reset()
        assert _info(api)["identities"] == 0


# --- Entra ID assignments -------------------------------------------------------------------------------


def _assignment(
    tenant: str, principal_type: str = "user", client_ids: list[str] | None = None
) -> dict[str, Any]:
    return {"tenantId": tenant, "principalType": principal_type, "clientIds": client_ids or ["app"]}


def _patch(
    api: Api, changes: dict[str, Any], content_type: str = "application/merge-patch+json"
) -> httpx.Response:
    return api.request(
        "PATCH",
        "/access/entra/assignments",
        content=json.dumps(changes).encode(),
        headers={"content-type": content_type},
        api_version=PREVIEW,
    )


@pytest.fixture
def paged() -> Iterator[Api]:
    options = EmulatorOptions(https=False, port=0, page_size=3)
    with Emulator.from_options(options) as emulator, httpx.Client(base_url=emulator.endpoint) as client:
        yield Api(client)


def test_assignment_lifecycle(paged: Api) -> None:
    api, path = paged, "/access/entra/assignments/o1"
    missing = api.request("GET", path, api_version=PREVIEW)
    assert missing.status_code == 404 and error_of(missing)["code"] == "AssignmentNotFound"
    created = api.request("PUT", path, json=_assignment("t1"), api_version=PREVIEW)
    assert created.status_code == 201
    assert created.json() == {"objectId": "o1", **_assignment("t1")}
    replaced = api.request("PUT", path, json=_assignment("t1", "group", ["a", "b"]), api_version=PREVIEW)
    assert replaced.status_code == 200
    assert api.request("GET", path, api_version=PREVIEW).json()["clientIds"] == ["a", "b"]
    assert api.request("DELETE", path, api_version=PREVIEW).status_code == 204
    assert api.request("DELETE", path, api_version=PREVIEW).status_code == 404


@pytest.mark.parametrize(
    ("body", "target"),
    [
        ({"principalType": "user", "clientIds": ["a"]}, "tenantId"),
        ({"tenantId": "t", "clientIds": ["a"]}, "principalType"),
        ({"tenantId": "t", "principalType": "resourceAccount", "clientIds": ["a"]}, "principalType"),
        ({"tenantId": "t", "principalType": "user"}, "clientIds"),
        ({"tenantId": "t", "principalType": "user", "clientIds": "a"}, "clientIds"),
    ],
)
def test_assignment_validation(paged: Api, body: dict[str, Any], target: str) -> None:
    response = paged.request("PUT", "/access/entra/assignments/o", json=body, api_version=PREVIEW)
    assert response.status_code == 400
    assert error_of(response)["target"] == target


def _list_all(api: Api) -> tuple[list[dict[str, Any]], int]:
    response = api.request("GET", "/access/entra/assignments", api_version=PREVIEW)
    items: list[dict[str, Any]] = []
    pages = 0
    while True:
        assert response.status_code == 200, response.text
        pages += 1
        body = response.json()
        items += body["value"]
        link = body.get("nextLink")
        if link is None:
            return items, pages
        url = httpx.URL(link)
        assert url.is_absolute_url and url.host == api.client.base_url.host
        assert url.params["api-version"] == PREVIEW
        request = api.client.build_request("GET", link)
        request.headers.update(hmac_headers("GET", request.url, b""))
        response = api.client.send(request)


def test_list_follows_next_links(paged: Api) -> None:
    assert _list_all(paged) == ([], 1)
    object_ids = [f"o{i:02d}" for i in range(8)]
    response = _patch(paged, {o: _assignment("t") for o in object_ids})
    assert response.status_code == 200
    assert [a["objectId"] for a in response.json()["value"]] == object_ids
    items, pages = _list_all(paged)
    assert [a["objectId"] for a in items] == object_ids
    assert pages == 3  # 3 + 3 + 2


def test_merge_patch_sets_and_removes(paged: Api) -> None:
    assert (
        _patch(paged, {"a": _assignment("t"), "b": _assignment("t"), "c": _assignment("t")}).status_code
        == 200
    )
    response = _patch(paged, {"a": None, "b": _assignment("t", "tenant", ["x"]), "zz": None})
    assert response.status_code == 200
    assert response.json() == {"value": [{"objectId": "b", **_assignment("t", "tenant", ["x"])}]}
    items, _ = _list_all(paged)
    assert [a["objectId"] for a in items] == ["b", "c"]
    assert _patch(paged, {"b": None, "c": None}).status_code == 204
    assert _list_all(paged) == ([], 1)


def test_merge_patch_is_all_or_nothing(paged: Api) -> None:
    response = _patch(paged, {"good": _assignment("t"), "bad": {"tenantId": "t", "principalType": "user"}})
    assert response.status_code == 400
    assert error_of(response)["target"] == "bad.clientIds"
    assert _list_all(paged) == ([], 1)


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_merge_patch_needs_its_content_type(paged: Api, content_type: str) -> None:
    response = _patch(paged, {"a": _assignment("t")}, content_type)
    assert response.status_code == 415
    assert error_of(response)["code"] == "UnsupportedMediaType"


def test_merge_patch_content_type_with_charset(paged: Api) -> None:
    response = _patch(paged, {"a": _assignment("t")}, "application/merge-patch+json; charset=utf-8")
    assert response.status_code == 200


def test_bad_skip_token(paged: Api) -> None:
    response = paged.request("GET", "/access/entra/assignments?skipToken=%25%25", api_version=PREVIEW)
    assert response.status_code in (200, 400)  # a token that decodes is a position, never a crash


@pytest.mark.parametrize(
    "version", [v for v in sorted(CAPS.versions) if not CAPS.versions[v].supports("list_entra_assignments")]
)
def test_entra_assignments_need_the_preview(api: Api, version: str) -> None:
    response = api.request("GET", "/access/entra/assignments", api_version=version)
    assert response.status_code == 400
    assert error_of(response)["code"] == "UnsupportedApiVersion"


# --- the Entra ID exchange ------------------------------------------------------------------------------


def _mint(api: Api, **fields: Any) -> str:
    return str(
        api.request("POST", "/_emulator/entraTokens/:mint", json=fields, api_version=None).json()["token"]
    )


def _exchange(api: Api, token: str | None, version: str = PREVIEW) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return api.request(
        "POST",
        "/access/entra/:exchangeAccessToken",
        json={},
        sign=False,
        headers=headers,
        api_version=version,
    )


def test_entra_exchange_for_an_assigned_user(paged: Api) -> None:
    info = paged.client.get("/_emulator/info").json()
    tenant = info["tenantId"]
    oid = str(uuid.uuid4())
    assert (
        paged.request(
            "PUT",
            f"/access/entra/assignments/{oid}",
            json=_assignment(tenant, "user", ["my-app"]),
            api_version=PREVIEW,
        ).status_code
        == 201
    )
    response = _exchange(paged, _mint(paged, oid=oid, appId="my-app"))
    assert response.status_code == 200, response.text
    body = response.json()
    identity_id = body["identity"]["id"]
    assert identity_id == f"8:acs:{info['resourceId']}_{tenant}_{oid}"
    assert body["accessToken"]["token"] and body["identity"]["lastTokenIssuedAt"]
    valid = paged.client.post("/_emulator/tokens/:validate", json={"token": body["accessToken"]["token"]})
    assert valid.json()["valid"] is True
    assert _get(paged, identity_id).json()["lastTokenIssuedAt"] == body["identity"]["lastTokenIssuedAt"]


def test_entra_exchange_through_the_tenant(paged: Api) -> None:
    tenant = paged.client.get("/_emulator/info").json()["tenantId"]
    token = _mint(paged, appId="app")
    assert _exchange(paged, token).status_code == 403
    assert (
        paged.request(
            "PUT",
            f"/access/entra/assignments/{tenant}",
            json=_assignment(tenant, "tenant", ["app"]),
            api_version=PREVIEW,
        ).status_code
        == 201
    )
    assert _exchange(paged, token).status_code == 200
    other_app = _mint(paged, appId="other")
    response = _exchange(paged, other_app)
    assert response.status_code == 403 and error_of(response)["code"] == "ClientIdNotAllowed"


def test_entra_exchange_through_a_group(api: Api, emu: Emulator) -> None:
    group = str(uuid.uuid4())
    path = f"/access/entra/assignments/{group}"
    assert api.request(
        "PUT", path, json=_assignment(emu.tenant_id, "group", [emu.app_id]), api_version=PREVIEW
    ).status_code in (200, 201)
    member = emu.mint_entra_token(extra_claims={"groups": [group]})
    assert _exchange(api, member).status_code == 200
    outsider = emu.mint_entra_token(extra_claims={"groups": [str(uuid.uuid4())]})
    assert error_of(_exchange(api, outsider))["code"] == "AssignmentNotFound"
    # A group assignment of another tenant does not cover this one's users.
    assert (
        api.request(
            "PUT", path, json=_assignment(str(uuid.uuid4()), "group", [emu.app_id]), api_version=PREVIEW
        ).status_code
        == 200
    )
    assert _exchange(api, member).status_code == 403
    assert api.request("DELETE", path, api_version=PREVIEW).status_code == 204


def test_entra_exchange_rejects_bad_tokens(api: Api, emu: Emulator) -> None:
    assert error_of(_exchange(api, None))["code"] == "InvalidAccessToken"
    assert _exchange(api, "not.a.jwt").status_code == 401
    expired = emu.mint_entra_token(expires_in=-timedelta(minutes=5))
    assert _exchange(api, expired).status_code == 401


def test_entra_exchange_needs_the_preview(api: Api, emu: Emulator) -> None:
    response = _exchange(api, emu.mint_entra_token(), "2026-09-23")
    assert response.status_code == 400
    assert error_of(response)["code"] == "UnsupportedApiVersion"
