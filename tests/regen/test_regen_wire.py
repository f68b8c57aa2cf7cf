"""Clients generated from spec/ and from Azure's newest document behave the same on the wire.

Both packages are imported side by side (different package names); every operation's request is built
with its generated `build_request` and a canned answer is read with its `parse_response` (2xx) or
`parse_error`: the whole wire contract, without I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest

from ._support import Generated, Generator, model_class, needs_shared, package_module, upstream_versions

BASE_URL = "https://my-resource.communication.azure.com"
USER = "8:acs:2dee53b4-368b-45b4_00000005-14a2 /x"  # characters that need percent-encoding in a path
TOKEN = {"token": "t0k3n", "expiresOn": "2026-11-30T10:00:00.1234567+00:00"}
RESULT = {"identity": {"id": USER}, "accessToken": TOKEN}
ASSIGNMENT = {"objectId": "o-1", "tenantId": "t-1", "principalType": "resourceAccount", "clientIds": ["c-1"]}
ERROR = {
    "error": {
        "code": "IdentityNotFound",
        "message": "No such identity.",
        "details": [{"code": "x", "message": "y"}],
    }
}


@dataclass(frozen=True)
class Call:
    tag: str
    operation: str
    args: tuple[str, ...] = ()
    body: tuple[str, dict[str, Any]] | None = None  # (model, from_dict payload)
    body_kwargs: dict[str, Any] | None = None  # or built with the model's constructor
    status: int = 200
    answer: Any = None


CALLS = [
    Call("identity", "create_identity", status=201, answer=RESULT),
    Call(
        "identity",
        "create_identity",
        body=(
            "CommunicationIdentityCreateRequest",
            {"createTokenWithScopes": ["chat", "voip.join", "galaxy.brain"], "expiresInMinutes": 60},
        ),
        status=201,
        answer=RESULT,
    ),
    Call(
        "identity",
        "create_identity",
        body=("CommunicationIdentityCreateRequest", {}),
        body_kwargs={"create_token_with_scopes": ["chat"]},
        status=201,
        answer={"identity": {"id": USER}},
    ),
    Call("identity", "delete_identity", (USER,), status=204),
    Call(
        "identity",
        "issue_access_token",
        (USER,),
        body=("CommunicationIdentityAccessTokenRequest", {"scopes": ["voip"], "expiresInMinutes": 1440}),
        answer=TOKEN,
    ),
    Call(
        "identity",
        "issue_access_token",
        (USER,),
        body=("CommunicationIdentityAccessTokenRequest", {}),
        body_kwargs={"scopes": ["chat.join.limited"]},
        answer=TOKEN,
    ),
    Call("identity", "revoke_access_tokens", (USER,), status=204),
    Call("identity", "revoke_access_tokens", (USER,), status=404, answer=ERROR),
    Call(
        "teams_user",
        "exchange_teams_user_access_token",
        body=("TeamsUserExchangeTokenRequest", {"token": "entra", "appId": "app", "userId": "oid"}),
        answer=TOKEN,
    ),
    Call(
        "teams_extension",
        "exchange_teams_extension_access_token",
        body=("TeamsExtensionExchangeTokenRequest", {}),
        answer=RESULT,
    ),
    Call("teams_extension", "get_teams_extension_assignment", ("t-1", "o-1"), answer=ASSIGNMENT),
    Call(
        "teams_extension",
        "get_teams_extension_assignment",
        ("t-1", "o-1"),
        answer={**ASSIGNMENT, "principalType": "group"},
    ),
    Call(
        "teams_extension",
        "create_or_update_teams_extension_assignment",
        ("t-1", "o-1"),
        body=(
            "TeamsExtensionAssignmentCreateOrUpdateRequest",
            {"principalType": "user", "clientIds": ["c-1", "c-2"]},
        ),
        status=201,
        answer=ASSIGNMENT,
    ),
    Call("teams_extension", "delete_teams_extension_assignment", ("t-1", "o-1"), status=204),
    Call("teams_extension", "delete_teams_extension_assignment", ("t-1", "o-1"), status=500, answer=ERROR),
]


def exercise(package: Generated | ModuleType) -> list[tuple[Any, ...]]:
    """Build every request of CALLS with `package` and parse its canned answer; return both sides."""
    seen: list[tuple[Any, ...]] = []
    for call in CALLS:
        kwargs: dict[str, Any] = {"api_version": "2026-09-23"}
        if call.body is not None:
            model = model_class(package, call.body[0])
            kwargs["body"] = (
                model(**call.body_kwargs) if call.body_kwargs is not None else model.from_dict(call.body[1])
            )
        op = package_module(package, f"api.{call.tag}.{call.operation}")
        parts = op.build_request(*call.args, **kwargs)
        content = b"" if call.answer is None else json.dumps(call.answer).encode()
        ok = 200 <= call.status < 300
        parsed = op.parse_response(call.status, content) if ok else op.parse_error(call.status, content)
        seen.append(
            (
                parts.method,
                parts.path,
                parts.params,
                parts.headers,
                parts.content,
                type(parsed).__name__,
                parsed.to_dict() if parsed is not None else None,
            )
        )
    return seen


@needs_shared
def test_azure_and_spec_clients_send_identical_requests(generator: Generator) -> None:
    newest = upstream_versions()[-1]
    assert newest == "2026-09-23"
    from_spec = exercise(generator.spec())
    from_azure = exercise(generator.upstream(newest))
    assert len(from_spec) == len(CALLS)
    for call, spec_side, azure_side in zip(CALLS, from_spec, from_azure, strict=True):
        assert spec_side == azure_side, call


def test_wire_format_of_the_committed_package() -> None:
    """What the shipped package sends and parses (also pins the facts the comparison relies on)."""
    import acs_identity._generated as generated

    seen = exercise(generated)
    by_call = dict(zip(range(len(CALLS)), seen, strict=True))
    method, path, params, headers, body, kind, parsed = by_call[0]
    assert (method, path, params, headers, body, kind) == (
        "POST",
        "/identities",
        {"api-version": "2026-09-23"},
        {},  # no body, no content type
        None,
        "CommunicationIdentityAccessTokenResult",
    )
    # Python datetimes keep 6 fractional digits; the hand-written layer deals with the service's 7.
    assert parsed == {
        "identity": RESULT["identity"],
        "accessToken": {**TOKEN, "expiresOn": "2026-11-30T10:00:00.123456+00:00"},
    }
    assert by_call[2][3] == {"content-type": "application/json"}
    # No expiresInMinutes unless asked: schema defaults are not sent.
    assert json.loads(by_call[2][4]) == {"createTokenWithScopes": ["chat"]}
    assert json.loads(by_call[5][4]) == {"scopes": ["chat.join.limited"]}
    # Unknown enum values survive a round trip (open enums).
    assert json.loads(by_call[1][4])["createTokenWithScopes"] == ["chat", "voip.join", "galaxy.brain"]
    assert by_call[11][6]["principalType"] == "group"
    assert by_call[3][1] == "/identities/8%3Aacs%3A2dee53b4-368b-45b4_00000005-14a2%20%2Fx"
    assert by_call[3][5:] == ("NoneType", None)  # 204: no body
    assert by_call[7][5] == "CommunicationErrorResponse"


@pytest.mark.parametrize("which", ["spec", "committed"])
def test_unknown_enum_values_parse(generator: Generator, which: str) -> None:
    import acs_identity._generated as committed

    package: Generated | ModuleType = committed if which == "committed" else generator.spec()
    response_model = model_class(package, "TeamsExtensionAssignmentResponse")
    response = response_model.from_dict({"objectId": "o", "tenantId": "t", "principalType": "group"})
    assert response.principal_type == "group"
    known = response_model.from_dict({"objectId": "o", "tenantId": "t", "principalType": "user"})
    assert known.principal_type is model_class(package, "TeamsExtensionPrincipalType").USER
    request = model_class(package, "CommunicationIdentityCreateRequest").from_dict(
        {"createTokenWithScopes": ["voip", "galaxy.brain"]}
    )
    scope = model_class(package, "CommunicationIdentityTokenScope")
    assert request.create_token_with_scopes == [scope.VOIP, "galaxy.brain"]
