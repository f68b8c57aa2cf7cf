"""The shared core: requests come from the generated package's `build_request` functions, responses are
read by its `parse_response` functions into the generated models, and the hand-written layer maps those
models to the public types without naming a JSON key."""

from __future__ import annotations

import ast
import json
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from acs_identity import CommunicationTokenScope, CommunicationUserIdentifier, TeamsExtensionPrincipalType
from acs_identity import _operations as ops
from acs_identity._generated.api.identity import create_identity
from acs_identity._generated.types import UnexpectedStatus

from .conftest import ENDPOINT, EXPIRES_EPOCH, EXPIRES_ON, USER_ID, USER_PATH

ROOT = Path(__file__).resolve().parents[2]
CFG = ops.Config(ENDPOINT, "2026-09-23")
RESULT = {"identity": {"id": USER_ID}, "accessToken": {"token": "tok", "expiresOn": EXPIRES_ON}}


def test_call_for_get_token() -> None:
    call = ops.get_token(
        CFG, CommunicationUserIdentifier(USER_ID), [CommunicationTokenScope.CHAT], timedelta(hours=3)
    )
    assert call.method == "POST"
    assert call.url == f"{ENDPOINT}{USER_PATH}/:issueAccessToken?api-version=2026-09-23"
    assert call.content == b'{"scopes":["chat"],"expiresInMinutes":180}'
    # The generated builder's headers ride on the Call; the pipelines send them.
    assert dict(call.headers) == {"content-type": "application/json"}
    assert call.auth is None


def test_path_parameters_are_percent_encoded() -> None:
    call = ops.get_teams_extension_assignment(CFG, "a/b", "c d")
    assert (
        call.url == f"{ENDPOINT}/access/teamsExtension/tenants/a%2Fb/assignments/c%20d?api-version=2026-09-23"
    )
    assert call.content is None
    assert not call.headers  # no body, no content type


def test_exchange_extension_uses_the_callers_bearer() -> None:
    import httpx

    call = ops.exchange_teams_extension_token(CFG, "entra")
    request = httpx.Request(call.method, call.url, content=call.content)
    assert call.auth is not None
    signed = next(call.auth.auth_flow(request))
    assert signed.headers["authorization"] == "Bearer entra"
    assert call.content == b"{}"


def test_bodies_are_compact_json() -> None:
    call = ops.create_user_and_token(CFG, ["chat", "voip"], None)
    assert call.content == b'{"createTokenWithScopes":["chat","voip"]}'
    assert json.loads(call.content or b"") == {"createTokenWithScopes": ["chat", "voip"]}
    assert ops.create_user(CFG).content is None


def test_results_are_the_generated_models_mapped() -> None:
    body = json.dumps(RESULT).encode()
    user, access = ops.create_user_and_token(CFG, ["chat"], None).parse(201, body)
    assert user == CommunicationUserIdentifier(USER_ID)
    assert (access.token, access.expires_on) == ("tok", EXPIRES_EPOCH)
    assert (
        ops.create_user(CFG).parse(201, json.dumps({"identity": {"id": USER_ID}}).encode()).raw_id == USER_ID
    )
    assert ops.delete_user(CFG, USER_ID).parse(204, b"") is None

    assignment = {"objectId": "o", "tenantId": "t", "principalType": "resourceAccount", "clientIds": ["a"]}
    parsed = ops.get_teams_extension_assignment(CFG, "t", "o").parse(200, json.dumps(assignment).encode())
    assert (parsed.object_id, parsed.tenant_id, parsed.client_ids) == ("o", "t", ("a",))
    assert parsed.principal_type is TeamsExtensionPrincipalType.RESOURCE_ACCOUNT


def test_a_status_the_spec_does_not_document_is_a_decode_problem() -> None:
    # UnexpectedStatus is a ValueError: the pipelines report it as azure-core's DecodeError.
    with pytest.raises(UnexpectedStatus, match="unexpected status 200"):
        ops.create_user(CFG).parse(200, json.dumps({"identity": {"id": USER_ID}}).encode())
    with pytest.raises(ValueError):
        ops.create_user(CFG).parse(201, b'{"identity": {"id": 7}}')
    with pytest.raises(ValueError):
        ops.create_user_and_token(CFG, ["chat"], None).parse(201, b'{"identity": {"id": "x"}}')


def test_unknown_response_fields_are_kept_by_the_generated_model() -> None:
    model = create_identity.parse_response(201, json.dumps({**RESULT, "newField": 1}).encode())
    assert model.additional_properties == {"newField": 1}


def _json_property_names() -> set[str]:
    spec = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    names: set[str] = set()
    for schema in spec["components"]["schemas"].values():
        names.update(schema.get("properties", {}))
    return names


@pytest.mark.parametrize("module", ["_operations.py", "_errors.py", "_client_base.py"])
def test_no_json_key_in_the_hand_written_layer(module: str) -> None:
    tree = ast.parse((ROOT / "acs_identity" / module).read_text(encoding="utf-8"))
    strings = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    # "id" is also the key of the public CommunicationUserIdentifier.properties (azure's shape), not the wire's.
    keys = _json_property_names() - {"id"}
    assert {"identity", "accessToken", "expiresOn", "objectId"} <= keys  # the scan sees the spec
    assert not strings & keys, sorted(strings & keys)
