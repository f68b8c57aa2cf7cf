"""Every way a request can fail authentication gets the service's 401 and code."""

from __future__ import annotations

import base64
import email.utils
import time
from datetime import timedelta

import httpx
import pytest

from acs_identity.emulator import Emulator

from .helpers import API, Api, error_of, hmac_headers, id_path


def _denied(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    error = error_of(response)
    assert error["code"] == "Denied"
    return str(error["message"])


def test_signed_request_passes(api: Api) -> None:
    assert api.request("POST", "/identities").status_code == 201


def test_both_official_path_styles_pass(api: Api) -> None:
    user = api.create_user()
    # The official sync client signs the percent-encoded path as sent; its async client the decoded one.
    assert api.issue(user).status_code == 200
    assert api.issue(user, decode_path=True).status_code == 200
    assert (
        api.request("POST", f"/identities/{user}/:issueAccessToken", json={"scopes": ["chat"]}).status_code
        == 200
    )


def test_bad_signature(api: Api) -> None:
    bogus = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + base64.b64encode(
        b"x" * 32
    ).decode("ascii")
    message = _denied(api.request("POST", "/identities", headers={"Authorization": bogus}))
    assert "signature" in message.lower()


def test_wrong_key(api: Api) -> None:
    _denied(api.request("POST", "/identities", key=b"another key entirely"))


def test_signature_over_another_path(api: Api) -> None:
    user = api.create_user()
    signed = api.client.build_request("POST", "/identities", params={"api-version": API})

    response = api.request(
        "POST",
        id_path(user, "/:revokeAccessTokens"),
        sign=False,
        headers=hmac_headers("POST", signed.url, b""),
    )
    _denied(response)


def test_tampered_body(api: Api) -> None:
    user = api.create_user()
    body = b'{"scopes":["chat"]}'
    response = api.request(
        "POST",
        id_path(user, "/:issueAccessToken"),
        content=b'{"scopes":["voip"]}',
        signed_body=body,
    )
    assert _denied(response) == "Request 'x-ms-content-sha256' differs from generated content hash."


@pytest.mark.parametrize("minutes", [-16, 16])
def test_stale_or_future_date(api: Api, minutes: int) -> None:
    date = email.utils.formatdate(time.time() + minutes * 60, usegmt=True)
    assert "15 minutes" in _denied(api.request("POST", "/identities", date=date))


def test_date_within_skew_passes(api: Api) -> None:
    date = email.utils.formatdate(time.time() - 14 * 60, usegmt=True)
    assert api.request("POST", "/identities", date=date).status_code == 201


def test_unparseable_date(api: Api) -> None:
    _denied(api.request("POST", "/identities", headers={"x-ms-date": "yesterday"}))


@pytest.mark.parametrize("header", ["x-ms-date", "x-ms-content-sha256", "Authorization"])
def test_missing_header(api: Api, header: str) -> None:
    request = api.client.build_request("POST", "/identities", params={"api-version": API})

    headers = hmac_headers("POST", request.url, b"")
    del headers[header]
    request.headers.update(headers)
    _denied(api.client.send(request))


def test_date_header_is_accepted_when_signed_as_date(api: Api) -> None:
    request = api.client.build_request("POST", "/identities", params={"api-version": API})

    headers = hmac_headers("POST", request.url, b"")
    headers["Date"] = headers.pop("x-ms-date")
    headers["Authorization"] = headers["Authorization"].replace(
        "SignedHeaders=x-ms-date;", "SignedHeaders=date;"
    )
    request.headers.update(headers)
    assert api.client.send(request).status_code == 201


def test_x_ms_date_signed_but_only_date_sent_is_denied(api: Api) -> None:
    # SignedHeaders names x-ms-date: a Date header does not stand in for it (the service refuses it too).
    request = api.client.build_request("POST", "/identities", params={"api-version": API})

    headers = hmac_headers("POST", request.url, b"")
    headers["Date"] = headers.pop("x-ms-date")
    request.headers.update(headers)
    _denied(api.client.send(request))


def test_unknown_scheme(api: Api) -> None:
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": "Basic dXNlcjpwdw=="}))


def test_bearer_from_test_issuer_passes(api: Api, emu: Emulator) -> None:
    token = emu.mint_entra_token()
    response = api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201


def test_bearer_audience_with_trailing_slash_passes(api: Api, emu: Emulator) -> None:
    token = emu.mint_entra_token(audience="https://communication.azure.com/")
    response = api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201


def test_token_credential_tokens_pass(api: Api, emu: Emulator) -> None:
    access = emu.token_credential().get_token("https://communication.azure.com//.default")
    assert access.expires_on > time.time()
    response = api.request(
        "POST", "/identities", sign=False, headers={"Authorization": f"Bearer {access.token}"}
    )
    assert response.status_code == 201


async def test_async_token_credential_tokens_pass(api: Api, emu: Emulator) -> None:
    async with emu.async_token_credential() as credential:
        access = await credential.get_token("https://communication.azure.com//.default")
    response = api.request(
        "POST", "/identities", sign=False, headers={"Authorization": f"Bearer {access.token}"}
    )
    assert response.status_code == 201


def test_bearer_from_unknown_issuer(api: Api, emu: Emulator) -> None:
    with Emulator() as other:
        foreign = other.mint_entra_token(tid=emu.tenant_id)
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {foreign}"}))


def test_arbitrary_bearer(api: Api) -> None:
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": "Bearer not-a-jwt"}))


def test_expired_bearer(api: Api, emu: Emulator) -> None:
    token = emu.mint_entra_token(expires_in=timedelta(minutes=-1))
    assert "expired" in _denied(
        api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {token}"})
    )


def test_bearer_for_another_audience(api: Api, emu: Emulator) -> None:
    token = emu.mint_entra_token(audience="https://graph.microsoft.com")
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {token}"}))


def test_bearer_with_forged_issuer(api: Api, emu: Emulator) -> None:
    token = emu.mint_entra_token(extra_claims={"iss": "https://evil.example/v2.0"})
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {token}"}))


def test_acs_token_is_not_a_bearer(api: Api) -> None:
    user = api.create_user()
    acs_token = api.issue(user).json()["token"]
    _denied(api.request("POST", "/identities", sign=False, headers={"Authorization": f"Bearer {acs_token}"}))
