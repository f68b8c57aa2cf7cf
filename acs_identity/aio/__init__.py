"""The asynchronous client: the same names as acs_identity, with `async` methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from azure.core.credentials import AccessToken

from .._enums import ApiVersion, CommunicationTokenScope, TeamsExtensionPrincipalType
from .._identifiers import (
    CommunicationCloudEnvironment,
    CommunicationIdentifier,
    CommunicationIdentifierKind,
    CommunicationUserIdentifier,
    CommunicationUserProperties,
    MicrosoftTeamsAppIdentifier,
    MicrosoftTeamsAppProperties,
    MicrosoftTeamsUserIdentifier,
    MicrosoftTeamsUserProperties,
    PhoneNumberIdentifier,
    PhoneNumberProperties,
    TeamsExtensionUserIdentifier,
    TeamsExtensionUserProperties,
    UnknownIdentifier,
    UnknownIdentifierProperties,
    identifier_from_raw_id,
)
from .._models import TeamsExtensionAssignment
from ._client import CommunicationIdentityClient

if TYPE_CHECKING:
    from ._token_credential import CommunicationTokenCredential

__all__ = [
    "AccessToken",
    "ApiVersion",
    "CommunicationCloudEnvironment",
    "CommunicationIdentifier",
    "CommunicationIdentifierKind",
    "CommunicationIdentityClient",
    "CommunicationTokenCredential",
    "CommunicationTokenScope",
    "CommunicationUserIdentifier",
    "CommunicationUserProperties",
    "MicrosoftTeamsAppIdentifier",
    "MicrosoftTeamsAppProperties",
    "MicrosoftTeamsUserIdentifier",
    "MicrosoftTeamsUserProperties",
    "PhoneNumberIdentifier",
    "PhoneNumberProperties",
    "TeamsExtensionAssignment",
    "TeamsExtensionPrincipalType",
    "TeamsExtensionUserIdentifier",
    "TeamsExtensionUserProperties",
    "UnknownIdentifier",
    "UnknownIdentifierProperties",
    "identifier_from_raw_id",
]


def __getattr__(name: str) -> Any:
    if name == "CommunicationTokenCredential":
        from ._token_credential import CommunicationTokenCredential

        return CommunicationTokenCredential
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
