"""HMAC-SHA256 signatures, byte for byte as the official azure-communication-identity 1.5.0 computes them.

The vectors are copied from ../shared/test-vectors/hmac-sha256.json (facts, so the tests need no ../shared).
Our signer is an httpx.Auth: each vector is signed through `auth_flow` on the request httpx would send.
"""

from __future__ import annotations

import base64

import httpx
import pytest

from acs_identity import _auth
from acs_identity._auth import HmacAuth
from acs_identity._signing import authorization, content_hash, signature, string_to_sign

KEY_B64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
DATE = "Mon, 01 Jan 2024 00:00:00 GMT"
HOST = "contoso.communication.azure.com"
ID_PATH = "/identities/8%3Aacs%3A00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
ID_PATH_DECODED = (
    "/identities/8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
)

# (name, method, url, body, sync: (path signed, string to sign, content hash, Authorization),
#  async (decode_url=True): (path signed, Authorization))
VECTORS = [
    (
        "create_user_and_token",
        "POST",
        "https://contoso.communication.azure.com/identities?api-version=2023-10-01",
        '{"createTokenWithScopes": ["chat", "voip"], "expiresInMinutes": 60}',
        "/identities?api-version=2023-10-01",
        "POST\n/identities?api-version=2023-10-01\nMon, 01 Jan 2024 00:00:00 GMT;contoso.communication.azure.com;"
        "wvygNN5WpIfLXWP9MkgLzBwgE8R//ITGxsX6PuaRBUU=",
        "wvygNN5WpIfLXWP9MkgLzBwgE8R//ITGxsX6PuaRBUU=",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=IsV/n1NUytg4vkWbJZwLT6caHSGJ0vDtp87BJj2rrt0=",
        "/identities?api-version=2023-10-01",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=IsV/n1NUytg4vkWbJZwLT6caHSGJ0vDtp87BJj2rrt0=",
    ),
    (
        "get_token_percent_encoded_path",
        "POST",
        f"https://contoso.communication.azure.com{ID_PATH}/:issueAccessToken?api-version=2023-10-01",
        '{"scopes": ["chat.join", "voip.join"]}',
        f"{ID_PATH}/:issueAccessToken?api-version=2023-10-01",
        f"POST\n{ID_PATH}/:issueAccessToken?api-version=2023-10-01\nMon, 01 Jan 2024 00:00:00 GMT;"
        "contoso.communication.azure.com;sknoFD5tbUKSx9YBRHUthuUlwIfL1x0ttnEO9Auhh+A=",
        "sknoFD5tbUKSx9YBRHUthuUlwIfL1x0ttnEO9Auhh+A=",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=mtwN9HZOZIdhzriR0EoEkLLCJshwlQ5aGoguSij+6cU=",
        f"{ID_PATH_DECODED}/:issueAccessToken?api-version=2023-10-01",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=Top61muAswL3GmsAsiiYqoT0F3uE6+n9qBeN15Ej+S0=",
    ),
    (
        "delete_user_empty_body",
        "DELETE",
        f"https://contoso.communication.azure.com{ID_PATH}?api-version=2023-10-01",
        None,
        f"{ID_PATH}?api-version=2023-10-01",
        f"DELETE\n{ID_PATH}?api-version=2023-10-01\nMon, 01 Jan 2024 00:00:00 GMT;contoso.communication.azure.com;"
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=JCCf35C0lDFu0FwGtITY/I5847xzRDOWuAE0pTxh1L8=",
        f"{ID_PATH_DECODED}?api-version=2023-10-01",
        "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=XBiza//KDH6VoGncANLaG2MB1+S+HzRbME4Cfx6+0kM=",
    ),
]

MORE_KEY = "pw=="
MORE_DATE = "Wed, 13 Apr 2022 18:09:12 GMT"
MORE_SIGNATURES = [
    ("https://contoso.communicationservices.azure.com/", "88MDmJhUR3m5QhFxb8ztShsSwlGrg7g/6XPnWf7QEO4="),
    (
        "https://contoso.communicationservices.azure.com/testPath",
        "RoCrHjw7fb9fpHSbqvRUY2xa8RBS0YvI1cxI1x8AS38=",
    ),
    (
        "https://contoso.communicationservices.azure.com/testPath?testQuery=yes",
        "il99+rd6V5O136roX/zVePCNle78HmvC4B7tu9zRH3I=",
    ),
]


