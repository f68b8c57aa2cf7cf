"""Result types that are not identifiers or tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._enums import EntraPrincipalType, TeamsExtensionPrincipalType
from ._shared.models import CommunicationUserIdentifier

__all__ = [
    "CommunicationUserDetail",
    "EntraAssignment",
    "TeamsExtensionAssignment",
]


@dataclass(frozen=True, slots=True)
class TeamsExtensionAssignment:
    """A Teams Phone Extension access assignment.

    Attributes:
        object_id: The Entra ID object id of the user or resource account.
        tenant_id: Its Entra ID tenant id.
        principal_type: A `TeamsExtensionPrincipalType` when the value is known to this client, else the
            service's string.
        client_ids: The Entra ID application ids allowed to exchange tokens for it; empty when none are listed.
    """

    object_id: str
    tenant_id: str
    principal_type: TeamsExtensionPrincipalType | str
    client_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommunicationUserDetail:
    """What the service knows about a user (`get_user_detail`; .NET's and JavaScript's `CommunicationUserDetail`).

    Attributes:
        user: The user.
        custom_id: The custom id the user was created with (`create_user(custom_id=...)`), or None.
        last_token_issued_at: When the service last issued the user a token (aware, UTC), or None if never.
    """

    user: CommunicationUserIdentifier
    custom_id: str | None = None
    last_token_issued_at: datetime | None = None

    @property
    def id(self) -> str:
        """The user's id (`8:acs:...`)."""
        return self.user.id


@dataclass(frozen=True, slots=True)
class EntraAssignment:
    """An Entra ID access assignment: which Entra principal may exchange its tokens, from which client apps.

    Attributes:
        object_id: The Entra ID object id of the user, group or tenant.
        tenant_id: Its Entra ID tenant id.
        principal_type: An `EntraPrincipalType` when the value is known to this client, else the service's
            string.
        client_ids: The Entra ID application ids allowed to exchange tokens for it.
    """

    object_id: str
    tenant_id: str
    principal_type: EntraPrincipalType | str
    client_ids: tuple[str, ...] = ()
