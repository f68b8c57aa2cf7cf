"""A small hand-written HMAC signer (via acs_identity._signing) and request helpers, so the emulator's
tests do not depend on the client."""

from __future__ import annotations

import base64
import email.utils
from typing import Any
from urllib.parse import quote, unquote

import httpx

from acs_identity import _signing
from acs_identity.emulator import DEV_ACCESS_KEY

KEY = base64.b64decode(DEV_ACCESS_KEY)
API = "2026-09-23"


def hmac_headers(
    method: str,
    url: httpx.URL,
    body: bytes,
    *,
    key: bytes = KEY,
    date: str | None = None,
    decode_path: bool = False,
) -> dict[str, str]:
    date = date or email.utils.formatdate(usegmt=True)
    path = url.raw_path.decode("ascii")
    if decode_path:
        path = unquote(path)
    body_hash = _signing.content_hash(body)
    message = _signing.string_to_sign(method, path, date, url.netloc.decode("ascii"), body_hash)
    return {
        "x-ms-date": date,
        "x-ms-content-sha256": body_hash,
        "Authorization": _signing.authorization(key, message),
    }


def id_path(identity_id: str, suffix: str = "") -> str:
    """The identity's path as the official sync client sends it: the id percent-encoded."""
    return f"/identities/{quote(identity_id, safe='')}{suffix}"


class Api:
    """Signed requests to an emulator; keyword switches produce each kind of bad request."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        api_version: str | None = API,
        sign: bool = True,
        key: bytes = KEY,
        date: str | None = None,
        decode_path: bool = False,
        headers: dict[str, str] | None = None,
        signed_body: bytes | None = None,
    ) -> httpx.Response:
        params = {"api-version": api_version} if api_version is not None else None
        request = self.client.build_request(method, path, params=params, json=json, content=content)
        if sign:
            body = request.content if signed_body is None else signed_body
            request.headers.update(
                hmac_headers(method, request.url, body, key=key, date=date, decode_path=decode_path)
            )
        if headers:
            request.headers.update(headers)
        return self.client.send(request)

    def create_user(self, api_version: str = API) -> str:
        response = self.request("POST", "/identities", json={}, api_version=api_version)
        assert response.status_code == 201, response.text
        return str(response.json()["identity"]["id"])

    def issue(self, identity_id: str, scopes: list[str] | None = None, **kwargs: Any) -> httpx.Response:
        return self.request(
            "POST", id_path(identity_id, "/:issueAccessToken"), json={"scopes": scopes or ["chat"]}, **kwargs
        )


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    return error
