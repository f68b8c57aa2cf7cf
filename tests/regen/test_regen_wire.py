"""Clients generated from spec/ and from Azure's newest document behave the same on the wire.

Both packages are imported side by side (different package names); every operation is called through
`sync_detailed` on an httpx.MockTransport that records the request and answers with a canned response.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
import pytest

from ._support import Generated, Generator, needs_shared, upstream_versions

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
    """Make every call of CALLS with `package`; return what went on the wire and what was parsed."""

    def module(dotted: str) -> ModuleType:
        if isinstance(package, ModuleType):
            return __import__(f"{package.__name__}.{dotted}", fromlist=["_"])
        return package.module(dotted)

    models = module("models")
    seen: list[tuple[Any, ...]] = []
    for call in CALLS:

        def answer(request: httpx.Request, call: Call = call) -> httpx.Response:
            if call.answer is None:
                return httpx.Response(call.status)
            return httpx.Response(call.status, json=call.answer)

        recorded: list[httpx.Request] = []

        def handler(
            request: httpx.Request, answer: Any = answer, recorded: list[httpx.Request] = recorded
        ) -> httpx.Response:
            request.read()
            recorded.append(request)
            response: httpx.Response = answer(request)
            return response

        client = module("client").Client(
            base_url=BASE_URL,
            headers={"Authorization": "Bearer entra-token"},
            httpx_args={"transport": httpx.MockTransport(handler)},
        )
        kwargs: dict[str, Any] = {"client": client, "api_version": "2026-09-23"}
        if call.body is not None:
            model = getattr(models, call.body[0])
            kwargs["body"] = (
                model(**call.body_kwargs) if call.body_kwargs is not None else model.from_dict(call.body[1])
            )
        response = module(f"api.{call.tag}.{call.operation}").sync_detailed(*call.args, **kwargs)
        (request,) = recorded
        parsed = response.parsed
        seen.append(
            (
                request.method,
                str(request.url),
                request.headers.raw,
                request.content,
                int(response.status_code),
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
    import acs_identity_generated

    seen = exercise(acs_identity_generated)
    by_call = dict(zip(range(len(CALLS)), seen, strict=True))
    method, url, headers, body, status, kind, parsed = by_call[0]
    assert (method, url, body, status, kind) == (
        "POST",
        f"{BASE_URL}/identities?api-version=2026-09-23",
        b"",
        201,
        "CommunicationIdentityAccessTokenResult",
    )
    # Python datetimes keep 6 fractional digits; the hand-written layer deals with the service's 7.
    assert parsed == {
        "identity": RESULT["identity"],
        "accessToken": {**TOKEN, "expiresOn": "2026-11-30T10:00:00.123456+00:00"},
    }
    assert (b"Authorization", b"Bearer entra-token") in headers
    # No expiresInMinutes unless asked: schema defaults are not sent.
    assert json.loads(by_call[2][3]) == {"createTokenWithScopes": ["chat"]}
    assert json.loads(by_call[5][3]) == {"scopes": ["chat.join.limited"]}
    # Unknown enum values survive a round trip (open enums).
    assert json.loads(by_call[1][3])["createTokenWithScopes"] == ["chat", "voip.join", "galaxy.brain"]
    assert by_call[11][6]["principalType"] == "group"
    assert (
        by_call[3][1]
        == f"{BASE_URL}/identities/8%3Aacs%3A2dee53b4-368b-45b4_00000005-14a2%20%2Fx?api-version=2026-09-23"
    )
    assert by_call[7][5] == "CommunicationErrorResponse"


@pytest.mark.parametrize("which", ["spec", "committed"])
def test_unknown_enum_values_parse(generator: Generator, which: str) -> None:
    if which == "committed":
        import acs_identity_generated.models as models
    else:
        models = generator.spec().module("models")
    response = models.TeamsExtensionAssignmentResponse.from_dict(
        {"objectId": "o", "tenantId": "t", "principalType": "group"}
    )
    assert response.principal_type == "group"
    known = models.TeamsExtensionAssignmentResponse.from_dict(
        {"objectId": "o", "tenantId": "t", "principalType": "user"}
    )
    assert known.principal_type is models.TeamsExtensionPrincipalType.USER
    request = models.CommunicationIdentityCreateRequest.from_dict(
        {"createTokenWithScopes": ["voip", "galaxy.brain"]}
    )
    assert request.create_token_with_scopes == [models.CommunicationIdentityTokenScope.VOIP, "galaxy.brain"]
