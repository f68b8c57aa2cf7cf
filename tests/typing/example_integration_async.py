"""The asynchronous counterpart of example_integration.py, typed as a user's code would be."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from azure.core.exceptions import ResourceNotFoundError

from acs_identity import TeamsExtensionPrincipalType
from acs_identity.aio import (
    AccessToken,
    CommunicationIdentityClient,
    CommunicationTokenScope,
    CommunicationUserIdentifier,
    TeamsExtensionAssignment,
)


async def issue_many(client: CommunicationIdentityClient, count: int) -> list[tuple[str, AccessToken]]:
    async def one() -> tuple[str, AccessToken]:
        user, token = await client.create_user_and_token(
            [CommunicationTokenScope.CHAT], token_expires_in=timedelta(minutes=90)
        )
        return user.raw_id, token

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def assign(client: CommunicationIdentityClient, tenant: str, oid: str) -> TeamsExtensionAssignment:
    return await client.create_or_update_teams_extension_assignment(
        tenant, oid, principal_type=TeamsExtensionPrincipalType.USER, client_ids=["app"]
    )


async def cleanup(client: CommunicationIdentityClient, user: CommunicationUserIdentifier) -> None:
    try:
        await client.delete_user(user)
    except ResourceNotFoundError:
        pass


def make_entra_client(endpoint: str) -> CommunicationIdentityClient:
    from azure.identity.aio import DefaultAzureCredential

    return CommunicationIdentityClient(endpoint, DefaultAzureCredential())


async def main(connection_string: str, http: httpx.AsyncClient | None = None) -> int:
    async with CommunicationIdentityClient.from_connection_string(
        connection_string, http_client=http
    ) as client:
        issued = await issue_many(client, 3)
        user = await client.create_user()
        token = await client.get_token(user, [CommunicationTokenScope.VOIP_JOIN])
        await client.revoke_tokens(user)
        await cleanup(client, user)
        await assign(client, "tenant", "object")
        await client.delete_teams_extension_assignment("tenant", "object")
        return len(issued) + (1 if token.expires_on else 0)
