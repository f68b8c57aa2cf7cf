"""`acs-identity emulator` with no options, as a team would start it: Microsoft's azure-communication-identity
(sync and aio) and our client, in a fresh process given only the connection string and the one environment
line the emulator printed, connect over HTTPS with no change to their code."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from acs_identity.emulator import DEFAULT_PORT

_TRUST_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")

_CLIENTS = textwrap.dedent(
    """
    import asyncio, os, sys
    from azure.communication.identity import CommunicationIdentityClient as Official
    from azure.communication.identity.aio import CommunicationIdentityClient as OfficialAsync
    from acs_identity import CommunicationIdentityClient as Ours
    from acs_identity.aio import CommunicationIdentityClient as OursAsync

    conn = os.environ["AZURE_COMMUNICATION_CONNECTION_STRING"]
    official = Official.from_connection_string(conn)
    user, token = official.create_user_and_token(["chat"])
    official.get_token(user, ["voip"])
    official.revoke_tokens(user)
    official.delete_user(user)

    async def official_async():
        async with OfficialAsync.from_connection_string(conn) as client:
            user = await client.create_user()
            await client.get_token(user, ["chat"])

    async def ours_async():
        async with OursAsync.from_connection_string(conn) as client:
            await client.get_token(await client.create_user(), ["chat"])

    asyncio.run(official_async())
    with Ours.from_connection_string(conn) as ours:
        ours.get_token(ours.create_user(), ["chat"])
    asyncio.run(ours_async())
    print("all clients connected")
    """
)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _TRUST_VARIABLES}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # where the certificate is kept: not the user's own
    env.pop("ACS_IDENTITY_EMULATOR_CERT_DIR", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def launched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    # With no options at all when the default port is free (a shared CI machine may hold it: then only
    # the port is chosen, which changes nothing about TLS or trust). One launch for the module: each test
    # connects with its own clients and environment.
    args = [] if _port_free(DEFAULT_PORT) else ["--port", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "acs_identity.cli", "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_clean_env(tmp_path_factory.mktemp("launched")),
    )
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl+C"):
            break
    try:
        yield lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def _printed(lines: list[str], prefix: str) -> str:
    found = [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]
    assert found, f"no line starting {prefix!r} in:\n" + "\n".join(lines)
    return found[0].strip()


def test_both_sdks_connect_with_only_the_printed_environment_line(
    launched: list[str], tmp_path: Path
) -> None:
    connection_string = _printed(launched, "Connection string: ")
    assert connection_string.startswith("endpoint=https://localhost:")
    environment_line = _printed(launched, "Trust it (our client and azure-communication-identity): ")
    words = shlex.split(environment_line)
    assert words[0] == "export"
    trust = dict(word.split("=", 1) for word in words[1:])
    assert set(trust) == {"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"}
    assert Path(_printed(launched, "CA certificate: ")).is_file()

    env = _clean_env(tmp_path) | trust | {"AZURE_COMMUNICATION_CONNECTION_STRING": connection_string}
    result = subprocess.run(
        [sys.executable, "-c", _CLIENTS], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "all clients connected" in result.stdout


def test_without_the_line_microsofts_client_does_not_trust_it(launched: list[str], tmp_path: Path) -> None:
    connection_string = _printed(launched, "Connection string: ")
    code = (
        "import os\n"
        "from azure.communication.identity import CommunicationIdentityClient\n"
        "CommunicationIdentityClient.from_connection_string(os.environ['CS'], retry_total=0).create_user()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_clean_env(tmp_path) | {"CS": connection_string},
        timeout=120,
    )
    assert result.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr
