"""The official azure-communication-identity README's examples run unchanged but for the import line,
with the sync client and (awaited) with the async one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from .conftest import ENDPOINT, EXPIRES_ON, ISSUED_TOKEN, KEY_B64, USER_ID, USER_PATH

# Verbatim from the official README ("Initializing Identity Client" and "Examples"), except that the import
# line names acs_identity (or acs_identity.aio, with azure.identity.aio's credential) instead of
# azure.communication.identity.
README_INIT = """
# You can find your endpoint and access token from your resource in the Azure Portal
import os
from {module} import CommunicationIdentityClient
from {identity_module} import DefaultAzureCredential

connection_str = "endpoint=ENDPOINT;accessKey=KEY"
endpoint = "https://<RESOURCE_NAME>.communication.azure.com"

# To use Azure Active Directory Authentication (DefaultAzureCredential) make sure to have
# AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET as env variables.
identity_client_managed_identity = CommunicationIdentityClient(endpoint, DefaultAzureCredential())

#You can also authenticate using your connection string
identity_client = CommunicationIdentityClient.from_connection_string(connection_str)
"""

README_EXAMPLES = """
user = identity_client.create_user()
print("User created with id:" + user.properties['id'])

tokenresponse = identity_client.get_token(user, scopes=[CommunicationTokenScope.CHAT])
print("Token issued with value: " + tokenresponse.token)

token_expires_in = timedelta(hours=1)
tokenresponse = identity_client.get_token(user, scopes=[CommunicationTokenScope.CHAT], token_expires_in=token_expires_in)
print("Token issued with value: " + tokenresponse.token)

user, tokenresponse = identity_client.create_user_and_token(scopes=[CommunicationTokenScope.CHAT])
print("User id:" + user.properties['id'])
print("Token issued with value: " + tokenresponse.token)

token_expires_in = timedelta(hours=1)
user, tokenresponse = identity_client.create_user_and_token(scopes=[CommunicationTokenScope.CHAT], token_expires_in=token_expires_in)
print("User id:" + user.properties['id'])
print("Token issued with value: " + tokenresponse.token)

identity_client.revoke_tokens(user)

identity_client.delete_user(user)

identity_client.get_token_for_teams_user(aad_token, client_id, user_object_id)
"""

TOKEN = {"token": ISSUED_TOKEN, "expiresOn": EXPIRES_ON}


def _mock_service(respx_mock: respx.MockRouter) -> dict[str, respx.Route]:
    return {
        "create": respx_mock.post(f"{ENDPOINT}/identities").mock(
            return_value=httpx.Response(201, json={"identity": {"id": USER_ID}, "accessToken": TOKEN})
        ),
        "issue": respx_mock.post(f"{ENDPOINT}{USER_PATH}/:issueAccessToken").mock(
            return_value=httpx.Response(200, json=TOKEN)
        ),
        "revoke": respx_mock.post(f"{ENDPOINT}{USER_PATH}/:revokeAccessTokens").mock(
            return_value=httpx.Response(204)
        ),
        "delete": respx_mock.delete(f"{ENDPOINT}{USER_PATH}").mock(return_value=httpx.Response(204)),
        "teams": respx_mock.post(f"{ENDPOINT}/teamsUser/:exchangeAccessToken").mock(
            return_value=httpx.Response(200, json=TOKEN)
        ),
    }


def _namespace(module: str) -> dict[str, Any]:
    from datetime import timedelta

    namespace: dict[str, Any] = {
        "timedelta": timedelta,
        "aad_token": "aad-token",
        "client_id": "client-id",
        "user_object_id": "user-object-id",
    }
    identity_module = "azure.identity.aio" if module.endswith(".aio") else "azure.identity"
    init = README_INIT.format(module=module, identity_module=identity_module)
    # The README's placeholders, filled with a real connection string (the one substitution we make).
    init = init.replace('"endpoint=ENDPOINT;accessKey=KEY"', f'"endpoint={ENDPOINT}/;accessKey={KEY_B64}"')
    exec(init, namespace)
    exec(f"from {module} import CommunicationTokenScope", namespace)
    return namespace


def _check(routes: dict[str, respx.Route], out: str) -> None:
    assert routes["create"].call_count == 3
    assert routes["issue"].call_count == 2
    assert routes["revoke"].call_count == 1
    assert routes["delete"].call_count == 1
    assert routes["teams"].call_count == 1
    assert f"User created with id:{USER_ID}" in out
    assert out.count(f"Token issued with value: {ISSUED_TOKEN}") == 4


def test_readme_sync(respx_mock: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    routes = _mock_service(respx_mock)
    namespace = _namespace("acs_identity")
    exec(README_EXAMPLES, namespace)
    namespace["identity_client"].close()
    namespace["identity_client_managed_identity"].close()
    _check(routes, capsys.readouterr().out)


async def test_readme_async(respx_mock: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    routes = _mock_service(respx_mock)
    namespace = _namespace("acs_identity.aio")
    # The same lines, with each client call awaited, inside a coroutine.
    awaited = re.sub(r"identity_client\.(\w+)\(", r"await identity_client.\1(", README_EXAMPLES)
    exec("async def _readme():\n" + textwrap.indent(awaited, "    ") + "\n", namespace)
    await namespace["_readme"]()
    await namespace["identity_client"].close()
    await namespace["identity_client_managed_identity"].close()
    _check(routes, capsys.readouterr().out)


# --- this project's own README: every ```python block runs, as a user would run it -------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_python_blocks() -> list[str]:
    """Every ```python block of README.md, in order."""
    return re.findall(r"^```python\n(.*?)^```$", README.read_text(), flags=re.S | re.M)


def test_the_readme_has_python_examples() -> None:
    blocks = readme_python_blocks()
    assert len(blocks) >= 3
    assert any("get_token_for_teams_user" in block for block in blocks)


@pytest.fixture(scope="module")
def readme_emulator() -> Iterator[Any]:
    pytest.importorskip("uvicorn")
    from acs_identity.emulator import Emulator

    with Emulator() as emu:
        yield emu


@pytest.mark.parametrize("index", range(len(readme_python_blocks())))
def test_readme_block_runs_and_closes_its_clients(index: int, readme_emulator: Any) -> None:
    # A fresh interpreter per block, warnings on: an unclosed client or socket shows as a ResourceWarning.
    block = readme_python_blocks()[index]
    env = {**os.environ, "AZURE_COMMUNICATION_CONNECTION_STRING": readme_emulator.connection_string}
    result = subprocess.run(
        [sys.executable, "-W", "default", "-X", "dev", "-c", block],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ResourceWarning" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
