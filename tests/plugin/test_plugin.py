"""The pytest plugin as a user meets it: a test suite of its own, run by pytester in a fresh pytest process
(so the installed pytest11 entry point loads it), with and without pytest-xdist."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

# The README's example test file (keep the two in step).
USER_TESTS = """
import pytest
from azure.communication.identity import CommunicationIdentityClient as OfficialClient
from azure.core.exceptions import ResourceNotFoundError

CREATED = []


def test_create_user_and_token(acs_client, acs_emulator):
    user, token = acs_client.create_user_and_token(scopes=["chat"])
    assert acs_emulator.is_token_valid(token.token)
    acs_client.revoke_tokens(user)
    assert not acs_emulator.is_token_valid(token.token)
    CREATED.append(user)


def test_each_test_starts_clean(acs_client):
    # The user of the test above was forgotten when it ended (per-test isolation).
    if CREATED:  # under xdist the other test may have run in another worker
        with pytest.raises(ResourceNotFoundError):
            acs_client.get_token(CREATED[0], scopes=["chat"])


def test_microsofts_client(acs_connection_string, acs_official_client_kwargs):
    client = OfficialClient.from_connection_string(acs_connection_string, **acs_official_client_kwargs)
    user = client.create_user()
    assert client.get_token(user, ["voip"]).token


def test_trust_env_lets_microsofts_client_connect_unchanged(acs_connection_string, acs_trust_env):
    assert set(acs_trust_env) == {"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"}
    OfficialClient.from_connection_string(acs_connection_string).create_user()


def test_teams_user_token(acs_client, acs_emulator, acs_mint_entra_token):
    oid = "6a4c1f5e-0d7b-4a3f-9d6e-2b8c7a1e5f30"
    teams_token = acs_mint_entra_token(oid=oid, audience="https://auth.msft.communication.azure.com")
    token = acs_client.get_token_for_teams_user(teams_token, acs_emulator.app_id, oid)
    assert acs_emulator.is_token_valid(token.token)


@pytest.mark.asyncio
async def test_async_client(acs_async_client, acs_ca_cert):
    user = await acs_async_client.create_user()
    token = await acs_async_client.get_token(user, scopes=["chat"])
    assert token.token and acs_ca_cert.endswith(".pem")


def test_entra_credential(acs_emulator, acs_token_credential, acs_ca_cert):
    from acs_identity import CommunicationIdentityClient

    with CommunicationIdentityClient(
        acs_emulator.endpoint, acs_token_credential, connection_verify=acs_ca_cert
    ) as client:
        assert client.create_user().properties["id"].startswith("8:acs:")
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user_suite=USER_TESTS)
    # A fresh process: the plugin comes from the installed entry point, as in a user's project.
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=600)


def test_plugin_fixtures_without_xdist(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=7)


def test_plugin_fixtures_under_xdist(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = _run(pytester, "-n", "2")
    result.assert_outcomes(passed=7)


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:xdist", timeout=600)
    for name in ("acs_emulator", "acs_client", "acs_async_client", "acs_official_client_kwargs"):
        result.stdout.fnmatch_lines([f"{name}*"])
