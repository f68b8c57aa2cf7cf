"""Identifiers as typed user code handles them: passed where the protocol is expected, narrowed by kind.

Checked by `mypy --strict` and by `pyright` in strict mode (both in .ci/run): an identifier class that
satisfied one checker's reading of the `CommunicationIdentifier` protocol but not the other's fails here.
"""

from __future__ import annotations

from acs_identity import (
    CommunicationIdentifier,
    CommunicationIdentifierKind,
    CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier,
    MicrosoftTeamsUserIdentifier,
    PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier,
    UnknownIdentifier,
    identifier_from_raw_id,
)


def describe(identifier: CommunicationIdentifier) -> str:
    return f"{identifier.kind.value}: {identifier.raw_id}"


def every_kind() -> list[str]:
    identifiers: list[CommunicationIdentifier] = [
        CommunicationUserIdentifier("8:acs:resource_user"),
        PhoneNumberIdentifier("+14255550123"),
        MicrosoftTeamsUserIdentifier("teams-user-object-id"),
        MicrosoftTeamsAppIdentifier("teams-app-id"),
        TeamsExtensionUserIdentifier(user_id="user", tenant_id="tenant", resource_id="resource"),
        UnknownIdentifier("28:something"),
        identifier_from_raw_id("8:acs:resource_user"),
    ]
    return [describe(identifier) for identifier in identifiers]


def user_id_or_none(raw_id: str) -> str | None:
    identifier = identifier_from_raw_id(raw_id)
    if identifier.kind == CommunicationIdentifierKind.COMMUNICATION_USER:
        return identifier.properties["id"]  # narrowed to CommunicationUserIdentifier: a typed dict key
    return None
