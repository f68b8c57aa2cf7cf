"""Whatever JSON arrives, with valid authentication, the emulator answers 2xx or 4xx with an error body."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acs_identity.emulator import Emulator

from .helpers import Api, id_path

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
_fields = st.fixed_dictionaries(
    {},
    optional={
        "scopes": _json,
        "createTokenWithScopes": _json,
        "expiresInMinutes": _json,
        "token": _json,
        "appId": _json,
        "userId": _json,
        "principalType": _json,
        "clientIds": _json,
    },
)


@pytest.fixture(scope="module")
def robust_api(emu: Emulator) -> Any:
    with httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        yield api, api.create_user()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_json | _fields, route=st.sampled_from(["create", "issue", "teams", "assignment", "extension"]))
def test_any_json_body_is_answered_without_5xx(robust_api: Any, body: Any, route: str) -> None:
    api, user = robust_api
    method, path = {
        "create": ("POST", "/identities"),
        "issue": ("POST", id_path(user, "/:issueAccessToken")),
        "teams": ("POST", "/teamsUser/:exchangeAccessToken"),
        "assignment": ("PUT", "/access/teamsExtension/tenants/t/assignments/o"),
        "extension": ("POST", "/access/teamsExtension/:exchangeAccessToken"),
    }[route]
    response = api.request(method, path, content=json.dumps(body).encode())
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
