"""The OFFICIAL azure-communication-identity package (sync and async) against the emulator over HTTPS,
trusting the exported certificate: the emulator is faithful enough for Microsoft's own client."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from azure.communication.identity import CommunicationIdentityClient, CommunicationTokenScope
from azure.communication.identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import ClientAuthenticationError, ResourceNotFoundError

from acs_identity.emulator import DEV_ACCESS_KEY, Emulator

CHAT, VOIP = CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP


def _sync(emu: Emulator, credential_kind: str) -> CommunicationIdentityClient:
    if credential_kind == "key":
        return CommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=emu.ca_cert_path
        )
    return CommunicationIdentityClient(
        emu.endpoint, emu.token_credential(), connection_verify=emu.ca_cert_path
    )


def _async(emu: Emulator, credential_kind: str) -> AsyncCommunicationIdentityClient:
    if credential_kind == "key":
        return AsyncCommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=emu.ca_cert_path
        )
    return AsyncCommunicationIdentityClient(
        emu.endpoint, emu.async_token_credential(), connection_verify=emu.ca_cert_path
    )


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
def test_official_sync_client(https_emu: Emulator, credential_kind: str) -> None:
    emu = https_emu
    oid, app = str(uuid.uuid4()), str(uuid.uuid4())
    # The official sync client is not a context manager and has no close().
    client = _sync(emu, credential_kind)
    user = client.create_user()
    assert user.properties["id"].startswith(f"8:acs:{emu.resource_id}_")
    other, token = client.create_user_and_token([CHAT], token_expires_in=timedelta(hours=1))
    assert emu.is_token_valid(token.token)
    plain = client.get_token(user, [CHAT, VOIP])
    short = client.get_token(user, [VOIP], token_expires_in=timedelta(minutes=60))
    assert emu.is_token_valid(plain.token) and emu.is_token_valid(short.token)
    client.revoke_tokens(user)
    assert not emu.is_token_valid(plain.token) and not emu.is_token_valid(short.token)
    client.delete_user(user)
    with pytest.raises(ResourceNotFoundError):
        client.get_token(user, [CHAT])
    client.delete_user(other)
    teams = client.get_token_for_teams_user(emu.mint_entra_token(oid=oid, appid=app), app, oid)
    assert emu.is_token_valid(teams.token)


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
async def test_official_async_client(https_emu: Emulator, credential_kind: str) -> None:
    emu = https_emu
    oid, app = str(uuid.uuid4()), str(uuid.uuid4())
    async with _async(emu, credential_kind) as client:
        user = await client.create_user()
        other, token = await client.create_user_and_token([CHAT], token_expires_in=timedelta(hours=1))
        assert emu.is_token_valid(token.token)
        plain = await client.get_token(user, [CHAT, VOIP])
        short = await client.get_token(user, [VOIP], token_expires_in=timedelta(minutes=60))
        assert emu.is_token_valid(short.token)
        await client.revoke_tokens(user)
        assert not emu.is_token_valid(plain.token)
        await client.delete_user(user)
        with pytest.raises(ResourceNotFoundError):
            await client.revoke_tokens(user)
        await client.delete_user(other)
        teams = await client.get_token_for_teams_user(emu.mint_entra_token(oid=oid, appid=app), app, oid)
        assert emu.is_token_valid(teams.token)


def test_official_client_with_wrong_key(https_emu: Emulator) -> None:
    client = CommunicationIdentityClient(
        https_emu.endpoint, AzureKeyCredential("d3Jvbmcga2V5"), connection_verify=https_emu.ca_cert_path
    )
    with pytest.raises(ClientAuthenticationError):
        client.create_user()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_official_client_on_either_host_name(https_emu: Emulator, host: str) -> None:
    endpoint = f"https://{host}:{https_emu.port}"
    client = CommunicationIdentityClient.from_connection_string(
        f"endpoint={endpoint}/;accesskey={DEV_ACCESS_KEY}", connection_verify=https_emu.ca_cert_path
    )
    assert client.create_user().properties["id"]
