"""Identities and tokens as the service shapes them, and the service's validation errors."""

from __future__ import annotations

import re
import time
import uuid
from datetime import datetime

import httpx
import jwt
import pytest

from acs_identity.emulator import MAX_BODY_BYTES, Emulator

from .helpers import API, Api, error_of, id_path

_EXPIRES_ON = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00")


def _claims(emu: Emulator, token: str) -> dict[str, object]:
    jwk_client = jwt.PyJWKSet.from_dict(httpx.get(emu.jwks_url).json())
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in jwk_client.keys if k.key_id == kid)
    claims: dict[str, object] = jwt.decode(token, key.key, algorithms=["RS256"])
    return claims


def test_create_identity_shape_and_headers(api: Api, emu: Emulator) -> None:
    response = api.request("POST", "/identities", headers={"x-ms-client-request-id": "req-123"})
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["x-ms-client-request-id"] == "req-123"
    assert response.headers["ms-cv"]
    assert API in response.headers["api-supported-versions"].split(", ")
    body = response.json()
    assert set(body) == {"identity"}
    assert re.fullmatch(rf"8:acs:{emu.resource_id}_[0-9a-f-]{{36}}", body["identity"]["id"])


def test_create_identity_with_token_and_claims(api: Api, emu: Emulator) -> None:
    before = time.time()
    response = api.request(
        "POST", "/identities", json={"createTokenWithScopes": ["chat", "voip"], "expiresInMinutes": 60}
    )
    assert response.status_code == 201
    body = response.json()
    token = body["accessToken"]
    assert _EXPIRES_ON.fullmatch(token["expiresOn"])
    expires_on = datetime.fromisoformat(token["expiresOn"]).timestamp()
    assert before + 3600 - 1 <= expires_on <= time.time() + 3600 + 1
    claims = _claims(emu, token["token"])
    assert claims["skypeid"] == body["identity"]["id"].removeprefix("8:")
    assert claims["acsScope"] == "chat,voip"
    assert claims["scp"] == 1792
    assert claims["resourceId"] == emu.resource_id
    assert claims["resourceLocation"] == "unitedstates"
    assert claims["csi"] == str(claims["iat"])
    assert claims["exp"] == int(expires_on)
    assert emu.is_token_valid(token["token"])


def test_issue_default_lifetime_is_24_hours(api: Api) -> None:
    user = api.create_user()
    before = time.time()
    response = api.issue(user, ["chat", "voip.join"])
    after = time.time()
    assert response.status_code == 200
    expires_on = datetime.fromisoformat(response.json()["expiresOn"]).timestamp()
    # Bracketed by the clock before and after the call: however long the call took on a loaded machine.
    assert before + 1440 * 60 - 1 <= expires_on <= after + 1440 * 60 + 1


@pytest.mark.parametrize("minutes", [59, 1441, "60", 60.5, True])
def test_expires_in_minutes_out_of_range(api: Api, minutes: object) -> None:
    user = api.create_user()
    response = api.request(
        "POST", id_path(user, "/:issueAccessToken"), json={"scopes": ["chat"], "expiresInMinutes": minutes}
    )
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["target"]) == ("ValidationError", "ExpiresInMinutes")


@pytest.mark.parametrize("body", [{}, {"scopes": []}, {"scopes": None}])
def test_issue_without_scopes(api: Api, body: dict[str, object]) -> None:
    user = api.create_user()
    response = api.request("POST", id_path(user, "/:issueAccessToken"), json=body)
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "ValidationError",
        "message": "Scopes: The Scopes field is required.",
        "target": "scopes",
    }


@pytest.mark.parametrize("scopes", [["chat", "teleport"], "chat", [1]])
def test_issue_with_unknown_scope(api: Api, scopes: object) -> None:
    user = api.create_user()
    response = api.request("POST", id_path(user, "/:issueAccessToken"), json={"scopes": scopes})
    assert response.status_code == 400
    assert error_of(response)["code"] == "ValidationError"


def test_revoke_invalidates_earlier_tokens_only(api: Api, emu: Emulator) -> None:
    user = api.create_user()
    first = api.issue(user).json()["token"]
    assert emu.is_token_valid(first)
    assert api.request("POST", id_path(user, "/:revokeAccessTokens")).status_code == 204
    assert not emu.is_token_valid(first)
    assert emu.validate_token(first)[1] == "the identity's tokens were revoked"
    second = api.issue(user).json()["token"]
    assert emu.is_token_valid(second)


