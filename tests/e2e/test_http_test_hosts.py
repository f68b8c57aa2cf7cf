"""Plain http to a named test host (a CI service) is allowed only when ACS_IDENTITY_ALLOW_HTTP_HOSTS names it,
and never for the real service's domain."""

from __future__ import annotations

import pytest

from acs_identity import CommunicationIdentityClient
from acs_identity._endpoint import ALLOW_HTTP_HOSTS_ENV, http_allowed, normalize_endpoint


def test_http_to_a_named_host_is_refused_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_HTTP_HOSTS_ENV, raising=False)
    with pytest.raises(ValueError, match=ALLOW_HTTP_HOSTS_ENV):
        normalize_endpoint("http://emulator:8765")
    assert normalize_endpoint("http://127.0.0.1:8765") == "http://127.0.0.1:8765"  # loopback, as before


def test_http_to_a_listed_host_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_HTTP_HOSTS_ENV, "acs-emulator, Emulator")
    assert normalize_endpoint("http://emulator:8765/") == "http://emulator:8765"
    assert normalize_endpoint("http://ACS-EMULATOR:1") == "http://ACS-EMULATOR:1"
    with pytest.raises(ValueError):
        normalize_endpoint("http://emulator.other:8765")  # exact names only


@pytest.mark.parametrize(
    "host", ["myres.communication.azure.com", "MyRes.Communication.Azure.Com.", "communication.azure.com"]
)
def test_never_for_the_services_domain(monkeypatch: pytest.MonkeyPatch, host: str) -> None:
    monkeypatch.setenv(ALLOW_HTTP_HOSTS_ENV, host)
    assert not http_allowed(host)
    with pytest.raises(ValueError, match="plain http"):
        CommunicationIdentityClient.from_connection_string(f"endpoint=http://{host}/;accesskey=YWJj")