def _sign(
    auth: HmacAuth, request: httpx.Request, date: str, monkeypatch: pytest.MonkeyPatch
) -> httpx.Request:
    monkeypatch.setattr(_auth, "http_date", lambda: date)
    flow = auth.sync_auth_flow(request)
    signed = next(flow)
    flow.close()
    return signed


@pytest.mark.parametrize("vector", VECTORS, ids=[v[0] for v in VECTORS])
def test_official_vector_through_auth_flow(vector: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    _, method, url, body, path, to_sign, body_hash, expected_auth, _, _ = vector
    request = httpx.Request(method, url, content=None if body is None else body.encode("utf-8"))
    # The vectors' "host" is the endpoint's host; it is also the Host header we send (default port).
    assert request.headers["host"] == HOST
    assert request.url.raw_path.decode() == path

    signed = _sign(HmacAuth(base64.b64decode(KEY_B64)), request, DATE, monkeypatch)

    assert string_to_sign(method, path, DATE, HOST, body_hash) == to_sign
    assert signed.headers["x-ms-date"] == DATE
    assert signed.headers["x-ms-content-sha256"] == body_hash
    assert signed.headers["authorization"] == expected_auth


@pytest.mark.parametrize("vector", VECTORS, ids=[v[0] for v in VECTORS])
def test_official_async_vector_decoded_path(vector: tuple[str, ...]) -> None:
    # The official async client signs the url-decoded path. Both our clients sign the path as sent (like the
    # official sync client); the decoded-path signatures still follow from the same primitives.
    _, method, _, body, _, _, body_hash, _, decoded_path, expected_auth = vector
    assert content_hash((body or "").encode()) == body_hash
    message = string_to_sign(method, decoded_path, DATE, HOST, body_hash)
    assert authorization(base64.b64decode(KEY_B64), message) == expected_auth


@pytest.mark.parametrize(("url", "expected"), MORE_SIGNATURES)
def test_more_signatures(url: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    request = httpx.Request("GET", url)
    assert request.headers["host"] == "contoso.communicationservices.azure.com"
    signed = _sign(HmacAuth(base64.b64decode(MORE_KEY)), request, MORE_DATE, monkeypatch)
    assert signed.headers["authorization"].endswith("&Signature=" + expected)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("banana", "88EC05aAS9iXnaimtNO78JLjiPtfWryQB/5QYEzEsu8="),
        ("😀", "1rudJKjn2Zi+3hRrBG29wIF6pD6YyAeQR1ZcFtXoKAU="),
    ],
)
def test_compute_hmac(message: str, expected: str) -> None:
    assert signature(base64.b64decode(MORE_KEY), message) == expected


def test_host_with_port_is_signed_as_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    request = httpx.Request("GET", "http://127.0.0.1:8443/identities?api-version=2026-09-23")
    signed = _sign(HmacAuth(b"k"), request, DATE, monkeypatch)
    expected = authorization(
        b"k",
        string_to_sign(
            "GET", "/identities?api-version=2026-09-23", DATE, "127.0.0.1:8443", content_hash(b"")
        ),
    )
    assert signed.headers["host"] == "127.0.0.1:8443"
    assert signed.headers["authorization"] == expected


def test_http_date_format() -> None:
    value = _auth.http_date()
    assert value.endswith(" GMT") and len(value) == len(DATE)


def test_a_host_header_set_by_the_caller_is_what_gets_signed(monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. a caller's http_client that reaches the service through a port forward
    request = httpx.Request(
        "GET", "http://127.0.0.1:9000/x", headers={"Host": "contoso.communication.azure.com"}
    )
    signed = _sign(HmacAuth(b"k"), request, DATE, monkeypatch)
    expected = authorization(
        b"k", string_to_sign("GET", "/x", DATE, "contoso.communication.azure.com", content_hash(b""))
    )
    assert signed.headers["authorization"] == expected
