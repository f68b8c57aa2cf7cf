"""Teams user exchange and Teams Phone Extension exchange and assignments."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from acs_identity._jwt import decode_claims
from acs_identity.emulator import Emulator

from .helpers import Api, error_of, id_path

TEAMS = "/teamsUser/:exchangeAccessToken"
EXCHANGE = "/access/teamsExtension/:exchangeAccessToken"


def _assignment(tenant: str, obj: str) -> str:
    return f"/access/teamsExtension/tenants/{tenant}/assignments/{obj}"


def test_teams_user_exchange(api: Api, emu: Emulator) -> None:
    oid, app = str(uuid.uuid4()), str(uuid.uuid4())
    entra = emu.mint_entra_token(oid=oid, appid=app, expires_in=timedelta(minutes=30))
    response = api.request("POST", TEAMS, json={"token": entra, "appId": app, "userId": oid})
    assert response.status_code == 200, response.text
    body = response.json()
    # The ACS token lives exactly as long as the Entra ID token (compared as written: no clock involved).
    entra_exp = decode_claims(entra)["exp"]
    assert int(datetime.fromisoformat(body["expiresOn"]).timestamp()) == entra_exp
    assert emu.is_token_valid(body["token"])


def test_teams_user_exchange_accepts_azp(api: Api, emu: Emulator) -> None:
    oid, app = str(uuid.uuid4()), str(uuid.uuid4())
    entra = emu.mint_entra_token(oid=oid, extra_claims={"appid": None, "azp": app})
    assert api.request("POST", TEAMS, json={"token": entra, "appId": app, "userId": oid}).status_code == 200


@pytest.mark.parametrize("kind", ["garbage", "expired", "foreign"])
def test_teams_user_exchange_bad_token(api: Api, emu: Emulator, kind: str) -> None:
    oid = str(uuid.uuid4())
    if kind == "garbage":
        entra = "not.a.token"
    elif kind == "expired":
        entra = emu.mint_entra_token(oid=oid, expires_in=timedelta(seconds=-5))
    else:
        with Emulator() as other:
            entra = other.mint_entra_token(oid=oid, appid=emu.app_id)
    response = api.request("POST", TEAMS, json={"token": entra, "appId": emu.app_id, "userId": oid})
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "InvalidAccessToken",
        "message": "Provided access token is not valid.",
    }


def test_teams_user_exchange_mismatched_ids(api: Api, emu: Emulator) -> None:
    oid = str(uuid.uuid4())
    entra = emu.mint_entra_token(oid=oid)
    wrong_app = api.request("POST", TEAMS, json={"token": entra, "appId": "other", "userId": oid})
    assert wrong_app.status_code == 400 and error_of(wrong_app)["target"] == "appId"
    wrong_user = api.request("POST", TEAMS, json={"token": entra, "appId": emu.app_id, "userId": "other"})
    assert wrong_user.status_code == 400 and error_of(wrong_user)["target"] == "userId"


def test_teams_user_exchange_missing_fields(api: Api, emu: Emulator) -> None:
    response = api.request("POST", TEAMS, json={"token": emu.mint_entra_token()})
    assert response.status_code == 400
    assert error_of(response)["code"] == "ValidationError"
    # The token is checked first: a bad one is a 401 whatever else is missing.
    response = api.request("POST", TEAMS, json={"token": "x"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "InvalidAccessToken"


def test_teams_user_exchange_needs_authentication(api: Api, emu: Emulator) -> None:
    entra = emu.mint_entra_token()
    response = api.request(
        "POST", TEAMS, json={"token": entra, "appId": emu.app_id, "userId": "x"}, sign=False
    )
    assert response.status_code == 401


def test_assignment_lifecycle(api: Api) -> None:
    tenant, obj = str(uuid.uuid4()), str(uuid.uuid4())
    path = _assignment(tenant, obj)
    missing = api.request("GET", path)
    assert missing.status_code == 404 and error_of(missing)["code"] == "AssignmentNotFound"
    created = api.request("PUT", path, json={"principalType": "user", "clientIds": ["a"]})
    assert created.status_code == 201
    assert created.json() == {
        "objectId": obj,
        "tenantId": tenant,
        "principalType": "user",
        "clientIds": ["a"],
    }
    replaced = api.request("PUT", path, json={"principalType": "resourceAccount"})
    assert replaced.status_code == 200
    assert api.request("GET", path).json() == {
        "objectId": obj,
        "tenantId": tenant,
        "principalType": "resourceAccount",
    }
    assert api.request("DELETE", path).status_code == 204
    assert api.request("DELETE", path).status_code == 404
    assert api.request("GET", path).status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"principalType": "robot"}, {"principalType": "user", "clientIds": "a"}, {"principalType": 1}],
)
def test_assignment_validation(api: Api, body: dict[str, object]) -> None:
    response = api.request("PUT", _assignment("t", "o"), json=body)
    assert response.status_code == 400
    assert error_of(response)["code"] == "ValidationError"


def test_assignments_need_authentication(api: Api, emu: Emulator) -> None:
    assert api.request("GET", _assignment("t", "o"), sign=False).status_code == 401
    bearer = {"Authorization": f"Bearer {emu.mint_entra_token()}"}
    assert api.request("GET", _assignment("t", "o"), sign=False, headers=bearer).status_code == 404


def _exchange(api: Api, token: str) -> tuple[int, dict[str, object]]:
    response = api.request(
        "POST", EXCHANGE, json={}, sign=False, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code, response.json()


def test_extension_exchange(api: Api, emu: Emulator) -> None:
    tenant, oid, app = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    token = emu.mint_entra_token(tid=tenant, oid=oid, appid=app)
    status, body = _exchange(api, token)
    assert status == 403 and body["error"]["code"] == "AssignmentNotFound"  # type: ignore[index]
    api.request(
        "PUT", _assignment(tenant, oid), json={"principalType": "user", "clientIds": ["someone-else"]}
    )
    status, body = _exchange(api, token)
    assert status == 403 and body["error"]["code"] == "ClientIdNotAllowed"  # type: ignore[index]
    api.request("PUT", _assignment(tenant, oid), json={"principalType": "user", "clientIds": [app]})
    status, body = _exchange(api, token)
    assert status == 200, body
    identity = f"8:acs:{emu.resource_id}_{tenant}_{oid}"
    assert body["identity"] == {"id": identity}
    access = body["accessToken"]
    assert isinstance(access, dict) and emu.is_token_valid(access["token"])
    # The extension user's identity is revocable like any other.

    assert api.request("POST", id_path(identity, "/:revokeAccessTokens")).status_code == 204
    assert not emu.is_token_valid(access["token"])


def test_extension_exchange_without_client_ids(api: Api, emu: Emulator) -> None:
    tenant, oid = str(uuid.uuid4()), str(uuid.uuid4())
    api.request("PUT", _assignment(tenant, oid), json={"principalType": "resourceAccount"})
    status, _ = _exchange(api, emu.mint_entra_token(tid=tenant, oid=oid))
    assert status == 200


@pytest.mark.parametrize("kind", ["none", "hmac", "foreign", "expired"])
def test_extension_exchange_rejects(api: Api, emu: Emulator, kind: str) -> None:
    if kind == "hmac":
        response = api.request("POST", EXCHANGE, json={})
    elif kind == "none":
        response = api.request("POST", EXCHANGE, json={}, sign=False)
    else:
        if kind == "foreign":
            with Emulator() as other:
                token = other.mint_entra_token()
        else:
            token = emu.mint_entra_token(expires_in=timedelta(seconds=-1))
        response = api.request(
            "POST", EXCHANGE, json={}, sign=False, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 401
    assert error_of(response)["code"] == "InvalidAccessToken"


def test_deleted_extension_identity_stays_invalid_after_it_returns(api: Api, emu: Emulator) -> None:
    tenant, oid = str(uuid.uuid4()), str(uuid.uuid4())
    api.request(
        "PUT", f"/access/teamsExtension/tenants/{tenant}/assignments/{oid}", json={"principalType": "user"}
    )
    token = emu.mint_entra_token(tid=tenant, oid=oid)
    status, body = _exchange(api, token)
    assert status == 200
    old = body["accessToken"]["token"]  # type: ignore[index]
    identity = body["identity"]["id"]  # type: ignore[index]
    assert api.request("DELETE", id_path(str(identity))).status_code == 204
    assert not emu.is_token_valid(str(old))
    status, body = _exchange(api, token)
    assert status == 200
    assert emu.is_token_valid(body["accessToken"]["token"])  # type: ignore[index]
    assert not emu.is_token_valid(str(old))
