"""Connection strings and endpoints: parsing, tolerance, and the https rule."""

from __future__ import annotations

import httpx
import pytest

from acs_identity import CommunicationIdentityClient
from acs_identity._endpoint import normalize_endpoint, parse_connection_string

from .conftest import KEY_B64


@pytest.mark.parametrize(
    "conn_str",
    [
        f"endpoint=https://contoso.communication.azure.com/;accesskey={KEY_B64}",
        f"endpoint=https://contoso.communication.azure.com;accessKey={KEY_B64};",
        f"  Endpoint = https://contoso.communication.azure.com/ ; AccessKey = {KEY_B64} ;  ",
        f"accesskey={KEY_B64};ENDPOINT=https://contoso.communication.azure.com/",
    ],
)
def test_accepted_forms(conn_str: str) -> None:
    endpoint, key = parse_connection_string(conn_str)
    assert normalize_endpoint(endpoint) == "https://contoso.communication.azure.com"
    assert key == KEY_B64
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"identity": {"id": "8:acs:x"}})

    transport = httpx.MockTransport(answer)
    with CommunicationIdentityClient.from_connection_string(conn_str, transport=transport) as client:
        client.create_user()
    assert str(sent[0].url).startswith("https://contoso.communication.azure.com/identities?")


@pytest.mark.parametrize(
    ("conn_str", "exception", "pattern"),
    [
        ("", ValueError, "lacks endpoint and accesskey"),
        (f"accesskey={KEY_B64}", ValueError, "lacks endpoint"),
        ("endpoint=https://x.communication.azure.com/", ValueError, "lacks accesskey"),
        ("endpoint=https://x.communication.azure.com/;accesskey=", ValueError, "lacks accesskey"),
        (f"endpoint=https://x/;accesskey={KEY_B64};garbage", ValueError, "name=value"),
        (f"endpoint=https://x/;endpoint=https://y/;accesskey={KEY_B64}", ValueError, "more than once"),
        (None, TypeError, "connection string must be a str"),
    ],
)
def test_rejected_forms(conn_str: object, exception: type[Exception], pattern: str) -> None:
    with pytest.raises(exception, match=pattern) as caught:
        CommunicationIdentityClient.from_connection_string(conn_str)  # type: ignore[arg-type]
    assert KEY_B64 not in str(caught.value)


def test_key_that_is_not_base64_is_refused_without_echoing_it() -> None:
    secret = "this-is-not-base64-SECRET"
    with pytest.raises(ValueError, match="not valid base64") as caught:
        CommunicationIdentityClient.from_connection_string(
            f"endpoint=https://x.communication.azure.com/;accesskey={secret}"
        )
    assert secret not in str(caught.value)


@pytest.mark.parametrize(
    ("endpoint", "normalized"),
    [
        ("https://contoso.communication.azure.com", "https://contoso.communication.azure.com"),
        ("https://contoso.communication.azure.com/", "https://contoso.communication.azure.com"),
        ("contoso.communication.azure.com", "https://contoso.communication.azure.com"),
        ("HTTPS://Contoso.communication.azure.com:8443/", "https://Contoso.communication.azure.com:8443"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.5.6.7", "http://127.5.6.7"),
        ("http://localhost:1234/", "http://localhost:1234"),
        ("http://[::1]:1234", "http://[::1]:1234"),
    ],
)
def test_endpoints(endpoint: str, normalized: str) -> None:
    assert normalize_endpoint(endpoint) == normalized


@pytest.mark.parametrize(
    ("endpoint", "exception", "pattern"),
    [
        ("http://contoso.communication.azure.com", ValueError, "plain http; use https"),
        ("http://10.0.0.1:8080", ValueError, "plain http"),
        ("http://localhost.evil.com", ValueError, "plain http"),
        ("ftp://contoso", ValueError, "scheme must be https"),
        ("https://", ValueError, "has no host"),
        ("https://user:pw@contoso", ValueError, "must not carry credentials"),
        ("https://contoso/?x=1", ValueError, "query"),
        ("https://contoso:99999", ValueError, "not a valid URL"),
        ("", ValueError, "endpoint is empty"),
        (None, TypeError, "endpoint must be a str"),
    ],
)
def test_rejected_endpoints(endpoint: object, exception: type[Exception], pattern: str) -> None:
    with pytest.raises(exception, match=pattern):
        CommunicationIdentityClient(endpoint, KEY_B64)  # type: ignore[arg-type]