def test_validate_route(api: Api, emu: Emulator) -> None:
    user = api.create_user()
    token = api.issue(user).json()["token"]
    assert api.client.post("/_emulator/tokens/:validate", json={"token": token}).json() == {
        "valid": True,
        "reason": None,
    }
    api.request("POST", id_path(user, "/:revokeAccessTokens"))
    verdict = api.client.post("/_emulator/tokens/:validate", json={"token": token}).json()
    assert verdict["valid"] is False and "revoked" in verdict["reason"]
    assert api.client.post("/_emulator/tokens/:validate", json={"token": "x.y.z"}).json()["valid"] is False


def test_delete_removes_identity(api: Api, emu: Emulator) -> None:
    user = api.create_user()
    token = api.issue(user).json()["token"]
    assert api.request("DELETE", id_path(user)).status_code == 204
    assert not emu.is_token_valid(token)
    for response in (
        api.request("DELETE", id_path(user)),
        api.issue(user),
        api.request("POST", id_path(user, "/:revokeAccessTokens")),
    ):
        assert response.status_code == 404
        assert error_of(response) == {
            "code": "IdentityNotFound",
            "message": "Provided identity doesn't exist.",
        }


def test_identity_of_another_resource(api: Api) -> None:
    foreign = f"8:acs:{uuid.uuid4()}_{uuid.uuid4()}"
    response = api.issue(foreign)
    assert response.status_code == 401
    assert error_of(response) == {
        "code": "IdentityNotOwned",
        "message": "Provided identity doesn't belong to the resource.",
    }


@pytest.mark.parametrize(
    "bad_id", ["nope", "8:acs:not-a-guid_x", "8:orgid:00000000-0000-0000-0000-000000000001", "%20"]
)
def test_malformed_identity(api: Api, bad_id: str) -> None:
    response = api.request("DELETE", id_path(bad_id))
    assert response.status_code == 400
    assert error_of(response)["code"] == "InvalidIdentity"


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"[" * 100_000])
def test_malformed_json_is_400(api: Api, content: bytes) -> None:
    if len(content) > MAX_BODY_BYTES:
        content = content[: MAX_BODY_BYTES - 1]
    response = api.request("POST", "/identities", content=content)
    assert response.status_code == 400
    assert error_of(response)["code"] == "InvalidRequestBody"


def test_oversized_body_is_413(api: Api) -> None:
    response = api.request("POST", "/identities", content=b" " * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    assert error_of(response)["code"] == "RequestEntityTooLarge"


def test_unknown_route_and_method(api: Api) -> None:
    assert error_of(api.request("GET", "/nothing-here"))["code"] == "NotFound"
    response = api.request("GET", "/identities")
    assert response.status_code == 405
    assert error_of(response)["code"] == "MethodNotAllowed"


def test_jwks_publishes_the_signing_key(emu: Emulator) -> None:
    keys = httpx.get(emu.jwks_url).json()["keys"]
    assert [k["kty"] for k in keys] == ["RSA"] and keys[0]["alg"] == "RS256" and keys[0]["kid"]


def test_canned_token_mode() -> None:
    with Emulator(token_mode="canned") as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        user = api.create_user()
        first, second = api.issue(user).json(), api.issue(user, ["voip"]).json()
        assert first["token"] == second["token"]
        assert _EXPIRES_ON.fullmatch(first["expiresOn"])
        assert _claims(emu, first["token"])["resourceId"] == emu.resource_id
        assert api.issue(user).status_code == 200
        assert (
            api.request(
                "POST", id_path(user, "/:issueAccessToken"), json={"scopes": ["chat"], "expiresInMinutes": 5}
            ).status_code
            == 400
        )


def test_signing_thread_pool() -> None:
    with Emulator(signing_threads=2) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        users = [api.create_user() for _ in range(3)]
        tokens = [api.issue(user, ["chat", "voip"]).json()["token"] for user in users for _ in range(2)]
        assert all(emu.is_token_valid(token) for token in tokens)
        assert len(set(tokens)) >= 3  # distinct identities never share a token
        api.request("POST", id_path(users[0], "/:revokeAccessTokens"))
        assert [emu.is_token_valid(token) for token in tokens] == [False, False, True, True, True, True]
        assert api.issue(users[0], ["bogus"]).status_code == 400
