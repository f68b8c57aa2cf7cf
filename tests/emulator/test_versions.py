"""Each api-version's rules from the capability record."""

from __future__ import annotations

import pytest

from acs_identity._capabilities import load_capabilities
from acs_identity.emulator import Emulator

from .helpers import Api, error_of, id_path

CAPS = load_capabilities()
VERSIONS = sorted(CAPS.versions)


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_creates_and_issues(api: Api, version: str) -> None:
    user = api.create_user(api_version=version)
    response = api.issue(user, ["chat", "voip"], api_version=version)
    assert response.status_code == 200, response.text


def test_missing_api_version(api: Api) -> None:
    response = api.request("POST", "/identities", api_version=None)
    assert response.status_code == 400
    assert error_of(response)["code"] == "MissingApiVersionParameter"
    assert response.headers["api-supported-versions"] == ", ".join(VERSIONS)


@pytest.mark.parametrize("version", ["2020-01-01", "2099-01-01-preview", ""])
def test_unsupported_api_version(api: Api, version: str) -> None:
    response = api.request("POST", "/identities", api_version=version)
    assert response.status_code == 400
    assert error_of(response)["code"] in ("UnsupportedApiVersion", "MissingApiVersionParameter")


@pytest.mark.parametrize("version", [v for v in VERSIONS if CAPS.versions[v].expires_in_minutes is None])
def test_expires_in_minutes_refused_where_absent(api: Api, version: str) -> None:
    user = api.create_user(api_version=version)
    response = api.request(
        "POST",
        id_path(user, "/:issueAccessToken"),
        json={"scopes": ["chat"], "expiresInMinutes": 60},
        api_version=version,
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["target"] == "expiresInMinutes" and version in error["message"]


@pytest.mark.parametrize("version", [v for v in VERSIONS if "chat.join" not in CAPS.versions[v].scopes])
def test_scope_the_version_lacks(api: Api, version: str) -> None:
    user = api.create_user(api_version=version)
    response = api.issue(user, ["chat.join"], api_version=version)
    assert response.status_code == 400
    assert error_of(response)["target"] == "scopes"


@pytest.mark.parametrize(
    "version", [v for v in VERSIONS if not CAPS.versions[v].supports("exchange_teams_user_access_token")]
)
def test_operation_the_version_lacks(api: Api, emu: Emulator, version: str) -> None:
    body = {"token": emu.mint_entra_token(), "appId": emu.app_id, "userId": "x"}
    response = api.request("POST", "/teamsUser/:exchangeAccessToken", json=body, api_version=version)
    assert response.status_code == 400
    assert error_of(response)["code"] == "UnsupportedApiVersion"


@pytest.mark.parametrize(
    "version", [v for v in VERSIONS if not CAPS.versions[v].supports("get_teams_extension_assignment")]
)
def test_assignments_need_a_recent_version(api: Api, version: str) -> None:
    response = api.request("GET", "/access/teamsExtension/tenants/t/assignments/o", api_version=version)
    assert response.status_code == 400
