"""The shared core: requests follow the generated package's canonical routes and models, and the direct
JSON readings agree with the generated models' from_dict."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from acs_identity_generated.models import (
    CommunicationIdentityAccessToken,
    CommunicationIdentityAccessTokenResult,
    TeamsExtensionAssignmentResponse,
)

from acs_identity import CommunicationTokenScope, CommunicationUserIdentifier
from acs_identity import _operations as ops

from .conftest import ENDPOINT, EXPIRES_ON, USER_ID, USER_PATH

CFG = ops.Config(ENDPOINT, "2026-09-23")


def _response(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("GET", ENDPOINT))


def test_call_for_get_token() -> None:
    call = ops.get_token(
        CFG, CommunicationUserIdentifier(USER_ID), [CommunicationTokenScope.CHAT], timedelta(hours=3)
    )
    assert call.method == "POST"
    assert call.url == f"{ENDPOINT}{USER_PATH}/:issueAccessToken?api-version=2026-09-23"
    assert call.content == b'{"scopes":["chat"],"expiresInMinutes":180}'
    assert call.auth is None


def test_path_parameters_are_percent_encoded() -> None:
    call = ops.get_teams_extension_assignment(CFG, "a/b", "c d")
    assert (
        call.url == f"{ENDPOINT}/access/teamsExtension/tenants/a%2Fb/assignments/c%20d?api-version=2026-09-23"
    )
    assert call.content is None


def test_exchange_extension_uses_the_callers_bearer() -> None:
    call = ops.exchange_teams_extension_token(CFG, "entra")
    request = httpx.Request(call.method, call.url, content=call.content)
    assert call.auth is not None
    signed = next(call.auth.auth_flow(request))
    assert signed.headers["authorization"] == "Bearer entra"
    assert call.content == b"{}"


def test_direct_readings_agree_with_generated_models() -> None:
    token = {"token": "tok", "expiresOn": EXPIRES_ON}
    result = {"identity": {"id": USER_ID}, "accessToken": token}

    user, access = ops._parse_user_and_token(_response(201, result).content)
    model = CommunicationIdentityAccessTokenResult.from_dict(result)
    assert user.raw_id == model.identity.id
    assert isinstance(model.access_token, CommunicationIdentityAccessToken)
    assert access.token == model.access_token.token
    assert access.expires_on == int(model.access_token.expires_on.timestamp())

    assignment = {
        "objectId": "o",
        "tenantId": "t",
        "principalType": "resourceAccount",
        "clientIds": ["a", "b"],
    }
    parsed = ops._parse_assignment(_response(200, assignment).content)
    generated = TeamsExtensionAssignmentResponse.from_dict(assignment)
    assert (parsed.object_id, parsed.tenant_id, parsed.principal_type, list(parsed.client_ids)) == (
        generated.object_id,
        generated.tenant_id,
        generated.principal_type,
        generated.client_ids,
    )


def test_bodies_are_compact_json() -> None:
    call, _ = ops.create_user_and_token(CFG, {}, ["chat", "voip"], None)
    assert call.content == b'{"createTokenWithScopes":["chat","voip"]}'
    assert json.loads(call.content or b"") == {"createTokenWithScopes": ["chat", "voip"]}
    assert ops.create_user(CFG, {})[0].content is None
