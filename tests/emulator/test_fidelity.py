"""Where the emulator answers as the real service does (from Microsoft's recorded tests and the service's texts)."""

from __future__ import annotations

import httpx
import pytest

from acs_identity.emulator import Emulator

from .helpers import API, Api, hmac_headers, id_path


def _error(response: httpx.Response) -> dict[str, str]:
    error: dict[str, str] = response.json()["error"]
    return error


def test_teams_exchange_checks_the_token_before_the_user_id(api: Api) -> None:
    response = api.request(
        "POST", "/teamsUser/:exchangeAccessToken", json={"token": "not-a-token", "appId": "a", "userId": ""}
    )
    assert response.status_code == 401
    assert _error(response)["code"] == "InvalidAccessToken"


def test_teams_exchange_with_a_valid_token_and_empty_user_id_is_a_validation_error(
    api: Api, emu: Emulator
) -> None:
    token = emu.mint_entra_token(audience="https://auth.msft.communication.azure.com")
    response = api.request(
        "POST", "/teamsUser/:exchangeAccessToken", json={"token": token, "appId": emu.app_id, "userId": ""}
    )
    assert response.status_code == 400
    assert _error(response)["target"] == "userId"


@pytest.mark.parametrize(("value", "text"), [(59, "59"), (1441, "1441"), (None, "null"), ("60", '"60"')])
def test_out_of_range_expiry_in_the_services_words(api: Api, value: object, text: str) -> None:
    user = api.create_user()
    response = api.request(
        "POST", id_path(user, "/:issueAccessToken"), json={"scopes": ["chat"], "expiresInMinutes": value}
    )
    assert response.status_code == 400
    assert _error(response) == {
        "code": "ValidationError",
        "message": f"ExpiresInMinutes value {text} is invalid. Value must be within the [60, 1440] interval.",
        "target": "ExpiresInMinutes",
    }


def test_missing_scopes_in_the_services_words(api: Api) -> None:
    user = api.create_user()
    response = api.request("POST", id_path(user, "/:issueAccessToken"), json={})
    assert response.status_code == 400
    assert _error(response)["message"] == "Scopes: The Scopes field is required."


def test_x_ms_date_signed_but_only_date_sent_is_denied(api: Api) -> None:
    request = api.client.build_request("POST", "/identities", params={"api-version": API})
    headers = hmac_headers("POST", request.url, b"")
    headers["Date"] = headers.pop("x-ms-date")
    request.headers.update(headers)
    response = api.client.send(request)
    assert response.status_code == 401
    assert _error(response)["code"] == "Denied"


def test_replay_window_is_configurable() -> None:
    import email.utils
    import time

    with Emulator(replay_window=60) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        request = client.build_request("POST", "/identities", params={"api-version": API})
        old = email.utils.formatdate(time.time() - 600, usegmt=True)  # inside the default 15 minutes
        request.headers.update(hmac_headers("POST", request.url, b"", date=old))
        response = client.send(request)
        assert response.status_code == 401
        assert "1 minute away" in _error(response)["message"]
        assert api.create_user().startswith("8:acs:")
