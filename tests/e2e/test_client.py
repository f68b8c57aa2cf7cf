"""Every public method of our client, sync and async, over HTTP and HTTPS, against the emulator."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError

from acs_identity import (
    CommunicationIdentityClient,
    CommunicationTokenScope,
    CommunicationUserIdentifier,
    TeamsExtensionPrincipalType,
)
from acs_identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient
from acs_identity.emulator import Emulator

from .conftest import verify_of

CHAT, VOIP = CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP


def _sync_client(emu: Emulator, credential_kind: str) -> CommunicationIdentityClient:
    if credential_kind == "key":
        return CommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=verify_of(emu)
        )
    return CommunicationIdentityClient(emu.endpoint, emu.token_credential(), connection_verify=verify_of(emu))


def _async_client(emu: Emulator, credential_kind: str) -> AsyncCommunicationIdentityClient:
    if credential_kind == "key":
        return AsyncCommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=verify_of(emu)
        )
    return AsyncCommunicationIdentityClient(
        emu.endpoint, emu.async_token_credential(), connection_verify=verify_of(emu)
    )


def _assert_lifetime(expires_on: int, seconds: float) -> None:
    assert abs(expires_on - (time.time() + seconds)) < 120


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
def test_sync_identity_methods(emu: Emulator, credential_kind: str) -> None:
    with _sync_client(emu, credential_kind) as client:
        user = client.create_user()
        assert isinstance(user, CommunicationUserIdentifier)
        assert user.raw_id.startswith(f"8:acs:{emu.resource_id}_")
        other, token = client.create_user_and_token([CHAT], token_expires_in=timedelta(hours=1))
        _assert_lifetime(token.expires_on, 3600)
        assert emu.is_token_valid(token.token)
        token = client.get_token(user, [CHAT, VOIP])
        _assert_lifetime(token.expires_on, 24 * 3600)
        token_short = client.get_token(user, ["voip"], token_expires_in=timedelta(minutes=90))
        _assert_lifetime(token_short.expires_on, 90 * 60)
        client.revoke_tokens(user)
        assert not emu.is_token_valid(token.token) and not emu.is_token_valid(token_short.token)
        assert emu.is_token_valid(client.get_token(user.raw_id, [CHAT]).token)
        client.delete_user(user)
        with pytest.raises(ResourceNotFoundError) as info:
            client.get_token(user, [CHAT])
        assert info.value.status_code == 404
        client.delete_user(other.raw_id)


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
def test_sync_teams_methods(emu: Emulator, credential_kind: str) -> None:
    tenant, oid, app = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with _sync_client(emu, credential_kind) as client:
        teams = client.get_token_for_teams_user(emu.mint_entra_token(oid=oid, appid=app), app, oid)
        _assert_lifetime(teams.expires_on, 3600)
        assert emu.is_token_valid(teams.token)
        with pytest.raises(ResourceNotFoundError):
            client.get_teams_extension_assignment(tenant, oid)
        created = client.create_or_update_teams_extension_assignment(tenant, oid, "user", client_ids=[app])
        assert (created.tenant_id, created.object_id) == (tenant, oid)
        assert created.principal_type == TeamsExtensionPrincipalType.USER
        assert created.client_ids == (app,)
        assert client.get_teams_extension_assignment(tenant, oid) == created
        identity, token = client.exchange_teams_extension_token(
            emu.mint_entra_token(tid=tenant, oid=oid, appid=app)
        )
        assert identity.raw_id == f"8:acs:{emu.resource_id}_{tenant}_{oid}"
        assert emu.is_token_valid(token.token)
        client.revoke_tokens(identity.raw_id)
        assert not emu.is_token_valid(token.token)
        replaced = client.create_or_update_teams_extension_assignment(
            tenant, oid, TeamsExtensionPrincipalType.RESOURCE_ACCOUNT
        )
        assert replaced.client_ids == ()
        client.delete_teams_extension_assignment(tenant, oid)
        with pytest.raises(ResourceNotFoundError):
            client.delete_teams_extension_assignment(tenant, oid)
        with pytest.raises(HttpResponseError) as info:
            client.exchange_teams_extension_token(emu.mint_entra_token(tid=tenant, oid=oid, appid=app))
        assert info.value.status_code == 403


def test_sync_wrong_key_is_an_authentication_error(emu: Emulator) -> None:
    with CommunicationIdentityClient(
        emu.endpoint, "d3Jvbmcga2V5", connection_verify=verify_of(emu)
    ) as client:
        with pytest.raises(ClientAuthenticationError) as info:
            client.create_user()
    assert info.value.status_code == 401


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
async def test_async_identity_methods(emu: Emulator, credential_kind: str) -> None:
    async with _async_client(emu, credential_kind) as client:
        user = await client.create_user()
        assert user.raw_id.startswith(f"8:acs:{emu.resource_id}_")
        other, token = await client.create_user_and_token([CHAT], token_expires_in=timedelta(hours=2))
        _assert_lifetime(token.expires_on, 7200)
        token = await client.get_token(user, [CHAT, VOIP])
        token_short = await client.get_token(user, [VOIP], token_expires_in=timedelta(hours=1))
        _assert_lifetime(token_short.expires_on, 3600)
        assert emu.is_token_valid(token.token)
        await client.revoke_tokens(user)
        assert not emu.is_token_valid(token.token)
        await client.delete_user(user)
        with pytest.raises(ResourceNotFoundError):
            await client.revoke_tokens(user)
        await client.delete_user(other)


@pytest.mark.parametrize("credential_kind", ["key", "token_credential"])
async def test_async_teams_methods(emu: Emulator, credential_kind: str) -> None:
    tenant, oid, app = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    async with _async_client(emu, credential_kind) as client:
        teams = await client.get_token_for_teams_user(emu.mint_entra_token(oid=oid, appid=app), app, oid)
        assert emu.is_token_valid(teams.token)
        with pytest.raises(ResourceNotFoundError):
            await client.get_teams_extension_assignment(tenant, oid)
        created = await client.create_or_update_teams_extension_assignment(tenant, oid, "resourceAccount")
        assert created.principal_type == TeamsExtensionPrincipalType.RESOURCE_ACCOUNT
        assert await client.get_teams_extension_assignment(tenant, oid) == created
        identity, token = await client.exchange_teams_extension_token(
            emu.mint_entra_token(tid=tenant, oid=oid)
        )
        assert identity.raw_id == f"8:acs:{emu.resource_id}_{tenant}_{oid}"
        assert emu.is_token_valid(token.token)
        await client.delete_user(identity.raw_id)
        assert not emu.is_token_valid(token.token)
        await client.delete_teams_extension_assignment(tenant, oid)
        with pytest.raises(ResourceNotFoundError):
            await client.get_teams_extension_assignment(tenant, oid)
