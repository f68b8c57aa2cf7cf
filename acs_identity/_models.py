"""Result types that are not identifiers or tokens."""

from __future__ import annotations

from dataclasses import dataclass

from ._enums import TeamsExtensionPrincipalType


@dataclass(frozen=True, slots=True)
class TeamsExtensionAssignment:
    """A Teams Phone Extension access assignment.

    `principal_type` is a `TeamsExtensionPrincipalType` when the value is known to this client, else the
    service's string. `client_ids` is empty when the assignment lists no client ids.
    """

    object_id: str
    tenant_id: str
    principal_type: TeamsExtensionPrincipalType | str
    client_ids: tuple[str, ...] = ()
