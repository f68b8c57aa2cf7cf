"""Result types that are not identifiers or tokens."""

from __future__ import annotations

from dataclasses import dataclass

from ._enums import TeamsExtensionPrincipalType


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
