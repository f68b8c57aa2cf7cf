"""A typed integration written the way a user's application would use the synchronous client.

Type-checked with `mypy --strict` (tests/typing/test_mypy.py); run against respx in the same test module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from acs_identity import (
    AccessToken,
    ApiVersion,
    CommunicationIdentifier,
    CommunicationIdentityClient,
    CommunicationTokenScope,
    CommunicationUserIdentifier,
    TeamsExtensionAssignment,
    identifier_from_raw_id,
)


@dataclass(frozen=True)
class Session:
    user_id: str
    token: str
    expires_on: int


def onboard(client: CommunicationIdentityClient, hours: int = 1) -> Session:
    user, token = client.create_user_and_token(
        [CommunicationTokenScope.CHAT, CommunicationTokenScope.VOIP], token_expires_in=timedelta(hours=hours)
    )
    return Session(user.properties["id"], token.token, token.expires_on)


def refresh(client: CommunicationIdentityClient, user_id: str) -> AccessToken:
    user = identifier_from_raw_id(user_id)
    if not isinstance(user, CommunicationUserIdentifier):
        raise ValueError(f"not a Communication Services user: {user_id}")
    return client.get_token(user, ["chat"])


def offboard(client: CommunicationIdentityClient, user: CommunicationUserIdentifier | str) -> bool:
    try:
        client.revoke_tokens(user)
        client.delete_user(user)
    except ResourceNotFoundError:
        return False
    except HttpResponseError as exc:
        raise RuntimeError(f"offboarding failed with {exc.status_code}") from exc
    return True


def teams_phone(client: CommunicationIdentityClient, entra_token: str) -> tuple[CommunicationIdentifier, int]:
    identity, token = client.exchange_teams_extension_token(entra_token)
    assignment: TeamsExtensionAssignment = client.get_teams_extension_assignment("tenant", "object")
    assert assignment.principal_type in ("user", "resourceAccount") or isinstance(
        assignment.principal_type, str
    )
    return identity, token.expires_on


def make_client(endpoint: str, key: str) -> CommunicationIdentityClient:
    return CommunicationIdentityClient(endpoint, AzureKeyCredential(key), api_version=ApiVersion.V2025_06_30)


def make_entra_client(endpoint: str) -> CommunicationIdentityClient:
    from azure.identity import DefaultAzureCredential

    return CommunicationIdentityClient(endpoint, DefaultAzureCredential(), read_timeout=10.0)


def main(connection_string: str) -> list[Session]:
    with CommunicationIdentityClient.from_connection_string(connection_string, retry_total=5) as client:
        sessions = [onboard(client) for _ in range(2)]
        refresh(client, sessions[0].user_id)
        offboard(client, sessions[1].user_id)
        teams: AccessToken = client.get_token_for_teams_user("aad", "client", "oid")
        assert teams.expires_on > 0
        return sessions
